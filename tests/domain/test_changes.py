"""The change vocabulary: inverses, and values in and out of JSON."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutualplan.domain.changes import (
    CREATE,
    DELETE,
    REORDER,
    SET,
    Change,
    decode_change,
    decode_value,
    encode_change,
    encode_value,
    inverse_of,
)
from mutualplan.domain.model import ENTITY_TYPES, FieldSpec, field_spec

ids = st.uuids().map(str)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


def value_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    """Values a field of this kind holds in a plan."""
    if spec.kind in ("text", "longtext", "rank"):
        return st.text()
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    if spec.kind == "date":
        return st.none() | dates
    if spec.kind == "int":
        return st.none() | st.integers(min_value=0, max_value=2000)
    if spec.kind == "bool":
        return st.booleans()
    if spec.kind in ("person", "milestone"):
        return st.none() | ids
    if spec.kind == "milestones":
        return st.lists(ids, unique=True).map(lambda items: tuple(sorted(items)))
    raise AssertionError(f"no strategy for field kind {spec.kind}")


ALL_FIELDS = [(kind, spec) for kind, cls in ENTITY_TYPES.items() for spec in cls.FIELDS.values()]
KINDS_OF_FIELD = sorted({spec.kind for _, spec in ALL_FIELDS})


def test_every_kind_of_field_has_a_value_strategy() -> None:
    # Guards the round-trip tests below from silently skipping a new kind.
    for _, spec in ALL_FIELDS:
        value_for(spec)
    assert (
        sorted(
            [
                "bool",
                "choice",
                "date",
                "int",
                "longtext",
                "milestone",
                "milestones",
                "person",
                "rank",
                "text",
            ]
        )
        == KINDS_OF_FIELD
    )


@st.composite
def set_changes(draw: st.DrawFn) -> Change:
    kind, spec = draw(st.sampled_from(ALL_FIELDS))
    op = REORDER if spec.kind == "rank" and draw(st.booleans()) else SET
    return Change(op, kind, draw(ids), spec.name, draw(value_for(spec)), draw(value_for(spec)))


@st.composite
def entity_values(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    return {name: draw(value_for(spec)) for name, spec in ENTITY_TYPES[kind].FIELDS.items()}


@st.composite
def whole_entity_changes(draw: st.DrawFn) -> Change:
    kind = draw(st.sampled_from(sorted(ENTITY_TYPES)))
    values = draw(entity_values(kind))
    if draw(st.booleans()):
        return Change(CREATE, kind, draw(ids), new=values)
    return Change(DELETE, kind, draw(ids), old=values)


any_change = set_changes() | whole_entity_changes()


@given(any_change)
def test_the_inverse_of_the_inverse_is_the_change_itself(change: Change) -> None:
    assert change.inverse().inverse() == change


@given(whole_entity_changes())
def test_create_and_delete_invert_into_each_other_carrying_the_values(change: Change) -> None:
    inverse = change.inverse()
    assert {change.op, inverse.op} == {CREATE, DELETE}
    assert (inverse.old, inverse.new) == (change.new, change.old)


@given(set_changes())
def test_the_inverse_of_a_field_change_swaps_old_and_new(change: Change) -> None:
    inverse = change.inverse()
    assert (inverse.op, inverse.field, inverse.old, inverse.new) == (
        change.op,
        change.field,
        change.new,
        change.old,
    )


@given(st.lists(any_change, max_size=6))
def test_inverse_of_a_list_undoes_the_newest_change_first(changes: list[Change]) -> None:
    undo = inverse_of(changes)
    assert undo == [change.inverse() for change in reversed(changes)]
    assert inverse_of(undo) == changes


@given(st.data())
def test_every_field_value_survives_encode_json_and_decode(data: st.DataObject) -> None:
    kind, spec = data.draw(st.sampled_from(ALL_FIELDS))
    value = data.draw(value_for(spec))
    through_json = json.loads(json.dumps(encode_value(spec, value)))
    assert decode_value(spec, through_json) == value


@given(any_change)
def test_every_change_survives_encode_json_and_decode(change: Change) -> None:
    old, new = json.loads(json.dumps(encode_change(change)))
    assert decode_change(change.op, change.entity, change.entity_id, change.field, old, new) == (
        change
    )


def test_dependencies_decode_sorted_and_without_repeats() -> None:
    spec = field_spec("milestone", "depends_on")
    assert decode_value(spec, ["b", "a", "b"]) == ("a", "b")


def test_an_empty_date_or_id_decodes_to_none() -> None:
    assert decode_value(field_spec("milestone", "due"), "") is None
    assert decode_value(field_spec("milestone", "owner_id"), "") is None
    assert decode_value(field_spec("milestone", "lead_days"), "") is None


MALFORMED = [
    pytest.param(("rename", "milestone", "m1", "title", "a", "b"), id="unknown-op"),
    pytest.param((SET, "deal", "m1", "title", "a", "b"), id="unknown-entity"),
    pytest.param((SET, "milestone", None, "title", "a", "b"), id="no-entity-id"),
    pytest.param((SET, "milestone", 7, "title", "a", "b"), id="numeric-entity-id"),
    pytest.param((SET, "milestone", "m1", None, "a", "b"), id="set-without-field"),
    pytest.param((REORDER, "milestone", "m1", None, "i001", "i002"), id="reorder-without-field"),
    pytest.param((SET, "milestone", "m1", "deal_value", 1, 2), id="unknown-field"),
    pytest.param((SET, "milestone", "m1", "due", None, "31/12/2026"), id="date-not-iso"),
    pytest.param((SET, "milestone", "m1", "due", None, "2026-02-30"), id="date-impossible"),
    pytest.param((SET, "milestone", "m1", "due", None, 20261231), id="date-as-number"),
    pytest.param((SET, "milestone", "m1", "due", None, ["2026-12-31"]), id="date-as-list"),
    pytest.param((SET, "milestone", "m1", "depends_on", [], "m2"), id="depends-on-text"),
    pytest.param((SET, "milestone", "m1", "depends_on", [], 5), id="depends-on-number"),
    pytest.param((SET, "milestone", "m1", "depends_on", [], [5]), id="depends-on-numbers"),
    pytest.param((SET, "milestone", "m1", "depends_on", [], {"m2": 1}), id="depends-on-object"),
    pytest.param((SET, "action", "a1", "done", False, "yes"), id="bool-as-text"),
    pytest.param((SET, "milestone", "m1", "lead_days", None, "3"), id="int-as-text"),
    pytest.param((SET, "milestone", "m1", "lead_days", None, 3.5), id="int-as-fraction"),
    pytest.param((SET, "milestone", "m1", "lead_days", None, True), id="int-as-bool"),
    pytest.param((SET, "milestone", "m1", "owner_id", None, 7), id="person-as-number"),
    pytest.param((SET, "milestone", "m1", "title", "a", 5), id="text-as-number"),
    pytest.param((SET, "milestone", "m1", "title", "a", ["b"]), id="text-as-list"),
    pytest.param((CREATE, "milestone", "m1", None, None, ["title"]), id="create-from-list"),
    pytest.param((CREATE, "milestone", "m1", None, None, "title"), id="create-from-text"),
    pytest.param((CREATE, "milestone", "m1", None, None, 5), id="create-from-number"),
    pytest.param((CREATE, "milestone", "m1", None, None, {"deal": 1}), id="create-unknown-field"),
    pytest.param((DELETE, "person", "p1", None, {"name": 5}, None), id="delete-bad-value"),
]


@pytest.mark.parametrize("row", MALFORMED)
def test_decoding_a_malformed_change_raises_value_error(row: tuple[Any, ...]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message varies by cause
        decode_change(*row)


def test_changes_describe_themselves_for_the_undo_menu() -> None:
    create = Change(CREATE, "milestone", "m1", new={"title": "Security review"})
    assert create.describe() == "Add milestone “Security review”"
    assert create.inverse().describe() == "Remove milestone “Security review”"
    assert Change(SET, "milestone", "m1", "due", None, dt.date(2026, 5, 1)).describe() == (
        "Change milestone due"
    )
    assert Change(REORDER, "person", "p1", "rank", "i001", "i002").describe() == "Move person"
