"""What a review copy carries besides the plan data: which form field answers which
item, where each item's answer area is on its page, and what each page printed."""

from __future__ import annotations

import json
from typing import Any

REVIEW_ATTACHMENT = "review.json"
REVIEW_FORMAT = "mutualplan-review"
REVIEW_VERSION = 1


class ReviewDataError(ValueError):
    """The review description cannot be used; the message says why."""


def encode_review_data(data: dict[str, Any]) -> bytes:
    full = {"format": REVIEW_FORMAT, "version": REVIEW_VERSION, **data}
    return json.dumps(full, sort_keys=True, ensure_ascii=False, indent=1).encode("utf-8")


def decode_review_data(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ReviewDataError("its review form description is not readable") from None
    if not isinstance(data, dict) or data.get("format") != REVIEW_FORMAT:
        raise ReviewDataError("its review form description is not MutualPlan's")
    version = data.get("version")
    if not isinstance(version, int) or version > REVIEW_VERSION:
        raise ReviewDataError(
            "it is a review copy from a newer MutualPlan; update MutualPlan to import it"
        )
    for key, kind in (("plan_id", str), ("revision_sha256", str), ("fields", list),
                      ("areas", list), ("pages", list)):
        if not isinstance(data.get(key), kind):
            raise ReviewDataError(f"its review form description lacks {key}")
    return data
