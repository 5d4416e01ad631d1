"""Sizes that fit the screen: every dialog opens whole on a 1366×768 laptop, or a
1280×720 projector at 125%, with its buttons within reach."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

MARGIN = 40  # room left for the window frame and the desktop's panels


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """`widget.resize(width, height)`, made smaller where the screen is."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QApplication.primaryScreen()
    size = QSize(width, height)
    if screen is not None:
        available = screen.availableGeometry().size()
        size = size.boundedTo(QSize(available.width() - MARGIN, available.height() - MARGIN))
    widget.resize(size)
