"""Revisions (the plan frozen at an export) and the signatures read from their PDFs."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..domain.canonical import canonical_bytes, digest, snapshot
from ..domain.model import Author, Revision
from ..domain.state import PlanState
from .base import StoreBase, needs_transaction, utc_now
from .errors import PlanNotFoundError
from .rows import revision_from_row


class RevisionsStore(StoreBase):
    def freeze_revision(self, state: PlanState, author: Author) -> tuple[Revision, dict[str, Any]]:
        """The revision holding the plan as it is now, recorded if new; and its snapshot.

        Exporting twice without an edit between gives the same revision.
        """
        document = snapshot(state)
        sha = digest(document)
        with self.transaction():
            known = self._revision_row(state.id, sha)
            if known is not None:
                return revision_from_row(known), document
            number = self.conn.execute(
                "SELECT max(p.revision, coalesce(max(r.number) + 1, 1)) FROM plans p "
                "LEFT JOIN revisions r ON r.plan_id = p.id WHERE p.id = ?",
                (state.id,),
            ).fetchone()[0]
            revision = self._insert_revision(
                state.id, sha, number, document, utc_now(), author.name
            )
            self.conn.execute("UPDATE plans SET revision = ? WHERE id = ?", (number, state.id))
        return revision, document

    def revisions(self, plan_id: str) -> list[Revision]:
        return self._read_all(
            revision_from_row,
            "SELECT * FROM revisions WHERE plan_id = ? ORDER BY number, created_at",
            plan_id,
        )

    def revision_snapshot(self, plan_id: str, sha256: str) -> dict[str, Any]:
        with self._reading():
            row = self.conn.execute(
                "SELECT snapshot FROM revisions WHERE plan_id = ? AND sha256 = ?",
                (plan_id, sha256),
            ).fetchone()
            if row is None:
                raise PlanNotFoundError(f"This database holds no revision {sha256[:16]}.")
            return json.loads(row[0])

    @needs_transaction
    def add_revision(
        self, plan_id: str, revision: Revision, snapshot_document: dict[str, Any]
    ) -> Revision:
        """Keep a revision frozen in another copy (its number is theirs, its hash the
        name)."""
        known = self._revision_row(plan_id, revision.sha256)
        if known is not None:
            return revision_from_row(known)
        return self._insert_revision(
            plan_id,
            revision.sha256,
            revision.number,
            snapshot_document,
            revision.created_at,
            revision.created_by,
        )

    def _revision_row(self, plan_id: str, sha256: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT * FROM revisions WHERE plan_id = ? AND sha256 = ?", (plan_id, sha256)
        ).fetchone()

    @needs_transaction
    def _insert_revision(
        self,
        plan_id: str,
        sha256: str,
        number: int,
        document: dict[str, Any],
        created_at: str,
        created_by: str,
    ) -> Revision:
        """Record a revision holding the plan's change log so far."""
        position = self.conn.execute(
            "SELECT coalesce(max(id), 0) FROM changes WHERE plan_id = ?", (plan_id,)
        ).fetchone()[0]
        self.conn.execute(
            "INSERT INTO revisions (plan_id, sha256, number, snapshot, log_position, "
            "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                plan_id,
                sha256,
                number,
                canonical_bytes(document).decode("utf-8"),
                position,
                created_at,
                created_by,
            ),
        )
        return Revision(plan_id, number, sha256, created_at, created_by, position)

    @needs_transaction
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

    # -- signatures ------------------------------------------------------------------

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
        return self._read_all(dict, query + " ORDER BY recorded_at", *args)

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
