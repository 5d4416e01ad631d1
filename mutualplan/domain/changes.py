"""The one change vocabulary: every edit, from the GUI or the command line, is a list
of these values. The same values make the audit log, undo and redo (apply the
inverse), and the merge of two copies of a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .marks import N_, Gettext
from .marks import english as _english
from .model import ENTITY_TYPES, LATER_FIELDS, Author, FieldSpec, field_spec

CREATE = "create"
SET = "set"
DELETE = "delete"
REORDER = "reorder"
OPS = (CREATE, SET, DELETE, REORDER)


class UnknownVocabularyError(ValueError):
    """A change type, entity or field this version does not know: the data was made by
    a newer MutualPlan (not damaged)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One small edit.

    create: `new` holds every field value of the new entity.
    set:    `field` changes from `old` to `new`.
    delete: `old` holds every field value the entity had, so undo can restore it.
    reorder: the entity's sort key (`rank`) moves from `old` to `new`.
    """

    op: str
    entity: str
    entity_id: str
    field: str | None = None
    old: Any = None
    new: Any = None

    def inverse(self) -> Change:
        if self.op == CREATE:
            return Change(DELETE, self.entity, self.entity_id, old=self.new)
        if self.op == DELETE:
            return Change(CREATE, self.entity, self.entity_id, new=self.old)
        return Change(self.op, self.entity, self.entity_id, self.field, self.new, self.old)

    def describe(self) -> str:
        """A short human sentence, for history panels and undo menu entries."""
        noun = self.entity
        if self.op == CREATE:
            return f"Add {noun} {_title(self.new)}".rstrip()
        if self.op == DELETE:
            return f"Remove {noun} {_title(self.old)}".rstrip()
        if self.op == REORDER:
            return f"Move {noun}"
        spec = field_spec(self.entity, self.field or "")
        return f"Change {noun} {spec.label.lower()}"


@dataclass(frozen=True, slots=True)
class RecordedChange:
    """A change as the log keeps it: who made it, where, when, and what they had seen."""

    change: Change
    replica: str
    seq: int
    batch: str
    author: Author
    at: str  # UTC, ISO 8601
    clock: dict[str, int]  # replica -> highest seq of that copy the author had seen
    prior: str | None  # key of the change to the same field the author's copy held
    # Who typed it in, when someone entered it for the author (who proposed it).
    entered_by: Author | None = None

    def attribution(self, gettext: Gettext = _english) -> str:
        return attributed(self.author, self.entered_by, gettext)

    @property
    def key(self) -> str:
        return f"{self.replica}:{self.seq}"


_SIDE_WORDS = {"seller": N_("seller"), "buyer": N_("buyer"), "joint": N_("joint")}


def attributed(author: Author, entered_by: Author | None, gettext: Gettext = _english) -> str:
    """“by Zoë Müller (buyer)”, or “proposed by Zoë Müller (buyer), entered by Priya
    Raghunathan (seller)” when someone entered it for them; in `gettext`'s language."""

    def named(who: Author) -> str:
        return f"{who.name} ({gettext(_SIDE_WORDS.get(who.side, who.side))})"

    if entered_by is None:
        return gettext(N_("by {author}")).format(author=named(author))
    return gettext(N_("proposed by {author}, entered by {who}")).format(
        author=named(author), who=named(entered_by)
    )


def inverse_of(changes: list[Change]) -> list[Change]:
    """The changes that undo `changes`: each inverted, in reverse order."""
    return [change.inverse() for change in reversed(changes)]


def _title(values: dict[str, Any] | None) -> str:
    if not values:
        return ""
    # A person's `title` is their job title; they are named by `name`.
    text = values.get("name") or values.get("title") or ""
    return f"“{text}”" if text else ""


# -- values in and out of JSON ---------------------------------------------------------


def encode_value(spec: FieldSpec, value: Any) -> Any:
    """A field value as JSON can hold it (dates as ISO text, id sets as sorted lists)."""
    if value is None:
        return None
    if spec.kind == "date":
        return value.isoformat()
    if spec.kind == "milestones":
        return sorted(value)
    if spec.kind == "bool":
        return bool(value)
    return value


def decode_value(spec: FieldSpec, raw: Any) -> Any:
    """The inverse of `encode_value`; raises ValueError on a value of the wrong shape."""
    if spec.kind == "date":
        if raw is None or raw == "":
            return None
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            return raw
        if not isinstance(raw, str):
            raise ValueError(f"{spec.label}: expected a date")
        return dt.date.fromisoformat(raw)
    if spec.kind == "milestones":
        if raw is None:
            return ()
        if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
            raise ValueError(f"{spec.label}: expected a list of milestone ids")
        return tuple(sorted(set(raw)))
    if spec.kind == "bool":
        if raw in (0, 1, True, False, None):
            return bool(raw)
        raise ValueError(f"{spec.label}: expected true or false")
    if spec.kind == "int":
        if raw is None or raw == "":
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{spec.label}: expected a whole number")
        return raw
    if spec.kind in ("person", "milestone"):
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str):
            raise ValueError(f"{spec.label}: expected an id")
        return raw
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValueError(f"{spec.label}: expected text")
    return raw


def encode_values(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    fields = ENTITY_TYPES[kind].FIELDS
    return {
        name: encode_value(fields[name], value)
        for name, value in values.items()
        if (kind, name) not in LATER_FIELDS or value != LATER_FIELDS[(kind, name)]
    }


def decode_values(kind: str, raw: dict[str, Any]) -> dict[str, Any]:
    fields = ENTITY_TYPES[kind].FIELDS
    if not isinstance(raw, dict):
        raise ValueError(f"{kind}: expected the values of its fields")
    unknown = set(raw) - set(fields)
    if unknown:
        raise UnknownVocabularyError(f"the {kind} field {sorted(unknown)[0]!r}")
    decoded = {name: decode_value(fields[name], value) for name, value in raw.items()}
    # A later field left out (see LATER_FIELDS) holds its usual value.
    for (entity, name), value in LATER_FIELDS.items():
        if entity == kind and name not in decoded:
            decoded[name] = value
    return decoded


def encode_change(change: Change) -> tuple[Any, Any]:
    """The change's old and new values in JSON form."""
    if change.op in (CREATE, DELETE):
        old = encode_values(change.entity, change.old) if change.old is not None else None
        new = encode_values(change.entity, change.new) if change.new is not None else None
        return old, new
    spec = field_spec(change.entity, change.field or "")
    return encode_value(spec, change.old), encode_value(spec, change.new)


def decode_change(
    op: str, entity: str, entity_id: str, field: str | None, old: Any, new: Any
) -> Change:
    """Rebuild a change from its JSON form; raises ValueError on anything malformed."""
    if not isinstance(op, str) or not isinstance(entity, str):
        raise ValueError("a change without a type or an entity")
    if op not in OPS:
        raise UnknownVocabularyError(f"the change type {op!r}")
    if entity not in ENTITY_TYPES:
        raise UnknownVocabularyError(f"the entity {entity!r}")
    if entity_id is None or not isinstance(entity_id, str):
        raise ValueError("change names no entity id")
    if op in (CREATE, DELETE):
        return Change(
            op,
            entity,
            entity_id,
            old=decode_values(entity, old) if old is not None else None,
            new=decode_values(entity, new) if new is not None else None,
        )
    if field is None:
        raise ValueError(f"{op} of {entity} names no field")
    if not isinstance(field, str):
        raise ValueError(f"{op} of {entity} names no field")
    try:
        spec = field_spec(entity, field)
    except KeyError:
        raise UnknownVocabularyError(f"the {entity} field {field!r}") from None
    return Change(op, entity, entity_id, field, decode_value(spec, old), decode_value(spec, new))
