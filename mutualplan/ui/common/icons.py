"""The actions' icons: SVG files in resources/icons, drawn sharp at any scale.

The strokes are mid-tone colours that stay visible on a light and on a dark palette,
so switching themes needs no second set. Without Qt's SVG plugins the icons are
left out and the toolbar shows its text alone.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QToolBar

from ...paths import resources_dir

# MainWindow attribute -> icon file (without .svg)
ACTION_ICONS = {
    "new_plan_action": "new",
    "open_plan_action": "open",
    "export_action": "export",
    "sign_action": "sign",
    "verify_action": "verify",
    "import_action": "import",
    "undo_action": "undo",
    "redo_action": "redo",
    "add_milestone_action": "add-milestone",
    "add_action_action": "add-action",
    "delete_action": "delete",
    "move_up_action": "move-up",
    "move_down_action": "move-down",
    "timeline_action": "timeline",
    "present_action": "present",
    "find_action": "find",
    "quick_add_action": "quick-add",
    "shortcuts_action": "keyboard",
    "save_template_action": "template",
}


@cache
def icon(name: str) -> QIcon:
    """The icon `name`.svg, or an empty icon when it cannot be drawn here."""
    path = resources_dir() / "icons" / f"{name}.svg"
    if not path.exists() or not _svg_drawable():
        return QIcon()
    return QIcon(str(path))  # drawn when first painted


@cache
def _svg_drawable() -> bool:
    """Whether this Qt has an SVG icon engine or image plugin: tried once, on one icon
    (all of them are SVG), rather than by drawing each one before the window shows."""
    sample = next((resources_dir() / "icons").glob("*.svg"), None)
    return sample is not None and not QIcon(str(sample)).pixmap(QSize(16, 16)).isNull()


# Toolbar buttons whose glyph says it all (their names stay in the tooltip, the menu
# and for screen readers): the toolbar then fits a 1152-pixel-wide screen (1440 at 125%)
# without hiding the "Editing as" chooser behind its overflow arrow.
ICON_ONLY = ("undo_action", "redo_action", "move_up_action", "move_down_action")


def apply_icons(window) -> None:
    for attribute, name in ACTION_ICONS.items():
        action = getattr(window, attribute, None)
        if action is not None:
            action.setIcon(icon(name))
    # The toolbar names undo and redo plainly; the menu keeps "Undo Add milestone".
    window.undo_action.setIconText("Undo")
    window.redo_action.setIconText("Redo")
    toolbar = window.findChild(QToolBar, "main_toolbar")
    if toolbar is None:
        return
    for attribute in ICON_ONLY:
        action = getattr(window, attribute)
        button = toolbar.widgetForAction(action)
        if button is not None and not action.icon().isNull():
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
