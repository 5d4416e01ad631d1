"""Starting the desktop app: open the database, learn who the user is, show a plan."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ..domain.model import Author
from ..paths import resources_dir
from ..store import Store, StoreError
from ..store.errors import ActivePlanExistsError
from .dialogs import IdentityDialog
from .main_window import MainWindow


def _first_plan(store: Store) -> str | None:
    known = {p.id for p in store.plans()}
    for plan_id in store.recent_plans():
        if plan_id in known:
            return plan_id
    plans = store.plans()
    return plans[0].id if plans else None


def _offer_sample(window: MainWindow, store: Store) -> None:
    """First run: an empty database. Offer a sample to look around, or a new plan."""
    box = QMessageBox(window)
    box.setWindowTitle("Welcome to MutualPlan")
    box.setText(
        "There is no plan yet. Start your own from a template, or open a sample plan "
        "(a software purchase with people on both sides, evidence and history) to look around."
    )
    sample = box.addButton("Open a sample plan", QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton("Start a new plan…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is sample:
        from ..store.sample import add_sample_plan

        try:
            state = add_sample_plan(store)
        except (StoreError, ActivePlanExistsError) as exc:
            window.show_store_error(str(exc))
            return
        window.open_plan(state.id)
    elif box.clickedButton() is new:
        window.new_plan()


def ask_identity(store: Store) -> Author | None:
    dialog = IdentityDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    author = dialog.author()
    store.set_local_user(author)
    return author


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("MutualPlan")
    app.setOrganizationName("MutualPlan")
    app.setDesktopFileName("mutualplan")
    icon = resources_dir() / "icons" / "mutualplan.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    try:
        store = Store(db_path)
        me = store.local_user() or ask_identity(store)
    except StoreError as exc:
        QMessageBox.critical(None, "MutualPlan cannot open its database", str(exc))
        return 2
    if me is None:
        return 0  # the user closed the first-run question: nothing to do yet
    window = MainWindow(store, me)
    window.show()
    plan_id = _first_plan(store)
    if plan_id:
        window.open_plan(plan_id)
    else:
        _offer_sample(window, store)
    code = app.exec()
    store.close()
    return code
