"""Dates typed into the milestone table: read as quick add reads them, shown before
saving, refused with a message when unreadable; and bars and focus that keep still."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from mutualplan.domain import edits
from mutualplan.ui.editor.delegates import DateLineEdit
from mutualplan.ui.editor.milestone_model import TITLE_COLUMN, column_of
from mutualplan.ui.exchange.export import export_pdf
from mutualplan.ui.main_window import BANNER_STYLE
from mutualplan.ui.workshop.scheduling import dependents_offer

GO_LIVE = 9  # the template's last milestone: nothing depends on it


@pytest.fixture(autouse=True)
def _british_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def _open_cell(window, row: int, field: str) -> DateLineEdit:
    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(row, column_of(field))
    tree.setCurrentIndex(index)
    tree.setFocus()
    tree.edit(index)
    line = editor()
    assert isinstance(line, DateLineEdit)
    return line


def _milestone_id(window, row: int) -> str:
    return window.session.state.milestone_order()[row].id


def test_a_date_typed_into_an_empty_cell_is_saved(qtbot, window, store):
    milestone_id = _milestone_id(window, GO_LIVE)
    state = window.session.state
    window.session.apply(edits.set_field(state, "milestone", milestone_id, "start", None))
    window.session.apply(edits.set_field(state, "milestone", milestone_id, "due", None))
    line = _open_cell(window, GO_LIVE, "due")
    assert line.text() == ""
    qtbot.keyClicks(line, "15 Apr 2027")
    assert line.hint.text() == "→ Thu 15 Apr 2027"  # what was understood, before saving
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == "2027-04-15"


def test_select_all_then_a_new_date_replaces_the_old_one_exactly(qtbot, window, store):
    milestone_id = _milestone_id(window, GO_LIVE)
    line = _open_cell(window, GO_LIVE, "due")
    assert line.text() == "30 Sep 2026"
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "30 Apr 2027")
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == "2027-04-30"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2027-03-12", dt.date(2027, 3, 12)),
        ("12/03/2027", dt.date(2027, 3, 12)),  # day first, as the British locale writes it
        ("12 Mar 2027", dt.date(2027, 3, 12)),
        ("March 12, 2027", dt.date(2027, 3, 12)),
        ("T", dt.date.today()),
        ("+3d", dt.date.today() + dt.timedelta(days=3)),
        ("+2w", dt.date.today() + dt.timedelta(weeks=2)),
    ],
)
def test_each_form_quick_add_reads_is_read_in_a_cell(qtbot, window, store, typed, expected):
    milestone_id = _milestone_id(window, GO_LIVE)
    state = window.session.state
    window.session.apply(edits.set_field(state, "milestone", milestone_id, "start", None))
    line = _open_cell(window, GO_LIVE, "due")
    line.selectAll()
    qtbot.keyClicks(line, typed)
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == expected.isoformat()


def test_next_friday_and_a_day_without_a_year_are_placed_ahead_of_today(qtbot, window, store):
    milestone_id = _milestone_id(window, GO_LIVE)
    state = window.session.state
    window.session.apply(edits.set_field(state, "milestone", milestone_id, "start", None))
    today = dt.date.today()
    line = _open_cell(window, GO_LIVE, "due")
    line.selectAll()
    qtbot.keyClicks(line, "next Friday")
    press_enter(qtbot, line)
    saved = dt.date.fromisoformat(db_row(store, "milestones", milestone_id)["due"])
    assert saved.weekday() == 4 and 0 < (saved - today).days <= 7


def test_the_month_comes_first_where_the_locale_writes_it_first(qtbot, window, store):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    milestone_id = _milestone_id(window, GO_LIVE)
    line = _open_cell(window, GO_LIVE, "due")
    line.selectAll()
    qtbot.keyClicks(line, "10/14/2026")
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == "2026-10-14"


def test_an_unreadable_date_is_refused_with_a_message_and_nothing_saved(qtbot, window, store):
    milestone_id = _milestone_id(window, GO_LIVE)
    before = dict(db_row(store, "milestones", milestone_id))
    line = _open_cell(window, GO_LIVE, "due")
    line.selectAll()
    qtbot.keyClicks(line, "soonish")
    assert line.hint.text() == "not a date"
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dict(db_row(store, "milestones", milestone_id)) == before
    assert window.banner.isVisible()
    assert "“soonish” is not a date" in window.banner.text()
    # The editor stays open with what was typed, to be corrected.
    assert editor() is line and line.text() == "soonish"
    line.selectAll()
    qtbot.keyClicks(line, "14 Oct 2026")
    assert not window.banner.isVisible()  # valid again: the refusal goes
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == "2026-10-14"


def test_an_impossible_day_is_refused(qtbot, window, store):
    milestone_id = _milestone_id(window, GO_LIVE)
    before = dict(db_row(store, "milestones", milestone_id))
    line = _open_cell(window, GO_LIVE, "due")
    line.selectAll()
    qtbot.keyClicks(line, "31 Feb 2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dict(db_row(store, "milestones", milestone_id)) == before
    assert "There is no 31 February 2027" in window.banner.text()


def test_a_message_bar_does_not_move_the_table(qtbot, window):
    tree = window.plan_view.tree
    where = tree.mapTo(window, tree.rect().topLeft())
    height = tree.height()
    # Hidden bars carry no style sheet yet: Qt's style-sheet machinery waits for the first.
    assert [w.objectName() for w in window.findChildren(QWidget) if w.styleSheet()] == []
    window.show_refusal("Due date: “soonish” is not a date.")
    QApplication.processEvents()
    assert window.banner.isVisible()
    assert window.banner.styleSheet() == BANNER_STYLE
    assert tree.mapTo(window, tree.rect().topLeft()) == where
    assert tree.height() == height


def test_after_move_them_focus_returns_to_the_table_and_the_title_survives(
    qtbot, window, store
):
    offer = dependents_offer(window)
    security_review = 4
    line = _open_cell(window, security_review, "due")
    line.selectAll()
    qtbot.keyClicks(line, "26 Aug 2026")
    press_enter(qtbot, line)
    assert offer.notice.isVisible()
    assert offer.notice.styleSheet() == offer.notice.style_sheet
    tree = window.plan_view.tree
    where = tree.mapTo(window, tree.rect().topLeft())
    assert tree.mapTo(window, tree.rect().topLeft()) == where
    offer.move_button.setFocus()
    qtbot.keyClick(offer.move_button, Qt.Key.Key_Space)
    assert not offer.notice.isVisible()
    focus = QApplication.focusWidget()
    assert focus is tree, f"focus went to {focus!r}"
    assert tree.currentIndex().row() == security_review
    plan_id = window.session.state.plan.id
    title = db_row(store, "plans", plan_id)["title"]
    qtbot.keyClick(focus, Qt.Key.Key_Delete)  # deletes a milestone, never the title's text
    assert db_row(store, "plans", plan_id)["title"] == title


def test_leave_them_also_hands_the_keyboard_back(qtbot, window):
    offer = dependents_offer(window)
    line = _open_cell(window, 4, "due")
    line.selectAll()
    qtbot.keyClicks(line, "26 Aug 2026")
    press_enter(qtbot, line)
    offer.dismiss_button.setFocus()
    qtbot.keyClick(offer.dismiss_button, Qt.Key.Key_Space)
    assert QApplication.focusWidget() is window.plan_view.tree
    title_edit = [w for w in window.findChildren(QLineEdit) if w.hasSelectedText()]
    assert not title_edit


def test_the_table_keeps_its_title_column_editable_as_text(window):
    assert window.plan_view.milestones.index(0, TITLE_COLUMN).flags() & Qt.ItemFlag.ItemIsEditable


def test_the_headers_target_date_is_typed_like_any_date(qtbot, window, store):
    header = window.plan_view.header
    plan_id = window.session.plan_id
    before = db_row(store, "plans", plan_id)["target_date"]
    header.target.setFocus()
    header.target.selectAll()
    qtbot.keyClicks(header.target, "soonish")
    qtbot.keyClick(header.target, Qt.Key.Key_Return)
    assert db_row(store, "plans", plan_id)["target_date"] == before
    assert "Target date: “soonish” is not a date" in window.banner.text()
    header.target.selectAll()
    qtbot.keyClicks(header.target, "15 Apr 2027")
    assert not window.banner.isVisible()
    qtbot.keyClick(header.target, Qt.Key.Key_Return)
    assert db_row(store, "plans", plan_id)["target_date"] == "2027-04-15"


def test_after_exporting_the_keyboard_is_back_in_the_table(qtbot, window, store, tmp_path):
    header = window.plan_view.header
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    header.objective.setFocus()
    qtbot.waitUntil(header.objective.hasFocus)  # the user is writing the objective
    qtbot.keyClicks(header.objective, " By spring.")
    exporter = export_pdf(window.opened(), tmp_path / "plan.pdf")
    qtbot.waitUntil(lambda: exporter.preview is not None, timeout=30_000)
    exporter.preview.close()
    plan = db_row(store, "plans", window.session.plan_id)
    assert "By spring." in plan["objective"]  # the open edit was saved first
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    focus = QApplication.focusWidget()
    assert focus is window.plan_view.tree, f"focus went to {focus!r}"
    assert window.plan_view.tree.hasFocus()
    assert not [w for w in window.findChildren(QLineEdit) if w.hasSelectedText()]
    title = plan["title"]
    qtbot.keyClick(focus, Qt.Key.Key_Delete)  # a milestone's key, never the title's text
    assert db_row(store, "plans", window.session.plan_id)["title"] == title
