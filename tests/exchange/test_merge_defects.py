"""Merges that lose nothing and change nothing they need not: each test reproduced a
defect first (issue 13, Deliver 4)."""

from __future__ import annotations

import pytest
from sheet_helpers import database_digest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.exchange.importer import import_plan_data
from mutualplan.exchange.plan_data import decode_plan_data, encode_plan_data
from mutualplan.store import Store

SELLER = Author("Alex Morgan", "seller", organisation="Northwind Software")
BUYER = Author("Олена Коваль", "buyer", organisation="Contoso Ltd")


def plan_file(source: Store, plan_id: str, author: Author) -> bytes:
    """The plan data a PDF exported from `source` carries."""
    state = source.load(plan_id)
    revision, document = source.freeze_revision(state, author)
    return encode_plan_data(revision, document, source.history(plan_id))


@pytest.fixture
def shared(seller_db: Store, buyer_db: Store) -> PlanState:
    state = seller_db.create_plan(
        {"title": "Contoso rollout", "buyer_org": "Contoso Ltd", "seller_org": "Northwind"},
        SELLER,
    )
    for title in ("Kick-off", "Security review", "Pilot"):
        seller_db.commit(state, edits.add_milestone(state, {"title": title}), SELLER)
    assert import_plan_data(buyer_db, decode_plan_data(plan_file(seller_db, state.id, SELLER)))
    return state


def test_importing_a_file_with_nothing_new_writes_nothing(seller_db, buyer_db, shared):
    raw = plan_file(seller_db, shared.id, SELLER)
    import_plan_data(buyer_db, decode_plan_data(raw))  # the revision is new: recorded
    before = database_digest(buyer_db)
    data_version = buyer_db.conn.execute("PRAGMA data_version").fetchone()[0]
    changes_before = buyer_db.conn.total_changes

    summary = import_plan_data(buyer_db, decode_plan_data(raw))

    assert summary.taken == 0 and not summary.created
    assert database_digest(buyer_db) == before  # no timestamp moved
    assert buyer_db.conn.total_changes == changes_before  # not even a rewrite of the same
    assert buyer_db.conn.execute("PRAGMA data_version").fetchone()[0] == data_version


@pytest.mark.parametrize(
    "newer",
    [
        pytest.param(
            lambda data: data["changes"].append({**data["changes"][-1], "op": "move"}),
            id="a change type",
        ),
        pytest.param(
            lambda data: data["changes"].append(
                {**data["changes"][-1], "op": "set", "field": "colour", "old": "", "new": "red"}
            ),
            id="a field in a change",
        ),
        pytest.param(
            lambda data: data["changes"].append({**data["changes"][-1], "entity": "risk"}),
            id="an entity",
        ),
    ],
)
def test_plan_data_this_version_does_not_know_is_refused_as_made_by_a_newer_mutualplan(
    seller_db, buyer_db, shared, newer
):
    import json

    from mutualplan.exchange.plan_data import PlanDataError

    data = json.loads(plan_file(seller_db, shared.id, SELLER))
    newer(data)
    before = database_digest(buyer_db)
    with pytest.raises(PlanDataError, match="made by a newer MutualPlan"):
        decode_plan_data(json.dumps(data).encode("utf-8"))
    assert database_digest(buyer_db) == before


def test_malformed_plan_data_is_still_called_malformed(seller_db, shared):
    import json

    from mutualplan.exchange.plan_data import PlanDataError

    data = json.loads(plan_file(seller_db, shared.id, SELLER))
    data["changes"].append({**data["changes"][-1], "entity_id": None})
    with pytest.raises(PlanDataError, match="malformed"):
        decode_plan_data(json.dumps(data).encode("utf-8"))


def send(source: Store, target: Store, plan_id: str, author: Author):
    return import_plan_data(target, decode_plan_data(plan_file(source, plan_id, author)))


def test_keeping_a_milestone_removed_on_one_side_brings_back_what_went_with_it(
    seller_db, buyer_db, shared
):
    """The seller removes the security review (its action, the pilot's dependency on
    it and the evidence linked to it go with it); the buyer meanwhile gives it a due
    date. Settled by keeping it, all of that comes back, in both copies."""
    import datetime as dt

    from mutualplan.exchange.conflicts import KEEP, describe, settle
    from mutualplan.exchange.merge import EXISTS

    state = seller_db.load(shared.id)
    _kickoff, review, pilot = state.milestone_order()
    seller_db.commit(state, edits.add_action(state, review.id, {"title": "Send SIG Lite"}), SELLER)
    seller_db.commit(
        state, edits.set_field(state, "milestone", pilot.id, "depends_on", (review.id,)), SELLER
    )
    seller_db.commit(
        state,
        edits.add_evidence(state, {"title": "SOC 2 report", "milestone_id": review.id}),
        SELLER,
    )
    send(seller_db, buyer_db, shared.id, SELLER)
    [action_id] = state.actions
    [evidence_id] = state.evidence

    seller_db.commit(state, edits.delete(state, "milestone", review.id), SELLER)
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", review.id, "due", dt.date(2027, 5, 4)), BUYER
    )
    send(buyer_db, seller_db, shared.id, BUYER)

    state = seller_db.load(shared.id)
    [removal] = [v for v in describe(seller_db, state, shared.id) if v.field == EXISTS]
    assert "Action “Send SIG Lite”" in removal.comes_back
    assert "Milestone “Pilot” depends on it again" in removal.comes_back
    assert "Evidence “SOC 2 report” is linked to it again" in removal.comes_back

    settle(seller_db, state, removal, KEEP, SELLER)
    for store in (seller_db, buyer_db):
        if store is buyer_db:
            send(seller_db, buyer_db, shared.id, SELLER)
        kept = store.load(shared.id)
        assert kept.milestones[review.id].due == dt.date(2027, 5, 4)
        assert [a.id for a in kept.actions_of(review.id)] == [action_id]
        assert kept.milestones[pilot.id].depends_on == (review.id,)
        assert kept.evidence[evidence_id].milestone_id == review.id
        assert store.conflicts_of(shared.id) == []


def test_a_plan_reactivated_on_one_side_while_the_other_started_a_new_one_is_a_conflict(
    seller_db, buyer_db, shared
):
    """Both copies set the plan aside. The buyer takes it up again; the seller starts a
    new plan for the same buyer. Neither import is refused: each side sees the question
    "which plan is the buyer's one active plan", and settling it on one side settles it
    on the other when the copies meet."""
    from mutualplan.exchange.conflicts import describe, settle
    from mutualplan.exchange.merge import ACTIVE

    state = seller_db.load(shared.id)
    seller_db.commit(
        state, edits.set_field(state, "plan", shared.id, "status", "abandoned"), SELLER
    )
    send(seller_db, buyer_db, shared.id, SELLER)
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(theirs, edits.set_field(theirs, "plan", shared.id, "status", "draft"), BUYER)
    fresh = seller_db.create_plan(
        {"title": "Contoso rollout, take two", "buyer_org": "Contoso Ltd", "seller_org": "N"},
        SELLER,
    )

    # The seller takes the buyer's copy of the old plan: not refused.
    summary = send(buyer_db, seller_db, shared.id, BUYER)
    assert summary.rivals == ["Contoso rollout, take two"]
    assert seller_db.load(shared.id).plan.status == "draft"
    [view] = describe(seller_db, seller_db.load(shared.id), shared.id)
    assert view.field == ACTIVE
    assert "Contoso rollout, take two" in view.what or any(
        "Contoso rollout, take two" in c.shown for c in view.candidates
    )
    # The buyer takes the seller's new plan: not refused either, and the buyer sees it.
    summary = send(seller_db, buyer_db, fresh.id, SELLER)
    assert summary.created and summary.rivals == ["Contoso rollout"]
    assert [v.field for v in describe(buyer_db, buyer_db.load(fresh.id), fresh.id)] == [ACTIVE]

    # The buyer settles: the new plan is the one. The old one is set aside.
    new_view = describe(buyer_db, buyer_db.load(fresh.id), fresh.id)[0]
    settle(buyer_db, buyer_db.load(fresh.id), new_view, "draft", BUYER)
    assert buyer_db.load(shared.id).plan.status == "abandoned"
    assert buyer_db.conflicts_of(shared.id) == [] and buyer_db.conflicts_of(fresh.id) == []
    send(buyer_db, seller_db, shared.id, BUYER)
    assert seller_db.load(shared.id).plan.status == "abandoned"
    assert seller_db.conflicts_of(shared.id) == [] and seller_db.conflicts_of(fresh.id) == []


def test_a_merge_that_forms_a_dependency_cycle_is_reported(seller_db, buyer_db, shared):
    """Apart, the seller makes the pilot depend on the security review and the buyer
    makes the review depend on the pilot: each edit is fine alone; merged they loop."""
    ours = seller_db.load(shared.id)
    _kickoff, review, pilot = ours.milestone_order()
    seller_db.commit(
        ours, edits.set_field(ours, "milestone", pilot.id, "depends_on", (review.id,)), SELLER
    )
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", review.id, "depends_on", (pilot.id,)), BUYER
    )
    summary = send(buyer_db, seller_db, shared.id, BUYER)
    assert summary.cycles == [["Security review", "Pilot"]]
    assert summary.pending  # the import reports something to settle (exit 1)
    # And the other way round, the same.
    summary = send(seller_db, buyer_db, shared.id, SELLER)
    assert summary.cycles == [["Security review", "Pilot"]]


def test_milestones_added_on_both_sides_with_the_same_title_are_possible_duplicates(
    seller_db, buyer_db, shared
):
    ours = seller_db.load(shared.id)
    seller_db.commit(ours, edits.add_milestone(ours, {"title": "Go-live"}), SELLER)
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(theirs, edits.add_milestone(theirs, {"title": "go-live "}), BUYER)
    buyer_db.commit(theirs, edits.add_milestone(theirs, {"title": "Training"}), BUYER)
    summary = send(buyer_db, seller_db, shared.id, BUYER)
    assert summary.duplicates == [("Go-live", "go-live ")]
    assert len(seller_db.load(shared.id).milestones) == 6  # nothing merged away
    # The buyer is told too, when the seller's copy reaches it: (ours, theirs).
    again = send(seller_db, buyer_db, shared.id, SELLER)
    assert again.duplicates == [("go-live ", "Go-live")]


def test_the_common_value_of_a_re_raised_conflict_is_the_last_one_both_agreed_on(
    seller_db, buyer_db, shared
):
    """Both rename the kick-off apart; the seller settles the conflict while the buyer,
    not having seen that, renames it once more. The question comes back; its common
    value is "Kick-off", the last title both copies held, not the buyer's first rename,
    which the seller's copy only ever held as one side of a conflict."""
    from mutualplan.exchange.conflicts import describe, settle

    kickoff = seller_db.load(shared.id).milestone_order()[0].id
    ours = seller_db.load(shared.id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", kickoff, "title", "Launch"), SELLER)
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", kickoff, "title", "Start"), BUYER)
    send(buyer_db, seller_db, shared.id, BUYER)
    [first] = describe(seller_db, seller_db.load(shared.id), shared.id)
    assert first.common_shown == "Kick-off"
    settle(seller_db, seller_db.load(shared.id), first, "Launch day", SELLER)

    theirs = buyer_db.load(shared.id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", kickoff, "title", "Start, again"), BUYER
    )
    send(buyer_db, seller_db, shared.id, BUYER)
    [again] = describe(seller_db, seller_db.load(shared.id), shared.id)
    assert sorted(c.shown for c in again.candidates) == ["Launch day", "Start, again"]
    assert again.common_shown == "Kick-off"
