"""Long work off the GUI thread, without the worker ever touching Qt.

The worker is a plain Python thread that runs a plain Python job: it leaves its result
(or error, or progress) in the job's attributes, and a timer on the GUI thread picks
them up and calls back there. The worker holds no reference to any Qt object, not even
to this QObject: the last reference to a Qt wrapper dropped on a worker would destroy
the Qt object there. And the cyclic garbage collector, which Python would otherwise run
on the worker now and then, runs on the GUI thread only (`collector.py`), so nothing Qt
is ever destroyed off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from .collector import collect_on_gui_thread

POLL_MS = 25

Work = Callable[[Callable[[str, float], None]], Any]


class _Job:
    """What the worker thread sees: the work and where its outcome goes. Plain Python."""

    def __init__(self, work: Work) -> None:
        self.work: Work | None = work
        self.result: Any = None
        self.error: BaseException | None = None
        self.latest: tuple[str, float] | None = None
        self.finished = threading.Event()

    def run(self) -> None:
        work, self.work = self.work, None  # let go of what it holds (a key, a passphrase)
        try:
            if work is None:
                raise RuntimeError("A background job runs only once.")
            self.result = work(self.report)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread as it is
            self.error = exc
        finally:
            del work  # before the GUI thread hears it has finished
            self.finished.set()

    def report(self, stage: str, fraction: float) -> None:
        self.latest = (stage, fraction)


class Background(QObject):
    """Runs `work(report_progress)` on a thread; then `done(result)` or `failed(error)`
    on the GUI thread. `progress(stage, fraction)` is called with the latest report."""

    def __init__(
        self,
        work: Work,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        progress: Callable[[str, float], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._job = _Job(work)
        self._done, self._failed, self._progress = done, failed, progress
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self) -> None:
        collect_on_gui_thread()
        self._timer.start()
        threading.Thread(target=self._job.run, name="mutualplan-worker", daemon=True).start()

    @property
    def running(self) -> bool:
        return not self._job.finished.is_set()

    def _poll(self) -> None:
        job = self._job
        latest, job.latest = job.latest, None
        if latest is not None and self._progress is not None:
            self._progress(*latest)
        if not job.finished.is_set():
            return
        self._timer.stop()
        if job.error is not None:
            self._failed(job.error)
        else:
            self._done(job.result)
