"""File ▸ Settle conflicts… (and the header's conflicts badge).

Where both sides changed the same thing since their copies last met, the dialog shows
theirs, ours and the value both had before, side by side, and records what the people
decide as one change that wins in every copy. (File ▸ Import plan PDF… is
plan_import.py.)
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import label
from ...domain.state import PlanRuleError
from ...exchange.conflicts import KEEP, REMOVE, Candidate, ConflictView, describe, settle
from ...exchange.conflicts import settlement as settlement_changes
from ...exchange.importer import possible_duplicates
from ...exchange.merge import ACTIVE
from ...i18n import _, ngettext
from ...store import StoreError
from ..common.screens import resize_within_screen
from ..common.value_editor import ValueEditor
from ..common.values import SIDE_COLOURS
from .conflict_parts import VIEW_ROLE, ConflictCard, ConflictListModel, conflict_card

if TYPE_CHECKING:
    from ..contract import OpenPlan
    from ..session import PlanSession

__all__ = ["ConflictDialog", "settle_conflicts"]

ERROR_STYLE = "color: #a31515;"


def settle_conflicts(plan: OpenPlan) -> ConflictDialog | None:
    """Open the conflict dialog for the open plan (window-modal, returns at once)."""
    window = plan.app
    try:
        views = describe(window.store, plan.session.state, plan.session.plan_id)
    except StoreError as exc:
        window.show_store_error(str(exc))
        return None
    if not views and not _duplicates_of(plan.session):
        window.say(_("This plan has no conflicts to settle."), 6000)
        return None
    dialog = ConflictDialog(plan, views)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class ConflictDialog(QDialog):
    """The pending conflicts on the left; the selected one side by side on the right."""

    def __init__(self, plan: OpenPlan, views: list[ConflictView]) -> None:
        super().__init__(plan.widget)
        self.window_ = plan.app
        self.session = plan.session  # the dialog is window-modal: the plan stays open
        self.setWindowTitle(_("Settle conflicts — MutualPlan"))
        resize_within_screen(self, 1120, 540)
        self.model = ConflictListModel(views, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(_("Conflicts"))
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setMinimumWidth(260)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)

        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.3)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.heading.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.cards = QHBoxLayout()
        self.cards.setSpacing(10)
        cards_holder = QWidget()
        cards_holder.setLayout(self.cards)

        # For a field: each side's card has its "Keep" button; or write another value.
        self.keep_theirs: QPushButton | None = None
        self.keep_ours: QPushButton | None = None
        self.write_box = QGroupBox(_("Or write another value"))
        self.write_layout = QHBoxLayout(self.write_box)
        self.use_written = QPushButton(_("&Use this value"))
        self.editor: ValueEditor | None = None
        self.field_page = QWidget()
        field_page = QVBoxLayout(self.field_page)
        field_page.setContentsMargins(0, 0, 0, 0)
        field_page.addWidget(self.write_box)

        # Buttons for a removal made apart from an edit.
        self.keep_it = QPushButton(_("&Keep it"))
        self.remove_it = QPushButton(_("&Remove it"))
        self.keep_it.setToolTip(
            _(
                "Keep it in the plan as it is now; the other side gets it back when they import "
                "your next PDF"
            )
        )
        self.remove_it.setToolTip(_("Remove it after all (Undo brings it back)"))
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        removal_buttons = QHBoxLayout()
        removal_buttons.addWidget(self.keep_it)
        removal_buttons.addWidget(self.remove_it)
        removal_buttons.addStretch(1)
        self.removal_page = QWidget()
        removal_page = QVBoxLayout(self.removal_page)
        removal_page.setContentsMargins(0, 0, 0, 0)
        removal_page.addLayout(removal_buttons)
        removal_page.addWidget(self.blocked)
        removal_page.addStretch(1)

        # Not `actions`, which would hide QWidget.actions().
        self.answers = QStackedWidget()
        self.answers.addWidget(self.field_page)
        self.answers.addWidget(self.removal_page)
        self.error = QLabel()
        self.error.setObjectName("conflict_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        detail = QWidget()
        right = QVBoxLayout(detail)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.heading)
        right.addWidget(self.explanation)
        right.addWidget(cards_holder)
        right.addWidget(self.answers)
        right.addWidget(self.error)
        right.addStretch(1)
        # Long values (an objective, exit criteria) scroll rather than being cut off.
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(detail)
        self.done_label = QLabel(
            _(
                "Every conflict is settled. The next PDF you export no longer says the plan "
                "has unsettled changes; send it to the other side so their copy agrees."
            )
        )
        self.done_label.setWordWrap(True)
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(scroller)
        self.pages.addWidget(self.done_label)

        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 820])
        self.remaining = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remaining, 1)
        bottom.addWidget(buttons)
        # A merge can join dependencies into a loop no single edit made: said here too.
        self.cycle_note = QLabel()
        self.cycle_note.setObjectName("cycle_note")
        self.cycle_note.setStyleSheet(ERROR_STYLE)
        self.cycle_note.setWordWrap(True)
        self.cycle_note.hide()
        # Milestones both sides added apart under one title: both are kept, and only the
        # people can tell whether they are one piece of work.
        self.duplicate_note = QLabel()
        self.duplicate_note.setObjectName("duplicate_note")
        self.duplicate_note.setWordWrap(True)
        self.duplicate_note.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.cycle_note)
        layout.addWidget(self.duplicate_note)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.use_written.clicked.connect(self._use_written)
        self.keep_it.clicked.connect(lambda: self.settle_current(KEEP))
        self.remove_it.clicked.connect(lambda: self.settle_current(REMOVE))
        self.list.selectionModel().currentChanged.connect(self._show_current)
        plan.session.editRefused.connect(self._refused)
        self._select(0)

    # -- showing ---------------------------------------------------------------------

    def current_view(self) -> ConflictView | None:
        index = self.list.currentIndex()
        return index.data(VIEW_ROLE) if index.isValid() else None

    def _show_cycles(self) -> None:
        from ...domain.health import find_cycles

        state = self.session.state
        looped = find_cycles(state)
        titles = [f"“{m.title}”" for m in state.milestone_order() if m.id in looped]
        self.cycle_note.setVisible(bool(titles))
        self.cycle_note.setText(
            _(
                "These milestones depend on each other in a loop since the "
                "copies were merged: {join}. Change one of their dependencies in "
                "the table to break it."
            ).format(join=", ".join(titles))
        )

    def _show_duplicates(self) -> None:
        groups = _duplicates_of(self.session)
        self.duplicate_note.setVisible(bool(groups))
        state = self.session.state
        listed = "; ".join(
            " and ".join(
                f"#{state.milestone_number(m)} “{escape(state.milestones[m].title)}”" for m in group
            )
            for group in groups
        )
        self.duplicate_note.setText(
            _(
                "<b>Possible duplicates</b>, added apart on both sides: "
                "{listed}. Both are kept; if they are the same piece of work, "
                "remove one in the table, otherwise give them titles that tell "
                "them apart."
            ).format(listed=listed)
        )

    def _select(self, row: int) -> None:
        self._show_cycles()
        self._show_duplicates()
        count = self.model.rowCount()
        self.remaining.setText(
            ngettext("{count} conflict to settle", "{count} conflicts to settle", count).format(
                count=count
            )
            if count
            else _("Nothing left to settle")
        )
        if not count:
            self.pages.setCurrentWidget(self.done_label)
            self.close_button.setDefault(True)
            self.close_button.setFocus()
            return
        self.pages.setCurrentIndex(0)
        self.list.setCurrentIndex(self.model.index(min(max(row, 0), count - 1)))
        self._show_current()

    @Slot()
    def _show_current(self, *_args: object) -> None:
        view = self.current_view()
        self.error.hide()
        if view is None:
            return
        self.heading.setText(view.what)
        _empty(self.cards)
        self.keep_theirs = self.keep_ours = None
        theirs_count = sum(1 for ours, _ in view.sides() if not ours)
        for ours, candidates in view.sides():
            card = self._side_card(view, ours, candidates)
            if not view.is_removal:
                first = candidates[0]
                text = _("Keep &ours") if ours else _("Keep &theirs")
                if not ours and theirs_count > 1:
                    text = _("Keep {author}'s").format(author=first.author)
                button = QPushButton(text)
                button.setToolTip(_("Settle with “{shown}”").format(shown=first.shown))
                button.clicked.connect(lambda _=False, v=first.value: self.settle_current(v))
                card.column.addWidget(button)
                if ours:
                    self.keep_ours = button
                else:
                    self.keep_theirs = self.keep_theirs or button
            self.cards.addWidget(card, 1)
        self.cards.addWidget(self._common_card(view), 1)
        if view.is_removal:
            back = (
                " Keeping it also brings back what its removal took with it: "
                + "; ".join(view.comes_back)
                + "."
                if view.comes_back
                else ""
            )
            self.explanation.setText(
                _(
                    "One side removed it while the other was still working on it. It stays in "
                    "the plan until you decide: keep it as it is now, or remove it after all."
                )
                + back
            )
            self.answers.setCurrentWidget(self.removal_page)
            self.keep_it.setEnabled(not view.blocked_by)
            self.blocked.setVisible(bool(view.blocked_by))
            self.blocked.setText(
                _(
                    "To keep it, first settle its other conflict ({join}): keeping "
                    "it keeps every field as the plan shows it now."
                ).format(join=", ".join(view.blocked_by))
            )
        else:
            shown = view.current_shown
            now = (
                f"“{shown}”"
                if len(shown) <= 60 and "\n" not in shown
                else _("the value marked “shown in the plan now”")
            )
            self.explanation.setText(
                _(
                    "Both sides changed this since the copies last met. Until you "
                    "decide, the plan shows {now}."
                ).format(now=now)
            )
            self.answers.setCurrentWidget(self.field_page)
            self._make_editor(view)

    def _make_editor(self, view: ConflictView) -> None:
        _empty(self.write_layout, keep=self.use_written)
        assert view.spec is not None
        self.editor = ValueEditor(view.spec, self.session.state, self.write_box)
        self.editor.set_value(view.current)
        self.write_layout.addWidget(self.editor.widget, 1)
        self.write_layout.addWidget(self.use_written)

    def _side_card(
        self, view: ConflictView, ours: bool, candidates: tuple[Candidate, ...]
    ) -> ConflictCard:
        first = candidates[0]
        title = _("Ours") if ours else _("Theirs")
        colour = SIDE_COLOURS.get(first.side)
        heading = f"{title} — {first.author} ({label(first.side)})"
        lines = []
        for candidate in candidates:
            meta = candidate.when
            if (candidate.author, candidate.side) != (first.author, first.side):
                meta = f"{candidate.author} ({label(candidate.side)}) · {meta}"
            lines.append((candidate.shown, meta))
        note = ""
        if not view.is_removal and first.value == view.current:
            note = _("shown in the plan now")
        return conflict_card(heading, lines, note, colour.name() if colour else None, first.replica)

    def _common_card(self, view: ConflictView) -> QFrame:
        heading = _("Before (both copies)") if view.is_removal else _("Common value")
        meta = _("what both copies held when they last met")
        return conflict_card(heading, [(view.common_shown, meta)], "", None, None)

    # -- settling --------------------------------------------------------------------

    def _use_written(self) -> None:
        if self.editor is None:
            return
        try:
            value = self.editor.value()
        except PlanRuleError as exc:
            self._refused(str(exc))
            return
        self.settle_current(value)

    def settle_current(self, choice: Any) -> bool:
        """Settle the selected conflict with `choice` (a value, KEEP or REMOVE)."""
        view = self.current_view()
        session = self.session
        if view is None:
            return False
        row = self.list.currentIndex().row()
        try:
            if view.field == ACTIVE:
                # Two plans change at once (this one and its rival): one transaction.
                settle(session.store, session.state, view, choice, session.author)
                session.reload()
            elif view.is_removal and choice == KEEP:
                # Recorded in the log only (the plan already holds it), so not undoable.
                settle(session.store, session.state, view, KEEP, session.author)
                session.reload()
            else:
                changes = settlement_changes(session.state, view, choice, session.today)
                if not session.apply(changes, f"Settle: {_settle_text(view)}"):
                    return False  # the session said why (editRefused)
        except PlanRuleError as exc:
            self._refused(str(exc))
            return False
        except StoreError as exc:
            self.window_.show_store_error(str(exc))
            return False
        self.refresh(row)
        return True

    def refresh(self, row: int = 0) -> None:
        session = self.session
        self.model.set_views(describe(session.store, session.state, session.plan_id))
        self._select(row)

    @Slot(str)
    def _refused(self, message: str) -> None:
        self.error.setText(_("Not settled: {message}").format(message=message))
        self.error.show()


def _duplicates_of(session: PlanSession) -> list[list[str]]:
    """Groups of milestone ids that may be one piece of work added twice."""
    try:
        return possible_duplicates(session.state, session.store.history(session.plan_id))
    except StoreError:
        return []


def _empty(layout: QHBoxLayout, keep: QWidget | None = None) -> None:
    """Take every widget out of `layout` (but `keep`), hidden at once, deleted later."""
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None and widget is not keep:
            widget.hide()
            widget.deleteLater()


def _settle_text(view: ConflictView) -> str:
    if view.is_removal:
        return f"remove {view.subject[:1].lower()}{view.subject[1:]}"
    return f"{view.subject[:1].lower()}{view.subject[1:]}, {view.field_label.lower()}"
