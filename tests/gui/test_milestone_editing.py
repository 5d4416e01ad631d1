"""Editing milestones through the real table view: what reaches the file, and undo."""

from __future__ import annotations

import datetime as dt

from gui_helpers import db_row, editor, log_rows, press_enter
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from mutualplan.domain import edits
from mutualplan.domain.health import DEPENDENCY_LATE
from mutualplan.ui.editor.delegates import DateLineEdit
from mutualplan.ui.editor.milestone_model import HEALTH_COLUMN, TITLE_COLUMN, column_of
from mutualplan.ui.exchange.export import after_export


def _start_editing(window, row: int, column: int):
    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(row, column)
    tree.setCurrentIndex(index)
    tree.edit(index)
    return index, editor()


def _milestone_id(window, row: int) -> str:
    return window.session.state.milestone_order()[row].id


def test_typing_a_title_saves_it_with_its_author_then_undo_restores_it(qtbot, window, store):
    milestone_id = _milestone_id(window, 0)
    original = window.session.state.milestones[milestone_id].title
    _, line = _start_editing(window, 0, TITLE_COLUMN)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, "Discovery with the Hamburg dispatchers")
    press_enter(qtbot, line)

    assert (
        db_row(store, "milestones", milestone_id)["title"]
        == "Discovery with the Hamburg dispatchers"
    )
    [*_, last] = log_rows(store, milestone_id)
    assert (last["op"], last["field"], last["author_name"], last["author_side"]) == (
        "set",
        "title",
        "Alex Morgan",
        "seller",
    )
    assert last["old"] == f'"{original}"'

    window.action("undo").trigger()
    assert db_row(store, "milestones", milestone_id)["title"] == original
    # Undo is itself a recorded change, never an erasure of the log.
    assert [r["new"] for r in log_rows(store, milestone_id)[-2:]] == [
        '"Discovery with the Hamburg dispatchers"',
        f'"{original}"',
    ]
    window.action("redo").trigger()
    assert (
        db_row(store, "milestones", milestone_id)["title"]
        == "Discovery with the Hamburg dispatchers"
    )


def test_date_picker_sets_the_due_date(qtbot, window, store):
    milestone_id = _milestone_id(window, 9)  # go-live: nothing depends on it
    _, picker = _start_editing(window, 9, column_of("due"))
    assert isinstance(picker, DateLineEdit)
    picker.setText("15 Oct 2026")
    press_enter(qtbot, picker)
    assert db_row(store, "milestones", milestone_id)["due"] == "2026-10-15"


def test_due_date_before_start_is_refused_with_a_message_and_nothing_saved(qtbot, window, store):
    milestone_id = _milestone_id(window, 2)
    before = dict(db_row(store, "milestones", milestone_id))
    start = dt.date.fromisoformat(before["start"])
    _, picker = _start_editing(window, 2, column_of("due"))
    earlier = start - dt.timedelta(days=3)
    picker.setText(earlier.isoformat())
    press_enter(qtbot, picker)

    assert dict(db_row(store, "milestones", milestone_id)) == before
    assert window.banner.isVisible()
    assert "before the start" in window.banner.text()


def test_owner_chooser_lists_the_plans_people_and_saves_the_choice(qtbot, window, store):
    milestone_id = _milestone_id(window, 1)
    _, combo = _start_editing(window, 1, column_of("owner_id"))
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert "Олена Коваль (Buyer)" in names and "Alex Morgan (Seller)" in names
    combo.setCurrentIndex(names.index("Олена Коваль (Buyer)"))
    press_enter(qtbot, combo)
    owner_id = db_row(store, "milestones", milestone_id)["owner_id"]
    assert db_row(store, "people", owner_id)["name"] == "Олена Коваль"
    assert window.plan_view.milestones.index(1, column_of("owner_id")).data() == "Олена Коваль"


def test_status_chooser_marks_done_and_records_the_day(qtbot, window, store):
    milestone_id = _milestone_id(window, 0)
    _, combo = _start_editing(window, 0, column_of("status"))
    combo.setCurrentIndex(combo.findData("done"))
    press_enter(qtbot, combo)
    row = db_row(store, "milestones", milestone_id)
    assert row["status"] == "done"
    assert row["done_on"] == dt.date.today().isoformat()
    window.action("undo").trigger()  # one edit, one undo: both fields come back
    row = db_row(store, "milestones", milestone_id)
    assert (row["status"], row["done_on"]) == ("not_started", None)


def test_a_dependency_cycle_is_refused_with_a_message_naming_it(qtbot, window, store):
    first = _milestone_id(window, 0)
    before = dict(db_row(store, "milestones", first))
    # Milestone 2 already depends on milestone 1; making 1 depend on 2 closes a loop.
    _, line = _start_editing(window, 0, column_of("depends_on"))
    line.setText("2")
    press_enter(qtbot, line)
    assert dict(db_row(store, "milestones", first)) == before
    assert "cycle" in window.banner.text()
    assert "Discovery workshop" in window.banner.text()


def test_dependencies_are_entered_by_milestone_number(qtbot, window, store):
    last_row = len(window.session.state.milestones) - 1
    milestone_id = _milestone_id(window, last_row)
    _, line = _start_editing(window, last_row, column_of("depends_on"))
    line.setText("#3, 5")
    press_enter(qtbot, line)
    order = window.session.state.milestone_order()
    saved = db_row(store, "milestones", milestone_id)["depends_on"]
    assert sorted(eval(saved)) == sorted([order[2].id, order[4].id])  # noqa: S307 - JSON list
    assert window.plan_view.milestones.index(last_row, column_of("depends_on")).data() == "#3, #5"


def test_enter_adds_the_next_milestone_and_opens_its_title(qtbot, window, store):
    tree = window.plan_view.tree
    count = len(window.session.state.milestones)
    tree.setCurrentIndex(window.plan_view.milestones.index(3, TITLE_COLUMN))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)

    assert len(window.session.state.milestones) == count + 1
    new = window.session.state.milestone_order()[4]
    assert db_row(store, "milestones", new.id)["title"] == "New milestone"
    line = editor()
    assert isinstance(line, QLineEdit)
    line.setText("Reference call with a logistics customer")
    press_enter(qtbot, line)
    assert (
        db_row(store, "milestones", new.id)["title"] == "Reference call with a logistics customer"
    )


def test_tab_moves_across_cells(qtbot, window):
    tree = window.plan_view.tree
    tree.setCurrentIndex(window.plan_view.milestones.index(0, TITLE_COLUMN))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    assert tree.currentIndex().column() == TITLE_COLUMN + 1


def test_delete_removes_a_milestone_with_its_actions_and_undo_brings_all_back(qtbot, window, store):
    state = window.session.state
    milestone = state.milestone_order()[2]  # proof of concept, with actions and dependents
    action_ids = [a.id for a in state.actions_of(milestone.id)]
    dependents = [m.id for m in state.milestones.values() if milestone.id in m.depends_on]
    assert action_ids and dependents
    tree = window.plan_view.tree
    tree.setCurrentIndex(window.plan_view.milestones.index_of(milestone.id))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Delete)

    assert db_row(store, "milestones", milestone.id) is None
    assert all(db_row(store, "actions", a) is None for a in action_ids)
    assert all(milestone.id not in db_row(store, "milestones", d)["depends_on"] for d in dependents)

    window.action("undo").trigger()
    assert db_row(store, "milestones", milestone.id)["title"] == milestone.title
    assert all(db_row(store, "actions", a) is not None for a in action_ids)
    assert all(milestone.id in db_row(store, "milestones", d)["depends_on"] for d in dependents)
    assert window.plan_view.milestones.rowCount() == len(state.milestones)


def test_move_down_reorders_and_is_saved(qtbot, window, store):
    first = _milestone_id(window, 0)
    second = _milestone_id(window, 1)
    tree = window.plan_view.tree
    tree.setCurrentIndex(window.plan_view.milestones.index(0, TITLE_COLUMN))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [m.id for m in window.session.state.milestone_order()[:2]] == [second, first]
    assert db_row(store, "milestones", first)["rank"] > db_row(store, "milestones", second)["rank"]
    assert tree.currentIndex().data(Qt.ItemDataRole.UserRole + 3) == first


def test_actions_under_a_milestone_can_be_added_and_ticked_done(qtbot, window, store):
    tree = window.plan_view.tree
    model = window.plan_view.milestones
    milestone = window.session.state.milestone_order()[1]
    tree.setCurrentIndex(model.index_of(milestone.id))
    window.action("add_action").trigger()
    line = editor()
    line.setText("Draft the success criteria with finance")
    press_enter(qtbot, line)
    [action] = window.session.state.actions_of(milestone.id)
    assert db_row(store, "actions", action.id)["title"] == "Draft the success criteria with finance"

    done_cell = model.index_of(action.id, column_of("status"))
    assert model.setData(done_cell, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert db_row(store, "actions", action.id)["done"] == 1


def test_editing_as_attributes_changes_to_the_person_chosen(qtbot, window, store):
    window.editing_as("Олена Коваль")
    milestone_id = _milestone_id(window, 0)
    _, line = _start_editing(window, 0, TITLE_COLUMN)
    line.setText("Discovery, as the buyer sees it")
    press_enter(qtbot, line)
    last = log_rows(store, milestone_id)[-1]
    person = db_row(store, "people", last["author_id"])
    assert (last["author_name"], last["author_side"], person["name"]) == (
        "Олена Коваль",
        "buyer",
        "Олена Коваль",
    )


def test_a_change_entered_for_someone_records_both_and_says_so_until_export(
    qtbot, window, store, author, tmp_path, monkeypatch
):
    assert not window.proxy_action.isVisible()
    window.editing_as("Олена Коваль")
    assert window.proxy_action.isVisible()
    assert "Entering for Олена Коваль" in window.proxy_note.text()
    milestone_id = _milestone_id(window, 0)
    _, line = _start_editing(window, 0, TITLE_COLUMN)
    line.setText("Discovery, as the buyer proposed it")
    press_enter(qtbot, line)
    last = log_rows(store, milestone_id)[-1]
    assert (last["author_name"], last["entered_by_name"], last["entered_by_side"]) == (
        "Олена Коваль",
        author.name,
        author.side,
    )
    [record] = [
        r
        for r in store.history(window.session.plan_id)
        if r.key == f"{last['replica']}:{last['seq']}"
    ]
    assert record.attribution() == (
        f"proposed by Олена Коваль (buyer), entered by {author.name} ({author.side})"
    )
    # Exporting (like signing) hands the keyboard back to the user's own name.
    after_export(window, tmp_path / "plan.pdf")
    assert window.session.author.name == author.name and not window.proxy_action.isVisible()
    _, line = _start_editing(window, 0, TITLE_COLUMN)
    line.setText("Discovery")
    press_enter(qtbot, line)
    last = log_rows(store, milestone_id)[-1]
    assert (last["author_name"], last["entered_by_name"]) == (author.name, None)


def test_the_phase_column_shows_while_the_plan_has_phases(qtbot, window, store):
    """The template plan has phases: its table shows them and they can be edited; with
    none left the column hides again and Tab no longer stops there."""
    from mutualplan.domain import edits
    from mutualplan.ui.editor.milestone_model import PHASE_COLUMN

    view = window.plan_view
    tree, model = view.tree, view.milestones
    assert not tree.isColumnHidden(PHASE_COLUMN)
    first = window.session.state.milestone_order()[0]
    assert model.index(0, PHASE_COLUMN).data() == first.phase == "Discover"
    assert model.setData(model.index(0, PHASE_COLUMN), "Scoping")
    assert store.load(window.session.plan_id).milestones[first.id].phase == "Scoping"

    state = window.session.state
    cleared = []
    work = state.copy()
    for m in state.milestone_order():
        step = edits.set_field(work, "milestone", m.id, "phase", "")
        work.apply_all(step)
        cleared += step
    assert window.session.apply(cleared)
    assert tree.isColumnHidden(PHASE_COLUMN)
    last_editable = model.index(0, PHASE_COLUMN - 1)
    tree.setCurrentIndex(last_editable)
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    assert tree.currentIndex().column() != PHASE_COLUMN


def test_moving_a_milestone_later_flags_the_one_that_depends_on_it_and_redraws_only_that_health(
    qtbot, window
):
    session, model = window.session, window.plan_view.milestones
    first, second, *_ = session.state.milestone_order()
    assert session.apply(
        edits.set_field(session.state, "milestone", second.id, "depends_on", (first.id,))
    )
    assert DEPENDENCY_LATE not in (model.index(1, HEALTH_COLUMN).data() or "")
    begins = second.start or second.due
    redrawn: list[tuple[int, int]] = []
    model.dataChanged.connect(
        lambda top, bottom, *_: redrawn.extend(
            (row, top.column()) for row in range(top.row(), bottom.row() + 1)
        )
    )
    due = model.index(0, column_of("due"))
    later = begins + dt.timedelta(days=5)
    assert model.setData(due, QDate(later.year, later.month, later.day))
    assert DEPENDENCY_LATE in model.index(1, HEALTH_COLUMN).data()
    assert (1, HEALTH_COLUMN) in redrawn
    # A title says nothing about health: no other row's health cell is redrawn.
    redrawn.clear()
    assert model.setData(model.index(1, TITLE_COLUMN), "Renamed")
    assert all(row == 1 for row, _ in redrawn)
