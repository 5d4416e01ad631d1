"""A whole plan in memory, and the rules every change must pass before it is applied."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .changes import CREATE, DELETE, REORDER, Change
from .model import (
    CHILD_KINDS,
    ENTITY_TYPES,
    Action,
    Entity,
    Evidence,
    Milestone,
    Person,
    Plan,
    field_spec,
    values_of,
)
from .names import same_person_name
from .rank import DIGITS


class PlanRuleError(ValueError):
    """A change the plan's rules refuse; the message is written for the user."""


class StaleChangeError(PlanRuleError):
    """A change whose `old` value is no longer what the plan holds."""


class PlanState:
    """The plan header and every entity that belongs to it, keyed by id."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.people: dict[str, Person] = {}
        self.milestones: dict[str, Milestone] = {}
        self.actions: dict[str, Action] = {}
        self.evidence: dict[str, Evidence] = {}
        self._ordered: dict[str, list[Any]] = {}
        self._actions_by_milestone: dict[str, list[Action]] | None = None
        self._numbers: tuple[list[Any], dict[str, int]] | None = None

    @property
    def id(self) -> str:
        return self.plan.id

    def table(self, kind: str) -> dict[str, Any]:
        if kind == "plan":
            return {self.plan.id: self.plan}
        tables: dict[str, dict[str, Any]] = {
            "person": self.people,
            "milestone": self.milestones,
            "action": self.actions,
            "evidence": self.evidence,
        }
        return tables[kind]

    def get(self, kind: str, entity_id: str) -> Any:
        return self.table(kind).get(entity_id)

    def add(self, entity: Entity) -> None:
        """Put an entity in place without a change (used when loading)."""
        if isinstance(entity, Plan):
            self.plan = entity
        else:
            self.table(entity.KIND)[entity.id] = entity
            self.forget_order(entity.KIND)

    def add_all(self, kind: str, entities: Iterable[Entity]) -> None:
        """Put entities of one kind in place without a change (loading a plan)."""
        table = self.table(kind)
        for entity in entities:
            table[entity.id] = entity
        self.forget_order(kind)

    def ordered(self, kind: str) -> list[Any]:
        """The entities of one kind in the plan's order (rank, then id for ties)."""
        cached = self._ordered.get(kind)
        if cached is None:
            cached = sorted(self.table(kind).values(), key=lambda e: (e.rank, e.id))
            self._ordered[kind] = cached
        return cached

    def forget_order(self, kind: str) -> None:
        """Entities of `kind` came, went or moved: their cached order (and, for actions,
        their grouping by milestone) is made again when next asked for."""
        self._ordered.pop(kind, None)
        if kind == "action":
            self._actions_by_milestone = None

    def milestone_order(self) -> list[Milestone]:
        return self.ordered("milestone")

    def actions_of(self, milestone_id: str) -> list[Action]:
        """A milestone's actions in order; grouped once for all milestones, so asking
        for each milestone's in turn costs one pass over the actions, not one each."""
        grouped = self._actions_by_milestone
        if grouped is None:
            grouped = {}
            for action in self.ordered("action"):
                grouped.setdefault(action.milestone_id, []).append(action)
            self._actions_by_milestone = grouped
        return list(grouped.get(milestone_id, ()))

    def people_on(self, side: str) -> list[Person]:
        return [p for p in self.ordered("person") if p.side == side]

    def people_matching(self, name: str, email: str = "", side: str | None = None) -> list[Person]:
        """The plan's people who are this person: the same name once accents and case
        are folded ("Lukasz Wisniewski" is "Łukasz Wiśniewski"), or the same e-mail."""
        email = email.strip().casefold()
        return [
            p
            for p in self.ordered("person")
            if (side is None or p.side == side)
            and (
                same_person_name(p.name, name)
                or (bool(email) and p.email.strip().casefold() == email)
            )
        ]

    def signatory(self, side: str) -> Person | None:
        """Who signs the plan for `side`, as chosen in People (None until chosen)."""
        return next((p for p in self.people_on(side) if p.signs), None)

    def milestone_number(self, milestone_id: str) -> int:
        """1-based position shown to people (#3)."""
        order = self.milestone_order()
        numbers = self._numbers
        if numbers is None or numbers[0] is not order:
            numbers = (order, {m.id: n for n, m in enumerate(order, start=1)})
            self._numbers = numbers
        return numbers[1][milestone_id]

    def copy(self) -> PlanState:
        clone = PlanState(replace(self.plan))
        for kind in CHILD_KINDS:
            clone.table(kind).update({k: replace(v) for k, v in self.table(kind).items()})
        return clone

    # -- applying changes ----------------------------------------------------------

    def check(self, change: Change) -> None:
        """Raise PlanRuleError if `change` cannot be applied to the plan as it is now."""
        check_change(self, change)

    def apply(self, change: Change) -> None:
        """Check and apply one change."""
        self.check(change)
        self._apply_unchecked(change)

    def apply_all(self, changes: Iterable[Change]) -> list[Change]:
        """Apply changes in order; if one is refused, undo the ones before it and re-raise."""
        done: list[Change] = []
        try:
            for change in changes:
                self.apply(change)
                done.append(change)
        except Exception:
            self.revert(done)
            raise
        return done

    def revert(self, applied: list[Change]) -> None:
        """Undo changes that were applied (in memory only), newest first."""
        for change in reversed(applied):
            self._apply_unchecked(change.inverse())

    def _apply_unchecked(self, change: Change) -> None:
        kind, table = change.entity, self.table(change.entity)
        if change.op == CREATE:
            cls = ENTITY_TYPES[kind]
            if kind == "plan":
                self.plan = cls(id=change.entity_id, **change.new)
            else:
                table[change.entity_id] = cls(id=change.entity_id, plan_id=self.id, **change.new)
            self.forget_order(kind)
        elif change.op == DELETE:
            del table[change.entity_id]
            self.forget_order(kind)
        else:
            setattr(table[change.entity_id], change.field or "", change.new)
            if change.op == REORDER or change.field in ("rank", "milestone_id"):
                self.forget_order(kind)


def check_change(state: PlanState, change: Change) -> None:
    kind = change.entity
    if kind not in ENTITY_TYPES:
        raise PlanRuleError(f"Unknown kind of item: {kind}")
    current = state.get(kind, change.entity_id)
    if change.op == CREATE:
        if current is not None:
            raise PlanRuleError(f"This {kind} already exists.")
        if kind == "plan":
            raise PlanRuleError("A plan is created by the store, not by a change to another plan.")
        values = dict(change.new or {})
        _check_values(state, kind, change.entity_id, values, creating=True)
        return
    if current is None:
        raise StaleChangeError(f"This {kind} no longer exists in the plan.")
    if change.op == DELETE:
        if kind == "plan":
            raise PlanRuleError("A plan cannot be deleted by a change; abandon it instead.")
        _check_nothing_refers_to(state, kind, change.entity_id)
        return
    name = change.field or ""
    if name not in type(current).FIELDS:
        raise PlanRuleError(f"{kind} has no field {name!r}")
    if change.op == REORDER and name != "rank":
        raise PlanRuleError("Only the order of an item can be moved.")
    if getattr(current, name) != change.old:
        raise StaleChangeError(
            f"{field_spec(kind, name).label} was changed meanwhile; reload and try again."
        )
    _check_values(state, kind, change.entity_id, {name: change.new}, creating=False)


def _check_values(
    state: PlanState, kind: str, entity_id: str, values: dict[str, Any], *, creating: bool
) -> None:
    cls = ENTITY_TYPES[kind]
    for name, value in values.items():
        spec = cls.FIELDS.get(name)
        if spec is None:
            raise PlanRuleError(f"{kind} has no field {name!r}")
        _check_value(state, kind, entity_id, spec, value)
    if creating:
        missing = [
            spec.label
            for spec in cls.FIELDS.values()
            if spec.required and not values.get(spec.name)
        ]
        if missing:
            article = "An" if kind[0] in "aeiou" else "A"
            raise PlanRuleError(f"{article} {kind} needs: {', '.join(missing)}.")
    if kind == "milestone":
        current = state.milestones.get(entity_id)
        start = values.get("start", current.start if current else None)
        due = values.get("due", current.due if current else None)
        if start and due and due < start:
            raise PlanRuleError(
                f"The due date ({due:%d %b %Y}) is before the start ({start:%d %b %Y})."
            )
        if "depends_on" in values:
            _check_no_cycle(state, entity_id, values["depends_on"])


def check_value(state: PlanState, kind: str, entity_id: str, name: str, value: Any) -> None:
    """One field's value on its own: its type, its choices, what it points at.

    The rules relating fields (due after start, no dependency cycle) are left out: two
    copies merged can break those, and the plan's health shows it. Imported plan data
    must pass this.
    """
    _check_value(state, kind, entity_id, field_spec(kind, name), value)


def _check_value(state: PlanState, kind: str, entity_id: str, spec: Any, value: Any) -> None:
    label = spec.label
    if spec.kind in ("text", "longtext"):
        if not isinstance(value, str):
            raise PlanRuleError(f"{label} must be text.")
        if spec.required and not value.strip():
            raise PlanRuleError(f"{label} cannot be empty.")
        if spec.kind == "text" and "\n" in value:
            raise PlanRuleError(f"{label} must fit on one line.")
    elif spec.kind == "rank":
        # Only keys rank.py could have made: anything else breaks every later move.
        if not isinstance(value, str):
            raise PlanRuleError("The order key must be text.")
        if not value or value.endswith("0") or not set(value) <= set(DIGITS):
            raise PlanRuleError(f"{value!r} is not an order key.")
    elif spec.kind == "choice":
        if value not in spec.choices:
            raise PlanRuleError(f"{label} must be one of: {', '.join(spec.choices)}.")
    elif spec.kind == "date":
        # A datetime is a date to isinstance, but it would be saved with its time of day.
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise PlanRuleError(f"{label} must be a date.")
        if value is not None and not (1900 <= value.year <= 2200):
            raise PlanRuleError(f"{label}: {value.isoformat()} is not a plausible date.")
    elif spec.kind == "int":
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise PlanRuleError(f"{label} must be a whole number.")
        if value is not None and not 0 <= value <= 2000:
            raise PlanRuleError(f"{label} must be between 0 and 2000.")
    elif spec.kind == "bool":
        if not isinstance(value, bool):
            raise PlanRuleError(f"{label} must be yes or no.")
    elif spec.kind == "person":
        if value is not None and (not isinstance(value, str) or value not in state.people):
            raise PlanRuleError(f"{label}: that person is not in this plan.")
    elif spec.kind == "milestone":
        if value is None and spec.required:
            raise PlanRuleError(f"{label} is required.")
        if value is not None and (not isinstance(value, str) or value not in state.milestones):
            raise PlanRuleError(f"{label}: that milestone is not in this plan.")
    elif spec.kind == "milestones":
        if not isinstance(value, tuple):
            raise PlanRuleError(f"{label} must be a list of milestones.")
        for other in value:
            if other == entity_id:
                raise PlanRuleError("A milestone cannot depend on itself.")
            if not isinstance(other, str) or other not in state.milestones:
                raise PlanRuleError(f"{label}: that milestone is not in this plan.")


def _check_no_cycle(state: PlanState, milestone_id: str, depends_on: tuple[str, ...]) -> None:
    """Refuse dependencies that lead back to `milestone_id`, naming the shortest loop."""
    # Breadth-first from the new prerequisites; `came_from` rebuilds the path found.
    came_from: dict[str, str | None] = {mid: None for mid in depends_on}
    queue = deque(depends_on)
    while queue:
        current = queue.popleft()
        if current == milestone_id:
            trail = []
            step: str | None = current
            while step is not None:
                trail.append(step)
                step = came_from[step]
            titles = [
                state.milestones[m].title if m in state.milestones else "this milestone"
                for m in reversed(trail)
            ]
            own = state.milestones.get(milestone_id)
            names = [own.title if own else "this milestone", *titles[:-1]]
            names.append(names[0])
            raise PlanRuleError(
                "That would make a dependency cycle: " + " → ".join(f"“{n}”" for n in names)
            )
        milestone = state.milestones.get(current)
        for following in milestone.depends_on if milestone else ():
            if following not in came_from:
                came_from[following] = current
                queue.append(following)


def _check_nothing_refers_to(state: PlanState, kind: str, entity_id: str) -> None:
    """Deleting must not leave dangling references; `edits.delete` clears them first."""
    if kind == "person":
        for m in state.milestones.values():
            if m.owner_id == entity_id:
                raise PlanRuleError(f"“{m.title}” is still owned by this person.")
        for a in state.actions.values():
            if a.owner_id == entity_id:
                raise PlanRuleError(f"The action “{a.title}” is still owned by this person.")
        for e in state.evidence.values():
            if e.decided_by == entity_id:
                raise PlanRuleError(f"The evidence “{e.title}” still names this person.")
    elif kind == "milestone":
        for m in state.milestones.values():
            if entity_id in m.depends_on:
                raise PlanRuleError(f"“{m.title}” still depends on this milestone.")
        for a in state.actions.values():
            if a.milestone_id == entity_id:
                raise PlanRuleError(f"The action “{a.title}” still belongs to this milestone.")
        for e in state.evidence.values():
            if e.milestone_id == entity_id:
                raise PlanRuleError(f"The evidence “{e.title}” is still linked to this milestone.")


def snapshot(entity: Entity) -> dict[str, Any]:
    """The values a delete records, so undo can bring the entity back whole."""
    return values_of(entity)
