"""The shorter sections of the document: cover, objective and health, people, evidence."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..domain import health as rules
from ..domain.health import PlanHealth
from ..domain.model import Evidence, EvidenceKind, EvidenceState, Person, Side
from ..i18n import N_, _, ngettext
from .cells import Cell
from .job import ExportJob
from .review import ReviewForm, RowMark
from .styles import (
    MUTED,
    RULE,
    SANS,
    SANS_BOLD,
    SHADE,
    WARNING,
    WARNING_BACKGROUND,
    Styles,
    hex_of,
    side_colour,
)
from .text import (
    bullet_lines,
    choice,
    date_of,
    esc,
    fmt_date,
    milestone_ref,
    person_name,
    shorten,
    side_name,
)

HEADER_BACKGROUND = colors.HexColor("#3a4350")
# A table row is cut across pages only when it is this tall on both sides of the cut
# (points): rows longer than a page still print, short ones move whole to the next page.
SPLIT_IN_ROW = 100
# A flag listed with milestone titles up to this many milestones; numbers only beyond.
TITLES_UP_TO = 8
NUMBERS_UP_TO = 40


def grid_style(*extra: tuple, rules: bool = True) -> TableStyle:
    """The look shared by the document's tables: dark header, hairlines between rows."""
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        # Empty cells are strings: in the default 10 pt they would make short rows taller.
        ("FONTSIZE", (0, 0), (-1, -1), 6),
        ("LEADING", (0, 0), (-1, -1), 7),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if rules:
        commands.append(("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE))
    return TableStyle([*commands, *extra])


def header_row(styles: Styles, *titles: str) -> list[Paragraph]:
    return [Cell(esc(title), styles.cell_head) for title in titles]


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def columns(width: float, *shares: float) -> list[float]:
    """Column widths in proportion to `shares`, filling `width`."""
    total = sum(shares)
    return [width * share / total for share in shares]


def widened(widths: list[float], words: list[list[str]], donor: int) -> list[float]:
    """`widths` with each column wide enough for the longest of its `words` (bold cell
    text; German words are long and a word is never split well), the room taken from
    column `donor`."""
    widths = list(widths)
    for column, texts in enumerate(words):
        need = max((stringWidth(t, SANS_BOLD, 7.8) + 6.5 for t in texts), default=0.0)
        if column != donor and need > widths[column]:
            widths[donor] -= need - widths[column]
            widths[column] = need
    return widths


def _conflict_banner(count: int, styles: Styles, width: float) -> Table:
    text = ngettext(
        "This plan has {count} unsettled change from a merge. Both sides changed the same "
        "thing; settle it in MutualPlan before signing.",
        "This plan has {count} unsettled changes from a merge. Both sides changed the same "
        "thing; settle them in MutualPlan before signing.",
        count,
    ).format(count=count)
    return _banner(text, styles, width)


def _banner(text: str, styles: Styles, width: float) -> Table:
    banner = Table([[Paragraph(esc(text), styles.banner)]], colWidths=[width])
    banner.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARNING_BACKGROUND),
                # Otherwise the table names Helvetica for its (empty) own text.
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BOX", (0, 0), (-1, -1), 1, WARNING),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return banner


def cover(job: ExportJob, styles: Styles, width: float) -> list[Flowable]:
    plan = job.state.plan
    revision = job.revision
    story: list[Flowable] = [
        Spacer(1, 70),
        Paragraph(_("MUTUAL ACTION PLAN"), styles.subtitle),
        Paragraph(esc(plan.title), styles.title),
        Paragraph(
            f"{esc(plan.buyer_org)} <font color='{hex_of(MUTED)}'>{_('and')}</font> "
            f"{esc(plan.seller_org)}",
            styles.subtitle,
        ),
        Spacer(1, 16),
    ]
    facts = [
        (_("Buyer"), esc(plan.buyer_org)),
        (_("Seller"), esc(plan.seller_org)),
        (
            _("Revision"),
            f"{revision.number} <font color='{hex_of(MUTED)}'>({revision.sha256[:8]})</font>",
        ),
        (_("State"), esc(_upper_first(_(job.signature_state)))),
        (_("Revision date"), fmt_date(date_of(revision.created_at), _("unknown"))),
        (_("Target date"), fmt_date(plan.target_date, _("not set"))),
        (_("Plan status"), esc(choice(plan.status))),
    ]
    rows = [[Paragraph(name, styles.note), Paragraph(value, styles.body)] for name, value in facts]
    table = Table(rows, colWidths=[95, 300], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    story.append(table)
    if job.review:
        story += [
            Spacer(1, 14),
            _banner(
                _(
                    "Review copy, for comments, not signing. Answer in the form at the end of "
                    "this document in any PDF reader; nothing you write changes the plan until "
                    "the other side accepts it."
                ),
                styles,
                width,
            ),
        ]
    if job.unsettled_conflicts > 0:
        story += [Spacer(1, 14), _conflict_banner(job.unsettled_conflicts, styles, width)]
    story.append(Spacer(1, 30))
    story.append(
        Paragraph(
            _(
                "This document is the plan both organisations commit to: what the buyer wants "
                "to achieve, who does what by when, and the evidence each claim rests on. The "
                "plan's data travels inside the file, so MutualPlan can read it back and merge it."
            ),
            styles.note,
        )
    )
    return story


def objective(job: ExportJob, styles: Styles) -> list[Flowable]:
    plan = job.state.plan
    heading = _("What {buyer} wants to achieve").format(buyer=esc(plan.buyer_org))
    story: list[Flowable] = [Paragraph(heading, styles.h1)]
    if plan.objective.strip():
        story.extend(Paragraph(esc(part), styles.body) for part in plan.objective.split("\n\n"))
    else:
        story.append(Paragraph(_("No objective written yet."), styles.note))
    story.append(Paragraph(_("How both sides will know it worked"), styles.h2))
    criteria = bullet_lines(plan.success_criteria)
    if criteria:
        story.extend(Paragraph(esc(line), styles.bullet, bulletText="•") for line in criteria)
    else:
        story.append(Paragraph(_("No success criteria written yet."), styles.note))
    return story


def health_summary(job: ExportJob, health: PlanHealth, styles: Styles) -> list[Flowable]:
    """The counts, then every problem in plain words (a plan with problems still exports)."""
    story: list[Flowable] = [Paragraph(_("Plan health"), styles.h1)]
    counts = [
        ngettext(
            "{done} of {total} milestone done", "{done} of {total} milestones done", health.total
        ).format(done=health.done, total=health.total)
    ]
    for count, what in (
        (health.overdue, N_("{count} overdue")),
        (health.unowned, N_("{count} without an owner")),
        (health.undated, N_("{count} without a due date")),
        (health.at_risk, N_("{count} at risk")),
        (health.blocked, N_("{count} blocked")),
    ):
        if count:
            counts.append(_(what).format(count=count))
    story.append(Paragraph(esc(" · ".join(counts)), styles.body))
    problems = []
    for template, values in health.problem_templates:
        problem = _(template).format(**values)
        problems.append(problem[:1].upper() + problem[1:] + ".")
    problems.extend(_flag_lines(job, health))
    if problems:
        story.append(Paragraph(_("Needs attention"), styles.h2))
        story.extend(
            Paragraph(f"<bullet color='{hex_of(WARNING)}'>•</bullet>{esc(text)}", styles.bullet)
            for text in problems
        )
    else:
        story.append(
            Paragraph(
                _("No health problems found as of {date}.").format(date=fmt_date(job.today)),
                styles.note,
            )
        )
    return story


# The order and wording in which per-milestone flags are listed.
_FLAG_SENTENCES = (
    (rules.OVERDUE, N_("Overdue (due date passed, not done)")),
    (rules.NO_OWNER, N_("No owner")),
    (rules.NO_DATE, N_("No due date")),
    (rules.DEPENDENCY_LATE, N_("Starts before a milestone it depends on is due")),
    (rules.IN_CYCLE, N_("On a dependency cycle")),
    (rules.AFTER_TARGET, N_("Due after the target date")),
)


def _flag_lines(job: ExportJob, health: PlanHealth) -> list[str]:
    state = job.state
    order = [m.id for m in state.milestone_order()]
    lines = []
    for flag, sentence in _FLAG_SENTENCES:
        flagged = [mid for mid in order if flag in health.flags.get(mid, ())]
        if not flagged:
            continue
        if len(flagged) <= TITLES_UP_TO:
            names = "; ".join(milestone_ref(state, mid, 50) for mid in flagged)
        else:
            names = ", ".join(f"#{state.milestone_number(mid)}" for mid in flagged[:NUMBERS_UP_TO])
            if len(flagged) > NUMBERS_UP_TO:
                more = len(flagged) - NUMBERS_UP_TO
                names += _(" and {more} more (see the Health column of the milestones)").format(
                    more=more
                )
        lines.append(f"{_(sentence)} ({len(flagged)}): {names}")
    return lines


def people(job: ExportJob, styles: Styles, width: float) -> list[Flowable]:
    state = job.state
    story: list[Flowable] = [Paragraph(_("People on both sides"), styles.h1)]
    widths = columns(width, 22, 24, 17, 41)
    for side, organisation in (
        (Side.BUYER, state.plan.buyer_org),
        (Side.SELLER, state.plan.seller_org),
    ):
        colour = hex_of(side_colour(side))
        story.append(
            Paragraph(
                f"<font color='{colour}'>{esc(side_name(side))}</font> · {esc(organisation)}",
                styles.h2,
            )
        )
        members = state.people_on(side)
        if not members:
            story.append(Paragraph(_("Nobody named yet."), styles.note))
            continue
        headings = (_(Person.FIELDS[name].label) for name in ("name", "title", "role", "email"))
        rows = [header_row(styles, *headings)]
        for person in members:
            rows.append(
                [
                    Paragraph(esc(person.name), styles.cell_bold),
                    Paragraph(esc(person.title), styles.cell),
                    Paragraph(esc(person.role), styles.cell),
                    Paragraph(esc(person.email), styles.action),
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid_style(("LINEBEFORE", (0, 1), (0, -1), 2.5, side_colour(side))))
        story.append(table)
    return story


_EVIDENCE_STATE_COLOURS = {
    EvidenceState.ACCEPTED: side_colour(Side.BUYER),
    EvidenceState.DISPUTED: WARNING,
    EvidenceState.PROMISED: MUTED,
}


def evidence(
    job: ExportJob, styles: Styles, width: float, form: ReviewForm | None = None
) -> list[Flowable]:
    """The evidence register; with `form` (a review copy), each item's row is reported
    to it, so a reader's note on the row becomes a comment on that item."""
    state = job.state
    story: list[Flowable] = [Paragraph(_("Evidence register"), styles.h1)]
    items = state.ordered("evidence")
    if not items:
        story.append(Paragraph(_("No evidence recorded yet."), styles.note))
        return story
    headers = [
        _(Evidence.FIELDS["kind"].label),
        _("Evidence and the claim it supports"),
        *(_(Evidence.FIELDS[name].label) for name in ("milestone_id", "state", "decided_by")),
    ]
    rows = [header_row(styles, *headers)]
    for number, item in enumerate(items, start=1):
        claim = f"<br/><font size=7 color='{hex_of(MUTED)}'>{esc(item.claim)}</font>"
        colour = hex_of(_EVIDENCE_STATE_COLOURS.get(item.state, colors.black))
        decided = esc(person_name(state, item.decided_by))
        if item.decision_note.strip():
            note = esc(shorten(item.decision_note, 400))
            decided += f"{'<br/>' if decided else ''}<i>“{note}”</i>"
        kind: Flowable | list[Flowable] = Paragraph(esc(choice(item.kind)), styles.cell)
        if form is not None:
            kind = [RowMark(form, "evidence", item.id, number, width), kind]
        rows.append(
            [
                kind,
                Paragraph(f"<b>{esc(item.title)}</b>{claim if item.claim else ''}", styles.cell),
                Paragraph(esc(milestone_ref(state, item.milestone_id, 80)), styles.cell),
                Paragraph(
                    f"<font color='{colour}'><b>{esc(choice(item.state))}</b></font>", styles.cell
                ),
                Paragraph(decided, styles.cell),
            ]
        )
    table = Table(
        rows,
        colWidths=widened(
            columns(width, 13, 34, 19, 11, 23),
            [
                [*headers[0].split(), *(w for k in EvidenceKind for w in choice(k).split())],
                [],
                headers[2].split(),
                [*headers[3].split(), *(choice(s) for s in EvidenceState)],
                headers[4].split(),
            ],
            donor=1,
        ),
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=SPLIT_IN_ROW,
    )
    table.setStyle(grid_style(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE])))
    story.append(table)
    return story


def answers_section(job: ExportJob, styles: Styles) -> list[Flowable]:
    """What became of the other side's answers from review copies (none: no section)."""
    if not job.answer_lines:
        return []
    story: list[Flowable] = [
        Paragraph(_("Answers from review copies"), styles.h1),
        *[Paragraph(esc(line), styles.bullet, bulletText="•") for line in job.answer_lines],
    ]
    if job.answer_details:
        story.append(Spacer(1, 4))
        rows = [header_row(styles, _("Item"), _("Answer"), _("What happened"))]
        for item, answer, result in job.answer_details:
            rows.append(
                [
                    Paragraph(esc(item), styles.cell),
                    Paragraph(esc(shorten(answer, 300)), styles.cell),
                    Paragraph(esc(result), styles.cell),
                ]
            )
        table = Table(rows, colWidths=[150, 240, 105], repeatRows=1, hAlign="LEFT")
        table.setStyle(grid_style())
        story.append(table)
    return story
