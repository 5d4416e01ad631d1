"""Plans in the store: one active plan per buyer, and finding a plan by what people type."""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author, PlanStatus
from mutualplan.domain.state import PlanRuleError, PlanState
from mutualplan.store.errors import ActivePlanExistsError, PlanNotFoundError
from mutualplan.store.repository import Store


def new_plan(store: Store, author: Author, title: str, buyer: str, **values: Any) -> PlanState:
    return store.create_plan(
        {"title": title, "buyer_org": buyer, "seller_org": "Northwind", **values}, author
    )


def status_on_disk(store: Store, plan_id: str) -> str:
    with closing(sqlite3.connect(store.path)) as conn:
        return conn.execute("SELECT status FROM plans WHERE id = ?", (plan_id,)).fetchone()[0]


# -- one active plan per buyer organisation ------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["Contoso Ltd", "contoso ltd", "  CONTOSO   Ltd ", "Contoso\tLTD"]
)
def test_a_second_active_plan_for_the_same_buyer_is_refused(
    store: Store, plan: PlanState, author: Author, spelling: str
) -> None:
    with pytest.raises(ActivePlanExistsError, match="already has an active plan") as caught:
        new_plan(store, author, "Another plan", spelling)
    assert (caught.value.plan_id, caught.value.title) == (plan.id, plan.plan.title)
    assert [p.id for p in store.plans()] == [plan.id]


def test_a_different_buyer_may_have_its_own_active_plan(
    store: Store, plan: PlanState, author: Author
) -> None:
    other = new_plan(store, author, "Fabrikam pilot", "Contoso Group")
    assert {p.id for p in store.plans()} == {plan.id, other.id}


def test_an_abandoned_plan_for_the_same_buyer_may_exist_beside_the_active_one(
    store: Store, plan: PlanState, author: Author
) -> None:
    old = new_plan(store, author, "Last year's attempt", "Contoso Ltd", status=PlanStatus.ABANDONED)
    assert store.active_plan_for("contoso ltd").id == plan.id
    assert old.plan.status == PlanStatus.ABANDONED


def test_reactivating_an_abandoned_plan_while_another_is_active_is_refused(
    store: Store, plan: PlanState, author: Author
) -> None:
    old = new_plan(store, author, "Last year's attempt", "Contoso Ltd", status=PlanStatus.ABANDONED)
    for status in (PlanStatus.DRAFT, PlanStatus.COMMITTED):
        with pytest.raises(ActivePlanExistsError, match="Contoso Ltd already has an active plan"):
            store.commit(old, edits.set_field(old, "plan", old.id, "status", status), author)
        assert old.plan.status == PlanStatus.ABANDONED
        assert status_on_disk(store, old.id) == "abandoned"


def test_once_the_active_plan_is_achieved_the_old_one_may_be_reactivated(
    store: Store, plan: PlanState, author: Author
) -> None:
    old = new_plan(store, author, "Last year's attempt", "Contoso Ltd", status=PlanStatus.ABANDONED)
    store.commit(plan, edits.set_field(plan, "plan", plan.id, "status", "achieved"), author)
    store.commit(old, edits.set_field(old, "plan", old.id, "status", "draft"), author)
    assert status_on_disk(store, old.id) == "draft"


def test_renaming_a_buyer_onto_one_with_an_active_plan_is_refused(
    store: Store, plan: PlanState, author: Author
) -> None:
    other = new_plan(store, author, "Fabrikam pilot", "Fabrikam")
    with pytest.raises(ActivePlanExistsError):
        store.commit(
            other, edits.set_field(other, "plan", other.id, "buyer_org", "CONTOSO LTD"), author
        )
    assert other.plan.buyer_org == "Fabrikam"


def test_renaming_the_buyer_and_reactivating_in_one_edit_is_judged_as_a_whole(
    store: Store, plan: PlanState, author: Author
) -> None:
    old = new_plan(store, author, "Fabrikam pilot", "Fabrikam", status=PlanStatus.ABANDONED)
    changes = [
        *edits.set_field(old, "plan", old.id, "buyer_org", "Contoso Ltd"),
        *edits.set_field(old, "plan", old.id, "status", "draft"),
    ]
    with pytest.raises(ActivePlanExistsError):
        store.commit(old, changes, author)
    assert (old.plan.buyer_org, old.plan.status) == ("Fabrikam", "abandoned")


def test_editing_an_active_plan_does_not_clash_with_itself(
    store: Store, plan: PlanState, author: Author
) -> None:
    store.commit(plan, edits.set_field(plan, "plan", plan.id, "status", "committed"), author)
    store.commit(
        plan, edits.set_field(plan, "plan", plan.id, "buyer_org", "Contoso Limited"), author
    )
    assert store.active_plan_for("contoso limited").id == plan.id


@pytest.mark.parametrize("missing", ["title", "buyer_org", "seller_org"])
def test_a_plan_needs_a_title_a_buyer_and_a_seller(
    store: Store, author: Author, missing: str
) -> None:
    values = {"title": "T", "buyer_org": "B", "seller_org": "S", missing: "  "}
    with pytest.raises(PlanRuleError, match="A plan needs"):
        store.create_plan(values, author)
    assert store.plans() == []


def test_a_plan_that_fails_to_build_is_not_saved(store: Store, author: Author) -> None:
    def broken(state: PlanState) -> list:
        return edits.add_milestone(state, {"title": "A", "owner_id": "nobody"})

    with pytest.raises(PlanRuleError):
        store.create_plan({"title": "T", "buyer_org": "B", "seller_org": "S"}, author, broken)
    assert store.plans() == []
    with closing(sqlite3.connect(store.path)) as conn:
        assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0


def test_the_plan_list_counts_milestones(store: Store, plan: PlanState) -> None:
    [summary] = store.plans()
    assert (summary.id, summary.title, summary.buyer_org, summary.milestones) == (
        plan.id,
        "Contoso analytics rollout",
        "Contoso Ltd",
        10,
    )
    assert summary.target_date == plan.plan.target_date


# -- finding a plan ------------------------------------------------------------------


@pytest.fixture
def three_plans(store: Store, author: Author) -> dict[str, str]:
    made = {
        "alpha": new_plan(store, author, "Contoso analytics", "Contoso"),
        "beta": new_plan(store, author, "Contoso archive", "Contoso Archive"),
        "gamma": new_plan(store, author, "Fabrikam rollout", "Fabrikam"),
    }
    return {name: state.id for name, state in made.items()}


def test_a_plan_is_found_by_its_id(store: Store, three_plans: dict[str, str]) -> None:
    assert store.find_plan(three_plans["beta"]) == three_plans["beta"]


@pytest.mark.parametrize("ref", ["Fabrikam", "fab", "  FABRIKAM ROLL", "Fabrikam rollout"])
def test_a_plan_is_found_by_an_unambiguous_title_prefix(
    store: Store, three_plans: dict[str, str], ref: str
) -> None:
    assert store.find_plan(ref) == three_plans["gamma"]


def test_a_plan_is_found_by_a_prefix_of_its_id(store: Store, three_plans: dict[str, str]) -> None:
    target = three_plans["alpha"]
    others = [i for name, i in three_plans.items() if name != "alpha"]
    length = next(n for n in range(4, 37) if not any(o.startswith(target[:n]) for o in others))
    assert store.find_plan(target[:length]) == target


def test_an_ambiguous_prefix_names_the_candidates(
    store: Store, three_plans: dict[str, str]
) -> None:
    with pytest.raises(PlanNotFoundError, match="matches several plans") as caught:
        store.find_plan("contoso a")
    assert "Contoso analytics" in str(caught.value) and "Contoso archive" in str(caught.value)


@pytest.mark.parametrize("ref", ["Northwind", "", "zzzz-not-an-id"])
def test_a_reference_matching_no_plan_is_not_found(
    store: Store, three_plans: dict[str, str], ref: str
) -> None:
    with pytest.raises(PlanNotFoundError, match="No plan matches"):
        store.find_plan(ref)


def test_loading_a_missing_plan_says_so(store: Store) -> None:
    with pytest.raises(PlanNotFoundError, match="There is no plan"):
        store.load("no-such-plan")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"target_date": dt.datetime(2026, 9, 30, 17, 0)}, "Target date must be a date"),
        ({"target_date": "2026-09-30"}, "Target date must be a date"),
        ({"status": "won"}, "Status must be one of"),
        ({"title": "Two\nlines"}, "must fit on one line"),
        ({"objective": 42}, "must be text"),
    ],
)
def test_a_new_plan_is_held_to_the_same_rules_as_an_edit(
    store: Store, author: Author, values: dict[str, Any], message: str
) -> None:
    with pytest.raises(PlanRuleError, match=message):
        store.create_plan({"title": "T", "buyer_org": "B", "seller_org": "S", **values}, author)
    assert store.plans() == []


@pytest.mark.parametrize("spelling", ["Contoso", "Contoso Ltd.", "Contóso Limited"])
def test_the_buyer_is_one_organisation_whatever_its_legal_form_or_accents(
    store: Store, plan: PlanState, author: Author, spelling: str
) -> None:
    with pytest.raises(ActivePlanExistsError, match="already has an active plan"):
        new_plan(store, author, "Another plan", spelling)
    assert store.active_plan_for(spelling).id == plan.id
