"""Paragraphs for table cells, made cheap to lay out many times.

A long table is split across pages again and again, and every split lays out each
remaining row anew at the same column widths: a `Cell` remembers its last layout and
gives it back for the same width. Cells also share the parsed markup of identical text
in the same style (a side, an owner, "open"), parsed once per document. The PDF stays
byte-for-byte what plain Paragraphs give.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

_SAME_WIDTH = 1e-6  # points


class Cell(Paragraph):
    """A Paragraph whose layout at one width is computed once."""

    _wrapped_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A paragraph's lines depend on the width alone, never on the height offered.
        # Tables compute one column's width in two ways that differ in the last bits of
        # a float: that is the same width.
        last = self._wrapped_at
        if last is not None and abs(availWidth - last) < _SAME_WIDTH:
            self.width = availWidth
            return availWidth, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size


class Cells:
    """Makes the cells of one document, parsing each distinct markup once."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, int, str | None], Paragraph] = {}

    def __call__(self, markup: str, style: ParagraphStyle, bullet: str | None = None) -> Cell:
        key = (markup, id(style), bullet)  # the styles live as long as the cells
        first = self._parsed.get(key)
        if first is None:
            first = self._parsed[key] = Cell(markup, style, bulletText=bullet)
            return first
        return Cell(first.text, first.style, bulletText=first.bulletText, frags=first.frags)
