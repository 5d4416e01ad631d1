"""Merging two copies of a plan from their change logs.

Every field of every entity is a register written by changes. A change *saw* another
when its clock covers it (its author's copy held that change when it was made). The
value of a register comes from the changes no other change saw (the latest ones): one
such change is simply the value; several with different values were made apart, on
both sides, and are a conflict for the humans to settle. Until they do, the register
shows the value of the change with the greatest (time, replica, seq), so every copy
shows the same thing whatever order it received the changes in.

An entity's existence is a register too, written by its creates and deletes. A delete
that did not see an edit to the same entity is a conflict as well: nothing is lost
silently. The merged plan depends only on the set of changes, never on their order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ..domain.changes import CREATE, DELETE, RecordedChange
from ..domain.model import CHILD_KINDS, ENTITY_TYPES, Plan
from ..domain.state import PlanState
from ..store.repository import ACTIVE_CONFLICT

EXISTS = "__exists__"
# Not a register of one plan: two plans of one buyer active at once, each copy having
# taken up or started one since they met. Settled by choosing which stays active.
ACTIVE = ACTIVE_CONFLICT
# The order of items merges without asking: two people moving things around at the
# same time do not need a meeting about it.
QUIET_FIELDS = {"rank"}


def saw(later: RecordedChange, earlier: RecordedChange) -> bool:
    """Whether `later`'s author had `earlier` in their copy when they made `later`."""
    return later.clock.get(earlier.replica, 0) >= earlier.seq and later.key != earlier.key


def _order_key(record: RecordedChange) -> tuple[str, str, int]:
    return (record.at, record.replica, record.seq)


def latest(records: list[RecordedChange]) -> list[RecordedChange]:
    """The changes no other change in `records` saw, oldest first."""
    return sorted(
        (r for r in records if not any(saw(other, r) for other in records)), key=_order_key
    )


@dataclass(frozen=True)
class Conflict:
    """One register written on both sides since the copies last met."""

    entity: str
    entity_id: str
    field: str  # EXISTS for a delete made apart from an edit
    candidates: tuple[RecordedChange, ...]  # the competing latest changes, oldest first

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.entity_id, self.field)


@dataclass
class Merged:
    state: PlanState
    conflicts: list[Conflict]


def _value(record: RecordedChange, field: str) -> Any:
    change = record.change
    if change.op == CREATE:
        return change.new.get(field)
    return change.new


def _referenced(record: RecordedChange) -> set[str]:
    """Ids of the people and milestones a change's new value points at."""
    change = record.change
    fields = ENTITY_TYPES[change.entity].FIELDS
    values = change.new if change.op == CREATE else {change.field: change.new}
    found: set[str] = set()
    for name, value in (values or {}).items():
        kind = fields[name].kind if name in fields else ""
        if kind in ("person", "milestone") and value:
            found.add(value)
        elif kind == "milestones" and value:
            found.update(value)
    return found


def materialize(plan: Plan, records: list[RecordedChange]) -> Merged:
    """The plan that `records` (in any order, duplicates ignored) describe."""
    unique = {r.key: r for r in records}
    registers: dict[tuple[str, str, str], list[RecordedChange]] = defaultdict(list)
    lives: dict[tuple[str, str], list[RecordedChange]] = defaultdict(list)
    touching: dict[str, list[RecordedChange]] = defaultdict(list)  # entity id -> activity
    for record in unique.values():
        change = record.change
        entity = (change.entity, change.entity_id)
        if change.op in (CREATE, DELETE):
            if change.entity != "plan":
                lives[entity].append(record)
            if change.op == CREATE:
                for name in change.new:
                    registers[(*entity, name)].append(record)
        else:
            registers[(*entity, change.field or "")].append(record)
        if change.op != DELETE:
            touching[change.entity_id].append(record)
            for target in _referenced(record):
                touching[target].append(record)

    conflicts: list[Conflict] = []
    values: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    for (kind, entity_id, name), written in registers.items():
        winners = latest(written)
        chosen = max(winners, key=_order_key)
        values[(kind, entity_id)][name] = _value(chosen, name)
        distinct = {repr(_value(w, name)) for w in winners}
        if len(distinct) > 1 and name not in QUIET_FIELDS:
            conflicts.append(Conflict(kind, entity_id, name, tuple(winners)))

    # Work on an action is work in its milestone: removing the milestone without
    # seeing it would take the action, and the work, with it.
    for (kind, entity_id), fields in values.items():
        if kind == "action" and fields.get("milestone_id"):
            touching[fields["milestone_id"]].extend(
                r for r in touching.get(entity_id, ()) if r.change.entity_id == entity_id
            )

    state = PlanState(Plan(id=plan.id, **{n: getattr(plan, n) for n in Plan.FIELDS}))
    for name, value in values.get(("plan", plan.id), {}).items():
        setattr(state.plan, name, value)
    for (kind, entity_id), born_and_died in lives.items():
        winners = latest(born_and_died)
        deletes = [w for w in winners if w.change.op == DELETE]
        creates = [w for w in winners if w.change.op == CREATE]
        # Work on this entity, or pointing at it, that no delete saw keeps it. (Work
        # one of the deletes saw was removed knowingly, even if the other side's
        # delete was made without seeing it: both sides wanted the entity gone.)
        unseen = []
        if deletes:
            for record in touching.get(entity_id, ()):
                own_creation = record.change.op == CREATE and record.change.entity_id == entity_id
                if not own_creation and not any(saw(d, record) for d in deletes):
                    unseen.append(record)
        if deletes and (creates or unseen):
            involved = {r.key: r for r in (*deletes, *creates, *unseen)}
            conflicts.append(
                Conflict(kind, entity_id, EXISTS, tuple(sorted(involved.values(), key=_order_key)))
            )
        if creates or unseen:
            cls = ENTITY_TYPES[kind]
            defaults = {n: getattr(cls(id="", plan_id=""), n) for n in cls.FIELDS}
            current = {**defaults, **values.get((kind, entity_id), {})}
            state.add(cls(id=entity_id, plan_id=plan.id, **current))
    _drop_dangling(state)
    # A question is only ever about something in the plan: two values of a field of an
    # entity that is gone were settled by the removal that saw them both. (An entity
    # whose removal is itself in question is kept, and so are its field conflicts.)
    conflicts = [
        c for c in conflicts if c.entity == "plan" or state.get(c.entity, c.entity_id) is not None
    ]
    conflicts.sort(key=lambda c: (c.entity, c.entity_id, c.field))
    return Merged(state, conflicts)


def _drop_dangling(state: PlanState) -> None:
    """References to entities that no longer exist are cleared (their removal is in
    the log; the reference would otherwise point nowhere)."""
    for milestone in state.milestones.values():
        if milestone.owner_id not in state.people:
            milestone.owner_id = None
        milestone.depends_on = tuple(d for d in milestone.depends_on if d in state.milestones)
    for action in list(state.actions.values()):
        if action.owner_id not in state.people:
            action.owner_id = None
        if action.milestone_id not in state.milestones:
            del state.actions[action.id]  # its milestone is gone: the action went with it
    for item in state.evidence.values():
        if item.decided_by not in state.people:
            item.decided_by = None
        if item.milestone_id not in state.milestones:
            item.milestone_id = None
    for kind in CHILD_KINDS:
        state.forget_order(kind)
