"""The milestone table: one row per milestone, its actions indented underneath."""

from __future__ import annotations

from functools import partial

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from ..domain import health as rules
from ..domain.health import PlanHealth
from ..domain.model import Action, Milestone, MilestoneStatus, Side
from ..i18n import N_, _
from .cells import Cell, Cells, CellTable, Deferred
from .job import ExportJob
from .review import ReviewForm, RowMark
from .sections import SPLIT_IN_ROW, columns, grid_style, header_row, widened
from .styles import DONE, MUTED, RULE, SANS, SANS_BOLD, WARNING, Styles, hex_of, side_colour
from .text import choice, days, esc, fmt_date, person_name, side_name
from .timescale import slip

PHASE_BAND = colors.HexColor("#EEF1F6")
# Milestones per table: a long plan becomes consecutive tables, each repeating its
# header, because reportlab lays out every remaining row again at each page a table is
# split across (quadratic in the rows of one table). 25 milestones (about two pages)
# export a third faster than 100 did, measured on plans of 300 and 1,000 milestones.
MILESTONES_PER_TABLE = 25
STATUS_ROOM = 50.0  # points a status written as a plain string may take in its column
CHECK = "✓"
# Health flags as short as a narrow column needs; the health summary says them in full.
_FLAGS = {
    rules.NO_DATE: N_("no due date"),
    rules.DEPENDENCY_LATE: N_("dependency late"),
    rules.AFTER_TARGET: N_("after target date"),
}


# The milestone fields with a column of their own, headed by their declared labels.
COLUMN_FIELDS = ("title", "side", "owner_id", "start", "due", "status", "depends_on")


def milestone_tables(
    job: ExportJob,
    health: PlanHealth,
    styles: Styles,
    width: float,
    form: ReviewForm | None = None,
) -> list[Flowable]:
    """The milestone tables; with `form` (a review copy), each milestone's rows are
    reported to it, so a reader's note on them becomes a comment on that milestone."""
    state = job.state
    story: list[Flowable] = [Paragraph(_("Milestones and actions"), styles.h1)]
    order = state.milestone_order()
    if not order:
        story.append(Paragraph(_("No milestones yet."), styles.note))
        return story
    story.append(
        Paragraph(
            _(
                "Each milestone with its owner, dates and exit criteria; the small steps "
                "(actions) inside it are listed beneath it. {check} marks an action that is "
                "done."
            ).format(check=CHECK),
            styles.note,
        )
    )
    headers = [
        "#",
        *(_(Milestone.FIELDS[name].label) for name in COLUMN_FIELDS),
        _("Health"),
    ]
    widths = _widths(width, headers)
    # Milestones grouped under phase headings when the plan has phases (in the plan's
    # order: a phase that comes back later is headed again); otherwise as always.
    phased = any(m.phase for m in order)
    cell = Cells()
    muted = ParagraphStyle("action_muted", parent=styles.action, textColor=MUTED)
    # One heading row for every table (laid out once, as reportlab already repeats it
    # on each page a table is split across).
    heading = header_row(styles, *headers)

    def table(milestones: list[Milestone]) -> CellTable:
        rows = [list(heading)]
        commands: list[tuple] = []
        shown_phase: str | None = None
        for m in milestones:
            if phased and m.phase != shown_phase:
                # A phase heading across the table, above the milestones it groups.
                shown_phase = m.phase
                rows.append([Paragraph(esc(m.phase or _("Without a phase")), styles.cell_bold)])
                rows[-1] += [""] * 8
                at = len(rows) - 1
                commands += [
                    ("SPAN", (0, at), (-1, at)),
                    ("BACKGROUND", (0, at), (-1, at), PHASE_BAND),
                    ("LINEABOVE", (0, at), (-1, at), 0.9, RULE),
                    ("TOPPADDING", (0, at), (-1, at), 4),
                ]
            first = len(rows)
            rows.append(_milestone_row(job, m, health, styles, cell))
            if form is not None:
                number = state.milestone_number(m.id)
                rows[first][0] = [
                    RowMark(form, "milestone", m.id, number, width),
                    Paragraph(f"<b>{number}</b>", styles.cell),
                ]
            details = _details(m, styles, muted, cell)
            if details:
                # The description and exit criteria across the whole width, under the title.
                rows.append(["", details, *[""] * 7])
                commands.append(("SPAN", (1, first + 1), (-1, first + 1)))
            for action in state.actions_of(m.id):
                rows.append(_action_row(job, action, styles, cell))
                commands.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))
            last = len(rows) - 1
            colour = side_colour(m.side)
            commands.append(("LINEBEFORE", (0, first), (0, last), 2.5, colour))
            commands.append(("LINEABOVE", (0, first), (-1, first), 0.7, RULE))
            if last > first:
                commands.append(("TOPPADDING", (0, first + 1), (-1, last), 0.5))
                commands.append(("BOTTOMPADDING", (0, first + 1), (-1, last), 1.5))
        # Short plain cells are strings (a Paragraph costs a markup parse and a line
        # break search each); these columns set their font for them.
        commands += [
            ("FONTNAME", (0, 1), (0, -1), SANS_BOLD),
            ("FONTSIZE", (0, 1), (0, -1), 7.8),
            ("FONTSIZE", (3, 1), (3, -1), 7.8),
            ("FONTSIZE", (4, 1), (5, -1), 7.2),
            ("FONTSIZE", (6, 1), (7, -1), 7.8),
            ("LEADING", (0, 1), (-1, -1), 9.6),
        ]
        cell.forget_unrepeated()
        return CellTable(
            rows,
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
            splitInRow=SPLIT_IN_ROW,
            style=grid_style(*commands, rules=False),
        )

    # Each table is built when the document reaches it: a long plan's tables are not
    # all held in memory at once (fewer objects for Python's garbage collector to go
    # through, again and again, while the pages are laid out).
    for begin in range(0, len(order), MILESTONES_PER_TABLE):
        story.append(Deferred(partial(table, order[begin : begin + MILESTONES_PER_TABLE])))
    return story


def _milestone_row(
    job: ExportJob, m: Milestone, health: PlanHealth, styles: Styles, cell: Cells
) -> list[Paragraph | str]:
    state = job.state
    colour = hex_of(side_colour(m.side))
    owner = person_name(state, m.owner_id)
    deps = sorted(state.milestone_number(d) for d in m.depends_on if d in state.milestones)
    flags = health.flags.get(m.id, [])
    depends = ", ".join(f"#{n}" for n in deps)
    status = _status(job, m)
    plain = status == esc(status) == choice(m.status)
    # A plain string does not wrap: only a status that surely fits the column is one.
    plain = plain and stringWidth(status, SANS, 7.8) <= STATUS_ROOM
    return [
        str(state.milestone_number(m.id)),
        cell(esc(m.title), styles.cell_bold),
        cell(f"<font color='{colour}'><b>{esc(side_name(m.side))}</b></font>", styles.cell),
        _short(owner, styles.cell, cell) if owner else cell(_warn(_("nobody")), styles.cell),
        fmt_date(m.start),
        fmt_date(m.due) or cell(_warn(_("not dated")), styles.action),
        status if plain else cell(status, styles.cell),
        _short(depends, styles.cell, cell),
        cell("<br/>".join(_warn(esc(_(_FLAGS.get(f, f)))) for f in flags), styles.action)
        if flags
        else "",
    ]


def _widths(width: float, headers: list[str]) -> list[float]:
    """The columns, each wide enough for the longest word of its header, and the side's
    for the longest side name (German words are longer): the room comes from the
    milestone's title, the widest column."""
    words = [h.split() for h in headers]
    words[2] += [side_name(s) for s in Side]
    return widened(columns(width, 24, 110, 32, 64, 54, 54, 56, 45, 56), words, donor=1)


def _short(text: str, style: ParagraphStyle, cell: Cells) -> str | Paragraph:
    """A string when it surely fits one line of a narrow column, else a wrapping Paragraph."""
    return text if len(text) <= 14 else cell(esc(text), style)


def _details(m: Milestone, styles: Styles, muted: ParagraphStyle, cell: Cells) -> list[Cell]:
    """The description (in `muted`, the action style in the muted colour) and the exit
    criteria, one paragraph each, stacked as the lines of one paragraph would be: a
    description of plain words is laid out by reportlab's quicker one-style path."""
    parts = []
    if m.description.strip():
        parts.append(cell(esc(m.description.strip()), muted))
    if m.exit_criteria.strip():
        parts.append(
            cell(
                f"<i>{_('Exit criteria:')}</i> "
                f"<font color='{hex_of(MUTED)}'>{esc(m.exit_criteria.strip())}</font>",
                styles.action,
            )
        )
    return parts


def _status(job: ExportJob, m: Milestone) -> str:
    text = esc(choice(m.status))
    if m.status in (MilestoneStatus.AT_RISK, MilestoneStatus.BLOCKED):
        text = _warn(f"<b>{text}</b>")
    if m.status == MilestoneStatus.DONE and m.done_on:
        done_on = _("on {date}").format(date=fmt_date(m.done_on))
        text += f" {CHECK}<br/><font size=7>{done_on}</font>"
    baseline = job.baseline
    if baseline is None:
        return text
    before = baseline.milestones.get(m.id)
    revision = job.baseline_revision.number if job.baseline_revision else None
    if before is None:
        new = (
            _("new since revision {number}").format(number=revision)
            if revision is not None
            else _("new since the signed revision")
        )
        return text + f"<br/><font size=7 color='{hex_of(MUTED)}'>{new}</font>"
    slipped = slip(m, baseline)
    if slipped:
        signed_due, late = slipped
        text += (
            f"<br/>{_warn('<b>' + _('slipped {days}').format(days=days(late)) + '</b>')}"
            f"<br/><font size=7 color='{hex_of(MUTED)}'>"
            f"{_('signed: {date}').format(date=fmt_date(signed_due))}</font>"
        )
    return text


def _action_row(
    job: ExportJob, action: Action, styles: Styles, cell: Cells
) -> list[Paragraph | str]:
    owner = person_name(job.state, action.owner_id)
    done = f"<font color='{hex_of(DONE)}'><b>{CHECK}</b></font> {_('done')}"
    return [
        "",
        cell(esc(action.title), styles.action_title, "•"),
        "",
        _short(owner, styles.action, cell),
        "",
        fmt_date(action.due),
        cell(done, styles.action) if action.done else _("open"),
        "",
        "",
    ]


def _warn(markup: str) -> str:
    return f"<font color='{hex_of(WARNING)}'>{markup}</font>"
