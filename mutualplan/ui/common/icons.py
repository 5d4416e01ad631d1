"""The actions' icons (named in ui/features.py) and the window's: drawn from SVG files in
resources/icons, shipped as PNGs at the sizes a toolbar and a menu use
(packaging/render_icons.py makes them; Qt scales the nearest for other screens).
PNGs, because drawing SVG would load Qt's SVG module at start (~4 ms, ~2 MB).

The strokes are mid-tone colours that stay visible on a light and on a dark palette,
so switching themes needs no second set.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from ...paths import resources_dir

ICON_SIZES = (16, 24, 32, 48, 64)


def png_path(folder: Path, name: str, size: int) -> Path:
    """Where the PNG of icon `name` at `size` is, in the icons `folder`."""
    return folder / "png" / f"{name}-{size}.png"


@cache
def icon(name: str) -> QIcon:
    """The icon `name`, or an empty icon when there is none (the toolbar then shows the
    action's text alone)."""
    folder, shipped = _shipped()
    drawn = QIcon()
    for size in ICON_SIZES:
        path = png_path(folder, name, size)
        if path.name in shipped:
            drawn.addFile(str(path))  # read when first painted
    return drawn


@cache
def _shipped() -> tuple[Path, frozenset[str]]:
    """The icons folder and the PNGs in it, listed once rather than asked file by file."""
    folder = resources_dir() / "icons"
    pngs = folder / "png"
    return folder, frozenset(os.listdir(pngs) if pngs.is_dir() else ())
