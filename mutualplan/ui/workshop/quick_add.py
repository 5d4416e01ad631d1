"""The quick-add bar: type "Security review — buyer — Priya — 12 Mar", press Enter,
and the milestone is in the plan, right after the current one."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QToolButton

from ...domain.model import label
from ...domain.quick_add import QuickAdd, QuickAddError, parse_quick_add, quick_add_changes
from ...i18n import N_, _
from ..common.theme import alert_colour, muted_colour
from ..common.values import format_date, person_name
from ..editor.milestone_model import ID_ROLE, KIND_ROLE, TITLE_COLUMN
from ..editor.table_bar import TableBar, show_bar
from .find import with_clear_button

if TYPE_CHECKING:
    from ..contract import App, OpenPlan
    from ..editor.plan_view import PlanView

# The example uses words the quick-add parser reads in each language (domain/quick_add).
EXAMPLE = N_("Security review — buyer — Priya — 12 Mar")
HINT = N_(
    "Title — side — owner — date, in any order after the title. "
    "Enter adds it after the current milestone; Esc closes."
)


def describe(quick: QuickAdd, view: PlanView) -> str:
    """ "Security review · Buyer · Priya Raghunathan · due 12 Mar 2027"."""
    state = view.session.state
    parts = [quick.title, label(quick.side)]
    if quick.owner_id:
        parts.append(person_name(state, quick.owner_id))
    elif quick.new_owner_name:
        parts.append(
            _("{name} (new person, {side})").format(
                name=quick.new_owner_name,
                side=_(quick.new_owner_side) if quick.new_owner_side else "",
            )
        )
    else:
        parts.append(_("no owner yet"))
    if quick.start:
        parts.append(_("starts {date}").format(date=format_date(quick.start)))
    parts.append(
        _("due {date}").format(date=format_date(quick.due)) if quick.due else _("no due date")
    )
    return " · ".join(parts)


class QuickAddBar(TableBar):
    milestoneAdded = Signal(str)  # the new milestone's id

    def __init__(self, window: App, view: PlanView) -> None:
        super().__init__(view)
        self.window_ = window
        self.view = view
        self.setObjectName("quick_add_bar")
        self.line = QLineEdit()
        self.line.setObjectName("quick_add_line")
        self.line.setAccessibleName(_("Quick add a milestone"))
        self.line.setPlaceholderText(_(EXAMPLE))
        with_clear_button(self.line)
        self.line.installEventFilter(self)
        caption = QLabel(_("&Quick add"))
        caption.setBuddy(self.line)
        self.preview = QLabel()
        self.preview.setObjectName("quick_add_preview")
        self.preview.setAccessibleName(_("How the line reads"))
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        close = QToolButton()
        close.setText(_("Close"))
        close.setAccessibleName(_("Close quick add"))
        close.setToolTip(_("Close quick add (Esc)"))
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setVerticalSpacing(2)
        layout.addWidget(caption, 0, 0)
        layout.addWidget(self.line, 0, 1)
        layout.addWidget(close, 0, 2)
        layout.addWidget(self.preview, 1, 1, 1, 2)  # under the line it reads
        layout.setColumnStretch(1, 1)
        self.line.textChanged.connect(self.update_preview)
        self.line.returnPressed.connect(self.commit)
        view.session.changesApplied.connect(self.update_preview)  # new people, new dates
        self.update_preview()

    # -- reading the line --------------------------------------------------------------

    def parse(self) -> QuickAdd:
        session = self.view.session
        return parse_quick_add(self.line.text(), session.state, session.today, self.window_.me.side)

    @Slot()
    def update_preview(self) -> None:
        text = self.line.text()
        if not text.strip():
            self._show(_(HINT), muted_colour(self).name())
            return
        try:
            quick = self.parse()
        except QuickAddError as exc:
            self._show(f"⚠ {exc.worded(_)}", alert_colour(self).name())
            return
        where = self._after_number()
        place = " · " + (
            _("after #{number}").format(number=where) if where else _("at the end")
        )
        self._show(f"→ {describe(quick, self.view)}{place}", None)

    def _show(self, text: str, colour: str | None) -> None:
        body = escape(text)
        self.preview.setText(
            _("<span style='color:{colour}'>{body}</span>").format(colour=colour, body=body)
            if colour
            else body
        )
        self.preview.setAccessibleDescription(text)

    def _after(self) -> str | None:
        """The milestone the new one goes after: the current row's (its parent's for an
        action row), or None for the end of the plan."""
        index = self.view.tree.currentIndex()
        if not index.isValid():
            return None
        entity_id = index.data(ID_ROLE)
        if entity_id is None:  # a phase heading: after the last milestone it heads
            return self.view.milestones.last_under(index)
        if index.data(KIND_ROLE) == "action":
            action = self.view.session.state.actions.get(entity_id)
            return action.milestone_id if action else None
        return entity_id

    def _after_number(self) -> int | None:
        after = self._after()
        state = self.view.session.state
        return state.milestone_number(after) if after in state.milestones else None

    # -- adding ------------------------------------------------------------------------

    @Slot()
    def commit(self) -> bool:
        """Add the typed milestone (and its new owner) as one undoable edit."""
        try:
            quick = self.parse()
        except QuickAddError as exc:
            self._show(f"⚠ {exc.worded(_)}", alert_colour(self).name())
            return False
        session = self.view.session
        changes = quick_add_changes(session.state, quick, after_id=self._after())
        if not session.apply(changes, f"Quick add “{quick.title}”"):
            return False  # the window says why; the line stays for a correction
        milestone_id = next(c.entity_id for c in changes if c.entity == "milestone")
        index = self.view.milestones.index_of(milestone_id, TITLE_COLUMN)
        if index.isValid():
            self.view.tree.setCurrentIndex(index)  # the next line goes after this one
            self.view.tree.scrollTo(index)
        self.line.clear()
        self.window_.say(_("Added “{title}”").format(title=quick.title), 4000)
        self.milestoneAdded.emit(milestone_id)
        return True

    # -- showing and hiding ------------------------------------------------------------

    def open_bar(self) -> None:
        self.show()
        self.line.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.line.selectAll()
        self.update_preview()

    @Slot()
    def close_bar(self) -> None:
        self.hide()
        self.view.tree.setFocus(Qt.FocusReason.OtherFocusReason)


def quick_add(plan: OpenPlan) -> QuickAddBar:
    """Show the quick-add bar above the milestone table (Ctrl+L)."""
    return show_bar(plan.view, QuickAddBar, lambda view: QuickAddBar(plan.app, view))
