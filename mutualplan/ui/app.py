"""Starting the desktop app: open the database, learn who the user is, show a plan."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from .. import i18n
from ..domain.model import Author
from ..i18n import _
from ..store import Store, StoreError
from .common.collector import collect_on_gui_thread
from .common.icons import icon
from .common.language import app_language, apply_language
from .common.theme import SETTING as THEME_SETTING
from .common.theme import apply_theme
from .main_window import MainWindow


def _first_plan(store: Store) -> str | None:
    known = {p.id for p in store.plans()}
    for plan_id in store.recent_plans():
        if plan_id in known:
            return plan_id
    plans = store.plans()
    return plans[0].id if plans else None


def ask_identity(store: Store) -> Author | None:
    from PySide6.QtWidgets import QDialog  # only on the first run (its types cost at start)

    from .common.dialogs import IdentityDialog

    dialog = IdentityDialog()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    author = dialog.author()
    store.set_local_user(author)
    return author


def _import_files(window: MainWindow, files: list[Path]) -> None:
    from .exchange.plan_import import import_plan_file

    for path in files:
        import_plan_file(window, path)


def _quit_when_asked(app: QApplication) -> None:
    """MUTUALPLAN_QUIT_AFTER_MS: start, show, quit (the packaged app's smoke test).

    MUTUALPLAN_SCREENSHOT=FILE.png saves the screen first (under Xvfb: what a user sees).
    A dialog open in its own loop (the first-run questions) is closed first: quit() alone
    ends only the main loop, and the timer repeats in case that has not started yet.
    """
    after = os.environ.get("MUTUALPLAN_QUIT_AFTER_MS", "")
    if not after.isdigit():
        return
    screenshot = os.environ.get("MUTUALPLAN_SCREENSHOT")

    def quit_() -> None:
        nonlocal screenshot
        if screenshot:
            app.primaryScreen().grabWindow(0).save(screenshot)
            screenshot = None
        for _attempt in range(10):  # bounded: a dialog that will not close must not hang the quit
            dialog = app.activeModalWidget()
            if dialog is None or not dialog.close():
                break
        app.quit()

    timer = QTimer(app)
    timer.timeout.connect(quit_)
    app.aboutToQuit.connect(timer.stop)  # the main loop ends: done (tests go on after it)
    timer.start(int(after))


def fit_to_screen(window: MainWindow) -> None:
    """The window's default size, made smaller where the screen is (a laptop at 125%
    or more), so nothing starts beyond the screen's edge."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    size = window.size().boundedTo(available.size())
    if size != window.size():
        window.resize(size)
        window.move(available.topLeft())


def _remembered_theme(store: Store) -> str:
    """View ▸ Theme as last chosen; "system" (the platform's light or dark) at first."""
    try:
        return str(store.setting(THEME_SETTING, "system"))
    except StoreError:
        return "system"


def _cannot_open(error: StoreError) -> None:
    from PySide6.QtWidgets import QMessageBox  # only when it is needed

    QMessageBox.critical(None, _("MutualPlan cannot open its database"), str(error))


def run_gui(db_path: Path, argv: list[str] | None = None) -> int:
    argv = argv if argv is not None else sys.argv[:1]
    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(argv)
    _quit_when_asked(app)
    window = start(app, db_path, [Path(name) for name in argv[1:]])
    if isinstance(window, int):
        return window
    code = app.exec()
    window.store.close()
    return code


def start(
    app: QApplication, db_path: Path, files: list[Path], plan_id: str | None = None
) -> MainWindow | int:
    """Everything before the event loop: the database opened, the user known, the
    window shown with `plan_id` (else the last plan) open. An exit code instead when
    there is nothing to show. `files` (plan PDFs opened from the file manager) are
    imported once the loop runs. The benchmark times this very function."""
    app.setApplicationName("MutualPlan")
    app.setOrganizationName("MutualPlan")
    app.setDesktopFileName("io.mutualplan.MutualPlan")  # packaging/*.desktop
    app.setWindowIcon(icon("mutualplan"))
    collect_on_gui_thread()  # never on a worker: it would destroy our widgets there
    try:
        store = Store(db_path, check_in_background=True)
    except StoreError as exc:
        apply_language(app, i18n.system_language())
        _cannot_open(exc)
        return 2
    # Before the first word is shown (the first-run questions included).
    apply_language(app, app_language(store))
    try:
        me = store.local_user() or ask_identity(store)
    except StoreError as exc:
        _cannot_open(exc)
        store.close()
        return 2
    if me is None:
        store.close()
        return 0  # the user closed the first-run question: nothing to do yet
    apply_theme(app, _remembered_theme(store))
    window = MainWindow(store, me)
    try:
        store.checked()  # SQLite's check of every page, run while the window was built
    except StoreError as exc:
        window.deleteLater()
        store.close()
        _cannot_open(exc)
        return 2
    fit_to_screen(window)
    window.show()
    plan_id = plan_id or _first_plan(store)
    if plan_id:
        window.open_plan(plan_id)
    else:
        window.show_welcome()  # in the window: the menus stay usable
    if files:
        QTimer.singleShot(0, lambda: _import_files(window, files))
    return window
