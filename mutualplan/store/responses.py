"""The other side's answers from review copies, kept beside the plan (schema 4)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..domain.names import folded
from .base import StoreBase

if TYPE_CHECKING:
    from ..domain.responses import Proposal

# The review answers' domain module loads when answers are first read or kept, not
# with the store at start (its two record types cost ~1.5 ms to make).


class ResponsesStore(StoreBase):
    def add_proposals(self, proposals: list[Proposal], imported_at: str) -> int:
        """Keep new answers; an answer already kept (same key) is not added again.
        Returns how many were new."""
        from ..domain.responses import OPEN

        added = 0
        with self.transaction():
            for p in proposals:
                cursor = self.conn.execute(
                    """INSERT OR IGNORE INTO proposals (plan_id, key, revision_sha256,
                       revision_number, reviewer_name, reviewer_side, reviewer_org,
                       reviewer_person_id, entity, entity_id, verdict, proposed, seen, comment,
                       owner_text, source, status, imported_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (
                        p.plan_id,
                        p.key,
                        p.revision_sha256,
                        p.revision_number,
                        p.reviewer.name,
                        p.reviewer.side,
                        p.reviewer.organisation,
                        p.reviewer.person_id,
                        p.entity,
                        p.entity_id,
                        p.verdict,
                        json.dumps(p.values, ensure_ascii=False, sort_keys=True),
                        json.dumps(p.seen, ensure_ascii=False, sort_keys=True),
                        p.comment,
                        p.owner_text,
                        p.source,
                        OPEN,
                        imported_at,
                    ),
                )
                added += cursor.rowcount
        return added

    def proposals_of(self, plan_id: str) -> list[Proposal]:
        """Every answer to the plan, in the order they were imported."""
        return self._read_all(
            _proposal_from_row, "SELECT * FROM proposals WHERE plan_id = ? ORDER BY id", plan_id
        )

    def proposal(self, proposal_id: int) -> Proposal:
        found = self._read_one(
            _proposal_from_row, "SELECT * FROM proposals WHERE id = ?", proposal_id
        )
        if found is None:
            raise KeyError(f"no answer {proposal_id}")
        return found

    def form_answers(
        self, plan_id: str, revision_sha256: str, reviewer_name: str
    ) -> dict[tuple[str, str], str]:
        """What this reviewer already answered in the form of this revision:
        (entity, entity id) -> the answer's key."""
        with self._reading():
            rows = self.conn.execute(
                "SELECT key, reviewer_name, entity, entity_id FROM proposals "
                "WHERE plan_id = ? AND revision_sha256 = ? AND source = 'form'",
                (plan_id, revision_sha256),
            ).fetchall()
        wanted = folded(reviewer_name)
        return {
            (row["entity"], row["entity_id"]): row["key"]
            for row in rows
            if folded(row["reviewer_name"]) == wanted
        }

    def set_proposal_status(
        self, proposal_id: int, status: str, *, reply: str = "", decided_by: str = "",
        decided_at: str = ""
    ) -> None:
        from ..domain.responses import STATUSES

        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        with self.transaction():
            self.conn.execute(
                "UPDATE proposals SET status = ?, reply = ?, decided_by = ?, decided_at = ? "
                "WHERE id = ?",
                (status, reply, decided_by, decided_at, proposal_id),
            )


def iter_values(raw: str) -> Iterator[tuple[str, object]]:
    yield from json.loads(raw or "{}").items()


def _proposal_from_row(row: sqlite3.Row) -> Proposal:
    from ..domain.responses import Proposal, Reviewer

    return Proposal(
        id=row["id"],
        plan_id=row["plan_id"],
        revision_sha256=row["revision_sha256"],
        revision_number=row["revision_number"],
        reviewer=Reviewer(
            name=row["reviewer_name"],
            side=row["reviewer_side"],
            organisation=row["reviewer_org"],
            person_id=row["reviewer_person_id"],
        ),
        entity=row["entity"],
        entity_id=row["entity_id"],
        verdict=row["verdict"],
        values=dict(iter_values(row["proposed"])),
        seen=dict(iter_values(row["seen"])),
        comment=row["comment"],
        owner_text=row["owner_text"],
        source=row["source"],
        status=row["status"],
        reply=row["reply"],
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
        imported_at=row["imported_at"],
    )
