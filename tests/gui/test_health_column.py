"""The Health column fits its widest text as Qt would measure it, after edits too."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from mutualplan.domain import edits
from mutualplan.ui.editor.milestone_model import HEALTH_COLUMN


def _qt_measure(tree) -> int:
    return QTreeView.sizeHintForColumn(tree, HEALTH_COLUMN)  # every row, through Qt


def _texts(window) -> list[str]:
    model = window.plan_view.milestones
    return [model.index(row, HEALTH_COLUMN).data() for row in range(model.rowCount())]


def test_the_health_column_measures_as_qt_does_when_health_grows_and_rows_hide(qtbot, window):
    tree, session = window.plan_view.tree, window.session
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)

    # A longer health text appears: the width asked for follows at once.
    first, second, *_ = session.state.milestone_order()
    late = (first.due or dt.date.today()) - dt.timedelta(days=400)
    assert session.apply(
        edits.set_field(session.state, "milestone", second.id, "depends_on", (first.id,))
        + edits.set_field(session.state, "milestone", second.id, "owner_id", None)
    )
    assert session.apply(edits.set_field(session.state, "milestone", second.id, "start", late))
    longest = max(_texts(window), key=len)
    assert longest, "the edit flags a milestone"
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)

    # Rows hidden by a filter no longer count; shown again, they do.
    row = _texts(window).index(longest)
    tree.setRowHidden(row, QModelIndex(), True)
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)
    tree.setRowHidden(row, QModelIndex(), False)
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)

    # A bigger font (presenting) is measured again.
    font = tree.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    tree.setFont(font)
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)

    # The flag goes away again: the column shrinks back, as Qt would measure it.
    assert session.apply(
        edits.set_field(session.state, "milestone", second.id, "start", first.due)
    )
    assert tree.sizeHintForColumn(HEALTH_COLUMN) == _qt_measure(tree)


def test_fitting_the_health_column_after_a_title_edit_reads_only_the_edited_row(
    qtbot, window, monkeypatch
):
    """The width is kept up to date row by row: an edit does not make the view read the
    health of every milestone again (which grew with the plan)."""
    session, tree = window.session, window.plan_view.tree
    model = window.plan_view.milestones
    tree.sizeHintForColumn(HEALTH_COLUMN)  # measured once, on opening
    read: list[str] = []
    real = model._health_flags

    def counting(milestone_id: str) -> list[str]:
        read.append(milestone_id)
        return real(milestone_id)

    monkeypatch.setattr(model, "_health_flags", counting)
    milestone = session.state.milestone_order()[-1]
    assert session.apply(edits.set_field(session.state, "milestone", milestone.id, "title", "X"))
    tree.sizeHintForColumn(HEALTH_COLUMN)
    assert set(read) <= {milestone.id}, len(read)


def test_health_text_is_drawn_in_the_alert_colour(qtbot, window):
    """The model gives a colour; the delegate must still paint the text with it."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QStyleOptionViewItem

    from mutualplan.ui.common.theme import alert_colour

    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(0, HEALTH_COLUMN)
    option = QStyleOptionViewItem()
    tree.itemDelegate().initStyleOption(option, index)
    assert option.palette.color(QPalette.ColorRole.Text) == alert_colour(tree)
    assert option.palette.color(QPalette.ColorRole.Text) != tree.palette().color(
        QPalette.ColorRole.Text
    )
