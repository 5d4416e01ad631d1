"""The timeline chart: one row per milestone, bars coloured by side, drawn straight
onto the page (sketch.py).

A long plan is cut into several charts of at most `MAX_ROWS` rows, each small enough
for one page, all on the same date scale so a reader can lay them side by side.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import partial

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from ..domain.model import Milestone, MilestoneStatus, Side
from ..domain.state import PlanState
from ..i18n import N_, _
from .cells import Deferred
from .sketch import Sketch
from .styles import (
    DONE,
    INK,
    MUTED,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    SHADE,
    TARGET,
    TODAY,
    WARNING,
    lighter,
    register_fonts,
    side_colour,
)
from .text import days, fit_text, fmt_date, fmt_month, side_name
from .timescale import DateScale, date_scale, slip

MAX_ROWS = 35
# Row heights (points) by how many rows a chart has: short plans get room to breathe.
ROW_HEIGHTS = ((16, 22.0), (25, 18.0), (MAX_ROWS, 15.0))
CAPTION = 16.0  # "Milestones 36–70 of 300", only when the chart is split
MONTH_BAND = 14.0
MARKS_BAND = 24.0  # the 'today' and 'target' labels under the rows
LEGEND = 14.0
SMALL_FONT = 6.2
NUMBER_WIDTH = 22.0
CHECK = "✓"


# Words beside a bar: text, font, colour, size.
_Note = tuple[str, str, colors.Color, float]


@dataclass(frozen=True)
class _Bar:
    """Where one milestone is drawn; `x_end` is the end of its due day."""

    x_start: float
    x_end: float
    y: float  # the row's centre line
    diamond: bool


# Phase bands alternate two light tints, so neighbouring phases stay apart.
PHASE_BANDS = (colors.HexColor("#E9EEF7"), colors.HexColor("#F3EEE4"))
PHASE_RULE = colors.HexColor("#5A6B86")


def timeline_flowables(
    state: PlanState,
    today: dt.date,
    width: float,
    baseline: PlanState | None = None,
    max_rows: int = MAX_ROWS,
    height: float | None = None,
) -> list[Flowable]:
    """The chart(s) for the plan's milestones, in order, `width` points wide (and, given
    `height`, with rows tall enough that the chart fills that much of the page).

    `baseline` is the last signed revision's plan: milestones due later than there
    are shown with the signed due date as a ghost tick and how many days they slipped.
    """
    register_fonts()
    order = state.milestone_order()
    if not order:
        return []
    label_width = min(195.0, width * 0.38)
    scale = date_scale(state, today, baseline, label_width + 4, width - 6)
    pieces = math.ceil(len(order) / max_rows)
    per_piece = math.ceil(len(order) / pieces)
    charts: list[Flowable] = []
    for begin in range(0, len(order), per_piece):
        rows = order[begin : begin + per_piece]
        caption = (
            _("Milestones {first}–{last} of {total}").format(
                first=begin + 1, last=begin + len(rows), total=len(order)
            )
            if pieces > 1
            else ""
        )
        chart = _Chart(state, today, baseline, scale, label_width, width, caption, per_piece)
        if height is not None:
            chart.fill(height)
        # Drawn when the document reaches it, as the milestone tables are built.
        charts.append(Deferred(partial(chart.draw, rows, begin + 1)))
    return charts


class _Chart:
    def __init__(
        self,
        state: PlanState,
        today: dt.date,
        baseline: PlanState | None,
        scale: DateScale,
        label_width: float,
        width: float,
        caption: str,
        most_rows: int,
    ) -> None:
        self.state = state
        self.today = today
        self.baseline = baseline
        self.scale = scale
        self.label_width = label_width
        self.width = width
        self.caption = caption
        # Every piece of a split chart gets the same row height, sized for the largest.
        self.most_rows = most_rows
        self.row = next((h for most, h in ROW_HEIGHTS if most_rows <= most), ROW_HEIGHTS[-1][1])
        self.bar = round(self.row * 0.55, 1)
        self.label_font = 7.6 if self.row >= 18 else 7.0

    def fill(self, height: float) -> None:
        """Taller rows (up to twice the usual) so the chart uses the page it is on."""
        bands = (CAPTION if self.caption else 0) + MONTH_BAND + MARKS_BAND + LEGEND
        room = (height - bands) / max(self.most_rows, 1)
        self.row = round(max(self.row, min(room, self.row * 2, 40.0)), 1)
        self.bar = round(min(self.row * 0.55, 16.0), 1)
        self.label_font = 8.4 if self.row >= 26 else self.label_font

    def draw(self, rows: list[Milestone], first_number: int) -> Sketch:
        top_bands = (CAPTION if self.caption else 0) + MONTH_BAND
        height = top_bands + len(rows) * self.row + MARKS_BAND + LEGEND
        d = Sketch(self.width, height)
        self.rows_top = height - top_bands
        self.rows_bottom = self.rows_top - len(rows) * self.row
        if self.caption:
            _text(d, 0, height - 11, self.caption, SANS_BOLD, INK, size=8)
        self._stripes(d, len(rows))
        self._phases(d, rows)
        self._months(d)
        self._mark_lines(d)
        bars: dict[str, _Bar] = {}
        for index, m in enumerate(rows):
            y = self.rows_top - (index + 0.5) * self.row
            self._label(d, m, first_number + index, y)
            bar = self._milestone(d, m, y)
            if bar:
                bars[m.id] = bar
        self._connectors(d, rows, bars)
        self._mark_labels(d)
        self._legend(d)
        return d

    # -- background ---------------------------------------------------------------

    def _stripes(self, d: Sketch, count: int) -> None:
        for index in range(count):
            if index % 2:
                y = self.rows_top - (index + 1) * self.row
                d.rect(0, y, self.scale.x1, self.row, fill=SHADE)
        s = self.scale
        box = (s.x0, self.rows_bottom, s.x1 - s.x0, self.rows_top - self.rows_bottom)
        d.rect(*box, stroke=RULE, line_width=0.6)

    def _phases(self, d: Sketch, rows: list[Milestone]) -> None:
        """A band behind each run of rows in one phase, named at its top right, when
        the plan has phases (a plan without them looks as it always did)."""
        runs: list[tuple[str, int, int]] = []  # (phase, first row, last row)
        for index, m in enumerate(rows):
            if runs and runs[-1][0] == m.phase:
                runs[-1] = (m.phase, runs[-1][1], index)
            else:
                runs.append((m.phase, index, index))
        s = self.scale
        for number, (phase, first, last) in enumerate(runs):
            if not phase:
                continue
            top = self.rows_top - first * self.row
            bottom = self.rows_top - (last + 1) * self.row
            band = PHASE_BANDS[number % len(PHASE_BANDS)]
            d.rect(s.x0, bottom, s.x1 - s.x0, top - bottom, fill=band)
            d.line(s.x0, top, s.x1, top, PHASE_RULE, 0.8)
            _text(d, s.x1 - 3, top - 7.5, phase, SANS_BOLD, PHASE_RULE, 6.6, "end")

    def _months(self, d: Sketch) -> None:
        s = self.scale
        months = s.months
        month_width = (s.x1 - s.x0) / len(months)
        step = s.label_step(36)
        year_shown = False
        for month in months:
            labelled = (month.year * 12 + month.month - 1) % step == 0
            if not labelled and month_width < 8:
                continue
            x = s.x(month)
            top = self.rows_top + (3 if labelled else 0)
            d.line(x, self.rows_bottom, x, top, RULE, 0.6)
            if labelled:
                text = fmt_month(month, with_year=not year_shown or month.month == 1)
                year_shown = True
                room = (s.x1 - x) - 2
                if stringWidth(text, SANS, SMALL_FONT) <= room:
                    _text(d, x + 2, self.rows_top + 4, text, SANS, MUTED)

    # -- one row ------------------------------------------------------------------

    def _label(self, d: Sketch, m: Milestone, number: int, y: float) -> None:
        done = m.status == MilestoneStatus.DONE
        line = y - self.label_font * 0.34
        _text(d, NUMBER_WIDTH - 3, line, f"#{number}", SANS_BOLD, MUTED, self.label_font, "end")
        room = self.label_width - NUMBER_WIDTH - 2
        title = fit_text(m.title, SANS, self.label_font, room)
        _text(d, NUMBER_WIDTH, line, title, SANS, MUTED if done else INK, self.label_font)

    def _milestone(self, d: Sketch, m: Milestone, y: float) -> _Bar | None:
        s = self.scale
        if m.due is None:
            # Listed in its row rather than drawn: there is no date to draw it at.
            note = (
                _("not dated (starts {date})").format(date=fmt_date(m.start))
                if m.start
                else _("not dated")
            )
            at_left = _Bar(s.x0, s.x0 + 1, y, diamond=False)
            self._notes(d, at_left, [(note, SANS_ITALIC, MUTED, SMALL_FONT)])
            return None
        colour = side_colour(m.side)
        done = m.status == MilestoneStatus.DONE
        overdue = not done and m.due < self.today
        fill = lighter(colour, 0.62) if done else colour
        outline = WARNING if overdue else colour
        end = s.x(m.due + dt.timedelta(days=1))
        if m.start is None:
            r = self.bar / 2 + 1
            cx = s.x(m.due) + (end - s.x(m.due)) / 2
            _diamond(d, cx, y, r, fill, outline, 1 if overdue else 0.6)
            bar = _Bar(cx - r, cx + r, y, diamond=True)
        else:
            start = s.x(m.start)
            width = max(end - start, 3.0)
            line = 1 if overdue else 0.6
            box = (start, y - self.bar / 2, width, self.bar)
            d.rect(*box, fill=fill, stroke=outline, line_width=line)
            bar = _Bar(start, start + width, y, diamond=False)
        notes: list[_Note] = []
        if done:
            notes.append((CHECK, SANS_BOLD, DONE, self.label_font + 1))
        if overdue:
            notes.append((_("overdue"), SANS, WARNING, SMALL_FONT))
        slipped = slip(m, self.baseline)
        if slipped:
            self._ghost(d, slipped[0], bar, colour)
            late = _("slipped {days}").format(days=days(slipped[1]))
            notes.append((late, SANS_BOLD, WARNING, SMALL_FONT))
        self._notes(d, bar, notes)
        return bar

    def _ghost(self, d: Sketch, signed_due: dt.date, bar: _Bar, colour: colors.Color) -> None:
        """The due date of the signed revision as a dark tick, and the part of the bar
        that lies beyond it paled and outlined in red: the slip, at a glance."""
        x = self.scale.x(signed_due + dt.timedelta(days=1))
        y, half = bar.y, self.bar / 2
        if not bar.diamond and x < bar.x_end:
            left = max(x, bar.x_start)
            _slip_box(d, left, y - half, bar.x_end - left, 2 * half, colour)
        if x < bar.x_start:  # the whole milestone moved: a trail from where it was due
            d.line(x, y, bar.x_start, y, MUTED, 0.6, dash=(1, 1.5))
        d.line(x, y + half + 3, x, y - half - 3, INK, 1.3)

    def _notes(self, d: Sketch, bar: _Bar, notes: list[_Note]) -> None:
        """Small words beside a bar: after its end, or before its start if no room."""
        if not notes:
            return
        gap = 3.0
        widths = [stringWidth(text, font, size) for text, font, _, size in notes]
        total = sum(widths) + gap * (len(notes) - 1)
        s = self.scale
        x = bar.x_end + gap
        if x + total > s.x1 - 2:
            # Clear of the arrowhead of a dependency coming into the bar's start.
            x = max(bar.x_start - gap - 4 - total, s.x0 + 2)
        # On a patch of the row's own colour, so lines running past do not cut the words.
        index = round((self.rows_top - bar.y) / self.row - 0.5)
        ground = SHADE if index % 2 else colors.white
        d.rect(x - 1, bar.y - 3.6, total + 2, 7.4, fill=ground)
        for (text, font, colour, size), w in zip(notes, widths, strict=True):
            _text(d, x, bar.y - size * 0.34, text, font, colour, size)
            x += w + gap

    # -- between rows -------------------------------------------------------------

    def _connectors(self, d: Sketch, rows: list[Milestone], bars: dict[str, _Bar]) -> None:
        """From the end of each prerequisite to the start of the milestone that waits
        for it; red when the milestone starts before its prerequisite ends."""
        for m in rows:
            after = bars.get(m.id)
            if after is None:
                continue
            for dep_id in sorted(m.depends_on, key=self._number_of):
                before = bars.get(dep_id)
                if before is None:
                    continue
                prereq = self.state.milestones[dep_id]
                begins = m.start or m.due
                late = bool(prereq.due and begins and prereq.due > begins)
                self._connector(d, before, after, WARNING if late else MUTED)

    def _number_of(self, milestone_id: str) -> int:
        if milestone_id in self.state.milestones:
            return self.state.milestone_number(milestone_id)
        return 0

    def _connector(self, d: Sketch, before: _Bar, after: _Bar, colour: colors.Color) -> None:
        x_out = before.x_end + 2.5
        x_in = after.x_start
        y_from, y_to = before.y, after.y
        if x_in >= x_out + 3:
            points = [before.x_end, y_from, x_out, y_from, x_out, y_to, x_in - 0.5, y_to]
        else:
            # The milestone starts before its prerequisite ends: go round, between rows.
            below = y_to + self.row / 2 if y_to < y_from else y_to - self.row / 2
            points = [before.x_end, y_from, x_out, y_from, x_out, below]
            points += [x_in - 4, below, x_in - 4, y_to, x_in - 0.5, y_to]
        d.polyline(points, colour, 0.6)
        tip = x_in - 0.5
        d.polygon([tip, y_to, tip - 3, y_to + 1.6, tip - 3, y_to - 1.6], fill=colour)

    def _marks(self) -> list[tuple[float, str, colors.Color, tuple[float, ...] | None]]:
        """The 'as of' (the revision's day) and 'target' lines: where, label, colour, dash."""
        s = self.scale
        marks: list[tuple[dt.date, str, colors.Color, tuple[float, ...] | None]] = [
            (self.today, N_("as of {date}"), TODAY, (2.0, 2.0))
        ]
        if self.state.plan.target_date:
            marks.append((self.state.plan.target_date, N_("target {date}"), TARGET, None))
        return [
            (
                s.x(day) + (s.x(day + dt.timedelta(days=1)) - s.x(day)) / 2,
                _(words).format(date=fmt_date(day)),
                colour,
                dash,
            )
            for day, words, colour, dash in marks
        ]

    def _mark_lines(self, d: Sketch) -> None:
        """Across all rows, behind the bars."""
        for x, _label, colour, dash in self._marks():
            d.line(x, self.rows_bottom - 3, x, self.rows_top, colour, 1.1, dash)

    def _mark_labels(self, d: Sketch) -> None:
        """Under the rows; a label that would overlap the one before goes a line lower."""
        taken: list[tuple[float, float]] = []
        for x, text, colour, _dash in self._marks():
            w = stringWidth(text, SANS_BOLD, SMALL_FONT)
            left = min(max(x - w / 2, 0), self.width - w)
            level = 0 if all(left > b or left + w < a for a, b in taken) else 1
            taken.append((left - 4, left + w + 4))
            _text(d, left, self.rows_bottom - 10 - level * 9, text, SANS_BOLD, colour)

    def _legend(self, d: Sketch) -> None:
        y = 3.0
        x = 0.0
        items: list[tuple[str, colors.Color, colors.Color]] = [
            (side_name(Side.SELLER), side_colour(Side.SELLER), side_colour(Side.SELLER)),
            (side_name(Side.BUYER), side_colour(Side.BUYER), side_colour(Side.BUYER)),
            (side_name(Side.JOINT), side_colour(Side.JOINT), side_colour(Side.JOINT)),
            (f"{CHECK} {_('done')}", lighter(MUTED, 0.62), MUTED),
        ]
        for text, fill, stroke in items:
            d.rect(x, y, 12, 6, fill=fill, stroke=stroke, line_width=0.6)
            _text(d, x + 15, y, text, SANS, INK)
            x += 15 + stringWidth(text, SANS, SMALL_FONT) + 12
        cx, r = x + 4, 4.0
        _diamond(d, cx, y + 3, r, MUTED, None, 0)
        text = _("due date only")
        _text(d, x + 11, y, text, SANS, INK)
        x += 11 + stringWidth(text, SANS, SMALL_FONT) + 12
        if self.baseline is not None:
            _slip_box(d, x + 2, y, 12, 6, MUTED)
            d.line(x + 2, y - 1.5, x + 2, y + 7.5, INK, 1.3)
            text = _("due date when last signed, and the slip since")
            _text(d, x + 18, y, text, SANS, INK)


def _text(
    d: Sketch,
    x: float,
    y: float,
    text: str,
    font: str,
    colour: colors.Color,
    size: float = SMALL_FONT,
    anchor: str = "start",
) -> None:
    d.text(x, y, text, font, size, colour, anchor)


def _diamond(
    d: Sketch,
    cx: float,
    cy: float,
    r: float,
    fill: colors.Color,
    stroke: colors.Color | None,
    width: float,
) -> None:
    d.polygon([cx, cy + r, cx + r, cy, cx, cy - r, cx - r, cy], fill, stroke, width)


def _slip_box(
    d: Sketch, x: float, y: float, width: float, height: float, colour: colors.Color
) -> None:
    d.rect(x, y, width, height, lighter(colour, 0.55), WARNING, 0.7, dash=(1.5, 1))
