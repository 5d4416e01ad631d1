"""Background work: results come back on the GUI thread, and nothing of Qt is ever
destroyed on the worker, not even by the garbage collector."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from mutualplan.ui.common.background import Background
from mutualplan.ui.common.collector import collect_on_gui_thread, gui_thread_collector


class _OurDialog(QDialog):
    """A Python subclass, as every window of the app is: PySide6 6.12.0 does not hand
    the deletion of these over to the main thread when a worker frees them."""


def _garbage_dialog(destroyed_on: list[str]) -> None:
    dialog = _OurDialog()
    dialog.label = QLabel("Penetration test summary", dialog)
    dialog.itself = dialog  # a reference cycle: only the cyclic collector frees it
    dialog.destroyed.connect(
        lambda: destroyed_on.append(threading.current_thread().name),
        Qt.ConnectionType.DirectConnection,  # recorded on the thread that destroys it
    )
    dialog.show()
    dialog.close()


def _allocate(report) -> int:  # noqa: ANN001
    # Enough new containers to cross the youngest generation's threshold many times:
    # Python would run a collection on this thread if it could.
    # (Python counts containers made less those freed, so they are kept until the end.)
    kept: list[list] = []
    for _ in range(50):
        kept += [[] for _ in range(5_000)]
        report("allocating", len(kept) / 250_000)
    return len(kept)


def test_results_errors_and_progress_come_back_on_the_gui_thread(qtbot) -> None:
    seen: list[tuple[str, object, str]] = []

    def record(kind: str):  # noqa: ANN202
        return lambda *value: seen.append((kind, value, threading.current_thread().name))

    ok = Background(_allocate, record("done"), record("failed"), record("progress"))
    ok.start()
    qtbot.waitUntil(lambda: any(kind == "done" for kind, *_ in seen), timeout=20_000)
    broken = Background(lambda _report: 1 / 0, record("done"), record("failed"))
    broken.start()
    qtbot.waitUntil(lambda: any(kind == "failed" for kind, *_ in seen), timeout=20_000)
    assert {thread for *_, thread in seen} == {"MainThread"}
    assert ("done", (250_000,), "MainThread") in seen
    [(_, (error,), _)] = [s for s in seen if s[0] == "failed"]
    assert isinstance(error, ZeroDivisionError)
    assert not ok.running and not broken.running


def test_widgets_in_garbage_are_destroyed_on_the_gui_thread_not_on_a_worker(qtbot) -> None:
    # The crash this guards against: a collection that Python ran on the PDF verifier's
    # thread destroyed a PresentationWindow left in a cycle by an earlier window.
    destroyed_on: list[str] = []
    done: list[int] = []
    _garbage_dialog(destroyed_on)
    task = Background(_allocate, done.append, lambda error: done.append(-1))
    task.start()
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert done == [250_000]
    assert "mutualplan-worker" not in destroyed_on  # Python would have collected there
    gc.collect()  # what the GUI thread's collector does when enough garbage is due
    assert destroyed_on == ["MainThread"]


def test_the_collector_collects_on_the_gui_thread_by_pythons_thresholds(qtbot) -> None:
    collector = collect_on_gui_thread()
    assert collector is gui_thread_collector() is collect_on_gui_thread()  # once
    assert not gc.isenabled()  # never automatically, so never on a worker
    gc.enable()  # as a library might
    collector.collect_if_due()
    assert not gc.isenabled()
    gc.collect()
    assert collector.collect_if_due() is None  # nothing due just after a collection
    # Python counts containers made less those freed: these stay until it is checked.
    young = [[] for _ in range(collector.thresholds[0] + 10)]
    assert collector.collect_if_due() == 0
    # And by itself, on its timer, while the event loop runs.
    before = collector.collections
    young += [[] for _ in range(collector.thresholds[0] + 10)]
    qtbot.waitUntil(lambda: collector.collections > before, timeout=5_000)
    assert len(young) > collector.thresholds[0]
