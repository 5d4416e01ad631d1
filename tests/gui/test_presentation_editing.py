"""Running the meeting from the presentation: owner, status, due date and actions by
keyboard, each attributed to the person editing and undone by Ctrl+Z; health shown."""

from __future__ import annotations

import datetime as dt

import pytest
from gui_helpers import db_row, log_rows
from PySide6.QtCore import Qt

from mutualplan.domain import edits
from mutualplan.ui.editor.milestone_model import TITLE_COLUMN
from mutualplan.ui.workshop.presentation import PresentationWindow, Presenting


@pytest.fixture
def presenting(qtbot, window) -> PresentationWindow:
    first = window.session.state.milestone_order()[0]
    window.plan_view.tree.setCurrentIndex(
        window.plan_view.milestones.index_of(first.id, TITLE_COLUMN)
    )
    window.action("present").trigger()
    shown = window.state(Presenting).shown
    qtbot.waitExposed(shown)
    return shown


def _answer(monkeypatch, presenting, answer: str) -> list[list[str]]:
    asked: list[list[str]] = []

    def ask(title, prompt, options, current=0):
        asked.append(options)
        return answer

    monkeypatch.setattr(presenting, "ask", ask)
    return asked


def test_o_assigns_an_owner_attributed_and_undoable(qtbot, window, store, presenting, monkeypatch):
    milestone_id = presenting.current_id
    before = db_row(store, "milestones", milestone_id)["owner_id"]
    asked = _answer(monkeypatch, presenting, "Олена Коваль (Buyer)")
    qtbot.keyClick(presenting, Qt.Key.Key_O)
    assert "Олена Коваль (Buyer)" in asked[0]
    owner_id = db_row(store, "milestones", milestone_id)["owner_id"]
    assert db_row(store, "people", owner_id)["name"] == "Олена Коваль"
    last = log_rows(store, milestone_id)[-1]
    assert (last["field"], last["author_name"]) == ("owner_id", "Alex Morgan")
    assert "Олена Коваль" in presenting.meta.text()
    qtbot.keyClick(presenting, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_row(store, "milestones", milestone_id)["owner_id"] == before


def test_s_sets_the_status(qtbot, store, presenting, monkeypatch):
    milestone_id = presenting.current_id
    _answer(monkeypatch, presenting, "At risk")
    qtbot.keyClick(presenting, Qt.Key.Key_S)
    assert db_row(store, "milestones", milestone_id)["status"] == "at_risk"


def test_w_sets_the_due_date_as_typed(qtbot, window, store, presenting, monkeypatch):
    last = window.session.state.milestone_order()[-1]
    presenting.show_milestone(last.id)
    _answer(monkeypatch, presenting, "14 Oct 2026")
    qtbot.keyClick(presenting, Qt.Key.Key_W)
    assert db_row(store, "milestones", last.id)["due"] == "2026-10-14"
    assert presenting.health.isVisible() and "after the target date" in presenting.health.text()


def test_a_number_ticks_that_action_done(qtbot, window, store, presenting):
    state = window.session.state
    milestone = next(m for m in state.milestone_order() if state.actions_of(m.id))
    presenting.show_milestone(milestone.id)
    action = state.actions_of(milestone.id)[0]
    assert presenting.action_labels[0].text().startswith("1  ☐")
    qtbot.keyClick(presenting, Qt.Key.Key_1)
    assert db_row(store, "actions", action.id)["done"] == 1
    assert log_rows(store, action.id)[-1]["author_name"] == "Alex Morgan"
    qtbot.keyClick(presenting, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_row(store, "actions", action.id)["done"] == 0


def test_health_flags_show_on_the_slide(qtbot, window, presenting):
    state = window.session.state
    last = state.milestone_order()[-1]
    target = state.plan.target_date
    window.session.apply(
        edits.set_field(state, "milestone", last.id, "due", target + dt.timedelta(days=14))
    )
    presenting.show_milestone(last.id)
    assert presenting.health.isVisible()
    assert "after the target date" in presenting.health.text()


def test_plan_slides_show_criteria_timeline_and_open_questions(qtbot, window, presenting):
    milestone_id = presenting.current_id
    state = window.session.state
    criteria = "Month-end close in three days for two quarters running"
    window.session.apply(edits.set_field(state, "plan", state.id, "success_criteria", criteria))
    qtbot.keyClick(presenting, Qt.Key.Key_G)
    assert presenting.slides.isVisible() and not presenting.detail.isVisible()
    assert f"•  {criteria}" in presenting.slides.text["criteria"].text()
    qtbot.keyClick(presenting, Qt.Key.Key_L)
    assert presenting.slides.kind == "timeline"
    presenting.slides.timeline.grab()  # paints without error
    qtbot.keyClick(presenting, Qt.Key.Key_Q)
    questions = presenting.slides.text["questions"].text()
    assert "Who owns it?" in questions or "Nothing open" in questions
    qtbot.keyClick(presenting, Qt.Key.Key_Right)  # back to the milestone it was on
    assert presenting.detail.isVisible() and presenting.current_id == milestone_id


def test_open_questions_name_the_unowned_milestone(qtbot, window, presenting):
    state = window.session.state
    milestone = state.milestone_order()[2]
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "owner_id", None))
    qtbot.keyClick(presenting, Qt.Key.Key_Q)
    assert f"#3 {milestone.title}" in presenting.slides.text["questions"].text()
