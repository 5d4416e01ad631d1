"""The Store's one transaction rule: every write happens inside `store.transaction()`,
opened by the writing method itself or, for the steps of a larger change, by its caller."""

from __future__ import annotations

import inspect
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.store.errors import OutsideTransactionError
from mutualplan.store.repository import Store


def committed(path: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """What a fresh connection reads: only what was committed to the file."""
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def marked_methods() -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if getattr(member, "needs_transaction", False)
    )


def test_the_merge_writes_are_marked_as_needing_a_transaction() -> None:
    assert {
        "replace_plan",
        "add_records",
        "set_conflicts",
        "add_revision",
        "settle_revision_number",
    } <= set(marked_methods())


def test_every_store_method_that_writes_opens_a_transaction_or_requires_one() -> None:
    writes = re.compile(r"INSERT (OR \w+ )?INTO|UPDATE \w+ SET|DELETE FROM")
    unruled = [
        name
        for name, member in inspect.getmembers(Store, inspect.isfunction)
        if writes.search(inspect.getsource(member))
        and "self.transaction()" not in inspect.getsource(member)
        and not getattr(member, "needs_transaction", False)
    ]
    assert unruled == []


@pytest.mark.parametrize("name", marked_methods())
def test_a_writer_called_outside_a_transaction_raises_and_writes_nothing(
    store: Store, plan: PlanState, name: str
) -> None:
    method = getattr(store, name)
    arguments = [None] * len(inspect.signature(method).parameters)
    before = committed(store.path, "SELECT count(*) FROM changes")
    with pytest.raises(OutsideTransactionError, match=f"Store.{name} .*store.transaction"):
        method(*arguments)
    assert not store.conn.in_transaction
    assert committed(store.path, "SELECT count(*) FROM changes") == before


def test_a_merge_write_outside_a_transaction_is_refused_before_it_can_be_lost(
    store: Store, plan: PlanState
) -> None:
    # Written outside, the row would sit in an implicit transaction no one commits.
    with pytest.raises(OutsideTransactionError):
        store.set_conflicts(plan.id, [("plan", plan.id, "title", ["a:1", "b:1"])])
    store.set_setting("theme", "dark")
    store.close()
    assert committed(store.path, "SELECT count(*) FROM conflicts") == [(0,)]
    assert committed(store.path, "SELECT value FROM settings WHERE key = 'theme'") == [('"dark"',)]


def test_a_failure_inside_a_transaction_rolls_back_every_write_in_it(
    store: Store, plan: PlanState, author: Author
) -> None:
    milestone = plan.milestone_order()[0]
    title = milestone.title
    changes_before = committed(store.path, "SELECT count(*) FROM changes")
    with pytest.raises(RuntimeError, match="half-way"), store.transaction():
        store.set_setting("theme", "dark")
        store.commit(
            plan, edits.set_field(plan, "milestone", milestone.id, "title", "Renamed"), author
        )
        store.set_conflicts(plan.id, [("plan", plan.id, "title", ["a:1", "b:1"])])
        raise RuntimeError("failed half-way")
    assert not store.conn.in_transaction
    assert committed(store.path, "SELECT value FROM settings WHERE key = 'theme'") == []
    assert committed(store.path, "SELECT title FROM milestones WHERE id = ?", milestone.id) == [
        (title,)
    ]
    assert committed(store.path, "SELECT count(*) FROM changes") == changes_before
    assert committed(store.path, "SELECT count(*) FROM conflicts") == [(0,)]


def test_nested_transactions_join_the_outer_one_and_commit_once(
    store: Store, plan: PlanState, author: Author
) -> None:
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    milestone = plan.milestone_order()[0]
    with store.transaction():
        store.set_setting("theme", "dark")  # opens its own: joins this one
        with store.transaction():
            store.commit(
                plan, edits.set_field(plan, "milestone", milestone.id, "title", "Renamed"), author
            )
        # Nothing is committed until the outer block ends.
        assert committed(store.path, "SELECT value FROM settings WHERE key = 'theme'") == []
    store.conn.set_trace_callback(None)
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == [
        "BEGIN IMMEDIATE",
        "COMMIT",
    ]
    assert committed(store.path, "SELECT value FROM settings WHERE key = 'theme'") == [('"dark"',)]
    assert committed(store.path, "SELECT title FROM milestones WHERE id = ?", milestone.id) == [
        ("Renamed",)
    ]


def test_a_nested_block_that_fails_is_undone_alone(store: Store) -> None:
    with store.transaction():
        store.set_setting("kept", 1)
        with pytest.raises(RuntimeError), store.transaction():
            store.set_setting("undone", 2)
            raise RuntimeError("the inner step failed")
    assert committed(store.path, "SELECT key FROM settings WHERE key IN ('kept', 'undone')") == [
        ("kept",)
    ]
