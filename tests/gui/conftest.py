"""A real main window on a fresh database, with a plan people can be assigned in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.store import Store
from mutualplan.ui.editor.plan_view import PlanView
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
def group_by_phase() -> bool:
    """Whether the table shows phase headings. The template plan has phases; the tests
    that find milestones by their row number see it flat (one row per milestone), and
    tests/gui/test_phase_headings.py looks at the headings a user sees by default."""
    return False


@pytest.fixture
def window(
    qtbot,
    store: Store,
    author: Author,
    staffed_plan: PlanState,
    group_by_phase: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    monkeypatch.setattr(PlanView, "group_by_phase", group_by_phase)
    store.set_local_user(author)
    main = MainWindow(store, author)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    assert main.open_plan(staffed_plan.id)
    yield main
