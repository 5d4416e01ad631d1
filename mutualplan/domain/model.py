"""The entities of a mutual plan and the fields each one has.

Entities are plain mutable dataclasses held in a `Plan` aggregate. Every field an
edit can touch is described by a `FieldSpec`, so the change vocabulary, the store,
the exchange format and the editor all work from one description.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar


class Side(StrEnum):
    SELLER = "seller"
    BUYER = "buyer"
    JOINT = "joint"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    COMMITTED = "committed"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class MilestoneStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    AT_RISK = "at_risk"
    BLOCKED = "blocked"


class EvidenceKind(StrEnum):
    CASE_STUDY = "case_study"
    CUSTOMER_REFERENCE = "customer_reference"
    PROOF_OF_CONCEPT = "proof_of_concept"
    DEMO = "demo"
    BUSINESS_CASE = "business_case"
    SECURITY_DOCUMENT = "security_document"


class EvidenceState(StrEnum):
    PROMISED = "promised"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    DISPUTED = "disputed"


# Roles are suggestions, not a closed list: workshops meet people with titles
# nobody planned for.
DECISION_ROLES = (
    "economic buyer",
    "champion",
    "technical evaluator",
    "legal",
    "security",
    "procurement",
    "executive sponsor",
    "user representative",
    "account director",
    "solutions engineer",
    "customer success",
)

ACTIVE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.COMMITTED)


def label(value: str) -> str:
    """'not_started' -> 'Not started'."""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What one editable field holds.

    kind is one of: text, longtext, date, choice, int, bool, person, milestone,
    milestones (a set of milestone ids), rank (the sort key).
    """

    name: str
    kind: str
    label: str
    choices: tuple[str, ...] = ()
    required: bool = False


def _fields(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


@dataclass(slots=True)
class Plan:
    KIND: ClassVar[str] = "plan"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _fields(
        FieldSpec("title", "text", "Title", required=True),
        FieldSpec("buyer_org", "text", "Buyer", required=True),
        FieldSpec("seller_org", "text", "Seller", required=True),
        FieldSpec("objective", "longtext", "Buyer's objective"),
        FieldSpec("success_criteria", "longtext", "Success criteria"),
        FieldSpec("target_date", "date", "Target date"),
        FieldSpec("status", "choice", "Status", tuple(PlanStatus)),
    )

    id: str
    title: str = ""
    buyer_org: str = ""
    seller_org: str = ""
    objective: str = ""
    success_criteria: str = ""
    target_date: dt.date | None = None
    status: str = PlanStatus.DRAFT


@dataclass(slots=True)
class Person:
    KIND: ClassVar[str] = "person"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _fields(
        FieldSpec("name", "text", "Name", required=True),
        FieldSpec("title", "text", "Job title"),
        FieldSpec("email", "text", "Email"),
        FieldSpec("side", "choice", "Side", (Side.SELLER, Side.BUYER)),
        FieldSpec("role", "text", "Role in the decision", DECISION_ROLES),
        FieldSpec("rank", "rank", "Order"),
        FieldSpec("signs", "bool", "Signatory"),
    )

    id: str
    plan_id: str
    name: str = ""
    title: str = ""
    email: str = ""
    side: str = Side.BUYER
    role: str = ""
    rank: str = ""
    signs: bool = False  # the one person who signs the plan for their side


@dataclass(slots=True)
class Milestone:
    KIND: ClassVar[str] = "milestone"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _fields(
        FieldSpec("title", "text", "Milestone", required=True),
        FieldSpec("description", "longtext", "Description"),
        FieldSpec("side", "choice", "Side", tuple(Side)),
        FieldSpec("owner_id", "person", "Owner"),
        FieldSpec("start", "date", "Start"),
        FieldSpec("due", "date", "Due"),
        FieldSpec("lead_days", "int", "Lead time (working days)"),
        FieldSpec("status", "choice", "Status", tuple(MilestoneStatus)),
        FieldSpec("done_on", "date", "Done on"),
        FieldSpec("depends_on", "milestones", "Depends on"),
        FieldSpec("exit_criteria", "longtext", "Exit criteria"),
        FieldSpec("phase", "text", "Phase"),
        FieldSpec("rank", "rank", "Order"),
    )

    id: str
    plan_id: str
    title: str = ""
    description: str = ""
    side: str = Side.JOINT
    owner_id: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    lead_days: int | None = None
    status: str = MilestoneStatus.NOT_STARTED
    done_on: dt.date | None = None
    depends_on: tuple[str, ...] = ()
    exit_criteria: str = ""
    phase: str = ""  # a named stage grouping milestones; "" when the plan has none
    rank: str = ""


# Fields added after plan data was first exchanged: left out of the plan data (and of
# the canonical form that names a revision) while they hold this value, so a plan that
# does not use them has the same hash as before and older MutualPlans still read it.
LATER_FIELDS: dict[tuple[str, str], Any] = {("milestone", "phase"): "", ("person", "signs"): False}


@dataclass(slots=True)
class Action:
    KIND: ClassVar[str] = "action"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _fields(
        FieldSpec("milestone_id", "milestone", "Milestone", required=True),
        FieldSpec("title", "text", "Action", required=True),
        FieldSpec("owner_id", "person", "Owner"),
        FieldSpec("due", "date", "Due"),
        FieldSpec("done", "bool", "Done"),
        FieldSpec("rank", "rank", "Order"),
    )

    id: str
    plan_id: str
    milestone_id: str = ""
    title: str = ""
    owner_id: str | None = None
    due: dt.date | None = None
    done: bool = False
    rank: str = ""


@dataclass(slots=True)
class Evidence:
    KIND: ClassVar[str] = "evidence"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _fields(
        FieldSpec("kind", "choice", "Kind", tuple(EvidenceKind)),
        FieldSpec("title", "text", "Evidence", required=True),
        FieldSpec("claim", "longtext", "Claim it supports"),
        FieldSpec("milestone_id", "milestone", "Milestone"),
        FieldSpec("state", "choice", "State", tuple(EvidenceState)),
        FieldSpec("decided_by", "person", "Accepted or disputed by"),
        FieldSpec("decision_note", "longtext", "Why"),
        FieldSpec("rank", "rank", "Order"),
    )

    id: str
    plan_id: str
    kind: str = EvidenceKind.CASE_STUDY
    title: str = ""
    claim: str = ""
    milestone_id: str | None = None
    state: str = EvidenceState.PROMISED
    decided_by: str | None = None
    decision_note: str = ""
    rank: str = ""


Entity = Plan | Person | Milestone | Action | Evidence
ENTITY_TYPES: dict[str, type[Any]] = {
    cls.KIND: cls for cls in (Plan, Person, Milestone, Action, Evidence)
}
# The tables of the entities that belong to a plan, in the order a plan is built.
CHILD_KINDS = ("person", "milestone", "action", "evidence")


def field_spec(kind: str, name: str) -> FieldSpec:
    try:
        return ENTITY_TYPES[kind].FIELDS[name]
    except KeyError:
        raise KeyError(f"{kind} has no field {name!r}") from None


def values_of(entity: Entity) -> dict[str, Any]:
    """The editable field values of an entity (without id and plan_id)."""
    return {name: getattr(entity, name) for name in type(entity).FIELDS}


@dataclass(frozen=True, slots=True)
class Author:
    """Who a change is attributed to: a person of the plan, or the local user."""

    name: str
    side: str
    person_id: str | None = None
    organisation: str = ""
    email: str = ""  # the local user's, to recognise them among a plan's people


@dataclass(slots=True)
class PlanSummary:
    """One row of the plan list."""

    id: str
    title: str
    buyer_org: str
    seller_org: str
    status: str
    target_date: dt.date | None
    milestones: int = 0
    updated_at: str = ""


@dataclass(frozen=True, slots=True)
class Revision:
    """A frozen snapshot of a plan, named by the SHA-256 of its canonical form.

    `number` is the label people use; two copies apart can both make a "revision 4",
    so wherever two could be confused the first hex digits of the hash go with it.
    """

    plan_id: str
    number: int
    sha256: str
    created_at: str  # UTC, ISO 8601
    created_by: str
    log_position: int  # the last change-log row (local id) the snapshot contains

    @property
    def label(self) -> str:
        return f"{self.number} ({self.sha256[:8]})"
