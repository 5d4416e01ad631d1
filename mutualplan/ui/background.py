"""Long work off the GUI thread, without the worker ever touching Qt.

The worker is a plain Python thread that leaves its result (or error, or progress) in
Python attributes; a timer on the GUI thread picks them up and calls back there. No
Qt object is used from the worker, so the worker needs nothing of Qt's thread rules and
the GUI thread alone ever runs Python code that Qt calls back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 25


class Background(QObject):
    """Runs `work(report_progress)` on a thread; then `done(result)` or `failed(error)`
    on the GUI thread. `progress(stage, fraction)` is called with the latest report."""

    def __init__(
        self,
        work: Callable[[Callable[[str, float], None]], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        progress: Callable[[str, float], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._done, self._failed, self._progress = done, failed, progress
        self._result: Any = None
        self._error: BaseException | None = None
        self._latest: tuple[str, float] | None = None
        self._finished = threading.Event()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        self._timer.start()
        threading.Thread(target=self._run, name="mutualplan-worker", daemon=True).start()

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    def _run(self) -> None:
        try:
            self._result = self._work(self._report)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as it is
            self._error = exc
        finally:
            self._work = None  # let go of what the work held (a key, a passphrase)
            self._finished.set()

    def _report(self, stage: str, fraction: float) -> None:
        self._latest = (stage, fraction)

    def _poll(self) -> None:
        latest, self._latest = self._latest, None
        if latest is not None and self._progress is not None:
            self._progress(*latest)
        if not self._finished.is_set():
            return
        self._timer.stop()
        if self._error is not None:
            self._failed(self._error)
        else:
            self._done(self._result)
