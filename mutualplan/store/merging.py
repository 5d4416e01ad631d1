"""What an import writes besides the change log: the merged plan's rows, and the
conflicts left for people to settle (a field edited apart in two copies, or two active
plans for one buyer)."""

from __future__ import annotations

import json

from ..domain.model import ACTIVE_PLAN_STATUSES, CHILD_KINDS, ENTITY_TYPES, Plan
from ..domain.names import same_organisation
from ..domain.state import PlanState
from .base import needs_transaction, utc_now
from .plans import PlansStore
from .rows import TABLES, to_column

# The pending question "which of these plans is the buyer's one active plan": two
# copies each took up or started a plan for the same buyer since they met.
ACTIVE_CONFLICT = "__active__"


class MergeStore(PlansStore):
    @needs_transaction
    def replace_plan(self, state: PlanState) -> None:
        """Write `state` as the plan's rows (a merged plan)."""
        now = utc_now()
        plan_columns = {
            name: to_column(Plan.FIELDS[name], getattr(state.plan, name)) for name in Plan.FIELDS
        }
        exists = self.conn.execute("SELECT 1 FROM plans WHERE id = ?", (state.id,)).fetchone()
        if exists:
            assignments = ", ".join(f"{name} = ?" for name in plan_columns)
            self.conn.execute(
                f"UPDATE plans SET {assignments}, updated_at = ? WHERE id = ?",
                (*plan_columns.values(), now, state.id),
            )
        else:
            self.conn.execute(
                f"INSERT INTO plans (id, {', '.join(plan_columns)}, created_at, updated_at) "
                f"VALUES (?, {', '.join('?' * len(plan_columns))}, ?, ?)",
                (state.id, *plan_columns.values(), now, now),
            )
        for kind in reversed(CHILD_KINDS):
            self.conn.execute(f"DELETE FROM {TABLES[kind]} WHERE plan_id = ?", (state.id,))
        for kind in CHILD_KINDS:
            fields = ENTITY_TYPES[kind].FIELDS
            rows = [
                (
                    entity.id,
                    state.id,
                    *(to_column(spec, getattr(entity, name)) for name, spec in fields.items()),
                )
                for entity in state.ordered(kind)
            ]
            if rows:
                self.conn.executemany(
                    f"INSERT INTO {TABLES[kind]} (id, plan_id, {', '.join(fields)}) "
                    f"VALUES (?, ?, {', '.join('?' * len(fields))})",
                    rows,
                )

    @needs_transaction
    def set_conflicts(self, plan_id: str, conflicts: list[tuple[str, str, str, list[str]]]) -> None:
        """Replace the plan's pending conflicts: (entity, id, field, candidate keys).
        A pending question of which plan is active (not a register) stays."""
        self.conn.execute(
            "DELETE FROM conflicts WHERE plan_id = ? AND field != ?", (plan_id, ACTIVE_CONFLICT)
        )
        self.conn.executemany(
            "INSERT INTO conflicts (plan_id, entity, entity_id, field, candidates) "
            "VALUES (?, ?, ?, ?, ?)",
            [(plan_id, e, i, f, json.dumps(keys)) for e, i, f, keys in conflicts],
        )

    def conflicts_of(self, plan_id: str) -> list[tuple[str, str, str, list[str]]]:
        """The plan's pending conflicts. A question of which plan is the buyer's active
        one (ACTIVE_CONFLICT) is pending while the plan and a rival are both active."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT entity, entity_id, field, candidates FROM conflicts WHERE plan_id = ? "
                "ORDER BY entity, entity_id, field",
                (plan_id,),
            ).fetchall()
            found = [(r[0], r[1], r[2], json.loads(r[3])) for r in rows]
            if not any(f == ACTIVE_CONFLICT for _e, _i, f, _k in found):
                return found
            rivals = self.active_rivals(plan_id)
            return [
                (e, i, f, [k for k in keys if k in rivals] if f == ACTIVE_CONFLICT else keys)
                for e, i, f, keys in found
                if f != ACTIVE_CONFLICT or any(k in rivals for k in keys)
            ]

    def active_rivals(self, plan_id: str) -> list[str]:
        """The other active plans of this plan's buyer while this one is active too."""
        plans = {p.id: p for p in self.plans()}
        plan = plans.get(plan_id)
        if plan is None or plan.status not in ACTIVE_PLAN_STATUSES:
            return []
        return [
            p.id
            for p in plans.values()
            if p.id != plan_id
            and p.status in ACTIVE_PLAN_STATUSES
            and same_organisation(p.buyer_org, plan.buyer_org)
        ]

    def clear_active_conflict(self, plan_id: str) -> None:
        """The question of which plan is active, settled: gone from every plan it was on."""
        with self.transaction():
            self.conn.execute(
                "DELETE FROM conflicts WHERE field = ? AND (plan_id = ? OR candidates LIKE ?)",
                (ACTIVE_CONFLICT, plan_id, f'%"{plan_id}"%'),
            )

    def set_active_conflict(self, plan_id: str, rivals: list[str]) -> None:
        """Record that `plan_id` and `rivals` are active at once: a question for people,
        pending on each of them, instead of a refusal."""
        with self.transaction():
            for one, others in [(plan_id, rivals), *[(r, [plan_id]) for r in rivals]]:
                row = self.conn.execute(
                    "SELECT candidates FROM conflicts WHERE plan_id = ? AND field = ?",
                    (one, ACTIVE_CONFLICT),
                ).fetchone()
                known = json.loads(row[0]) if row else []
                merged = sorted({*known, *others})
                self.conn.execute(
                    "INSERT OR REPLACE INTO conflicts (plan_id, entity, entity_id, field, "
                    "candidates) VALUES (?, 'plan', ?, ?, ?)",
                    (one, one, ACTIVE_CONFLICT, json.dumps(merged)),
                )
