"""The open plan in the window: its state, who is editing, and the undo stack.

Every edit from any panel goes through `PlanSession.apply`, which commits the
changes to the store and pushes one undoable command. Panels listen to
`changesApplied` and update only what changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..domain.canonical import state_from_snapshot
from ..domain.changes import Change, RecordedChange, inverse_of
from ..domain.health import HealthTracker, PlanHealth, slip_of, slips
from ..domain.model import Author, Revision
from ..domain.state import PlanRuleError, PlanState, StaleChangeError
from ..store import Store, StoreError


class ChangesCommand(QUndoCommand):
    """One user edit (a list of changes) that undo reverts by applying its inverse."""

    def __init__(self, session: PlanSession, changes: list[Change], text: str) -> None:
        super().__init__(text)
        self._session = session
        self._changes = changes
        self._already_done = True  # apply() committed it before pushing

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self._run(self._changes)

    def undo(self) -> None:
        self._run(inverse_of(self._changes))

    def _run(self, changes: list[Change]) -> None:
        self._session.replaying = True
        try:
            committed = self._session._commit_or_report(changes)
        finally:
            self._session.replaying = False
        if not committed:
            # The plan moved on under this command (another window, a merge): the
            # rest of the stack can no longer be trusted. Clear it once Qt is done
            # with this call.
            QTimer.singleShot(0, self._session.undo_stack.clear)


class PlanSession(QObject):
    changesApplied = Signal(list)  # list[Change], after they reached the database
    changesRecorded = Signal(list)  # list[RecordedChange]
    planReloaded = Signal()
    editRefused = Signal(str)  # a plan rule said no; nothing was saved
    refusalCleared = Signal()  # what was refused now reads as a valid value
    storeFailed = Signal(str)  # the environment failed (disk full, locked...)
    authorChanged = Signal()

    def __init__(self, store: Store, state: PlanState, author: Author, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.state = state
        self.author = author
        self.undo_stack = QUndoStack(self)
        # True while undo or redo re-applies an edit: listeners that react to what the
        # user just did (offering a knock-on edit) leave those alone.
        self.replaying = False
        self._tracker: HealthTracker | None = None
        self.today = dt.date.today()
        self._health: PlanHealth | None = None
        self._slips: dict[str, int] | None = None
        # Milestones whose health flags or slip the last edit changed: the rows whose
        # health cell needs redrawing.
        self.health_changed: set[str] = set()
        # The last revision both sides signed, and the plan as it was then: slips are
        # measured against it.
        self.baseline_revision: Revision | None = None
        self.baseline: PlanState | None = None
        self._load_baseline()

    def _load_baseline(self) -> None:
        self.baseline_revision = self.store.last_committed_revision(self.plan_id)
        self.baseline = (
            state_from_snapshot(
                self.store.revision_snapshot(self.plan_id, self.baseline_revision.sha256)
            )
            if self.baseline_revision is not None
            else None
        )
        self._slips = None

    @property
    def today(self) -> dt.date:
        """The day the health rules measure against (what is overdue)."""
        return self._today

    @today.setter
    def today(self, day: dt.date) -> None:
        self._today = day
        self._tracker = None
        self._health = None

    @property
    def plan_id(self) -> str:
        return self.state.id

    def health(self) -> PlanHealth:
        if self._health is None:
            self._health = self._health_tracker().health()
        return self._health

    def _health_tracker(self) -> HealthTracker:
        if self._tracker is None:
            self._tracker = HealthTracker(self.state, self.today)
        return self._tracker

    def slips(self) -> dict[str, int]:
        """Milestone id -> days its due date moved later than in the baseline."""
        if self._slips is None:
            self._slips = slips(self.state, self.baseline)
        return self._slips

    def set_author(self, author: Author) -> None:
        if author != self.author:
            self.author = author
            self.authorChanged.emit()

    def apply(self, changes: list[Change], text: str | None = None) -> bool:
        """Commit an edit and make it undoable. False (and a signal) if it was refused."""
        if not changes:
            return True
        if not self._commit_or_report(changes):
            return False
        self.undo_stack.push(ChangesCommand(self, changes, text or changes[-1].describe()))
        return True

    def _commit_or_report(self, changes: list[Change]) -> bool:
        written = self.write(lambda: (changes, self.store.commit(self.state, changes, self.author)))
        return written is not None

    def write(
        self, commit: Callable[[], tuple[list[Change], list[RecordedChange]]]
    ) -> list[Change] | None:
        """Run `commit` (an edit, or a workflow that commits to this plan itself, such as
        accepting a review answer) and bring the panels up to date; None, with the reason
        signalled, when it was refused or could not be saved."""
        try:
            changes, recorded = commit()
        except StaleChangeError as exc:
            # Another window changed the file: take its version and start a clean history.
            self.reload()
            self.editRefused.emit(str(exc))
            return None
        except PlanRuleError as exc:
            self.editRefused.emit(str(exc))
            return None
        except StoreError as exc:
            self.storeFailed.emit(str(exc))
            return None
        self._notify(changes, recorded)
        return changes

    def applied_elsewhere(self, changes: list[Change], recorded: list[RecordedChange]) -> None:
        """Changes a workflow committed to this plan itself (undoing an accepted answer from
        a review copy): the panels update as for any edit."""
        self._notify(changes, recorded)

    def _notify(self, changes: list[Change], recorded: list[RecordedChange]) -> None:
        self._track(changes)
        self.changesApplied.emit(changes)
        self.changesRecorded.emit(recorded)

    def _track(self, changes: list[Change]) -> None:
        """Bring health and slips up to date with an edit, reassessing only what the
        edit can affect (the cost of an edit must not grow with the plan)."""
        self._health = None
        changed = self._health_tracker().update(changes)
        slipped = self._slips
        if slipped is not None:
            for mid in {c.entity_id for c in changes if c.entity == "milestone"}:
                m = self.state.milestones.get(mid)
                days = slip_of(m, self.baseline) if m is not None else 0
                if days != slipped.get(mid, 0):
                    changed.add(mid)
                    if days:
                        slipped[mid] = days
                    else:
                        del slipped[mid]
        self.health_changed = changed

    @Slot()
    def reload(self) -> None:
        self.state = self.store.load(self.plan_id)
        self._tracker = None
        self._health = None
        self._load_baseline()
        self.undo_stack.clear()
        self.planReloaded.emit()
