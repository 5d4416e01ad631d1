"""The timeline's geometry on plain dates and numbers: no window, no Qt."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Milestone, Plan
from mutualplan.domain.state import PlanState
from mutualplan.ui.timeline.geometry import (
    MAX_DAY_WIDTH,
    MIN_DAY_WIDTH,
    MONTHS,
    WEEKS,
    DayScale,
    Link,
    Row,
    bar_start,
    clamp_day_width,
    drag_days,
    dragged_dates,
    fit_day_width,
    grid_days,
    grid_label,
    label_step,
    linked_to,
    next_month,
    nudged_dates,
    phase_bands,
    plan_date_range,
    scale_for,
    undated_summary,
)

D = dt.date
NO_PHASE = "Without a phase"


def plan(*milestones: dict[str, Any], target: dt.date | None = None) -> PlanState:
    state = PlanState(
        Plan(id="p", title="Plan", buyer_org="Buyer", seller_org="Seller", target_date=target)
    )
    for values in milestones:
        state.apply_all(edits.add_milestone(state, values))
    return state


def ids(state: PlanState) -> dict[str, str]:
    return {m.title: m.id for m in state.milestone_order()}


def test_geometry_imports_no_qt() -> None:
    code = "import sys, mutualplan.ui.timeline.geometry; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_day_scale_maps_days_to_x_and_back() -> None:
    scale = DayScale(D(2026, 3, 1), 10.0)
    assert scale.x(D(2026, 3, 4)) == 30.0
    assert scale.day_at(35.0) == D(2026, 3, 4)
    assert scale.day_at(-0.5) == D(2026, 2, 28)
    assert scale.span(D(2026, 3, 2), D(2026, 3, 4)) == (10.0, 40.0)
    assert scale.day_number(25.0) == D(2026, 3, 3).toordinal() + 0.5


def test_the_day_in_the_middle_stays_put_across_a_zoom() -> None:
    before = DayScale(D(2026, 3, 1), 4.0)
    day = before.day_number(123.0)
    after = DayScale(D(2026, 3, 1), 16.0)
    assert after.x_of_day_number(day) == 123.0 * 4


@pytest.mark.parametrize(
    ("low", "unit", "first"),
    [
        (D(2026, 3, 20), MONTHS, D(2026, 3, 1)),
        (D(2026, 3, 5), MONTHS, D(2026, 2, 1)),  # ten days back is February
        (D(2026, 3, 20), WEEKS, D(2026, 2, 23)),  # the Monday before 1 March
    ],
)
def test_the_scale_starts_a_month_before_the_earliest_date(low, unit, first) -> None:
    scale = scale_for(low, unit, 4.0)
    assert scale.first == first and scale.day_width == 4.0


def test_zoom_stays_between_its_limits() -> None:
    assert clamp_day_width(1000) == MAX_DAY_WIDTH
    assert clamp_day_width(0.01) == MIN_DAY_WIDTH
    assert clamp_day_width(7.0) == 7.0
    # 70 days and a month more across 500 pixels.
    assert fit_day_width(D(2026, 1, 1), D(2026, 3, 12), 500) == 5.0


def test_gridlines_fall_on_the_first_of_the_month_or_on_mondays() -> None:
    assert grid_days(D(2026, 1, 15), D(2026, 5, 1), MONTHS, 1) == [
        D(2026, 2, 1),
        D(2026, 3, 1),
        D(2026, 4, 1),
        D(2026, 5, 1),
    ]
    quarters = grid_days(D(2026, 1, 1), D(2026, 12, 31), MONTHS, 3)
    assert quarters == [D(2026, 3, 1), D(2026, 6, 1), D(2026, 9, 1), D(2026, 12, 1)]
    mondays = grid_days(D(2026, 3, 4), D(2026, 3, 31), WEEKS, 1)
    assert mondays == [D(2026, 3, 9), D(2026, 3, 16), D(2026, 3, 23), D(2026, 3, 30)]
    assert all(day.weekday() == 0 for day in grid_days(D(2026, 1, 1), D(2027, 1, 1), WEEKS, 4))
    assert next_month(D(2026, 12, 15)) == D(2027, 1, 1)


def test_labels_thin_out_as_the_zoom_shrinks() -> None:
    assert label_step(MONTHS, 4.0, 60) == 1
    assert label_step(MONTHS, 0.5, 60) == 6
    assert label_step(WEEKS, 16.0, 60) == 1
    assert label_step(WEEKS, 0.5, 10_000) == 52
    assert grid_label(D(2026, 3, 1), MONTHS, 1) == "Mar 2026"
    assert grid_label(D(2026, 1, 1), MONTHS, 12) == "2026"
    assert grid_label(D(2026, 3, 9), WEEKS, 1) == "9 Mar"
    assert grid_label(D(2026, 1, 5), WEEKS, 1) == "5 Jan 2026"  # a new year names it


def test_the_date_range_covers_today_target_dates_and_the_baseline() -> None:
    state = plan(
        {"title": "Kick-off", "start": D(2026, 4, 1), "due": D(2026, 4, 10)},
        {"title": "Go live", "due": D(2026, 6, 1)},
        target=D(2026, 7, 1),
    )
    today = D(2026, 5, 1)
    assert plan_date_range(state, None, today) == (D(2026, 4, 1), D(2026, 7, 1))
    baseline = plan({"title": "Kick-off", "start": D(2026, 2, 1), "due": D(2026, 2, 5)})
    assert plan_date_range(state, baseline, today) == (D(2026, 2, 1), D(2026, 7, 1))
    assert plan_date_range(plan(), None, today) == (today, today)


def test_a_bar_starts_at_its_start_or_is_one_day_when_merged_dates_cross() -> None:
    assert bar_start(Milestone("m", "p", start=D(2026, 3, 1), due=D(2026, 3, 5))) == D(2026, 3, 1)
    assert bar_start(Milestone("m", "p", due=D(2026, 3, 5))) is None
    assert bar_start(Milestone("m", "p", start=D(2026, 3, 9), due=D(2026, 3, 5))) == D(2026, 3, 5)


def test_phase_bands_run_along_the_rows_of_each_phase() -> None:
    state = plan(
        {"title": "A", "phase": "Evaluate"},
        {"title": "B", "phase": "Evaluate"},
        {"title": "C", "phase": "Decide"},
        {"title": "D"},
    )
    m = ids(state)
    rows = [Row("milestone", m[t], n, -1) for n, t in enumerate("ABCD")]
    assert phase_bands(rows, state, NO_PHASE) == [("Evaluate", 0, 1), ("Decide", 2, 2)]
    state.apply_all(edits.add_action(state, m["A"], {"title": "Call"}))
    action = state.actions_of(m["A"])[0]
    with_action = [rows[0], Row("action", action.id, 0, 0), *rows[1:]]
    assert phase_bands(with_action, state, NO_PHASE)[0] == ("Evaluate", 0, 2)
    headed = [Row("phase", "Evaluate", 0, -1), rows[0], rows[1], Row("phase", "Evaluate", 3, -1)]
    assert phase_bands(headed, state, NO_PHASE) == [("Evaluate", 0, 2), ("Evaluate", 3, 3)]
    assert phase_bands(rows[3:], state, NO_PHASE) == []


def test_linked_to_adds_the_dependents() -> None:
    state = plan({"title": "A"}, {"title": "B"}, {"title": "C"})
    m = ids(state)
    state.apply_all(edits.set_field(state, "milestone", m["B"], "depends_on", (m["A"],)))
    assert linked_to(state, {m["A"]}) == {m["A"], m["B"]}
    assert linked_to(state, {m["C"]}) == {m["C"]}


def test_undated_summary_names_the_first_eight() -> None:
    assert undated_summary([3, 5]) == "Not dated: #3, #5"
    assert undated_summary(list(range(1, 11))).endswith("#8 and 2 more")


def test_a_link_is_late_when_the_dependent_starts_before_its_prerequisite_ends() -> None:
    assert Link(50, 0, 40, 10).late
    assert not Link(40, 0, 50, 10).late


def test_a_drag_moves_whole_days() -> None:
    assert drag_days(100.0, 131.0, 16.0) == 2
    assert drag_days(100.0, 92.0, 16.0) == 0
    assert drag_days(100.0, 60.0, 16.0) == -2
    start, due = D(2026, 3, 2), D(2026, 3, 6)
    assert dragged_dates("move", start, due, 3) == (D(2026, 3, 5), D(2026, 3, 9))
    assert dragged_dates("end", start, due, -1) == (start, D(2026, 3, 5))
    assert dragged_dates("move", None, due, 1) == (None, D(2026, 3, 7))
    assert nudged_dates(start, due, -1, due_only=False) == (D(2026, 3, 1), D(2026, 3, 5))
    assert nudged_dates(start, due, 1, due_only=True) == (start, D(2026, 3, 7))
