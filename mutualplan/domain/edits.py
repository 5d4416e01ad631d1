"""Edits a person makes, turned into lists of changes.

Each function looks at the plan as it is, decides what must change (including the
knock-on changes a careful user expects, such as clearing an owner before removing a
person) and returns the changes. Nothing here touches the plan: the caller applies
the list as one transaction, and undo applies its inverse.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from .changes import CREATE, DELETE, REORDER, SET, Change
from .model import ENTITY_TYPES, MilestoneStatus, values_of
from .rank import FIRST, rank_between, ranks_for
from .state import PlanRuleError, PlanState


def new_id() -> str:
    return str(uuid.uuid4())


def set_field(
    state: PlanState,
    kind: str,
    entity_id: str,
    name: str,
    value: Any,
    today: dt.date | None = None,
) -> list[Change]:
    """Change one field; [] when the value is already what the plan holds."""
    entity = state.get(kind, entity_id)
    if entity is None:
        raise PlanRuleError(f"This {kind} no longer exists in the plan.")
    if name not in type(entity).FIELDS:
        raise PlanRuleError(f"{kind} has no field {name!r}")
    if name == "depends_on":
        value = tuple(sorted(set(value)))
    old = getattr(entity, name)
    if old == value:
        return []
    changes = [Change(SET, kind, entity_id, name, old, value)]
    # One signatory per side: choosing one stands the side's previous one down, and a
    # signatory who moves to the other side no longer signs for either.
    if kind == "person" and name == "signs" and value:
        for other in state.people_on(entity.side):
            if other.id != entity_id and other.signs:
                changes.append(Change(SET, kind, other.id, "signs", True, False))
    if kind == "person" and name == "side" and entity.signs:
        changes.append(Change(SET, kind, entity_id, "signs", True, False))
    # Marking a milestone done records when, unless someone already said.
    if kind == "milestone" and name == "status":
        if value == MilestoneStatus.DONE and entity.done_on is None:
            changes.append(Change(SET, kind, entity_id, "done_on", None, today or dt.date.today()))
        elif old == MilestoneStatus.DONE and entity.done_on is not None:
            changes.append(Change(SET, kind, entity_id, "done_on", entity.done_on, None))
    return changes


def _defaults(kind: str) -> dict[str, Any]:
    return values_of(ENTITY_TYPES[kind](id="", plan_id=""))


def _create(kind: str, values: dict[str, Any], rank: str) -> Change:
    full = _defaults(kind)
    unknown = set(values) - set(full)
    if unknown:
        raise PlanRuleError(f"{kind} has no field {sorted(unknown)[0]!r}")
    full.update(values)
    full["rank"] = rank
    return Change(CREATE, kind, new_id(), new=full)


def _rank_after(state: PlanState, kind: str, after_id: str | None, among: list[Any]) -> str:
    """A sort key just after `after_id` within `among` (at the end when None)."""
    if not among:
        return FIRST
    if after_id is None:
        return rank_between(among[-1].rank, None)
    ids = [e.id for e in among]
    position = ids.index(after_id)
    low = among[position].rank
    # Two copies that each appended an item can tie on a key once merged; no key fits
    # between equal keys, so the new item goes after the whole tied run instead.
    following = next((e.rank for e in among[position + 1 :] if e.rank > low), None)
    return rank_between(low, following)


def add_milestone(
    state: PlanState, values: dict[str, Any], after_id: str | None = None
) -> list[Change]:
    """A new milestone after `after_id` (at the end when None)."""
    order = state.milestone_order()
    return [_create("milestone", values, _rank_after(state, "milestone", after_id, order))]


def add_action(
    state: PlanState, milestone_id: str, values: dict[str, Any], after_id: str | None = None
) -> list[Change]:
    siblings = state.actions_of(milestone_id)
    rank = _rank_after(state, "action", after_id, siblings)
    return [_create("action", {**values, "milestone_id": milestone_id}, rank)]


def add_person(state: PlanState, values: dict[str, Any]) -> list[Change]:
    order = state.ordered("person")
    return [_create("person", values, _rank_after(state, "person", None, order))]


def add_evidence(state: PlanState, values: dict[str, Any]) -> list[Change]:
    order = state.ordered("evidence")
    return [_create("evidence", values, _rank_after(state, "evidence", None, order))]


def delete(state: PlanState, kind: str, entity_id: str) -> list[Change]:
    """Remove an entity and clear everything that points at it, as one edit."""
    entity = state.get(kind, entity_id)
    if entity is None:
        return []
    changes: list[Change] = []
    if kind == "person":
        for m in state.ordered("milestone"):
            if m.owner_id == entity_id:
                changes.append(Change(SET, "milestone", m.id, "owner_id", entity_id, None))
        for a in state.ordered("action"):
            if a.owner_id == entity_id:
                changes.append(Change(SET, "action", a.id, "owner_id", entity_id, None))
        for e in state.ordered("evidence"):
            if e.decided_by == entity_id:
                changes.append(Change(SET, "evidence", e.id, "decided_by", entity_id, None))
    elif kind == "milestone":
        for m in state.ordered("milestone"):
            if entity_id in m.depends_on:
                kept = tuple(d for d in m.depends_on if d != entity_id)
                changes.append(Change(SET, "milestone", m.id, "depends_on", m.depends_on, kept))
        for a in state.actions_of(entity_id):
            changes.append(Change(DELETE, "action", a.id, old=values_of(a)))
        for e in state.ordered("evidence"):
            if e.milestone_id == entity_id:
                changes.append(Change(SET, "evidence", e.id, "milestone_id", entity_id, None))
    elif kind == "plan":
        raise PlanRuleError("A plan is not deleted; mark it achieved or abandoned.")
    changes.append(Change(DELETE, kind, entity_id, old=values_of(entity)))
    return changes


def move(state: PlanState, kind: str, entity_id: str, new_index: int) -> list[Change]:
    """Move an entity to position `new_index` among its siblings."""
    entity = state.get(kind, entity_id)
    if entity is None:
        return []
    siblings = state.actions_of(entity.milestone_id) if kind == "action" else state.ordered(kind)
    others = [e for e in siblings if e.id != entity_id]
    new_index = max(0, min(new_index, len(others)))
    if siblings.index(entity) == new_index:
        return []
    low = others[new_index - 1].rank if new_index > 0 else None
    high = others[new_index].rank if new_index < len(others) else None
    if low is not None and low == high:
        # Neighbours tied on one key (two merged copies appended at once): no key fits
        # between them, so the siblings get fresh keys in their new order.
        wanted = [*others[:new_index], entity, *others[new_index:]]
        return [
            Change(REORDER, kind, e.id, "rank", e.rank, key)
            for e, key in zip(wanted, ranks_for(len(wanted)), strict=True)
            if e.rank != key
        ]
    return [Change(REORDER, kind, entity_id, "rank", entity.rank, rank_between(low, high))]
