"""What every page carries (the footer with 'page x of y', revision and hash), and the
signature boxes whose position the finishing step needs to place the form fields.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from ..i18n import _
from .job import SignatureBox, SignatureSlot
from .styles import MARGIN, MONO, MUTED, RULE, SANS, SANS_BOLD, WARNING, Styles, side_colour
from .text import esc, fit_text, side_name

FOOTER_FONT = 7.5
# Measured from the page's bottom edge.
FOOTER_RULE_Y = 40.0
FOOTER_TEXT_Y = 28.0

SIGNATURE_WIDTH = 250.0
SIGNATURE_HEIGHT = 80.0


def numbered_canvas(
    revision: int, short_hash: str, title: str, notice: str | None = None
) -> type[Canvas]:
    """A canvas class that holds every page back until the end, so the footer can say
    how many pages there are ('Page 3 of 12') in one layout pass. `notice`, if given,
    is printed at the top of every page (a review copy's 'for comments, not signing')."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for page in self._held:
                self.__dict__.update(page)
                self._footer(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _footer(self, total: int) -> None:
            width, _height = self._pagesize
            margin = MARGIN
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(margin, FOOTER_RULE_Y, width - margin, FOOTER_RULE_Y)
            self.setFillColor(MUTED)
            self.setFont(SANS, FOOTER_FONT)
            label = _("Revision {number} · SHA-256 ").format(number=revision)
            self.drawString(margin, FOOTER_TEXT_Y, label)
            self.setFont(MONO, FOOTER_FONT)
            self.drawString(
                margin + self.stringWidth(label, SANS, FOOTER_FONT), FOOTER_TEXT_Y, short_hash
            )
            self.setFont(SANS, FOOTER_FONT)
            page = _("Page {page} of {total}").format(page=self._pageNumber, total=total)
            self.drawRightString(width - margin, FOOTER_TEXT_Y, page)
            if self._pageNumber > 1:
                # Centred between the two ends, and never running into them.
                ends = max(
                    self.stringWidth(label, SANS, FOOTER_FONT) + 70,
                    self.stringWidth(page, SANS, FOOTER_FONT),
                )
                room = width - 2 * margin - 2 * ends - 16
                centre = fit_text(title, SANS, FOOTER_FONT, room)
                if centre:
                    self.drawCentredString(width / 2, FOOTER_TEXT_Y, centre)
            if notice:
                _width, height = self._pagesize
                self.setFillColor(WARNING)
                self.setFont(SANS_BOLD, 8)
                self.drawCentredString(width / 2, height - 28, notice)
            self.restoreState()

    return NumberedCanvas


def signer_line(slot: SignatureSlot) -> str:
    """'Seller — signed for Brightline Analytics by Priya Raghunathan, Account Director'."""
    side = side_name(slot.side)
    if not slot.signer_name:
        return _(
            "{side} — signed for {organisation} (signatory not chosen yet: mark who signs "
            "in People)"
        ).format(side=side, organisation=slot.organisation)
    if slot.signer_title:
        return _("{side} — signed for {organisation} by {name}, {title}").format(
            side=side, organisation=slot.organisation, name=slot.signer_name,
            title=slot.signer_title,
        )
    return _("{side} — signed for {organisation} by {name}").format(
        side=side, organisation=slot.organisation, name=slot.signer_name
    )


class SignatureBlock(Flowable):
    """One labelled, empty box for a side's signature.

    The box is left empty: the signature field is added over it afterwards. Where it
    landed (page, rectangle in points) is only known while drawing, so it is reported
    into `placed` at draw time.
    """

    def __init__(self, slot: SignatureSlot, styles: Styles, placed: dict[str, SignatureBox]):
        super().__init__()
        self.slot = slot
        self.placed = placed
        colour = side_colour(slot.side)
        text = f"<font name='{SANS_BOLD}'>{esc(signer_line(slot))}</font>"
        if not slot.signer_name:
            text += "<br/><font size=8 color='#5f6670'>"
            text += _("Nobody on this side is named as the signer in the plan yet.") + "</font>"
        self.label = Paragraph(text, styles.body)
        self.caption = Paragraph(
            _(
                "Digital signature for this revision. Sign in any PDF reader that signs "
                "digitally, or in MutualPlan."
            ),
            styles.note,
        )
        self.colour = colour
        self.gap = 6.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        inner = available_width - 12
        _w, self.label_height = self.label.wrap(inner, available_height)
        _w, self.caption_height = self.caption.wrap(inner, available_height)
        self.height = self.label_height + SIGNATURE_HEIGHT + self.caption_height + 3 * self.gap + 6
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, 0, 3, self.height, stroke=0, fill=1)
        y = self.height - self.label_height - 3
        self.label.drawOn(canvas, 12, y)
        y -= self.gap + SIGNATURE_HEIGHT
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(1)
        canvas.setDash(4, 3)
        canvas.rect(12, y, SIGNATURE_WIDTH, SIGNATURE_HEIGHT, stroke=1, fill=0)
        canvas.restoreState()
        x1, y1 = canvas.absolutePosition(12, y)
        x2, y2 = canvas.absolutePosition(12 + SIGNATURE_WIDTH, y + SIGNATURE_HEIGHT)
        self.placed[self.slot.field_name] = SignatureBox(
            self.slot.field_name,
            canvas.getPageNumber() - 1,
            (round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)),
        )
        self.caption.drawOn(canvas, 12, y - self.gap - self.caption_height)
