"""Python's cyclic garbage collector runs on the GUI thread, never on a worker.

Left to itself, Python runs a collection on whichever thread allocates when a
generation's count crosses its threshold: a background worker rendering a PDF as often
as the GUI thread. A window or dialog of ours (a Python subclass of a Qt widget) that
ended in a reference cycle is then destroyed on that thread. PySide6 6.12.0 hands the
deletion of its own classes' objects over to the main thread but not that of Python
subclasses, and a widget destroyed off the GUI thread brings the process down: seen as
a `PresentationWindow` destroyed inside a collection that the PDF verifier's thread ran,
while the GUI thread was deleting other Qt objects.

So automatic collection is switched off, and the GUI thread collects by the same
thresholds on a short timer: as often as Python would, only on the right thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer
from shiboken6 import isValid

CHECK_MS = 100


class GuiThreadCollector(QObject):
    """Collects the generations Python would have collected, on the GUI thread."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.collections = 0
        self._long_lived = 0  # objects in the oldest generation after its last collection
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int | None:
        """Collect the oldest generation whose count is over its threshold, as Python's
        own trigger does; the generation collected, or None."""
        if gc.isenabled():
            gc.disable()  # a library or a test switched it back on
        counts = gc.get_count()
        due = [g for g in range(3) if counts[g] > self.thresholds[g] > 0]
        if due and max(due) == 2 and not self._full_collection_pays():
            due.remove(2)
        if not due:
            return None
        generation = max(due)
        gc.collect(generation)
        if generation == 2:
            self._long_lived = len(gc.get_objects(generation=2))
        self.collections += 1
        return generation

    def _full_collection_pays(self) -> bool:
        # Python's own rule: the oldest generation is collected only once the objects
        # that reached it since its last collection are a quarter of what survived that.
        grown = len(gc.get_objects(generation=2)) - self._long_lived
        return grown >= self._long_lived / 4

    def stop(self) -> None:
        """Automatic collection again (on any thread): for a process whose Qt is ending."""
        self._timer.stop()
        gc.enable()


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> GuiThreadCollector | None:
    """From now on, collect garbage on the GUI thread only. Call from the GUI thread once
    the application exists; calling again does nothing. None without an application."""
    global _collector
    if _collector is not None and isValid(_collector):
        return _collector
    app = QCoreApplication.instance()
    if app is None:
        return None
    if QThread.currentThread() is not app.thread():
        raise RuntimeError("The garbage collector is moved to the GUI thread from that thread.")
    _collector = GuiThreadCollector(app)
    return _collector


def gui_thread_collector() -> GuiThreadCollector | None:
    """The collector, if one runs."""
    return _collector if _collector is not None and isValid(_collector) else None
