"""Child process for the start-up and memory figures.

    python bench/window.py bare
    python bench/window.py floor DB PLAN_ID
    python bench/window.py app DB PLAN_ID

Shows a window, prints "shown" the moment it is on screen, then "rss KB" for the peak
resident memory, and exits. The parent times the line from process start.
"""

from __future__ import annotations

import resource
import sys


def floor_window(db: str, plan_id: str):  # noqa: ANN201
    """The least any app showing this plan does: a sqlite3 read of its milestones and a
    QTreeView on a minimal custom model, in a window with a title."""
    import sqlite3

    from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
    from PySide6.QtWidgets import QMainWindow, QTreeView

    columns = ("title", "side", "start", "due", "status", "lead_days")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            f"SELECT {', '.join(columns)} FROM milestones WHERE plan_id = ? ORDER BY rank",
            (plan_id,),
        ).fetchall()

    class Model(QAbstractItemModel):
        def index(self, row, column, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008
            return QModelIndex() if parent.isValid() else self.createIndex(row, column)

        def parent(self, index=QModelIndex()):  # noqa: ANN001, ANN202, B008
            return QModelIndex()

        def rowCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            return len(columns)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rows[index.row()][index.column()])
            return None

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202, N802
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return columns[section]
            return None

    window = QMainWindow()
    window.setWindowTitle("Floor")
    window.resize(1400, 860)
    view = QTreeView()
    model = Model(view)
    view.setModel(model)
    window.setCentralWidget(view)
    window.show()
    return window


def main() -> None:
    if sys.argv[1] == "app":
        # What `mutualplan` does, in its order: the command line's modules (no Qt yet),
        # then Qt and the app's own start (database, language, theme, window, the plan).
        import gc
        from pathlib import Path

        import mutualplan.cli  # noqa: F401

        gc.disable()  # as run_gui_command does before importing the app
        from mutualplan.ui.app import start
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if sys.argv[1] == "bare":
        window = QMainWindow()
        window.resize(1400, 860)
        window.show()
    elif sys.argv[1] == "floor":
        window = floor_window(sys.argv[2], sys.argv[3])
    else:
        window = start(app, Path(sys.argv[2]), [], sys.argv[3])
    app.processEvents()
    print("shown", flush=True)
    heavy = [m for m in ("reportlab", "pyhanko") if m in sys.modules]
    print("rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    print("heavy", ",".join(heavy) or "none", flush=True)
    window.close()
    if sys.argv[1] == "app":
        window.store.close()  # as the app does when it quits


if __name__ == "__main__":
    main()
