"""What every part of the Store shares: the connection, error translation, reading
helpers and the one transaction rule.

The transaction rule: every write happens inside `with store.transaction():`. A method
that writes either opens one itself (nested use joins the caller's) or, when it is one
step of a larger change (the merge writes), is marked `@needs_transaction` and refuses
to run outside one with `OutsideTransactionError`, a programming error.
"""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate

from .database import IntegrityCheck
from .errors import CorruptDatabaseError, OutsideTransactionError, environment_error


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def needs_transaction[S: StoreBase, **P, R](
    method: Callable[Concatenate[S, P], R],
) -> Callable[Concatenate[S, P], R]:
    """Mark a writing method that must be called inside `store.transaction()`."""

    @functools.wraps(method)
    def checked(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if not self._depth:
            raise OutsideTransactionError(
                f"Store.{method.__name__} writes one step of a larger change: call it "
                "inside `with store.transaction():`."
            )
        return method(self, *args, **kwargs)

    checked.needs_transaction = True  # type: ignore[attr-defined]
    return checked


class StoreBase:
    """One open database file: the connection and the rules for using it."""

    path: Path
    conn: sqlite3.Connection
    replica: str
    # How many `transaction()` blocks are open (0: none, 1: the outer one, more: nested).
    _depth: int = 0
    # SQLite's page check when it runs beside the app's start; a check never started passes.
    _integrity: IntegrityCheck

    def close(self) -> None:
        self._integrity.wait()  # its connection gone too, SQLite removes its -wal and -shm
        self.conn.close()

    def checked(self) -> None:
        """Wait for the check of the file begun at opening; CorruptDatabaseError if it
        found damage. Every write waits for it: a damaged file is never written to."""
        self._integrity.result()

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

    def _read_all[T](self, convert: Callable[[sqlite3.Row], T], sql: str, *args: Any) -> list[T]:
        """Every row `sql` selects, each made a value by `convert`."""
        with self._reading():
            return [convert(row) for row in self.conn.execute(sql, args).fetchall()]

    def _read_one[T](self, convert: Callable[[sqlite3.Row], T], sql: str, *args: Any) -> T | None:
        """The row `sql` selects made a value by `convert`, or None if there is none."""
        with self._reading():
            row = self.conn.execute(sql, args).fetchone()
            return None if row is None else convert(row)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the outermost block ends, rolled back
        if it fails. IMMEDIATE takes the write lock up front, so two windows on the same
        file queue behind each other instead of failing half-way."""
        with self._guard():
            if self.conn.in_transaction:
                yield from self._savepoint()
                return
            self.checked()
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            finally:
                self._depth -= 1

    def _savepoint(self) -> Iterator[None]:
        """A transaction inside a transaction: part of the outer one (committed with it),
        and undone alone if its block fails."""
        self.conn.execute("SAVEPOINT nested")
        self._depth += 1
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO nested")
                self.conn.execute("RELEASE nested")
            raise
        finally:
            self._depth -= 1
        self.conn.execute("RELEASE nested")

    def data_version(self) -> int:
        """Changes when another connection commits to the file (to notice other windows)."""
        with self._guard():
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
