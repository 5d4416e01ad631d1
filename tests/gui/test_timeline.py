"""The timeline beside the table: rows in step, dragging bars, zoom, selection."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from gui_helpers import db_row
from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from mutualplan.domain import edits
from mutualplan.ui.editor.milestone_model import ID_ROLE, TITLE_COLUMN
from mutualplan.ui.timeline.timeline import MONTHS, WEEKS, TimelineView, timeline_of


@pytest.fixture
def timeline(qtbot, window) -> TimelineView:
    window.action("timeline").trigger()
    view = timeline_of(window)
    assert view is not None and view.isVisible()
    qtbot.waitExposed(view)
    return view


def milestone(window, number: int):
    return window.session.state.milestone_order()[number - 1]


def add_milestones(window, count: int) -> None:
    """Enough rows that the table scrolls."""
    session = window.session
    for number in range(count):
        due = dt.date(2026, 8, 1) + dt.timedelta(days=number)
        changes = edits.add_milestone(session.state, {"title": f"Extra {number}", "due": due})
        assert session.apply(changes)


def point_on(view: TimelineView, milestone_id: str, where: str = "middle") -> QPoint:
    """Where on the viewport to press: the middle of a bar, or its right-end grip."""
    view.select(milestone_id)  # scrolls it into view sideways
    bar = view.item_of(milestone_id)
    x = bar.right_x - 2 if where == "end" else (bar.left_x + bar.right_x) / 2
    return view.mapFromScene(QPointF(x, bar.y() + view.row_height / 2))


def drag(qtbot, view: TimelineView, start: QPoint, days: int) -> None:
    end = start + QPoint(round(days * view.day_width), 0)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(end.x() - start.x(), 0) / 2)
    qtbot.mouseMove(viewport, pos=end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def saved_dates(store, milestone_id: str) -> tuple[str, str]:
    row = db_row(store, "milestones", milestone_id)
    return row["start"], row["due"]


def days_later(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()


def test_the_timeline_shows_beside_the_table_and_hides_again(qtbot, window):
    assert timeline_of(window) is None
    window.action("timeline").trigger()
    view = timeline_of(window)
    beside = window.plan_view.beside
    assert view.isVisible() and beside.indexOf(view) == 1
    assert window.action("timeline").isChecked()
    beside.setSizes([500, 700])
    sizes = beside.sizes()
    window.run("timeline")  # what Ctrl+T runs
    assert view.isHidden() and not window.action("timeline").isChecked()
    window.run("timeline")
    assert view.isVisible() and window.action("timeline").isChecked()
    assert beside.sizes() == sizes


def test_each_row_of_the_timeline_is_beside_its_row_in_the_table(qtbot, window, timeline):
    tree = window.plan_view.tree
    state = window.session.state
    assert len(timeline.rows) == sum(
        1 + len(state.actions_of(m.id)) for m in state.milestones.values()
    )
    for m in state.milestone_order():
        index = window.plan_view.milestones.index_of(m.id, TITLE_COLUMN)
        table_y = tree.viewport().mapToGlobal(tree.visualRect(index).center()).y()
        bar = timeline.item_of(m.id)
        bar_point = timeline.mapFromScene(QPointF(bar.left_x, bar.y() + timeline.row_height / 2))
        assert abs(timeline.viewport().mapToGlobal(bar_point).y() - table_y) <= 1, m.title
    # Scrolling the table scrolls the timeline with it.
    add_milestones(window, 30)
    tree.verticalScrollBar().setValue(3)
    assert tree.verticalScrollBar().value() == 3
    index = window.plan_view.milestones.index_of(milestone(window, 5).id, TITLE_COLUMN)
    table_y = tree.viewport().mapToGlobal(tree.visualRect(index).center()).y()
    bar = timeline.item_of(milestone(window, 5).id)
    bar_point = timeline.mapFromScene(QPointF(bar.left_x, bar.y() + timeline.row_height / 2))
    assert abs(timeline.viewport().mapToGlobal(bar_point).y() - table_y) <= 1


def test_dragging_a_bar_moves_start_and_due_together_as_one_undo(qtbot, window, store, timeline):
    third = milestone(window, 3)
    before = saved_dates(store, third.id)
    undo_count = window.session.undo_stack.count()
    drag(qtbot, timeline, point_on(timeline, third.id), 5)
    assert saved_dates(store, third.id) == (days_later(before[0], 5), days_later(before[1], 5))
    assert window.session.undo_stack.count() == undo_count + 1
    assert window.session.undo_stack.undoText() == "Move “Technical validation / proof of concept”"
    bar = timeline.item_of(third.id)
    assert (bar.start, bar.due) == (third.start, third.due)  # the bar is where the plan says
    window.action("undo").trigger()
    assert saved_dates(store, third.id) == before
    assert (bar.start.isoformat(), bar.due.isoformat()) == before
    window.action("redo").trigger()
    assert saved_dates(store, third.id) == (days_later(before[0], 5), days_later(before[1], 5))


def test_dragging_a_bar_earlier_works_too(qtbot, window, store, timeline):
    third = milestone(window, 3)
    before = saved_dates(store, third.id)
    drag(qtbot, timeline, point_on(timeline, third.id), -4)
    assert saved_dates(store, third.id) == (days_later(before[0], -4), days_later(before[1], -4))


def test_dragging_the_end_of_a_bar_changes_only_the_due_date(qtbot, window, store, timeline):
    third = milestone(window, 3)
    start, due = saved_dates(store, third.id)
    drag(qtbot, timeline, point_on(timeline, third.id, "end"), 6)
    assert saved_dates(store, third.id) == (start, days_later(due, 6))
    assert "due date" in window.session.undo_stack.undoText()
    window.action("undo").trigger()
    assert saved_dates(store, third.id) == (start, due)


def test_dragging_the_end_before_the_start_is_refused_and_the_bar_snaps_back(
    qtbot, window, store, timeline
):
    third = milestone(window, 3)
    before = saved_dates(store, third.id)
    bar = timeline.item_of(third.id)
    rect = bar.bar_rect()
    undo_count = window.session.undo_stack.count()
    length = (third.due - third.start).days
    drag(qtbot, timeline, point_on(timeline, third.id, "end"), -(length + 4))
    assert saved_dates(store, third.id) == before
    assert window.session.undo_stack.count() == undo_count
    assert "before the start" in window.banner.text()
    assert bar.bar_rect() == rect and not bar.invalid


def test_a_drag_shows_the_dates_while_moving_and_escape_cancels_it(qtbot, window, store, timeline):
    third = milestone(window, 3)
    before = saved_dates(store, third.id)
    start = point_on(timeline, third.id)
    viewport = timeline.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(round(3 * timeline.day_width), 0))
    label = timeline._drag_label
    assert label.isVisible()
    assert label.text().startswith("20 Jun 2026 → 11 Jul 2026 (+3 d)")
    qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert not label.isVisible()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start)
    assert saved_dates(store, third.id) == before


def test_a_click_on_a_bar_selects_its_row_and_the_table_selects_the_bar(qtbot, window, timeline):
    tree = window.plan_view.tree
    fifth = milestone(window, 5)
    qtbot.mouseClick(
        timeline.viewport(), Qt.MouseButton.LeftButton, pos=point_on(timeline, fifth.id)
    )
    assert tree.currentIndex().data(ID_ROLE) == fifth.id
    assert timeline.item_of(fifth.id).isSelected()
    second = milestone(window, 2)
    tree.setCurrentIndex(window.plan_view.milestones.index_of(second.id, TITLE_COLUMN))
    assert timeline.selected_id() == second.id
    assert timeline.item_of(second.id).isSelected()
    assert not timeline.item_of(fifth.id).isSelected()
    # The arrow keys walk the rows in the timeline as in the table.
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Down)
    third = milestone(window, 3)
    assert tree.currentIndex().data(ID_ROLE) == third.id
    assert timeline.selected_id() == third.id
    # An action's row selects its tick.
    action = window.session.state.actions_of(milestone(window, 1).id)[0]
    tree.setCurrentIndex(window.plan_view.milestones.index_of(action.id, TITLE_COLUMN))
    assert timeline.selected_id() == action.id


def test_selecting_a_far_milestone_scrolls_the_timeline_to_it(qtbot, window, timeline):
    timeline.set_unit(WEEKS)
    timeline.horizontalScrollBar().setValue(0)
    last = milestone(window, 10)
    window.plan_view.tree.setCurrentIndex(
        window.plan_view.milestones.index_of(last.id, TITLE_COLUMN)
    )
    bar = timeline.item_of(last.id)
    visible = timeline.mapToScene(timeline.viewport().rect()).boundingRect()
    assert visible.left() <= bar.left_x and bar.right_x <= visible.right()


def test_zoom_with_keys_the_wheel_and_the_unit_buttons(qtbot, window, timeline):
    third = milestone(window, 3)
    width = timeline.day_width
    bar_width = timeline.item_of(third.id).bar_rect().width()
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert timeline.day_width > width
    assert timeline.item_of(third.id).bar_rect().width() > bar_width
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    assert timeline.day_width < width
    zoomed_out = timeline.day_width
    centre = QPointF(timeline.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(timeline.viewport().mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(timeline.viewport(), wheel)
    assert timeline.day_width > zoomed_out
    timeline.weeks_button.click()
    assert timeline.unit == WEEKS and timeline.day_width == 16
    timeline.months_button.click()
    assert timeline.unit == MONTHS and timeline.day_width == 4


def test_a_timeline_not_drawn_yet_zooms_by_drawing_its_rows(qtbot, window):
    view = TimelineView(window.session, window.plan_view.tree)  # never shown
    try:
        assert view.day_scale is None
        view.zoom_by(2)
        assert view.day_scale is not None and view.day_scale.day_width == view.day_width
        assert view.item_of(milestone(window, 3).id) is not None
    finally:
        shiboken6.delete(view)  # while the table it watches is still there


def test_a_wheel_without_ctrl_scrolls_the_table_and_the_timeline_follows(qtbot, window, timeline):
    tree = window.plan_view.tree
    add_milestones(window, 30)
    centre = QPointF(timeline.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(timeline.viewport().mapToGlobal(centre.toPoint())),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(timeline.viewport(), wheel)
    assert tree.verticalScrollBar().value() > 0
    assert timeline.verticalScrollBar().value() > 0


def test_alt_arrows_move_the_selected_milestone_a_day(qtbot, window, store, timeline):
    third = milestone(window, 3)
    before = saved_dates(store, third.id)
    timeline.select(third.id)
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert saved_dates(store, third.id) == (days_later(before[0], 1), days_later(before[1], 1))
    qtbot.keyClick(
        timeline,
        Qt.Key.Key_Left,
        Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert saved_dates(store, third.id) == (days_later(before[0], 1), before[1])


def test_a_milestone_with_only_a_due_date_is_a_diamond_and_an_undated_one_is_listed(
    qtbot, window, timeline
):
    session = window.session
    second, fourth = milestone(window, 2), milestone(window, 4)
    assert session.apply(edits.set_field(session.state, "milestone", second.id, "start", None))
    assert timeline.item_of(second.id).is_diamond
    assert session.apply(edits.set_field(session.state, "milestone", fourth.id, "due", None))
    assert timeline.item_of(fourth.id) is None
    assert [m.id for m in timeline._undated] == [fourth.id]
    window.action("undo").trigger()
    assert timeline.item_of(fourth.id) is not None and timeline._undated == []


def test_the_timeline_follows_edits_made_in_the_table(qtbot, window, timeline):
    session = window.session
    third = milestone(window, 3)
    later = third.due + dt.timedelta(days=9)
    assert session.apply(edits.set_field(session.state, "milestone", third.id, "due", later))
    assert timeline.item_of(third.id).due == later
    rows = len(timeline.rows)
    window.plan_view.tree.setCurrentIndex(
        window.plan_view.milestones.index_of(third.id, TITLE_COLUMN)
    )
    window.action("add_milestone").trigger()
    QApplication.processEvents()
    assert len(timeline.rows) == rows + 1
    # Collapsing a milestone in the table hides its actions' rows here too.
    window.plan_view.tree.collapseAll()
    qtbot.waitUntil(lambda: len(timeline.rows) == len(session.state.milestones))
    assert all(row.kind == "milestone" for row in timeline.rows)


def test_rows_hidden_by_a_filter_in_the_table_are_hidden_here_too(qtbot, window, timeline):
    """Find and filter hides table rows with setRowHidden, which sends no signal."""
    tree = window.plan_view.tree
    hidden = milestone(window, 3)
    row = window.plan_view.milestones.index_of(hidden.id).row()
    tree.setRowHidden(row, QModelIndex(), True)
    qtbot.waitUntil(lambda: timeline.item_of(hidden.id) is None)
    assert hidden.id not in {r.id for r in timeline.rows}
    fourth = milestone(window, 4)
    index = window.plan_view.milestones.index_of(fourth.id, TITLE_COLUMN)
    table_y = tree.viewport().mapToGlobal(tree.visualRect(index).center()).y()
    bar = timeline.item_of(fourth.id)
    bar_point = timeline.mapFromScene(QPointF(bar.left_x, bar.y() + timeline.row_height / 2))
    assert abs(timeline.viewport().mapToGlobal(bar_point).y() - table_y) <= 1
    tree.setRowHidden(row, QModelIndex(), False)
    qtbot.waitUntil(lambda: timeline.item_of(hidden.id) is not None)


def test_ghosts_show_the_dates_both_sides_signed(qtbot, window, store, timeline):
    session = window.session
    revision, _ = store.freeze_revision(session.state, window.me)
    for side in ("seller", "buyer"):
        store.record_signature(
            session.plan_id,
            revision.sha256,
            side,
            kind="digital",
            signer="Signer",
            organisation="Org",
            fingerprint=f"fp-{side}",
            signed_at=None,
        )
    session.reload()
    assert session.baseline is not None and not timeline.row_items.ghosts
    third = milestone(window, 3)
    drag(qtbot, timeline, point_on(timeline, third.id), 7)
    ghost = timeline.row_items.ghosts[third.id]
    bar = timeline.item_of(third.id)
    assert ghost.boundingRect().left() < bar.left_x  # the signed dates, a week earlier
    assert bar.slip_days == 7
    window.action("undo").trigger()
    assert third.id not in timeline.row_items.ghosts and bar.slip_days == 0


def test_a_tooltip_names_the_milestone_its_owner_and_dates(qtbot, window, timeline):
    third = milestone(window, 3)
    text = timeline._tooltip(timeline.item_of(third.id))
    assert "Technical validation / proof of concept" in text
    assert "17 Jun 2026 → 08 Jul 2026" in text
    assert "Owner:" in text


def test_another_plan_opens_with_its_timeline_shown(qtbot, window, store, author):
    window.action("timeline").trigger()
    other = store.create_plan(
        {"title": "Second plan", "buyer_org": "Fabrikam", "seller_org": "Northwind"}, author
    )
    assert window.open_plan(other.id)
    view = timeline_of(window)
    assert view is not None and view.isVisible() and window.action("timeline").isChecked()


def test_phase_bands_run_beside_the_rows_of_each_phase(qtbot, window, timeline):
    """The template plan walks discover → deliver: one band per phase, over exactly the
    table rows (milestones and their actions) of that phase."""
    bands = timeline.phase_bands()
    assert [phase for phase, _first, _last in bands] == [
        "Discover",
        "Validate",
        "Decide",
        "Contract",
        "Deliver",
    ]
    assert bands[0][1] == 0 and bands[-1][2] == len(timeline.rows) - 1
    state = window.session.state
    for phase, first, last in bands:
        for row in timeline.rows[first : last + 1]:
            owner = row.id if row.kind == "milestone" else state.actions[row.id].milestone_id
            assert state.milestones[owner].phase == phase
    # Without phases, no bands: the timeline looks as it did.
    cleared, work = [], state.copy()
    for m in state.milestone_order():
        step = edits.set_field(work, "milestone", m.id, "phase", "")
        work.apply_all(step)
        cleared += step
    assert window.session.apply(cleared)
    assert timeline.phase_bands() == []


def test_after_a_drag_and_move_them_the_keyboard_is_back_on_the_timeline(
    qtbot, window, store, timeline
):
    from PySide6.QtWidgets import QLineEdit

    from mutualplan.ui.workshop.scheduling import dependents_offer

    offer = dependents_offer(window)
    state = window.session.state
    [dragged] = [
        m
        for m in state.milestone_order()
        if any(m.id in other.depends_on for other in state.milestones.values())
    ][:1]
    dependents = [m.id for m in state.milestones.values() if dragged.id in m.depends_on]
    due_before = {mid: db_row(store, "milestones", mid)["due"] for mid in dependents}
    plan_id = window.session.plan_id
    title = db_row(store, "plans", plan_id)["title"]
    drag(qtbot, timeline, point_on(timeline, dragged.id), 60)
    assert offer.notice.isVisible()
    offer.move_button.setFocus()
    qtbot.keyClick(offer.move_button, Qt.Key.Key_Space)
    assert not offer.notice.isVisible()
    assert any(db_row(store, "milestones", mid)["due"] != due_before[mid] for mid in dependents)
    focus = QApplication.focusWidget()
    assert focus is timeline, f"focus went to {focus!r}"  # where the drag was made
    assert not [w for w in window.findChildren(QLineEdit) if w.hasSelectedText()]
    qtbot.keyClick(focus, Qt.Key.Key_Delete)  # never reaches the plan's title
    assert db_row(store, "plans", plan_id)["title"] == title
