"""The timeline's figures: a full rebuild and one dragged bar, on plans of 300 and 1,000
milestones, each beside a baseline measured in the same run.

    python bench/timeline.py            the table
    python bench/timeline.py --quick    fewer repetitions

The baseline of a rebuild is a bare QGraphicsScene given as many plain rectangle items
(C++ items, no Python painting) as the timeline has rows: the cost of the scene itself.
Benchmarks are not tests: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from plans import AUTHOR, make_database
from run import Figure, median_of, print_table, timed


def figures(runs: int, db: Path, plans: dict[int, str]) -> list[Figure]:
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication, QGraphicsRectItem, QGraphicsScene

    from mutualplan.store import Store
    from mutualplan.ui.main_window import MainWindow
    from mutualplan.ui.timeline.timeline import timeline_of

    app = QApplication.instance() or QApplication([])
    store = Store(db)
    window = MainWindow(store, AUTHOR)
    window.resize(1440, 900)
    window.show()
    results: list[Figure] = []
    for size in (300, 1000):
        window.open_plan(plans[size])
        if not window.action("timeline").isChecked():
            window.action("timeline").trigger()
        app.processEvents()
        view = timeline_of(window)
        rows = len(view.rows)

        def rebuild(view=view) -> float:
            view.rebuild()
            return view.last_rebuild_ms

        def bare_scene(rows=rows) -> float:
            scene = QGraphicsScene()

            def fill() -> None:
                for row in range(rows):
                    scene.addItem(QGraphicsRectItem(QRectF(row, row * 18, 40, 12)))
                scene.clear()

            return timed(fill)

        milestone = window.session.state.milestone_order()[size // 2]
        step = iter(range(1, 10**6))

        def zoom(view=view) -> float:
            view.rebuild(same_rows=True)  # what a zoom step or the weeks/months switch does
            return view.last_rebuild_ms

        def drag(view=view, milestone_id=milestone.id, step=step) -> float:
            state = window.session.state
            current = state.milestones[milestone_id]
            days = dt.timedelta(days=1 if next(step) % 2 else -1)
            return timed(
                lambda: (
                    view.commit_dates(milestone_id, current.start + days, current.due + days),
                    app.processEvents(),
                )
            )

        results += [
            Figure(
                f"timeline: full rebuild, {size:,} milestones ({rows:,} rows)",
                median_of(runs, rebuild),
                median_of(runs, bare_scene),
                "ms",
                "< 100 ms at 300",
                f"{rows:,} plain rectangles into a bare scene and out again",
            ),
            Figure(
                f"timeline: zoom (same rows, new scale), {size:,} milestones",
                median_of(runs, zoom),
                None,
                "ms",
                "—",
            ),
            Figure(
                f"timeline: one dragged bar saved, {size:,} milestones",
                median_of(runs * 3, drag),
                None,
                "ms",
                "< 50 ms",
            ),
        ]
    window.close()
    store.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    with tempfile.TemporaryDirectory() as folder:
        db, plans = make_database(Path(folder), (300, 1000))
        print_table(figures(runs, db, plans))
    return 0


if __name__ == "__main__":
    sys.exit(main())
