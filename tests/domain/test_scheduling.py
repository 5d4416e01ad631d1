"""Scheduling back from the target, on cases worked out by hand.

The convention (see mutualplan/domain/scheduling.py): a milestone with lead time N
starts N working days before it is due, and a dependent may start on the day its
prerequisite is due, so lead times along a chain add up exactly. Slack is counted in
working days of the milestone's own calendar.

Calendar used below (2027): Mon 22 Feb, Fri 26 Feb, Mon 1 Mar, Fri 5 Mar, Mon 8 Mar,
Fri 12 Mar, Fri 26 Mar, Mon 5 Apr.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualplan.domain import edits
from mutualplan.domain.calendars import (
    CalendarSettings,
    SideCalendar,
    holiday_language,
    public_holidays,
    supported_countries,
)
from mutualplan.domain.model import MilestoneStatus, Plan, Side
from mutualplan.domain.scheduling import (
    Calendars,
    ScheduleError,
    WorkingCalendar,
    dependents_to_move,
    lead_of,
    schedule_back,
)
from mutualplan.domain.state import PlanState
from mutualplan.domain.templates import working_days_before

D = dt.date
MON_FEB_22 = D(2027, 2, 22)
MON_MAR_1 = D(2027, 3, 1)
FRI_MAR_12 = D(2027, 3, 12)
WEEKDAYS = Calendars()


def build(target: dt.date | None, *specs: tuple[str, str, int | None, tuple[str, ...], dict]):
    """A plan of milestones (title, side, lead days, depends on titles, other values)."""
    state = PlanState(
        Plan(id="p", title="Plan", buyer_org="Buyer", seller_org="Seller", target_date=target)
    )
    ids: dict[str, str] = {}
    for title, side, lead, deps, extra in specs:
        values: dict[str, Any] = {
            "title": title,
            "side": side,
            "lead_days": lead,
            "depends_on": tuple(sorted(ids[d] for d in deps)),
            **extra,
        }
        [create] = edits.add_milestone(state, values)
        state.apply(create)
        ids[title] = create.entity_id
    return state, ids


def dates(schedule, ids, title):
    row = schedule.of(ids[title])
    return row.start, row.due


def path(schedule, ids) -> list[str]:
    titles = {mid: title for title, mid in ids.items()}
    return [titles[mid] for mid in schedule.critical]


# -- the working calendar ----------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays() -> None:
    cal = WorkingCalendar(holidays=frozenset({D(2027, 3, 10)}))
    assert cal.add_working_days(D(2027, 3, 5), 1) == D(2027, 3, 8)  # Fri + 1 = Mon
    assert cal.add_working_days(D(2027, 3, 8), -1) == D(2027, 3, 5)
    assert cal.add_working_days(D(2027, 3, 9), 1) == D(2027, 3, 11)  # over the holiday
    assert cal.add_working_days(D(2027, 3, 6), 0) == D(2027, 3, 6)
    # Working days after Fri 5 up to Fri 12: Mon 8, Tue 9, Thu 11, Fri 12.
    assert cal.working_days_between(D(2027, 3, 5), D(2027, 3, 12)) == 4
    assert cal.working_days_between(D(2027, 3, 12), D(2027, 3, 5)) == -4
    assert cal.on_or_before(D(2027, 3, 7)) == D(2027, 3, 5)
    assert cal.on_or_after(D(2027, 3, 10)) == D(2027, 3, 11)


def test_the_default_calendar_places_starts_as_templates_do() -> None:
    cal = WorkingCalendar()
    for day in (D(2027, 3, 1), D(2027, 3, 3), D(2027, 3, 7)):
        for n in (0, 1, 4, 5, 12):
            assert cal.add_working_days(day, -n) == working_days_before(day, n)


def test_a_week_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        WorkingCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ValueError, match="no working weekday in common"):
        Calendars(WorkingCalendar(frozenset({0, 1, 2, 3})), WorkingCalendar(frozenset({4, 5, 6})))


# -- scheduling back ---------------------------------------------------------------------


def test_a_chain_over_a_weekend() -> None:
    # A (2) → B (3) → C (4), all seller, target Fri 12 Mar, today Mon 22 Feb.
    # Back from the target: C due Fri 12, starts 4 working days earlier, Mon 8;
    # B due Mon 8, starts Wed 3 (Fri 5, Thu 4, Wed 3); A due Wed 3, starts Mon 1.
    # Forward from today: A Mon 22 → Wed 24, B Wed 24 → Mon 1 (over the weekend),
    # C Mon 1 → Fri 5. Slack: Fri 5 → Fri 12 is 5 working days, on all three.
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {}),
        ("B", Side.SELLER, 3, ("A",), {}),
        ("C", Side.SELLER, 4, ("B",), {}),
    )
    schedule = schedule_back(state, WEEKDAYS, MON_FEB_22)
    assert dates(schedule, ids, "A") == (D(2027, 3, 1), D(2027, 3, 3))
    assert dates(schedule, ids, "B") == (D(2027, 3, 3), D(2027, 3, 8))
    assert dates(schedule, ids, "C") == (D(2027, 3, 8), FRI_MAR_12)
    assert schedule.of(ids["B"]).earliest_start == D(2027, 2, 24)
    assert schedule.of(ids["B"]).earliest_due == D(2027, 3, 1)
    assert [schedule.of(ids[t]).slack for t in "ABC"] == [5, 5, 5]
    assert path(schedule, ids) == ["A", "B", "C"]
    assert schedule.feasible and schedule.shortfall_days == 0
    assert schedule.critical_slack == 5


def test_a_diamond_has_slack_on_its_short_branch() -> None:
    # A (2) → B (5) → D (3) and A → C (2) → D; target Fri 12 Mar, today Thu 25 Feb.
    # Back: D Tue 9 → Fri 12; B Tue 2 → Tue 9; C Fri 5 → Tue 9; A due by the earlier
    # of B's and C's starts, Tue 2, so Fri 26 Feb → Tue 2.
    # Forward: A Thu 25 → Mon 1; B Mon 1 → Mon 8; C Mon 1 → Wed 3; D Mon 8 → Thu 11.
    # Slack: A Mon 1 → Tue 2 = 1, B Mon 8 → Tue 9 = 1, D Thu 11 → Fri 12 = 1, and
    # C Wed 3 → Tue 9 = 4 (Thu, Fri, Mon, Tue): the 3 days C is shorter than B, plus 1.
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {}),
        ("B", Side.SELLER, 5, ("A",), {}),
        ("C", Side.SELLER, 2, ("A",), {}),
        ("D", Side.SELLER, 3, ("B", "C"), {}),
    )
    schedule = schedule_back(state, WEEKDAYS, D(2027, 2, 25))
    assert dates(schedule, ids, "A") == (D(2027, 2, 26), D(2027, 3, 2))
    assert dates(schedule, ids, "B") == (D(2027, 3, 2), D(2027, 3, 9))
    assert dates(schedule, ids, "C") == (D(2027, 3, 5), D(2027, 3, 9))
    assert dates(schedule, ids, "D") == (D(2027, 3, 9), FRI_MAR_12)
    assert {t: schedule.of(ids[t]).slack for t in "ABCD"} == {"A": 1, "B": 1, "C": 4, "D": 1}
    assert path(schedule, ids) == ["A", "B", "D"]
    assert not schedule.of(ids["C"]).critical
    assert schedule.feasible


def test_a_holiday_moves_the_dates_earlier() -> None:
    # The chain of the first case with Wed 10 Mar a holiday: C needs Thu 11, Tue 9,
    # Mon 8 and Fri 5, so starts Fri 5; B Tue 2 → Fri 5; A Fri 26 Feb → Tue 2.
    # Forward C ends Fri 5 as before, and Fri 5 → Fri 12 now holds only 4 working days.
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {}),
        ("B", Side.SELLER, 3, ("A",), {}),
        ("C", Side.SELLER, 4, ("B",), {}),
    )
    holiday = Calendars(seller=WorkingCalendar(holidays=frozenset({D(2027, 3, 10)})))
    schedule = schedule_back(state, holiday, MON_FEB_22)
    assert dates(schedule, ids, "C") == (D(2027, 3, 5), FRI_MAR_12)
    assert dates(schedule, ids, "B") == (D(2027, 3, 2), D(2027, 3, 5))
    assert dates(schedule, ids, "A") == (D(2027, 2, 26), D(2027, 3, 2))
    assert schedule.critical_slack == 4


def test_each_side_works_its_own_week_and_joint_work_needs_both() -> None:
    # Seller: Mon-Fri, with Mon 8 Mar a seller holiday. Buyer: Sunday to Thursday.
    # Joint: only Mon-Thu, and not Mon 8. S (seller, 4) and B (buyer, 4) → J (joint, 3).
    # Target Thu 11 Mar, today Mon 22 Feb.
    # J: due Thu 11; 3 joint days back: Wed 10, Tue 9, (Mon 8 holiday, Fri-Sun off),
    #    Thu 4 → starts Thu 4.
    # S: due Thu 4; Wed 3, Tue 2, Mon 1, Fri 26 Feb → starts Fri 26 Feb.
    # B: due Thu 4; Wed 3, Tue 2, Mon 1, Sun 28 Feb (the buyer works Sundays).
    # Forward: S Mon 22 → Fri 26; B Mon 22 → Sun 28 (Tue, Wed, Thu, Sun); J waits for
    # a joint working day, Mon 1, and ends Thu 4. Slack: J Thu 4 → Thu 11 on the joint
    # calendar is Tue 9, Wed 10, Thu 11 = 3; S Fri 26 → Thu 4 = 4; B Sun 28 → Thu 4 = 4.
    seller = WorkingCalendar(holidays=frozenset({D(2027, 3, 8)}))
    buyer = WorkingCalendar(weekend=frozenset({4, 5}))
    calendars = Calendars(seller, buyer)
    assert calendars.buyer.is_working(D(2027, 2, 28)) and calendars.buyer.is_working(D(2027, 3, 8))
    assert not calendars.joint.is_working(D(2027, 2, 28))
    assert not calendars.joint.is_working(D(2027, 3, 8))
    assert not calendars.joint.is_working(D(2027, 3, 5))  # the buyer's Friday
    state, ids = build(
        D(2027, 3, 11),
        ("S", Side.SELLER, 4, (), {}),
        ("B", Side.BUYER, 4, (), {}),
        ("J", Side.JOINT, 3, ("S", "B"), {}),
    )
    schedule = schedule_back(state, calendars, MON_FEB_22)
    assert dates(schedule, ids, "J") == (D(2027, 3, 4), D(2027, 3, 11))
    assert dates(schedule, ids, "S") == (D(2027, 2, 26), D(2027, 3, 4))
    assert dates(schedule, ids, "B") == (D(2027, 2, 28), D(2027, 3, 4))
    assert schedule.of(ids["J"]).earliest_start == D(2027, 3, 1)
    assert {t: schedule.of(ids[t]).slack for t in "SBJ"} == {"S": 4, "B": 4, "J": 3}
    assert path(schedule, ids) == ["B", "J"]  # the buyer's Sunday finish holds J up


def test_an_impossible_target_says_by_how_many_working_days() -> None:
    # A (10) → B (10) → C (5): 25 working days of work. Today Mon 1 Mar, target
    # Fri 26 Mar: the working days after today up to the target are Tue 2 - Fri 5 (4)
    # and three full weeks (15), 19 in all. 25 - 19 = 6 working days short.
    # Forward: A Mon 1 → Mon 15, B → Mon 29, C → Mon 5 Apr; Fri 26 Mar → Mon 5 Apr is
    # 6 working days (29, 30, 31 Mar, 1, 2, 5 Apr). A's latest start is Fri 19 Feb,
    # 6 working days before today.
    state, ids = build(
        D(2027, 3, 26),
        ("A", Side.SELLER, 10, (), {}),
        ("B", Side.SELLER, 10, ("A",), {}),
        ("C", Side.SELLER, 5, ("B",), {}),
    )
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    assert not schedule.feasible
    assert schedule.shortfall_days == 6
    assert path(schedule, ids) == ["A", "B", "C"]
    assert [schedule.of(ids[t]).slack for t in "ABC"] == [-6, -6, -6]
    assert schedule.of(ids["A"]).latest_start == D(2027, 2, 19)
    # Nothing is proposed before today: the chain runs as soon as it can and shows the
    # slip, ending Mon 5 Apr.
    assert dates(schedule, ids, "A") == (MON_MAR_1, D(2027, 3, 15))
    assert dates(schedule, ids, "B") == (D(2027, 3, 15), D(2027, 3, 29))
    assert dates(schedule, ids, "C") == (D(2027, 3, 29), D(2027, 4, 5))


def test_only_the_late_branch_misses() -> None:
    # Two independent milestones, target Fri 12 Mar, today Mon 1 Mar (9 working days
    # left after today): a 5-day one has 4 days of slack, a 12-day one misses by 3.
    state, ids = build(
        FRI_MAR_12,
        ("Short", Side.BUYER, 5, (), {}),
        ("Long", Side.BUYER, 12, (), {}),
    )
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    assert schedule.of(ids["Short"]).slack == 4
    assert schedule.of(ids["Long"]).slack == -3
    assert schedule.shortfall_days == 3
    assert path(schedule, ids) == ["Long"]


def test_done_milestones_keep_their_dates() -> None:
    # A was done on Wed 3 Mar (later than planned); B (3) and C (2) follow it.
    # Today Mon 1 Mar: B can start no earlier than A was done, Wed 3, so ends Mon 8,
    # and C ends Wed 10; back from Fri 12, C Wed 10 → Fri 12 and B Fri 5 → Wed 10.
    done = {
        "status": MilestoneStatus.DONE,
        "start": D(2027, 2, 15),
        "due": D(2027, 2, 17),
        "done_on": D(2027, 3, 3),
    }
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.JOINT, 2, (), done),
        ("B", Side.BUYER, 3, ("A",), {}),
        ("C", Side.BUYER, 2, ("B",), {}),
    )
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    a = schedule.of(ids["A"])
    assert a.done and a.slack is None and not a.critical
    assert (a.start, a.due) == (D(2027, 2, 15), D(2027, 2, 17))
    assert schedule.of(ids["B"]).earliest_start == D(2027, 3, 3)
    assert dates(schedule, ids, "B") == (D(2027, 3, 5), D(2027, 3, 10))
    assert dates(schedule, ids, "C") == (D(2027, 3, 10), FRI_MAR_12)
    assert path(schedule, ids) == ["B", "C"]
    assert {c.entity_id for c in schedule.changes(state)} == {ids["B"], ids["C"]}


def test_work_under_way_keeps_the_day_it_started() -> None:
    # Started Wed 24 Feb with 5 days' lead: earliest due Wed 3 Mar; latest Fri 12.
    under_way = {"status": MilestoneStatus.IN_PROGRESS, "start": D(2027, 2, 24)}
    state, ids = build(FRI_MAR_12, ("A", Side.SELLER, 5, (), under_way))
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    row = schedule.of(ids["A"])
    assert row.started and (row.start, row.due) == (D(2027, 2, 24), FRI_MAR_12)
    assert row.earliest_due == D(2027, 3, 3)
    assert row.slack == 7


def test_a_missing_lead_time_keeps_the_length_the_dates_give() -> None:
    state, ids = build(
        FRI_MAR_12,
        ("Dated", Side.SELLER, None, (), {"start": D(2027, 3, 1), "due": D(2027, 3, 4)}),
        ("Bare", Side.SELLER, None, (), {}),
    )
    dated, bare = state.milestones[ids["Dated"]], state.milestones[ids["Bare"]]
    assert lead_of(dated, WorkingCalendar()) == (3, "dates")
    assert lead_of(bare, WorkingCalendar()) == (1, "default")
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    assert dates(schedule, ids, "Dated") == (D(2027, 3, 9), FRI_MAR_12)
    assert dates(schedule, ids, "Bare") == (D(2027, 3, 11), FRI_MAR_12)


def test_the_proposal_is_one_valid_edit_and_scheduling_again_changes_nothing(
    state: PlanState,
) -> None:
    today = D(2026, 3, 2)
    schedule = schedule_back(state, WEEKDAYS, today)
    assert schedule.feasible
    changes = schedule.changes(state)
    assert changes
    state.apply_all(changes)  # every step passes the plan's rules
    assert schedule_back(state, WEEKDAYS, today).changes(state) == []
    last = state.milestone_order()[-1]
    assert last.due == state.plan.target_date  # Wednesday 30 Sep 2026: a working day


def test_a_target_on_a_weekend_is_met_on_the_friday_before() -> None:
    state, ids = build(D(2027, 3, 13), ("A", Side.SELLER, 2, (), {}))
    schedule = schedule_back(state, WEEKDAYS, MON_MAR_1)
    assert dates(schedule, ids, "A") == (D(2027, 3, 10), FRI_MAR_12)


def test_a_plan_without_a_target_date_is_refused() -> None:
    state, _ = build(None, ("A", Side.SELLER, 2, (), {}))
    with pytest.raises(ScheduleError, match="no target date"):
        schedule_back(state, WEEKDAYS, MON_MAR_1)


def test_a_cycle_in_imported_data_is_refused_by_name() -> None:
    state, ids = build(
        FRI_MAR_12,
        ("Legal review", Side.JOINT, 5, (), {}),
        ("Procurement", Side.BUYER, 5, ("Legal review",), {}),
        ("Go-live", Side.JOINT, 5, ("Procurement",), {}),
    )
    # As merged or imported data might hold it: the rules refuse this as an edit.
    state.milestones[ids["Legal review"]].depends_on = (ids["Procurement"],)
    with pytest.raises(ScheduleError) as refused:
        schedule_back(state, WEEKDAYS, MON_MAR_1)
    assert str(refused.value) == (
        "The plan has a dependency cycle: “Legal review” → “Procurement” → “Legal review”. "
        "Remove one of these dependencies, then schedule again."
    )


# -- moving what depends on a milestone ------------------------------------------------


def test_moving_a_milestone_later_pushes_its_dependents_transitively() -> None:
    # A Mon 1 → Wed 3; B (3) Wed 3 → Mon 8; C (2) Mon 8 → Wed 10; D (2) Fri 5 → Tue 9,
    # also after A. A now ends Fri 5: B must start Fri 5 and keeps its 3 working days,
    # ending Wed 10; C then starts Wed 10 and ends Fri 12. D already starts Fri 5: stays.
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {"start": D(2027, 3, 1), "due": D(2027, 3, 3)}),
        ("B", Side.SELLER, 3, ("A",), {"start": D(2027, 3, 3), "due": D(2027, 3, 8)}),
        ("C", Side.SELLER, 2, ("B",), {"start": D(2027, 3, 8), "due": D(2027, 3, 10)}),
        ("D", Side.SELLER, 2, ("A",), {"start": D(2027, 3, 5), "due": D(2027, 3, 9)}),
    )
    state.apply_all(edits.set_field(state, "milestone", ids["A"], "due", D(2027, 3, 5)))
    changes = dependents_to_move(state, ids["A"], D(2027, 3, 1), D(2027, 3, 5), WEEKDAYS)
    moved = {(c.entity_id, c.field): c.new for c in changes}
    assert moved == {
        (ids["B"], "start"): D(2027, 3, 5),
        (ids["B"], "due"): D(2027, 3, 10),
        (ids["C"], "start"): D(2027, 3, 10),
        (ids["C"], "due"): D(2027, 3, 12),
    }
    state.apply_all(changes)  # in an order the rules accept
    assert dependents_to_move(state, ids["A"], D(2027, 3, 1), D(2027, 3, 5), WEEKDAYS) == []


def test_a_pushed_dependent_lands_on_its_own_working_day() -> None:
    # A now ends Fri 5; B (buyer, Sunday-Thursday week) started Thu 4: the first day it
    # can start is Sun 7 (Fri and Sat are its weekend), and its 2 working days (Sun 7 -
    # Mon 8 before) take it to Tue 9. The done milestone after A stays where it is.
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {"start": D(2027, 3, 1), "due": D(2027, 3, 3)}),
        ("B", Side.BUYER, 2, ("A",), {"start": D(2027, 3, 4), "due": D(2027, 3, 8)}),
        ("Done", Side.BUYER, 1, ("A",), {"status": MilestoneStatus.DONE, "due": D(2027, 3, 3)}),
    )
    calendars = Calendars(buyer=WorkingCalendar(weekend=frozenset({4, 5})))
    changes = dependents_to_move(state, ids["A"], D(2027, 3, 1), D(2027, 3, 5), calendars)
    assert {(c.entity_id, c.field): c.new for c in changes} == {
        (ids["B"], "start"): D(2027, 3, 7),
        (ids["B"], "due"): D(2027, 3, 9),
    }


def test_moving_earlier_moves_nothing() -> None:
    state, ids = build(
        FRI_MAR_12,
        ("A", Side.SELLER, 2, (), {"start": D(2027, 3, 1), "due": D(2027, 3, 3)}),
        ("B", Side.SELLER, 3, ("A",), {"start": D(2027, 3, 3), "due": D(2027, 3, 8)}),
    )
    assert dependents_to_move(state, ids["A"], MON_MAR_1, D(2027, 3, 2), WEEKDAYS) == []


# -- public holidays and the stored form -----------------------------------------------


def test_a_countrys_public_holidays_become_days_off() -> None:
    # 2027: Christmas Day and Boxing Day fall on the weekend; the UK takes Mon 27 and
    # Tue 28 Dec off instead. Germany's Day of German Unity, 3 Oct 2028, is a Tuesday.
    uk = public_holidays("GB", [2027])
    assert D(2027, 12, 27) in uk and D(2027, 12, 28) in uk
    cal = WorkingCalendar(holidays=frozenset(uk))
    assert not cal.is_working(D(2027, 12, 27))
    assert cal.add_working_days(D(2027, 12, 24), 1) == D(2027, 12, 29)
    germany = public_holidays("DE", [2028])
    assert "German Unity" in germany[D(2028, 10, 3)]
    assert not WorkingCalendar(holidays=frozenset(germany)).is_working(D(2028, 10, 3))
    with pytest.raises(ValueError, match="No public holidays"):
        public_holidays("XX", [2027])


@pytest.mark.parametrize("environment", ["C.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", ""])
def test_holiday_names_follow_the_language_asked_for_not_the_environment(
    environment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The holidays package guesses a language from these when it is given none; under
    # LANG=C.UTF-8 on Python 3.12+ that guess was each country's own (German for DE).
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(variable, environment)
    unity = D(2028, 10, 3)
    assert public_holidays("DE", [2028])[unity] == "German Unity Day"
    assert public_holidays("DE", [2028], languages=["C"])[unity] == "German Unity Day"
    assert public_holidays("DE", [2028], languages=["de-Latn-AT", "de-AT", "de"])[unity] == (
        "Tag der Deutschen Einheit"
    )
    # A language the country's list lacks (Japanese for Germany): English.
    assert public_holidays("DE", [2028], languages=["ja-JP", "ja"])[unity] == "German Unity Day"
    # The next preference that is there wins before English.
    assert public_holidays("FR", [2028], languages=["ja", "fr-BE"])[D(2028, 7, 14)] == (
        "Fête nationale"
    )
    assert public_holidays("FR", [2028])[D(2028, 7, 14)] == "National Day"


def test_the_holiday_language_matches_language_then_region_then_english() -> None:
    de = ("de", "en_US", "th", "uk")
    assert holiday_language(de, "de", ["de-CH"]) == "de"
    assert holiday_language(de, "de", ["en-GB"]) == "en_US"
    assert holiday_language(de, "de", ["C"]) == "en_US"
    assert holiday_language(de, "de", []) == "en_US"
    gb = ("en_GB", "en_US", "th", "ur_PK")
    assert holiday_language(gb, "en_GB", []) == "en_GB"  # the country's own English
    assert holiday_language(gb, "en_GB", ["en_US"]) == "en_US"
    assert holiday_language(gb, "en_GB", ["en-AU"]) == "en_GB"
    assert holiday_language(("xx",), "xx", ["de"]) == "xx"  # no English at all: its own


def test_countries_are_offered_by_name() -> None:
    countries = dict(supported_countries())
    assert countries["DE"] == "Germany"
    assert countries["GB"] == "United Kingdom"


def test_calendar_settings_round_trip_and_forgive_junk() -> None:
    settings = CalendarSettings(
        seller=SideCalendar(holidays={D(2027, 12, 27): "Christmas Day (observed)"}, country="GB"),
        buyer=SideCalendar(weekend=frozenset({4, 5})),
    )
    data = settings.to_json()
    assert data["seller"]["holidays"] == {"2027-12-27": "Christmas Day (observed)"}
    assert CalendarSettings.from_json(data) == settings
    calendars = CalendarSettings.from_json(data).calendars()
    assert not calendars.seller.is_working(D(2027, 12, 27))
    assert calendars.buyer.is_working(D(2027, 12, 26))  # a Sunday
    junk = {"seller": {"weekend": "sat", "holidays": {"not a date": 1, "2027-01-04": 5}}}
    read = CalendarSettings.from_json(junk)
    assert read.seller.weekend == frozenset({5, 6})
    assert read.seller.holidays == {D(2027, 1, 4): ""}
    assert CalendarSettings.from_json(None) == CalendarSettings()


# -- any plan --------------------------------------------------------------------------

SIDES = (Side.SELLER, Side.BUYER, Side.JOINT)
STATUSES = (MilestoneStatus.NOT_STARTED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DONE)


@st.composite
def random_plans(draw: st.DrawFn) -> tuple[PlanState, Calendars, dt.date]:
    today = draw(st.dates(min_value=D(2027, 1, 1), max_value=D(2027, 3, 1)))
    target = today + dt.timedelta(days=draw(st.integers(-10, 120)))
    specs = []
    for n in range(draw(st.integers(1, 9))):
        deps = draw(st.sets(st.integers(0, n - 1), max_size=3)) if n else set()
        extra: dict[str, Any] = {}
        status = draw(st.sampled_from(STATUSES))
        if draw(st.booleans()) or status != MilestoneStatus.NOT_STARTED:
            start = today + dt.timedelta(days=draw(st.integers(-20, 40)))
            due = start + dt.timedelta(days=draw(st.integers(0, 20)))
            extra = {"start": start, "due": due, "status": status}
            if status == MilestoneStatus.DONE:
                extra["done_on"] = min(due, today)
        lead = draw(st.none() | st.integers(0, 15))
        specs.append(
            (f"M{n}", draw(st.sampled_from(SIDES)), lead, tuple(f"M{d}" for d in deps), extra)
        )
    holidays = frozenset(
        draw(
            st.sets(st.dates(min_value=today, max_value=today + dt.timedelta(days=150)), max_size=8)
        )
    )
    buyer_weekend = draw(st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset({6})]))
    calendars = Calendars(
        WorkingCalendar(holidays=holidays), WorkingCalendar(weekend=buyer_weekend)
    )
    state, _ = build(target, *specs)
    return state, calendars, today


@settings(max_examples=150, deadline=None)
@given(random_plans())
def test_any_proposal_keeps_the_rules_and_is_a_fixed_point(plan) -> None:
    state, calendars, today = plan
    schedule = schedule_back(state, calendars, today)
    for m in state.milestone_order():
        row = schedule.of(m.id)
        if row.done:
            assert (row.start, row.due) == (m.start, m.due)
            continue
        c = calendars.for_side(m.side)
        assert row.start is not None and row.due is not None and row.start <= row.due
        if not row.started:
            assert row.start >= today
            assert c.working_days_between(row.start, row.due) == row.lead_days
        assert row.due >= row.earliest_due  # type: ignore[operator]
        for dep in m.depends_on:
            before = schedule.of(dep)
            if not before.done and not row.started:
                assert before.due <= row.start  # type: ignore[operator]
        if schedule.feasible:
            assert row.due <= schedule.target
            assert row.slack is not None and row.slack >= 0
    assert schedule.shortfall_days == max(
        [0, *(-r.slack for r in schedule.rows.values() if r.slack is not None)]
    )
    state.apply_all(schedule.changes(state))
    assert schedule_back(state, calendars, today).changes(state) == []


@settings(max_examples=150, deadline=None)
@given(random_plans(), st.data())
def test_pushing_dependents_leaves_no_dependency_late(plan, data) -> None:
    state, calendars, _today = plan
    moved = data.draw(st.sampled_from(state.milestone_order()))
    if moved.due is None:
        return
    due = moved.due + dt.timedelta(days=data.draw(st.integers(1, 30)))
    state.apply_all(edits.set_field(state, "milestone", moved.id, "due", due))
    changes = dependents_to_move(state, moved.id, moved.start, due, calendars)
    before = {m.id: (m.start, m.due) for m in state.milestones.values()}
    state.apply_all(changes)
    downstream, frontier = set(), [moved.id]
    while frontier:
        current = frontier.pop()
        for m in state.milestones.values():
            if current in m.depends_on and m.id not in downstream:
                downstream.add(m.id)
                frontier.append(m.id)
    for m in state.milestones.values():
        if m.id not in downstream or m.status == MilestoneStatus.DONE:
            if m.id != moved.id:
                assert (m.start, m.due) == before[m.id]
            continue
        begins = m.start or m.due
        if begins is None:
            continue
        old_start, old_due = before[m.id]
        assert (old_start or old_due) <= begins  # only ever later
        # What moved (the milestone, or a dependent pushed after it) is due by the time
        # what follows it starts; a clash that was there before the move is left alone.
        pushed = {c.entity_id for c in changes} | {moved.id}
        for dep in m.depends_on:
            prerequisite = state.milestones[dep]
            if prerequisite.due is not None and dep in pushed:
                assert prerequisite.due <= begins
