"""Help ▸ Keyboard shortcuts: one sheet with every shortcut, read from the feature table
(ui/features.py) that the menus are built from, so it cannot go out of date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _
from ..features import FEATURES, MENUS, REDO_KEYS, UNDO_KEYS, key_sequences
from ..workshop.find import with_clear_button
from .screens import resize_within_screen

if TYPE_CHECKING:
    from ..contract import App

# Keys the views handle themselves: no QAction to read them from.
# English; shown translated (the key names too: "Entf" on a German keyboard).
WORKING_KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("In the milestone table"),
        [
            (N_("Add the next milestone (when no cell is being edited)"), N_("Enter")),
            (N_("Next / previous cell"), N_("Tab, Shift+Tab")),
            (N_("Edit the cell"), N_("F2, or start typing")),
            (N_("Save the cell / cancel the edit"), N_("Enter / Esc")),
            (N_("Tick an action done"), N_("Space")),
            (N_("Remove the row (undo brings it back)"), N_("Del")),
        ],
    ),
    (N_("In a date cell"), [(N_("Today"), N_("T")), (N_("No date"), N_("Del"))]),
    (
        N_("In the bars above the table"),
        [
            (N_("Quick add: add the line as a milestone"), N_("Enter")),
            (N_("Find: go to the first milestone shown"), N_("Enter")),
            (N_("Close the bar (find also clears its filter)"), N_("Esc")),
        ],
    ),
    (
        N_("Elsewhere"),
        [
            (N_("Save the buyer's objective or success criteria"), N_("Ctrl+Enter")),
            (N_("Open a menu"), N_("Alt + the underlined letter")),
        ],
    ),
]


def plain(text: str) -> str:
    """A menu text as read aloud: 'Move do&wn' -> 'Move down', '&&' -> '&'."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_text(keys: list[QKeySequence]) -> str:
    return ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys)


def keys_of(action: QAction) -> str:
    """An action's keys as the sheet lists them."""
    return keys_text(action.shortcuts())


def shortcut_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """(group, [(action, keys)]): each menu's features that have a shortcut, in menu
    order (Undo and Redo first in Edit), then the keys the views handle themselves."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for menu in MENUS:
        rows = [
            (plain(_(f.text)), keys_text(key_sequences(f.shortcuts)))
            for f in FEATURES
            if f.menu == menu and f.shortcuts
        ]
        if menu == "&Edit":
            undo, redo = key_sequences(UNDO_KEYS), key_sequences(REDO_KEYS)
            rows[:0] = [(_("Undo"), keys_text(undo)), (_("Redo"), keys_text(redo))]
        if rows:
            groups.append((plain(_(menu)), rows))
    working = [
        (_(group), [(_(name), _(keys)) for name, keys in rows]) for group, rows in WORKING_KEYS
    ]
    return groups + working


class ShortcutsSheet(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_sheet")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.filter = QLineEdit()
        self.filter.setAccessibleName(_("Filter shortcuts"))
        self.filter.setPlaceholderText(_("Type to narrow the list"))
        with_clear_button(self.filter)
        caption = QLabel(_("&Filter"))
        caption.setBuddy(self.filter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("shortcuts_list")
        self.tree.setAccessibleName(_("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Command"), _("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.filter, 1)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._narrow)
        metrics = self.fontMetrics()
        resize_within_screen(self, metrics.averageCharWidth() * 96, metrics.lineSpacing() * 44)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for title, rows in shortcut_groups():
            group = QTreeWidgetItem([title])
            group.setFont(0, bold)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(group)
            for name, keys in rows:
                group.addChild(QTreeWidgetItem([name, keys]))
        self.tree.expandAll()
        self._narrow(self.filter.text())

    def _groups(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """The tree as filled by refresh(): each group with its rows."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                rows = [group.child(c) for c in range(group.childCount())]
                found.append((group, [row for row in rows if row is not None]))
        return found

    @Slot(str)
    def _narrow(self, text: str) -> None:
        words = text.casefold().split()
        for group, items in self._groups():
            shown = 0
            for item in items:
                haystack = f"{group.text(0)} {item.text(0)} {item.text(1)}".casefold()
                hide = not all(word in haystack for word in words)
                item.setHidden(hide)
                shown += not hide
            group.setHidden(shown == 0)

    def entries(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) as listed, for tests and for reading aloud."""
        return [
            (group.text(0), item.text(0), item.text(1))
            for group, items in self._groups()
            for item in items
        ]


@dataclass
class Sheet:
    """The sheet once made: F1 again brings it to the front."""

    shown: ShortcutsSheet | None = None


def show_shortcuts(app: App) -> ShortcutsSheet:
    """F1: the sheet, beside the window (it stays open while you work)."""
    state = app.state(Sheet)
    sheet = state.shown
    if sheet is None:
        sheet = state.shown = ShortcutsSheet(app.widget)
    else:
        sheet.refresh()
    sheet.show()
    sheet.activateWindow()  # to the front when it was already open
    sheet.filter.setFocus()
    return sheet
