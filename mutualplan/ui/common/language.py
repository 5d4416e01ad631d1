"""The window's language (View ▸ Language) and a plan's PDF language (File ▸ PDF language).

The window's language follows the system until the user chooses one; the choice is kept
in the database's settings and applies from the next start (every label, menu and
header is worded once, when it is made). Qt's own words (the Cancel, Yes and No of its
standard buttons) come from Qt's catalogue for the same language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from ... import i18n
from ...i18n import _, pdf_language_setting
from ...store import Store, StoreError

# The main window (it is not imported here: only the app's entry imports it).
type MainWindow = Any

SETTING = "language"  # the store setting: "en", "de", or absent (follow the system)
SYSTEM = "system"
# Each language named in itself: found by someone who cannot read the current one.
NAMES = {"en": "English", "de": "Deutsch"}


def chosen_language(store: Store) -> str:
    """View ▸ Language as chosen ("en", "de"), or "system"."""
    try:
        remembered = store.setting(SETTING)
    except StoreError:
        return SYSTEM
    return remembered if remembered in NAMES else SYSTEM


def app_language(store: Store) -> str:
    """The language the window speaks: the user's choice, else the system's."""
    chosen = chosen_language(store)
    return i18n.system_language() if chosen == SYSTEM else chosen


def qt_translations_dir() -> Path:
    """Where Qt's .qm catalogues are (in a bundle too: packaging/mutualplan.spec)."""
    found = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if (found / "qtbase_de.qm").is_file():
        return found
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def apply_language(app: QCoreApplication, code: str) -> QTranslator | None:
    """Word the app in `code`: our catalogue, and Qt's own for its standard buttons.
    Returns Qt's translator (installed; None for English or when Qt has none)."""
    i18n.set_language(code)
    if code == "en":
        return None
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{code}", str(qt_translations_dir())):
        return None  # Qt's buttons stay English; ours are translated all the same
    app.installTranslator(translator)
    return translator


def add_language_menu(window: MainWindow, menu: QMenu) -> QMenu:
    """View ▸ Language: the system's, English or Deutsch, from the next start."""
    submenu = menu.addMenu(_("&Language"))
    group = QActionGroup(window)
    group.setExclusive(True)
    chosen = chosen_language(window.store)
    window.language_actions = {}
    choices = [(SYSTEM, _("Follow the &system"))] + [
        (code, f"&{name}") for code, name in NAMES.items()
    ]
    for code, text in choices:
        action = QAction(text, window)
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.setStatusTip(_("The language of menus, dialogs and dates; from the next start"))
        action.triggered.connect(lambda _checked=False, c=code: choose_language(window, c))
        group.addAction(action)
        submenu.addAction(action)
        window.language_actions[code] = action
    return submenu


def choose_language(window: MainWindow, code: str) -> None:
    """Remember `code` ("en", "de" or "system") for the next start, and say so."""
    try:
        window.store.set_setting(SETTING, code)
    except StoreError as exc:
        window.say(_("The language is not remembered: {reason}").format(reason=exc), 8000)
        return
    window.language_actions[code].setChecked(True)
    name = NAMES.get(code) or NAMES.get(i18n.system_language(), NAMES["en"])
    window.say(
        _("MutualPlan speaks {language} from its next start").format(language=name), 8000
    )


def add_pdf_language_menu(window: MainWindow, menu: QMenu) -> QMenu:
    """File ▸ PDF language: the language the open plan's PDF is exported in.

    It starts as the plan's (the last one exported on this machine, else the buyer's,
    else the window's) and is remembered for the plan, like `mutualplan export
    --language`; the plan data and its SHA-256 do not depend on it."""
    submenu = menu.addMenu(_("PDF &language"))
    submenu.setStatusTip(_("The language the plan's PDF is written in"))
    group = QActionGroup(window)
    group.setExclusive(True)
    window.pdf_language_actions = {}
    for code, name in NAMES.items():
        action = QAction(f"&{name}", window)
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False, c=code: choose_pdf_language(window, c))
        group.addAction(action)
        submenu.addAction(action)
        window.pdf_language_actions[code] = action
    submenu.aboutToShow.connect(lambda: _show_pdf_language(window))
    return submenu


def pdf_language(window: MainWindow) -> str | None:
    """The language the open plan's PDF will be exported in (None: no plan open)."""
    if window.session is None:
        return None
    from ...pdf.export import document_language  # the PDF code: only when asked

    try:
        return document_language(window.store, window.session.state)
    except StoreError:
        return i18n.language()


def _show_pdf_language(window: MainWindow) -> None:
    code = pdf_language(window)
    for each, action in window.pdf_language_actions.items():
        action.setChecked(each == code)


def choose_pdf_language(window: MainWindow, code: str) -> None:
    if window.session is None:
        return
    try:
        window.store.set_setting(pdf_language_setting(window.session.state.id), code)
    except StoreError as exc:
        window.show_store_error(str(exc))
        return
    window.pdf_language_actions[code].setChecked(True)
    window.say(_("The plan's PDF is exported in {language}").format(language=NAMES[code]))
