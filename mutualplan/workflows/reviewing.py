"""Importing a filled review copy into this database and settling its answers: one
Qt-free workflow that the command line and the window both call.

Importing keeps each answer as a proposal attributed to the reviewer (matched to a
person of that side, asked once when ambiguous), against the revision the copy was
made for; nothing in the plan changes. Settling is in answering.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.names import folded, same_organisation
from ..domain.responses import Proposal, Reviewer, matching_people
from ..domain.state import PlanState
from ..exchange.review_import import (
    AmbiguousReviewerError,
    ChoosePerson,
    FilledCopy,
    FilledTwiceError,
    ReviewImportError,
    proposals_from,
    read_filled_copy,
)
from ..i18n import _
from ..store import Store

REMEMBERED_REVIEWERS = "review_reviewers"

__all__ = [
    "AmbiguousReviewerError",
    "FilledTwiceError",
    "ReviewImportError",
    "ReviewImportSummary",
    "import_review",
]


@dataclass
class ReviewImportSummary:
    plan_id: str
    title: str
    reviewer: Reviewer
    revision_number: int
    revision_sha256: str
    added: int
    already: int  # answers imported before (a second import of the same copy)
    proposals: list[Proposal] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.proposals:
            counts[p.verdict] = counts.get(p.verdict, 0) + 1
        return counts


def _reviewer(
    store: Store, copy: FilledCopy, state: PlanState, choose: ChoosePerson | None
) -> Reviewer:
    name = " ".join(copy.values.get("reviewer.name", "").split())
    if not name:
        raise ReviewImportError(
            _(
                "the form does not say who answered it: fill in “Reviewed by” (your name) and "
                "import it again; nothing was imported"
            )
        )
    organisation = copy.values.get("reviewer.organisation", "")
    side = copy.values.get("reviewer.side", "")
    if side not in ("buyer", "seller"):
        seller = same_organisation(organisation, state.plan.seller_org)
        side = "seller" if organisation and seller else "buyer"
    if not organisation:
        organisation = state.plan.buyer_org if side == "buyer" else state.plan.seller_org
    remembered = store.setting(REMEMBERED_REVIEWERS, {})
    memo_key = f"{state.id}|{side}|{folded(name)}"
    person_id = remembered.get(memo_key)
    if person_id not in state.people:
        person_id = None
        candidates = matching_people(state, name, side)
        if len(candidates) == 1:
            person_id = candidates[0].id
        elif len(candidates) > 1:
            if choose is None:
                names = ", ".join(f"“{p.name}”" for p in candidates)
                raise AmbiguousReviewerError(
                    _(
                        "the reviewer “{name}” could be any of {names} ({side}); say which "
                        "with --reviewer NAME; nothing was imported"
                    ).format(name=name, names=names, side=_(side)),
                    candidates,
                )
            person_id = choose(name, candidates)
            store.set_setting(REMEMBERED_REVIEWERS, {**remembered, memo_key: person_id})
    if person_id is not None:
        name = state.people[person_id].name  # attributed as the plan names them
    return Reviewer(name=name, side=side, organisation=organisation, person_id=person_id)


def import_review(
    store: Store,
    pdf: bytes,
    choose: ChoosePerson | None = None,
    now: str | None = None,
    *,
    again: bool = False,
) -> ReviewImportSummary:
    """Import a filled review copy into `store` as proposals; the plan is untouched.

    `again=True` takes a second, different filling of a revision the reviewer answered
    before, beside the first (FilledTwiceError otherwise)."""
    from ..store.repository import utc_now

    copy = read_filled_copy(pdf)
    plan = copy.plan.state.plan
    if not store.has_plan(plan.id):
        raise ReviewImportError(
            _(
                "this is a review copy of “{title}” ({buyer_org} with "
                "{seller_org}), a plan this database does not hold; nothing was "
                "imported"
            ).format(title=plan.title, buyer_org=plan.buyer_org, seller_org=plan.seller_org)
        )
    current = store.load(plan.id)
    reviewer = _reviewer(store, copy, current, choose)
    proposals = proposals_from(copy, reviewer)
    before = store.form_answers(plan.id, copy.plan.revision.sha256, reviewer.name)
    for proposal in proposals:
        earlier = before.get((proposal.entity, proposal.entity_id))
        if (
            not again
            and proposal.source == "form"
            and earlier is not None
            and earlier != proposal.key
        ):
            raise FilledTwiceError(
                _(
                    "{name} answered revision {number} before, and this copy of it "
                    "answers the same items differently: it was filled twice. "
                    "Nothing was imported; to keep these answers beside the earlier "
                    "ones, import it again saying so (--again)"
                ).format(name=reviewer.name, number=copy.plan.revision.number)
            )
    added = store.add_proposals(proposals, now or utc_now())
    return ReviewImportSummary(
        plan_id=plan.id,
        title=current.plan.title,
        reviewer=reviewer,
        revision_number=copy.plan.revision.number,
        revision_sha256=copy.plan.revision.sha256,
        added=added,
        already=len(proposals) - added,
        proposals=proposals,
    )
