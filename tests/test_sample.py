"""The sample plan: built through the store's own API, and it looks current on any day."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualplan.domain import health
from mutualplan.domain.model import MilestoneStatus
from mutualplan.store.errors import ActivePlanExistsError
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan

A_MONDAY = dt.date(2025, 6, 2)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "plans.sqlite") as store:
        yield store


# Weekends shift dates, so every day of the week must give the same picture.
@pytest.mark.parametrize("today", [A_MONDAY + dt.timedelta(days=n) for n in range(7)])
def test_the_sample_shows_exactly_the_intended_health_flags(store, today):
    state = add_sample_plan(store, today)

    assessed = health.assess(state, today)

    flags = sorted(flag for found in assessed.flags.values() for flag in found)
    assert flags == [health.NO_OWNER, health.OVERDUE]
    assert (assessed.overdue, assessed.unowned, assessed.at_risk) == (1, 1, 1)
    assert assessed.problems == []
    assert state.plan.target_date > today + dt.timedelta(days=100)


def test_done_milestones_are_in_the_past_and_the_rest_ahead(store):
    state = add_sample_plan(store, A_MONDAY)

    for milestone in state.milestones.values():
        assert milestone.start <= milestone.due
        if milestone.status == MilestoneStatus.DONE:
            assert milestone.done_on < A_MONDAY
        else:
            assert milestone.done_on is None


def test_what_the_store_holds_is_what_was_returned(store):
    state = add_sample_plan(store, A_MONDAY)

    saved = store.load(state.id)

    for kind in ("person", "milestone", "action", "evidence"):
        assert saved.ordered(kind) == state.ordered(kind)
    assert saved.plan == state.plan


def test_a_second_sample_for_the_same_buyer_is_refused(store):
    add_sample_plan(store, A_MONDAY)

    with pytest.raises(ActivePlanExistsError):
        add_sample_plan(store, A_MONDAY)
    assert len(store.plans()) == 1
