"""The canonical form of a plan: one byte string per plan content, hashed to name a revision.

Keys are sorted, entities are listed in the plan's order, values use the change
vocabulary's JSON encoding, and nothing volatile (save times, revision labels, the
database a copy lives in) is included. Two copies holding the same plan produce the
same bytes and so the same SHA-256, whichever machine made them.
"""

from __future__ import annotations

import json
from typing import Any

from .changes import UnknownVocabularyError, decode_values, encode_values
from .model import CHILD_KINDS, ENTITY_TYPES, Plan, values_of
from .state import PlanState

FORMAT = "mutualplan-plan"
FORMAT_VERSION = 1
# Plural keys of the canonical document, per entity kind.
SECTIONS = {
    "person": "people",
    "milestone": "milestones",
    "action": "actions",
    "evidence": "evidence",
}


def snapshot(state: PlanState) -> dict[str, Any]:
    """The plan's content as plain JSON values."""
    plan = {"id": state.plan.id, **encode_values("plan", values_of(state.plan))}
    document: dict[str, Any] = {"format": FORMAT, "version": FORMAT_VERSION, "plan": plan}
    for kind in CHILD_KINDS:
        document[SECTIONS[kind]] = [
            {"id": entity.id, **encode_values(kind, values_of(entity))}
            for entity in state.ordered(kind)
        ]
    return document


def canonical_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def digest(document: dict[str, Any]) -> str:
    """The SHA-256 (hex) that names the revision holding this content."""
    # hashlib loads OpenSSL (~3 MB resident): imported when a revision is first hashed,
    # not when the window starts.
    import hashlib

    return hashlib.sha256(canonical_bytes(document)).hexdigest()


class SnapshotError(ValueError):
    """Plan data that is not a well-formed canonical snapshot."""


def state_from_snapshot(document: Any) -> PlanState:
    """Rebuild a plan from its canonical form; SnapshotError when it is malformed.

    The plan's rules are not checked here (an imported plan is judged as a whole by
    the caller); only the shape and the value types are.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SnapshotError("not MutualPlan plan data")
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SnapshotError(
            f"plan data of format version {version!r}; this MutualPlan reads up to "
            f"{FORMAT_VERSION}: update MutualPlan to read it"
        )
    try:
        plan_values = dict(document["plan"])
        plan_id = plan_values.pop("id")
        state = PlanState(Plan(id=_text_id(plan_id), **decode_values("plan", plan_values)))
        for kind in CHILD_KINDS:
            for item in document[SECTIONS[kind]]:
                values = dict(item)
                entity_id = _text_id(values.pop("id"))
                entity = ENTITY_TYPES[kind](
                    id=entity_id, plan_id=state.id, **decode_values(kind, values)
                )
                state.add(entity)
    except (SnapshotError, UnknownVocabularyError):
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"malformed plan data: {exc}") from exc
    return state


def _text_id(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise SnapshotError("an item without a valid id")
    return value
