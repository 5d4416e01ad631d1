"""Message bars that float over the bottom of the window's content.

A bar that appears or disappears never moves the table under the pointer: the bars
sit in a strip laid over the content, not in the layout that places it. A bar's style
sheet is set when it first shows: Qt loads its style-sheet machinery (~0.5 MB) for the
first one, which a window whose bars all stay hidden never needs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QVBoxLayout, QWidget


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
