"""Child process for the start-up and memory figures.

    python bench/window.py bare
    python bench/window.py app DB PLAN_ID

Shows a window, prints "shown" the moment it is on screen, then "rss KB" for the peak
resident memory, and exits. The parent times the line from process start.
"""

from __future__ import annotations

import resource
import sys


def main() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "bare":
        window = QMainWindow()
        window.resize(1400, 860)
        window.show()
    else:
        from mutualplan.domain.model import Author
        from mutualplan.store import Store
        from mutualplan.ui.main_window import MainWindow

        store = Store(sys.argv[2])
        window = MainWindow(store, Author("Priya Raghunathan", "seller"))
        window.show()
        window.open_plan(sys.argv[3])
    app.processEvents()
    print("shown", flush=True)
    heavy = [m for m in ("reportlab", "pyhanko") if m in sys.modules]
    print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    print("heavy", ",".join(heavy) or "none", flush=True)
    window.close()


if __name__ == "__main__":
    main()
