"""The icons the window draws are PNGs rendered from the SVGs in resources/icons: one per
SVG and size, current with its SVG (packaging/render_icons.py writes them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from mutualplan.paths import resources_dir
from mutualplan.ui.common.icons import ICON_SIZES, icon, png_path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
from render_icons import render  # noqa: E402

ICONS = resources_dir() / "icons"
SVGS = sorted(ICONS.glob("*.svg"))


@pytest.mark.parametrize("svg", SVGS, ids=[svg.stem for svg in SVGS])
def test_each_icon_is_shipped_current_at_every_size(qapp, svg):
    for size in ICON_SIZES:
        shipped = QImage(str(png_path(ICONS, svg.stem, size)))
        assert (shipped.width(), shipped.height()) == (size, size), (svg.stem, size)
        fresh = QImage.fromData(render(svg, size))
        # Pixel for pixel, allowing for another Qt's rounding in antialiased edges.
        worst = max(
            abs(a - b)
            for y in range(size)
            for x in range(size)
            for a, b in zip(
                shipped.pixelColor(x, y).getRgb(), fresh.pixelColor(x, y).getRgb(), strict=True
            )
        )
        assert worst <= 24, f"{svg.stem}-{size}.png is stale: run packaging/render_icons.py"


def test_an_icon_has_every_size_and_a_missing_one_is_empty(qapp):
    sizes = {size.width() for size in icon("add-milestone").availableSizes()}
    assert sizes == set(ICON_SIZES)
    assert icon("no-such-icon").isNull()
