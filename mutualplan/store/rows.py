"""Values to SQLite columns and rows back to values, for every part of the Store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from ..domain.changes import RecordedChange, decode_change, encode_value
from ..domain.model import (
    ENTITY_TYPES,
    LATER_FIELDS,
    Author,
    FieldSpec,
    PlanSummary,
    Revision,
)

TABLES = {
    "plan": "plans",
    "person": "people",
    "milestone": "milestones",
    "action": "actions",
    "evidence": "evidence",
}


def to_column(spec: FieldSpec, value: Any) -> Any:
    encoded = encode_value(spec, value)
    if spec.kind == "milestones":
        return json.dumps(encoded)
    if spec.kind == "bool":
        return int(encoded)
    return encoded


# Fields whose text a plan repeats: references to its people and milestones, and
# choices (side, status). Read with one copy per value, a 1,000-milestone plan open
# in the window takes ~0.5 MB less than with a string per cell.
_REPEATED = frozenset({"choice", "person", "milestone"})


def from_column(spec: FieldSpec, raw: Any, shared: dict[str, str]) -> Any:
    """The field's value from its column; `shared` (one per load) gives repeated text
    one copy."""
    if spec.kind == "date":
        return dt.date.fromisoformat(raw) if raw else None
    if spec.kind == "milestones":
        return tuple(shared.setdefault(i, i) for i in json.loads(raw)) if raw else ()
    if spec.kind == "bool":
        return bool(raw)
    if raw and spec.kind in _REPEATED:
        return shared.setdefault(raw, raw)
    return raw


def entity_from_row(kind: str, row: sqlite3.Row, shared: dict[str, str] | None = None) -> Any:
    cls = ENTITY_TYPES[kind]
    present = row.keys()
    shared = {} if shared is None else shared
    # A file not yet migrated lacks the columns of later fields: their defaults hold.
    values = {
        name: from_column(spec, row[name], shared)
        for name, spec in cls.FIELDS.items()
        if name in present or (kind, name) not in LATER_FIELDS
    }
    entity_id = shared.setdefault(row["id"], row["id"])  # its references share it
    if kind == "plan":
        return cls(id=entity_id, **values)
    return cls(id=entity_id, plan_id=shared.setdefault(row["plan_id"], row["plan_id"]), **values)


def summary_from_row(row: sqlite3.Row) -> PlanSummary:
    """A plan in the plan list; `n` is its number of milestones."""
    return PlanSummary(
        id=row["id"],
        title=row["title"],
        buyer_org=row["buyer_org"],
        seller_org=row["seller_org"],
        status=row["status"],
        target_date=dt.date.fromisoformat(row["target_date"]) if row["target_date"] else None,
        milestones=row["n"],
        updated_at=row["updated_at"],
    )


def revision_from_row(row: sqlite3.Row) -> Revision:
    return Revision(
        plan_id=row["plan_id"],
        number=row["number"],
        sha256=row["sha256"],
        created_at=row["created_at"],
        created_by=row["created_by"],
        log_position=row["log_position"],
    )


def record_from_row(row: sqlite3.Row) -> RecordedChange:
    change = decode_change(
        row["op"],
        row["entity"],
        row["entity_id"],
        row["field"],
        json.loads(row["old"]) if row["old"] is not None else None,
        json.loads(row["new"]) if row["new"] is not None else None,
    )
    return RecordedChange(
        change=change,
        replica=row["replica"],
        seq=row["seq"],
        batch=row["batch"],
        author=Author(name=row["author_name"], side=row["author_side"], person_id=row["author_id"]),
        at=row["at"],
        clock=json.loads(row["clock"]),
        prior=row["prior"],
        entered_by=(
            Author(
                name=row["entered_by_name"],
                side=row["entered_by_side"],
                person_id=row["entered_by_id"],
            )
            # A file not yet upgraded (read to check it first) has no such columns.
            if "entered_by_name" in row.keys() and row["entered_by_name"]  # noqa: SIM118
            else None
        ),
    )
