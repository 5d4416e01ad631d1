"""Paragraphs for table cells, and the long tables they sit in, made cheap to lay out
many times.

A long table is split across pages again and again, and every split lays out each
remaining row anew at the same column widths: a `Cell` remembers its last layout and
gives it back for the same width. Cells of identical text in the same style (a side, an
owner, "open", a column heading) share their parsed markup and their layout at a width:
each is parsed and broken into lines once per document. The PDF stays byte-for-byte
what plain Paragraphs give. A `CellTable` measures each row once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, LongTable, Paragraph, TableStyle
from reportlab.platypus.tables import CellStyle, _setCellStyle

_SAME_WIDTH = 1e-6  # points
# What Paragraph.wrap computes: the lines (and the word list they were broken from).
_LAYOUT = (
    "width",
    "height",
    "blPara",
    "frags",
    "_wrapWidths",
    "_width_max",
    "_splitLongWordCount",
    "_hyphenations",
)


class Cell(Paragraph):
    """A Paragraph whose layout at one width is computed once, and shared with the
    cells of the same text and style (`Cells`) that are laid out at that width."""

    _wrapped_at: float | None = None
    # (width, layout) of this text in this style; None for a cell made on its own.
    _layouts: list[tuple[float, dict[str, Any]]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A paragraph's lines depend on the width alone, never on the height offered.
        # Tables compute one column's width in two ways that differ in the last bits of
        # a float: that is the same width.
        last = self._wrapped_at
        if last is not None and abs(availWidth - last) < _SAME_WIDTH:
            self.width = availWidth
            return availWidth, self.height
        layouts = self._layouts
        if layouts is not None:
            for width, layout in layouts:
                if abs(availWidth - width) < _SAME_WIDTH:
                    # Drawing only reads the lines: one layout serves every copy.
                    self.__dict__.update(layout)
                    self.width = self._wrapped_at = availWidth
                    return availWidth, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        if layouts is not None:
            state = self.__dict__
            layouts.append((availWidth, {name: state[name] for name in _LAYOUT if name in state}))
        return size


class Cells:
    """Makes the cells of one document, parsing and laying out each distinct markup
    once (per style, bullet and width)."""

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, int, str | None], Cell] = {}
        self._repeated: set[tuple[str, int, str | None]] = set()

    def __call__(self, markup: str, style: ParagraphStyle, bullet: str | None = None) -> Cell:
        key = (markup, id(style), bullet)  # the styles live as long as the cells
        first = self._parsed.get(key)
        if first is None:
            first = self._parsed[key] = Cell(markup, style, bulletText=bullet)
            first._layouts = []
            return first
        self._repeated.add(key)
        cell = Cell(first.text, first.style, bulletText=first.bulletText, frags=first.frags)
        cell._layouts = first._layouts
        return cell

    def forget_unrepeated(self) -> None:
        """Keep only the markup met more than once so far (a side, a name): a title
        met once is likely never met again, and need not be kept for the rest of a
        long document."""
        self._parsed = {key: self._parsed[key] for key in self._repeated}


# Style commands that set something of each cell in their range (the others draw
# backgrounds, lines or spans).
_CELL_OPS = frozenset(
    (
        "FONT",
        "FONTNAME",
        "FACE",
        "SIZE",
        "FONTSIZE",
        "LEADING",
        "TEXTCOLOR",
        "ALIGN",
        "ALIGNMENT",
        "VALIGN",
        "LEFTPADDING",
        "RIGHTPADDING",
        "TOPPADDING",
        "BOTTOMPADDING",
    )
)


class CellTable(LongTable):
    """A LongTable of fixed column widths that measures each row once, styles its
    cells in bulk and draws nothing for an empty cell.

    reportlab measures the rows of a table offered a place on a page, then measures
    them all again when it splits the table there: the first measure is not kept.
    A row's height depends on the column widths alone, so the heights measured first
    serve the split (and the parts it makes) unchanged. An empty string cell shows
    nothing, yet reportlab writes an empty text object for each; the page looks the
    same without them.

    Give the style to the constructor (`style=`): the commands that set every cell of
    the table alike, ahead of any that sets only some, are set once on one cell style
    that each cell then copies, instead of once per cell and command. The cells end up
    styled as setStyle would have left them.
    """

    def __init__(self, data: list[list[Any]], *args: Any, **kwargs: Any) -> None:
        style = kwargs.get("style")
        if style is not None and kwargs.get("cellStyles") is None and data:
            commands = style.getCommands() if isinstance(style, TableStyle) else list(style)
            shared, rest = _shared_cell_style(commands)
            columns = max(len(row) for row in data)
            kwargs["cellStyles"] = [[_copy(shared) for _ in range(columns)] for _ in data]
            kwargs["style"] = TableStyle(rest)
        super().__init__(data, *args, **kwargs)

    def _calcSpanRanges(self) -> None:  # noqa: N802
        # The spans of a table do not change once it is styled, yet reportlab works them
        # out again at every measure; kept, with the spanned cells as sets (they are
        # looked up for every cell of every row measured).
        key = (len(self._spanCmds), self._nrows, self._ncols)
        if getattr(self, "_spans_for", None) == key:
            return
        super()._calcSpanRanges()
        table: Any = self  # reportlab's attributes, untyped
        table._colSpanCells = set(table._colSpanCells)
        table._rowSpanCells = set(table._rowSpanCells)
        self._spans_for = key

    def _calc_height(  # reportlab's names
        self,
        availHeight: float,  # noqa: N803
        availWidth: float,  # noqa: N803
        H: Any = None,  # noqa: N803
        W: Any = None,  # noqa: N803
    ) -> None:
        super()._calc_height(availHeight, availWidth, H=H, W=W)
        if W is None:  # the columns' widths are given, not worked out from the cells
            # Rows reportlab left unmeasured stay None and are measured next time.
            self._argH = self._rowHeights

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        if cellval == "" and not (cellstyle.href or cellstyle.destination):
            return
        super()._drawCell(cellval, cellstyle, pos, size)


class Deferred(Flowable):
    """A flowable made only when the document reaches it, standing in for it until
    then: whatever the layout asks of it (size, split, drawing) is asked of the one
    `make` returns, made once."""

    def __init__(self, make: Callable[[], Flowable]) -> None:
        super().__init__()
        self._make: Callable[[], Flowable] | None = make
        self._made: Flowable | None = None

    def made(self) -> Flowable:
        if self._made is None:
            assert self._make is not None
            self._made, self._make = self._make(), None
        return self._made

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        canvas = getattr(self, "canv", None)  # none when asked outside a document
        return self.made().wrapOn(canvas, availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        canvas = getattr(self, "canv", None)
        return self.made().splitOn(canvas, availWidth, availHeight)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self.made().drawOn(canvas, x, y, _sW)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.made().getSpaceBefore()

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.made().getSpaceAfter()


def _shared_cell_style(commands: list[tuple]) -> tuple[CellStyle, list[tuple]]:
    """The cell style that `commands` give every cell alike, and the commands left to
    apply in their order: the cell commands over the whole table that come before any
    cell command over part of it (backgrounds, lines and spans do not touch cell
    styles, and stay in order among the rest)."""
    shared = CellStyle("cell")
    rest: list[tuple] = []
    partial = False
    for command in commands:
        op = command[0]
        if op in _CELL_OPS:
            whole = command[1] == (0, 0) and command[2] == (-1, -1)
            if whole and not partial:
                _setCellStyle([[shared]], 0, 0, op, command[3:])
                continue
            partial = True
        rest.append(command)
    return shared, rest


def _copy(style: CellStyle) -> CellStyle:
    copy = CellStyle.__new__(CellStyle)
    copy.__dict__.update(style.__dict__)
    return copy
