"""A realistic sample plan, for a first look at MutualPlan and for demos.

It is built only through the store and the domain's edits, exactly as a workshop
would build it, so it exercises the same rules and leaves a real change history.
Every date is relative to `today`, so the sample always looks current: a few steps
done, one overdue, one at risk, one nobody owns yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..domain.changes import Change
from ..domain.edits import add_action, add_evidence, add_milestone, add_person, set_field
from ..domain.model import (
    Author,
    EvidenceKind,
    EvidenceState,
    MilestoneStatus,
    Side,
)
from ..domain.state import PlanState
from ..domain.templates import working_days_before
from .calendars import start_calendars
from .repository import Store

BUYER = "Nordwind Logistics GmbH"
SELLER = "Brightline Analytics"

OBJECTIVE = (
    "Cut the share of empty kilometres across Nordwind's 1,400-truck European fleet "
    "from 21% to below 15%, by giving dispatchers route-cost analytics they trust, "
    "live in all six regional hubs before the peak season."
)
SUCCESS_CRITERIA = "\n".join(
    (
        "Empty kilometres below 15% of fleet kilometres for four consecutive weeks "
        "at the Hamburg hub",
        "Dispatchers plan 90% of daily tours in the new tool, without parallel spreadsheets",
        "Cost per tour reconciles with the SAP finance figures within 2%",
        "Works council approves the use of telematics data before the rollout",
    )
)

# Who signs for each side: the buyer's economic buyer, the seller's account director.
SIGNATORIES = frozenset({"zoe", "priya"})
# (key, name, job title, email, side, role in the decision)
PEOPLE = (
    ("zoe", "Zoë Müller", "Chief Operating Officer", "zoe.mueller", Side.BUYER, "economic buyer"),
    (
        "lukasz",
        "Łukasz Wiśniewski",
        "Head of Dispatch Operations",
        "lukasz.wisniewski",
        Side.BUYER,
        "champion",
    ),
    (
        "olena",
        "Олена Коваль",
        "Lead Data Engineer",
        "olena.koval",
        Side.BUYER,
        "technical evaluator",
    ),
    (
        "giorgos",
        "Γιώργος Παπαδόπουλος",
        "Information Security Officer",
        "georgios.papadopoulos",
        Side.BUYER,
        "security",
    ),
    (
        "katrin",
        "Katrin Hoffmann",
        "Strategic Procurement Lead",
        "katrin.hoffmann",
        Side.BUYER,
        "procurement",
    ),
    (
        "priya",
        "Priya Raghunathan",
        "Account Director",
        "priya.raghunathan",
        Side.SELLER,
        "account director",
    ),
    (
        "soren",
        "Søren Østergaard",
        "Solutions Engineer",
        "soren.ostergaard",
        Side.SELLER,
        "solutions engineer",
    ),
    ("chidi", "Chidi Okafor", "Contracts Manager", "chidi.okafor", Side.SELLER, "legal"),
)
DOMAINS = {Side.BUYER: "nordwind-logistics.example", Side.SELLER: "brightline.example"}


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


class _SampleBuilder:
    """Collects the changes that build the plan, applying each to a working copy so
    later edits (an action under a new milestone) can refer to earlier ones."""

    def __init__(
        self, state: PlanState, today: dt.date, words: Callable[[str], str] = str
    ) -> None:
        self.work = state.copy()
        self.today = today
        self.words = words  # the sample's text in the language asked for
        self.changes: list[Change] = []
        self.people: dict[str, str] = {}
        self.milestones: dict[str, str] = {}
        self.evidence: dict[str, str] = {}

    def _take(self, changes: list[Change]) -> str:
        self.work.apply_all(changes)
        self.changes.extend(changes)
        return changes[0].entity_id

    def day(self, offset: int) -> dt.date:
        return _weekday_on_or_before(self.today + dt.timedelta(days=offset))

    def person(self, key: str, name: str, title: str, email: str, side: str, role: str) -> None:
        values = {
            "name": name,
            "title": self.words(title),
            "email": f"{email}@{DOMAINS[Side(side)]}",
            "side": side,
            "role": self.words(role),
            "signs": key in SIGNATORIES,
        }
        self.people[key] = self._take(add_person(self.work, values))

    def milestone(
        self,
        key: str,
        title: str,
        side: str,
        owner: str | None,
        due_in: int,
        lead_days: int,
        depends_on: tuple[str, ...] = (),
        status: str = MilestoneStatus.NOT_STARTED,
        **extra: Any,
    ) -> None:
        due = self.day(due_in)
        extra = {k: self.words(v) if isinstance(v, str) else v for k, v in extra.items()}
        values = {
            "title": self.words(title),
            "side": side,
            "owner_id": self.people[owner] if owner else None,
            "start": working_days_before(due, lead_days),
            "due": due,
            "lead_days": lead_days,
            "status": status,
            "done_on": due if status == MilestoneStatus.DONE else None,
            "depends_on": tuple(sorted(self.milestones[d] for d in depends_on)),
            **extra,
        }
        self.milestones[key] = self._take(add_milestone(self.work, values))

    def action(self, milestone: str, title: str, owner: str, done: bool = False) -> None:
        milestone_id = self.milestones[milestone]
        values = {
            "title": self.words(title),
            "owner_id": self.people[owner],
            "due": self.work.milestones[milestone_id].due,
            "done": done,
        }
        self._take(add_action(self.work, milestone_id, values))

    def evidence_item(
        self, key: str, kind: str, title: str, claim: str, milestone: str, state: str
    ) -> None:
        values = {
            "kind": kind,
            "title": self.words(title),
            "claim": self.words(claim),
            "milestone_id": self.milestones[milestone],
            "state": state,
        }
        self.evidence[key] = self._take(add_evidence(self.work, values))


def _build(b: _SampleBuilder) -> None:
    for person in PEOPLE:
        b.person(*person)

    done, doing = MilestoneStatus.DONE, MilestoneStatus.IN_PROGRESS
    b.milestone(
        "discovery",
        "Discovery workshop in Hamburg",
        Side.JOINT,
        "priya",
        -45,
        2,
        status=done,
        description="Two half-days with dispatch, finance and IT at the Hamburg hub.",
        exit_criteria="Both sides agree on the problem, the people involved and how "
        "Nordwind decides.",
    )
    b.milestone(
        "criteria",
        "Success criteria signed off",
        Side.BUYER,
        "zoe",
        -33,
        5,
        ("discovery",),
        status=done,
        exit_criteria="Measurable success criteria approved by the economic buyer.",
    )
    b.milestone(
        "data",
        "Telematics data extract for the pilot hub",
        Side.BUYER,
        "olena",
        -17,
        8,
        ("criteria",),
        status=doing,
        exit_criteria="Twelve weeks of tours and telematics data, drivers pseudonymised.",
    )
    b.milestone(
        "poc",
        "Proof of concept at the Hamburg hub",
        Side.JOINT,
        "soren",
        3,
        12,
        ("data",),
        status=doing,
        description="Route-cost model run on Hamburg's own tours, side by side with "
        "today's planning.",
        exit_criteria="Every success criterion tested on Nordwind's data; results "
        "signed off by the technical evaluator.",
    )
    b.milestone(
        "questionnaire",
        "Security questionnaire answered",
        Side.SELLER,
        "soren",
        -3,
        10,
        ("discovery",),
        status=doing,
        exit_criteria="All 142 questions answered, with evidence attached.",
    )
    b.milestone(
        "security",
        "Security review sign-off",
        Side.BUYER,
        "giorgos",
        24,
        15,
        ("questionnaire",),
        exit_criteria="Findings closed or formally accepted by information security.",
    )
    b.milestone(
        "council",
        "Works council agreement on telematics data",
        Side.BUYER,
        None,
        35,
        10,
        ("data",),
        description="Needed before any driver-related data is used outside the pilot.",
        exit_criteria="Signed works agreement covering dispatch analytics.",
    )
    b.milestone(
        "business_case",
        "Business case approved",
        Side.BUYER,
        "zoe",
        31,
        10,
        ("poc",),
        exit_criteria="Business case approved by the COO and the CFO.",
    )
    b.milestone(
        "legal",
        "Master agreement and DPA agreed",
        Side.JOINT,
        "chidi",
        56,
        15,
        ("business_case",),
        exit_criteria="Contract terms and data processing agreement agreed by both legal teams.",
    )
    b.milestone(
        "procurement",
        "Supplier onboarding and purchase order",
        Side.BUYER,
        "katrin",
        62,
        10,
        ("security", "business_case"),
        exit_criteria="Brightline onboarded as a supplier; purchase order ready to release.",
    )
    b.milestone(
        "contract",
        "Contract signed",
        Side.JOINT,
        "zoe",
        70,
        3,
        ("council", "legal", "procurement"),
        exit_criteria="Contract signed by both sides.",
    )
    b.milestone(
        "golive",
        "Go-live in all six regional hubs",
        Side.JOINT,
        "lukasz",
        115,
        25,
        ("contract",),
        description="Hub by hub, Hamburg first, two weeks of parallel running each.",
        exit_criteria="Success criteria met in production at every hub.",
    )

    b.action(
        "discovery", "Walk through today's dispatch process and pain points", "lukasz", done=True
    )
    b.action("discovery", "Map stakeholders and decision roles", "priya", done=True)
    b.action("data", "Export twelve weeks of tours and telematics data", "olena", done=True)
    b.action("data", "Confirm the transfer is covered by the NDA", "giorgos", done=True)
    b.action("poc", "Agree test scenarios with the Hamburg dispatchers", "lukasz")
    b.action("poc", "Provision the evaluation environment in the EU region", "soren", done=True)
    b.action("poc", "Review route-cost results together", "olena")
    b.action("questionnaire", "Send ISO 27001 certificate and SOC 2 report", "soren", done=True)
    b.action("questionnaire", "Answer the vendor security questionnaire", "soren")
    b.action("business_case", "Draft the business case with the pilot savings", "lukasz")
    b.action("business_case", "Review the ROI model with Nordwind finance", "priya")
    b.action("procurement", "Complete the supplier onboarding forms", "priya")

    promised, delivered = EvidenceState.PROMISED, EvidenceState.DELIVERED
    b.evidence_item(
        "case_study",
        EvidenceKind.CASE_STUDY,
        "Baltic Freight Group: empty kilometres down from 23% to 16%",
        "Route-cost analytics reduces empty running by five points or more within a quarter.",
        "business_case",
        delivered,
    )
    b.evidence_item(
        "reference",
        EvidenceKind.CUSTOMER_REFERENCE,
        "Reference call with Alpenland Spedition's head of dispatch",
        "Dispatchers adopt the tool and retire their spreadsheets within six weeks.",
        "poc",
        delivered,
    )
    b.evidence_item(
        "poc_results",
        EvidenceKind.PROOF_OF_CONCEPT,
        "Hamburg pilot results",
        "The route-cost model matches SAP tour costs within 2%.",
        "poc",
        promised,
    )
    b.evidence_item(
        "demo",
        EvidenceKind.DEMO,
        "Live dispatcher demo on Hamburg tour data",
        "A dispatcher can plan a full day's tours in under 30 minutes.",
        "poc",
        delivered,
    )
    b.evidence_item(
        "roi",
        EvidenceKind.BUSINESS_CASE,
        "ROI model for six hubs",
        "Payback within 14 months at current diesel prices.",
        "business_case",
        promised,
    )
    b.evidence_item(
        "certificates",
        EvidenceKind.SECURITY_DOCUMENT,
        "ISO 27001 certificate and SOC 2 Type II report",
        "Brightline runs an audited information security programme.",
        "security",
        promised,
    )
    b.evidence_item(
        "pentest",
        EvidenceKind.SECURITY_DOCUMENT,
        "Penetration test summary",
        "The production platform has no open high-severity findings.",
        "security",
        delivered,
    )


def add_sample_plan(
    store: Store, today: dt.date | None = None, language: str = "en"
) -> PlanState:
    """Add the sample plan to `store` and return it, written in `language` ("en" or
    "de"; people keep their names).

    Raises ActivePlanExistsError when the sample buyer already has an active plan.
    """
    from .sample_de import GERMAN

    today = today or dt.date.today()
    builder: _SampleBuilder | None = None
    if language not in ("en", "de"):
        raise ValueError(f"the sample plan is written in en or de, not {language!r}")

    def words(text: str) -> str:
        return GERMAN.get(text, text) if language == "de" else text

    def build(state: PlanState) -> list[Change]:
        nonlocal builder
        builder = _SampleBuilder(state, today, words)
        _build(builder)
        return builder.changes

    # The account director sets the plan up before anyone is on it, so the first
    # entry of the history names her without a person id.
    target = _weekday_on_or_before(today + dt.timedelta(days=120))
    values = {
        "title": words("Route-cost analytics rollout"),
        "buyer_org": BUYER,
        "seller_org": SELLER,
        "objective": words(OBJECTIVE),
        "success_criteria": words(SUCCESS_CRITERIA),
        "target_date": target,
    }
    state = store.create_plan(values, Author("Priya Raghunathan", Side.SELLER), build=build)
    # Each side's working calendar starts with its country's public holidays, as a plan
    # made through New plan does (Nordwind Logistics GmbH: Germany's).
    start_calendars(store, BUYER, SELLER, target, today)
    assert builder is not None
    _later_edits(store, state, builder, today)
    return state


def _later_edits(store: Store, state: PlanState, b: _SampleBuilder, today: dt.date) -> None:
    """The weeks since the workshop, edit by edit, each by the person who made it."""
    people = {key: state.people[pid] for key, pid in b.people.items()}

    def author(key: str) -> Author:
        person = people[key]
        return Author(person.name, person.side, person_id=person.id)

    def edit(key: str, kind: str, entity_id: str, **values: Any) -> None:
        changes: list[Change] = []
        work = state.copy()
        for name, value in values.items():
            step = set_field(work, kind, entity_id, name, value, today=today)
            work.apply_all(step)
            changes.extend(step)
        store.commit(state, changes, author(key))

    # The data extract was finished the day before it was due, and ticked off then.
    data = state.milestones[b.milestones["data"]]
    assert data.due is not None
    finished = _weekday_on_or_before(data.due - dt.timedelta(days=1))
    done = set_field(state, "milestone", data.id, "status", MilestoneStatus.DONE, today=finished)
    store.commit(state, done, author("olena"))

    agree = b.words("Agree test scenarios with the Hamburg dispatchers")
    scenarios = next(a for a in state.actions_of(b.milestones["poc"]) if a.title == agree)
    edit("lukasz", "action", scenarios.id, done=True)

    edit(
        "zoe",
        "evidence",
        b.evidence["case_study"],
        state=EvidenceState.ACCEPTED,
        decided_by=people["zoe"].id,
        decision_note=b.words(
            "Matches the savings range in our own model; usable in the business case."
        ),
    )
    edit(
        "lukasz",
        "evidence",
        b.evidence["reference"],
        state=EvidenceState.ACCEPTED,
        decided_by=people["lukasz"].id,
        decision_note=b.words("Call held with Alpenland: spreadsheets retired after five weeks."),
    )
    edit("soren", "evidence", b.evidence["certificates"], state=EvidenceState.DELIVERED)
    edit(
        "giorgos",
        "evidence",
        b.evidence["pentest"],
        state=EvidenceState.DISPUTED,
        decided_by=people["giorgos"].id,
        decision_note=b.words(
            "The test is 19 months old and leaves out the mobile dispatcher app; "
            "we need one from the last 12 months."
        ),
    )
    edit("giorgos", "milestone", b.milestones["security"], status=MilestoneStatus.AT_RISK)

    # The pilot slipped a week: a visible change of due date, by the seller.
    poc = state.milestones[b.milestones["poc"]]
    assert poc.due is not None
    edit("priya", "milestone", poc.id, due=_weekday_on_or_before(poc.due + dt.timedelta(days=7)))

    legal = b.milestones["legal"]
    changes = add_action(
        state,
        legal,
        {
            "title": b.words("Send the master agreement and DPA drafts"),
            "owner_id": people["chidi"].id,
            "due": state.milestones[legal].start,
        },
    )
    store.commit(state, changes, author("chidi"))
