"""Marking a milestone done while some of its actions are still open asks, in a bar over
the window, whether to tick them too (one edit, one undo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QPushButton

from ...domain import edits
from ...domain.changes import SET, Change
from ...domain.model import MilestoneStatus
from ...i18n import _, ngettext
from ..common.overlay import OfferBar

if TYPE_CHECKING:
    from ..contract import App
    from ..session import PlanSession

class OpenActionsOffer(QObject):
    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.setObjectName("openActionsOffer")
        self.window_ = window
        self.milestone_id: str | None = None
        self.tick_button = QPushButton(_("&Tick them done"))
        self.tick_button.clicked.connect(self.tick_them)
        self.leave_button = QPushButton(_("Leave them &open"))
        self.leave_button.clicked.connect(self.dismiss)
        self.notice = OfferBar(
            "openActionsNotice",
            _("Offer to tick the open actions"),
            self.tick_button,
            self.leave_button,
        )
        self.text = self.notice.text
        window.message_area.add(self.notice, self.notice.style_sheet)

    def attach(self, session) -> None:  # noqa: ANN001 - PlanSession
        session.changesApplied.connect(self._changes_applied)
        session.planReloaded.connect(self.dismiss)
        self.dismiss()

    def _open_actions(self) -> list:
        session = self.window_.session
        if session is None or self.milestone_id not in session.state.milestones:
            return []
        return [a for a in session.state.actions_of(self.milestone_id) if not a.done]

    @Slot(list)
    def _changes_applied(self, changes: list[Change]) -> None:
        session = self.window_.session
        if session is None or session.replaying:
            self.dismiss()
            return
        done = [
            c.entity_id
            for c in changes
            if c.op == SET
            and c.entity == "milestone"
            and c.field == "status"
            and c.new == MilestoneStatus.DONE
        ]
        if not done:
            if self.milestone_id and not self._open_actions():
                self.dismiss()
            return
        self.milestone_id = done[-1]
        open_actions = self._open_actions()
        if not open_actions:
            self.dismiss()
            return
        state = session.state
        milestone = state.milestones[self.milestone_id]
        count = len(open_actions)
        self.tick_button.setText(ngettext("&Tick it done", "&Tick them done", count))
        self.notice.offer(
            ngettext(
                "#{number} “{title}” is done, but one of its actions is still open. Tick it "
                "done too?",
                "#{number} “{title}” is done, but {count} of its actions are still open. Tick "
                "them done too?",
                count,
            ).format(
                number=state.milestone_number(milestone.id), title=milestone.title, count=count
            )
        )

    @Slot()
    def tick_them(self) -> bool:
        session = self.window_.session
        open_actions = self._open_actions()
        if session is None or not open_actions:
            self.dismiss()
            return False
        changes: list[Change] = []
        for action in open_actions:
            changes += edits.set_field(session.state, "action", action.id, "done", True)
        applied = session.apply(changes, _("Tick the open actions done"))
        self.dismiss()
        return applied

    @Slot()
    def dismiss(self) -> None:
        self.milestone_id = None
        view = self.window_.plan_view
        self.notice.withdraw(view.tree if view is not None else None)


@dataclass
class _Offered:
    offer: OpenActionsOffer | None = None


def open_actions_offer(window: App) -> OpenActionsOffer:
    """The window's offer to tick open actions (made on first use)."""
    kept = window.state(_Offered)
    if kept.offer is None:
        kept.offer = OpenActionsOffer(window)
    return kept.offer


def offer_to_tick_open_actions(window: App, session: PlanSession) -> None:
    """Called when a plan opens: watch its session for milestones marked done."""
    open_actions_offer(window).attach(session)
