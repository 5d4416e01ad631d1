"""What a feature may use of the main window: the store, the user, messages, the open plan.

Features take an `App` (or, when they act on the open plan, an `OpenPlan`, whose session
and view are always there) rather than the window itself, so no module but the app's
entry imports the window, and a feature is tested with the window or without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QAction, QUndoGroup
    from PySide6.QtWidgets import QMainWindow

    from ..domain.model import Author
    from ..store import Store
    from .common.overlay import MessageArea
    from .editor.plan_view import PlanView
    from .session import PlanSession


class App(Protocol):
    """The window as a feature sees it."""

    @property
    def store(self) -> Store: ...

    @property
    def me(self) -> Author:
        """The local user (the person this copy of MutualPlan belongs to)."""
        ...

    @property
    def session(self) -> PlanSession | None: ...

    @property
    def plan_view(self) -> PlanView | None: ...

    @property
    def widget(self) -> QMainWindow:
        """The parent of the feature's dialogs and docks."""
        ...

    @property
    def undo_group(self) -> QUndoGroup: ...

    @property
    def message_area(self) -> MessageArea:
        """Where notices and offers float over the bottom of the plan."""
        ...

    def say(self, message: str, timeout_ms: int = 6000) -> None:
        """A passing message in the status bar."""

    def show_refusal(self, message: str) -> None:
        """Something the user asked for was refused: said in the message area."""

    def show_store_error(self, message: str) -> None:
        """The database failed: a warning the user must acknowledge."""

    def action(self, key: str) -> QAction:
        """The window's action for the feature `key` of ui/features.py."""
        ...

    def state[T](self, kind: type[T]) -> T:
        """The one `kind()` object a feature keeps its state in, made when first asked."""
        ...

    def set_me(self, author: Author) -> None:
        """The local user changed who they are (File ▸ Who am I…): saved and shown."""

    def open_plan(self, plan_id: str) -> bool: ...

    def opened(self) -> OpenPlan | None:
        """The open plan, or None while the welcome page shows."""
        ...

    def when_plan_opens(self, callback: Callable[[OpenPlan], None]) -> None:
        """Call `callback` with each plan opened from now on (once per callback)."""

    def save_open_edit(self) -> None:
        """Save an edit still open in a cell or the header."""

    def return_to_me(self) -> None:
        """Changes are the local user's own again (after exporting or signing)."""


@dataclass(frozen=True)
class OpenPlan:
    """The open plan, for the features that act on one: never without a session or view."""

    app: App
    session: PlanSession
    view: PlanView

    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def widget(self) -> QMainWindow:
        return self.app.widget
