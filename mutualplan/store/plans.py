"""Plans and their entities: listing, finding, creating and loading plans, and every
edit (`commit`) written with its change-log rows in one transaction."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable
from typing import Any

from ..domain.changes import CREATE, DELETE, SET, Change, RecordedChange
from ..domain.model import (
    ACTIVE_PLAN_STATUSES,
    CHILD_KINDS,
    ENTITY_TYPES,
    Author,
    Plan,
    PlanSummary,
    values_of,
)
from ..domain.names import same_organisation
from ..domain.state import PlanRuleError, PlanState, StaleChangeError
from .base import needs_transaction, utc_now
from .changelog import ChangeLogStore
from .errors import ActivePlanExistsError, CorruptDatabaseError, PlanNotFoundError
from .rows import TABLES, entity_from_row, entity_reader, summary_from_row, to_column


class PlansStore(ChangeLogStore):
    def plans(self) -> list[PlanSummary]:
        return self._read_all(
            summary_from_row,
            """SELECT p.*, (SELECT count(*) FROM milestones m WHERE m.plan_id = p.id) AS n
               FROM plans p ORDER BY p.updated_at DESC""",
        )

    def find_plan(self, ref: str) -> str:
        """A plan id from an id or an unambiguous prefix of its title."""
        plans = self.plans()
        for plan in plans:
            if plan.id == ref:
                return plan.id
        wanted = ref.casefold().strip()
        matches = [p for p in plans if p.title.casefold().startswith(wanted)] if wanted else []
        if not matches:
            matches = [p for p in plans if p.id.startswith(ref)] if len(ref) >= 4 else []
        if len(matches) == 1:
            return matches[0].id
        if not matches:
            raise PlanNotFoundError(f"No plan matches {ref!r}; `mutualplan plans` lists them.")
        names = ", ".join(f"“{p.title}”" for p in matches[:5])
        raise PlanNotFoundError(f"{ref!r} matches several plans ({names}); say more of the title.")

    def active_plan_for(
        self, buyer_org: str, *, other_than: str | None = None
    ) -> PlanSummary | None:
        for plan in self.plans():
            if (
                plan.id != other_than
                and plan.status in ACTIVE_PLAN_STATUSES
                and same_organisation(plan.buyer_org, buyer_org)
            ):
                return plan
        return None

    def _refuse_second_active_plan(self, buyer_org: str, plan_id: str | None) -> None:
        existing = self.active_plan_for(buyer_org, other_than=plan_id)
        if existing:
            raise ActivePlanExistsError(
                f"{existing.buyer_org} already has an active plan, “{existing.title}”. "
                "A buyer follows one course of action at a time: mark that plan achieved "
                "or abandoned first.",
                existing.id,
                existing.title,
            )

    def create_plan(
        self,
        values: dict[str, Any],
        author: Author,
        build: Callable[[PlanState], list[Change]] | None = None,
        *,
        plan_id: str | None = None,
    ) -> PlanState:
        """Create a plan (and, through `build`, its first content) in one transaction."""
        plan_id = plan_id or str(uuid.uuid4())
        defaults = {name: getattr(Plan(id=""), name) for name in Plan.FIELDS}
        full = {**defaults, **values}
        for required in ("title", "buyer_org", "seller_org"):
            if not str(full.get(required) or "").strip():
                raise PlanRuleError(f"A plan needs {Plan.FIELDS[required].label.lower()}.")
        state = PlanState(Plan(id=plan_id, **full))
        # The same rules as an edit of each field (a datetime from a spreadsheet, say,
        # would be saved with its time and the plan could not be loaded again).
        for name, value in full.items():
            state.check(Change(SET, "plan", plan_id, name, value, value))
        create = Change(CREATE, "plan", plan_id, new=full)
        now = utc_now()
        with self.transaction():
            # Inside the write transaction, so two windows cannot both pass the check.
            if full["status"] in ACTIVE_PLAN_STATUSES:
                self._refuse_second_active_plan(full["buyer_org"], None)
            columns = {name: to_column(Plan.FIELDS[name], full[name]) for name in Plan.FIELDS}
            self.conn.execute(
                f"INSERT INTO plans (id, {', '.join(columns)}, created_at, updated_at) "
                f"VALUES (?, {', '.join('?' * len(columns))}, ?, ?)",
                (plan_id, *columns.values(), now, now),
            )
            self._log(state, [create], author, now)
            if build is not None:
                changes = build(state)
                state.apply_all(changes)
                self._write(state, changes, author, now)
        return state

    def load(self, plan_id: str) -> PlanState:
        with self._guard():
            row = self.conn.execute("SELECT * FROM plans WHERE id = ?", (plan_id,)).fetchone()
            if row is None:
                raise PlanNotFoundError(f"There is no plan {plan_id} in {self.path.name}.")
            try:
                shared: dict[str, str] = {}  # one copy of each id, side and status
                state = PlanState(entity_from_row("plan", row, shared))
                for kind in CHILD_KINDS:
                    rows = self.conn.execute(
                        f"SELECT * FROM {TABLES[kind]} WHERE plan_id = ?", (plan_id,)
                    )
                    read = entity_reader(kind, [column[0] for column in rows.description])
                    state.add_all(kind, (read(row, shared) for row in rows))
            except (ValueError, TypeError) as exc:  # a value no MutualPlan writes
                raise CorruptDatabaseError(
                    f"The plan “{row['title']}” in {self.path.name} holds a value MutualPlan "
                    f"cannot read ({exc}); the file was left untouched."
                ) from exc
        return state

    def revision_of(self, plan_id: str) -> int:
        with self._guard():
            row = self.conn.execute(
                "SELECT revision FROM plans WHERE id = ?", (plan_id,)
            ).fetchone()
        if row is None:
            raise PlanNotFoundError(f"There is no plan {plan_id} in {self.path.name}.")
        return row[0]

    def has_plan(self, plan_id: str) -> bool:
        with self._guard():
            row = self.conn.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone()
        return row is not None

    # -- edits -----------------------------------------------------------------------

    def commit(
        self, state: PlanState, changes: list[Change], author: Author
    ) -> list[RecordedChange]:
        """Apply `changes` to the plan and the database as one transaction.

        The plan's rules are checked first (PlanRuleError, nothing saved); the database
        is checked to still hold what this window believes (StaleChangeError if another
        window changed it meanwhile). On any failure memory and file stay as they were.
        """
        if not changes:
            return []
        reactivates = any(
            c.entity == "plan" and c.field in ("status", "buyer_org") for c in changes
        )
        applied = state.apply_all(changes)
        try:
            with self.transaction():
                # Judged on the plan after the whole edit (it may rename the buyer and
                # reactivate at once), inside the transaction so two windows cannot race.
                if reactivates and state.plan.status in ACTIVE_PLAN_STATUSES:
                    self._refuse_second_active_plan(state.plan.buyer_org, state.plan.id)
                return self._write(state, changes, author, utc_now())
        except BaseException:
            state.revert(applied)
            raise

    def reassert(self, state: PlanState, change: Change, author: Author) -> RecordedChange:
        """Record that `author` keeps an entity the plan holds, in the change log only.

        `change` creates the entity with the values it has now; the rows already hold
        them, so nothing else is written. Having seen everything this copy holds (the
        removal it answers included), the create wins over that removal in every copy
        it reaches. Like any create, it settles the entity's pending conflicts.
        """
        entity = state.get(change.entity, change.entity_id)
        if change.op != CREATE or entity is None or change.new != values_of(entity):
            raise ValueError("only an entity the plan holds, as it holds it, can be kept")
        now = utc_now()
        with self.transaction():
            self.conn.execute(
                "DELETE FROM conflicts WHERE plan_id = ? AND entity = ? AND entity_id = ?",
                (state.id, change.entity, change.entity_id),
            )
            self.conn.execute("UPDATE plans SET updated_at = ? WHERE id = ?", (now, state.id))
            [recorded] = self._log(state, [change], author, now)
        return recorded

    @needs_transaction
    def _write(
        self, state: PlanState, changes: list[Change], author: Author, now: str
    ) -> list[RecordedChange]:
        for change in changes:
            self._write_entity(state.id, change)
            # An edit made after seeing both values settles a conflict on that register.
            self.conn.execute(
                "DELETE FROM conflicts WHERE plan_id = ? AND entity = ? AND entity_id = ? "
                "AND (field = ? OR ? IN ('create', 'delete'))",
                (state.id, change.entity, change.entity_id, change.field or "", change.op),
            )
        # The first edit after a revision was frozen (exported) opens the next one.
        self.conn.execute(
            """UPDATE plans SET updated_at = ?, revision = revision + CASE WHEN EXISTS (
                   SELECT 1 FROM revisions r WHERE r.plan_id = plans.id
                   AND r.number = plans.revision) THEN 1 ELSE 0 END
               WHERE id = ?""",
            (now, state.id),
        )
        return self._log(state, changes, author, now)

    def _write_entity(self, plan_id: str, change: Change) -> None:
        try:
            self._write_row(plan_id, change)
        except sqlite3.IntegrityError as exc:
            # This window's plan passed the rules, so a dangling reference means another
            # window removed (or started using) the item meanwhile.
            if "FOREIGN KEY" not in str(exc):
                raise
            raise StaleChangeError(
                "Another window changed this part of the plan meanwhile; the plan was reloaded."
            ) from exc

    @needs_transaction
    def _write_row(self, plan_id: str, change: Change) -> None:
        table = TABLES[change.entity]
        fields = ENTITY_TYPES[change.entity].FIELDS
        if change.op == CREATE:
            defaults = values_of(ENTITY_TYPES[change.entity](id="", plan_id=""))
            columns = {
                name: to_column(fields[name], change.new.get(name, defaults[name]))
                for name in fields
            }
            self.conn.execute(
                f"INSERT INTO {table} (id, plan_id, {', '.join(columns)}) "
                f"VALUES (?, ?, {', '.join('?' * len(columns))})",
                (change.entity_id, plan_id, *columns.values()),
            )
            return
        if change.op == DELETE:
            cursor = self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (change.entity_id,))
            if cursor.rowcount == 0:
                raise StaleChangeError(
                    f"This {change.entity} was removed in another window meanwhile; "
                    "the plan was reloaded."
                )
            return
        spec = fields[change.field or ""]
        column = spec.name
        row = self.conn.execute(
            f"SELECT {column} FROM {table} WHERE id = ?", (change.entity_id,)
        ).fetchone()
        if row is None or row[0] != to_column(spec, change.old):
            raise StaleChangeError(
                f"{spec.label} was changed in another window meanwhile; the plan was reloaded."
            )
        self.conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE id = ?",
            (to_column(spec, change.new), change.entity_id),
        )
