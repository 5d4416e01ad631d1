"""A plan held in memory only, as the domain sees it: no store, no Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Plan, Side
from mutualplan.domain.state import PlanState
from mutualplan.domain.templates import Template, template_changes


def build_workshop_state(template: Template) -> PlanState:
    """The template's milestones, one person per side owning them in turn, and two
    evidence items: every kind of reference a delete has to clear."""
    state = PlanState(
        Plan(
            id="plan-1",
            title="Contoso analytics rollout",
            buyer_org="Contoso Ltd",
            seller_org="Northwind Software",
            target_date=dt.date(2026, 9, 30),
        )
    )
    state.apply_all(template_changes(state, template))
    state.apply_all(edits.add_person(state, {"name": "Alex Morgan", "side": Side.SELLER}))
    state.apply_all(edits.add_person(state, {"name": "Priya Natarajan", "side": Side.BUYER}))
    seller, buyer = state.ordered("person")
    for number, milestone in enumerate(state.milestone_order()):
        owner = seller if number % 2 else buyer
        state.apply_all(edits.set_field(state, "milestone", milestone.id, "owner_id", owner.id))
        for action in state.actions_of(milestone.id):
            state.apply_all(edits.set_field(state, "action", action.id, "owner_id", owner.id))
    poc = state.milestone_order()[2]
    state.apply_all(
        edits.add_evidence(
            state,
            {
                "kind": "proof_of_concept",
                "title": "Month-end close on Contoso's own ledger",
                "milestone_id": poc.id,
                "state": "accepted",
                "decided_by": buyer.id,
            },
        )
    )
    state.apply_all(
        edits.add_evidence(
            state, {"kind": "case_study", "title": "Fabrikam case study", "decided_by": buyer.id}
        )
    )
    return state


@pytest.fixture
def state(enterprise_template: Template) -> PlanState:
    return build_workshop_state(enterprise_template)
