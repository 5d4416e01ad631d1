"""Scheduling back from the target date: the latest dates every milestone can have,
its slack, the critical path, and whether the plan can meet its target at all.

The convention (the one templates.working_days_before already places milestones by):
a milestone with a lead time of N working days starts N working days before it is
due, `start = due − N working days` on its side's calendar, and hands over on its due
date, so a milestone may start on the day its prerequisite is due (health's "dependency
ends after this starts" rule allows exactly that). Along a chain the lead times add
up: A (5 days) → B (3 days) runs 8 working days from A's start to B's due.

A milestone without a lead time keeps the working days between its current start
and due; with neither, it gets one working day.

Two passes, as in any critical-path method:
- forward from today: the earliest a milestone can start is the latest of today and
  its prerequisites' earliest due dates (a done milestone counts by the day it was
  done; one already under way by the day it started);
- backward from the target: the latest a milestone can be due is the earliest of the
  target and its dependents' latest starts.
Slack is the working days between the earliest and the latest due date (the same as
between the starts); below zero, the plan cannot meet its target.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass

from .calendars import Calendars, WorkingCalendar
from .changes import SET, Change
from .model import Milestone, MilestoneStatus
from .state import PlanRuleError, PlanState

__all__ = [
    "Calendars",
    "MilestoneSchedule",
    "Schedule",
    "ScheduleError",
    "WorkingCalendar",
    "date_changes",
    "dependents_to_move",
    "lead_of",
    "push_dependents",
    "schedule_back",
]

DEFAULT_LEAD_DAYS = 1

LEAD_SET = "set"
LEAD_FROM_DATES = "dates"
LEAD_DEFAULT = "default"


class ScheduleError(PlanRuleError):
    """The plan cannot be scheduled (no target date, a dependency cycle)."""


@dataclass(frozen=True, slots=True)
class MilestoneSchedule:
    milestone_id: str
    lead_days: int
    lead_source: str  # LEAD_SET, LEAD_FROM_DATES or LEAD_DEFAULT
    done: bool
    started: bool  # under way since a start date that is not in the future
    start: dt.date | None  # proposed
    due: dt.date | None  # proposed
    earliest_start: dt.date | None
    earliest_due: dt.date | None
    latest_start: dt.date | None
    latest_due: dt.date | None
    slack: int | None  # working days; None for a done milestone
    critical: bool = False


@dataclass(frozen=True, slots=True)
class Schedule:
    target: dt.date
    today: dt.date
    rows: dict[str, MilestoneSchedule]  # in plan order
    critical: list[str]  # milestone ids, from today to the target
    feasible: bool
    shortfall_days: int  # working days the plan misses the target by; 0 when feasible

    def of(self, milestone_id: str) -> MilestoneSchedule:
        return self.rows[milestone_id]

    @property
    def critical_slack(self) -> int | None:
        """The slack of the critical path (negative when the target cannot be met)."""
        if not self.critical:
            return None
        return self.rows[self.critical[-1]].slack

    def changes(self, state: PlanState) -> list[Change]:
        """Set the proposed start and due of every milestone whose dates differ."""
        changes: list[Change] = []
        for m in state.milestone_order():
            row = self.rows.get(m.id)
            if row is None or row.done:
                continue
            changes.extend(date_changes(m, row.start, row.due))
        return changes


def date_changes(m: Milestone, start: dt.date | None, due: dt.date | None) -> list[Change]:
    """SET changes moving `m` to (start, due), ordered so that no step between them
    has the due date before the start (which the plan's rules refuse)."""
    moves = []
    if start != m.start:
        moves.append(Change(SET, "milestone", m.id, "start", m.start, start))
    if due != m.due:
        moves.append(Change(SET, "milestone", m.id, "due", m.due, due))
    # Start first is safe unless the new start is after the old due; then due goes
    # first, which is safe because the new due is after the new start.
    if len(moves) == 2 and start is not None and m.due is not None and start > m.due:
        moves.reverse()
    return moves


def lead_of(m: Milestone, calendar: WorkingCalendar) -> tuple[int, str]:
    """The lead time scheduling uses for `m`, and where it came from."""
    if m.lead_days is not None:
        return m.lead_days, LEAD_SET
    if m.start is not None and m.due is not None and m.due >= m.start:
        return calendar.working_days_between(m.start, m.due), LEAD_FROM_DATES
    return DEFAULT_LEAD_DAYS, LEAD_DEFAULT


def _done(m: Milestone) -> bool:
    return m.status == MilestoneStatus.DONE


def _started(m: Milestone, today: dt.date) -> bool:
    """Under way since before today. (A start of today is still open to move: the
    proposal never starts anything before today, so scheduling again after applying a
    proposal finds the same milestones under way.)"""
    return (
        m.status not in (MilestoneStatus.NOT_STARTED, MilestoneStatus.DONE)
        and m.start is not None
        and m.start < today
    )


# -- order and cycles ----------------------------------------------------------------


def _links(state: PlanState) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(prerequisites, dependents) of every milestone, ignoring unknown ids."""
    ms = state.milestones
    prerequisites = {mid: [d for d in m.depends_on if d in ms] for mid, m in ms.items()}
    dependents: dict[str, list[str]] = {mid: [] for mid in ms}
    for mid, deps in prerequisites.items():
        for dep in deps:
            dependents[dep].append(mid)
    return prerequisites, dependents


def _topological(state: PlanState) -> tuple[list[str], set[str]]:
    """Milestone ids with every prerequisite before its dependents (ties in plan order),
    and the ids left over because they sit on or behind a dependency cycle."""
    prerequisites, dependents = _links(state)
    position = {m.id: n for n, m in enumerate(state.milestone_order())}
    waiting = {mid: len(set(deps)) for mid, deps in prerequisites.items()}
    ready = [(position[mid], mid) for mid, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _, mid = heapq.heappop(ready)
        order.append(mid)
        for follower in set(dependents[mid]):
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, (position[follower], follower))
    return order, set(prerequisites) - set(order)


def _cycle_message(state: PlanState, left: set[str]) -> str:
    prerequisites, _ = _links(state)
    ms = state.milestones
    # Every milestone left over has a prerequisite left over, so walking prerequisites
    # from any of them must come round to one already seen.
    start = min(left, key=state.milestone_number)
    trail = [start]
    while True:
        nxt = min((d for d in prerequisites[trail[-1]] if d in left), key=state.milestone_number)
        if nxt in trail:
            loop = trail[trail.index(nxt) :]
            break
        trail.append(nxt)
    loop.reverse()  # prerequisite first, as the work flows
    first = loop.index(min(loop, key=state.milestone_number))
    loop = loop[first:] + loop[:first]
    names = [ms[mid].title for mid in loop]
    names.append(names[0])
    return (
        "The plan has a dependency cycle: "
        + " → ".join(f"“{n}”" for n in names)
        + ". Remove one of these dependencies, then schedule again."
    )


def _order_or_refuse(state: PlanState) -> list[str]:
    order, left = _topological(state)
    if left:
        raise ScheduleError(_cycle_message(state, left))
    return order


# -- scheduling back -----------------------------------------------------------------


def schedule_back(state: PlanState, calendars: Calendars, today: dt.date) -> Schedule:
    """Latest dates back from the plan's target date, with slack and critical path.

    Done milestones keep their dates. When the target cannot be met, the proposed dates
    are the latest that do not start before today (so the critical path runs as soon as
    possible and ends after the target); slack still tells by how much each one misses.
    """
    target = state.plan.target_date
    if target is None:
        raise ScheduleError(
            "The plan has no target date: set one first, then schedule back from it."
        )
    order = _order_or_refuse(state)
    ms = state.milestones
    prerequisites, dependents = _links(state)
    cal = {mid: calendars.for_side(ms[mid].side) for mid in ms}
    lead = {mid: lead_of(ms[mid], cal[mid]) for mid in ms}
    done = {mid for mid in ms if _done(ms[mid])}
    started = {mid for mid in ms if _started(ms[mid], today)}

    # Forward: earliest dates.
    earliest: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    for mid in order:
        m, c, days = ms[mid], cal[mid], lead[mid][0]
        if mid in done:
            finished = m.done_on or m.due or m.start
            earliest[mid] = (m.start or finished, finished)
        elif mid in started:
            assert m.start is not None
            due = max(c.add_working_days(m.start, days), c.on_or_after(today))
            earliest[mid] = (m.start, due)
        else:
            ready = max([today, *(d for p in prerequisites[mid] if (d := earliest[p][1]))])
            begin = c.on_or_after(ready)
            earliest[mid] = (begin, c.add_working_days(begin, days))

    # Backward: latest dates against the target, and the proposal (the same, except
    # that where the target cannot be met nothing is proposed before its earliest).
    latest: dict[str, tuple[dt.date, dt.date]] = {}
    proposed: dict[str, tuple[dt.date, dt.date]] = {}
    slack: dict[str, int] = {}
    for mid in reversed(order):
        if mid in done:
            continue
        c, days = cal[mid], lead[mid][0]
        # Work already under way no longer waits for its prerequisites: only what is
        # yet to start bounds them.
        live = [d for d in dependents[mid] if d not in done and d not in started]
        bound = min([target, *(latest[d][0] for d in live)])
        due = c.on_or_before(bound)
        latest[mid] = (c.add_working_days(due, -days), due)
        bound = min([target, *(proposed[d][0] for d in live)])
        earliest_due = earliest[mid][1]
        assert earliest_due is not None
        due = max(c.on_or_before(bound), earliest_due)
        proposed[mid] = (c.add_working_days(due, -days), due)
        slack[mid] = c.working_days_between(earliest_due, latest[mid][1])

    critical = _critical_path(state, order, prerequisites, dependents, earliest, slack, today)
    on_path = set(critical)
    rows: dict[str, MilestoneSchedule] = {}
    for m in state.milestone_order():
        mid = m.id
        days, source = lead[mid]
        first_start, first_due = earliest[mid]
        if mid in done:
            rows[mid] = MilestoneSchedule(
                milestone_id=mid,
                lead_days=days,
                lead_source=source,
                done=True,
                started=False,
                start=m.start,
                due=m.due,
                earliest_start=first_start,
                earliest_due=first_due,
                latest_start=m.start,
                latest_due=m.due,
                slack=None,
            )
            continue
        rows[mid] = MilestoneSchedule(
            milestone_id=mid,
            lead_days=days,
            lead_source=source,
            done=False,
            started=mid in started,
            # Work under way keeps the day it started on.
            start=m.start if mid in started else proposed[mid][0],
            due=proposed[mid][1],
            earliest_start=first_start,
            earliest_due=first_due,
            latest_start=latest[mid][0],
            latest_due=latest[mid][1],
            slack=slack[mid],
            critical=mid in on_path,
        )
    worst = min(slack.values(), default=0)
    return Schedule(
        target=target,
        today=today,
        rows=rows,
        critical=critical,
        feasible=worst >= 0,
        shortfall_days=max(0, -worst),
    )


def _critical_path(
    state: PlanState,
    order: list[str],
    prerequisites: dict[str, list[str]],
    dependents: dict[str, list[str]],
    earliest: dict[str, tuple[dt.date | None, dt.date | None]],
    slack: dict[str, int],
    today: dt.date,
) -> list[str]:
    """The chain with the least slack: from the end milestone that has least, back
    through the prerequisite that holds up each one's earliest start, until one is held
    up by nothing but today (or is already under way)."""
    number = state.milestone_number

    def waits(mid: str) -> bool:  # yet to start, so it waits for its prerequisites
        return mid in slack and not _started(state.milestones[mid], today)

    ends = [mid for mid in order if mid in slack and not any(waits(d) for d in dependents[mid])]
    if not ends:
        return []

    def due(mid: str) -> dt.date:
        day = earliest[mid][1]
        assert day is not None
        return day

    chain = [min(ends, key=lambda mid: (slack[mid], -due(mid).toordinal(), -number(mid)))]
    while not _started(state.milestones[chain[-1]], today):
        prerequisites_due = [
            (due(p), p) for p in prerequisites[chain[-1]] if earliest[p][1] is not None
        ]
        if not prerequisites_due:
            break
        latest_due = max(day for day, _ in prerequisites_due)
        holding = [p for day, p in prerequisites_due if day == latest_due]
        if latest_due < today or any(p not in slack for p in holding):
            break  # today, or work already done, sets its start
        chain.append(min(holding, key=lambda p: (slack[p], number(p))))
    chain.reverse()
    return chain


# -- moving what depends on a milestone ----------------------------------------------


def dependents_to_move(
    state: PlanState,
    milestone_id: str,
    new_start: dt.date | None,
    new_due: dt.date | None,
    calendars: Calendars,
) -> list[Change]:
    """When a milestone moves later, push what depends on it (transitively) later too.

    A dependent that would now start before the moved milestone is due moves to the
    first working day (on its side's calendar) it can start, keeping its length in
    working days; its own dependents follow in turn. Done milestones stay put. The
    moved milestone itself gets no change here (the caller moved it).
    """
    return push_dependents(state, {milestone_id: (new_start, new_due)}, calendars)


def push_dependents(
    state: PlanState,
    moved: dict[str, tuple[dt.date | None, dt.date | None]],
    calendars: Calendars,
) -> list[Change]:
    """`dependents_to_move` for several milestones moved at once (id -> start, due)."""
    ms = state.milestones
    prerequisites, dependents = _links(state)
    dates = {mid: (m.start, m.due) for mid, m in ms.items()}
    dates.update((mid, value) for mid, value in moved.items() if mid in ms)
    order, _cycle = _topological(state)  # milestones on a cycle are left alone
    changed = set(moved)
    changes: list[Change] = []
    for mid in order:
        m = ms[mid]
        if mid in moved or _done(m) or not any(p in changed for p in prerequisites[mid]):
            continue
        start, due = dates[mid]
        begins = start or due
        required = max((d for p in prerequisites[mid] if (d := dates[p][1])), default=None)
        if begins is None or required is None or begins >= required:
            continue
        c = calendars.for_side(m.side)
        new_begin = c.on_or_after(required)
        if start is not None and due is not None:
            new_start: dt.date | None = new_begin
            new_due: dt.date | None = c.add_working_days(
                new_begin, max(0, c.working_days_between(start, due))
            )
        elif start is not None:
            new_start, new_due = new_begin, None
        else:
            new_start, new_due = None, new_begin
        dates[mid] = (new_start, new_due)
        changed.add(mid)
        changes.extend(date_changes(m, new_start, new_due))
    return changes


def moved_later(changes: Iterable[Change]) -> dict[str, tuple[str, ...]]:
    """Milestone id -> the date fields (start, due) that `changes` set later than they
    were (or set where there was none)."""
    found: dict[str, tuple[str, ...]] = {}
    for change in changes:
        if (
            change.op == SET
            and change.entity == "milestone"
            and change.field in ("start", "due")
            and change.new is not None
            and (change.old is None or change.new > change.old)
        ):
            found[change.entity_id] = (*found.get(change.entity_id, ()), change.field)
    return found
