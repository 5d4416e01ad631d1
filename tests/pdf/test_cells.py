"""The document's quicker building blocks print what reportlab's own would: a CellTable
what a LongTable prints, a Sketch what a reportlab graphics Drawing of the same shapes
prints, compared as pages rendered to images."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_helpers import pdftotext
from reportlab.graphics.shapes import Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, TableStyle

from mutualplan.pdf.cells import Cell, Cells, CellTable, Deferred
from mutualplan.pdf.sections import grid_style
from mutualplan.pdf.sketch import Sketch
from mutualplan.pdf.styles import SANS, SANS_BOLD, make_styles


def _pdf(story: list[Flowable]) -> bytes:
    make_styles()  # the embedded fonts
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=SANS).build(story)
    return out.getvalue()


def _pages(pdf: bytes, tmp_path: Path, name: str) -> list[bytes]:
    """Each page as a PNG, as poppler draws it."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(source), str(tmp_path / name)], check=True)
    return [page.read_bytes() for page in sorted(tmp_path.glob(f"{name}-*.png"))]


def _same_pages(one: bytes, other: bytes, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    first, second = _pages(one, tmp_path, "one"), _pages(other, tmp_path, "other")
    assert len(first) == len(second) > 0
    for number, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        difference = ImageChops.difference(
            Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB")
        )
        assert difference.getbbox() is None, f"page {number} differs"


def _rows(cells: Cells) -> tuple[list[list[object]], list[tuple]]:
    """A long table in the milestone table's manner: a heading, rows of paragraphs and
    plain strings, a spanned row under each, empty cells; and its style commands."""
    styles = make_styles()
    rows: list[list[object]] = [[cells(h, styles.cell_head) for h in ("#", "Title", "Who", "Due")]]
    commands: list[tuple] = []
    for n in range(1, 90):
        rows.append(
            [
                str(n),
                cells(f"<b>Step {n}: a title long enough to wrap in its column</b>", styles.cell),
                cells("Łukasz Wiśniewski", styles.cell) if n % 2 else "Zoë",
                f"{n} Mar 2027",
            ]
        )
        rows.append(["", cells(f"Details of step {n}, across the table.", styles.action), "", ""])
        commands += [
            ("SPAN", (1, len(rows) - 1), (-1, len(rows) - 1)),
            ("LINEABOVE", (0, len(rows) - 2), (-1, len(rows) - 2), 0.7, colors.grey),
            ("TOPPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 0.5),
        ]
    commands += [
        ("FONTNAME", (0, 1), (0, -1), SANS_BOLD),
        ("FONTSIZE", (0, 1), (-1, -1), 7.8),
        ("LEADING", (0, 1), (-1, -1), 9.6),
        ("TEXTCOLOR", (3, 1), (3, -1), colors.darkred),
    ]
    return rows, commands


def test_a_cell_table_prints_what_a_long_table_prints(tmp_path: Path) -> None:
    widths = [30, 260, 120, 80]
    rows, commands = _rows(Cells())
    plain = LongTable(rows, colWidths=widths, repeatRows=1, splitInRow=100)
    plain.setStyle(grid_style(*commands, rules=False))
    rows, commands = _rows(Cells())
    quick = CellTable(
        rows,
        colWidths=widths,
        repeatRows=1,
        splitInRow=100,
        style=grid_style(*commands, rules=False),
    )
    one, other = _pdf([plain]), _pdf([quick])
    assert len(pdftotext(one, tmp_path)) > 2  # split across pages, heading repeated
    assert pdftotext(one, tmp_path, layout=True) == pdftotext(other, tmp_path, layout=True)
    _same_pages(one, other, tmp_path)


def test_a_cell_table_styles_its_cells_as_set_style_would() -> None:
    rows = [["a", "b", "c"] for _ in range(4)]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.black),
        ("FONTSIZE", (0, 0), (-1, -1), 6),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("SPAN", (1, 2), (2, 2)),
        ("LEFTPADDING", (1, 1), (1, -1), 9),
        # A command over the whole table after one over part of it applies after it.
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("TEXTCOLOR", (2, 0), (2, -1), colors.red),
        ("LEADING", (0, 0), (-1, -1), 7),
    ]
    plain = LongTable([list(r) for r in rows])
    plain.setStyle(TableStyle(commands))
    quick = CellTable([list(r) for r in rows], style=TableStyle(commands))
    names = ("fontname", "fontsize", "leading", "leftPadding", "rightPadding", "topPadding")
    names += ("bottomPadding", "color", "alignment", "valign")
    for plain_row, quick_row in zip(plain._cellStyles, quick._cellStyles, strict=True):
        for a, b in zip(plain_row, quick_row, strict=True):
            assert [getattr(a, n) for n in names] == [getattr(b, n) for n in names]
    assert quick._spanCmds == plain._spanCmds and quick._bkgrndcmds == plain._bkgrndcmds


def test_cells_of_the_same_text_share_one_layout_per_width() -> None:
    styles = make_styles()
    cells = Cells()
    text = "Both sides confirm in writing, in one sentence that wraps."
    first, second, third = (cells(text, styles.cell) for _ in range(3))
    assert first.wrap(60, 1000) == second.wrap(60, 1000)
    assert second.blPara is first.blPara
    assert third.wrap(200, 1000)[1] < first.height  # another width: its own lines
    assert third.blPara is not first.blPara
    alone = Cell(text, styles.cell)  # not made by Cells: nothing shared
    alone.wrap(60, 1000)
    assert alone.blPara is not first.blPara and alone.height == first.height
    # Once a table is built, markup met only once is let go; what repeats is kept.
    cells("<b>Once</b>", styles.cell)
    cells.forget_unrepeated()
    assert cells(text, styles.cell).frags is first.frags
    assert cells("<b>Once</b>", styles.cell)._layouts == []  # parsed anew


def test_a_deferred_flowable_is_made_once_when_the_document_reaches_it(
    tmp_path: Path,
) -> None:
    styles = make_styles()
    made: list[int] = []

    def make(n: int) -> Callable[[], Flowable]:
        def paragraph() -> Flowable:
            made.append(n)
            return Paragraph(f"Deferred paragraph {n}", styles.body)

        return paragraph

    story: list[Flowable] = [Paragraph("Before", styles.body)]
    story += [Deferred(make(n)) for n in range(3)]
    assert made == []
    text = pdftotext(_pdf(story), tmp_path)
    assert made == [0, 1, 2]
    assert "Deferred paragraph 2" in text[0]


def _picture(add: Callable[[str, tuple], None]) -> None:
    """The timeline's kinds of shapes, in the order a chart draws them."""
    blue, red = colors.HexColor("#2f6fb3"), colors.HexColor("#b3261e")
    add("rect", (0, 80, 300, 20, colors.HexColor("#F3F4F6"), None, 1.0, None))
    add("rect", (40, 10, 260, 90, None, colors.grey, 0.6, None))
    add("line", (120, 10, 120, 100, red, 1.1, (2.0, 2.0)))
    add("rect", (60, 84, 50, 8, blue, red, 1.0, None))
    add("rect", (110, 84, 20, 8, colors.HexColor("#E0B0B0"), red, 0.7, (1.5, 1)))
    add("polyline", ((110, 88, 115, 88, 115, 60, 140, 60), colors.grey, 0.6))
    add("polygon", ((140, 60, 137, 61.6, 137, 58.4), colors.grey, None, 1.0))
    add("polygon", ((200, 64, 204, 60, 200, 56, 196, 60), blue, red, 0.6))
    add("text", (22, 86, "#1", SANS_BOLD, 7.0, colors.grey, "end"))
    add("text", (24, 86, "Discovery workshop", SANS, 7.0, colors.black, "start"))
    add("text", (140, 30, "as of 4 Mar", SANS_BOLD, 6.2, red, "start"))


def _as_drawing() -> Drawing:
    d = Drawing(300, 100)

    def add(kind: str, a: tuple) -> None:
        if kind == "rect":
            x, y, w, h, fill, stroke, width, dash = a
            shape = Rect(x, y, w, h, fillColor=fill, strokeColor=stroke, strokeWidth=width)
            shape.strokeDashArray = list(dash) if dash else None
        elif kind == "line":
            shape = Line(*a[:4], strokeColor=a[4], strokeWidth=a[5])
            shape.strokeDashArray = list(a[6]) if a[6] else None
        elif kind == "polyline":
            shape = PolyLine(list(a[0]), strokeColor=a[1], strokeWidth=a[2])
        elif kind == "polygon":
            shape = Polygon(list(a[0]), fillColor=a[1], strokeColor=a[2], strokeWidth=a[3])
        else:
            x, y, text, font, size, colour, anchor = a
            shape = String(x, y, text, fontName=font, fontSize=size, fillColor=colour)
            shape.textAnchor = anchor
        d.add(shape)

    _picture(add)
    return d


def _as_sketch() -> Sketch:
    sketch = Sketch(300, 100)

    def add(kind: str, a: tuple) -> None:
        if kind == "rect":
            sketch.rect(*a[:4], fill=a[4], stroke=a[5], line_width=a[6], dash=a[7])
        elif kind == "line":
            sketch.line(*a[:5], line_width=a[5], dash=a[6])
        elif kind == "polyline":
            sketch.polyline(a[0], a[1], a[2])
        elif kind == "polygon":
            sketch.polygon(a[0], a[1], a[2], a[3])
        else:
            sketch.text(*a)

    _picture(add)
    return sketch


def test_a_sketch_prints_what_a_drawing_of_the_same_shapes_prints(tmp_path: Path) -> None:
    one, other = _pdf([_as_drawing()]), _pdf([_as_sketch()])
    _same_pages(one, other, tmp_path)
    assert "#1 Discovery workshop" in pdftotext(other, tmp_path)[0]
