"""The presentation's whole-plan slides: success criteria, the timeline (today, target,
slips against the committed revision) and the open questions of the meeting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ...domain.health import AFTER_TARGET, NO_DATE, NO_OWNER, OVERDUE
from ...domain.model import MilestoneStatus
from ...i18n import _, format_month
from ...store import StoreError
from ..common.values import SIDE_COLOURS, format_date

TODAY = QColor("#ffb454")
TARGET = QColor("#ef5350")
GRID = QColor("#3a3f47")
INK = QColor("#f5f5f5")
MUTED = QColor("#c9ced6")


class TimelineSlide(QWidget):
    """Every milestone as a bar from start to due, today and the target as lines, and
    the committed due date as a tick where a milestone slipped."""

    def __init__(self, session, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(_("Timeline"))

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        state = self.session.state
        order = state.milestone_order()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not order:
            painter.setPen(MUTED)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No milestones yet."))
            return
        baseline = self.session.baseline
        days = [d for m in order for d in (m.start, m.due) if d]
        days += [d for d in (self.session.today, state.plan.target_date) if d]
        if baseline is not None:
            days += [m.due for m in baseline.milestones.values() if m.due]
        first, last = min(days), max(days) + dt.timedelta(days=1)
        span = max((last - first).days, 1)
        font = QFont(self.font())
        row = min(self.height() / (len(order) + 2), 48.0)
        font.setPixelSize(max(int(row * 0.45), 10))
        painter.setFont(font)
        label_width = self.width() * 0.34
        left, right = label_width + 12, self.width() - 8

        def x(day: dt.date) -> float:
            return left + (right - left) * (day - first).days / span

        # Month lines with their names along the top.
        month = dt.date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                painter.setPen(QPen(GRID, 1))
                painter.drawLine(QPointF(x(month), row * 0.9), QPointF(x(month), self.height()))
                painter.setPen(MUTED)
                painter.drawText(
                    QPointF(x(month) + 4, row * 0.7), format_month(month, with_year=True)
                )
            month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        slips = self.session.slips()
        for number, milestone in enumerate(order, start=1):
            y = row * (number + 0.5)
            painter.setPen(INK if milestone.status != MilestoneStatus.DONE else MUTED)
            text = painter.fontMetrics().elidedText(
                f"{number}  {milestone.title}", Qt.TextElideMode.ElideRight, int(label_width)
            )
            painter.drawText(QRectF(0, y, label_width, row), Qt.AlignmentFlag.AlignVCenter, text)
            if milestone.due is None:
                continue
            start = milestone.start or milestone.due
            colour = QColor(SIDE_COLOURS.get(milestone.side, MUTED))
            if milestone.status == MilestoneStatus.DONE:
                colour = colour.darker(160)
            bar = QRectF(x(start), y + row * 0.22, max(x(milestone.due) - x(start), 6), row * 0.56)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(bar, 4, 4)
            if milestone.id in slips and baseline is not None:
                was = baseline.milestones[milestone.id].due
                painter.setPen(QPen(TODAY, 2, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x(was), y + row * 0.1), QPointF(x(was), y + row * 0.9))
                painter.drawText(
                    QPointF(bar.right() + 6, y + row * 0.7),
                    _("+{slips} days").format(slips=slips[milestone.id]),
                )
        for day, colour, name in (
            (self.session.today, TODAY, "Today"),
            (state.plan.target_date, TARGET, "Target"),
        ):
            if day is None:
                continue
            painter.setPen(QPen(colour, 2))
            painter.drawLine(QPointF(x(day), row), QPointF(x(day), self.height()))
            text = f"{name} {format_date(day)}"
            width = painter.fontMetrics().horizontalAdvance(text)
            # Beside the line, on whichever side has room for the words.
            at = x(day) + 4 if x(day) + 4 + width <= self.width() else x(day) - 4 - width
            painter.drawText(QPointF(at, self.height() - 4), text)


def _big_label() -> QLabel:
    widget = QLabel()
    widget.setWordWrap(True)
    widget.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


class PlanSlides(QStackedWidget):
    """The slides about the whole plan, shown in place of the milestone slide."""

    KINDS = ("criteria", "timeline", "questions")
    TITLES = {
        "criteria": "SUCCESS CRITERIA",
        "timeline": "TIMELINE",
        "questions": "OPEN QUESTIONS",
    }

    def __init__(self, session, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.session = session
        self.kind = ""
        self.heading = {}
        self.text: dict[str, QLabel] = {}
        for kind in self.KINDS:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(self.TITLES[kind])
            heading.setProperty("role", "heading")
            layout.addWidget(heading)
            if kind == "timeline":
                self.timeline = TimelineSlide(session)
                layout.addWidget(self.timeline, 1)
            else:
                body = _big_label()
                body.setAccessibleName(self.TITLES[kind].capitalize())
                self.text[kind] = body
                layout.addWidget(body, 1)
            self.heading[kind] = heading
            self.addWidget(page)

    def show_kind(self, kind: str) -> None:
        self.kind = kind
        self.setCurrentIndex(self.KINDS.index(kind))
        self.refresh()

    def refresh(self) -> None:
        state = self.session.state
        criteria = [line.strip() for line in state.plan.success_criteria.splitlines()]
        self.text["criteria"].setText(
            "\n".join(f"•  {line}" for line in criteria if line)
            or _("No success criteria written yet: how will both sides know it worked?")
        )
        self.text["questions"].setText("\n".join(open_questions(self.session)))
        self.timeline.update()


def open_questions(session) -> list[str]:  # noqa: ANN001
    """What the meeting has to settle: milestones without an owner or a date, at risk,
    blocked or overdue, past the target, and conflicts between the two copies."""
    state = session.state
    flags = session.health().flags
    groups: dict[str, list[str]] = {}
    titles = {
        NO_OWNER: _("Who owns it?"),
        NO_DATE: _("When is it due?"),
        OVERDUE: _("Overdue"),
        AFTER_TARGET: _("Due after the target date"),
        MilestoneStatus.AT_RISK: _("At risk"),
        MilestoneStatus.BLOCKED: _("Blocked"),
    }
    for milestone in state.milestone_order():
        name = f"#{state.milestone_number(milestone.id)} {milestone.title}"
        for flag in flags.get(milestone.id, ()):
            if flag in titles:
                groups.setdefault(titles[flag], []).append(name)
        if milestone.status in (MilestoneStatus.AT_RISK, MilestoneStatus.BLOCKED):
            groups.setdefault(titles[MilestoneStatus(milestone.status)], []).append(name)
    lines = []
    for title in titles.values():
        if title in groups:
            lines.append(f"{title}  ({len(groups[title])})")
            lines += [f"     {name}" for name in groups[title]]
    try:
        conflicts = len(session.store.conflicts_of(session.plan_id))
    except StoreError:  # the environment: the slide still shows the rest
        conflicts = 0
    if conflicts:
        lines.append(
            _("Both sides changed the same thing: {count} to settle").format(count=conflicts)
        )
    return lines or [_("Nothing open: every milestone has an owner and a date, none is at risk.")]
