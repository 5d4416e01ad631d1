"""The parts of the conflicts dialog: the list of pending conflicts, and the cards that
show one side's value (or the value both had before) with who changed it and where."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ...exchange.conflicts import ConflictView
from ...i18n import _

_Parent = QModelIndex | QPersistentModelIndex
VIEW_ROLE = Qt.ItemDataRole.UserRole + 1
# Dark enough to read on a projector.
MUTED_STYLE = "color: #5f6368;"
CARD_STYLE = (
    "QFrame#card { border: 1px solid #c8ccd0; border-radius: 6px; background: palette(base); }"
)


class ConflictListModel(QAbstractListModel):
    """The pending conflicts, one row each."""

    def __init__(self, views: list[ConflictView], parent=None) -> None:
        super().__init__(parent)
        self.views = views

    def set_views(self, views: list[ConflictView]) -> None:
        self.beginResetModel()
        self.views = views
        self.endResetModel()

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.views)

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.views):
            return None
        view = self.views[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{view.subject}\n{view.question}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return view.what
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return view.what
        if role == VIEW_ROLE:
            return view
        return None

    def row_of(self, key: tuple[str, str, str]) -> int:
        for row, view in enumerate(self.views):
            if view.key == key:
                return row
        return -1


class ConflictCard(QFrame):
    """One side's values (or the common one), in a column a button can go under."""

    def __init__(self) -> None:
        super().__init__()
        self.column = QVBoxLayout(self)


def conflict_card(
    heading: str,
    lines: list[tuple[str, str]],
    note: str,
    colour: str | None,
    replica: str | None,
) -> ConflictCard:
    card = ConflictCard()
    card.setObjectName("card")
    card.setStyleSheet(CARD_STYLE)
    card.setMinimumWidth(220)
    layout = card.column
    title = QLabel(heading)
    title_font = QFont(title.font())
    title_font.setBold(True)
    title.setFont(title_font)
    if colour:
        title.setStyleSheet(f"color: {colour};")
    title.setWordWrap(True)
    layout.addWidget(title)
    for value, meta in lines:
        shown = QLabel(value)
        value_font = QFont(shown.font())
        value_font.setPointSizeF(value_font.pointSizeF() * 1.2)
        shown.setFont(value_font)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAccessibleName(_("{heading}: value").format(heading=heading))
        layout.addWidget(shown)
        detail = QLabel(meta)
        detail.setWordWrap(True)
        detail.setStyleSheet(MUTED_STYLE)
        layout.addWidget(detail)
    if note:
        marker = QLabel(note)
        marker.setStyleSheet("font-style: italic;")
        layout.addWidget(marker)
    if replica:
        copy = QLabel(_("copy {replica}").format(replica=replica))
        copy.setStyleSheet(MUTED_STYLE)
        copy.setToolTip(_("The database the change was made in"))
        layout.addWidget(copy)
    layout.addStretch(1)
    return card
