"""Two windows (two Store instances) on one file, and other programs holding it locked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState, StaleChangeError
from mutualplan.store.errors import DatabaseLockedError
from mutualplan.store.repository import Store

Contents = Callable[[PlanState], dict[str, Any]]


@pytest.fixture
def second_window(store: Store) -> Iterator[Store]:
    with Store(store.path) as other:
        yield other


def title_on_disk(path: Path, plan_id: str) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT title FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]


def test_an_edit_to_a_field_another_window_changed_meanwhile_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    theirs = second_window.load(plan.id)
    store.commit(plan, edits.set_field(plan, "plan", plan.id, "title", "Ours"), author)
    before = contents_of(theirs)
    log_length = len(store.history(plan.id))

    with pytest.raises(StaleChangeError, match="changed in another window"):
        second_window.commit(
            theirs, edits.set_field(theirs, "plan", plan.id, "title", "Theirs"), author
        )

    assert title_on_disk(store.path, plan.id) == "Ours"
    assert contents_of(theirs) == before
    assert len(store.history(plan.id)) == log_length
    # After reloading, the second window edits on top of what the first saved.
    theirs = second_window.load(plan.id)
    second_window.commit(
        theirs, edits.set_field(theirs, "plan", plan.id, "title", "Theirs"), author
    )
    assert title_on_disk(store.path, plan.id) == "Theirs"


def test_a_stale_field_in_a_larger_edit_saves_none_of_it(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    theirs = second_window.load(plan.id)
    first = plan.milestone_order()[0]
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "title", "Ours"), author)
    changes = [
        *edits.set_field(theirs, "plan", plan.id, "objective", "Theirs"),
        *edits.set_field(theirs, "milestone", first.id, "title", "Theirs"),
    ]
    with pytest.raises(StaleChangeError):
        second_window.commit(theirs, changes, author)
    assert store.load(plan.id).plan.objective == plan.plan.objective


def test_editing_a_milestone_another_window_deleted_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    theirs = second_window.load(plan.id)
    last = plan.milestone_order()[-1]
    store.commit(plan, edits.delete(plan, "milestone", last.id), author)
    with pytest.raises(StaleChangeError):
        second_window.commit(
            theirs, edits.set_field(theirs, "milestone", last.id, "title", "Go live"), author
        )


def test_two_windows_writing_in_turn_never_reuse_a_change_number(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    theirs = second_window.load(plan.id)
    ours_first = plan.milestone_order()[0].id
    theirs_last = theirs.milestone_order()[-1].id
    for turn in range(6):
        store.commit(
            plan,
            edits.set_field(plan, "milestone", ours_first, "description", f"ours {turn}"),
            author,
        )
        second_window.commit(
            theirs,
            edits.set_field(theirs, "milestone", theirs_last, "description", f"theirs {turn}"),
            author,
        )
    history = store.history(plan.id)
    keys = [(r.replica, r.seq) for r in history]
    assert len(set(keys)) == len(keys)
    assert [seq for _, seq in keys] == list(range(1, len(keys) + 1))
    assert store.replica == second_window.replica
    saved = store.load(plan.id)
    assert saved.milestones[ours_first].description == "ours 5"
    assert saved.milestones[theirs_last].description == "theirs 5"


def test_another_window_saving_is_noticed_through_data_version(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    seen = store.data_version()
    theirs = second_window.load(plan.id)
    second_window.commit(theirs, edits.set_field(theirs, "plan", plan.id, "title", "X"), author)
    assert store.data_version() != seen


def test_a_write_lock_held_by_another_program_is_reported_and_loses_nothing(
    tmp_path: Path, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    path = tmp_path / "plans.sqlite"
    with Store(path, busy_timeout_ms=100) as impatient:
        mine = impatient.load(plan.id)
        before = contents_of(mine)
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # the WAL write lock
            with pytest.raises(DatabaseLockedError, match="in use by another program"):
                impatient.commit(
                    mine, edits.set_field(mine, "plan", plan.id, "title", "Renamed"), author
                )
            assert contents_of(mine) == before
            assert not impatient.conn.in_transaction
            other.execute("ROLLBACK")
        impatient.commit(mine, edits.set_field(mine, "plan", plan.id, "title", "Renamed"), author)
    assert title_on_disk(path, plan.id) == "Renamed"


def staffed(store: Store, plan: PlanState, author: Author) -> str:
    store.commit(plan, edits.add_person(plan, {"name": "Priya", "side": "buyer"}), author)
    return plan.ordered("person")[0].id


def test_removing_a_person_another_window_just_made_an_owner_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    person = staffed(store, plan, author)
    theirs = second_window.load(plan.id)
    first = plan.milestone_order()[0]
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "owner_id", person), author)
    with pytest.raises(StaleChangeError, match="(?i)another window"):
        second_window.commit(theirs, edits.delete(theirs, "person", person), author)
    assert store.load(plan.id).milestones[first.id].owner_id == person


def test_making_someone_owner_whom_another_window_removed_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    person = staffed(store, plan, author)
    theirs = second_window.load(plan.id)
    first = plan.milestone_order()[0]
    store.commit(plan, edits.delete(plan, "person", person), author)
    with pytest.raises(StaleChangeError, match="(?i)another window"):
        second_window.commit(
            theirs, edits.set_field(theirs, "milestone", first.id, "owner_id", person), author
        )
    assert store.load(plan.id).milestones[first.id].owner_id is None


def test_adding_an_action_to_a_milestone_another_window_removed_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    theirs = second_window.load(plan.id)
    last = plan.milestone_order()[-1]
    store.commit(plan, edits.delete(plan, "milestone", last.id), author)
    with pytest.raises(StaleChangeError, match="(?i)another window"):
        second_window.commit(
            theirs, edits.add_action(theirs, last.id, {"title": "Cutover"}), author
        )


def test_removing_what_another_window_already_removed_is_stale(
    store: Store, second_window: Store, plan: PlanState, author: Author
) -> None:
    person = staffed(store, plan, author)
    theirs = second_window.load(plan.id)
    store.commit(plan, edits.delete(plan, "person", person), author)
    log_length = len(store.history(plan.id))
    with pytest.raises(StaleChangeError, match="removed in another window"):
        second_window.commit(theirs, edits.delete(theirs, "person", person), author)
    assert len(store.history(plan.id)) == log_length
