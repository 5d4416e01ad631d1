"""The entities of a mutual plan and the fields each one has.

Entities are plain mutable dataclasses held in a `Plan` aggregate. Every field an
edit can touch is declared once, as a dataclass attribute made by `declare`: its name,
type and default, and the `FieldSpec` (kind, label, choices...) that the change
vocabulary, the store's schema, the exports and the editor all read from `FIELDS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
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
    milestones (a set of milestone ids), rank (the sort key). `default` is the value a
    new entity starts with; `later` marks a field added after plan data was first
    exchanged (see LATER_FIELDS); `short` is the heading of its column in exported
    spreadsheets when that is shorter than the label.
    """

    name: str
    kind: str
    label: str
    choices: tuple[str, ...] = ()
    required: bool = False
    default: Any = None
    later: bool = False
    short: str = ""

    @property
    def heading(self) -> str:
        """The field's column heading in tables and spreadsheets."""
        return self.short or self.label


_SPEC = "mutualplan.field"


def declare[T](
    kind: str,
    label: str,
    default: T,
    choices: tuple[str, ...] = (),
    *,
    required: bool = False,
    later: bool = False,
    short: str = "",
) -> T:
    """One editable field of an entity, declared as its dataclass attribute: the
    attribute's name, type and default, and the FieldSpec the change vocabulary, the
    store's schema and the exports read, all in one place."""
    spec = FieldSpec("", kind, label, choices, required, default, later, short)
    return field(default=default, metadata={_SPEC: spec})


def entity[E](kind: str) -> Callable[[type[E]], type[E]]:
    """Name the entity kind and collect its declared fields, in order, into FIELDS."""

    def collect(cls: type[E]) -> type[E]:
        specs = {
            attribute.name: replace(attribute.metadata[_SPEC], name=attribute.name)
            for attribute in fields(cls)  # type: ignore[arg-type]
            if _SPEC in attribute.metadata
        }
        setattr(cls, "KIND", kind)  # noqa: B010 - ClassVars, set once per class
        setattr(cls, "FIELDS", specs)  # noqa: B010
        return cls

    return collect


@entity("plan")
@dataclass(slots=True)
class Plan:
    """The plan itself: who buys, who sells, the buyer's objective and where it stands."""

    KIND: ClassVar[str]
    FIELDS: ClassVar[dict[str, FieldSpec]]

    id: str
    title: str = declare("text", "Title", "", required=True, short="Plan")
    buyer_org: str = declare("text", "Buyer", "", required=True)
    seller_org: str = declare("text", "Seller", "", required=True)
    objective: str = declare("longtext", "Buyer's objective", "", short="Objective")
    success_criteria: str = declare("longtext", "Success criteria", "")
    target_date: dt.date | None = declare("date", "Target date", None)
    status: str = declare("choice", "Status", PlanStatus.DRAFT, tuple(PlanStatus))


@entity("person")
@dataclass(slots=True)
class Person:
    """Someone on either side who owns milestones or actions, or signs the plan."""

    KIND: ClassVar[str]
    FIELDS: ClassVar[dict[str, FieldSpec]]

    id: str
    plan_id: str
    name: str = declare("text", "Name", "", required=True)
    title: str = declare("text", "Job title", "")
    email: str = declare("text", "Email", "")
    side: str = declare("choice", "Side", Side.BUYER, (Side.SELLER, Side.BUYER))
    role: str = declare("text", "Role in the decision", "", DECISION_ROLES, short="Role")
    rank: str = declare("rank", "Order", "")
    # The one person who signs the plan for their side.
    signs: bool = declare("bool", "Signatory", False, later=True)


@entity("milestone")
@dataclass(slots=True)
class Milestone:
    """One step of the course of action, owned by a side and a person."""

    KIND: ClassVar[str]
    FIELDS: ClassVar[dict[str, FieldSpec]]

    id: str
    plan_id: str
    title: str = declare("text", "Milestone", "", required=True)
    description: str = declare("longtext", "Description", "")
    side: str = declare("choice", "Side", Side.JOINT, tuple(Side))
    owner_id: str | None = declare("person", "Owner", None)
    start: dt.date | None = declare("date", "Start", None)
    due: dt.date | None = declare("date", "Due", None)
    lead_days: int | None = declare("int", "Lead time (working days)", None, short="Lead (days)")
    status: str = declare("choice", "Status", MilestoneStatus.NOT_STARTED, tuple(MilestoneStatus))
    done_on: dt.date | None = declare("date", "Done on", None)
    depends_on: tuple[str, ...] = declare("milestones", "Depends on", ())
    exit_criteria: str = declare("longtext", "Exit criteria", "")
    # A named stage grouping milestones; "" when the plan has none.
    phase: str = declare("text", "Phase", "", later=True)
    rank: str = declare("rank", "Order", "")


@entity("action")
@dataclass(slots=True)
class Action:
    """A task under a milestone, ticked off when done."""

    KIND: ClassVar[str]
    FIELDS: ClassVar[dict[str, FieldSpec]]

    id: str
    plan_id: str
    milestone_id: str = declare("milestone", "Milestone", "", required=True)
    title: str = declare("text", "Action", "", required=True)
    owner_id: str | None = declare("person", "Owner", None)
    due: dt.date | None = declare("date", "Due", None)
    done: bool = declare("bool", "Done", False)
    rank: str = declare("rank", "Order", "")


@entity("evidence")
@dataclass(slots=True)
class Evidence:
    """A case study, reference or proof a claim in the plan rests on."""

    KIND: ClassVar[str]
    FIELDS: ClassVar[dict[str, FieldSpec]]

    id: str
    plan_id: str
    kind: str = declare("choice", "Kind", EvidenceKind.CASE_STUDY, tuple(EvidenceKind))
    title: str = declare("text", "Evidence", "", required=True)
    claim: str = declare("longtext", "Claim it supports", "", short="Claim")
    milestone_id: str | None = declare("milestone", "Milestone", None)
    state: str = declare("choice", "State", EvidenceState.PROMISED, tuple(EvidenceState))
    decided_by: str | None = declare("person", "Accepted or disputed by", None, short="Decided by")
    decision_note: str = declare("longtext", "Why", "")
    rank: str = declare("rank", "Order", "")


Entity = Plan | Person | Milestone | Action | Evidence
ENTITY_TYPES: dict[str, type[Any]] = {
    cls.KIND: cls for cls in (Plan, Person, Milestone, Action, Evidence)
}
# The tables of the entities that belong to a plan, in the order a plan is built.
CHILD_KINDS = ("person", "milestone", "action", "evidence")

# Fields added after plan data was first exchanged: left out of the plan data (and of
# the canonical form that names a revision) while they hold this value, so a plan that
# does not use them has the same hash as before and older MutualPlans still read it.
LATER_FIELDS: dict[tuple[str, str], Any] = {
    (kind, spec.name): spec.default
    for kind, cls in ENTITY_TYPES.items()
    for spec in cls.FIELDS.values()
    if spec.later
}


def field_spec(kind: str, name: str) -> FieldSpec:
    try:
        spec: FieldSpec = ENTITY_TYPES[kind].FIELDS[name]
    except KeyError:
        raise KeyError(f"{kind} has no field {name!r}") from None
    return spec


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
