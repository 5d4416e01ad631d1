"""A chart drawn straight onto the page: shapes recorded as canvas operations, replayed
in order when the page is drawn.

reportlab's graphics (a Drawing of Rect, Line, String... shapes) builds a tree of
objects that its renderer then walks shape by shape, saving and restoring the graphics
state around each one and working out which colours and widths changed. A timeline of
a few hundred milestones has thousands of shapes; recorded as plain operations and
drawn with only the state changes they need, the page looks the same at a fraction of
the cost.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

_RECT, _LINE, _POLYLINE, _POLYGON, _TEXT = range(5)
_UNSET = object()


class Sketch(Flowable):
    """A fixed-size drawing (points, origin at the bottom left) of rectangles, lines,
    polylines, polygons and one-line strings, painted in the order they were added.

    A shape with no `fill` is not filled and one with no `stroke` is not outlined;
    `width` is the outline's width and `dash` its dash pattern (solid if None).
    """

    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width = width
        self.height = height
        self._ops: list[tuple] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    # -- recording ------------------------------------------------------------------

    def rect(
        self,
        x: float,
        y: float,
        width: float,
        height: float,
        fill: Color | None = None,
        stroke: Color | None = None,
        line_width: float = 1.0,
        dash: Sequence[float] | None = None,
    ) -> None:
        self._ops.append((_RECT, fill, stroke, line_width, dash, (x, y, width, height)))

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        stroke: Color,
        line_width: float = 1.0,
        dash: Sequence[float] | None = None,
    ) -> None:
        self._ops.append((_LINE, None, stroke, line_width, dash, (x1, y1, x2, y2)))

    def polyline(self, points: Sequence[float], stroke: Color, line_width: float = 1.0) -> None:
        """An open path through `points` (x0, y0, x1, y1, ...)."""
        self._ops.append((_POLYLINE, None, stroke, line_width, None, tuple(points)))

    def polygon(
        self,
        points: Sequence[float],
        fill: Color | None = None,
        stroke: Color | None = None,
        line_width: float = 1.0,
    ) -> None:
        """A closed path through `points` (x0, y0, x1, y1, ...)."""
        self._ops.append((_POLYGON, fill, stroke, line_width, None, tuple(points)))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        font: str,
        size: float,
        colour: Color,
        anchor: str = "start",
    ) -> None:
        """`text` on its baseline at `y`, starting at `x` (or ending there: anchor "end")."""
        if anchor == "end":
            x -= stringWidth(text, font, size)
        elif anchor == "middle":
            x -= stringWidth(text, font, size) / 2
        self._ops.append((_TEXT, colour, None, 0.0, None, (x, y, text, font, size)))

    # -- drawing ------------------------------------------------------------------

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineCap(0)
        canvas.setLineJoin(0)
        fill_now: object = _UNSET
        stroke_now: object = _UNSET
        width_now: object = _UNSET
        dash_now: object = _UNSET
        font_now: object = _UNSET
        for kind, fill, stroke, line_width, dash, args in self._ops:
            if fill is not None and fill != fill_now:
                canvas.setFillColor(fill)
                fill_now = fill
            if stroke is not None:
                if stroke != stroke_now:
                    canvas.setStrokeColor(stroke)
                    stroke_now = stroke
                if line_width != width_now:
                    canvas.setLineWidth(line_width)
                    width_now = line_width
                if dash != dash_now:
                    canvas.setDash(list(dash)) if dash else canvas.setDash()
                    dash_now = dash
            if kind == _TEXT:
                x, y, text, font, size = args
                if (font, size) != font_now:
                    canvas.setFont(font, size)
                    font_now = (font, size)
                canvas.drawString(x, y, text)
            elif kind == _RECT:
                canvas.rect(*args, stroke=int(stroke is not None), fill=int(fill is not None))
            elif kind == _LINE:
                canvas.line(*args)
            else:
                path = canvas.beginPath()
                path.moveTo(args[0], args[1])
                for index in range(2, len(args), 2):
                    path.lineTo(args[index], args[index + 1])
                if kind == _POLYGON:
                    path.close()
                    canvas.drawPath(
                        path, stroke=int(stroke is not None), fill=int(fill is not None)
                    )
                else:
                    canvas.drawPath(path, stroke=1, fill=0)
