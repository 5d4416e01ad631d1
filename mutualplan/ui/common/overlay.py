"""Message bars that float over the bottom of the window's content.

A bar that appears or disappears never moves the table under the pointer: the bars
sit in a strip laid over the content, not in the layout that places it. A bar's style
sheet is set when it first shows: Qt loads its style-sheet machinery (~0.5 MB) for the
first one, which a window whose bars all stay hidden never needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class MessageArea(QObject):
    """A strip over the bottom edge of `host` holding message bars, shown while any
    bar in it is visible."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.host = host
        self.strip = QWidget(host)
        self.strip.setObjectName("messageArea")
        self.strip.setAutoFillBackground(True)
        self._layout = QVBoxLayout(self.strip)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.strip.hide()
        self._unstyled: dict[QWidget, str] = {}  # bar -> its style sheet, until it shows
        host.installEventFilter(self)

    def add(self, bar: QWidget, style: str = "") -> None:
        if style:
            self._unstyled[bar] = style
        self._layout.addWidget(bar)
        bar.installEventFilter(self)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShowToParent and watched in self._unstyled:
            watched.setStyleSheet(self._unstyled.pop(watched))
        if event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.ShowToParent,
            QEvent.Type.HideToParent,
            QEvent.Type.LayoutRequest,
        ):
            self._place()
        return False

    def _place(self) -> None:
        items = [self._layout.itemAt(i) for i in range(self._layout.count())]
        bars = [item.widget() for item in items if item is not None]
        visible = [b for b in bars if b is not None and not b.isHidden()]
        if not visible:
            self.strip.hide()
            return
        width = self.host.width()
        height = min(
            self._layout.heightForWidth(width)
            if self._layout.hasHeightForWidth()
            else self.strip.sizeHint().height(),
            self.host.height(),
        )
        self.strip.setGeometry(0, self.host.height() - height, width, height)
        self.strip.show()
        self.strip.raise_()


class OfferBar(QFrame):
    """A one-click offer in the message area: its words beside its buttons. Shown, it
    notes where the keyboard was; withdrawn, it hands the keyboard back there (never to
    the next field in the tab order, which would select all its text)."""

    def __init__(self, name: str, description: str, *buttons: QPushButton) -> None:
        super().__init__()
        self.setObjectName(name)
        self.style_sheet = (
            f"QFrame#{name} {{ background: #fff4d6; border: 1px solid #e8c76a; }}"
            f"QFrame#{name} QLabel {{ color: #4a3800; }}"
        )
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(description)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.text, 1)
        for button in buttons:
            row.addWidget(button)
        self._return_to: QWidget | None = None
        self.hide()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            self._return_to = focus
        self.show()

    def withdraw(self, fallback: QWidget | None) -> None:
        """Hide, handing the keyboard back if the offer has it (to `fallback` when
        where the user was is gone, hidden or disabled)."""
        focus = QApplication.focusWidget()
        if focus is None or self.isAncestorOf(focus):
            target = self._return_to
            try:
                usable = target is not None and target.isVisible() and target.isEnabled()
            except RuntimeError:  # the widget is gone
                usable = False
            target = target if usable else fallback
            if target is not None:
                target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.hide()
