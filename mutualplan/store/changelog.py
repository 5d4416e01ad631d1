"""The change log: every recorded change of every plan, and the plans' vector clocks."""

from __future__ import annotations

import json
import uuid

from ..domain.changes import CREATE, DELETE, Change, RecordedChange, encode_change
from ..domain.model import Author
from ..domain.names import same_person_name
from ..domain.state import PlanState
from .base import needs_transaction
from .rows import record_from_row
from .settings import SettingsStore


class ChangeLogStore(SettingsStore):
    def history(self, plan_id: str) -> list[RecordedChange]:
        """The plan's change log, oldest first."""
        return self._read_all(
            record_from_row, "SELECT * FROM changes WHERE plan_id = ? ORDER BY id", plan_id
        )

    def history_since(self, plan_id: str, log_position: int) -> list[RecordedChange]:
        """Changes made after a revision was frozen, oldest first."""
        return self._read_all(
            record_from_row,
            "SELECT * FROM changes WHERE plan_id = ? AND id > ? ORDER BY id",
            plan_id,
            log_position,
        )

    def known_change_keys(self, plan_id: str) -> set[str]:
        with self._reading():
            rows = self.conn.execute(
                "SELECT replica, seq FROM changes WHERE plan_id = ?", (plan_id,)
            )
            return {f"{replica}:{seq}" for replica, seq in rows}

    @needs_transaction
    def add_records(self, plan_id: str, records: list[RecordedChange]) -> int:
        """Changes made in another copy, kept as they were made; returns how many were
        new here."""
        added = 0
        for record in records:
            added += self._insert_record(plan_id, record)
            for replica, seq in {**record.clock, record.replica: record.seq}.items():
                self._advance_clock(plan_id, replica, seq)
        return added

    @needs_transaction
    def _advance_clock(self, plan_id: str, replica: str, seq: int) -> None:
        self.conn.execute(
            "INSERT INTO plan_clock (plan_id, replica, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (plan_id, replica) DO UPDATE SET seq = max(seq, excluded.seq)",
            (plan_id, replica, seq),
        )

    @needs_transaction
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

    @needs_transaction
    def _log(
        self, state: PlanState, changes: list[Change], author: Author, now: str
    ) -> list[RecordedChange]:
        """Record `changes`, made here by `author`, in the change log."""
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
        self._advance_clock(state.id, self.replica, seq)
        return recorded
