"""The look of the buyer-ready document: fonts, colours, paragraph styles, paper sizes.

Every piece of text is set in DejaVu (shipped in resources/fonts), so names in any
Latin, Greek or Cyrillic script print, and the fonts are embedded as subsets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..domain.model import Side
from ..paths import resources_dir

SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
SANS_ITALIC = "DejaVuSans-Oblique"
MONO = "DejaVuSansMono"

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    MONO: "DejaVuSansMono.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
# Page margins in points; the bottom one leaves room for the footer.
MARGIN = 50.0
MARGIN_TOP = 48.0
MARGIN_BOTTOM = 58.0

# The same colours as the editor (ui/common/values.py SIDE_COLOURS), so a printed bar
# means what it meant on the projector.
SIDE_COLOURS: dict[str, colors.Color] = {
    Side.SELLER: colors.HexColor("#2f6fb3"),
    Side.BUYER: colors.HexColor("#2e8b57"),
    Side.JOINT: colors.HexColor("#7b5ea7"),
}
INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#5f6670")
RULE = colors.HexColor("#c9ced6")
SHADE = colors.HexColor("#f2f4f7")
WARNING = colors.HexColor("#b3261e")
WARNING_BACKGROUND = colors.HexColor("#fdecea")
TARGET = colors.HexColor("#1f2328")
TODAY = colors.HexColor("#d0312d")
DONE = colors.HexColor("#2e7d32")


def side_colour(side: str) -> colors.Color:
    return SIDE_COLOURS.get(side, SIDE_COLOURS[Side.JOINT])


def lighter(colour: colors.Color, amount: float) -> colors.Color:
    """`colour` mixed with white; amount 0 keeps it, 1 gives white."""
    return colors.Color(
        colour.red + (1 - colour.red) * amount,
        colour.green + (1 - colour.green) * amount,
        colour.blue + (1 - colour.blue) * amount,
    )


def hex_of(colour: colors.Color) -> str:
    """'#rrggbb' for <font color=...> in paragraph markup."""
    return "#" + colour.hexval()[2:]


def register_fonts() -> None:
    """Register the DejaVu faces and their family once per process (any thread)."""
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = resources_dir() / "fonts"
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, filename in _FONT_FILES.items():
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        # DejaVu ships no bold oblique here: bold stands in, so <b><i> still works.
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD
        )
        _fonts_ready = True


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    cell_centre: ParagraphStyle
    action: ParagraphStyle
    action_title: ParagraphStyle
    banner: ParagraphStyle
    mono: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SANS,
        bulletFontName=SANS,
        fontSize=9.5,
        leading=13,
        textColor=INK,
        alignment=TA_LEFT,
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=7.8, leading=9.6)
    action = ParagraphStyle("action", parent=cell, fontSize=7.2, leading=8.8)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=SANS_BOLD, fontSize=26, leading=31, spaceAfter=6
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=14, leading=18, textColor=MUTED, spaceAfter=18
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=14,
            spaceAfter=7,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=11,
            leading=14,
            spaceBefore=9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2),
        note=ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_small=ParagraphStyle(
            "cell_small", parent=cell, fontSize=7, leading=8.6, textColor=MUTED
        ),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=SANS_BOLD, textColor=colors.white
        ),
        cell_centre=ParagraphStyle("cell_centre", parent=cell, alignment=TA_CENTER),
        action=action,
        action_title=ParagraphStyle("action_title", parent=action, leftIndent=11, bulletIndent=3),
        banner=ParagraphStyle(
            "banner",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=11,
            leading=15,
            textColor=WARNING,
        ),
        mono=ParagraphStyle("mono", parent=body, fontName=MONO, fontSize=8.5, leading=11),
    )
