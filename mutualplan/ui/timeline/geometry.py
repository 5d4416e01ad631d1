"""The timeline's geometry, free of Qt: days to x and back, where gridlines fall, the
dates a plan spans, the phase bands beside the rows and the dates a drag gives.

The view draws and handles events; everything it computes from plain dates and
numbers lives here, so it can be tested without a window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...domain.model import Milestone
from ...domain.state import PlanState
from ...i18n import _, format_date_for_locale, format_month, language

WEEKS, MONTHS = "weeks", "months"
DAY_WIDTH = {WEEKS: 16.0, MONTHS: 4.0}  # each unit's starting zoom, in pixels a day
MIN_DAY_WIDTH, MAX_DAY_WIDTH = 0.5, 80.0
ZOOM_STEP = 1.25


@dataclass(frozen=True)
class DayScale:
    """Day 0 is `first`; each day is `day_width` scene units wide, starting at x = 0."""

    first: dt.date
    day_width: float

    def x(self, day: dt.date) -> float:
        return (day - self.first).days * self.day_width

    def day_at(self, x: float) -> dt.date:
        return self.first + dt.timedelta(days=int(x // self.day_width))

    def span(self, start: dt.date, due: dt.date) -> tuple[float, float]:
        """Left and right edge of a bar covering `start` through `due`, both whole days."""
        return self.x(start), self.x(due) + self.day_width

    def day_number(self, x: float) -> float:
        """The day at `x` as an ordinal with its fraction, which stays put across zooms."""
        return x / self.day_width + self.first.toordinal()

    def x_of_day_number(self, day: float) -> float:
        return (day - self.first.toordinal()) * self.day_width


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def scale_for(low: dt.date, unit: str, day_width: float) -> DayScale:
    """The scale for a plan whose earliest date is `low`: from the start of the month
    (a Monday, in weeks) at least ten days before it."""
    first = month_start(low - dt.timedelta(days=10))
    if unit == WEEKS:
        first -= dt.timedelta(days=first.weekday())
    return DayScale(first, day_width)


def clamp_day_width(width: float) -> float:
    return min(MAX_DAY_WIDTH, max(MIN_DAY_WIDTH, width))


def fit_day_width(low: dt.date, high: dt.date, view_width: float) -> float:
    """The zoom that shows `low` through `high` (and a month more) in `view_width`."""
    return clamp_day_width(view_width / ((high - low).days + 30))


def grid_days(first: dt.date, last: dt.date, unit: str, step: int) -> list[dt.date]:
    """Where the gridlines fall between `first` and `last`: every `step` months (on the
    1st) or weeks (on Mondays)."""
    days = []
    if unit == MONTHS:
        day = month_start(first)
        while day <= last:
            if day >= first and (day.year * 12 + day.month) % step == 0:
                days.append(day)
            day = next_month(day)
        return days
    day = first - dt.timedelta(days=first.weekday())
    while day <= last:
        if day >= first and (day.toordinal() // 7) % step == 0:
            days.append(day)
        day += dt.timedelta(days=7)
    return days


def label_step(unit: str, day_width: float, room: float) -> int:
    """Label every unit, or every 2nd, 3rd... so that labels `room` pixels wide fit."""
    width = day_width * (30.4 if unit == MONTHS else 7)
    steps = (1, 2, 3, 6, 12, 24, 60) if unit == MONTHS else (1, 2, 4, 8, 13, 26, 52)
    return next((n for n in steps if width * n >= room), steps[-1])


def grid_label(day: dt.date, unit: str, step: int) -> str:
    """A gridline's label: "Mar 2027" / "26 Mar", in German "März 2027" / "26. März"."""
    if language() != "en":
        return _grid_label_in(language(), day, unit, step)
    if unit == MONTHS:
        return day.strftime("%Y") if step >= 12 else day.strftime("%b %Y")
    return f"{day.day} {day:%b}" if day.month != 1 or day.day > 7 else f"{day.day} {day:%b %Y}"


def _grid_label_in(code: str, day: dt.date, unit: str, step: int) -> str:
    if unit == MONTHS:
        return day.strftime("%Y") if step >= 12 else format_month(day, True, code)
    pattern = "d. MMM" if day.month != 1 or day.day > 7 else "d. MMM y"
    return format_date_for_locale(day, "de_DE", pattern)


def widest_grid_label() -> str:
    """A month label at least as wide as any other, to space the labels."""
    return "Mar 2026" if language() == "en" else grid_label(dt.date(2026, 9, 1), MONTHS, 1)


# -- the plan's rows and dates ---------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str  # "milestone", "action", or "phase" (a heading row; id is its phase)
    id: str
    row: int  # the row in the table's model
    parent_row: int  # the milestone's row for an action, -1 for a milestone


def plan_date_range(
    state: PlanState, baseline: PlanState | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The earliest and latest date the timeline has to show: today, the target, every
    milestone's and action's dates and those of the signed baseline."""
    days = [today]
    if state.plan.target_date:
        days.append(state.plan.target_date)
    for m in state.milestones.values():
        days.extend(d for d in (m.start, m.due) if d)
    for a in state.actions.values():
        if a.due:
            days.append(a.due)
    if baseline is not None:
        for m in baseline.milestones.values():
            days.extend(d for d in (m.start, m.due) if d)
    return min(days), max(days)


def bar_start(milestone: Milestone) -> dt.date | None:
    """Where a dated milestone's bar begins: None draws a diamond on its due date.
    Merged data can break the start-before-due rule; then the bar is one day long."""
    start, due = milestone.start, milestone.due
    if start is None or due is None:
        return None
    return min(start, due)


def phase_bands(rows: list[Row], state: PlanState, no_phase: str) -> list[tuple[str, int, int]]:
    """(phase, first row, last row) of each run of rows in one phase; none when the plan
    has no phases. `no_phase` is the heading of the rows without a phase."""
    runs: list[tuple[str, int, int]] = []
    for number, row in enumerate(rows):
        if row.kind == "phase":
            # A heading row starts its phase's band (a new one, even for the same
            # phase coming back).
            runs.append((row.id, number, number))
            continue
        if row.kind == "milestone":
            milestone = state.milestones.get(row.id)
        else:
            action = state.actions.get(row.id)
            milestone = state.milestones.get(action.milestone_id) if action else None
        phase = milestone.phase if milestone else ""
        if runs and runs[-1][0] == (phase or (no_phase if runs[-1][0] == no_phase else "")):
            runs[-1] = (phase, runs[-1][1], number)
        else:
            runs.append((phase, number, number))
    return [run for run in runs if run[0]]


def linked_to(state: PlanState, milestone_ids: set[str]) -> set[str]:
    """These milestones and every milestone that depends on one of them."""
    return milestone_ids | {
        m.id for m in state.milestones.values() if not milestone_ids.isdisjoint(m.depends_on)
    }


def undated_summary(numbers: list[int], shown: int = 8) -> str:
    """The corner note listing the milestones without a due date."""
    text = _("Not dated: {numbers}").format(numbers=", ".join(f"#{n}" for n in numbers[:shown]))
    if len(numbers) > shown:
        text += " " + _("and {count} more").format(count=len(numbers) - shown)
    return text


@dataclass(frozen=True)
class Link:
    """A dependency to draw: the end of the prerequisite to the start of the dependent."""

    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def late(self) -> bool:
        return self.x2 < self.x1  # the dependent starts before its prerequisite ends


# -- dragging and nudging --------------------------------------------------------------------


def drag_days(press_x: float, x: float, day_width: float) -> int:
    """Whole days a drag from `press_x` to `x` moves."""
    return round((x - press_x) / day_width)


def dragged_dates(
    mode: str, start: dt.date | None, due: dt.date, days: int
) -> tuple[dt.date | None, dt.date]:
    """The dates after moving a bar `days`: "move" shifts both, "end" only the due date."""
    shift = dt.timedelta(days=days)
    if mode == "end":
        return start, due + shift
    return (start + shift if start else None), due + shift


def nudged_dates(
    start: dt.date | None, due: dt.date, days: int, *, due_only: bool
) -> tuple[dt.date | None, dt.date]:
    """Alt+Left/Right: the milestone a day earlier or later; with Shift its due date."""
    return dragged_dates("end" if due_only else "move", start, due, days)
