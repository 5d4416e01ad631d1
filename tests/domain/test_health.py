"""Health flags a user expects: who owns nothing, what is late, what cannot finish in time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualplan.domain import edits
from mutualplan.domain.changes import Change
from mutualplan.domain.health import (
    AFTER_TARGET,
    DEPENDENCY_LATE,
    IN_CYCLE,
    NO_DATE,
    NO_OWNER,
    OVERDUE,
    TOO_MANY_STEPS,
    HealthTracker,
    assess,
    find_cycles,
    slips,
)
from mutualplan.domain.model import Milestone, Person, Plan
from mutualplan.domain.state import PlanRuleError, PlanState

TODAY = dt.date(2026, 6, 1)
TARGET = dt.date(2026, 9, 30)


def plan_with(*milestones: Milestone, target: dt.date | None = TARGET) -> PlanState:
    """A plan holding these milestones as they were imported: no rule checked."""
    state = PlanState(Plan(id="p", title="Plan", buyer_org="B", seller_org="S", target_date=target))
    state.add(Person(id="owner", plan_id="p", name="Priya"))
    for m in milestones:
        state.add(m)
    return state


def ms(mid: str, **values: object) -> Milestone:
    values.setdefault("owner_id", "owner")
    values.setdefault("due", dt.date(2026, 7, 1))
    return Milestone(id=mid, plan_id="p", title=mid.upper(), **values)  # type: ignore[arg-type]


def test_a_healthy_milestone_has_no_flags() -> None:
    health = assess(plan_with(ms("a")), TODAY)
    assert health.flags == {}
    assert health.summary() == "0/1 done · healthy"


def test_a_milestone_without_owner_is_flagged() -> None:
    health = assess(plan_with(ms("a", owner_id=None)), TODAY)
    assert health.flags == {"a": [NO_OWNER]}
    assert health.unowned == 1
    assert "1 without owner" in health.summary()


def test_a_milestone_without_date_is_flagged() -> None:
    health = assess(plan_with(ms("a", due=None)), TODAY)
    assert health.flags == {"a": [NO_DATE]}
    assert health.undated == 1


def test_a_milestone_past_its_due_date_is_overdue_but_not_on_the_day() -> None:
    state = plan_with(ms("late", due=TODAY - dt.timedelta(days=1)), ms("today", due=TODAY))
    health = assess(state, TODAY)
    assert health.flags == {"late": [OVERDUE]}
    assert health.overdue == 1


def test_a_done_milestone_is_neither_overdue_nor_unowned() -> None:
    done = ms("a", owner_id=None, due=TODAY - dt.timedelta(days=30), status="done")
    health = assess(plan_with(done), TODAY)
    assert health.flags == {}
    assert (health.done, health.total) == (1, 1)


def test_a_dependency_that_ends_after_this_one_starts_is_flagged() -> None:
    first = ms("first", due=dt.date(2026, 7, 10))
    second = ms(
        "second", start=dt.date(2026, 7, 6), due=dt.date(2026, 7, 20), depends_on=("first",)
    )
    health = assess(plan_with(first, second), TODAY)
    assert health.flags == {"second": [DEPENDENCY_LATE]}


def test_a_dependency_that_ends_on_the_start_day_is_fine() -> None:
    first = ms("first", due=dt.date(2026, 7, 6))
    second = ms(
        "second", start=dt.date(2026, 7, 6), due=dt.date(2026, 7, 20), depends_on=("first",)
    )
    assert assess(plan_with(first, second), TODAY).flags == {}


def test_without_a_start_the_due_date_is_what_a_dependency_must_beat() -> None:
    first = ms("first", due=dt.date(2026, 7, 21))
    second = ms("second", due=dt.date(2026, 7, 20), depends_on=("first",))
    assert assess(plan_with(first, second), TODAY).flags == {"second": [DEPENDENCY_LATE]}


def test_a_milestone_due_after_the_target_is_flagged_and_the_plan_says_by_how_much() -> None:
    late = ms("late", due=TARGET + dt.timedelta(days=12))
    health = assess(plan_with(ms("a"), late), TODAY)
    assert health.flags == {"late": [AFTER_TARGET]}
    assert "ends 12 days after the target date" in health.problems


def test_a_plan_without_target_date_says_so() -> None:
    health = assess(plan_with(ms("a"), target=None), TODAY)
    assert health.problems == ["no target date"]


def test_a_cycle_in_imported_data_is_flagged_on_every_milestone_on_it() -> None:
    state = plan_with(
        ms("a", depends_on=("c",)),
        ms("b", depends_on=("a",)),
        ms("c", depends_on=("b",)),
        ms("after", depends_on=("c",), due=dt.date(2026, 8, 1)),
    )
    health = assess(state, TODAY)
    assert find_cycles(state) == {"a", "b", "c"}
    assert all(IN_CYCLE in health.flags[m] for m in "abc")
    assert IN_CYCLE not in health.flags.get("after", [])
    assert "dependency cycle" in health.problems


def test_a_milestone_on_a_cycle_reached_through_an_already_searched_one_is_flagged() -> None:
    # a → b → c → a, and b → d → c: d lies on the cycle a → b → d → c → a although a
    # depth-first search finishes c before it ever reaches d.
    state = plan_with(
        ms("a", depends_on=("b",)),
        ms("b", depends_on=("c", "d")),
        ms("c", depends_on=("a",)),
        ms("d", depends_on=("c",)),
    )
    assert find_cycles(state) == {"a", "b", "c", "d"}


def test_a_milestone_depending_on_itself_in_imported_data_is_a_cycle() -> None:
    state = plan_with(ms("a", depends_on=("a",)), ms("b", depends_on=("a",)))
    assert find_cycles(state) == {"a"}


def test_a_dependency_on_a_missing_milestone_is_ignored() -> None:
    state = plan_with(ms("a", depends_on=("gone",)))
    assert find_cycles(state) == set()
    assert assess(state, TODAY).flags == {}


def test_a_diamond_of_dependencies_is_not_a_cycle() -> None:
    state = plan_with(
        ms("top"),
        ms("left", depends_on=("top",)),
        ms("right", depends_on=("top",)),
        ms("bottom", depends_on=("left", "right")),
    )
    assert find_cycles(state) == set()


def test_a_long_imported_chain_is_searched_without_running_out_of_stack() -> None:
    count = 5000
    chain = [ms(f"m{i}", depends_on=(f"m{i + 1}",) if i + 1 < count else ()) for i in range(count)]
    chain[-1] = ms(f"m{count - 1}", depends_on=("m0",))
    assert len(find_cycles(plan_with(*chain))) == count


@pytest.mark.parametrize(
    ("count", "too_long"), [(TOO_MANY_STEPS, False), (TOO_MANY_STEPS + 1, True)]
)
def test_more_than_thirty_steps_is_too_long_to_follow(count: int, too_long: bool) -> None:
    state = plan_with(*(ms(f"m{i}") for i in range(count)))
    problems = assess(state, TODAY).problems
    assert any("too long to follow" in p for p in problems) is too_long


def test_the_summary_counts_what_needs_attention(plan: PlanState) -> None:
    # The template plan: ten dated milestones nobody owns yet.
    health = assess(plan, dt.date(2026, 1, 1))
    assert health.summary() == "0/10 done · 10 without owner"
    assert all(flags == [NO_OWNER] for flags in health.flags.values())


# -- slips against the last signed revision ------------------------------------------


def test_a_due_date_moved_later_than_the_signed_revision_is_a_slip_of_calendar_days() -> None:
    signed = plan_with(ms("a", due=dt.date(2026, 7, 1)), ms("b", due=dt.date(2026, 7, 1)))
    now = plan_with(ms("a", due=dt.date(2026, 7, 13)), ms("b", due=dt.date(2026, 7, 1)))
    assert slips(now, signed) == {"a": 12}


def test_a_due_date_moved_earlier_is_not_a_slip() -> None:
    signed = plan_with(ms("a", due=dt.date(2026, 7, 1)))
    assert slips(plan_with(ms("a", due=dt.date(2026, 6, 20))), signed) == {}


def test_a_milestone_new_since_the_signed_revision_has_nothing_to_slip_from() -> None:
    signed = plan_with(ms("a"))
    now = plan_with(ms("a"), ms("new", due=dt.date(2027, 1, 1)))
    assert slips(now, signed) == {}


def test_a_date_missing_on_either_side_is_not_a_slip() -> None:
    signed = plan_with(ms("a", due=None), ms("b"))
    now = plan_with(ms("a", due=dt.date(2026, 8, 1)), ms("b", due=None))
    assert slips(now, signed) == {}


def test_without_a_signed_revision_nothing_has_slipped() -> None:
    assert slips(plan_with(ms("a")), None) == {}


# -- kept current edit by edit -------------------------------------------------------

_DAYS = st.none() | st.dates(min_value=dt.date(2026, 5, 1), max_value=dt.date(2026, 11, 30))


def _draw_edit(data: st.DataObject, state: PlanState) -> list[Change]:
    ids = list(state.milestones)  # new ids are random: their order here is not
    what = data.draw(st.sampled_from(["set", "set", "set", "add", "delete", "target"]))
    if what == "target":
        return edits.set_field(state, "plan", state.id, "target_date", data.draw(_DAYS))
    if what == "add" or not ids:
        deps = data.draw(st.lists(st.sampled_from(ids), max_size=2)) if ids else []
        values = {"title": "new", "due": data.draw(_DAYS), "depends_on": tuple(deps)}
        return edits.add_milestone(state, values, None)
    mid = data.draw(st.sampled_from(ids))
    if what == "delete":
        return edits.delete(state, "milestone", mid)
    name = data.draw(st.sampled_from(["title", "start", "due", "status", "owner_id", "depends_on"]))
    value: object
    if name in ("start", "due"):
        value = data.draw(_DAYS)
    elif name == "status":
        value = data.draw(st.sampled_from(["not_started", "done", "at_risk", "blocked"]))
    elif name == "owner_id":
        value = data.draw(st.sampled_from([None, "owner"]))
    elif name == "depends_on":
        value = tuple(data.draw(st.lists(st.sampled_from(ids), max_size=3)))
    else:
        value = data.draw(st.text(max_size=5))
    return edits.set_field(state, "milestone", mid, name, value, TODAY)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_health_kept_edit_by_edit_is_what_a_full_assessment_finds(data: st.DataObject) -> None:
    # Imported data may hold a cycle (edits refuse one): edits may also break it.
    state = plan_with(
        ms("a", depends_on=("c",), due=dt.date(2026, 5, 20)),
        ms("b", depends_on=("a",)),
        ms("c", depends_on=("b",), start=dt.date(2026, 6, 10)),
        ms("d", depends_on=("a", "gone"), due=dt.date(2026, 10, 2)),
        ms("e", due=None, owner_id=None),
    )
    tracker = HealthTracker(state, TODAY)
    for _ in range(data.draw(st.integers(min_value=1, max_value=15))):
        changes = _draw_edit(data, state)
        before = tracker.health().flags
        try:
            state.apply_all(changes)
        except PlanRuleError:
            continue
        changed = tracker.update(changes)
        kept, fresh = tracker.health(), assess(state, TODAY)
        assert kept == fresh
        assert changed == {
            m for m in before.keys() | fresh.flags.keys() if before.get(m) != fresh.flags.get(m)
        }
