"""Answers from a review copy: the other side's proposals and comments.

A proposal changes nothing by itself. It names what it answers (a milestone, an
evidence item, or the plan), the revision the reviewer read, and who answered; the
seller accepts it (it becomes ordinary changes, proposed by the reviewer), declines
it with a reason, or answers a comment.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .changes import Change
from .edits import set_field
from .marks import N_, Gettext
from .marks import english as _english
from .model import EvidenceState, Person
from .names import folded
from .state import PlanRuleError, PlanState

Ngettext = Callable[[str, str, int], str]


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural

# What an answer says.
AGREE = "agree"  # milestone: agreed as it stands
CHANGE = "change"  # milestone: a proposed start, due date or owner
ACCEPT = "accept"  # evidence: accepted
DISPUTE = "dispute"  # evidence: disputed, and why
COMMENT = "comment"  # a comment only (the plan, or an item answered with words alone)
VERDICTS = (AGREE, CHANGE, ACCEPT, DISPUTE, COMMENT)

# What became of it.
OPEN = "open"
ACCEPTED = "accepted"
DECLINED = "declined"
ANSWERED = "answered"
STATUSES = (OPEN, ACCEPTED, DECLINED, ANSWERED)

# The milestone fields a reviewer can propose.
PROPOSABLE = ("start", "due", "owner_id")


@dataclass(frozen=True)
class Reviewer:
    name: str
    side: str  # "buyer" or "seller"
    organisation: str = ""
    person_id: str | None = None


@dataclass
class Proposal:
    """One answer of one reviewer to one item of one revision."""

    plan_id: str
    revision_sha256: str
    revision_number: int
    reviewer: Reviewer
    entity: str  # "milestone", "evidence" or "plan"
    entity_id: str
    verdict: str
    # Proposed field values (milestones: start, due as ISO text; owner_id), and the
    # values the reviewer saw in the revision (to tell whether the item changed since).
    values: dict[str, Any] = field(default_factory=dict)
    seen: dict[str, Any] = field(default_factory=dict)
    comment: str = ""
    source: str = "form"  # "form" or "annotation"
    owner_text: str = ""  # the owner as written, when it names nobody in the plan
    status: str = OPEN
    reply: str = ""  # the reason for declining, or the answer to a comment
    decided_by: str = ""
    decided_at: str = ""
    imported_at: str = ""
    id: int | None = None

    @property
    def key(self) -> str:
        """The same answer imported twice has the same key (nothing is added twice)."""
        identity = [
            self.plan_id,
            self.revision_sha256,
            folded(self.reviewer.name),
            self.entity,
            self.entity_id,
            self.verdict,
            sorted(self.values.items()),
            self.comment.strip(),
            self.source,
        ]
        text = json.dumps(identity, ensure_ascii=False, default=str)
        import hashlib  # loads OpenSSL: not at start (see canonical.digest)

        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def is_comment(self) -> bool:
        return self.verdict == COMMENT

    @property
    def acceptable(self) -> bool:
        """It can be accepted (comments are answered instead); accepting an agreement
        changes nothing but the answer's status."""
        return self.verdict in (AGREE, CHANGE, ACCEPT, DISPUTE)


def matching_people(state: PlanState, name: str, side: str) -> list[Person]:
    """People of `side` a reviewer's name may mean: the same name first, else every
    person whose name starts with, or whose first name is, what was written."""
    wanted = folded(name)
    if not wanted:
        return []
    people = state.people_on(side)
    exact = [p for p in people if folded(p.name) == wanted]
    if exact:
        return exact
    return [
        p
        for p in people
        if folded(p.name).startswith(wanted + " ") or folded(p.name).split(" ")[0] == wanted
    ]


def find_person(state: PlanState, name: str) -> Person | None:
    """The one person (either side) a written owner name means, if exactly one."""
    wanted = folded(name)
    found = [p for p in state.ordered("person") if folded(p.name) == wanted]
    return found[0] if len(found) == 1 else None


def seen_values(state: PlanState, entity: str, entity_id: str) -> dict[str, Any]:
    """What the reviewer saw of an item, in the form proposals keep values."""
    if entity == "milestone":
        m = state.milestones.get(entity_id)
        if m is None:
            return {}
        return {
            "start": m.start.isoformat() if m.start else None,
            "due": m.due.isoformat() if m.due else None,
            "owner_id": m.owner_id,
        }
    if entity == "evidence":
        e = state.evidence.get(entity_id)
        return {"state": e.state} if e is not None else {}
    return {}


def changed_since(proposal: Proposal, state: PlanState) -> dict[str, tuple[Any, Any]]:
    """Fields of the item that changed since the revision the reviewer answered:
    field -> (what the reviewer saw, what the plan holds today). An item removed
    since shows as {"": (None, None)}."""
    today = seen_values(state, proposal.entity, proposal.entity_id)
    if proposal.entity != "plan" and not today:
        return {"": (None, None)}
    return {
        name: (seen, today.get(name))
        for name, seen in proposal.seen.items()
        if today.get(name) != seen
    }


def changes_for(
    proposal: Proposal, state: PlanState, today: dt.date | None = None
) -> list[Change]:
    """The edits that accepting `proposal` makes to the plan as it is now.

    Raises PlanRuleError when it cannot apply (the item is gone, or the owner it
    names is nobody in the plan)."""
    if not proposal.acceptable:
        raise PlanRuleError("A comment is answered, not accepted.")
    if proposal.verdict == AGREE:
        return []
    work = state.copy()
    changes: list[Change] = []

    def add(kind: str, name: str, value: Any) -> None:
        step = set_field(work, kind, proposal.entity_id, name, value, today)
        work.apply_all(step)
        changes.extend(step)

    if proposal.entity == "milestone":
        if proposal.entity_id not in work.milestones:
            raise PlanRuleError("This milestone has been removed from the plan since.")
        if proposal.owner_text and "owner_id" not in proposal.values:
            raise PlanRuleError(
                f"The proposed owner “{proposal.owner_text}” is nobody in the plan; "
                "add them to the plan first, then accept again."
            )
        for name in PROPOSABLE:
            if name in proposal.values:
                raw = proposal.values[name]
                value = dt.date.fromisoformat(raw) if name != "owner_id" and raw else raw
                add("milestone", name, value)
        return changes
    if proposal.entity == "evidence":
        if proposal.entity_id not in work.evidence:
            raise PlanRuleError("This evidence item has been removed from the plan since.")
        accepted = proposal.verdict == ACCEPT
        add("evidence", "state", EvidenceState.ACCEPTED if accepted else EvidenceState.DISPUTED)
        if proposal.reviewer.person_id and proposal.reviewer.person_id in work.people:
            add("evidence", "decided_by", proposal.reviewer.person_id)
        if proposal.comment.strip():
            add("evidence", "decision_note", proposal.comment.strip())
        return changes
    raise PlanRuleError("Nothing in the plan to change for this answer.")


def outcome(proposal: Proposal, state: PlanState) -> str:
    """accepted / declined / answered / changed (the item changed since, still open) /
    open."""
    if proposal.status != OPEN:
        return proposal.status
    if proposal.entity != "plan" and changed_since(proposal, state):
        return "changed"
    return OPEN


def outcome_lines(
    proposals: list[Proposal],
    state: PlanState,
    gettext: Gettext = _english,
    ngettext: Ngettext = _english_plural,
) -> list[str]:
    """'5 answers from Zoë Müller: 3 accepted, 1 changed since, 1 open', one line per
    reviewer, in the order they first answered; worded by the caller's `gettext` and
    `ngettext` (English when none is given)."""
    order: list[str] = []
    counts: dict[str, Counter[str]] = {}
    for proposal in proposals:
        who = proposal.reviewer.name
        if who not in counts:
            order.append(who)
            counts[who] = Counter()
        counts[who][outcome(proposal, state)] += 1
    lines = []
    for who in order:
        tally = counts[who]
        total = sum(tally.values())
        parts = []
        for key, words in (
            (ACCEPTED, N_("{n} accepted")),
            (DECLINED, N_("{n} declined")),
            (ANSWERED, N_("{n} answered")),
            ("changed", N_("{n} changed since")),
            (OPEN, N_("{n} open")),
        ):
            if tally[key]:
                parts.append(gettext(words).format(n=tally[key]))
        line = ngettext("{n} answer from {who}: {parts}", "{n} answers from {who}: {parts}", total)
        lines.append(line.format(n=total, who=who, parts=", ".join(parts)))
    return lines


def describe(proposal: Proposal, state: PlanState, gettext: Gettext = _english) -> str:
    """The answer in a sentence: 'Propose due 14 Apr 2027, owner Zoë Müller', worded by
    the caller's `gettext` (English when none is given)."""
    if proposal.verdict == AGREE:
        text = gettext(N_("Agrees"))
    elif proposal.verdict == ACCEPT:
        text = gettext(N_("Accepts the evidence"))
    elif proposal.verdict == DISPUTE:
        text = gettext(N_("Disputes the evidence"))
    elif proposal.verdict == COMMENT:
        text = gettext(N_("Comment") if proposal.source == "form" else N_("Note on the page"))
    else:
        parts = []
        for name, words in (("start", N_("start {value}")), ("due", N_("due {value}"))):
            if name in proposal.values:
                value = proposal.values[name] or gettext(N_("none"))
                parts.append(gettext(words).format(value=value))
        if "owner_id" in proposal.values:
            person = state.people.get(proposal.values["owner_id"] or "")
            name = person.name if person else gettext(N_("nobody"))
            parts.append(gettext(N_("owner {name}")).format(name=name))
        elif proposal.owner_text:
            parts.append(
                gettext(N_("owner “{name}” (not in the plan)")).format(name=proposal.owner_text)
            )
        text = (
            gettext(N_("Proposes {changes}")).format(changes=", ".join(parts))
            if parts
            else gettext(N_("Proposes a change"))
        )
    if proposal.comment.strip():
        text += f": “{proposal.comment.strip()}”"
    return text
