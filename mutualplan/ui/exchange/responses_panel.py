"""The Responses panel: the other side's answers from review copies, grouped by what
they answer, where the seller accepts, declines or answers each one.

Accepting is an undoable edit like any other: the plan's changes are the reviewer's
(proposed by them), entered by whoever is editing; undo reverts them and reopens the
answer. The workflow itself is Qt-free (workflows/answering.py).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.changes import Change
from ...domain.responses import OPEN, Proposal, changed_since, describe, outcome, outcome_lines
from ...domain.state import PlanRuleError, PlanState
from ...i18n import N_, _, ngettext
from ...store import StoreError

if TYPE_CHECKING:
    from ..contract import App
    from ..session import PlanSession

PROPOSAL_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (N_("Answer"), N_("Who"), N_("Revision"), N_("Imported"), N_("What happened"))
OUTCOME_WORDS = {
    "open": N_("Open"),
    "changed": N_("Open — changed since"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "answered": N_("Answered"),
}


def _item_heading(proposal: Proposal, state: PlanState) -> tuple[tuple, str]:
    if proposal.entity == "milestone" and proposal.entity_id in state.milestones:
        number = state.milestone_number(proposal.entity_id)
        title = state.milestones[proposal.entity_id].title
        return (0, number, proposal.entity_id), f"#{number} {title}"
    if proposal.entity == "evidence" and proposal.entity_id in state.evidence:
        order = [e.id for e in state.ordered("evidence")].index(proposal.entity_id)
        title = state.evidence[proposal.entity_id].title
        return (1, order, proposal.entity_id), _("Evidence: {title}").format(title=title)
    if proposal.entity == "plan":
        return (2, 0, ""), _("The plan")
    removed = {
        "milestone": N_("A milestone removed since"),
        "evidence": N_("Evidence removed since"),
    }
    if proposal.entity in removed:
        return (3, 0, proposal.entity_id), _(removed[proposal.entity])
    return (3, 0, proposal.entity_id), f"A {proposal.entity} removed since"


class ResponsesModel(QStandardItemModel):
    """Answers grouped by what they answer (milestones in the plan's order first)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setHorizontalHeaderLabels([_(column) for column in COLUMNS])

    def fill(self, proposals: list[Proposal], state: PlanState) -> None:
        self.removeRows(0, self.rowCount())
        groups: dict[tuple, tuple[str, list[Proposal]]] = {}
        for proposal in proposals:
            key, heading = _item_heading(proposal, state)
            groups.setdefault(key, (heading, []))[1].append(proposal)
        for key in sorted(groups):
            heading, items = groups[key]
            top = QStandardItem(f"{heading} ({len(items)})")
            top.setEditable(False)
            font = top.font()
            font.setBold(True)
            top.setFont(font)
            rest = [QStandardItem("") for _column in COLUMNS[1:]]
            for cell in rest:
                cell.setEditable(False)
            for proposal in items:
                when = proposal.imported_at[:16].replace("T", " ")
                row = [
                    QStandardItem(describe(proposal, state, _)),
                    QStandardItem(f"{proposal.reviewer.name} ({proposal.reviewer.side})"),
                    QStandardItem(
                        f"{proposal.revision_number} ({proposal.revision_sha256[:8]})"
                    ),
                    QStandardItem(when),
                    QStandardItem(_(OUTCOME_WORDS[outcome(proposal, state)])),
                ]
                for cell in row:
                    cell.setEditable(False)
                    cell.setData(proposal.id, PROPOSAL_ROLE)
                    cell.setToolTip(describe(proposal, state, _))
                top.appendRow(row)
            self.appendRow([top, *rest])


class AcceptAnswerCommand(QUndoCommand):
    """Accepting an answer: the reviewer's changes in the plan, the answer accepted."""

    def __init__(self, panel: ResponsesPanel, proposal: Proposal, changes: list[Change]) -> None:
        super().__init__(f"Accept {proposal.reviewer.name}'s proposal")
        self.panel = panel
        self.proposal_id = proposal.id or 0
        self.changes = changes
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.changes = self.panel.run_accept(self.proposal_id) or []

    def undo(self) -> None:
        self.panel.run_undo_accept(self.proposal_id, self.changes)


class ResponsesPanel(QWidget):
    """The answers of the open plan, with what can be done to the selected one."""

    answersChanged = Signal()

    def __init__(self, window: App, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.session: PlanSession | None = None
        self.proposals: dict[int, Proposal] = {}
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = ResponsesModel(self)
        self.view = QTreeView()
        self.view.setAccessibleName(_("Answers from review copies"))
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(True)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.view.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumHeight(60)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.accept_button = QPushButton(_("&Accept"))
        self.accept_button.setToolTip(_("Make the proposal part of the plan (undo takes it back)"))
        self.decline_button = QPushButton(_("&Decline…"))
        self.decline_button.setToolTip(
            _("Decline the proposal, with a reason the other side reads")
        )
        self.answer_button = QPushButton(_("A&nswer…"))
        self.answer_button.setToolTip(_("Answer in words; the plan is unchanged"))
        self.accept_button.clicked.connect(self.accept_selected)
        self.decline_button.clicked.connect(self.decline_selected)
        self.answer_button.clicked.connect(self.answer_selected)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.decline_button, self.answer_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- following the open plan ---------------------------------------------------------

    def set_session(self, session: PlanSession | None) -> None:
        if self.session is session:
            self.refresh()
            return
        # The window deletes the session it replaces, and its connections with it.
        self.session = session
        if session is not None:
            session.changesApplied.connect(self.refresh)
            session.planReloaded.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self, *_args: object) -> None:
        session = self.session
        current = self.selected()
        if session is None:
            self.model.removeRows(0, self.model.rowCount())
            self.summary.setText(_("No plan is open."))
            self._update_buttons()
            return
        try:
            proposals = session.store.proposals_of(session.plan_id)
        except StoreError as exc:
            self.summary.setText(escape(str(exc)))
            return
        self.proposals = {p.id or 0: p for p in proposals}
        self.model.fill(proposals, session.state)
        for row in range(self.model.rowCount()):
            # The item's title across the whole width, its answers beneath.
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
        self.view.expandAll()
        lines = outcome_lines(proposals, session.state, _, ngettext)
        if lines:
            self.summary.setText("<br>".join(escape(line) for line in lines))
        else:
            self.summary.setText(
                _(
                    "No answers yet. File ▸ Send for review… writes a review copy the other side "
                    "fills in any PDF reader; File ▸ Import plan PDF… reads it back."
                )
            )
        if current is not None:
            self.select(current.id or 0)
        self._show_details()
        self.answersChanged.emit()

    def select(self, proposal_id: int) -> None:
        for row in range(self.model.rowCount()):
            group = self.model.index(row, 0)
            for child in range(self.model.rowCount(group)):
                index = self.model.index(child, 0, group)
                if index.data(PROPOSAL_ROLE) == proposal_id:
                    self.view.setCurrentIndex(index)
                    return

    def selected(self) -> Proposal | None:
        index = self.view.currentIndex()
        proposal_id = index.data(PROPOSAL_ROLE) if index.isValid() else None
        return self.proposals.get(proposal_id) if proposal_id is not None else None

    @Slot(QModelIndex, QModelIndex)
    def _selection_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_details()

    def _show_details(self) -> None:
        proposal = self.selected()
        self._update_buttons()
        if proposal is None or self.session is None:
            self.details.setText("")
            return
        state = self.session.state
        parts = [
            f"<b>{escape(proposal.reviewer.name)}</b> ({escape(proposal.reviewer.side)}, "
            f"{escape(proposal.reviewer.organisation)}) on revision "
            f"{proposal.revision_number} ({proposal.revision_sha256[:8]}):",
            escape(describe(proposal, state, _)),
        ]
        since = changed_since(proposal, state) if proposal.status == OPEN else {}
        for name, (seen, now) in since.items():
            if not name:
                parts.append("<i>The item has been removed from the plan since.</i>")
                continue
            parts.append(
                f"<i>Changed since the review: {escape(name.replace('_id', ''))} was "
                f"{escape(_value(state, name, seen))}, today "
                f"{escape(_value(state, name, now))}.</i>"
            )
        if proposal.reply:
            parts.append(f"{escape(proposal.status.capitalize())} by "
                         f"{escape(proposal.decided_by)}: “{escape(proposal.reply)}”")
        elif proposal.status != OPEN:
            parts.append(f"{escape(proposal.status.capitalize())} by "
                         f"{escape(proposal.decided_by)}.")
        self.details.setText("<br>".join(parts))

    def _update_buttons(self) -> None:
        proposal = self.selected()
        is_open = proposal is not None and proposal.status == OPEN
        self.accept_button.setEnabled(proposal is not None and is_open and proposal.acceptable)
        self.decline_button.setEnabled(
            proposal is not None and is_open and not proposal.is_comment
        )
        self.answer_button.setEnabled(is_open)

    # -- what the seller does ------------------------------------------------------------

    @Slot()
    def accept_selected(self) -> None:
        proposal = self.selected()
        if proposal is None or self.session is None:
            return
        changes = self.run_accept(proposal.id or 0)
        if changes is not None:
            self.session.undo_stack.push(AcceptAnswerCommand(self, proposal, changes))

    def run_accept(self, proposal_id: int) -> list[Change] | None:
        from ...workflows.answering import accept

        session = self.session
        if session is None:
            return None
        changes = session.write(
            lambda: accept(session.store, session.state, proposal_id, session.author, session.today)
        )
        if changes is not None:
            self.refresh()
        return changes

    def run_undo_accept(self, proposal_id: int, changes: list[Change]) -> None:
        from ...workflows.answering import undo_accept

        session = self.session
        if session is None:
            return
        try:
            recorded = undo_accept(session.store, session.state, proposal_id, changes,
                                   session.author)
        except (PlanRuleError, StoreError) as exc:
            self.window_.show_refusal(str(exc))
            return
        from ...domain.changes import inverse_of

        session.applied_elsewhere(inverse_of(changes), recorded)
        self.refresh()

    @Slot()
    def decline_selected(self) -> None:
        self._reply(
            _("Decline the proposal"),
            _("Why is it declined? The other side reads this."),
            decline=True,
        )

    @Slot()
    def answer_selected(self) -> None:
        self._reply(_("Answer"), _("Your answer (the plan is unchanged):"), decline=False)

    def _reply(self, title: str, prompt: str, *, decline: bool) -> None:
        from ...workflows.answering import answer
        from ...workflows.answering import decline as decline_answer

        proposal = self.selected()
        session = self.session
        if proposal is None or session is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, title, prompt)
        if not ok:
            return
        try:
            if decline:
                decline_answer(session.store, proposal.id or 0, text, session.author)
            else:
                answer(session.store, proposal.id or 0, text, session.author)
        except (PlanRuleError, StoreError) as exc:
            self.window_.show_refusal(str(exc))
            return
        self.refresh()


def _value(state: PlanState, name: str, value: object) -> str:
    if value is None:
        return "not set"
    if name == "owner_id":
        person = state.people.get(str(value))
        return person.name if person else "nobody"
    return str(value)
