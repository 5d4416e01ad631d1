"""Storage problems that come from the user's environment, told in plain words.

Anything SQLite reports that is *not* one of these is a bug in MutualPlan and is
left to propagate, so tests fail loudly instead of a user reading a vague message.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A problem with the database file the user can act on. str() is the message."""


class NotADatabaseError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


class NewerDatabaseError(StoreError):
    pass


class ReadOnlyDatabaseError(StoreError):
    pass


class DatabaseLockedError(StoreError):
    pass


class DiskFullError(StoreError):
    pass


class PlanNotFoundError(StoreError):
    pass


class ActivePlanExistsError(StoreError):
    """The buyer organisation already has a plan in draft or committed."""

    def __init__(self, message: str, plan_id: str, title: str) -> None:
        super().__init__(message)
        self.plan_id = plan_id
        self.title = title


# SQLite primary result codes (extended codes carry them in the low byte).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def environment_error(exc: sqlite3.Error, path: Path | str) -> StoreError | None:
    """The user-facing error for an SQLite failure caused by the environment, else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    name = Path(path).name
    if primary in (_BUSY, _LOCKED):
        return DatabaseLockedError(
            f"{name} is in use by another program and stayed locked; try again in a moment."
        )
    if primary == _READONLY:
        return ReadOnlyDatabaseError(f"{name} is read-only; nothing can be saved to it.")
    if primary == _FULL:
        return DiskFullError(
            f"{name} cannot grow: the disk is full. Your saved work is intact; "
            "free some space and try again."
        )
    if primary in (_CORRUPT, _NOTADB):
        return CorruptDatabaseError(
            f"{name} is damaged or is not a MutualPlan database; it was left untouched."
        )
    if primary == _CANTOPEN:
        return StoreError(f"{name} cannot be opened; check that its folder exists and is writable.")
    if primary == _IOERR:
        return StoreError(f"{name} could not be read or written (input/output error).")
    return None


class OutsideTransactionError(RuntimeError):
    """A Store method that must run inside `store.transaction()` was called outside one:
    a bug in the caller, never the user's environment (so not a StoreError)."""
