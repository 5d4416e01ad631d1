"""Child process for the start-up and memory figures.

    python bench/window.py bare
    python bench/window.py floor DB PLAN_ID
    python bench/window.py skeleton DB PLAN_ID
    python bench/window.py app DB PLAN_ID

Shows a window, prints "shown" the moment it is on screen, then "rss KB" for the peak
resident memory, and exits. The parent times the line from process start.
"""

from __future__ import annotations

import resource
import sys


def table_model(rows: list[tuple], headings: tuple[str, ...], parent):  # noqa: ANN001, ANN201
    """A minimal flat model: each row's cells as text, under `headings`."""
    from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

    class Table(QAbstractItemModel):
        def index(self, row, column, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008
            return QModelIndex() if parent.isValid() else self.createIndex(row, column)

        def parent(self, index=QModelIndex()):  # noqa: ANN001, ANN202, B008
            return QModelIndex()

        def rowCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            return 0 if parent.isValid() else len(rows)

        def columnCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            return len(headings)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202
            if role == Qt.ItemDataRole.DisplayRole:
                return str(rows[index.row()][index.column()])
            return None

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202, N802
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return headings[section]
            return None

    return Table(parent)


def floor_window(db: str, plan_id: str):  # noqa: ANN201
    """The least any app showing this plan does: a sqlite3 read of its milestones and a
    QTreeView on a minimal custom model, in a window with a title."""
    import sqlite3

    from PySide6.QtWidgets import QMainWindow, QTreeView

    columns = ("title", "side", "start", "due", "status", "lead_days")
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            f"SELECT {', '.join(columns)} FROM milestones WHERE plan_id = ? ORDER BY rank",
            (plan_id,),
        ).fetchall()
    window = QMainWindow()
    window.setWindowTitle("Floor")
    window.resize(1400, 860)
    view = QTreeView()
    view.setModel(table_model(rows, columns, view))
    window.setCentralWidget(view)
    window.show()
    return window


def skeleton_window(db: str, plan_id: str):  # noqa: ANN201, C901, PLR0915
    """MutualPlan's first screen built from stock Qt classes, with none of MutualPlan's
    code: what PySide6 itself asks of any app showing the same thing, laid out as the app
    lays it out. The same menus (31 actions, 24 with keys, four submenus), ten toolbar
    icons read from the same PNG files, the author list, the plan's title, objective,
    revision and a rich-text health line, the milestone tree with each milestone's
    actions beneath it in the same twelve columns (Phase hidden; bold titles, struck out
    when done, a colour swatch per side, a check box per action; rows of one height) and
    three tabs beneath it, the people table in the first. Fitted to the screen as the app
    is; on a small one (the offscreen screen is 800×800) the tabs fold down to their bar,
    as in the app's compact layout, whose header (title, objective, a button for the
    details) is the one built here: a large screen's details form is not."""
    import os
    import sqlite3

    from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
    from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QLabel,
        QLineEdit,
        QMainWindow,
        QSplitter,
        QTableView,
        QTabWidget,
        QToolBar,
        QToolButton,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )

    with sqlite3.connect(db) as conn:
        title, objective = conn.execute(
            "SELECT title, objective FROM plans WHERE id = ?", (plan_id,)
        ).fetchone()
        people_rows = conn.execute(
            "SELECT id, name, title, email, side, role FROM people WHERE plan_id = ?"
            " ORDER BY rank",
            (plan_id,),
        ).fetchall()
        names = {row[0]: row[1] for row in people_rows}
        people = [row[1:] for row in people_rows]
        milestones = conn.execute(
            "SELECT id, title, side, owner_id, start, due, status, lead_days, depends_on,"
            " exit_criteria, phase FROM milestones WHERE plan_id = ? ORDER BY rank",
            (plan_id,),
        ).fetchall()
        actions: dict[str, list[tuple]] = {}
        for milestone_id, *action in conn.execute(
            "SELECT milestone_id, title, owner_id, due, done FROM actions WHERE plan_id = ?"
            " ORDER BY rank",
            (plan_id,),
        ):
            actions.setdefault(milestone_id, []).append(action)

    headings = ("#", "Milestone / action", "Side", "Owner", "Start", "Due", "Status",
                "Health", "Lead (days)", "Depends on", "Exit criteria", "Phase")
    rows = []
    for number, (mid, mtitle, side, owner, start, due, status, lead, deps, exit_, phase) in (
        enumerate(milestones, 1)
    ):
        cells = [str(number), mtitle, side, names.get(owner, ""), start or "", due or "",
                 status, "", "" if lead is None else str(lead), deps, exit_, phase]
        children = [["", a_title, "", names.get(a_owner, ""), "", a_due or "", done, "",
                     "", "", "", ""]
                    for a_title, a_owner, a_due, done in actions.get(mid, [])]
        rows.append((cells, children, status == "done"))
    bold, struck = QFont(), QFont()
    bold.setBold(True)
    struck.setBold(True)
    struck.setStrikeOut(True)
    swatches = {"seller": QColor("#2f6db5"), "buyer": QColor("#2f9a4f"), "joint": QColor("#7a5cb5")}
    status_column = headings.index("Status")

    class Milestones(QAbstractItemModel):
        # internalId 0: a milestone row; n > 0: an action of milestone row n - 1.
        def index(self, row, column, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008
            return self.createIndex(row, column, parent.row() + 1 if parent.isValid() else 0)

        def parent(self, index=QModelIndex()):  # noqa: ANN001, ANN202, B008
            owner = index.internalId()
            return self.createIndex(owner - 1, 0, 0) if owner else QModelIndex()

        def rowCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            if not parent.isValid():
                return len(rows)
            return 0 if parent.internalId() else len(rows[parent.row()][1])

        def columnCount(self, parent=QModelIndex()):  # noqa: ANN001, ANN202, B008, N802
            return len(headings)

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202
            owner, column = index.internalId(), index.column()
            cells, children, done = rows[owner - 1 if owner else index.row()]
            if owner and column == status_column:
                checked = children[index.row()][column]
                if role == Qt.ItemDataRole.CheckStateRole:
                    return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                return "Done" if role == Qt.ItemDataRole.DisplayRole and checked else None
            if role == Qt.ItemDataRole.DisplayRole:
                return (children[index.row()] if owner else cells)[column]
            if role == Qt.ItemDataRole.FontRole and not owner and column == 1:
                return struck if done else bold
            if role == Qt.ItemDataRole.DecorationRole and not owner and column == 2:
                return swatches.get(cells[2])
            return None

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202, N802
            if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
                return headings[section]
            return None

    window = QMainWindow()
    window.setWindowTitle(f"{title} — Skeleton")
    window.resize(1400, 860)
    # 31 actions in six menus, 24 of them with a shortcut, and four submenus of choices;
    # ten toolbar buttons with icons (each icon five PNG sizes), as MutualPlan's
    # feature table has.
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "resources", "icons", "png")
    icon_names = ["new", "open", "export", "undo", "redo", "add-milestone", "add-action",
                  "delete", "move-up", "move-down"]
    toolbar = QToolBar("Main")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(toolbar)
    menus = [window.menuBar().addMenu(t) for t in
             ("&File", "&Edit", "&View", "&Plan", "&Settings", "&Help")]
    for number in range(31):
        action = QAction(f"Action {number}", window)
        if number < 24:
            action.setShortcut(QKeySequence(f"Ctrl+Alt+{chr(ord('A') + number)}"))
        action.setStatusTip(f"What action {number} does")
        menus[number % len(menus)].addAction(action)
        if number < len(icon_names):
            drawn = QIcon()
            for size in (16, 24, 32, 48, 64):
                drawn.addFile(os.path.join(folder, f"{icon_names[number]}-{size}.png"))
            action.setIcon(drawn)
            toolbar.addAction(action)
    submenus = ("Recent plans", "PDF language", "Theme", "Language")
    for menu, submenu in zip((menus[0], menus[0], menus[2], menus[2]), submenus, strict=True):
        choices = menu.addMenu(submenu)
        for number in range(4):
            choices.addAction(QAction(f"{submenu} {number}", window, checkable=True))
    authors = QComboBox()
    authors.addItems([row[0] for row in people])
    toolbar.addWidget(QLabel("Editing as "))
    toolbar.addWidget(authors)

    page = QWidget()
    layout = QVBoxLayout(page)
    heading = QLineEdit(title)
    heading_font = QFont(heading.font())
    heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
    heading_font.setBold(True)
    heading.setFont(heading_font)
    details = QToolButton()
    details.setText("Show details ▾")
    layout.addWidget(heading)
    layout.addWidget(details)
    layout.addWidget(QLabel(f"Objective: {objective}"))
    layout.addWidget(QLabel(f"Revision 1 · <b>draft</b> · <b>Health</b> {len(rows)} milestones"
                            " · <span style='color:#b00020'>0 overdue</span>"))
    tree = QTreeView()
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.setModel(Milestones(tree))
    tree.setColumnHidden(headings.index("Phase"), True)
    tree.expandAll()
    tree.setCurrentIndex(tree.model().index(0, 1))
    people_view = QTableView()
    people_view.setModel(
        table_model(people, ("Name", "Job title", "Email", "Side", "Role"), people_view)
    )
    tabs = QTabWidget()
    tabs.addTab(people_view, "People")
    tabs.addTab(QWidget(), "Evidence")
    tabs.addTab(QWidget(), "History")
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.addWidget(tree)
    splitter.addWidget(tabs)
    layout.addWidget(splitter)
    window.setCentralWidget(page)
    window.statusBar()
    available = QApplication.primaryScreen().availableGeometry()
    if available.size().expandedTo(window.size()) != available.size():
        window.resize(window.size().boundedTo(available.size()))
        window.move(available.topLeft())
        folded = tabs.tabBar().sizeHint().height() + 2
        tabs.setMinimumHeight(folded)
        splitter.setSizes([max(window.height() - folded, 1), folded])
    window.show()
    tree.setFocus()
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
    elif sys.argv[1] == "skeleton":
        window = skeleton_window(sys.argv[2], sys.argv[3])
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
