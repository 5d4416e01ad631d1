"""Bars that open above the milestone table (find, quick add) and close with Esc."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

if TYPE_CHECKING:
    from .plan_view import PlanView


class TableBar(QWidget):
    """Esc belongs to the bar while it has focus, whatever else in the window wants it.
    Subclasses install this as event filter on their fields and say what opening and
    closing means."""

    def open_bar(self) -> None:
        raise NotImplementedError

    def close_bar(self) -> None:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if isinstance(watched, QComboBox) and watched.view().isVisible():
                return False  # Esc closes the open list first
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)


def show_bar[Bar: TableBar](
    view: PlanView, kind: type[Bar], make: Callable[[PlanView], Bar]
) -> Bar:
    """Open the view's bar of `kind`, making it the first time."""
    bar = view.findChild(kind)
    if bar is None:
        bar = make(view)
        view.add_bar(bar)
    bar.open_bar()
    return bar
