"""Every edit is one transaction: the entity rows and their change-log rows, or nothing."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.changes import CREATE, SET, Change, RecordedChange, inverse_of
from mutualplan.domain.model import Author, Plan
from mutualplan.domain.state import PlanRuleError, PlanState
from mutualplan.store.errors import DiskFullError
from mutualplan.store.repository import Store

Contents = Callable[[PlanState], dict[str, Any]]


def fresh(path: Path) -> sqlite3.Connection:
    """A connection of our own that sees only what was committed to the file."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def row(path: Path, table: str, entity_id: str) -> dict[str, Any] | None:
    with closing(fresh(path)) as conn:
        found = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (entity_id,)).fetchone()
    return dict(found) if found else None


def change_rows(path: Path, plan_id: str) -> list[dict[str, Any]]:
    with closing(fresh(path)) as conn:
        rows = conn.execute("SELECT * FROM changes WHERE plan_id = ? ORDER BY id", (plan_id,))
        return [dict(r) for r in rows]


def staff(store: Store, plan: PlanState, author: Author) -> tuple[str, str]:
    """Add one person per side; return their ids (seller, buyer)."""
    store.commit(plan, edits.add_person(plan, {"name": "Alex Morgan", "side": "seller"}), author)
    store.commit(plan, edits.add_person(plan, {"name": "Priya Natarajan", "side": "buyer"}), author)
    seller, buyer = plan.ordered("person")
    return seller.id, buyer.id


# -- one transaction -----------------------------------------------------------------


def test_a_failing_change_log_insert_leaves_the_file_and_the_plan_as_they_were(
    store: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    first = plan.milestone_order()[0]
    log_before = change_rows(store.path, plan.id)
    memory_before = contents_of(plan)
    with closing(sqlite3.connect(store.path, isolation_level=None)) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_log BEFORE INSERT ON changes "
            "BEGIN SELECT RAISE(ABORT, 'change log refused'); END"
        )

    with pytest.raises(sqlite3.IntegrityError, match="change log refused"):
        store.commit(plan, edits.set_field(plan, "milestone", first.id, "title", "Kickoff"), author)

    assert row(store.path, "milestones", first.id)["title"] == "Discovery workshop"
    assert change_rows(store.path, plan.id) == log_before
    assert contents_of(plan) == memory_before
    assert not store.conn.in_transaction


def test_a_failing_change_log_leaves_a_whole_cascade_undone(
    store: Store,
    plan: PlanState,
    author: Author,
    contents_of: Contents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    poc = plan.milestone_order()[2]
    action_ids = [a.id for a in plan.actions_of(poc.id)]
    on_disk_before = {
        "milestones": {m: row(store.path, "milestones", m) for m in plan.milestones},
        "actions": {a: row(store.path, "actions", a) for a in plan.actions},
    }
    memory_before = contents_of(plan)

    def broken_log(*args: object, **kwargs: object) -> list[RecordedChange]:
        raise RuntimeError("log failed")

    monkeypatch.setattr(store, "_log", broken_log)
    with pytest.raises(RuntimeError, match="log failed"):
        store.commit(plan, edits.delete(plan, "milestone", poc.id), author)

    assert action_ids and all(row(store.path, "actions", a) for a in action_ids)
    assert {
        "milestones": {m: row(store.path, "milestones", m) for m in plan.milestones},
        "actions": {a: row(store.path, "actions", a) for a in plan.actions},
    } == on_disk_before
    assert contents_of(plan) == memory_before


def test_a_change_the_rules_refuse_saves_nothing(
    store: Store, plan: PlanState, author: Author
) -> None:
    first = plan.milestone_order()[0]
    log_before = change_rows(store.path, plan.id)
    bad = [Change(SET, "milestone", first.id, "owner_id", None, "nobody")]
    with pytest.raises(PlanRuleError):
        store.commit(plan, bad, author)
    assert change_rows(store.path, plan.id) == log_before
    assert row(store.path, "milestones", first.id)["owner_id"] is None


def test_a_full_disk_is_reported_and_loses_nothing(
    store: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    # max_page_count caps this connection's file at its current size: SQLITE_FULL.
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    first = plan.milestone_order()[0]
    before = contents_of(plan)
    long_text = "Lorem ipsum dolor sit amet. " * 20_000
    with pytest.raises(DiskFullError, match="disk is full"):
        store.commit(
            plan, edits.set_field(plan, "milestone", first.id, "description", long_text), author
        )
    assert contents_of(plan) == before
    assert row(store.path, "milestones", first.id)["description"] == ""
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "description", "Short"), author)
    assert row(store.path, "milestones", first.id)["description"] == "Short"


def test_nothing_to_change_writes_nothing(store: Store, plan: PlanState, author: Author) -> None:
    log_before = change_rows(store.path, plan.id)
    assert store.commit(plan, [], author) == []
    assert change_rows(store.path, plan.id) == log_before


# -- the change log ------------------------------------------------------------------


def test_a_change_log_row_says_who_where_when_what_and_what_they_had_seen(
    store: Store, plan: PlanState, author: Author
) -> None:
    first = plan.milestone_order()[0]
    [recorded] = store.commit(
        plan, edits.set_field(plan, "milestone", first.id, "due", dt.date(2026, 6, 1)), author
    )
    logged = change_rows(store.path, plan.id)[-1]
    assert logged["author_name"] == "Alex Morgan"
    assert logged["author_side"] == "seller"
    at = dt.datetime.fromisoformat(logged["at"])
    assert logged["at"].endswith("Z") and at.utcoffset() == dt.timedelta(0)
    assert (logged["op"], logged["entity"], logged["entity_id"], logged["field"]) == (
        "set",
        "milestone",
        first.id,
        "due",
    )
    assert json.loads(logged["old"]) == "2026-05-27"
    assert json.loads(logged["new"]) == "2026-06-01"
    assert logged["replica"] == store.replica
    assert logged["seq"] == recorded.seq == len(change_rows(store.path, plan.id))
    assert json.loads(logged["clock"]) == {store.replica: logged["seq"]}
    assert logged["plan_id"] == plan.id


def test_a_change_names_the_previous_change_to_the_same_field_as_prior(
    store: Store, plan: PlanState, author: Author
) -> None:
    first, second = plan.milestone_order()[:2]
    [title1] = store.commit(
        plan, edits.set_field(plan, "milestone", first.id, "title", "Discovery"), author
    )
    [other] = store.commit(
        plan, edits.set_field(plan, "milestone", second.id, "title", "Criteria"), author
    )
    [desc] = store.commit(
        plan, edits.set_field(plan, "milestone", first.id, "description", "Two days"), author
    )
    [title2] = store.commit(
        plan, edits.set_field(plan, "milestone", first.id, "title", "Discovery days"), author
    )
    assert title1.prior is None  # no change to this field before, only the creation
    assert title2.prior == title1.key
    assert other.prior is None and desc.prior is None
    assert change_rows(store.path, plan.id)[-1]["prior"] == title1.key


def test_a_delete_names_the_last_change_to_the_entity_as_prior(
    store: Store, plan: PlanState, author: Author
) -> None:
    first = plan.milestone_order()[-1]
    [title] = store.commit(
        plan, edits.set_field(plan, "milestone", first.id, "title", "Live"), author
    )
    recorded = store.commit(plan, edits.delete(plan, "milestone", first.id), author)
    assert recorded[-1].change.op == "delete"
    assert recorded[-1].prior == title.key


def test_one_edit_shares_a_batch_and_numbers_its_changes_in_order(
    store: Store, plan: PlanState, author: Author
) -> None:
    recorded = store.commit(
        plan, edits.delete(plan, "milestone", plan.milestone_order()[2].id), author
    )
    assert len(recorded) > 1
    assert len({r.batch for r in recorded}) == 1
    seqs = [r.seq for r in recorded]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert [r.clock[store.replica] for r in recorded] == seqs


def test_the_author_is_recorded_with_the_person_they_are(
    store: Store, plan: PlanState, author: Author
) -> None:
    seller_id, buyer_id = staff(store, plan, author)
    buyer = Author(name="Priya Natarajan", side="buyer", person_id=buyer_id)
    store.commit(plan, edits.set_field(plan, "plan", plan.id, "objective", "Faster close"), buyer)
    logged = change_rows(store.path, plan.id)[-1]
    assert (logged["author_id"], logged["author_name"], logged["author_side"]) == (
        buyer_id,
        "Priya Natarajan",
        "buyer",
    )


def test_history_reads_back_every_recorded_change(
    store: Store, plan: PlanState, author: Author
) -> None:
    created = len(store.history(plan.id))
    seller_id, buyer_id = staff(store, plan, author)
    recorded: list[RecordedChange] = []
    first, poc = plan.milestone_order()[0], plan.milestone_order()[2]
    for changes in (
        edits.set_field(plan, "milestone", first.id, "owner_id", buyer_id),
        edits.set_field(plan, "milestone", first.id, "status", "done", dt.date(2026, 5, 4)),
        edits.set_field(plan, "milestone", first.id, "lead_days", None),
        edits.set_field(plan, "milestone", poc.id, "depends_on", ()),
        edits.add_evidence(plan, {"title": "Reference call", "kind": "customer_reference"}),
        edits.set_field(plan, "action", plan.actions_of(poc.id)[0].id, "done", True),
        edits.move(plan, "milestone", poc.id, 0),
        edits.delete(plan, "person", seller_id),
        edits.delete(plan, "milestone", poc.id),
        edits.set_field(plan, "plan", plan.id, "target_date", None),
        edits.set_field(plan, "plan", plan.id, "success_criteria", "Close in 3 days\nEvery month"),
    ):
        recorded += store.commit(plan, changes, author)
    history = store.history(plan.id)
    assert history[-len(recorded) :] == recorded
    assert len(history) == created + 2 + len(recorded)


def test_replaying_the_history_rebuilds_the_saved_plan(
    store: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    seller_id, _ = staff(store, plan, author)
    store.commit(plan, edits.delete(plan, "milestone", plan.milestone_order()[4].id), author)
    store.commit(plan, edits.delete(plan, "person", seller_id), author)
    history = store.history(plan.id)
    creation = history[0].change
    assert (creation.op, creation.entity) == (CREATE, "plan")
    replayed = PlanState(Plan(id=plan.id, **creation.new))
    replayed.apply_all([r.change for r in history[1:]])
    assert contents_of(replayed) == contents_of(store.load(plan.id))


# -- loading -------------------------------------------------------------------------


def test_loading_gives_back_the_plan_as_edited_in_memory(
    tmp_path: Path, store: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    seller_id, buyer_id = staff(store, plan, author)
    first, poc = plan.milestone_order()[0], plan.milestone_order()[2]
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "owner_id", seller_id), author)
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "status", "done"), author)
    store.commit(plan, edits.move(plan, "milestone", poc.id, 0), author)
    store.commit(
        plan, edits.set_field(plan, "action", plan.actions_of(poc.id)[1].id, "done", True), author
    )
    store.commit(
        plan,
        edits.add_evidence(
            plan, {"title": "Security pack", "kind": "security_document", "decided_by": buyer_id}
        ),
        author,
    )
    store.commit(plan, edits.set_field(plan, "plan", plan.id, "title", "Contoso · Ω 分析"), author)
    assert contents_of(store.load(plan.id)) == contents_of(plan)
    with Store(store.path) as reopened:
        assert contents_of(reopened.load(plan.id)) == contents_of(plan)


def test_undoing_an_edit_through_the_store_restores_the_saved_plan(
    store: Store, plan: PlanState, author: Author, contents_of: Contents
) -> None:
    staff(store, plan, author)
    before = contents_of(store.load(plan.id))
    recorded = store.commit(
        plan, edits.delete(plan, "milestone", plan.milestone_order()[2].id), author
    )
    store.commit(plan, inverse_of([r.change for r in recorded]), author)
    assert contents_of(store.load(plan.id)) == before
