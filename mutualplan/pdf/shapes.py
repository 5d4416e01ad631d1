"""reportlab's graphic shapes, loaded without their per-attribute type checks.

reportlab checks every attribute set on a shape against its declared type unless
`rl_config.shapeChecking` is off when its shapes module first loads; the timeline sets
tens of thousands of attributes, always of the right types, and the checks cost a third
of drawing it. The PDF is the same either way.
"""

from __future__ import annotations

from reportlab import rl_config

rl_config.shapeChecking = 0

from reportlab.graphics.shapes import (  # noqa: E402 - after the switch above
    Drawing,
    Line,
    Polygon,
    PolyLine,
    Rect,
    String,
)

__all__ = ["Drawing", "Line", "PolyLine", "Polygon", "Rect", "String"]
