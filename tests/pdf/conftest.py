"""Fixtures of the document tests."""

from __future__ import annotations

import pytest
from pdf_helpers import TODAY

from mutualplan.domain.state import PlanState
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan


@pytest.fixture
def sample(store: Store) -> PlanState:
    """The realistic sample plan, dated around TODAY."""
    return add_sample_plan(store, today=TODAY)
