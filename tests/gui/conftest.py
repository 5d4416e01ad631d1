"""A real main window on a fresh database, with a plan people can be assigned in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.store import Store
from mutualplan.ui.main_window import MainWindow


@pytest.fixture
def staffed_plan(store: Store, plan: PlanState, author: Author) -> PlanState:
    """The template plan with one person on each side."""
    for values in (
        {"name": "Alex Morgan", "side": "seller", "role": "account director", "signs": True},
        {"name": "Олена Коваль", "side": "buyer", "role": "technical evaluator", "signs": True},
    ):
        store.commit(plan, edits.add_person(plan, values), author)
    return plan


@pytest.fixture
def window(qtbot, store: Store, author: Author, staffed_plan: PlanState) -> Iterator[MainWindow]:
    store.set_local_user(author)
    main = MainWindow(store, author)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.open_plan(staffed_plan.id)
    yield main
