"""The feature table (mutualplan/ui/features.py) and the window built from it."""

from __future__ import annotations

import ast
import inspect
from collections import Counter
from pathlib import Path

import pytest
from gui_helpers import db_row
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

import mutualplan
from mutualplan.domain.model import Author
from mutualplan.store import Store
from mutualplan.ui.common.icons import icon
from mutualplan.ui.common.shortcuts import ShortcutsSheet, keys_of, plain
from mutualplan.ui.features import FEATURES, MENUS, REDO_KEYS, UNDO_KEYS, Feature, Key
from mutualplan.ui.main_window import MainWindow
from mutualplan.ui.workshop.quick_add import QuickAddBar

ENTRIES = pytest.mark.parametrize("entry", FEATURES, ids=[f.key for f in FEATURES])


def _bindings(key: Key) -> list[str]:
    """Every key a shortcut stands for on this platform (a standard key may be several)."""
    if isinstance(key, QKeySequence.StandardKey):
        found = QKeySequence.keyBindings(key)
    else:
        found = [QKeySequence(key)]
    return [k.toString(QKeySequence.SequenceFormat.PortableText) for k in found if not k.isEmpty()]


def _menu_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        found.append(action)
        if action.menu() is not None:
            found += _menu_actions(action.menu())
    return found


@pytest.fixture
def no_plan_window(qtbot, store: Store, author: Author) -> MainWindow:
    store.set_local_user(author)
    main = MainWindow(store, author)
    qtbot.addWidget(main)
    return main


@ENTRIES
def test_each_entry_runs_a_function_taking_the_app_or_the_open_plan(entry: Feature):
    function = entry.function()
    assert callable(function)
    [first, *rest] = inspect.signature(function).parameters.values()
    assert first.annotation == ("OpenPlan" if entry.needs_plan else "App"), entry.run
    assert all(p.default is not inspect.Parameter.empty for p in rest), entry.run


def test_keys_and_menus_are_declared_once():
    assert len({f.key for f in FEATURES}) == len(FEATURES)
    assert {f.menu for f in FEATURES} <= set(MENUS)


def test_no_two_shortcuts_share_a_key(qapp):
    # The feature table's keys, Undo and Redo's, and the menus' own Alt+letter.
    keys = [b for f in FEATURES for k in f.shortcuts for b in _bindings(k)]
    keys += [b for k in UNDO_KEYS + REDO_KEYS for b in _bindings(k)]
    keys += [f"Alt+{title[title.index('&') + 1].upper()}" for title in MENUS]
    keys.append("Ctrl+Return")  # saves the objective or success criteria in the header
    assert [key for key, count in Counter(keys).items() if count > 1] == []


@ENTRIES
def test_each_entry_is_in_its_menu_and_on_the_shortcuts_sheet(window: MainWindow, entry: Feature):
    action = window.action(entry.key)
    [menu] = [a.menu() for a in window.menuBar().actions() if a.text() == entry.menu]
    assert action in _menu_actions(menu)
    assert action.text() == entry.text and action.isCheckable() == entry.checkable
    window.run("shortcuts")
    sheet = window.findChild(ShortcutsSheet)
    listed = {(group, name): keys for group, name, keys in sheet.entries()}
    if entry.shortcuts:
        assert listed[(plain(entry.menu), plain(entry.text))] == keys_of(action)
    else:  # the sheet lists keys: an entry without one is in its menu only
        assert (plain(entry.menu), plain(entry.text)) not in listed


@ENTRIES
def test_open_plan_entries_are_disabled_without_a_plan(
    window: MainWindow, no_plan_window: MainWindow, entry: Feature
):
    assert no_plan_window.action(entry.key).isEnabled() == (not entry.needs_plan)
    assert window.action(entry.key).isEnabled()


def test_an_open_plan_entry_does_nothing_without_a_plan(no_plan_window: MainWindow):
    assert no_plan_window.opened() is None
    assert no_plan_window.run("add_milestone") is None


def test_only_the_app_entry_imports_the_main_window():
    package = Path(mutualplan.__file__).parent
    importers = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("main_window"):
                importers.append(path.relative_to(package).as_posix())
    assert importers == ["ui/app.py"]


def test_a_menu_only_entry_works_by_its_keys_before_its_menu_ever_opens_and_then_shows_its_icon(
    qtbot, window: MainWindow, store: Store
):
    """Icons of entries shown only in a menu are read when the menu first opens; their
    keys work before that. Ctrl+L (Edit ▸ Quick add) with the Edit menu never opened:
    the typed line reaches the database, and the menu shows the icon when it opens."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    quick_add = window.action("quick_add")
    assert quick_add.icon().isNull()  # not read yet: nothing shows it
    assert not window.action("new_plan").icon().isNull()  # on the toolbar: read at start
    tree = window.plan_view.tree
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    bar = window.plan_view.findChild(QuickAddBar)
    assert bar is not None and bar.isVisible()
    qtbot.waitUntil(lambda: bar.line.hasFocus())
    qtbot.keyClicks(bar.line, "Kick-off lunch")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    [added] = [m for m in window.session.state.milestones.values() if m.title == "Kick-off lunch"]
    assert db_row(store, "milestones", added.id)["title"] == "Kick-off lunch"
    assert quick_add.icon().isNull()

    [edit] = [a.menu() for a in window.menuBar().actions() if a.text() == "&Edit"]
    edit.aboutToShow.emit()  # what opening it sends (a popup warns on this test platform)
    assert quick_add.icon().cacheKey() == icon("quick-add").cacheKey()
    assert window.action("find").icon().cacheKey() == icon("find").cacheKey()
    assert window.action("present").icon().isNull()  # in View, not opened yet
    edit.aboutToShow.emit()  # opened again: nothing more to do
    assert quick_add.icon().cacheKey() == icon("quick-add").cacheKey()
