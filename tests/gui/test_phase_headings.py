"""The milestone table groups milestones under phase headings while the plan has phases,
as the PDF does; a plan without phases looks as it always did."""

from __future__ import annotations

import sqlite3

import pytest
from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import QModelIndex, QModelRoleData, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLineEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mutualplan.domain import edits
from mutualplan.ui.editor.milestone_model import (
    HEALTH_COLUMN,
    ID_ROLE,
    KIND_ROLE,
    NUMBER_COLUMN,
    PHASE_COLUMN,
    TITLE_COLUMN,
    MilestoneTreeModel,
)
from mutualplan.ui.timeline.timeline import TimelineView
from mutualplan.ui.workshop.find import FindBar
from mutualplan.ui.workshop.quick_add import QuickAddBar

PHASES = ["Discover", "Validate", "Decide", "Contract", "Deliver"]


@pytest.fixture
def group_by_phase() -> bool:
    return True  # what a user sees by default


def shown(window) -> list[str]:
    """The table's top-level rows as a user reads them: "§ Phase" for a heading,
    "#number title" for a milestone; rows the find bar hides left out."""
    model, tree = window.plan_view.milestones, window.plan_view.tree
    lines = []
    for row in range(model.rowCount()):
        if tree.isRowHidden(row, QModelIndex()):
            continue
        if model.is_heading(model.index(row, 0)):
            lines.append(f"§ {model.index(row, 0).data()}")
        else:
            number = model.index(row, NUMBER_COLUMN).data()
            lines.append(f"#{number} {model.index(row, TITLE_COLUMN).data()}")
    return lines


def expected(window) -> list[str]:
    """The plan's milestones, headed wherever the phase changes (in the plan's order)."""
    lines, heading = [], ""
    for number, m in enumerate(window.session.state.milestone_order(), start=1):
        if m.phase != heading:
            heading = m.phase
            lines.append(f"§ {m.phase or 'Without a phase'}")
        lines.append(f"#{number} {m.title}")
    return lines


def phases_in_db(store, plan_id: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(
            "SELECT title, phase FROM milestones WHERE plan_id = ? ORDER BY rank", (plan_id,)
        ).fetchall()
    finally:
        conn.close()


def row_of(window, title: str) -> int:
    model = window.plan_view.milestones
    milestone = next(m for m in window.session.state.milestones.values() if m.title == title)
    return model.index_of(milestone.id).row()


def test_milestones_are_grouped_under_phase_headings_in_the_plans_order(qtbot, window):
    view = window.plan_view
    model, tree = view.milestones, view.tree
    lines = shown(window)
    assert [line for line in lines if line.startswith("§")] == [f"§ {p}" for p in PHASES]
    assert lines == expected(window)
    assert lines[:4] == [
        "§ Discover",
        "#1 Discovery workshop",
        "#2 Success criteria agreed",
        "§ Validate",
    ]
    for row in model.heading_rows():
        heading = model.index(row, 0)
        # Read-only, across the whole row, bold, with no actions beneath.
        assert tree.isFirstColumnSpanned(row, QModelIndex())
        assert not heading.flags() & Qt.ItemFlag.ItemIsEditable
        assert not model.index(row, TITLE_COLUMN).flags() & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(heading, "Renamed")
        assert model.rowCount(heading) == 0
        assert heading.data(Qt.ItemDataRole.FontRole).bold()
        assert heading.data(ID_ROLE) is None and heading.data(KIND_ROLE) is None
    # Each milestone keeps its actions beneath it.
    workshop = model.index(row_of(window, "Discovery workshop"), 0)
    assert model.rowCount(workshop) == 2 and tree.isExpanded(workshop)
    assert model.index(0, TITLE_COLUMN, workshop).data(KIND_ROLE) == "action"
    # The plan opens with the keyboard on the first milestone, not on a heading.
    assert tree.currentIndex() == model.index(1, TITLE_COLUMN)


def test_the_grouped_model_stays_consistent_through_edits_and_undo(
    qtmodeltester, qtbot, window, store
):
    session = window.session
    model = MilestoneTreeModel(session, grouped=True)
    qtmodeltester.check(model)
    state = session.state
    security = next(m for m in state.milestones.values() if m.title == "Security review")
    legal = next(m for m in state.milestones.values() if m.title == "Legal review")
    steps = [
        lambda s: edits.add_milestone(
            s, {"title": "Data protection", "phase": "Decide"}, security.id
        ),
        lambda s: edits.set_field(s, "milestone", legal.id, "phase", "Decide"),
        lambda s: edits.move(s, "milestone", security.id, 0),
        lambda s: edits.add_milestone(s, {"title": "Loose end"}),
        lambda s: edits.delete(s, "milestone", legal.id),
    ]
    for step in steps:
        assert session.apply(step(session.state))
        numbered = [line for line in _lines(model) if not line.startswith("§")]
        assert numbered == _numbered(session.state)
    assert _lines(model)[:2] == ["§ Decide", "#1 Security review"]
    assert _lines(model)[-2:] == ["§ Without a phase", "#11 Loose end"]
    assert phases_in_db(store, session.plan_id)[0] == ("Security review", "Decide")
    while window.action("undo").isEnabled():
        window.action("undo").trigger()
    assert _lines(model) == expected(window)
    assert [line for line in _lines(model) if line.startswith("§")] == [f"§ {p}" for p in PHASES]
    assert phases_in_db(store, session.plan_id)[2] == (
        "Technical validation / proof of concept",
        "Validate",
    )


def _lines(model: MilestoneTreeModel) -> list[str]:
    lines = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if model.is_heading(index):
            lines.append(f"§ {index.data()}")
        else:
            lines.append(f"#{index.data()} {model.index(row, TITLE_COLUMN).data()}")
    return lines


def _numbered(state) -> list[str]:
    return [f"#{n} {m.title}" for n, m in enumerate(state.milestone_order(), start=1)]


def test_typing_in_a_grouped_table_edits_milestones_and_tab_passes_over_headings(
    qtbot, window, store
):
    view = window.plan_view
    tree, model = view.tree, view.milestones
    second = window.session.state.milestone_order()[1]
    index = model.index_of(second.id, TITLE_COLUMN)
    tree.setCurrentIndex(index)
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    line = editor()
    assert isinstance(line, QLineEdit)
    line.setText("Success criteria signed off")
    press_enter(qtbot, line)
    assert db_row(store, "milestones", second.id)["title"] == "Success criteria signed off"
    assert "#2 Success criteria signed off" in shown(window)

    # Tab from the last cell of Discover's last milestone lands on Validate's first
    # milestone, never on the heading between them.
    tree.setCurrentIndex(model.index_of(second.id, PHASE_COLUMN))
    qtbot.keyClick(tree, Qt.Key.Key_Tab)
    third = window.session.state.milestone_order()[2]
    assert tree.currentIndex().data(ID_ROLE) == third.id
    assert tree.currentIndex().data(KIND_ROLE) == "milestone"

    # Typing a phase into the Phase column moves the milestone under that heading.
    tree.setCurrentIndex(model.index_of(third.id, PHASE_COLUMN))
    qtbot.keyClick(tree, Qt.Key.Key_F2)
    phase_line = editor()
    phase_line.setText("Discover")
    press_enter(qtbot, phase_line)
    assert db_row(store, "milestones", third.id)["phase"] == "Discover"
    lines = shown(window)
    assert lines[:5] == [
        "§ Discover",
        "#1 Discovery workshop",
        "#2 Success criteria signed off",
        f"#3 {third.title}",
        "§ Decide",
    ]
    assert "§ Validate" not in lines
    assert tree.currentIndex().data(ID_ROLE) == third.id  # the cursor went with it

    # Undo puts the milestone back under its own heading.
    window.action("undo").trigger()
    assert db_row(store, "milestones", third.id)["phase"] == "Validate"
    assert shown(window) == expected(window) and "§ Validate" in shown(window)


def test_moving_a_milestone_across_a_phase_boundary_heads_its_phase_again(qtbot, window, store):
    view = window.plan_view
    tree, model = view.tree, view.milestones
    validate = window.session.state.milestone_order()[2]  # alone in Validate
    tree.setCurrentIndex(model.index_of(validate.id, TITLE_COLUMN))
    tree.setFocus()
    window.action("move_up").trigger()
    assert [t for t, _p in phases_in_db(store, window.session.plan_id)][:3] == [
        "Discovery workshop",
        validate.title,
        "Success criteria agreed",
    ]
    # Discover comes back after Validate: headed again, as the PDF heads it.
    assert shown(window)[:6] == [
        "§ Discover",
        "#1 Discovery workshop",
        "§ Validate",
        f"#2 {validate.title}",
        "§ Discover",
        "#3 Success criteria agreed",
    ]
    assert tree.currentIndex().data(ID_ROLE) == validate.id
    window.action("undo").trigger()
    assert shown(window) == expected(window)


def test_quick_add_puts_a_milestone_under_the_phase_it_names(qtbot, window, store):
    window.action("quick_add").trigger()
    bar = window.plan_view.findChild(QuickAddBar)
    assert bar is not None
    qtbot.waitUntil(lambda: bar.line.hasFocus())
    # The current row is the first milestone (Discover): it goes after it, in Deliver.
    qtbot.keyClicks(bar.line, "Hypercare review - joint - deliver")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    added = next(
        m for m in window.session.state.milestones.values() if m.title == "Hypercare review"
    )
    assert db_row(store, "milestones", added.id)["phase"] == "Deliver"
    lines = shown(window)
    assert lines[:5] == [
        "§ Discover",
        "#1 Discovery workshop",
        "§ Deliver",
        "#2 Hypercare review",
        "§ Discover",
    ]
    assert window.plan_view.tree.currentIndex().data(ID_ROLE) == added.id


def test_find_shows_a_heading_only_with_the_milestones_it_heads(qtbot, window):
    window.action("find").trigger()
    bar = window.plan_view.findChild(FindBar)
    assert bar is not None
    qtbot.waitUntil(lambda: bar.text.hasFocus())
    assert bar.count.text() == "10 milestones"
    qtbot.keyClicks(bar.text, "questionnaire")
    assert shown(window) == ["§ Decide", "#5 Security review"]
    assert bar.count.text() == "1 of 10 milestones"
    qtbot.keyClick(bar.text, Qt.Key.Key_Return)
    tree = window.plan_view.tree
    assert tree.currentIndex().data(KIND_ROLE) == "milestone"
    assert tree.currentIndex().data(Qt.ItemDataRole.DisplayRole) == "Security review"
    qtbot.keyClick(bar.text, Qt.Key.Key_Escape)
    assert shown(window) == expected(window)


def test_the_timeline_lines_up_with_the_headed_rows_and_follows_the_selection(qtbot, window):
    window.action("timeline").trigger()
    timeline = window.findChild(TimelineView)
    assert timeline is not None
    qtbot.waitExposed(timeline)
    model = window.plan_view.milestones
    # One timeline row per table row, headings included, so bars sit beside their rows.
    rows = [row for row in timeline.rows if row.parent_row < 0]
    assert [r.row for r in rows] == list(range(model.rowCount()))
    assert [r.kind for r in rows if r.kind == "phase"] == ["phase"] * len(PHASES)
    bands = timeline.phase_bands()
    assert [phase for phase, _first, _last in bands] == PHASES
    # Each band starts at its heading and runs to the row before the next one.
    assert all(timeline.rows[first].kind == "phase" for _p, first, _l in bands)
    assert [last + 1 for _p, _f, last in bands[:-1]] == [f for _p, f, _l in bands[1:]]
    # Selecting a milestone in the table selects it in the timeline.
    security = next(
        m for m in window.session.state.milestones.values() if m.title == "Security review"
    )
    window.plan_view.tree.setCurrentIndex(model.index_of(security.id))
    assert timeline._selected_id == security.id


def test_without_phases_the_table_is_as_it_always_was(qtbot, window, store):
    session = window.session
    model = window.plan_view.milestones
    state = session.state
    cleared, work = [], state.copy()
    for m in state.milestone_order():
        step = edits.set_field(work, "milestone", m.id, "phase", "")
        work.apply_all(step)
        cleared += step
    assert session.apply(cleared)
    assert model.heading_rows() == []
    assert shown(window) == _numbered(session.state)
    assert model.rowCount() == len(session.state.milestones)
    assert not any(
        window.plan_view.tree.isFirstColumnSpanned(row, QModelIndex())
        for row in range(model.rowCount())
    )
    assert window.plan_view.tree.isColumnHidden(PHASE_COLUMN)
    assert all(phase == "" for _t, phase in phases_in_db(store, session.plan_id))


def test_enter_adds_the_next_milestone_in_the_same_phase(qtbot, window, store):
    view = window.plan_view
    tree, model = view.tree, view.milestones
    plan_id = window.session.plan_id
    # On a heading: the new milestone goes at the end of that phase.
    contract = next(row for row in model.heading_rows() if model.index(row, 0).data() == "Contract")
    tree.setCurrentIndex(model.index(contract, 0))
    tree.setFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    line = editor()
    line.setText("Redlines agreed")
    press_enter(qtbot, line)
    assert [t for t, _p in phases_in_db(store, plan_id)][5:9] == [
        "Legal review",
        "Procurement",
        "Contract signed",
        "Redlines agreed",
    ]
    assert ("Redlines agreed", "Contract") in phases_in_db(store, plan_id)
    # On a milestone: right after it, in its phase; no new heading appears.
    kickoff = next(m for m in window.session.state.milestones.values() if m.title == "Kickoff")
    tree.setCurrentIndex(model.index_of(kickoff.id, TITLE_COLUMN))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    line = editor()
    line.setText("Training")
    press_enter(qtbot, line)
    assert ("Training", "Deliver") in phases_in_db(store, plan_id)
    assert shown(window) == expected(window)
    assert [line for line in shown(window) if line.startswith("§")] == [f"§ {p}" for p in PHASES]
    assert shown(window)[-4:] == ["§ Deliver", "#10 Kickoff", "#11 Training", "#12 Go-live"]


def test_a_quick_add_line_naming_no_phase_continues_the_current_ones(qtbot, window, store):
    kickoff = next(m for m in window.session.state.milestones.values() if m.title == "Kickoff")
    view = window.plan_view
    view.tree.setCurrentIndex(view.milestones.index_of(kickoff.id))
    window.action("quick_add").trigger()
    bar = view.findChild(QuickAddBar)
    assert bar is not None
    qtbot.waitUntil(lambda: bar.line.hasFocus())
    qtbot.keyClicks(bar.line, "Admin training - seller")
    qtbot.keyClick(bar.line, Qt.Key.Key_Return)
    assert ("Admin training", "Deliver") in phases_in_db(store, window.session.plan_id)
    assert shown(window)[-4:] == ["§ Deliver", "#9 Kickoff", "#10 Admin training", "#11 Go-live"]


def _cells(model) -> list[QModelIndex]:
    """Every cell of the table: headings, milestones and their actions, every column."""
    cells = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            cells.append(model.index(row, column))
        parent = model.index(row, 0)
        for child in range(model.rowCount(parent)):
            cells += [model.index(child, column, parent) for column in range(model.columnCount())]
    return cells


def _colour(value: QColor | QBrush) -> QColor:
    """A colour role's colour, whether the model gives a colour or a brush."""
    return value.color() if isinstance(value, QBrush) else QColor(value)


def test_a_painted_cell_shows_what_each_of_its_roles_answers(qtbot, window):
    """Qt asks for a painted cell's roles all at once (multiData): the answers are the
    ones data() gives role by role, for headings, milestones and actions alike."""
    tree, model = window.plan_view.tree, window.plan_view.milestones
    delegate = QStyledItemDelegate()
    kinds = set()
    for index in _cells(model):
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        delegate.initStyleOption(option, index)  # what a paint asks, through multiData
        kinds.add((model.is_heading(index), index.parent().isValid()))
        text = index.data(Qt.ItemDataRole.DisplayRole)
        assert option.text == (text or "")
        font = index.data(Qt.ItemDataRole.FontRole)
        assert option.font.bold() == bool(font and font.bold())
        assert option.font.strikeOut() == bool(font and font.strikeOut())
        check = index.data(Qt.ItemDataRole.CheckStateRole)
        has_check = bool(option.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator)
        assert has_check == (check is not None)
        if check is not None:
            assert option.checkState == check
        colour = index.data(Qt.ItemDataRole.DecorationRole)
        assert option.icon.isNull() == (colour is None)
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        if background is None:
            assert option.backgroundBrush.style() == Qt.BrushStyle.NoBrush
        else:
            assert option.backgroundBrush.color() == _colour(background)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if foreground is not None:
            text_role = option.palette.ColorRole.Text
            assert option.palette.brush(text_role).color() == _colour(foreground)
        # One role asked on its own answers as data() does too.
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ID_ROLE):
            asked = QModelRoleData(role)
            model.multiData(index, asked)
            assert asked.data() == index.data(role)
    assert kinds == {(True, False), (False, False), (False, True)}  # all three kinds seen
    assert any(model.index(row, HEALTH_COLUMN).data() for row in range(model.rowCount()))
    assert option.state & QStyle.StateFlag.State_Enabled  # a real view's option was used


def test_actions_never_have_rows_under_them_and_a_milestones_first_action_shows(
    qtbot, window, store
):
    """Action rows tell the tree they have no children (it then asks nothing more about
    them when it expands every row); a milestone is never said to be childless, so its
    first action, added later, shows expanded beneath it."""
    tree, model, session = window.plan_view.tree, window.plan_view.milestones, window.session
    never = Qt.ItemFlag.ItemNeverHasChildren
    for index in _cells(model):
        assert bool(index.flags() & never) == index.parent().isValid()
    bare = next(m for m in session.state.milestone_order() if not session.state.actions_of(m.id))
    assert session.apply(edits.add_action(session.state, bare.id, {"title": "Book the room"}))
    parent = model.index_of(bare.id, 0)
    assert model.rowCount(parent) == 1 and tree.isExpanded(parent)
    action = model.index(0, TITLE_COLUMN, parent)
    assert action.data() == "Book the room" and not tree.visualRect(action).isEmpty()
    assert db_row(store, "actions", action.data(ID_ROLE))["milestone_id"] == bare.id
