"""Noticing edits saved to the same file by another window or another copy of the app."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView

from ...i18n import _
from ...store import StoreError

if TYPE_CHECKING:
    from ..contract import App

INTERVAL_MS = 1500


class OutsideChangesWatcher(QObject):
    """Reloads the open plan when another connection committed to the database.

    SQLite's data_version moves only for other connections' commits, so the window's own
    edits never trigger a reload. A reload waits while a cell is being edited.
    """

    reloaded = Signal()

    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self._seen = self._version()

    def _version(self) -> int | None:
        try:
            return self.window.store.data_version()
        except StoreError:
            return None  # a locked or vanished file is told when the user next saves
        except sqlite3.ProgrammingError:
            # The store was closed: the window is done with this file, so is the watcher.
            self.timer.stop()
            return None

    @Slot()
    def check(self) -> bool:
        """Reload if the file changed underneath; True when it did."""
        window = self.window
        view = window.plan_view
        if view is not None and view.tree.state() == QAbstractItemView.State.EditingState:
            return False
        version = self._version()
        if version is None or version == self._seen:
            return False
        self._seen = version
        if window.session is None:
            return False
        try:
            window.session.reload()
        except StoreError as exc:
            window.show_store_error(str(exc))
            return False
        window.say(_("Updated with changes saved in another window."), 6000)
        self.reloaded.emit()
        return True
