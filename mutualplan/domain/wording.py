"""Changes as sentences a person would say: "Priya changed the due date of #5 “Security
review” from 12 Mar to 19 Mar". Shared by the history panel and the PDF's change log.

The domain imports nothing of ours, so the sentences are templates marked with `N_` for
the catalogue, and the caller passes the `gettext` that words them in its language
(English when none is given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .changes import CREATE, DELETE, REORDER, Change
from .marks import N_, Gettext
from .marks import english as _english
from .model import field_spec

__all__ = ["field_words", "sentence"]


# How a field is named inside a sentence, where its label would read oddly.
FIELD_WORDS = {
    "due": N_("due date"),
    "start": N_("start date"),
    "owner_id": N_("owner"),
    "depends_on": N_("dependencies"),
    "milestone_id": N_("milestone"),
    "done_on": N_("done date"),
    "lead_days": N_("lead time"),
    "title": N_("title"),
    "decided_by": N_("decision maker"),
    "decision_note": N_("reason"),
    "claim": N_("claim"),
    "signs": N_("signatory"),
    # The rest as their labels read in a sentence.
    "buyer_org": N_("buyer"),
    "seller_org": N_("seller"),
    "objective": N_("buyer's objective"),
    "success_criteria": N_("success criteria"),
    "target_date": N_("target date"),
    "status": N_("status"),
    "name": N_("name"),
    "email": N_("email"),
    "side": N_("side"),
    "role": N_("role in the decision"),
    "rank": N_("order"),
    "description": N_("description"),
    "exit_criteria": N_("exit criteria"),
    "phase": N_("phase"),
    "done": N_("done"),
    "kind": N_("kind"),
    "state": N_("state"),
}
JOB_TITLE = N_("job title")

# What was added or removed, per kind of item: {name} is its name in quotes.
ADDED = {
    "person": N_("Added the person {name}"),
    "milestone": N_("Added the milestone {name}"),
    "action": N_("Added the action {name}"),
    "evidence": N_("Added the evidence item {name}"),
    "plan": N_("Added the plan {name}"),
}
REMOVED = {
    "person": N_("Removed the person {name}"),
    "milestone": N_("Removed the milestone {name}"),
    "action": N_("Removed the action {name}"),
    "evidence": N_("Removed the evidence item {name}"),
    "plan": N_("Removed the plan {name}"),
}
# A sentence with the person who proposed it in front: "Priya changed …".
WITH_WHO = N_("{who} {change}")


def field_words(kind: str, field: str, gettext: Gettext = _english) -> str:
    if kind == "person" and field == "title":
        return gettext(JOB_TITLE)
    if field in FIELD_WORDS:
        return gettext(FIELD_WORDS[field])
    return field_spec(kind, field).label.lower()


def sentence(
    change: Change,
    who: str,
    subject: str,
    value: Callable[[Any], str],
    created_name: str = "",
    gettext: Gettext = _english,
) -> str:
    """One change as a sentence. `who` proposed it ("" to leave the subject out and
    start with the verb), `subject` names what it changed (“Security review”), `value`
    words a field value of this change, `created_name` names what was added or removed,
    `gettext` words the sentence in the caller's language."""
    text = _what(change, subject, value, created_name, gettext)
    if not who:
        return text
    template = gettext(WITH_WHO)
    if template == WITH_WHO:  # English goes on after the name in lower case
        text = text[:1].lower() + text[1:]
    return template.format(who=who, change=text)


def _what(
    change: Change,
    subject: str,
    value: Callable[[Any], str],
    created_name: str,
    gettext: Gettext,
) -> str:
    if change.op in (CREATE, DELETE):
        templates = ADDED if change.op == CREATE else REMOVED
        template = templates.get(change.entity)
        if template is None:
            verb = "Added" if change.op == CREATE else "Removed"
            return f"{verb} the {change.entity} {created_name}".rstrip()
        return gettext(template).format(name=created_name).rstrip()
    if change.op == REORDER:
        return gettext(N_("Moved {subject} in the order")).format(subject=subject)
    field = change.field or ""
    spec = field_spec(change.entity, field)
    if spec.kind == "bool":
        if field == "done":
            done = N_("Ticked {subject} done") if change.new else N_("Unticked {subject}")
            return gettext(done).format(subject=subject)
        if field == "signs":
            signs = (
                N_("Chose {subject} to sign")
                if change.new
                else N_("Stood {subject} down as signatory")
            )
            return gettext(signs).format(subject=subject)
    words = field_words(change.entity, field, gettext)
    old, new = value(change.old), value(change.new)
    of_plan = change.entity == "plan"
    if _empty(change.old):
        template = N_("Set the {field} to {new}") if of_plan else N_(
            "Set the {field} of {subject} to {new}"
        )
    elif _empty(change.new):
        template = N_("Cleared the {field} (was {old})") if of_plan else N_(
            "Cleared the {field} of {subject} (was {old})"
        )
    else:
        template = N_("Changed the {field} from {old} to {new}") if of_plan else N_(
            "Changed the {field} of {subject} from {old} to {new}"
        )
    return gettext(template).format(field=words, subject=subject, old=old, new=new)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()
