"""The Store: one open database file, composed of parts by what each keeps.

Each part is a mixin class in its own module, over the connection and transaction rule
of `StoreBase` (store/base.py); a part inherits the parts whose methods it calls, so
every call between parts is checked by mypy and nothing is declared twice:

    SettingsStore      settings.py      settings, this copy's replica name, local user
    ChangeLogStore     changelog.py     the change log and the plans' clocks
    PlansStore         plans.py         plans and their entities, every edit
    MergeStore         merging.py       merged plans' rows and pending conflicts
    RevisionsStore     revisions.py     frozen revisions and their signatures
    CertificatesStore  certificates.py  certificates remembered per person
    ResponsesStore     responses.py     the other side's answers from review copies

Callers use only `Store`. Every write happens inside `with store.transaction():`, which
a writing method opens itself or (marked `@needs_transaction`) requires of its caller.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..domain.model import CHILD_KINDS, PlanStatus
from .base import utc_now
from .certificates import CertificatesStore
from .database import IntegrityCheck, open_database
from .errors import CorruptDatabaseError, StoreError
from .merging import ACTIVE_CONFLICT, MergeStore
from .responses import ResponsesStore
from .revisions import RevisionsStore
from .rows import TABLES, entity_from_row, record_from_row


class Store(MergeStore, RevisionsStore, CertificatesStore, ResponsesStore):
    """One open database file."""

    def __init__(
        self, path: Path | str, *, busy_timeout_ms: int = 5000, check_in_background: bool = False
    ) -> None:
        """Open the file at `path`. With `check_in_background` (the app's start), SQLite's
        check of every page may still be running on return: `checked()` waits for it,
        and so does every write."""
        self.path = Path(path)
        self._integrity = IntegrityCheck()
        self.conn = open_database(
            self.path,
            busy_timeout_ms=busy_timeout_ms,
            check_before_upgrade=self._check_readable,
            check_later=self._integrity if check_in_background else None,
        )
        self.conn.row_factory = sqlite3.Row
        try:
            with self._reading():
                self.replica = self._replica_id()
        except BaseException:
            self.close()
            raise

    def _check_readable(self, conn: sqlite3.Connection) -> None:
        """Every plan, entity and change of an older file decodes (run before upgrading)."""
        try:
            for row in conn.execute("SELECT * FROM plans"):
                entity_from_row("plan", row)
            for kind in CHILD_KINDS:
                for row in conn.execute(f"SELECT * FROM {TABLES[kind]}"):
                    entity_from_row(kind, row)
            for row in conn.execute("SELECT * FROM changes"):
                record_from_row(row)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise CorruptDatabaseError(
                f"{self.path.name} holds data MutualPlan cannot read ({exc}); it is damaged "
                "and was left untouched."
            ) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "ACTIVE_CONFLICT",
    "PlanStatus",
    "Store",
    "StoreError",
    "record_from_row",
    "utc_now",
]
