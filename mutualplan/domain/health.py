"""The health rules a user expects to see flagged, per milestone and for the plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .changes import SET, Change
from .marks import N_, Gettext
from .marks import english as _english
from .model import Milestone, MilestoneStatus
from .state import PlanState

# Flags are data (compared, stored in tests); marked so that callers can word them.
NO_OWNER = N_("no owner")
NO_DATE = N_("no date")
OVERDUE = N_("overdue")
DEPENDENCY_LATE = N_("dependency ends after this starts")
IN_CYCLE = N_("dependency cycle")
AFTER_TARGET = N_("due after the target date")

# Teams that keep their plans between 6 and 20 steps do best; past 30 nobody follows it.
TOO_MANY_STEPS = 30


@dataclass
class PlanHealth:
    """What is wrong with a plan: each milestone's flags, the counts, the plan's own problems."""

    flags: dict[str, list[str]]  # milestone id -> its flags
    overdue: int = 0
    unowned: int = 0
    undated: int = 0
    at_risk: int = 0
    blocked: int = 0
    done: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)  # plan-level sentences
    # The same sentences as (template, values), for callers that word them in a language.
    problem_templates: list[tuple[str, dict[str, int]]] = field(default_factory=list)

    def add_problem(self, template: str, **values: int) -> None:
        self.problems.append(template.format(**values))
        self.problem_templates.append((template, values))

    def summary(self, gettext: Gettext = _english) -> str:
        """One line for the header: 'Healthy' or the counts that need attention, worded
        by the caller's `gettext` (English when none is given)."""
        parts = []
        for count, what in (
            (self.overdue, N_("{count} overdue")),
            (self.unowned, N_("{count} without owner")),
            (self.undated, N_("{count} without date")),
            (self.at_risk, N_("{count} at risk")),
            (self.blocked, N_("{count} blocked")),
        ):
            if count:
                parts.append(gettext(what).format(count=count))
        parts.extend(gettext(text).format(**values) for text, values in self.problem_templates)
        progress = gettext(N_("{done}/{total} done")).format(done=self.done, total=self.total)
        return progress + " · " + (" · ".join(parts) if parts else gettext(N_("healthy")))


def _finished(m: Milestone) -> bool:
    return m.status == MilestoneStatus.DONE


def find_cycles(state: PlanState) -> set[str]:
    """Milestones on a dependency cycle (refused when edited, but data may be imported).

    A milestone is on a cycle when it shares a strongly connected component with another
    milestone, or depends on itself (Tarjan's algorithm, without recursion so a long
    chain of imported milestones cannot exhaust the stack).
    """
    milestones = state.milestones

    def deps(mid: str) -> list[str]:
        return [d for d in milestones[mid].depends_on if d in milestones]

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    on_cycle: set[str] = set()
    for root in milestones:
        if root in index:
            continue
        work = [(root, iter(deps(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            mid, pending = work[-1]
            nxt = next(pending, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(deps(nxt))))
                elif nxt in on_stack:
                    low[mid] = min(low[mid], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[mid])
            if low[mid] == index[mid]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == mid:
                        break
                if len(component) > 1 or mid in milestones[mid].depends_on:
                    on_cycle.update(component)
    return on_cycle


# What one milestone adds to the plan's counts, in PlanHealth's order.
_COUNTED = ("done", "unowned", "undated", "overdue", "at_risk", "blocked")
_NOTHING = (0, 0, 0, 0, 0, 0)


def _assess_one(
    m: Milestone,
    milestones: dict[str, Milestone],
    target: dt.date | None,
    today: dt.date,
    cycles: set[str],
) -> tuple[list[str], tuple[int, ...]]:
    """One milestone's flags and what it adds to each of `_COUNTED`."""
    flags: list[str] = []
    done = unowned = undated = overdue = at_risk = blocked = 0
    if _finished(m):
        done = 1
    else:
        if m.owner_id is None:
            flags.append(NO_OWNER)
            unowned = 1
        if m.due is None:
            flags.append(NO_DATE)
            undated = 1
        elif m.due < today:
            flags.append(OVERDUE)
            overdue = 1
        if m.status == MilestoneStatus.AT_RISK:
            at_risk = 1
        elif m.status == MilestoneStatus.BLOCKED:
            blocked = 1
        if target and m.due and m.due > target:
            flags.append(AFTER_TARGET)
    begins = m.start or m.due
    if begins:
        for dep_id in m.depends_on:
            dep = milestones.get(dep_id)
            if dep and dep.due and dep.due > begins:
                flags.append(DEPENDENCY_LATE)
                break
    if m.id in cycles:
        flags.append(IN_CYCLE)
    return flags, (done, unowned, undated, overdue, at_risk, blocked)


def assess(state: PlanState, today: dt.date) -> PlanHealth:
    return HealthTracker(state, today).health()


class HealthTracker:
    """A plan's health kept current edit by edit.

    An edit reassesses only the milestones it can affect: the edited one, those that
    depend on it when its due date moves, and, only when dependencies change, those
    whose place on a dependency cycle changed. The plan-wide counts are kept as sums,
    so an edit costs the same on a plan of 20 milestones as on one of 3,000.
    """

    def __init__(self, state: PlanState, today: dt.date) -> None:
        self.state = state
        self.today = today
        self._rebuild()

    def _rebuild(self) -> None:
        milestones = self.state.milestones
        self._cycles = self._find_cycles()
        self._flags: dict[str, list[str]] = {}
        self._counts: dict[str, tuple[int, ...]] = {}
        self._totals = [0] * len(_COUNTED)
        # What this tracker last saw of each milestone: its due date and dependencies.
        self._seen: dict[str, tuple[dt.date | None, tuple[str, ...]]] = {}
        self._dependents: dict[str, set[str]] = {}
        self._dues: Counter[dt.date] = Counter()
        self._last_due: dt.date | None = None  # max(self._dues), kept as dates move
        target, today, cycles = self.state.plan.target_date, self.today, self._cycles
        totals = self._totals
        for m in milestones.values():
            self._remember(m)
            flags, counts = _assess_one(m, milestones, target, today, cycles)
            if flags:
                self._flags[m.id] = flags
            self._counts[m.id] = counts
            for i, count in enumerate(counts):
                totals[i] += count

    def _find_cycles(self) -> set[str]:
        milestones = self.state.milestones
        if any(m.depends_on for m in milestones.values()):
            return find_cycles(self.state)
        return set()

    def _remember(self, m: Milestone) -> None:
        self._seen[m.id] = (m.due, m.depends_on)
        for dep_id in m.depends_on:
            self._dependents.setdefault(dep_id, set()).add(m.id)
        if m.due is not None:
            self._dues[m.due] += 1
            if self._last_due is None or m.due > self._last_due:
                self._last_due = m.due

    def _forget(self, milestone_id: str) -> None:
        seen = self._seen.pop(milestone_id, None)
        if seen is None:
            return
        due, depends_on = seen
        for dep_id in depends_on:
            dependents = self._dependents.get(dep_id)
            if dependents is not None:
                dependents.discard(milestone_id)
        if due is not None:
            self._dues[due] -= 1
            if not self._dues[due]:
                del self._dues[due]
                if due == self._last_due:
                    self._last_due = max(self._dues, default=None)

    def _reassess(self, milestone_id: str) -> bool:
        """Reassess one milestone; True if its flags changed."""
        before = self._flags.pop(milestone_id, [])
        old_counts = self._counts.pop(milestone_id, _NOTHING)
        m = self.state.milestones.get(milestone_id)
        flags, counts = (
            _assess_one(
                m, self.state.milestones, self.state.plan.target_date, self.today, self._cycles
            )
            if m is not None
            else ([], _NOTHING)
        )
        if flags:
            self._flags[milestone_id] = flags
        if m is not None:
            self._counts[milestone_id] = counts
        if counts != old_counts:
            for i, (new, old) in enumerate(zip(counts, old_counts, strict=True)):
                self._totals[i] += new - old
        return flags != before

    def update(self, changes: Iterable[Change]) -> set[str]:
        """Bring the health up to date with changes already applied to the state; returns
        the milestones whose flags changed."""
        milestones = self.state.milestones
        touched: set[str] = set()
        dependencies_changed = False
        for change in changes:
            if change.entity == "plan":
                if change.op != SET or change.field == "target_date":
                    flags_before = dict(self._flags)
                    self._rebuild()
                    return {
                        mid
                        for mid in flags_before.keys() | self._flags.keys()
                        if flags_before.get(mid) != self._flags.get(mid)
                    }
                continue
            if change.entity != "milestone":
                continue  # actions, people and evidence have no bearing on these rules
            mid = change.entity_id
            before = self._seen.get(mid)
            self._forget(mid)
            m = milestones.get(mid)
            if m is not None:
                self._remember(m)
            touched.add(mid)
            after = self._seen.get(mid)
            old_due, old_deps = before if before is not None else (None, ())
            new_due, new_deps = after if after is not None else (None, ())
            if old_deps != new_deps or (before is None) != (after is None):
                dependencies_changed = True
            if old_due != new_due or before is None or after is None:
                touched.update(self._dependents.get(mid, ()))
        if dependencies_changed:
            cycles = self._find_cycles()
            touched |= cycles ^ self._cycles
            self._cycles = cycles
        return {mid for mid in touched if self._reassess(mid)}

    def health(self) -> PlanHealth:
        milestones = self.state.milestones
        done, unowned, undated, overdue, at_risk, blocked = self._totals
        health = PlanHealth(
            flags=dict(self._flags),  # flag lists are replaced, never changed in place
            overdue=overdue,
            unowned=unowned,
            undated=undated,
            at_risk=at_risk,
            blocked=blocked,
            done=done,
            total=len(milestones),
        )
        target = self.state.plan.target_date
        if target:
            last = self._last_due
            if last and last > target:
                health.add_problem(
                    N_("ends {days} days after the target date"), days=(last - target).days
                )
        else:
            health.add_problem(N_("no target date"))
        if self._cycles:
            health.add_problem(N_("dependency cycle"))
        if len(milestones) > TOO_MANY_STEPS:
            health.add_problem(
                N_("{steps} steps: too long to follow (aim for 6–20)"), steps=len(milestones)
            )
        return health


def slips(state: PlanState, baseline: PlanState | None) -> dict[str, int]:
    """Milestone id -> calendar days its due date moved later than in `baseline` (the
    last revision both sides signed). Earlier dates are no slip, and a milestone that
    is new since the baseline, or has no due date in either, has nothing to slip from."""
    if baseline is None:
        return {}
    moved: dict[str, int] = {}
    for m in state.milestones.values():
        days = slip_of(m, baseline)
        if days:
            moved[m.id] = days
    return moved


def slip_of(m: Milestone, baseline: PlanState | None) -> int:
    """The days one milestone slipped since `baseline` (0 for none): see `slips`."""
    before = baseline.milestones.get(m.id) if baseline is not None else None
    if before is None or before.due is None or m.due is None:
        return 0
    return max((m.due - before.due).days, 0)
