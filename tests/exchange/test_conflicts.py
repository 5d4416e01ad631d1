"""Conflicts after a merge: described side by side, settled by one change that wins in
every copy. Two databases exchange plan data in memory; one test goes through PDFs."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from pypdf import PdfReader

from mutualplan.domain import edits
from mutualplan.domain.canonical import digest, snapshot
from mutualplan.domain.changes import CREATE, Change
from mutualplan.domain.model import Author, values_of
from mutualplan.domain.state import PlanRuleError, PlanState
from mutualplan.exchange.conflicts import KEEP, REMOVE, describe, settle, settlement
from mutualplan.exchange.importer import ImportRefusedError, import_plan_data
from mutualplan.exchange.merge import EXISTS, materialize, saw
from mutualplan.exchange.plan_data import decode_plan_data, encode_plan_data
from mutualplan.pdf.export import export_pdf, prepare_export
from mutualplan.store import Store
from mutualplan.workflows.importing import import_pdf

SELLER = Author("Alex Morgan", "seller", organisation="Northwind Software")
BUYER = Author("Олена Коваль", "buyer", organisation="Contoso Ltd")


def send(source: Store, target: Store, plan_id: str, author: Author):
    """What exporting a PDF and importing it on the other side does, in memory."""
    state = source.load(plan_id)
    revision, document = source.freeze_revision(state, author)
    raw = encode_plan_data(revision, document, source.history(plan_id))
    return import_plan_data(target, decode_plan_data(raw))


def agree(one: Store, other: Store, plan_id: str) -> bool:
    return digest(snapshot(one.load(plan_id))) == digest(snapshot(other.load(plan_id)))


@pytest.fixture
def shared(seller_db: Store, buyer_db: Store) -> PlanState:
    """A plan the seller wrote and the buyer imported: both copies hold the same."""
    state = seller_db.create_plan(
        {"title": "Contoso rollout", "buyer_org": "Contoso Ltd", "seller_org": "Northwind"},
        SELLER,
    )
    for title in ("Kick-off", "Security review", "Pilot", "Go-live"):
        seller_db.commit(state, edits.add_milestone(state, {"title": title}), SELLER)
    pilot = state.milestone_order()[2]
    seller_db.commit(state, edits.add_action(state, pilot.id, {"title": "Book room"}), SELLER)
    assert send(seller_db, buyer_db, state.id, SELLER).created
    return state


def milestone(store: Store, plan_id: str, number: int):
    return store.load(plan_id).milestone_order()[number - 1]


@pytest.fixture
def diverged(seller_db: Store, buyer_db: Store, shared: PlanState) -> dict[str, str]:
    """Both sides renamed the kick-off; the seller removed the security review while
    the buyer gave it a due date. The buyer's copy then reaches the seller."""
    kickoff = milestone(seller_db, shared.id, 1).id
    review = milestone(seller_db, shared.id, 2).id
    ours = seller_db.load(shared.id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", kickoff, "title", "Launch"), SELLER)
    seller_db.commit(ours, edits.delete(ours, "milestone", review), SELLER)
    theirs = buyer_db.load(shared.id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", kickoff, "title", "Kick-off (Contoso)"), BUYER
    )
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", review, "due", dt.date(2026, 5, 4)), BUYER
    )
    summary = send(buyer_db, seller_db, shared.id, BUYER)
    assert len(summary.conflicts) == 2
    return {"plan": shared.id, "kickoff": kickoff, "review": review}


def merged_conflicts(store: Store, plan_id: str):
    """What the merge says from the whole log, independent of the conflicts table."""
    state = store.load(plan_id)
    return materialize(state.plan, store.history(plan_id))


# -- describing ---------------------------------------------------------------------


def test_a_field_conflict_shows_theirs_ours_and_the_common_value(seller_db, diverged):
    state = seller_db.load(diverged["plan"])
    views = describe(seller_db, state, diverged["plan"])
    assert [(v.entity_id, v.field) for v in views] == [
        (diverged["kickoff"], "title"),
        (diverged["review"], EXISTS),
    ]
    title = views[0]
    assert title.field_label == "Title"
    assert title.what == "Milestone #1 “Kick-off”: Title"  # named as both sides knew it
    assert [c.shown for c in title.theirs] == ["Kick-off (Contoso)"]
    assert [(c.author, c.side) for c in title.theirs] == [("Олена Коваль", "buyer")]
    assert [c.shown for c in title.ours] == ["Launch"]
    assert title.ours[0].replica == seller_db.replica
    assert title.common_shown == "Kick-off"  # the value both copies had when they met
    assert title.current in ("Launch", "Kick-off (Contoso)")
    assert all(c.when and c.when[0].isdigit() for c in title.candidates)
    assert [ours for ours, _ in title.sides()] == [False, True]


def test_a_removal_made_apart_from_an_edit_is_a_question_not_a_loss(seller_db, diverged):
    state = seller_db.load(diverged["plan"])
    assert state.milestones[diverged["review"]].due == dt.date(2026, 5, 4)  # kept for now
    [removal] = [v for v in describe(seller_db, state, diverged["plan"]) if v.is_removal]
    assert removal.name == "Security review"
    assert "removed on one side, changed on the other" in removal.what
    assert [c.shown for c in removal.ours] == ["Removed it"]
    assert [c.shown for c in removal.theirs] == ["Due: 04 May 2026"]
    assert removal.common_shown == "In the plan\nDue: (empty)"


# -- settling a field ---------------------------------------------------------------


def test_keeping_theirs_settles_the_field_here_in_the_merge_and_in_the_other_copy(
    seller_db, buyer_db, diverged
):
    plan_id, kickoff = diverged["plan"], diverged["kickoff"]
    state = seller_db.load(plan_id)
    [title] = [v for v in describe(seller_db, state, plan_id) if v.field == "title"]
    [recorded] = settle(seller_db, state, title, title.theirs[0].value, SELLER)
    assert recorded.change.new == "Kick-off (Contoso)"
    assert all(saw(recorded, c.record) for c in title.candidates)

    assert seller_db.load(plan_id).milestones[kickoff].title == "Kick-off (Contoso)"
    assert [c[:3] for c in seller_db.conflicts_of(plan_id)] == [
        ("milestone", diverged["review"], EXISTS)
    ]
    merged = merged_conflicts(seller_db, plan_id)
    assert [c.key for c in merged.conflicts] == [("milestone", diverged["review"], EXISTS)]
    assert merged.state.milestones[kickoff].title == "Kick-off (Contoso)"

    send(seller_db, buyer_db, plan_id, SELLER)
    assert buyer_db.load(plan_id).milestones[kickoff].title == "Kick-off (Contoso)"
    assert [c[2] for c in buyer_db.conflicts_of(plan_id)] == [EXISTS]


def test_choosing_the_value_already_shown_still_records_the_decision(seller_db, buyer_db, diverged):
    """The tie-break showed one value; choosing it must still reach the other copy."""
    plan_id, kickoff = diverged["plan"], diverged["kickoff"]
    state = seller_db.load(plan_id)
    [title] = [v for v in describe(seller_db, state, plan_id) if v.field == "title"]
    before = len(seller_db.history(plan_id))
    [recorded] = settle(seller_db, state, title, title.current, SELLER)
    assert recorded.change.old == recorded.change.new == title.current
    assert len(seller_db.history(plan_id)) == before + 1
    assert not [c for c in merged_conflicts(seller_db, plan_id).conflicts if c.field == "title"]
    send(seller_db, buyer_db, plan_id, SELLER)
    assert buyer_db.load(plan_id).milestones[kickoff].title == title.current
    assert not [c for c in buyer_db.conflicts_of(plan_id) if c[2] == "title"]


def test_writing_a_third_value(seller_db, diverged):
    plan_id, kickoff = diverged["plan"], diverged["kickoff"]
    state = seller_db.load(plan_id)
    [title] = [v for v in describe(seller_db, state, plan_id) if v.field == "title"]
    settle(seller_db, state, title, "Joint kick-off", BUYER)
    assert seller_db.load(plan_id).milestones[kickoff].title == "Joint kick-off"
    merged = merged_conflicts(seller_db, plan_id)
    assert merged.state.milestones[kickoff].title == "Joint kick-off"
    assert [c.field for c in merged.conflicts] == [EXISTS]


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("due", "31/02/2026", "must be a date"),
        ("title", "", "cannot be empty"),
        ("status", "finished", "must be one of"),
    ],
)
def test_a_value_the_rules_refuse_is_refused_and_nothing_is_saved(
    seller_db, buyer_db, shared, field, bad, message
):
    plan_id = shared.id
    pilot = milestone(seller_db, plan_id, 3).id
    good = {"due": dt.date(2026, 6, 1), "title": "Pilot A", "status": "at_risk"}[field]
    other = {"due": dt.date(2026, 6, 8), "title": "Pilot B", "status": "blocked"}[field]
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", pilot, field, good), SELLER)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", pilot, field, other), BUYER)
    send(buyer_db, seller_db, plan_id, BUYER)
    state = seller_db.load(plan_id)
    [view] = describe(seller_db, state, plan_id)
    before = len(seller_db.history(plan_id))
    with pytest.raises(PlanRuleError, match=message):
        settle(seller_db, state, view, bad, SELLER)
    assert len(seller_db.history(plan_id)) == before
    assert len(seller_db.conflicts_of(plan_id)) == 1


def test_a_dependency_that_would_make_a_cycle_is_refused(seller_db, buyer_db, shared):
    plan_id = shared.id
    one, two, three = (milestone(seller_db, plan_id, n).id for n in (1, 2, 3))
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", one, "depends_on", (two,)), SELLER)
    seller_db.commit(ours, edits.set_field(ours, "milestone", three, "depends_on", (one,)), SELLER)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", one, "depends_on", (three,)), BUYER
    )
    send(buyer_db, seller_db, plan_id, BUYER)
    state = seller_db.load(plan_id)
    [view] = describe(seller_db, state, plan_id)
    assert view.field == "depends_on"
    assert {c.shown for c in view.candidates} == {"#2 Security review", "#3 Pilot"}
    with pytest.raises(PlanRuleError, match="cycle"):
        settlement(state, view, (three,))
    settle(seller_db, state, view, [two, two], SELLER)  # a list, with a duplicate: one set
    assert seller_db.load(plan_id).milestones[one].depends_on == (two,)


def test_settling_a_milestone_as_not_done_clears_its_done_date(seller_db, buyer_db, shared):
    plan_id = shared.id
    pilot = milestone(seller_db, plan_id, 3).id
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    done = edits.set_field(ours, "milestone", pilot, "status", "done", dt.date(2026, 3, 2))
    seller_db.commit(ours, done, SELLER)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", pilot, "status", "at_risk"), BUYER)
    send(buyer_db, seller_db, plan_id, BUYER)
    state = seller_db.load(plan_id)
    [view] = describe(seller_db, state, plan_id)
    settle(seller_db, state, view, "at_risk", SELLER)
    after = seller_db.load(plan_id).milestones[pilot]
    assert (after.status, after.done_on) == ("at_risk", None)


# -- settling a removal -------------------------------------------------------------


def test_keeping_an_entity_removed_on_one_side_brings_it_back_everywhere(
    seller_db, buyer_db, diverged
):
    plan_id, review = diverged["plan"], diverged["review"]
    state = seller_db.load(plan_id)
    [removal] = [v for v in describe(seller_db, state, plan_id) if v.is_removal]
    rows_before = snapshot(state)
    [recorded] = settle(seller_db, state, removal, KEEP, SELLER)
    assert recorded.change.op == "create"
    assert snapshot(seller_db.load(plan_id)) == rows_before  # the log changed, not the plan
    assert [c[2] for c in seller_db.conflicts_of(plan_id)] == ["title"]
    merged = merged_conflicts(seller_db, plan_id)
    assert [c.field for c in merged.conflicts] == ["title"]
    assert merged.state.milestones[review].due == dt.date(2026, 5, 4)

    send(seller_db, buyer_db, plan_id, SELLER)
    assert buyer_db.load(plan_id).milestones[review].due == dt.date(2026, 5, 4)
    assert [c[2] for c in buyer_db.conflicts_of(plan_id)] == ["title"]


def test_removing_it_after_all_removes_it_everywhere(seller_db, buyer_db, diverged):
    plan_id, review = diverged["plan"], diverged["review"]
    state = buyer_db.load(plan_id)
    send(seller_db, buyer_db, plan_id, SELLER)  # the buyer sees the question too
    state = buyer_db.load(plan_id)
    [removal] = [v for v in describe(buyer_db, state, plan_id) if v.is_removal]
    assert [c.shown for c in removal.theirs] == ["Removed it"]  # seen from the buyer's side
    settle(buyer_db, state, removal, REMOVE, BUYER)
    assert review not in buyer_db.load(plan_id).milestones
    assert not [c for c in merged_conflicts(buyer_db, plan_id).conflicts if c.field == EXISTS]
    send(buyer_db, seller_db, plan_id, BUYER)
    assert review not in seller_db.load(plan_id).milestones
    assert [c[2] for c in seller_db.conflicts_of(plan_id)] == ["title"]


def test_keeping_waits_for_the_other_questions_about_the_same_entity(seller_db, buyer_db, shared):
    """The seller renamed the pilot and then removed it; the buyer renamed it too."""
    plan_id = shared.id
    pilot = milestone(seller_db, plan_id, 3).id
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", pilot, "title", "Pilot A"), SELLER)
    seller_db.commit(ours, edits.delete(ours, "milestone", pilot), SELLER)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", pilot, "title", "Pilot B"), BUYER)
    send(buyer_db, seller_db, plan_id, BUYER)
    state = seller_db.load(plan_id)
    views = describe(seller_db, state, plan_id)
    assert [v.field for v in views] == ["title", EXISTS]  # the field first
    assert views[1].blocked_by == ("Title",)
    with pytest.raises(PlanRuleError, match=r"First settle .* \(Title\)"):
        settle(seller_db, state, views[1], KEEP, SELLER)
    settle(seller_db, state, views[0], "Pilot B", SELLER)
    settle(seller_db, state, describe(seller_db, state, plan_id)[0], KEEP, SELLER)
    assert seller_db.conflicts_of(plan_id) == []
    assert merged_conflicts(seller_db, plan_id).conflicts == []
    send(seller_db, buyer_db, plan_id, SELLER)
    assert agree(seller_db, buyer_db, plan_id)
    assert buyer_db.conflicts_of(plan_id) == []


# -- what the merge reports ----------------------------------------------------------


def test_both_sides_removing_an_entity_is_no_question(seller_db, buyer_db, shared):
    """Even when one side edited it before removing it."""
    plan_id = shared.id
    pilot = milestone(seller_db, plan_id, 3).id
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    seller_db.commit(ours, edits.set_field(ours, "milestone", pilot, "title", "Pilot A"), SELLER)
    seller_db.commit(ours, edits.delete(ours, "milestone", pilot), SELLER)
    buyer_db.commit(theirs, edits.delete(theirs, "milestone", pilot), BUYER)
    assert send(buyer_db, seller_db, plan_id, BUYER).conflicts == []
    assert pilot not in seller_db.load(plan_id).milestones
    send(seller_db, buyer_db, plan_id, SELLER)
    assert agree(seller_db, buyer_db, plan_id)


def test_a_field_conflict_on_an_entity_removed_since_is_not_reported_again(
    seller_db, buyer_db, diverged
):
    plan_id, kickoff = diverged["plan"], diverged["kickoff"]
    state = seller_db.load(plan_id)
    seller_db.commit(state, edits.delete(state, "milestone", kickoff), SELLER)
    assert [c[2] for c in seller_db.conflicts_of(plan_id)] == [EXISTS]
    summary = send(seller_db, buyer_db, plan_id, SELLER)
    assert [c.field for c in summary.conflicts] == [EXISTS]
    assert [c[2] for c in buyer_db.conflicts_of(plan_id)] == [EXISTS]


def test_an_action_edited_in_a_milestone_removed_on_the_other_side_keeps_both(
    seller_db, buyer_db, shared
):
    plan_id = shared.id
    pilot = milestone(seller_db, plan_id, 3).id
    ours, theirs = seller_db.load(plan_id), buyer_db.load(plan_id)
    [action] = theirs.actions_of(pilot)
    seller_db.commit(ours, edits.delete(ours, "milestone", pilot), SELLER)
    buyer_db.commit(theirs, edits.set_field(theirs, "action", action.id, "done", True), BUYER)
    summary = send(buyer_db, seller_db, plan_id, BUYER)
    assert sorted((c.entity, c.field) for c in summary.conflicts) == [
        ("action", EXISTS),
        ("milestone", EXISTS),
    ]
    state = seller_db.load(plan_id)
    assert state.actions[action.id].done and pilot in state.milestones
    views = describe(seller_db, state, plan_id)
    assert [v.entity for v in views] == ["milestone", "action"]
    assert [c.shown for c in views[0].theirs] == ["Action “Book room”, done: Yes"]
    for view in views:
        settle(seller_db, state, view, KEEP, SELLER)
    assert seller_db.conflicts_of(plan_id) == []
    assert merged_conflicts(seller_db, plan_id).conflicts == []


def test_plan_data_with_a_value_no_mutualplan_writes_is_refused_whole(seller_db, buyer_db, shared):
    import json

    state = seller_db.load(shared.id)
    revision, document = seller_db.freeze_revision(state, SELLER)
    data = json.loads(encode_plan_data(revision, document, seller_db.history(shared.id)))
    for change in data["changes"]:
        if change["op"] == "create" and change["entity"] == "milestone":
            change["new"]["status"] = "finished"
    for item in data["plan"]["milestones"]:
        item["status"] = "finished"
    data["revision"]["sha256"] = digest(data["plan"])
    before = seller_db.history(shared.id)
    with pytest.raises(ImportRefusedError, match=r"fails validation \(milestone “Kick-off”"):
        import_plan_data(seller_db, decode_plan_data(json.dumps(data).encode()))
    assert seller_db.history(shared.id) == before
    with Store(Path(buyer_db.path).with_name("third.sqlite")) as third:
        with pytest.raises(ImportRefusedError):
            import_plan_data(third, decode_plan_data(json.dumps(data).encode()))
        assert third.plans() == []


# -- through real PDFs ----------------------------------------------------------------


def pdf_text(path: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(path).pages)


def test_through_pdfs_the_document_marks_unsettled_changes_until_they_are_settled(
    seller_db, buyer_db, diverged, tmp_path: Path
):
    plan_id = diverged["plan"]
    # The seller's copy now has both questions; its PDF says so on the cover.
    assert prepare_export(seller_db, plan_id, SELLER).unsettled_conflicts == 2
    pending_pdf = tmp_path / "pending.pdf"
    export_pdf(seller_db, plan_id, pending_pdf, SELLER)
    assert "unsettled" in " ".join(pdf_text(pending_pdf).split())

    state = seller_db.load(plan_id)
    for view in describe(seller_db, state, plan_id):
        settle(
            seller_db, state, view, view.theirs[0].value if view.field != EXISTS else KEEP, SELLER
        )
    assert seller_db.conflicts_of(plan_id) == []
    settled_pdf = tmp_path / "settled.pdf"
    job = export_pdf(seller_db, plan_id, settled_pdf, SELLER)
    assert job.unsettled_conflicts == 0
    assert "unsettled" not in pdf_text(settled_pdf)

    summary = import_pdf(buyer_db, settled_pdf.read_bytes())
    assert not summary.created and summary.conflicts == []
    assert buyer_db.conflicts_of(plan_id) == []
    assert agree(seller_db, buyer_db, plan_id)
    # Importing the same file again changes nothing.
    again = import_pdf(buyer_db, settled_pdf.read_bytes())
    assert again.taken == 0 and agree(seller_db, buyer_db, plan_id)


def test_keeping_records_only_the_entity_as_the_plan_holds_it(seller_db, diverged):
    state = seller_db.load(diverged["plan"])
    review = state.milestones[diverged["review"]]
    changed = {**values_of(review), "title": "Something else"}
    with pytest.raises(ValueError):
        seller_db.reassert(state, Change(CREATE, "milestone", review.id, new=changed), SELLER)
    with pytest.raises(ValueError):
        seller_db.reassert(state, Change(CREATE, "milestone", "no-such-id", new=changed), SELLER)


def test_the_merge_depends_on_the_set_of_changes_not_their_order(
    seller_db, buyer_db, shared, tmp_path
):
    """Three copies edit, remove and rename apart; every order gives one plan."""
    plan_id = shared.id
    with Store(tmp_path / "third.sqlite") as third:
        send(seller_db, third, plan_id, SELLER)
        one, two, three = (milestone(seller_db, plan_id, n).id for n in (1, 2, 3))
        a, b, c = seller_db.load(plan_id), buyer_db.load(plan_id), third.load(plan_id)
        seller_db.commit(a, edits.set_field(a, "milestone", one, "title", "A"), SELLER)
        seller_db.commit(a, edits.delete(a, "milestone", three), SELLER)
        buyer_db.commit(b, edits.set_field(b, "milestone", one, "title", "B"), BUYER)
        [action] = b.actions_of(three)
        buyer_db.commit(b, edits.set_field(b, "action", action.id, "done", True), BUYER)
        third.commit(c, edits.delete(c, "milestone", two), SELLER)
        third.commit(c, edits.set_field(c, "milestone", one, "due", dt.date(2026, 9, 1)), SELLER)
        records = seller_db.history(plan_id) + buyer_db.history(plan_id) + third.history(plan_id)
    plan = seller_db.load(plan_id).plan
    shuffler = random.Random(7)
    outcomes = set()
    for _ in range(12):
        shuffler.shuffle(records)
        merged = materialize(plan, records)
        outcomes.add((digest(snapshot(merged.state)), tuple(c.key for c in merged.conflicts)))
    [(_, keys)] = outcomes
    assert {(entity, field) for entity, _, field in keys} == {
        ("milestone", "title"),
        ("milestone", EXISTS),
        ("action", EXISTS),
    }
