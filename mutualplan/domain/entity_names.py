"""What to call an entity in a sentence, including one the plan no longer holds: the
change log and the conflicts screen both name things a merge or a deletion took away."""

from __future__ import annotations

from typing import Any

from .changes import CREATE, DELETE, SET, RecordedChange
from .state import PlanState


def name_field(kind: str) -> str:
    """The field that names an entity: a person's `title` is their job title."""
    return "name" if kind == "person" else "title"


def name_in(kind: str, values: dict[str, Any] | None) -> str:
    return str((values or {}).get(name_field(kind)) or "")


class EntityNames:
    """An entity's name in the plan now, else the last one the change log gave it."""

    def __init__(self, state: PlanState, history: list[RecordedChange]) -> None:
        self.state = state
        self.known: dict[tuple[str, str], str] = {}
        for record in history:
            change = record.change
            key = (change.entity, change.entity_id)
            if change.op in (CREATE, DELETE):
                name = name_in(change.entity, change.new if change.op == CREATE else change.old)
                if name:
                    self.known[key] = name
            elif change.op == SET and change.field == name_field(change.entity) and change.new:
                self.known[key] = str(change.new)

    def name(self, kind: str, entity_id: str) -> str:
        entity = self.state.get(kind, entity_id)
        name = getattr(entity, name_field(kind), "") if entity else ""
        return str(name or self.known.get((kind, entity_id), ""))
