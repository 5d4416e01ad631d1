"""The soak: the real main window driven offscreen for a set time, to show it does not
crash and warns of nothing under sustained use.

    python bench/soak.py --seconds 600      (make soak SOAK_SECONDS=600)
    python bench/soak.py --seconds 60 --json

The window runs in a child process, so a crash (a fatal signal, an abort) is counted
rather than ending the run: the parent starts a new child for the time left and adds
up what each did. The child opens the sample plan with the timeline shown and, on the
GUI thread, keeps doing what people do in a workshop: edits through the table's model
(titles, lead times, exit criteria, statuses, dates), timeline drags with the mouse,
undo and redo, selection, zoom, and repaints of the whole window. Meanwhile it exports
the plan as PDF and verifies that PDF, one after another, on the background worker,
while the GUI work goes on. Every Python warning, unraisable exception, uncaught
exception in a slot and Qt warning is counted and its first lines kept.

Exit status: 0 when nothing crashed and nothing warned; 1 otherwise. A soak is not a
benchmark: its figures say how much was done, not how fast.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# What the report calls each counter, in the order it prints them.
LABELS = {
    "edits": "edits through the table's model",
    "edits_refused": "edits refused by a plan rule (shown, nothing saved)",
    "drags": "timeline drags (mouse) saved",
    "drags_blocked": "timeline drags while the export's progress dialog held input",
    "drags_not_saved": "other timeline drags that saved nothing (refused by a rule)",
    "undos": "undo",
    "redos": "redo",
    "selections": "selections (table and timeline follow each other)",
    "zooms": "timeline zoom steps",
    "repaints": "whole-window repaints",
    "presentations": "presentation mode shown, stepped through, left (F5, Esc)",
    "reopens": "plan opened again (new table, timeline and undo stack)",
    "exports": "PDF exports finished on the worker",
    "verifies": "verifies finished on the worker",
    "gui_ops_during_worker": "GUI operations while a worker ran",
    "collections": "garbage collections on the GUI thread (some asked for)",
    "collections_during_worker": "  of them while a worker ran",
    "collections_on_worker": "garbage collections on a worker thread (must be none)",
    "warnings": "Python warnings",
    "errors": "uncaught and unraisable exceptions",
    "qt_warnings": "Qt warnings",
}
# Qt says this of every offscreen window; not a fault of ours (as in the test settings).
QT_NOISE = ("This plugin does not support propagateSizeHints",)
REPORT_EVERY_S = 1.0


# -- the child: one window, driven until its time is up ---------------------------------


def child(seconds: float, report_path: Path, seed: int) -> int:  # noqa: C901 - one script
    import datetime as dt
    import faulthandler
    import gc
    import random
    import threading
    import traceback
    import warnings

    faulthandler.enable()  # a crash prints every thread's Python stack to stderr
    from PySide6.QtCore import QPoint, QPointF, Qt, QTimer, qInstallMessageHandler
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mutualplan.domain.model import Author, MilestoneStatus
    from mutualplan.store import Store
    from mutualplan.store.sample import add_sample_plan
    from mutualplan.ui.editor.milestone_model import column_of
    from mutualplan.ui.exchange.export import export_pdf
    from mutualplan.ui.main_window import MainWindow
    from mutualplan.ui.signing.signing_dialogs import VerifyFlow
    from mutualplan.ui.timeline.timeline import timeline_of
    from mutualplan.ui.workshop.presentation import Presenting

    counts: Counter[str] = Counter()
    messages: list[str] = []
    start = time.monotonic()
    deadline = start + seconds
    chance = random.Random(seed)

    def note(kind: str, text: str) -> None:
        counts[kind] += 1
        if len(messages) < 20:
            messages.append(f"{kind}: {text.strip()[:600]}")

    warnings.simplefilter("always")
    warnings.showwarning = lambda message, category, filename, lineno, *_: note(
        "warnings", f"{category.__name__}: {message} ({filename}:{lineno})"
    )
    sys.unraisablehook = lambda u: note(
        "errors", f"unraisable {u.exc_type.__name__}: {u.exc_value} in {u.object!r}"
    )
    def on_uncaught(kind: type[BaseException], value: BaseException, tb: object) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))  # type: ignore[arg-type]
        note("errors", text)
        sys.__stderr__.write(text)  # one that ends the child shows in its crash report

    sys.excepthook = on_uncaught

    def on_qt_message(kind, context, text: str) -> None:
        if kind != kind.QtDebugMsg and kind != kind.QtInfoMsg and not text.startswith(QT_NOISE):
            note("qt_warnings", text)

    qInstallMessageHandler(on_qt_message)

    def worker_running() -> bool:
        return any(t.name == "mutualplan-worker" for t in threading.enumerate())

    def on_collection(phase: str, info: dict) -> None:
        if phase != "start":
            return
        if threading.current_thread() is not threading.main_thread():
            # Our widgets left in cycles would be destroyed there (ui/common/collector.py).
            counts["collections_on_worker"] += 1
            return
        counts["collections"] += 1
        if worker_running():
            counts["collections_during_worker"] += 1

    gc.callbacks.append(on_collection)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="mutualplan-soak-"))
    store = Store(folder / "plans.sqlite")
    plan = add_sample_plan(store)
    me = Author("Priya Raghunathan", "seller", organisation=plan.plan.seller_org)
    store.set_local_user(me)
    window = MainWindow(store, me)
    window.resize(1440, 900)
    window.show()
    assert window.open_plan(plan.plan.id)
    window.action("timeline").trigger()
    app.processEvents()
    timeline = timeline_of(window)
    model = window.plan_view.milestones
    session = window.session
    statuses = [status.value for status in MilestoneStatus]
    pdf_path = folder / "plan.pdf"
    work: dict[str, object] = {"exporter": None, "flow": None, "idle_until": 0.0}

    def milestone_ids() -> list[str]:
        return [m.id for m in session.state.milestone_order()]

    def edit() -> None:
        milestone_id = chance.choice(milestone_ids())
        field, value = chance.choice(
            [
                ("title", f"Step {chance.randrange(10_000)} — Überprüfung"),
                ("lead_days", str(chance.randrange(1, 30))),
                ("exit_criteria", chance.choice(["Signed off", "", "Both sides agree"])),
                ("status", chance.choice(statuses)),
                ("due", (dt.date.today() + dt.timedelta(days=chance.randrange(-30, 150)))),
            ]
        )
        index = model.index_of(milestone_id, column_of(field))
        value = value.isoformat() if isinstance(value, dt.date) else value
        counts["edits" if model.setData(index, value) else "edits_refused"] += 1

    def drag() -> None:
        ids = [i for i in milestone_ids() if timeline.item_of(i) is not None]
        if not ids:
            return
        milestone_id = chance.choice(ids)
        timeline.select(milestone_id)
        bar = timeline.item_of(milestone_id)
        at_end = chance.random() < 0.3
        x = bar.right_x - 2 if at_end else (bar.left_x + bar.right_x) / 2
        start_at = timeline.mapFromScene(QPointF(x, bar.y() + timeline.row_height / 2))
        days = chance.choice([-3, -2, -1, 1, 2, 3, 5])
        # Far enough to count as a drag at any zoom (Qt's start distance, 10 px), as a
        # person's drag is; a shorter move is a click and rightly saves nothing.
        at_least = math.ceil(2 * QApplication.startDragDistance() / timeline.day_width)
        days = math.copysign(max(abs(days), at_least), days)
        end_at = start_at + QPoint(round(days * timeline.day_width), 0)
        before = session.undo_stack.count(), session.undo_stack.index()
        blocked = QApplication.activeModalWidget() is not None
        viewport = timeline.viewport()
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start_at)
        QTest.mouseMove(viewport, start_at + (end_at - start_at) / 2)
        QTest.mouseMove(viewport, end_at)
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end_at)
        after = session.undo_stack.count(), session.undo_stack.index()
        if after != before:
            counts["drags"] += 1
        elif blocked:
            counts["drags_blocked"] += 1
        else:
            counts["drags_not_saved"] += 1

    def undo_redo() -> None:
        stack = session.undo_stack
        if chance.random() < 0.6 and stack.canUndo():
            for _ in range(chance.randrange(1, 4)):
                if stack.canUndo():
                    stack.undo()
                    counts["undos"] += 1
        else:
            for _ in range(chance.randrange(1, 4)):
                if stack.canRedo():
                    stack.redo()
                    counts["redos"] += 1

    def select() -> None:
        window.plan_view.tree.setCurrentIndex(model.index_of(chance.choice(milestone_ids())))
        counts["selections"] += 1

    def zoom() -> None:
        QTest.keyClick(timeline, chance.choice([Qt.Key.Key_Plus, Qt.Key.Key_Minus]))
        counts["zooms"] += 1

    def present_and_back() -> None:
        window.action("present").trigger()  # F5
        shown = window.state(Presenting).shown
        for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Escape):
            QTest.keyClick(shown, key)
        counts["presentations"] += 1

    def reopen() -> None:
        # A new session, table and timeline for the same plan: the old ones become garbage.
        nonlocal session, model, timeline
        window.open_plan(plan.plan.id)
        app.processEvents()
        session, model = window.session, window.plan_view.milestones
        timeline = timeline_of(window)
        counts["reopens"] += 1

    def collect() -> None:
        # The collector on the GUI thread, as often as a busy app would run it; the crashes
        # seen on Python 3.11 came while a worker ran.
        gc.collect(chance.choice([0, 1, 2]))

    def repaint() -> None:
        window.grab()  # renders every widget, the timeline's Python-painted items too
        counts["repaints"] += 1

    operations = [
        (edit, 40),
        (drag, 20),
        (undo_redo, 15),
        (select, 10),
        (zoom, 3),
        (repaint, 6),
        (collect, 6),
        (present_and_back, 2),
        (reopen, 1),
    ]
    chooser = [op for op, weight in operations for _ in range(weight)]

    def close_dialogs() -> None:
        exporter = work["exporter"]
        if exporter is not None and exporter.preview is not None:
            exporter.preview.close()
            exporter.preview.deleteLater()
            exporter.preview = None
        flow = work["flow"]
        if flow is not None and flow.verification is not None:
            flow.verification.reject()

    def exported(path: Path) -> None:
        counts["exports"] += 1
        close_dialogs()
        work["exporter"] = None
        work["flow"] = VerifyFlow(window, path, path.read_bytes())

    def background_step() -> None:
        """Keep one export or verify on the worker; the next starts when it is done."""
        flow = work["flow"]
        if flow is not None:
            if flow.verification is None:
                return  # still verifying
            counts["verifies"] += 1
            close_dialogs()
            work["flow"] = None
            work["idle_until"] = time.monotonic() + chance.uniform(0.05, 0.5)
            return
        if work["exporter"] is not None or time.monotonic() < work["idle_until"]:
            return
        opened = window.opened()
        exporter = export_pdf(opened, pdf_path) if opened is not None else None
        if exporter is None:
            note("errors", "the export did not start")
            return
        exporter.exported.connect(exported)
        work["exporter"] = exporter

    last_report = [0.0]

    def write_report(final: bool = False) -> None:
        report = {
            "counts": dict(counts),
            "messages": messages,
            "seconds": time.monotonic() - start,
            "final": final,
            "none_references": sys.getrefcount(None),
        }
        temporary = report_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(report), "utf-8")
        temporary.replace(report_path)

    def tick() -> None:
        now = time.monotonic()
        if now >= deadline:
            if work["exporter"] is None and work["flow"] is None:
                ticker.stop()
                app.quit()
            else:
                background_step()  # let the last one finish
            return
        try:
            background_step()
            chance.choice(chooser)()
            if worker_running():
                counts["gui_ops_during_worker"] += 1
        except Exception:  # noqa: BLE001 - a bug of ours: counted and shown, soak goes on
            note("errors", traceback.format_exc())
        if now - last_report[0] >= REPORT_EVERY_S:
            last_report[0] = now
            write_report()

    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(tick)
    ticker.start()
    app.exec()
    close_dialogs()
    window.close()
    store.close()
    write_report(final=True)
    return 0


# -- the parent: children until the time is up, and the report -------------------------


def run(seconds: float, seed: int) -> dict:
    totals: Counter[str] = Counter()
    messages: list[str] = []
    crashes: list[dict] = []
    children = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutualplan-soak-") as folder:
        report_path = Path(folder) / "report.json"
        while (left := seconds - (time.monotonic() - started)) > 1:
            children += 1
            report_path.unlink(missing_ok=True)
            command = [
                sys.executable,
                __file__,
                "--child",
                "--seconds",
                f"{left:.1f}",
                "--report",
                str(report_path),
                "--seed",
                str(seed + children),
            ]
            try:
                done = subprocess.run(
                    command, capture_output=True, text=True, timeout=left + 120, check=False
                )
                returncode, stderr = done.returncode, done.stderr
            except subprocess.TimeoutExpired as expired:
                returncode = "hung"
                stderr = (expired.stderr or b"").decode("utf-8", "replace")
            report = json.loads(report_path.read_text("utf-8")) if report_path.exists() else {}
            totals.update(report.get("counts", {}))
            messages += report.get("messages", [])
            if returncode != 0 or not report.get("final"):
                crashes.append(
                    {
                        "after_seconds": round(report.get("seconds", 0.0), 1),
                        "returncode": returncode,
                        "stderr_tail": stderr.strip().splitlines()[-40:],
                    }
                )
            elif stderr.strip():
                messages.append("stderr: " + stderr.strip()[:600])
                totals["warnings"] += 1
    elapsed = time.monotonic() - started
    return {
        "python": platform.python_version(),
        "qt": _qt_versions(),
        "seconds": round(elapsed, 1),
        "children": children,
        "crashes": crashes,
        "counts": {key: totals.get(key, 0) for key in LABELS},
        "messages": messages[:20],
    }


def _qt_versions() -> str:
    import PySide6
    from PySide6.QtCore import qVersion

    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}"


def print_report(result: dict) -> None:
    counts = result["counts"]
    print(
        f"Soak: {result['seconds']:.0f} s of the real window, Python {result['python']}, "
        f"{result['qt']}, {platform.machine()}, {os.cpu_count()} cores"
    )
    width = max(len(label) for label in LABELS.values())
    for key, label in LABELS.items():
        print(f"  {label:<{width}}  {counts[key]:>9,}")
    operations = sum(counts[k] for k in ("edits", "drags", "undos", "redos", "repaints"))
    print(f"  {'edits, drags, undo/redo and repaints':<{width}}  {operations:>9,}")
    print(f"  {'crashes':<{width}}  {len(result['crashes']):>9,}")
    for crash in result["crashes"]:
        print(f"\nCrash after {crash['after_seconds']} s (exit {crash['returncode']}):")
        print("\n".join("    " + line for line in crash["stderr_tail"]))
    if result["messages"]:
        print("\nFirst warnings and errors:")
        print("\n".join("  " + message for message in result["messages"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300.0, help="how long (default 300)")
    parser.add_argument("--seed", type=int, default=12, help="what the random choices follow")
    parser.add_argument("--json", action="store_true", help="the report as one JSON object")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.seconds, args.report, args.seed)
    result = run(args.seconds, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(result)
    counts = result["counts"]
    quiet = not (
        counts["warnings"]
        or counts["errors"]
        or counts["qt_warnings"]
        or counts["collections_on_worker"]
    )
    return 0 if quiet and not result["crashes"] else 1


if __name__ == "__main__":
    sys.exit(main())
