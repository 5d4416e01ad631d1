"""Editing in the room, from the presentation's keys: D marks the milestone shown
done (or back), 1–9 tick its actions, O, S and W choose its owner, status and due
date. Each is an attributed, undoable edit through the session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ...domain import edits
from ...domain.model import Milestone, MilestoneStatus, label
from ...domain.state import PlanRuleError
from ...i18n import _

if TYPE_CHECKING:
    from ..session import PlanSession


class Shown(Protocol):
    """What the editing keys need of the presentation window."""

    session: PlanSession

    def current(self) -> Milestone | None: ...

    def ask(self, title: str, prompt: str, options: list[str], current: int = 0) -> str | None: ...


class RoomEditing:
    """The edits the presentation's keys make to the milestone it shows."""

    def __init__(self, presentation: Shown) -> None:
        self.presentation = presentation
        self._status_before_done: dict[str, str] = {}

    @property
    def session(self) -> PlanSession:
        return self.presentation.session

    def toggle_done(self) -> bool:
        """Mark the milestone shown done, or back to what it was: one undoable edit."""
        milestone = self.presentation.current()
        if milestone is None:
            return False
        if milestone.status == MilestoneStatus.DONE:
            status = self._status_before_done.pop(milestone.id, MilestoneStatus.IN_PROGRESS)
        else:
            self._status_before_done[milestone.id] = milestone.status
            status = MilestoneStatus.DONE
        try:
            changes = edits.set_field(
                self.session.state, "milestone", milestone.id, "status", status, self.session.today
            )
        except PlanRuleError as exc:
            self.session.editRefused.emit(str(exc))
            return False
        return self.session.apply(changes)

    def _set(self, kind: str, entity_id: str, field: str, value: object) -> bool:
        try:
            changes = edits.set_field(
                self.session.state, kind, entity_id, field, value, self.session.today
            )
        except PlanRuleError as exc:
            self.session.editRefused.emit(str(exc))
            return False
        return self.session.apply(changes)

    def toggle_action(self, position: int) -> bool:
        """1–9: tick the milestone's action of that number done, or back."""
        milestone = self.presentation.current()
        actions = self.session.state.actions_of(milestone.id) if milestone else []
        if not 0 <= position < len(actions):
            return False
        action = actions[position]
        return self._set("action", action.id, "done", not action.done)

    def choose_owner(self) -> bool:
        milestone = self.presentation.current()
        if milestone is None:
            return False
        state = self.session.state
        people = [p for side in ("buyer", "seller") for p in state.people_on(side)]
        options = ["— nobody —", *(f"{p.name} ({label(p.side)})" for p in people)]
        ids = [None, *(p.id for p in people)]
        current = ids.index(milestone.owner_id) if milestone.owner_id in ids else 0
        choice = self.presentation.ask(
            _("Owner"), _("Who owns “{title}”?").format(title=milestone.title), options, current
        )
        if choice is None:
            return False
        return self._set("milestone", milestone.id, "owner_id", ids[options.index(choice)])

    def choose_status(self) -> bool:
        milestone = self.presentation.current()
        if milestone is None:
            return False
        statuses = list(MilestoneStatus)
        options = [label(s) for s in statuses]
        current = statuses.index(MilestoneStatus(milestone.status))
        choice = self.presentation.ask(
            _("Status"), _("Status of “{title}”:").format(title=milestone.title), options, current
        )
        if choice is None:
            return False
        return self._set("milestone", milestone.id, "status", statuses[options.index(choice)])

    def choose_due(self) -> bool:
        """W: a due date as quick add reads it (12 Mar, next Friday, +2w)."""
        import datetime as dt

        from ...domain.quick_add import QuickAddError, parse_date
        from ..common.values import locale_month_first

        milestone = self.presentation.current()
        if milestone is None:
            return False
        typed = self.presentation.ask(
            _("Due date"),
            _("When is “{title}” due? (12 Mar, +2w, T)").format(title=milestone.title),
            [],
        )
        if typed is None:
            return False
        try:
            due = parse_date(typed, dt.date.today(), month_first=locale_month_first())
        except QuickAddError as exc:
            self.session.editRefused.emit(_("Due date: {reason}").format(reason=exc.worded(_)))
            return False
        return self._set("milestone", milestone.id, "due", due)
