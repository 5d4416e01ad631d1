"""The plan data embedded in an exported PDF: round trip, and refusal of bad data."""

from __future__ import annotations

import json

import pytest

from mutualplan.domain import edits
from mutualplan.domain.canonical import digest, snapshot
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.exchange.plan_data import PlanDataError, decode_plan_data, encode_plan_data
from mutualplan.store import Store


@pytest.fixture
def exported(store: Store, plan: PlanState, author: Author) -> bytes:
    first = plan.milestone_order()[0]
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "title", "Kick-off"), author)
    revision, document = store.freeze_revision(plan, author)
    return encode_plan_data(revision, document, store.history(plan.id))


def test_plan_data_round_trips_the_snapshot_and_every_change(
    exported: bytes, store: Store, plan: PlanState
) -> None:
    data = decode_plan_data(exported)
    assert digest(snapshot(data.state)) == digest(snapshot(plan)) == data.revision.sha256
    assert data.changes == store.history(plan.id)
    assert encode_plan_data(data.revision, data.snapshot, data.changes) == exported


def test_altered_plan_data_is_refused_because_its_hash_no_longer_matches(exported: bytes) -> None:
    data = json.loads(exported)
    data["plan"]["plan"]["title"] = "A different plan"
    with pytest.raises(PlanDataError, match="does not match its revision hash"):
        decode_plan_data(json.dumps(data).encode())


def test_plan_data_from_a_newer_mutualplan_is_refused_with_a_clear_message(exported: bytes) -> None:
    data = json.loads(exported)
    data["version"] = 99
    with pytest.raises(PlanDataError, match="newer MutualPlan"):
        decode_plan_data(json.dumps(data).encode())


@pytest.mark.parametrize(
    "raw",
    [b"", b"\xff\xfe", b"[]", b'{"format": "something else"}', b"{" * 10],
)
def test_things_that_are_not_plan_data_are_refused(raw: bytes) -> None:
    with pytest.raises(PlanDataError):
        decode_plan_data(raw)


def test_a_malformed_change_in_the_log_is_refused(exported: bytes) -> None:
    data = json.loads(exported)
    data["changes"][0]["clock"] = "yesterday"
    with pytest.raises(PlanDataError, match="malformed"):
        decode_plan_data(json.dumps(data).encode())
