"""The repository: plans in and out of SQLite, every edit with its change-log rows in
one transaction."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..domain.canonical import canonical_bytes, digest, snapshot
from ..domain.changes import (
    CREATE,
    DELETE,
    SET,
    Change,
    RecordedChange,
    decode_change,
    encode_change,
    encode_value,
)
from ..domain.model import (
    ACTIVE_PLAN_STATUSES,
    CHILD_KINDS,
    ENTITY_TYPES,
    LATER_FIELDS,
    Author,
    FieldSpec,
    Plan,
    PlanStatus,
    PlanSummary,
    Revision,
    values_of,
)
from ..domain.names import person_key, same_person_name
from ..domain.state import PlanRuleError, PlanState, StaleChangeError
from .database import open_database
from .errors import (
    ActivePlanExistsError,
    CorruptDatabaseError,
    PlanNotFoundError,
    StoreError,
    environment_error,
)
from .responses import ResponsesStore

# The pending question "which of these plans is the buyer's one active plan": two
# copies each took up or started a plan for the same buyer since they met.
ACTIVE_CONFLICT = "__active__"
TABLES = {
    "plan": "plans",
    "person": "people",
    "milestone": "milestones",
    "action": "actions",
    "evidence": "evidence",
}


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _to_column(spec: FieldSpec, value: Any) -> Any:
    encoded = encode_value(spec, value)
    if spec.kind == "milestones":
        return json.dumps(encoded)
    if spec.kind == "bool":
        return int(encoded)
    return encoded


def _from_column(spec: FieldSpec, raw: Any) -> Any:
    if spec.kind == "date":
        return dt.date.fromisoformat(raw) if raw else None
    if spec.kind == "milestones":
        return tuple(json.loads(raw)) if raw else ()
    if spec.kind == "bool":
        return bool(raw)
    return raw


def _entity_from_row(kind: str, row: sqlite3.Row) -> Any:
    cls = ENTITY_TYPES[kind]
    present = row.keys()
    # A file not yet migrated lacks the columns of later fields: their defaults hold.
    values = {
        name: _from_column(spec, row[name])
        for name, spec in cls.FIELDS.items()
        if name in present or (kind, name) not in LATER_FIELDS
    }
    if kind == "plan":
        return cls(id=row["id"], **values)
    return cls(id=row["id"], plan_id=row["plan_id"], **values)


def _same_buyer(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class Store(ResponsesStore):
    """One open database file."""

    def __init__(self, path: Path | str, *, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self.conn = open_database(
            self.path, busy_timeout_ms=busy_timeout_ms, check_before_upgrade=self._check_readable
        )
        self.conn.row_factory = sqlite3.Row
        try:
            with self._reading():
                self.replica = self._replica_id()
        except BaseException:
            self.conn.close()
            raise

    def _check_readable(self, conn: sqlite3.Connection) -> None:
        """Every plan, entity and change of an older file decodes (run before upgrading)."""
        try:
            for row in conn.execute("SELECT * FROM plans"):
                _entity_from_row("plan", row)
            for kind in CHILD_KINDS:
                for row in conn.execute(f"SELECT * FROM {TABLES[kind]}"):
                    _entity_from_row(kind, row)
            for row in conn.execute("SELECT * FROM changes"):
                record_from_row(row)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise CorruptDatabaseError(
                f"{self.path.name} holds data MutualPlan cannot read ({exc}); it is damaged "
                "and was left untouched."
            ) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Turn environment failures (locked, full, read-only, corrupt) into StoreError."""
        try:
            yield
        except sqlite3.Error as exc:
            friendly = environment_error(exc, self.path)
            if friendly is None:
                raise
            raise friendly from exc

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Reading rows back: a value MutualPlan never writes means the file is damaged."""
        with self._guard():
            try:
                yield
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                raise CorruptDatabaseError(
                    f"{self.path.name} holds data MutualPlan cannot read ({exc}); it is "
                    "damaged. The file was left untouched."
                ) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction. IMMEDIATE takes the write lock up front, so two windows
        on the same file queue behind each other instead of failing half-way."""
        with self._guard():
            if self.conn.in_transaction:
                yield from self._savepoint()
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def _savepoint(self) -> Iterator[None]:
        """A transaction inside a transaction: undone alone if its block fails."""
        self.conn.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
            raise
        self.conn.execute("RELEASE nested")

    # -- settings --------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        with self._reading():
            row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )

    def _replica_id(self) -> str:
        """This copy's name in every change it makes.

        A file copied to another laptop must not go on naming its changes like the
        original (the two would collide when they meet), so the name is tied to the file
        itself: a file found at another place, or replaced, takes a new name. Renaming
        costs nothing but one more entry in the clocks.
        """
        info = self.path.resolve().stat()
        home = [str(self.path.resolve()), info.st_dev, info.st_ino]
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'replica'").fetchone()
        known = self.conn.execute(
            "SELECT value FROM settings WHERE key = 'replica_home'"
        ).fetchone()
        if row and known and json.loads(known[0]) == home:
            return json.loads(row[0])
        replica = json.loads(row[0]) if row and not known else uuid.uuid4().hex[:12]
        with self.transaction():
            for key, value in (("replica", replica), ("replica_home", home)):
                self.conn.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value)),
                )
        return replica

    def local_user(self) -> Author | None:
        """Who uses this copy (asked on first run); the default author of edits."""
        data = self.setting("local_user")
        if not data:
            return None
        return Author(
            name=data["name"],
            side=data["side"],
            organisation=data.get("organisation", ""),
            email=data.get("email", ""),
        )

    def set_local_user(self, author: Author) -> None:
        self.set_setting(
            "local_user",
            {
                "name": author.name,
                "side": author.side,
                "organisation": author.organisation,
                "email": author.email,
            },
        )

    def recent_plans(self) -> list[str]:
        return list(self.setting("recent_plans", []))

    def note_opened(self, plan_id: str) -> None:
        recent = [p for p in self.recent_plans() if p != plan_id]
        self.set_setting("recent_plans", [plan_id, *recent][:8])

    # -- plans -----------------------------------------------------------------------

    def plans(self) -> list[PlanSummary]:
        with self._reading():
            rows = self.conn.execute(
                """SELECT p.*, (SELECT count(*) FROM milestones m WHERE m.plan_id = p.id) AS n
                   FROM plans p ORDER BY p.updated_at DESC"""
            ).fetchall()
            return [
                PlanSummary(
                    id=r["id"],
                    title=r["title"],
                    buyer_org=r["buyer_org"],
                    seller_org=r["seller_org"],
                    status=r["status"],
                    target_date=dt.date.fromisoformat(r["target_date"])
                    if r["target_date"]
                    else None,
                    milestones=r["n"],
                    updated_at=r["updated_at"],
                )
                for r in rows
            ]

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
                and _same_buyer(plan.buyer_org, buyer_org)
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
            columns = {name: _to_column(Plan.FIELDS[name], full[name]) for name in Plan.FIELDS}
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
                state = PlanState(_entity_from_row("plan", row))
                for kind in CHILD_KINDS:
                    for child in self.conn.execute(
                        f"SELECT * FROM {TABLES[kind]} WHERE plan_id = ?", (plan_id,)
                    ):
                        state.add(_entity_from_row(kind, child))
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

    def _write_row(self, plan_id: str, change: Change) -> None:
        table = TABLES[change.entity]
        fields = ENTITY_TYPES[change.entity].FIELDS
        if change.op == CREATE:
            defaults = values_of(ENTITY_TYPES[change.entity](id="", plan_id=""))
            columns = {
                name: _to_column(fields[name], change.new.get(name, defaults[name]))
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
        if row is None or row[0] != _to_column(spec, change.old):
            raise StaleChangeError(
                f"{spec.label} was changed in another window meanwhile; the plan was reloaded."
            )
        self.conn.execute(
            f"UPDATE {table} SET {column} = ? WHERE id = ?",
            (_to_column(spec, change.new), change.entity_id),
        )

    def _clock(self, plan_id: str) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT replica, seq FROM plan_clock WHERE plan_id = ?", (plan_id,)
        )
        return {replica: seq for replica, seq in rows}

    def _prior(self, plan_id: str, change: Change) -> str | None:
        if change.op == CREATE:
            return None
        if change.op == DELETE:
            row = self.conn.execute(
                "SELECT replica, seq FROM changes WHERE plan_id = ? AND entity = ? "
                "AND entity_id = ? ORDER BY id DESC LIMIT 1",
                (plan_id, change.entity, change.entity_id),
            ).fetchone()
        else:
            row = self.conn.execute(
                "SELECT replica, seq FROM changes WHERE plan_id = ? AND entity = ? "
                "AND entity_id = ? AND field = ? ORDER BY id DESC LIMIT 1",
                (plan_id, change.entity, change.entity_id, change.field),
            ).fetchone()
        return f"{row[0]}:{row[1]}" if row else None

    def _log(
        self, state: PlanState, changes: list[Change], author: Author, now: str
    ) -> list[RecordedChange]:
        clock = self._clock(state.id)
        batch = uuid.uuid4().hex[:12]
        # The log keeps who and which side, not the organisation: return what
        # history() will read back.
        author = Author(name=author.name, side=author.side, person_id=author.person_id)
        seq = self.conn.execute(
            "SELECT coalesce(max(seq), 0) FROM changes WHERE replica = ?", (self.replica,)
        ).fetchone()[0]
        entered_by = self._entered_by(author)
        recorded = []
        for change in changes:
            seq += 1
            clock[self.replica] = seq
            prior = self._prior(state.id, change)
            record = RecordedChange(
                change, self.replica, seq, batch, author, now, dict(clock), prior, entered_by
            )
            self._insert_record(state.id, record)
            recorded.append(record)
        self.conn.execute(
            "INSERT INTO plan_clock (plan_id, replica, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (plan_id, replica) DO UPDATE SET seq = max(seq, excluded.seq)",
            (state.id, self.replica, seq),
        )
        return recorded

    # -- revisions -------------------------------------------------------------------

    def freeze_revision(self, state: PlanState, author: Author) -> tuple[Revision, dict[str, Any]]:
        """The revision holding the plan as it is now, recorded if new; and its snapshot.

        Exporting twice without an edit between gives the same revision.
        """
        document = snapshot(state)
        sha = digest(document)
        with self.transaction():
            row = self.conn.execute(
                "SELECT * FROM revisions WHERE plan_id = ? AND sha256 = ?", (state.id, sha)
            ).fetchone()
            if row is None:
                number = self.conn.execute(
                    "SELECT max(p.revision, coalesce(max(r.number) + 1, 1)) FROM plans p "
                    "LEFT JOIN revisions r ON r.plan_id = p.id WHERE p.id = ?",
                    (state.id,),
                ).fetchone()[0]
                position = self.conn.execute(
                    "SELECT coalesce(max(id), 0) FROM changes WHERE plan_id = ?", (state.id,)
                ).fetchone()[0]
                self.conn.execute(
                    "INSERT INTO revisions (plan_id, sha256, number, snapshot, log_position, "
                    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        state.id,
                        sha,
                        number,
                        canonical_bytes(document).decode("utf-8"),
                        position,
                        utc_now(),
                        author.name,
                    ),
                )
                self.conn.execute("UPDATE plans SET revision = ? WHERE id = ?", (number, state.id))
                row = self.conn.execute(
                    "SELECT * FROM revisions WHERE plan_id = ? AND sha256 = ?", (state.id, sha)
                ).fetchone()
        return _revision_from_row(row), document

    def revisions(self, plan_id: str) -> list[Revision]:
        with self._reading():
            rows = self.conn.execute(
                "SELECT * FROM revisions WHERE plan_id = ? ORDER BY number, created_at",
                (plan_id,),
            ).fetchall()
            return [_revision_from_row(row) for row in rows]

    def revision_snapshot(self, plan_id: str, sha256: str) -> dict[str, Any]:
        with self._reading():
            row = self.conn.execute(
                "SELECT snapshot FROM revisions WHERE plan_id = ? AND sha256 = ?",
                (plan_id, sha256),
            ).fetchone()
            if row is None:
                raise PlanNotFoundError(f"This database holds no revision {sha256[:16]}.")
            return json.loads(row[0])

    def history_since(self, plan_id: str, log_position: int) -> list[RecordedChange]:
        """Changes made after a revision was frozen, oldest first."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT * FROM changes WHERE plan_id = ? AND id > ? ORDER BY id",
                (plan_id, log_position),
            ).fetchall()
            return [record_from_row(row) for row in rows]

    # -- merging ---------------------------------------------------------------------

    def has_plan(self, plan_id: str) -> bool:
        with self._guard():
            row = self.conn.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone()
        return row is not None

    def known_change_keys(self, plan_id: str) -> set[str]:
        with self._reading():
            rows = self.conn.execute(
                "SELECT replica, seq FROM changes WHERE plan_id = ?", (plan_id,)
            )
            return {f"{replica}:{seq}" for replica, seq in rows}

    def replace_plan(self, state: PlanState) -> None:
        """Write `state` as the plan's rows (a merged plan); call inside a transaction."""
        now = utc_now()
        plan_columns = {
            name: _to_column(Plan.FIELDS[name], getattr(state.plan, name)) for name in Plan.FIELDS
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
                    *(_to_column(spec, getattr(entity, name)) for name, spec in fields.items()),
                )
                for entity in state.ordered(kind)
            ]
            if rows:
                self.conn.executemany(
                    f"INSERT INTO {TABLES[kind]} (id, plan_id, {', '.join(fields)}) "
                    f"VALUES (?, ?, {', '.join('?' * len(fields))})",
                    rows,
                )

    def add_records(self, plan_id: str, records: list[RecordedChange]) -> int:
        """Changes made in another copy, kept as they were made; returns how many were
        new here. Call inside a transaction."""
        added = 0
        for record in records:
            added += self._insert_record(plan_id, record)
            for replica, seq in {**record.clock, record.replica: record.seq}.items():
                self.conn.execute(
                    "INSERT INTO plan_clock (plan_id, replica, seq) VALUES (?, ?, ?) "
                    "ON CONFLICT (plan_id, replica) DO UPDATE SET seq = max(seq, excluded.seq)",
                    (plan_id, replica, seq),
                )
        return added

    def _insert_record(self, plan_id: str, record: RecordedChange) -> int:
        """Write one change-log row (1), or nothing if the log has it already (0)."""
        old, new = encode_change(record.change)
        entered = record.entered_by
        cursor = self.conn.execute(
            """INSERT OR IGNORE INTO changes (plan_id, replica, seq, batch, op, entity,
               entity_id, field, old, new, author_id, author_name, author_side, at, clock,
               prior, entered_by_id, entered_by_name, entered_by_side)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                plan_id,
                record.replica,
                record.seq,
                record.batch,
                record.change.op,
                record.change.entity,
                record.change.entity_id,
                record.change.field,
                json.dumps(old, ensure_ascii=False),
                json.dumps(new, ensure_ascii=False),
                record.author.person_id,
                record.author.name,
                record.author.side,
                record.at,
                json.dumps(record.clock, sort_keys=True),
                record.prior,
                entered.person_id if entered else None,
                entered.name if entered else None,
                entered.side if entered else None,
            ),
        )
        return cursor.rowcount

    def _entered_by(self, author: Author) -> Author | None:
        """This copy's own user, when they enter a change for someone else."""
        me = self.local_user()
        if me is None or (me.side == author.side and same_person_name(me.name, author.name)):
            return None
        return Author(name=me.name, side=me.side, person_id=None)

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
            and _same_buyer(p.buyer_org, plan.buyer_org)
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

    def add_revision(
        self, plan_id: str, revision: Revision, snapshot_document: dict[str, Any]
    ) -> Revision:
        """Keep a revision frozen in another copy (its number is theirs, its hash the
        name); call inside a transaction."""
        row = self.conn.execute(
            "SELECT * FROM revisions WHERE plan_id = ? AND sha256 = ?", (plan_id, revision.sha256)
        ).fetchone()
        if row is None:
            position = self.conn.execute(
                "SELECT coalesce(max(id), 0) FROM changes WHERE plan_id = ?", (plan_id,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO revisions (plan_id, sha256, number, snapshot, log_position, "
                "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    plan_id,
                    revision.sha256,
                    revision.number,
                    canonical_bytes(snapshot_document).decode("utf-8"),
                    position,
                    revision.created_at,
                    revision.created_by,
                ),
            )
            row = self.conn.execute(
                "SELECT * FROM revisions WHERE plan_id = ? AND sha256 = ?",
                (plan_id, revision.sha256),
            ).fetchone()
        return _revision_from_row(row)

    def settle_revision_number(self, state: PlanState) -> None:
        """After a merge: the plan is a known revision, or the next draft after all."""
        sha = digest(snapshot(state))
        row = self.conn.execute(
            "SELECT number FROM revisions WHERE plan_id = ? AND sha256 = ?", (state.id, sha)
        ).fetchone()
        if row is None:
            row = self.conn.execute(
                "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE plan_id = ?",
                (state.id,),
            ).fetchone()
        self.conn.execute("UPDATE plans SET revision = ? WHERE id = ?", (row[0], state.id))

    # -- signatures and certificates ---------------------------------------------------

    def record_signature(
        self,
        plan_id: str,
        sha256: str,
        side: str,
        *,
        kind: str,
        signer: str,
        organisation: str,
        fingerprint: str,
        signed_at: str | None,
    ) -> bool:
        """Remember a signature read from a PDF; False if it was already known."""
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO signatures (plan_id, sha256, side, kind, signer, "
                "organisation, fingerprint, signed_at, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    plan_id,
                    sha256,
                    side,
                    kind,
                    signer,
                    organisation,
                    fingerprint,
                    signed_at,
                    utc_now(),
                ),
            )
        return cursor.rowcount == 1

    def signatures_of(self, plan_id: str, sha256: str | None = None) -> list[dict[str, Any]]:
        query = "SELECT * FROM signatures WHERE plan_id = ?"
        args: tuple[Any, ...] = (plan_id,)
        if sha256 is not None:
            query += " AND sha256 = ?"
            args += (sha256,)
        with self._reading():
            return [dict(row) for row in self.conn.execute(query + " ORDER BY recorded_at", args)]

    def signed_sides(self, plan_id: str, sha256: str) -> set[str]:
        """The sides that signed this revision digitally (a handwritten signature captured
        in person is an acknowledgement, not a signature)."""
        return {
            row["side"] for row in self.signatures_of(plan_id, sha256) if row["kind"] == "digital"
        }

    def last_committed_revision(self, plan_id: str) -> Revision | None:
        """The newest revision both sides signed: what slips are measured against."""
        committed = [
            r
            for r in self.revisions(plan_id)
            if self.signed_sides(plan_id, r.sha256) >= {"seller", "buyer"}
        ]
        return committed[-1] if committed else None

    # Certificates are remembered per person on first sight, as SSH remembers host keys.

    def remember_certificate(
        self, name: str, organisation: str, fingerprint: str, side: str, *, trusted: bool
    ) -> None:
        """Note a certificate seen signing for `side`. It is trusted for this person when
        `trusted` and no other is yet; otherwise it waits for someone to accept it."""
        key = person_key(name, organisation)
        with self.transaction():
            known = self.conn.execute(
                "SELECT count(*) FROM certificates WHERE person_key = ? AND accepted = 1", (key,)
            ).fetchone()[0]
            self.conn.execute(
                "INSERT OR IGNORE INTO certificates (person_key, fingerprint, name, "
                "organisation, accepted, first_seen, side) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, fingerprint, name, organisation, int(trusted and not known), utc_now(), side),
            )

    def certificates(self) -> list[dict[str, Any]]:
        """Every certificate remembered here, newest first."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT * FROM certificates ORDER BY first_seen DESC, name"
            ).fetchall()
        return [dict(row) for row in rows]

    def find_certificate(self, fingerprint: str) -> str:
        """The full fingerprint an unambiguous start (8 hex digits or more) names."""
        prefix = fingerprint.strip().lower().replace(":", "")
        if len(prefix) < 8:
            raise StoreError("Give at least the first 8 hex digits of the fingerprint.")
        with self._reading():
            found = {
                row[0]
                for row in self.conn.execute(
                    "SELECT fingerprint FROM certificates WHERE fingerprint LIKE ?",
                    (prefix + "%",),
                )
            }
        if not found:
            raise StoreError(f"No certificate here has a fingerprint starting {prefix}.")
        if len(found) > 1:
            raise StoreError(f"More than one certificate has a fingerprint starting {prefix}.")
        return found.pop()

    def accept_certificate(self, fingerprint: str, side: str | None = None) -> None:
        """A person here vouches for this certificate: trusted for whom it names, and
        accepted as signing for `side` (by default the side it was seen signing for)."""
        with self.transaction():
            self.conn.execute(
                "UPDATE certificates SET accepted = 1, accepted_for = coalesce(?, side) "
                "WHERE fingerprint = ?",
                (side, fingerprint),
            )

    def forget_certificate(self, fingerprint: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM certificates WHERE fingerprint = ?", (fingerprint,))

    # -- history ---------------------------------------------------------------------

    def history(self, plan_id: str) -> list[RecordedChange]:
        """The plan's change log, oldest first."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT * FROM changes WHERE plan_id = ? ORDER BY id", (plan_id,)
            ).fetchall()
            return [record_from_row(row) for row in rows]

    def data_version(self) -> int:
        """Changes when another connection commits to the file (to notice other windows)."""
        with self._guard():
            return self.conn.execute("PRAGMA data_version").fetchone()[0]


def _revision_from_row(row: sqlite3.Row) -> Revision:
    return Revision(
        plan_id=row["plan_id"],
        number=row["number"],
        sha256=row["sha256"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        log_position=row["log_position"],
    )


def record_from_row(row: sqlite3.Row) -> RecordedChange:
    change = decode_change(
        row["op"],
        row["entity"],
        row["entity_id"],
        row["field"],
        json.loads(row["old"]) if row["old"] is not None else None,
        json.loads(row["new"]) if row["new"] is not None else None,
    )
    return RecordedChange(
        change=change,
        replica=row["replica"],
        seq=row["seq"],
        batch=row["batch"],
        author=Author(name=row["author_name"], side=row["author_side"], person_id=row["author_id"]),
        at=row["at"],
        clock=json.loads(row["clock"]),
        prior=row["prior"],
        entered_by=(
            Author(
                name=row["entered_by_name"],
                side=row["entered_by_side"],
                person_id=row["entered_by_id"],
            )
            # A file not yet upgraded (read to check it first) has no such columns.
            if "entered_by_name" in row.keys() and row["entered_by_name"]  # noqa: SIM118
            else None
        ),
    )


__all__ = ["Store", "StoreError", "PlanStatus", "record_from_row"]
