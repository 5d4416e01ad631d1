"""The plan data embedded in an exported PDF: the revision's canonical snapshot and the
whole change log, so the other side's MutualPlan can import and merge it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..domain.canonical import SnapshotError, digest, state_from_snapshot
from ..domain.changes import (
    RecordedChange,
    UnknownVocabularyError,
    decode_change,
    encode_change,
)
from ..domain.model import Author, Revision
from ..domain.state import PlanState

ATTACHMENT_NAME = "plan.json"
FORMAT = "mutualplan-export"
FORMAT_VERSION = 1


class PlanDataError(ValueError):
    """Embedded data that cannot be used; the message says why, for the user."""


@dataclass
class PlanData:
    revision: Revision
    snapshot: dict[str, Any]
    state: PlanState
    changes: list[RecordedChange]


def record_to_json(record: RecordedChange) -> dict[str, Any]:
    old, new = encode_change(record.change)
    change = record.change
    entered = record.entered_by
    extra = (
        {"entered_by": {"name": entered.name, "side": entered.side, "person_id": entered.person_id}}
        if entered is not None
        else {}
    )
    return extra | {
        "replica": record.replica,
        "seq": record.seq,
        "batch": record.batch,
        "op": change.op,
        "entity": change.entity,
        "entity_id": change.entity_id,
        "field": change.field,
        "old": old,
        "new": new,
        "author": {
            "name": record.author.name,
            "side": record.author.side,
            "person_id": record.author.person_id,
        },
        "at": record.at,
        "clock": record.clock,
        "prior": record.prior,
    }


def record_from_json(item: Any) -> RecordedChange:
    if not isinstance(item, dict):
        raise ValueError("a change that is not an object")
    author = item["author"]
    change = decode_change(
        item["op"],
        item["entity"],
        item["entity_id"],
        item.get("field"),
        item.get("old"),
        item.get("new"),
    )
    clock = item["clock"]
    if not isinstance(clock, dict) or not all(
        isinstance(k, str) and isinstance(v, int) for k, v in clock.items()
    ):
        raise ValueError("a change with a malformed clock")
    if not isinstance(item["seq"], int) or not isinstance(item["replica"], str):
        raise ValueError("a change without replica and sequence number")
    entered = item.get("entered_by")
    if entered is not None and not isinstance(entered, dict):
        raise ValueError("a change whose enterer is not an object")
    return RecordedChange(
        change=change,
        replica=item["replica"],
        seq=item["seq"],
        batch=str(item["batch"]),
        author=Author(
            name=str(author["name"]), side=str(author["side"]), person_id=author.get("person_id")
        ),
        at=str(item["at"]),
        clock=dict(clock),
        prior=item.get("prior"),
        entered_by=(
            Author(
                name=str(entered["name"]),
                side=str(entered["side"]),
                person_id=entered.get("person_id"),
            )
            if entered
            else None
        ),
    )


def encode_plan_data(
    revision: Revision, snapshot: dict[str, Any], history: list[RecordedChange]
) -> bytes:
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "revision": {
            "number": revision.number,
            "sha256": revision.sha256,
            "created_at": revision.created_at,
            "created_by": revision.created_by,
        },
        "plan": snapshot,
        "changes": [record_to_json(record) for record in history],
    }
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")


def decode_plan_data(raw: bytes, *, with_changes: bool = True) -> PlanData:
    """Read embedded plan data; PlanDataError names the problem in plain words.

    `with_changes=False` skips reading the change log (verifying needs only the plan).
    """
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlanDataError(f"the embedded plan data is not readable JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PlanDataError("the embedded file is not MutualPlan plan data")
    version = data.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise PlanDataError(
            f"the plan data was written by a newer MutualPlan (format {version!r}); "
            "update MutualPlan to read it"
        )
    try:
        state = state_from_snapshot(data["plan"])
        info = data["revision"]
        sha = digest(data["plan"])
        if info["sha256"] != sha:
            raise PlanDataError(
                "the embedded plan data does not match its revision hash: it was altered"
            )
        revision = Revision(
            plan_id=state.id,
            number=int(info["number"]),
            sha256=sha,
            created_at=str(info["created_at"]),
            created_by=str(info["created_by"]),
            log_position=0,
        )
        if not isinstance(data["changes"], list):
            raise PlanDataError("the embedded change log is not a list")
        changes = [record_from_json(item) for item in data["changes"]] if with_changes else []
    except PlanDataError:
        raise
    except UnknownVocabularyError as exc:
        raise PlanDataError(
            f"the plan data was made by a newer MutualPlan (it uses {exc}, which this version "
            "does not know); update MutualPlan to read it"
        ) from None
    except SnapshotError as exc:
        raise PlanDataError(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanDataError(f"the embedded plan data is malformed ({exc})") from None
    return PlanData(revision=revision, snapshot=data["plan"], state=state, changes=changes)
