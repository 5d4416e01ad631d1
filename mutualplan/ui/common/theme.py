"""Light, dark, or whatever the system uses; and the few colours the app picks itself,
chosen so they stay readable on either palette."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QStyleFactory, QWidget
from shiboken6 import Shiboken

from ...i18n import N_, _

THEMES = {"system": N_("&System"), "light": N_("&Light"), "dark": N_("&Dark")}
SETTING = "theme"  # the store setting that remembers the choice


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    # Fields and tables a shade lighter than the window: Fusion outlines check boxes and
    # frames in the window colour darkened, which must stand out against the field.
    palette = QPalette()
    Role, Group = QPalette.ColorRole, QPalette.ColorGroup
    for role, colour in (
        (Role.Window, "#26282b"),
        (Role.WindowText, "#e8e8e8"),
        (Role.Base, "#2f3135"),
        (Role.AlternateBase, "#35383c"),
        (Role.ToolTipBase, "#3b3e44"),
        (Role.ToolTipText, "#e8e8e8"),
        (Role.PlaceholderText, "#8f9399"),
        (Role.Text, "#e8e8e8"),
        (Role.Button, "#33363a"),
        (Role.ButtonText, "#e8e8e8"),
        (Role.BrightText, "#ff8a80"),
        (Role.Light, "#4b4f55"),
        (Role.Midlight, "#41444a"),
        (Role.Mid, "#2a2c30"),
        (Role.Dark, "#1a1b1e"),
        (Role.Shadow, "#000000"),
        (Role.Highlight, "#3a72c4"),
        (Role.HighlightedText, "#ffffff"),
        (Role.Link, "#7fb2ff"),
        (Role.LinkVisited, "#c2a0ff"),
        (Role.Accent, "#3a72c4"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor("#80848a"))
    palette.setColor(Group.Disabled, Role.Highlight, QColor("#4b4f55"))
    palette.setColor(Group.Disabled, Role.Base, QColor("#2a2c30"))
    return palette


class _Theme(QObject):
    """The chosen theme, re-applied when the system switches between light and dark."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.name = "system"
        # The platform's own style, read before the first switch to Fusion: asking for
        # the style wraps it for Python, which creates its enum types (~10 ms at start).
        self.native_style: str | None = None
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    def apply(self, name: str) -> None:
        self.name = name if name in THEMES else "system"
        dark = self.name == "dark" or (self.name == "system" and system_prefers_dark())
        if dark:
            # Native styles (Windows, macOS) draw with their own colours, so a palette of
            # our own needs Fusion, which draws with the palette.
            self._set_style("fusion")
            self.app.setPalette(dark_palette())
        elif self.name == "light":
            self._set_style("fusion")
            self.app.setPalette(self.app.style().standardPalette())
        else:
            if self.native_style is not None:  # else the style was never changed
                self._set_style(self.native_style)
            self.app.setPalette(QPalette())  # the platform's own palette

    def _set_style(self, name: str) -> None:
        current = self.app.style().name()
        if self.native_style is None:
            self.native_style = current
        if current.casefold() != name.casefold():
            style = QStyleFactory.create(name)
            if style is not None:
                self.app.setStyle(style)

    @Slot(Qt.ColorScheme)
    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.name == "system":
            self.apply("system")


_themes: list[_Theme] = []  # the application's theme object, found without findChild


def _theme(app: QApplication) -> _Theme:
    # app.findChild(_Theme) would wrap every child of the application for Python (the
    # style among them, creating its dozen enum types): a few milliseconds at start.
    for theme in _themes:
        if Shiboken.isValid(theme) and theme.app is app:
            return theme
    _themes[:] = [_Theme(app)]
    return _themes[0]


def _running_app() -> QApplication:
    """The QApplication the window runs in (instance() is typed as the core one)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("The theme needs a running QApplication.")
    return app


def apply_theme(app: QApplication, name: str) -> None:
    """ "system" (follow the platform, dark when it says so), "light" or "dark"."""
    _theme(app).apply(name)


def current_theme(app: QApplication) -> str:
    return _theme(app).name


def is_dark(widget: QWidget | None = None) -> bool:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def alert_colour(widget: QWidget | None = None) -> QColor:
    """Red for what needs attention: dark red on a light palette, salmon on a dark one."""
    return QColor("#ff8a80" if is_dark(widget) else "#b3261e")


def caution_colour(widget: QWidget | None = None) -> QColor:
    """Amber for what is incomplete rather than wrong (no owner, no date)."""
    return QColor("#f2c062" if is_dark(widget) else "#8a5a00")


def muted_colour(widget: QWidget | None = None) -> QColor:
    palette = widget.palette() if widget is not None else QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.PlaceholderText)


def add_theme_menu(window, menu: QMenu) -> QMenu:
    """View ▸ Theme: System / Light / Dark, remembered in the database's settings."""
    submenu = menu.addMenu(_("T&heme"))
    group = QActionGroup(window)
    group.setExclusive(True)
    chosen = current_theme(_running_app())
    window.theme_actions = {}
    for name, text in THEMES.items():
        action = QAction(_(text), window)
        action.setCheckable(True)
        action.setChecked(name == chosen)
        action.setStatusTip(
            {
                "system": _("Follow the system's light or dark setting"),
                "light": _("Dark text on a light background"),
                "dark": _("Light text on a dark background, easier on a dim room's eyes"),
            }[name]
        )
        action.triggered.connect(lambda _=False, n=name: choose_theme(window, n))
        group.addAction(action)
        submenu.addAction(action)
        window.theme_actions[name] = action
    return submenu


def choose_theme(window, name: str) -> None:
    from ...store import StoreError

    apply_theme(_running_app(), name)
    window.theme_actions[name].setChecked(True)
    try:
        window.store.set_setting(SETTING, name)
    except StoreError as exc:
        window.statusBar().showMessage(
            _("The theme is not remembered: {reason}").format(reason=exc), 8000
        )
