"""Values to SQLite columns and rows back to values, for every part of the Store."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
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


def _date(raw: Any, shared: dict[str, str]) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None


def _ids(raw: Any, shared: dict[str, str]) -> tuple[str, ...]:
    return tuple(shared.setdefault(i, i) for i in json.loads(raw)) if raw else ()


def _bool(raw: Any, shared: dict[str, str]) -> bool:
    return bool(raw)


def _repeated(raw: Any, shared: dict[str, str]) -> Any:
    return shared.setdefault(raw, raw) if raw else raw


_READERS = {"date": _date, "milestones": _ids, "bool": _bool}
_READERS.update(dict.fromkeys(_REPEATED, _repeated))

type EntityReader = Callable[[Sequence[Any], dict[str, str]], Any]


def entity_reader(kind: str, columns: Sequence[str]) -> EntityReader:
    """Makes entities of `kind` from rows with `columns` (in that order), each field's
    reading chosen once for all the rows of a query. `shared` (one per load) gives
    repeated text one copy."""
    cls = ENTITY_TYPES[kind]
    position = {name: i for i, name in enumerate(columns)}
    # A file not yet migrated lacks the columns of later fields: their defaults hold.
    fields = [
        (name, position[name], _READERS.get(spec.kind))
        for name, spec in cls.FIELDS.items()
        if name in position or (kind, name) not in LATER_FIELDS
    ]
    id_at = position["id"]
    plan_at = None if kind == "plan" else position["plan_id"]

    def read(row: Sequence[Any], shared: dict[str, str]) -> Any:
        values = {
            name: row[at] if reader is None else reader(row[at], shared)
            for name, at, reader in fields
        }
        values["id"] = shared.setdefault(row[id_at], row[id_at])  # its references share it
        if plan_at is not None:
            values["plan_id"] = shared.setdefault(row[plan_at], row[plan_at])
        return cls(**values)

    return read


def entity_from_row(kind: str, row: sqlite3.Row, shared: dict[str, str] | None = None) -> Any:
    return entity_reader(kind, row.keys())(row, {} if shared is None else shared)


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
