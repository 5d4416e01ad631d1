"""Render the SVG icons to the PNGs that are shipped: the application icon
(resources/icons/mutualplan.svg) at the sizes a desktop expects, into
packaging/icons/hicolor/<size>x<size>/apps/mutualplan.png; and every icon the window
shows (the actions' and the window's own) at the sizes a toolbar and a menu draw, into
resources/icons/png/<name>-<size>.png. The app draws those PNGs: drawing SVG at start
would load Qt's SVG module for ~4 ms and ~2 MB.

    .venv/bin/python packaging/render_icons.py          # write the PNGs (they are committed)
    .venv/bin/python packaging/render_icons.py --check  # exit 1 if any is missing or stale

Uses Qt's own SVG renderer, so the PNGs look like the icon the running app shows.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "mutualplan.svg"
THEME = ROOT / "packaging" / "icons" / "hicolor"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
sys.path.insert(0, str(ROOT))
from mutualplan.ui.common.icons import ICON_SIZES, png_path  # noqa: E402


def targets() -> list[tuple[Path, int, Path]]:
    """(SVG, size, PNG) for every PNG that is shipped."""
    theme = [(SOURCE, size, THEME / f"{size}x{size}" / "apps" / "mutualplan.png") for size in SIZES]
    window = [
        (svg, size, png_path(ICONS, svg.stem, size))
        for svg in sorted(ICONS.glob("*.svg"))
        for size in ICON_SIZES
    ]
    return theme + window


def render(source: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source} is not an SVG Qt can read")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check the PNGs are current")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    stale = []
    for source, size, path in targets():
        png = render(source, size)
        if path.exists() and path.read_bytes() == png:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
