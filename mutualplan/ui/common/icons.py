"""The actions' icons (named in ui/features.py): SVG files in resources/icons, drawn
sharp at any scale.

The strokes are mid-tone colours that stay visible on a light and on a dark palette,
so switching themes needs no second set. Without Qt's SVG plugins the icons are
left out and the toolbar shows its text alone.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ...paths import resources_dir


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
