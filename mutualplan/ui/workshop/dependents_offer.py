"""The offer to move what depends on a milestone that moved later: a one-click notice
in the window (a question on every date edit would stop a workshop). It listens to the
session for dates the user moved later, and ignores undo, redo and its own edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QPushButton

from ...domain.changes import Change
from ...i18n import _, ngettext
from ..common.overlay import OfferBar
from ..common.values import format_date

if TYPE_CHECKING:
    from ..contract import App
    from ..session import PlanSession

class DependentsOffer(QObject):
    """ "Also move the 3 milestones that depend on it?", one click away.

    Shown when the user moves a milestone's start or due later and something that
    depends on it would then start before it is due. Undo and redo hide it; edits it
    or the schedule dialog make are not offered again.
    """

    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.setObjectName("dependentsOffer")
        self.window_ = window
        self._own = False
        self._moved: list[str] = []
        self.pending: list[Change] = []

        self.move_button = QPushButton(_("&Move them"))
        self.move_button.setToolTip(_("Move them later as one edit (undo puts them back)"))
        self.move_button.clicked.connect(self.move_them)
        self.dismiss_button = QPushButton(_("&Leave them"))
        self.dismiss_button.clicked.connect(self.dismiss)
        self.notice = OfferBar(
            "dependentsNotice",
            _("Offer to move dependent milestones"),
            self.move_button,
            self.dismiss_button,
        )
        self.text = self.notice.text
        window.message_area.add(self.notice, self.notice.style_sheet)

    def attach(self, session: PlanSession) -> None:
        session.changesApplied.connect(self._changes_applied)
        session.planReloaded.connect(self.dismiss)
        self.dismiss()

    def own_edit(self) -> _OwnEdit:
        """A context in which the session's edits are this feature's, not the user's."""
        return _OwnEdit(self)

    @property
    def session(self) -> PlanSession | None:
        return self.window_.session

    @Slot(list)
    def _changes_applied(self, changes: list[Change]) -> None:
        session = self.session
        if session is None:
            return
        if self._own or session.replaying:
            self.dismiss()
            return
        # Scheduling and the calendars are loaded when a plan is edited, not at start.
        from ...domain.scheduling import moved_later

        moved = [mid for mid in moved_later(changes) if mid in session.state.milestones]
        if moved:
            self._moved = moved
        self._offer()

    def _offer(self) -> None:
        session = self.session
        self._moved = [mid for mid in self._moved if session and mid in session.state.milestones]
        if session is None or not self._moved:
            self.dismiss()
            return
        from ...domain.scheduling import push_dependents
        from .working_calendars import saved_calendars

        state = session.state
        moved = {
            mid: (state.milestones[mid].start, state.milestones[mid].due) for mid in self._moved
        }
        self.pending = push_dependents(state, moved, saved_calendars(self.window_.store))
        if not self.pending:
            self.dismiss()
            return
        following = sorted({c.entity_id for c in self.pending}, key=state.milestone_number)
        count = len(following)
        numbers = ", ".join(f"#{state.milestone_number(mid)}" for mid in following)
        if len(self._moved) == 1:
            m = state.milestones[self._moved[0]]
            text = ngettext(
                "#{number} “{title}” is now due {due}. Also move the milestone that depends "
                "on it ({numbers})?",
                "#{number} “{title}” is now due {due}. Also move the {count} milestones that "
                "depend on it ({numbers})?",
                count,
            ).format(
                number=state.milestone_number(m.id),
                title=m.title,
                due=format_date(m.due),
                count=count,
                numbers=numbers,
            )
        else:
            text = ngettext(
                "{moved} milestones moved later. Also move the milestone that depends on them "
                "({numbers})?",
                "{moved} milestones moved later. Also move the {count} milestones that depend "
                "on them ({numbers})?",
                count,
            ).format(moved=len(self._moved), count=count, numbers=numbers)
        self.move_button.setText(_("&Move it") if count == 1 else _("&Move them"))
        self.dismiss_button.setText(_("&Leave it") if count == 1 else _("&Leave them"))
        self.notice.offer(text)

    @Slot()
    def move_them(self) -> bool:
        session = self.session
        if session is None or not self.pending:
            return False
        self._offer()  # from the plan as it is now
        changes = self.pending
        if not changes:
            return False
        count = len({c.entity_id for c in changes})
        state = session.state
        text = (
            f"Move what depends on “{state.milestones[self._moved[0]].title}”"
            if len(self._moved) == 1
            else "Move what depends on the moved milestones"
        )
        with self.own_edit():
            applied = session.apply(changes, text)
        if applied:
            self.window_.say(
                ngettext(
                    "Moved {count} milestone later. Undo (Ctrl+Z) puts it back.",
                    "Moved {count} milestones later. Undo (Ctrl+Z) puts them back.",
                    count,
                ).format(count=count),
                8000,
            )
        self.dismiss()
        return applied

    @Slot()
    def dismiss(self) -> None:
        self.pending = []
        self._moved = []
        view = self.window_.plan_view
        self.notice.withdraw(view.tree if view is not None else None)


class _OwnEdit:
    def __init__(self, offer: DependentsOffer) -> None:
        self._offer = offer

    def __enter__(self) -> None:
        self._offer._own = True

    def __exit__(self, *exc: object) -> None:
        self._offer._own = False


@dataclass
class _Offered:
    """The window's offer, kept once made."""

    offer: DependentsOffer | None = None


def dependents_offer(window: App) -> DependentsOffer:
    """The window's offer to move dependents (made on first use)."""
    kept = window.state(_Offered)
    if kept.offer is None:
        kept.offer = DependentsOffer(window)
    return kept.offer


def offer_to_move_dependents(window: App, session: PlanSession) -> None:
    """Called when a plan opens: watch its session for milestones moved later."""
    dependents_offer(window).attach(session)
