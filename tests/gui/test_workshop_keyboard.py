"""The workshop at the keyboard: quick add, find and filter, the shortcuts sheet, saved
templates, the theme, accessible names, and a larger font."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter

import pytest
from gui_helpers import db_row
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QToolBar,
    QToolButton,
    QWidget,
)

from mutualplan.domain import edits
from mutualplan.ui.common.dialogs import NewPlanDialog
from mutualplan.ui.common.shortcuts import ShortcutsSheet, keys_of
from mutualplan.ui.common.theme import apply_theme, current_theme
from mutualplan.ui.editor.milestone_model import TITLE_COLUMN
from mutualplan.ui.editor.templates import (
    SaveTemplateDialog,
    TemplateFolder,
    available_templates,
    save_as_template,
)
from mutualplan.ui.workshop.find import FindBar
from mutualplan.ui.workshop.quick_add import QuickAddBar

TODAY = dt.date(2026, 3, 10)


def rows(store, sql: str, *args) -> list[sqlite3.Row]:
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


@pytest.fixture
def bar(qtbot, window) -> QuickAddBar:
    window.session.today = TODAY
    window.action("quick_add").trigger()
    found = window.plan_view.findChild(QuickAddBar)
    assert found is not None and found.isVisible()
    qtbot.waitUntil(lambda: found.line.hasFocus())
    return found


# -- quick add ------------------------------------------------------------------------


def test_a_typed_line_becomes_a_milestone_after_the_current_one_and_one_undo_removes_it(
    qtbot, window, store, bar
):
    first = window.session.state.milestone_order()[0]
    qtbot.keyClicks(bar.line, "Privacy review - buyer - alex - 12 Mar")
    assert bar.preview.text() == (
        "→ Privacy review · Buyer · Alex Morgan · due 12 Mar 2026 · after #1"
    )
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)

    [row] = rows(store, "SELECT * FROM milestones WHERE title = 'Privacy review'")
    alex = next(p for p in window.session.state.people.values() if p.name == "Alex Morgan")
    assert (row["side"], row["owner_id"], row["due"], row["start"]) == (
        "buyer",
        alex.id,
        "2026-03-12",
        None,
    )
    order = window.session.state.milestone_order()
    assert [m.id for m in order[:2]] == [first.id, row["id"]]
    # The bar stays open, empty, for the next line; the new row is the current one.
    assert bar.isVisible() and bar.line.text() == "" and bar.line.hasFocus()
    assert window.plan_view.tree.currentIndex().row() == 1

    window.action("undo").trigger()
    assert rows(store, "SELECT * FROM milestones WHERE id = ?", row["id"]) == []


def test_successive_lines_go_in_the_order_typed(qtbot, window, bar):
    for line in ("Agenda agreed - joint", "Workshop held - joint"):
        qtbot.keyClicks(bar.line, line)
        qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    titles = [m.title for m in window.session.state.milestone_order()]
    assert titles[1:3] == ["Agenda agreed", "Workshop held"]


def test_a_new_owner_is_added_with_the_milestone_as_one_edit(qtbot, window, store, bar):
    people_before = len(window.session.state.people)
    qtbot.keyClicks(bar.line, "Reference call - Maria Lopez - tomorrow")
    assert "Maria Lopez (new person, buyer)" in bar.preview.text()
    assert "due 11 Mar 2026" in bar.preview.text()
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)

    [person] = rows(store, "SELECT * FROM people WHERE name = 'Maria Lopez'")
    assert person["side"] == "buyer"  # the other side from Alex, the local user
    [milestone] = rows(store, "SELECT * FROM milestones WHERE title = 'Reference call'")
    assert (milestone["owner_id"], milestone["due"]) == (person["id"], "2026-03-11")
    assert window.author_box.findText("Maria Lopez (Buyer)") >= 0  # can now edit as Maria

    window.action("undo").trigger()  # one undo takes back both
    assert rows(store, "SELECT * FROM people WHERE name = 'Maria Lopez'") == []
    assert rows(store, "SELECT * FROM milestones WHERE title = 'Reference call'") == []
    assert len(window.session.state.people) == people_before


def test_names_in_any_script_and_a_date_range(qtbot, window, store, bar):
    bar.line.setText("Перевірка безпеки — Олена — 1–12 Mar")  # keyClicks is ASCII-only here
    assert bar.preview.text().startswith("→ Перевірка безпеки · Buyer · Олена Коваль")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    [row] = rows(store, "SELECT * FROM milestones WHERE title = 'Перевірка безпеки'")
    assert (row["start"], row["due"], row["side"]) == ("2026-03-01", "2026-03-12", "buyer")


def test_a_line_that_makes_no_sense_says_why_and_adds_nothing(qtbot, window, store, bar):
    count = len(window.session.state.milestones)
    qtbot.keyClicks(bar.line, "Legal review - 31 Feb")
    assert "There is no 31 February" in bar.preview.text()
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert len(window.session.state.milestones) == count
    assert bar.line.text() == "Legal review - 31 Feb"  # kept, to be corrected


def test_escape_closes_the_bar_and_returns_to_the_table(qtbot, window, bar):
    qtbot.keyClick(bar.line, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert window.plan_view.tree.hasFocus()
    window.action("quick_add").trigger()  # Ctrl+L brings the same bar back
    assert bar.isVisible() and bar.line.hasFocus()
    assert window.plan_view.findChildren(QuickAddBar) == [bar]


# -- find and filter -------------------------------------------------------------------


def visible_titles(window) -> list[str]:
    tree, model = window.plan_view.tree, window.plan_view.milestones
    return [
        model.index(row, TITLE_COLUMN).data()
        for row in range(model.rowCount())
        if not tree.isRowHidden(row, QModelIndex())
    ]


@pytest.fixture
def find_bar(qtbot, window) -> FindBar:
    window.action("find").trigger()
    found = window.plan_view.findChild(FindBar)
    assert found is not None and found.isVisible()
    qtbot.waitUntil(lambda: found.text.hasFocus())
    return found


def test_find_hides_rows_that_do_not_match_and_says_how_many_show(qtbot, window, find_bar):
    assert find_bar.count.text() == "10 milestones"
    qtbot.keyClicks(find_bar.text, "questionnaire")  # only in an action and exit criteria
    assert visible_titles(window) == ["Security review"]
    assert find_bar.count.text() == "1 of 10 milestones"

    find_bar.text.clear()
    find_bar.side.setCurrentIndex(find_bar.side.findData("buyer"))
    assert visible_titles(window) == [
        "Success criteria agreed",
        "Business case approved",
        "Security review",
        "Procurement",
    ]
    find_bar.status.setCurrentIndex(find_bar.status.findData("at_risk"))
    assert visible_titles(window) == [] and find_bar.count.text() == "0 of 10 milestones"


def test_find_by_owner_including_the_actions_they_own(qtbot, window, find_bar):
    state = window.session.state
    olena = next(p for p in state.people.values() if p.name == "Олена Коваль")
    legal = next(m for m in state.milestone_order() if m.title == "Legal review")
    assert window.session.apply(edits.set_field(state, "milestone", legal.id, "owner_id", olena.id))
    poc = next(m for m in state.milestone_order() if m.title.startswith("Technical validation"))
    action = state.actions_of(poc.id)[0]
    assert window.session.apply(edits.set_field(state, "action", action.id, "owner_id", olena.id))

    find_bar.owner.setCurrentIndex(find_bar.owner.findData(olena.id))
    assert visible_titles(window) == [poc.title, "Legal review"]
    find_bar.owner.setCurrentIndex(find_bar.owner.findData(""))  # nobody owns them yet
    assert "Legal review" not in visible_titles(window)
    assert len(visible_titles(window)) == 9


def test_the_filter_applies_again_after_an_edit_and_text_ignores_accents(qtbot, window, find_bar):
    find_bar.text.setText("securite")
    assert visible_titles(window) == []
    kickoff = next(m for m in window.session.state.milestone_order() if m.title == "Kickoff")
    changes = edits.set_field(
        window.session.state, "milestone", kickoff.id, "title", "Kickoff — sécurité"
    )
    assert window.session.apply(changes)
    assert visible_titles(window) == ["Kickoff — sécurité"]
    window.action("undo").trigger()
    assert visible_titles(window) == []


def test_a_milestone_added_while_filtering_stays_in_view_until_the_filter_changes(
    qtbot, window, find_bar
):
    qtbot.keyClicks(find_bar.text, "legal")
    qtbot.keyClick(find_bar.text, Qt.Key.Key_Return)  # to the table, on "Legal review"
    tree = window.plan_view.tree
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # Enter adds the next milestone
    assert visible_titles(window) == ["Legal review", "New milestone"]
    assert find_bar.count.text() == "2 of 11 milestones"
    find_bar.text.setText("legal r")
    assert visible_titles(window) == ["Legal review"]


def test_enter_goes_to_the_first_match_and_escape_clears_and_closes(qtbot, window, find_bar):
    qtbot.keyClicks(find_bar.text, "legal")
    qtbot.keyClick(find_bar.text, Qt.Key.Key_Return)
    tree = window.plan_view.tree
    assert tree.hasFocus() and tree.currentIndex().data() == "Legal review"

    find_bar.text.setFocus()
    qtbot.keyClick(find_bar.text, Qt.Key.Key_Escape)
    assert not find_bar.isVisible()
    assert find_bar.text.text() == "" and len(visible_titles(window)) == 10
    assert tree.hasFocus()


# -- the shortcuts sheet ---------------------------------------------------------------


def shortcut_actions(window) -> list[QAction]:
    return [a for a in window.findChildren(QAction) if a.shortcuts()]


def test_the_sheet_lists_every_action_that_has_a_shortcut(qtbot, window):
    assert QKeySequence("F1") in window.action("shortcuts").shortcuts()
    window.action("shortcuts").trigger()
    sheet = window.findChild(ShortcutsSheet)
    assert sheet is not None and sheet.isVisible()
    listed = {(name, keys) for _group, name, keys in sheet.entries()}
    listed_keys = {keys for _name, keys in listed}
    for action in shortcut_actions(window):
        assert keys_of(action) in listed_keys, action.text()
    groups = {group for group, _name, _keys in sheet.entries()}
    assert {"File", "Edit", "View", "Help", "In the milestone table", "In a date cell"} <= groups
    assert ("Undo", "Ctrl+Z") in listed
    assert ("Quick add…", "Ctrl+L") in listed
    assert ("Today", "T") in listed

    sheet.filter.setText("milestone")
    shown = [
        sheet.tree.topLevelItem(g).child(c).text(0)
        for g in range(sheet.tree.topLevelItemCount())
        for c in range(sheet.tree.topLevelItem(g).childCount())
        if not sheet.tree.topLevelItem(g).child(c).isHidden()
    ]
    assert "Add milestone" in shown and "Export PDF…" not in shown


def test_no_two_actions_share_a_shortcut(window):
    keys = Counter(
        key.toString(QKeySequence.SequenceFormat.PortableText)
        for action in shortcut_actions(window)
        for key in action.shortcuts()
    )
    assert [key for key, count in keys.items() if count > 1] == []


def test_common_actions_have_shortcuts(window):
    for action in (
        window.action("new_plan"),
        window.action("open_plan"),
        window.action("export"),
        window.action("undo"),
        window.action("redo"),
        window.action("add_milestone"),
        window.action("add_action"),
        window.action("delete"),
        window.action("find"),
        window.action("quick_add"),
        window.action("shortcuts"),
    ):
        assert action.shortcuts(), action.text()


# -- templates ---------------------------------------------------------------------------


def test_a_plan_saved_as_a_template_is_offered_for_the_next_plan(qtbot, window, tmp_path):
    window.state(TemplateFolder).folder = tmp_path / "my-templates"

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SaveTemplateDialog)
        dialog.name.setText("Contoso's way of buying")
        dialog.description.setPlainText("Security before legal, then procurement.")
        dialog.accept()

    QTimer.singleShot(0, fill_in)
    path = save_as_template(window.opened())
    assert path == tmp_path / "my-templates" / "contoso-s-way-of-buying.json"
    data = json.loads(path.read_text("utf-8"))
    assert data["description"] == "Security before legal, then procurement."
    assert [m["title"] for m in data["milestones"]][:2] == [
        "Discovery workshop",
        "Success criteria agreed",
    ]

    names = [t.name for t in available_templates(window)]
    assert names[-1] == "Contoso's way of buying"
    assert {"Enterprise software purchase", "Renewal and expansion"} <= set(names)
    dialog = NewPlanDialog(available_templates(window), window.me, window)
    qtbot.addWidget(dialog)
    assert dialog.template.findText("Contoso's way of buying") >= 0
    assert dialog.template.currentText() == "Enterprise software purchase"


def test_a_template_cannot_take_a_bundled_template_s_name(qtbot):
    dialog = SaveTemplateDialog("Plan", {"renewal and expansion"})
    qtbot.addWidget(dialog)
    save = dialog.buttons.buttons()[0]
    dialog.name.setText("Renewal and Expansion")
    assert not save.isEnabled() and "bundled" in dialog.problem.text()
    dialog.name.setText("Renewal, our way")
    assert save.isEnabled()


# -- the theme -------------------------------------------------------------------------


@pytest.fixture
def restore_theme():
    app = QApplication.instance()
    yield app
    apply_theme(app, "system")


def test_the_theme_switches_the_palette_and_is_remembered(qtbot, window, store, restore_theme):
    app = restore_theme
    tree, health = window.plan_view.tree, window.plan_view.header.health
    window.theme_actions["dark"].trigger()
    assert current_theme(app) == "dark"
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
    qtbot.waitUntil(lambda: tree.palette().color(QPalette.ColorRole.Base).lightness() < 80)
    assert store.setting("theme") == "dark"
    qtbot.waitUntil(lambda: "#ff8a80" in health.text())  # the red made for dark

    window.theme_actions["light"].trigger()
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    qtbot.waitUntil(lambda: tree.palette().color(QPalette.ColorRole.Base).lightness() > 200)
    qtbot.waitUntil(lambda: "#b3261e" in health.text())
    assert store.setting("theme") == "light"
    assert window.theme_actions["light"].isChecked()
    assert not window.theme_actions["dark"].isChecked()


def test_the_health_line_counts_what_needs_attention(qtbot, window):
    header = window.plan_view.header
    window.session.today = dt.date(2026, 1, 5)  # before anything is due
    window.session._health = None
    header.refresh_health()
    words = header.health.accessibleDescription()
    assert words.startswith("0/10 done · 0 overdue · 10 unowned · 0 undated · 0 at risk")
    state = window.session.state
    for number in range(25):  # 35 steps: too many to follow
        assert window.session.apply(edits.add_milestone(state, {"title": f"Step {number}"}))
    assert "35 steps: too long to follow (aim for 6–20)" in header.health.text()
    assert "25 undated" in header.health.accessibleDescription()


# -- accessible names ------------------------------------------------------------------

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QDateEdit)


def _inner_part(widget: QWidget) -> bool:
    """Parts Qt builds inside a composite control, named through that control: a spin
    box's or combo box's line edit, a view's header, a combo's popup list, a tab bar's
    or toolbar's scroll and extension buttons."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar):
            return True
        parent = parent.parentWidget()
    if isinstance(widget, QHeaderView):
        return True
    return isinstance(widget, QToolButton) and widget.objectName() == "qt_toolbar_ext_button"


def accessible_name(widget: QWidget) -> str:
    from PySide6.QtGui import QAccessible

    interface = QAccessible.queryAccessibleInterface(widget)
    spoken = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return spoken or widget.accessibleName()


def test_every_control_has_an_accessible_name(qtbot, window):
    window.action("find").trigger()
    window.action("quick_add").trigger()
    nameless = [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in window.findChildren(QWidget)
        if isinstance(w, INTERACTIVE)
        and not w.isHidden()
        and not _inner_part(w)
        and not accessible_name(w).strip()
    ]
    assert nameless == []


# -- a larger font ----------------------------------------------------------------------


@pytest.fixture
def large_font(qapp):
    original = QFont(qapp.font())
    bigger = QFont(original)
    bigger.setPointSizeF(original.pointSizeF() * 1.75)
    qapp.setFont(bigger)
    yield bigger
    qapp.setFont(original)


def test_with_a_large_font_the_header_and_toolbar_text_fits(qtbot, large_font, window):
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: window.width() >= 1400)
    QApplication.processEvents()
    header = window.plan_view.header
    for label in header.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        needed = (
            label.heightForWidth(label.width())
            if label.wordWrap()
            else label.minimumSizeHint().height()
        )
        assert label.height() >= needed, label.text()
        if not label.wordWrap():
            assert label.width() >= label.minimumSizeHint().width(), label.text()
    for edit in (header.title, header.buyer, header.seller, header.status, header.target):
        assert edit.height() >= edit.minimumSizeHint().height(), edit.accessibleName()
    toolbar = window.findChild(QToolBar, "main_toolbar")
    buttons = [b for b in toolbar.findChildren(QToolButton) if b.isVisible() and b.text()]
    assert buttons
    for button in buttons:
        hint = button.sizeHint()
        assert button.width() >= hint.width() and button.height() >= hint.height(), button.text()
    assert db_row is not None
