"""The health rules a user expects to see flagged, per milestone and for the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .model import Milestone, MilestoneStatus
from .state import PlanState

NO_OWNER = "no owner"
NO_DATE = "no date"
OVERDUE = "overdue"
DEPENDENCY_LATE = "dependency ends after this starts"
IN_CYCLE = "dependency cycle"
AFTER_TARGET = "due after the target date"

# Teams that keep their plans between 6 and 20 steps do best; past 30 nobody follows it.
TOO_MANY_STEPS = 30


@dataclass
class PlanHealth:
    flags: dict[str, list[str]]  # milestone id -> its flags
    overdue: int = 0
    unowned: int = 0
    undated: int = 0
    at_risk: int = 0
    blocked: int = 0
    done: int = 0
    total: int = 0
    problems: list[str] = field(default_factory=list)  # plan-level sentences

    def summary(self) -> str:
        """One line for the header: 'Healthy' or the counts that need attention."""
        parts = []
        for count, what in (
            (self.overdue, "overdue"),
            (self.unowned, "without owner"),
            (self.undated, "without date"),
            (self.at_risk, "at risk"),
            (self.blocked, "blocked"),
        ):
            if count:
                parts.append(f"{count} {what}")
        parts.extend(self.problems)
        progress = f"{self.done}/{self.total} done"
        return progress + (" · " + " · ".join(parts) if parts else " · healthy")


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


def assess(state: PlanState, today: dt.date) -> PlanHealth:
    milestones = state.milestones
    cycles = find_cycles(state) if any(m.depends_on for m in milestones.values()) else set()
    target = state.plan.target_date
    health = PlanHealth(flags={}, total=len(milestones))
    for m in milestones.values():
        flags: list[str] = []
        if _finished(m):
            health.done += 1
        else:
            if m.owner_id is None:
                flags.append(NO_OWNER)
                health.unowned += 1
            if m.due is None:
                flags.append(NO_DATE)
                health.undated += 1
            elif m.due < today:
                flags.append(OVERDUE)
                health.overdue += 1
            if m.status == MilestoneStatus.AT_RISK:
                health.at_risk += 1
            elif m.status == MilestoneStatus.BLOCKED:
                health.blocked += 1
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
        if flags:
            health.flags[m.id] = flags
    if target:
        last = max((m.due for m in milestones.values() if m.due), default=None)
        if last and last > target:
            health.problems.append(f"ends {(last - target).days} days after the target date")
    else:
        health.problems.append("no target date")
    if cycles:
        health.problems.append("dependency cycle")
    if len(milestones) > TOO_MANY_STEPS:
        health.problems.append(f"{len(milestones)} steps: too long to follow (aim for 6–20)")
    return health


def slips(state: PlanState, baseline: PlanState | None) -> dict[str, int]:
    """Milestone id -> calendar days its due date moved later than in `baseline` (the
    last revision both sides signed). Earlier dates are no slip, and a milestone that
    is new since the baseline, or has no due date in either, has nothing to slip from."""
    if baseline is None:
        return {}
    moved: dict[str, int] = {}
    for m in state.milestones.values():
        before = baseline.milestones.get(m.id)
        if before is None or before.due is None or m.due is None:
            continue
        days = (m.due - before.due).days
        if days > 0:
            moved[m.id] = days
    return moved
