"""Find and filter: narrow the milestone table by text, side, owner and status.

Rows that do not match are hidden in the tree itself (no proxy model), so every edit
still goes to the one milestone model, and the filter is applied again after each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton

from ...domain.changes import CREATE
from ...domain.model import Milestone, MilestoneStatus, Side, label
from ...domain.quick_add import fold
from ...domain.state import PlanState
from ...i18n import _, ngettext
from ..editor.milestone_model import TITLE_COLUMN
from ..editor.table_bar import TableBar, show_bar

if TYPE_CHECKING:
    from ..contract import OpenPlan
    from ..editor.plan_view import PlanView

NOBODY = ""  # the owner filter's value for milestones nobody owns


def with_clear_button(line: QLineEdit) -> QLineEdit:
    """The line's clear button, named for screen readers (Qt leaves it nameless)."""
    line.setClearButtonEnabled(True)
    for button in line.findChildren(QToolButton):
        button.setAccessibleName(_("Clear the text"))
    return line


def matches(
    state: PlanState,
    milestone: Milestone,
    text: str = "",
    side: str | None = None,
    owner: str | None = None,
    status: str | None = None,
) -> bool:
    """Whether a milestone passes the filter. Every word of `text` must appear (case and
    accents ignored) in its title, description, exit criteria or an action's title;
    `owner` matches the milestone's owner or the owner of one of its actions."""
    if side is not None and milestone.side != side:
        return False
    if status is not None and milestone.status != status:
        return False
    actions = state.actions_of(milestone.id)
    if owner == NOBODY and milestone.owner_id is not None:
        return False
    if owner and owner != milestone.owner_id and all(a.owner_id != owner for a in actions):
        return False
    words = fold(text).split()
    if not words:
        return True
    haystack = fold(
        " ".join(
            (milestone.title, milestone.description, milestone.exit_criteria)
            + tuple(a.title for a in actions)
        )
    )
    return all(word in haystack for word in words)


class FindBar(TableBar):
    def __init__(self, view: PlanView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("find_bar")
        self.text = QLineEdit()
        self.text.setObjectName("find_text")
        self.text.setAccessibleName(_("Find text"))
        self.text.setPlaceholderText(_("Words in titles, descriptions, exit criteria or actions"))
        with_clear_button(self.text)
        caption = QLabel(_("&Find"))
        caption.setBuddy(self.text)
        self.side = QComboBox()
        self.side.setAccessibleName(_("Filter by side"))
        self.side.addItem(_("Any side"), None)
        for side in Side:
            self.side.addItem(label(side), str(side))
        self.owner = QComboBox()
        self.owner.setAccessibleName(_("Filter by owner"))
        self.owner.setToolTip(_("Milestones this person owns, or owns an action in"))
        # As wide as the longest name: a name cut short is no use for choosing.
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status = QComboBox()
        self.status.setAccessibleName(_("Filter by status"))
        self.status.addItem(_("Any status"), None)
        for status in MilestoneStatus:
            self.status.addItem(label(status), str(status))
        self.count = QLabel()
        self.count.setObjectName("find_count")
        self.count.setAccessibleName(_("Milestones shown"))
        close = QToolButton()
        close.setText(_("Close"))
        close.setAccessibleName(_("Close find and filter"))
        close.setToolTip(_("Clear the filter and close (Esc)"))
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(caption)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.side)
        layout.addWidget(self.owner)
        layout.addWidget(self.status)
        layout.addWidget(self.count)
        layout.addWidget(close)
        for widget in (self.text, self.side, self.owner, self.status):
            widget.installEventFilter(self)
        self._fill_owners()
        # Milestones added while filtering stay in view (Enter in the table, quick add)
        # until the filter itself changes: a new row must not vanish as it is typed in.
        self._just_added: set[str] = set()
        self.text.textChanged.connect(self._filter_changed)
        self.text.returnPressed.connect(self.go_to_results)
        for combo in (self.side, self.owner, self.status):
            combo.currentIndexChanged.connect(self._filter_changed)
        session = view.session
        session.changesApplied.connect(self._after_change)
        session.planReloaded.connect(self._reloaded)
        model = view.milestones
        for signal in (model.modelReset, model.layoutChanged):  # rows the tree forgot
            signal.connect(self.apply)

    def _fill_owners(self) -> None:
        chosen = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(_("Anyone"), None)
        self.owner.addItem(_("Nobody yet"), NOBODY)
        for side in (Side.BUYER, Side.SELLER):
            for person in self.view.session.state.people_on(side):
                self.owner.addItem(f"{person.name} ({label(side)})", person.id)
        self.owner.setCurrentIndex(max(self.owner.findData(chosen), 0))
        self.owner.blockSignals(False)

    @Slot(list)
    def _after_change(self, changes) -> None:
        self._just_added |= {
            c.entity_id for c in changes if c.entity == "milestone" and c.op == CREATE
        }
        if any(c.entity == "person" for c in changes):
            self._fill_owners()
        self.apply()

    @Slot()
    def _reloaded(self) -> None:
        self._fill_owners()
        self.apply()

    def active(self) -> bool:
        return bool(self.text.text().strip()) or any(
            combo.currentData() is not None for combo in (self.side, self.owner, self.status)
        )

    @Slot()
    def _filter_changed(self) -> None:
        self._just_added.clear()
        self.apply()

    @Slot()
    def apply(self) -> None:
        """Hide the milestones that do not match; say how many are shown."""
        model, tree, state = self.view.milestones, self.view.tree, self.view.session.state
        active = not self.isHidden() and self.active()
        filters = (
            self.text.text(),
            self.side.currentData(),
            self.owner.currentData(),
            self.status.currentData(),
        )
        total = shown = 0
        heading: int | None = None  # a phase heading shows while one of its milestones does
        for row in range(model.rowCount()):
            milestone = model.entity_at(model.index(row, 0))
            if not isinstance(milestone, Milestone):  # a phase heading (the only other row)
                heading = row
                tree.setRowHidden(row, QModelIndex(), active)
                continue
            keep = not active or (
                milestone.id in self._just_added or matches(state, milestone, *filters)
            )
            tree.setRowHidden(row, QModelIndex(), not keep)
            if keep and heading is not None:
                tree.setRowHidden(heading, QModelIndex(), False)
            total += 1
            shown += keep
        words = (
            ngettext("{shown} of {total} milestone", "{shown} of {total} milestones", total)
            if active
            else ngettext("{total} milestone", "{total} milestones", total)
        )
        self.count.setText(words.format(shown=shown, total=total))

    @Slot()
    def go_to_results(self) -> None:
        """Enter in the text: to the first milestone shown, in the table."""
        tree, model = self.view.tree, self.view.milestones
        for row in range(model.rowCount()):
            if not tree.isRowHidden(row, QModelIndex()) and not model.is_heading(
                model.index(row, 0)
            ):
                tree.setCurrentIndex(model.index(row, TITLE_COLUMN))
                break
        tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_bar(self) -> None:
        self.show()
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()
        self.apply()

    @Slot()
    def close_bar(self) -> None:
        """Esc: clear every filter, show all rows, and go back to the table."""
        for combo in (self.side, self.owner, self.status):
            combo.setCurrentIndex(0)
        self.text.clear()
        self.hide()
        self.apply()
        self.view.tree.setFocus(Qt.FocusReason.OtherFocusReason)


def find(plan: OpenPlan) -> FindBar:
    """Show the find and filter bar above the milestone table (Ctrl+F)."""
    return show_bar(plan.view, FindBar, lambda view: FindBar(view))
