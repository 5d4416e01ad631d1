"""The response form of a review copy, laid out beside what each part answers.

The flowables here draw the labels and the empty boxes; where each box landed (page,
rectangle) is only known while drawing, so each reports its fields into a `ReviewForm`
at draw time, and the finishing step (review_form.py) puts real form fields there.
Field names say what they hold (`milestone.3.due`, `evidence.2.why`, `reviewer.name`),
so other tools can fill them by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from ..domain.model import Evidence, Milestone, Revision
from ..domain.state import PlanState
from ..i18n import N_, _
from .job import ExportJob
from .styles import MONO, MUTED, RULE, SANS, SANS_BOLD, WARNING, Styles, hex_of, side_colour
from .text import choice, esc, fmt_date, person_name, shorten

# The words on every page of a review copy, and what `verify` says of one.
REVIEW_NOTICE = N_("Review copy — for comments, not signing")
DATE_HINT = N_("e.g. 2027-04-14")

# Where the answer boxes start (points from the block's left edge).
ANSWER_X = 205.0
BOX_HEIGHT = 15.0
COMMENT_HEIGHT = 30.0
RADIO = 10.0


@dataclass
class PlacedField:
    """One form field, or one button of a radio group, as drawn."""

    name: str  # fully qualified: "milestone.3.due"
    kind: str  # "text", "multiline" or "radio"
    page: int  # 0-based
    rect: tuple[float, float, float, float]
    label: str  # the tooltip a reader shows
    value: str = ""  # a radio button's export value ("agree")


@dataclass
class ItemArea:
    """The part of a page that answers one item: notes placed on it belong to it."""

    entity: str
    entity_id: str
    number: int
    page: int
    rect: tuple[float, float, float, float]


@dataclass
class RowTop:
    """Where a table row of an item begins (its top edge), seen while drawing."""

    entity: str
    entity_id: str
    number: int
    page: int
    top: float
    x1: float
    x2: float


@dataclass
class ReviewForm:
    fields: list[PlacedField] = field(default_factory=list)
    areas: list[ItemArea] = field(default_factory=list)
    rows: list[RowTop] = field(default_factory=list)  # the plan's own tables

    def row_areas(self, bottom: float) -> list[ItemArea]:
        """Each item's rows in the milestone and evidence tables, as an area: from its
        row's top to the next item's row on that page (or the page's text bottom), so
        a note on a milestone or on one of its actions belongs to that milestone."""
        areas = []
        by_page: dict[int, list[RowTop]] = {}
        for row in self.rows:
            by_page.setdefault(row.page, []).append(row)
        for page, rows in sorted(by_page.items()):
            rows.sort(key=lambda r: -r.top)
            for row, below in zip(rows, [*rows[1:], None], strict=True):
                end = below.top if below is not None else bottom
                areas.append(
                    ItemArea(row.entity, row.entity_id, row.number, page,
                             (row.x1, round(end, 2), row.x2, round(row.top, 2)))
                )
        return areas


class RowMark(Flowable):
    """Takes no room: put first in a table row's first cell, it tells the form where
    that item's row begins (review copies only)."""

    def __init__(
        self, form: ReviewForm, entity: str, entity_id: str, number: int, width: float,
        padding: tuple[float, float] = (3.0, 2.5),
    ) -> None:
        super().__init__()
        self.form = form
        self.entity = entity
        self.entity_id = entity_id
        self.number = number
        self.table_width = width
        self.padding = padding

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        left, top = canvas.absolutePosition(0, 0)
        x1 = left - self.padding[0]
        self.form.rows.append(
            RowTop(
                self.entity, self.entity_id, self.number, canvas.getPageNumber() - 1,
                round(top + self.padding[1], 2), round(x1, 2), round(x1 + self.table_width, 2),
            )
        )


def _absolute(canvas: Canvas, x1: float, y1: float, x2: float, y2: float) -> tuple:
    ax1, ay1 = canvas.absolutePosition(x1, y1)
    ax2, ay2 = canvas.absolutePosition(x2, y2)
    return (round(ax1, 2), round(ay1, 2), round(ax2, 2), round(ay2, 2))


class _Block(Flowable):
    """A left column saying what is answered, and the answer boxes on the right."""

    def __init__(
        self, form: ReviewForm, styles: Styles, left: list[Paragraph], colour: object
    ) -> None:
        super().__init__()
        self.form = form
        self.styles = styles
        self.left = left
        self.colour = colour
        self.left_heights: list[float] = []

    def answers_height(self) -> float:
        raise NotImplementedError

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.left_heights = [p.wrap(ANSWER_X - 22, available_height)[1] for p in self.left]
        self.height = max(sum(self.left_heights) + 4, self.answers_height()) + 10
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(0, 4, 3, self.height - 8, stroke=0, fill=1)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(0, 0.5, self.width, 0.5)
        canvas.restoreState()
        y = self.height - 5
        for paragraph, height in zip(self.left, self.left_heights, strict=True):
            y -= height
            paragraph.drawOn(canvas, 10, y)
        self.draw_answers(canvas, self.height - 5)

    def draw_answers(self, canvas: Canvas, top: float) -> None:
        raise NotImplementedError

    # -- drawing helpers -------------------------------------------------------------

    def place(self, name: str, kind: str, x: float, y: float, w: float, h: float, tip: str,
              value: str = "") -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        if kind == "radio":
            canvas.circle(x + w / 2, y + h / 2, w / 2, stroke=1, fill=0)
        else:
            canvas.setFillColorRGB(0.985, 0.985, 0.99)
            canvas.rect(x, y, w, h, stroke=1, fill=1)
        canvas.restoreState()
        self.form.fields.append(
            PlacedField(
                name=name,
                kind=kind,
                page=canvas.getPageNumber() - 1,
                rect=_absolute(canvas, x, y, x + w, y + h),
                label=tip,
                value=value,
            )
        )

    def caption(self, text: str, x: float, y: float, size: float = 7.5,
                colour: object = MUTED) -> float:
        """Draw a small label; return where the text ends."""
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(SANS, size)
        canvas.setFillColor(colour)
        canvas.drawString(x, y, text)
        canvas.restoreState()
        return x + canvas.stringWidth(text, SANS, size)

    def radios(self, name: str, options: list[tuple[str, str]], x: float, y: float,
               tip: str) -> None:
        for value, words in options:
            self.place(name, "radio", x, y, RADIO, RADIO, f"{tip}: {words}", value)
            x = self.caption(words, x + RADIO + 4, y + 2, 8.5, colour=self.styles.body.textColor)
            x += 16

    def report_area(self, entity: str, entity_id: str, number: int) -> None:
        canvas = self.canv
        self.form.areas.append(
            ItemArea(
                entity, entity_id, number, canvas.getPageNumber() - 1,
                _absolute(canvas, 0, 0, self.width, self.height),
            )
        )


class MilestoneBlock(_Block):
    def __init__(self, form: ReviewForm, styles: Styles, state: PlanState, m: Milestone) -> None:
        self.number = state.milestone_number(m.id)
        self.milestone = m
        owner = person_name(state, m.owner_id, _("nobody"))
        facts = _("Owner: {owner} · Start: {start} · Due: {due}").format(
            owner=esc(owner),
            start=fmt_date(m.start, _("not set")),
            due=fmt_date(m.due, _("not set")),
        )
        left = [
            Paragraph(f"<b>#{self.number} {esc(m.title)}</b>", styles.cell),
            Paragraph(f"<font color='{hex_of(MUTED)}'>{facts}</font>", styles.action),
        ]
        super().__init__(form, styles, left, side_colour(m.side))

    def answers_height(self) -> float:
        return RADIO + 6 + BOX_HEIGHT + 12 + COMMENT_HEIGHT + 6

    def draw_answers(self, canvas: Canvas, top: float) -> None:
        base = f"milestone.{self.number}"
        title = shorten(self.milestone.title, 50)
        x = ANSWER_X
        width = self.width - ANSWER_X
        y = top - RADIO
        self.radios(
            f"{base}.answer",
            [("agree", _("Agree")), ("change", _("Propose a change"))],
            x,
            y,
            f"#{self.number} {title}",
        )
        y -= 6 + BOX_HEIGHT + 8
        number, hint = self.number, _(DATE_HINT)
        self.caption(_("Start"), x, y + BOX_HEIGHT + 1.5, 6.5)
        self.place(f"{base}.start", "text", x, y, 72, BOX_HEIGHT,
                   _("#{number} proposed start ({hint})").format(number=number, hint=hint))
        self.caption(_("Due"), x + 80, y + BOX_HEIGHT + 1.5, 6.5)
        self.place(f"{base}.due", "text", x + 80, y, 72, BOX_HEIGHT,
                   _("#{number} proposed due date ({hint})").format(number=number, hint=hint))
        self.caption(_("Owner"), x + 160, y + BOX_HEIGHT + 1.5, 6.5)
        self.place(f"{base}.owner", "text", x + 160, y, width - 160, BOX_HEIGHT,
                   _("#{number} proposed owner (a name)").format(number=number))
        y -= 4 + COMMENT_HEIGHT
        self.place(f"{base}.comment", "multiline", x, y, width, COMMENT_HEIGHT,
                   _("#{number} comment").format(number=number))
        self.report_area("milestone", self.milestone.id, self.number)


class EvidenceBlock(_Block):
    def __init__(self, form: ReviewForm, styles: Styles, number: int, item: Evidence) -> None:
        self.number = number
        self.item = item
        left = [
            Paragraph(f"<b>E{number} {esc(item.title)}</b>", styles.cell),
            Paragraph(
                f"<font color='{hex_of(MUTED)}'>{esc(choice(item.kind))} · "
                f"{esc(choice(item.state))}"
                + (f" · {esc(shorten(item.claim, 160))}" if item.claim else "")
                + "</font>",
                styles.action,
            ),
        ]
        super().__init__(form, styles, left, side_colour("buyer"))

    def answers_height(self) -> float:
        return RADIO + 6 + 10 + COMMENT_HEIGHT + 4

    def draw_answers(self, canvas: Canvas, top: float) -> None:
        base = f"evidence.{self.number}"
        x = ANSWER_X
        y = top - RADIO
        self.radios(
            f"{base}.answer",
            [("accept", _("Accept")), ("dispute", _("Dispute"))],
            x,
            y,
            f"E{self.number} {shorten(self.item.title, 50)}",
        )
        y -= 8 + COMMENT_HEIGHT + 6
        self.caption(_("Why"), x, y + COMMENT_HEIGHT + 1.5, 6.5)
        self.place(f"{base}.why", "multiline", x, y, self.width - ANSWER_X, COMMENT_HEIGHT,
                   _("E{number} why").format(number=self.number))
        self.report_area("evidence", self.item.id, self.number)


class BoxesBlock(Flowable):
    """The overall comment and who reviewed: full-width labelled boxes."""

    def __init__(self, form: ReviewForm, styles: Styles, revision: Revision) -> None:
        super().__init__()
        self.form = form
        self.styles = styles
        self.revision = revision

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = 12 + 70 + 22 + 12 + BOX_HEIGHT + 18 + RADIO + 6 + 24
        return self.width, self.height

    def draw(self) -> None:
        helper = _Block(self.form, self.styles, [], MUTED)
        helper.canv = self.canv
        helper.width = self.width
        y = self.height - 10
        helper.caption(_("Overall comment on the plan"), 0, y, 8.5, self.styles.body.textColor)
        y -= 4 + 70
        helper.place("plan.comment", "multiline", 0, y, self.width, 70, _("Overall comment"))
        helper.form.areas.append(
            ItemArea("plan", "", 0, self.canv.getPageNumber() - 1,
                     _absolute(self.canv, 0, y, self.width, y + 70))
        )
        y -= 22
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(SANS_BOLD, 9)
        canvas.setFillColor(self.styles.body.textColor)
        canvas.drawString(0, y, _("Reviewed by"))
        canvas.restoreState()
        y -= 12 + BOX_HEIGHT
        half = (self.width - 12) / 2
        helper.caption(_("Name"), 0, y + BOX_HEIGHT + 1.5, 6.5)
        helper.place("reviewer.name", "text", 0, y, half, BOX_HEIGHT,
                     _("Reviewed by: your name"))
        helper.caption(_("Organisation"), half + 12, y + BOX_HEIGHT + 1.5, 6.5)
        helper.place("reviewer.organisation", "text", half + 12, y, half, BOX_HEIGHT,
                     _("Reviewed by: your organisation"))
        y -= 18 + RADIO - 4
        end = helper.caption(_("Side"), 0, y + 2, 7.5)
        helper.radios(
            "reviewer.side", [("buyer", _("Buyer")), ("seller", _("Seller"))], end + 10, y,
            _("Reviewed by: your side"),
        )
        # The whole hash on the form's last page, as a signed copy prints it on its
        # signature page: what the answers are about, checked when they come back.
        y -= 22
        canvas.saveState()
        canvas.setFont(SANS, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            0, y + 8,
            _("These answers are for revision {number}, SHA-256").format(
                number=self.revision.number
            ),
        )
        canvas.setFont(MONO, 7)
        canvas.drawString(0, y, self.revision.sha256)
        canvas.restoreState()


def review_section(job: ExportJob, styles: Styles, form: ReviewForm) -> list[Flowable]:
    """The response form: instructions, each milestone, each evidence item, the plan."""
    state = job.state
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(_("Your response"), styles.h1),
        Paragraph(
            _(
                "Answer in any PDF reader that fills forms, save the file and send it back. "
                "For each milestone choose <b>Agree</b> or <b>Propose a change</b> and, for a "
                "change, write the start, the due date ({hint}) or the owner you propose. "
                "For each piece of evidence choose <b>Accept</b> or <b>Dispute</b> and say why. "
                "Notes added with the reader's comment tool on an item count as comments on it. "
                "Nothing you write changes the plan until the other side accepts it."
            ).format(hint=_(DATE_HINT)),
            styles.body,
        ),
        Spacer(1, 3),
        Paragraph(
            f"<font color='{hex_of(WARNING)}'>"
            + _("This copy is for comments, not signing: it has no signature fields.")
            + "</font> "
            + _("Answers are for revision {number} ({sha256}).").format(
                number=job.revision.number, sha256=job.revision.sha256[:8]
            ),
            styles.note,
        ),
        Spacer(1, 6),
        Paragraph(_("Milestones"), styles.h2),
    ]
    milestones = state.milestone_order()
    if not milestones:
        story.append(Paragraph(_("No milestones yet."), styles.note))
    story += [MilestoneBlock(form, styles, state, m) for m in milestones]
    items = state.ordered("evidence")
    if items:
        story.append(Paragraph(_("Evidence"), styles.h2))
        story += [
            EvidenceBlock(form, styles, number, item)
            for number, item in enumerate(items, start=1)
        ]
    story += [Spacer(1, 10), KeepTogether([BoxesBlock(form, styles, job.revision)])]
    return story
