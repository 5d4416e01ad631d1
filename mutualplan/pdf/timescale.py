"""The date axis of the timeline: which months it spans and where a day falls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from ..domain.model import Milestone
from ..domain.state import PlanState

# Months between labels, from every month to one label a century.
LABEL_STEPS = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200)


@dataclass(frozen=True)
class DateScale:
    first: dt.date  # the first day of the first month shown
    last: dt.date  # the first day after the last month shown
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        span = (self.last - self.first).days
        return self.x0 + (day - self.first).days / span * (self.x1 - self.x0)

    @cached_property
    def months(self) -> tuple[dt.date, ...]:
        """The first day of each month shown (worked out once: every piece of a long
        plan's chart draws them all)."""
        return tuple(_months(self.first, self.last))

    def label_step(self, room: float) -> int:
        """Label every month, or every 2nd, 3rd, ... so labels `room` points apart fit
        (a plan with dates decades apart gets a label every few years)."""
        months = len(self.months)
        month_width = (self.x1 - self.x0) / months
        return next((n for n in LABEL_STEPS if month_width * n >= room), LABEL_STEPS[-1])


def _months(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day < last:
        yield day
        day = next_month(day)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def slip(m: Milestone, baseline: PlanState | None) -> tuple[dt.date, int] | None:
    """The signed due date and how many days later it is now, if the milestone slipped."""
    before = baseline.milestones.get(m.id) if baseline else None
    if before is None or before.due is None or m.due is None or m.due <= before.due:
        return None
    return before.due, (m.due - before.due).days


def date_scale(
    state: PlanState, today: dt.date, baseline: PlanState | None, x0: float, x1: float
) -> DateScale:
    """Whole months around every date the chart shows, today and the target date."""
    dates = [today]
    if state.plan.target_date:
        dates.append(state.plan.target_date)
    for m in state.milestones.values():
        dates.extend(d for d in (m.start, m.due) if d)
        slipped = slip(m, baseline)
        if slipped:
            dates.append(slipped[0])
    first = min(dates).replace(day=1)
    last = next_month(max(dates))
    if (last - first).days < 59:  # never less than two months: a bar needs room
        last = next_month(next_month(first))
    return DateScale(first, last, x0, x1)
