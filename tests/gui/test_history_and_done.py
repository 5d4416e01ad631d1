"""History that reads as sentences, and a milestone marked done with open actions."""

from __future__ import annotations

import datetime as dt

from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from mutualplan.domain import edits
from mutualplan.ui.editor.done_actions import open_actions_offer
from mutualplan.ui.editor.milestone_model import column_of


def test_history_sentences_read_naturally(qtbot, window):
    state = window.session.state
    review = state.milestone_order()[4]
    window.session.apply(edits.set_field(state, "milestone", review.id, "due", dt.date(2026, 8, 5)))
    history = window.plan_view.history
    history.model.ensure_loaded()
    what = history.model.index(0, 3).data()
    assert what == (f"Changed the due date of “{review.title}” from 29 Jul 2026 to 05 Aug 2026")
    assert "Change milestone" not in what


def test_marking_done_with_open_actions_offers_to_tick_them(qtbot, window, store):
    state = window.session.state
    milestone = next(m for m in state.milestone_order() if state.actions_of(m.id))
    row = state.milestone_order().index(milestone)
    open_ids = [a.id for a in state.actions_of(milestone.id) if not a.done]
    assert open_ids
    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(row, column_of("status"))
    tree.setCurrentIndex(index)
    tree.setFocus()
    tree.edit(index)
    combo = editor()
    combo.setCurrentIndex(combo.findData("done"))
    press_enter(qtbot, combo)
    assert db_row(store, "milestones", milestone.id)["status"] == "done"
    offer = open_actions_offer(window)
    assert offer.notice.isVisible()
    assert "still open" in offer.text.text()
    offer.tick_button.setFocus()
    qtbot.keyClick(offer.tick_button, Qt.Key.Key_Space)
    assert all(db_row(store, "actions", a)["done"] == 1 for a in open_ids)
    assert not offer.notice.isVisible()
    assert QApplication.focusWidget() is tree
    window.action("undo").trigger()  # the ticks come back off in one undo
    assert all(db_row(store, "actions", a)["done"] == 0 for a in open_ids)
    assert db_row(store, "milestones", milestone.id)["status"] == "done"


def test_leaving_the_actions_open_changes_nothing(qtbot, window, store):
    state = window.session.state
    milestone = next(m for m in state.milestone_order() if state.actions_of(m.id))
    open_ids = [a.id for a in state.actions_of(milestone.id) if not a.done]
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "status", "done"))
    offer = open_actions_offer(window)
    assert offer.notice.isVisible()
    offer.leave_button.click()
    assert not offer.notice.isVisible()
    assert all(db_row(store, "actions", a)["done"] == 0 for a in open_ids)
