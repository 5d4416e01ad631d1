"""Changes as sentences a person would say: "Priya changed the due date of #5 “Security
review” from 12 Mar to 19 Mar". Shared by the history panel and the PDF's change log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .changes import CREATE, DELETE, REORDER, Change
from .model import field_spec

# How a field is named inside a sentence, where its label would read oddly.
FIELD_WORDS = {
    "due": "due date",
    "start": "start date",
    "owner_id": "owner",
    "depends_on": "dependencies",
    "milestone_id": "milestone",
    "done_on": "done date",
    "lead_days": "lead time",
    "title": "title",
    "decided_by": "decision maker",
    "decision_note": "reason",
    "claim": "claim",
    "signs": "signatory",
}
NOUNS = {
    "person": "person",
    "milestone": "milestone",
    "action": "action",
    "evidence": "evidence item",
    "plan": "plan",
}


def field_words(kind: str, field: str) -> str:
    if kind == "person" and field == "title":
        return "job title"
    if kind == "plan" and field == "title":
        return "title"
    return FIELD_WORDS.get(field) or field_spec(kind, field).label.lower()


def sentence(
    change: Change,
    who: str,
    subject: str,
    value: Callable[[Any], str],
    created_name: str = "",
) -> str:
    """One change as a sentence. `who` proposed it ("" to leave the subject out and
    start with the verb), `subject` names what it changed (“Security review”), `value`
    words a field value of this change, `created_name` names what was added or removed."""
    noun = NOUNS.get(change.entity, change.entity)
    start = f"{who} " if who else ""

    def said(verb_phrase: str) -> str:
        text = start + verb_phrase
        return text if who else text[:1].upper() + text[1:]

    if change.op == CREATE:
        return said(f"added the {noun} {created_name}".rstrip())
    if change.op == DELETE:
        return said(f"removed the {noun} {created_name}".rstrip())
    if change.op == REORDER:
        return said(f"moved {subject} in the order")
    field = change.field or ""
    spec = field_spec(change.entity, field)
    if spec.kind == "bool":
        if field == "done":
            return said(f"ticked {subject} done" if change.new else f"unticked {subject}")
        if field == "signs":
            return said(
                f"chose {subject} to sign" if change.new else f"stood {subject} down as signatory"
            )
    words = field_words(change.entity, field)
    of = "" if change.entity == "plan" else f" of {subject}"
    old, new = value(change.old), value(change.new)
    if _empty(change.old):
        return said(f"set the {words}{of} to {new}")
    if _empty(change.new):
        return said(f"cleared the {words}{of} (was {old})")
    return said(f"changed the {words}{of} from {old} to {new}")


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()
