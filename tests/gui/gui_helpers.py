"""Reading back what the window saved, through a connection of its own."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QApplication, QWidget

from mutualplan.store import Store


def db_row(store: Store, table: str, entity_id: str) -> sqlite3.Row:
    """A row read through a separate connection: what really reached the file."""
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(f"SELECT * FROM {table} WHERE id = ?", (entity_id,)).fetchone()
    finally:
        conn.close()


def log_rows(store: Store, entity_id: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT * FROM changes WHERE entity_id = ? ORDER BY id", (entity_id,)
        ).fetchall()
    finally:
        conn.close()


def editor() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no editor has focus"
    return widget


def press_enter(qtbot, widget: QWidget) -> None:
    """Enter in a cell editor; the view commits the value on its next event-loop turn."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView

    view = widget.parent().parent() if widget.parent() else None
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    if isinstance(view, QAbstractItemView):
        qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    else:
        QApplication.processEvents()
