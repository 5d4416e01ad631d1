"""PlanState refuses what the plan's rules forbid, and changes nothing when it does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.changes import CREATE, DELETE, REORDER, SET, Change, inverse_of
from mutualplan.domain.model import Milestone, MilestoneStatus
from mutualplan.domain.state import PlanRuleError, PlanState, StaleChangeError

Contents = Callable[[PlanState], dict[str, Any]]


def refuse(state: PlanState, changes: list[Change], contents_of: Contents, match: str) -> None:
    """Applying `changes` is refused with a message matching `match`; nothing changes."""
    before = contents_of(state)
    with pytest.raises(PlanRuleError, match=match):
        state.apply_all(changes)
    assert contents_of(state) == before


def milestone(state: PlanState, number: int) -> Milestone:
    return state.milestone_order()[number - 1]


# -- values --------------------------------------------------------------------------


def test_a_due_date_before_the_start_is_refused_with_both_dates(
    state: PlanState, contents_of: Contents
) -> None:
    m = milestone(state, 3)
    assert m.start is not None
    too_early = m.start - dt.timedelta(days=1)
    refuse(
        state,
        edits.set_field(state, "milestone", m.id, "due", too_early),
        contents_of,
        f"due date \\({too_early:%d %b %Y}\\) is before the start \\({m.start:%d %b %Y}\\)",
    )


def test_a_start_after_the_due_date_is_refused(state: PlanState, contents_of: Contents) -> None:
    m = milestone(state, 3)
    assert m.due is not None
    refuse(
        state,
        edits.set_field(state, "milestone", m.id, "start", m.due + dt.timedelta(days=1)),
        contents_of,
        "is before the start",
    )


def test_a_new_milestone_due_before_it_starts_is_refused(
    state: PlanState, contents_of: Contents
) -> None:
    values = {"title": "Pilot", "start": dt.date(2026, 5, 4), "due": dt.date(2026, 5, 1)}
    refuse(state, edits.add_milestone(state, values), contents_of, "is before the start")


def test_a_due_date_on_the_start_day_is_allowed(state: PlanState) -> None:
    m = milestone(state, 3)
    state.apply_all(edits.set_field(state, "milestone", m.id, "due", m.start))
    assert m.due == m.start


WRONG_TYPES = [
    ("milestone", "due", "2026-05-01", "Due must be a date"),
    ("milestone", "due", dt.datetime(2026, 5, 1, 9, 30), "Due must be a date"),
    ("milestone", "due", dt.date(1066, 10, 14), "not a plausible date"),
    ("milestone", "lead_days", "5", "must be a whole number"),
    ("milestone", "lead_days", 2.5, "must be a whole number"),
    ("milestone", "lead_days", True, "must be a whole number"),
    ("milestone", "lead_days", -1, "between 0 and 2000"),
    ("milestone", "status", "finished", "Status must be one of"),
    ("milestone", "side", "vendor", "Side must be one of"),
    ("milestone", "title", 42, "Milestone must be text"),
    ("milestone", "title", "Legal\nreview", "must fit on one line"),
    ("milestone", "depends_on", ["x"], "must be a list of milestones"),
    ("milestone", "depends_on", (7,), "that milestone is not in this plan"),
    ("milestone", "owner_id", ["x"], "that person is not in this plan"),
    ("milestone", "owner_id", 7, "that person is not in this plan"),
    ("milestone", "rank", 3, "order key must be text"),
    ("action", "done", 1, "Done must be yes or no"),
    ("action", "milestone_id", None, "Milestone is required"),
    ("action", "milestone_id", "gone", "that milestone is not in this plan"),
    ("evidence", "kind", "rumour", "Kind must be one of"),
    ("person", "side", "joint", "Side must be one of"),
    ("plan", "target_date", "soon", "Target date must be a date"),
]


@pytest.mark.parametrize(("kind", "name", "value", "message"), WRONG_TYPES)
def test_a_value_of_the_wrong_type_is_refused(
    state: PlanState, contents_of: Contents, kind: str, name: str, value: Any, message: str
) -> None:
    entity = state.ordered(kind)[0] if kind != "plan" else state.plan
    change = Change(SET, kind, entity.id, name, getattr(entity, name), value)
    refuse(state, [change], contents_of, message)


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("plan", "title", "Title cannot be empty"),
        ("plan", "buyer_org", "Buyer cannot be empty"),
        ("milestone", "title", "Milestone cannot be empty"),
        ("action", "title", "Action cannot be empty"),
        ("person", "name", "Name cannot be empty"),
        ("evidence", "title", "Evidence cannot be empty"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   "])
def test_required_text_cannot_be_blanked(
    state: PlanState, contents_of: Contents, kind: str, name: str, message: str, blank: str
) -> None:
    entity = state.ordered(kind)[0] if kind != "plan" else state.plan
    refuse(state, edits.set_field(state, kind, entity.id, name, blank), contents_of, message)


def test_optional_text_can_be_emptied(state: PlanState) -> None:
    m = milestone(state, 1)
    state.apply_all(edits.set_field(state, "milestone", m.id, "exit_criteria", ""))
    assert m.exit_criteria == ""


def test_a_new_item_without_its_required_fields_is_refused(
    state: PlanState, contents_of: Contents
) -> None:
    refuse(
        state,
        [Change(CREATE, "milestone", "m-new", new={"side": "joint"})],
        contents_of,
        "A milestone needs: Milestone",
    )
    refuse(state, edits.add_milestone(state, {}), contents_of, "Milestone cannot be empty")
    refuse(
        state,
        [Change(CREATE, "action", "a-new", new={"title": "Send NDA"})],
        contents_of,
        "An? action needs: Milestone",
    )


def test_an_owner_who_is_not_in_the_plan_is_refused(
    state: PlanState, contents_of: Contents
) -> None:
    m = milestone(state, 1)
    refuse(
        state,
        edits.set_field(state, "milestone", m.id, "owner_id", "someone-else"),
        contents_of,
        "Owner: that person is not in this plan",
    )


def test_an_unknown_field_is_refused(state: PlanState, contents_of: Contents) -> None:
    m = milestone(state, 1)
    refuse(state, [Change(SET, "milestone", m.id, "deal_value", None, 1)], contents_of, "no field")
    with pytest.raises(PlanRuleError, match="no field"):
        edits.set_field(state, "milestone", m.id, "deal_value", 1)


def test_a_change_whose_old_value_is_not_current_is_stale(
    state: PlanState, contents_of: Contents
) -> None:
    m = milestone(state, 1)
    with pytest.raises(StaleChangeError, match="changed meanwhile"):
        state.apply(Change(SET, "milestone", m.id, "title", "Not what it says", "New"))
    gone = Change(SET, "milestone", "deleted-meanwhile", "title", "a", "b")
    with pytest.raises(StaleChangeError, match="no longer exists"):
        state.apply(gone)


def test_creating_twice_and_creating_or_deleting_a_plan_are_refused(
    state: PlanState, contents_of: Contents
) -> None:
    m = milestone(state, 1)
    refuse(state, [Change(CREATE, "milestone", m.id, new={"title": "x"})], contents_of, "exists")
    refuse(state, [Change(DELETE, "plan", state.id, old={})], contents_of, "abandon it")
    with pytest.raises(PlanRuleError, match="not deleted"):
        edits.delete(state, "plan", state.id)


# -- dependencies --------------------------------------------------------------------


def test_a_milestone_cannot_depend_on_itself(state: PlanState, contents_of: Contents) -> None:
    m = milestone(state, 2)
    refuse(
        state,
        edits.set_field(state, "milestone", m.id, "depends_on", (*m.depends_on, m.id)),
        contents_of,
        "cannot depend on itself",
    )


def chain(state: PlanState, titles: list[str]) -> list[Milestone]:
    """New milestones, each depending on the one before it."""
    made: list[Milestone] = []
    for title in titles:
        deps = (made[-1].id,) if made else ()
        [create] = edits.add_milestone(state, {"title": title, "depends_on": deps})
        state.apply(create)
        made.append(state.milestones[create.entity_id])
    return made


def test_a_two_milestone_cycle_is_refused_naming_both(
    state: PlanState, contents_of: Contents
) -> None:
    alpha, beta = chain(state, ["Alpha", "Beta"])
    refuse(
        state,
        edits.set_field(state, "milestone", alpha.id, "depends_on", (beta.id,)),
        contents_of,
        "dependency cycle: “Alpha” → “Beta” → “Alpha”",
    )


def test_a_three_milestone_cycle_is_refused_naming_the_loop(
    state: PlanState, contents_of: Contents
) -> None:
    alpha, beta, gamma = chain(state, ["Alpha", "Beta", "Gamma"])
    refuse(
        state,
        edits.set_field(state, "milestone", alpha.id, "depends_on", (gamma.id,)),
        contents_of,
        "dependency cycle: “Alpha” → “Gamma” → “Beta” → “Alpha”",
    )


def test_a_dependency_that_closes_no_loop_is_accepted(state: PlanState) -> None:
    alpha, beta, gamma = chain(state, ["Alpha", "Beta", "Gamma"])
    state.apply_all(
        edits.set_field(state, "milestone", gamma.id, "depends_on", (alpha.id, beta.id))
    )
    assert gamma.depends_on == tuple(sorted((alpha.id, beta.id)))


def test_dependencies_set_by_an_edit_are_stored_sorted_without_repeats(state: PlanState) -> None:
    alpha, beta, gamma = chain(state, ["Alpha", "Beta", "Gamma"])
    [change] = edits.set_field(
        state, "milestone", gamma.id, "depends_on", [beta.id, alpha.id, beta.id]
    )
    assert change.new == tuple(sorted({alpha.id, beta.id}))


# -- deleting, and undoing the delete ------------------------------------------------


def test_deleting_a_person_clears_every_reference_and_undo_restores_them(
    state: PlanState, contents_of: Contents
) -> None:
    before = contents_of(state)
    buyer = state.people_on("buyer")[0]
    owned = [m.id for m in state.milestones.values() if m.owner_id == buyer.id]
    owned_actions = [a.id for a in state.actions.values() if a.owner_id == buyer.id]
    decided = [e.id for e in state.evidence.values() if e.decided_by == buyer.id]
    assert owned and owned_actions and decided  # the fixture gives the delete work to do

    changes = edits.delete(state, "person", buyer.id)
    state.apply_all(changes)

    assert buyer.id not in state.people
    assert all(state.milestones[mid].owner_id is None for mid in owned)
    assert all(state.actions[aid].owner_id is None for aid in owned_actions)
    assert all(state.evidence[eid].decided_by is None for eid in decided)

    state.apply_all(inverse_of(changes))
    assert contents_of(state) == before


def test_deleting_a_milestone_removes_its_actions_unlinks_evidence_and_cleans_dependents(
    state: PlanState, contents_of: Contents
) -> None:
    before = contents_of(state)
    poc = milestone(state, 3)
    actions = [a.id for a in state.actions_of(poc.id)]
    dependents = [m.id for m in state.milestones.values() if poc.id in m.depends_on]
    linked = [e.id for e in state.evidence.values() if e.milestone_id == poc.id]
    assert actions and dependents and linked

    changes = edits.delete(state, "milestone", poc.id)
    state.apply_all(changes)

    assert poc.id not in state.milestones
    assert not set(actions) & set(state.actions)
    assert all(poc.id not in state.milestones[mid].depends_on for mid in dependents)
    assert all(state.evidence[eid].milestone_id is None for eid in linked)

    state.apply_all(inverse_of(changes))
    assert contents_of(state) == before
    assert [m.id for m in state.milestone_order()][2] == poc.id


def test_deleting_something_still_referred_to_without_the_cascade_is_refused(
    state: PlanState, contents_of: Contents
) -> None:
    buyer = state.people_on("buyer")[0]
    refuse(
        state,
        [Change(DELETE, "person", buyer.id, old={})],
        contents_of,
        "still owned by this person",
    )
    poc = milestone(state, 3)
    refuse(state, [Change(DELETE, "milestone", poc.id, old={})], contents_of, "still")


def test_deleting_what_is_already_gone_is_no_edit(state: PlanState) -> None:
    assert edits.delete(state, "milestone", "no-such-milestone") == []


# -- several changes as one edit -----------------------------------------------------


def test_apply_all_reverts_the_earlier_changes_when_a_later_one_is_refused(
    state: PlanState, contents_of: Contents
) -> None:
    first = milestone(state, 1)
    changes = [
        *edits.set_field(state, "milestone", first.id, "title", "Discovery, part one"),
        *edits.delete(state, "person", state.people_on("seller")[0].id),
        *edits.set_field(state, "milestone", first.id, "owner_id", "nobody"),
    ]
    refuse(state, changes, contents_of, "not in this plan")
    assert first.title == "Discovery workshop"


# -- moving --------------------------------------------------------------------------


def test_moving_a_milestone_puts_it_at_the_new_position(
    state: PlanState, contents_of: Contents
) -> None:
    before_ids = [m.id for m in state.milestone_order()]
    before = contents_of(state)
    changes = edits.move(state, "milestone", before_ids[0], 3)
    assert len(changes) == 1 and changes[0].field == "rank"
    state.apply_all(changes)
    after_ids = [m.id for m in state.milestone_order()]
    assert after_ids == [*before_ids[1:4], before_ids[0], *before_ids[4:]]
    state.apply_all(inverse_of(changes))
    assert contents_of(state) == before


def test_moving_to_the_end_and_past_it(state: PlanState) -> None:
    ids = [m.id for m in state.milestone_order()]
    state.apply_all(edits.move(state, "milestone", ids[4], 999))
    assert [m.id for m in state.milestone_order()] == [*ids[:4], *ids[5:], ids[4]]
    state.apply_all(edits.move(state, "milestone", ids[4], -5))
    assert [m.id for m in state.milestone_order()][0] == ids[4]


def test_moving_to_where_it_already_is_is_no_edit(state: PlanState) -> None:
    second = milestone(state, 2)
    assert edits.move(state, "milestone", second.id, 1) == []
    assert edits.move(state, "milestone", "gone", 0) == []


def test_moving_an_action_reorders_only_within_its_milestone(state: PlanState) -> None:
    poc = milestone(state, 3)
    actions = [a.id for a in state.actions_of(poc.id)]
    assert len(actions) == 3
    state.apply_all(edits.move(state, "action", actions[2], 0))
    assert [a.id for a in state.actions_of(poc.id)] == [actions[2], actions[0], actions[1]]


# -- knock-on changes of set_field ---------------------------------------------------


def test_marking_a_milestone_done_records_the_day(state: PlanState) -> None:
    m = milestone(state, 1)
    today = dt.date(2026, 5, 4)
    changes = edits.set_field(state, "milestone", m.id, "status", MilestoneStatus.DONE, today)
    state.apply_all(changes)
    assert (m.status, m.done_on) == (MilestoneStatus.DONE, today)


def test_reopening_a_done_milestone_clears_its_done_day(state: PlanState) -> None:
    m = milestone(state, 1)
    state.apply_all(
        edits.set_field(state, "milestone", m.id, "status", "done", dt.date(2026, 5, 4))
    )
    state.apply_all(edits.set_field(state, "milestone", m.id, "status", "in_progress"))
    assert m.done_on is None


def test_a_done_day_someone_entered_is_kept_when_marking_done(state: PlanState) -> None:
    m = milestone(state, 1)
    entered = dt.date(2026, 4, 30)
    state.apply_all(edits.set_field(state, "milestone", m.id, "done_on", entered))
    changes = edits.set_field(state, "milestone", m.id, "status", "done", dt.date(2026, 5, 4))
    assert [c.field for c in changes] == ["status"]
    state.apply_all(changes)
    assert m.done_on == entered


def test_setting_a_field_to_what_it_holds_is_no_edit(state: PlanState) -> None:
    m = milestone(state, 1)
    assert edits.set_field(state, "milestone", m.id, "title", m.title) == []


def test_editing_something_that_is_gone_is_refused(state: PlanState) -> None:
    with pytest.raises(PlanRuleError, match="no longer exists"):
        edits.set_field(state, "milestone", "gone", "title", "x")


# -- order keys ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "i000", "I001", "i-01", "{"])
def test_an_order_key_rank_py_could_not_have_made_is_refused(
    state: PlanState, contents_of: Contents, key: str
) -> None:
    m = milestone(state, 1)
    refuse(
        state, [Change(REORDER, "milestone", m.id, "rank", m.rank, key)], contents_of, "order key"
    )


def tie(state: PlanState, first: Milestone, second: Milestone) -> None:
    """Give two milestones one key, as two merged copies that both appended can."""
    state.apply_all([Change(REORDER, "milestone", second.id, "rank", second.rank, first.rank)])


def test_moving_between_two_tied_milestones_renumbers_them_in_the_new_order(
    state: PlanState, contents_of: Contents
) -> None:
    tie(state, milestone(state, 2), milestone(state, 3))
    ids = [m.id for m in state.milestone_order()]
    before = contents_of(state)
    changes = edits.move(state, "milestone", ids[6], 2)
    assert len(changes) > 1  # the tie forced a renumbering
    state.apply_all(changes)
    assert [m.id for m in state.milestone_order()] == [*ids[:2], ids[6], *ids[2:6], *ids[7:]]
    ranks = [m.rank for m in state.milestone_order()]
    assert ranks == sorted(set(ranks))
    state.apply_all(inverse_of(changes))
    assert contents_of(state) == before


def test_adding_after_the_first_of_two_tied_milestones_places_it_after_both(
    state: PlanState,
) -> None:
    first, second = milestone(state, 2), milestone(state, 3)
    tie(state, first, second)
    [create] = edits.add_milestone(state, {"title": "Reference call"}, after_id=first.id)
    state.apply(create)
    titles = [m.title for m in state.milestone_order()]
    assert titles.index("Reference call") == 3
