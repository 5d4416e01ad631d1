"""Plan ▸ Schedule back from target…: what `domain.scheduling.schedule_back` proposes,
milestone by milestone, with slack and the critical path, applied as one undoable edit."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from ...domain.model import label
from ...domain.scheduling import (
    LEAD_DEFAULT,
    LEAD_FROM_DATES,
    Schedule,
    ScheduleError,
)
from ...domain.scheduling import (
    schedule_back as compute_schedule,
)
from ...domain.state import PlanState
from ...i18n import N_, _, language, ngettext
from ..common.screens import resize_within_screen
from ..common.values import SIDE_COLOURS, format_date
from .working_calendars import calendar_summary, saved_calendars

if TYPE_CHECKING:
    from ..contract import App
    from ..session import PlanSession

_Parent = QModelIndex | QPersistentModelIndex

# Banners dark enough to read on a projector.
GOOD_STYLE = "QLabel { background: #e6f4ea; color: #0d5223; border: 1px solid #b7dfc3; }"
BAD_STYLE = "QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c6cb; }"
PLAIN_STYLE = "QLabel { background: #eef1f4; color: #202124; border: 1px solid #d0d5da; }"
CRITICAL_BACKGROUND = QColor("#fff4d6")
LATE_COLOUR = QColor("#a31515")
MUTED_COLOUR = QColor("#5f6368")


def short_date(day: dt.date | None) -> str:
    """A date with its weekday, as the reader's language writes it ("Fr., 26. März 2027")."""
    if day is None:
        return ""
    from babel.dates import format_date

    return format_date(day, "EEE, d. MMM y" if language() == "de" else "EEE d MMM y", language())


def path_text(state: PlanState, ids: list[str]) -> str:
    return " → ".join(f"#{state.milestone_number(mid)}" for mid in ids)


def days(count: int) -> str:
    return ngettext("{count} working day", "{count} working days", count).format(count=count)


# -- the proposal as a table ------------------------------------------------------------


class ScheduleModel(QAbstractTableModel):
    """One row per milestone: its dates now, the proposal, slack and critical path."""

    HEADERS = (
        "#",
        N_("Milestone"),
        N_("Side"),
        N_("Lead days"),
        N_("Start now"),
        N_("Due now"),
        N_("Proposed start"),
        N_("Proposed due"),
        N_("Slack"),
        N_("Critical path"),
    )
    NUMBER, TITLE, SIDE, LEAD, START, DUE, NEW_START, NEW_DUE, SLACK, CRITICAL = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: PlanState | None = None
        self.schedule: Schedule | None = None
        self._ids: list[str] = []

    def set_schedule(self, state: PlanState, schedule: Schedule | None) -> None:
        self.beginResetModel()
        self.state = state
        self.schedule = schedule
        self._ids = [m.id for m in state.milestone_order()] if schedule else []
        self.endResetModel()

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if section else "#"
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return {
                self.LEAD: "Lead time in working days",
                self.SLACK: "Working days the milestone can slip without missing the target",
            }.get(section)
        return None

    def milestone_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, milestone_id: str) -> int:
        return self._ids.index(milestone_id)

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.state is None or self.schedule is None:
            return None
        mid = self._ids[index.row()]
        m = self.state.milestones[mid]
        row = self.schedule.of(mid)
        column = index.column()
        changed = not row.done and (
            (column == self.NEW_START and row.start != m.start)
            or (column == self.NEW_DUE and row.due != m.due)
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(column, mid)
        if role == Qt.ItemDataRole.FontRole and (changed or (column == self.CRITICAL)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row.critical:
            return CRITICAL_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.done:
                return MUTED_COLOUR
            if column == self.SIDE:
                return SIDE_COLOURS.get(m.side)
            if column == self.SLACK and row.slack is not None and row.slack < 0:
                return LATE_COLOUR
            if column == self.LEAD and row.lead_source != "set":
                return MUTED_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.NUMBER,
            self.LEAD,
            self.SLACK,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(column, mid)
        return None

    def _text(self, column: int, mid: str) -> str:
        assert self.state is not None and self.schedule is not None
        m = self.state.milestones[mid]
        row = self.schedule.of(mid)
        if column == self.NUMBER:
            return str(self.state.milestone_number(mid))
        if column == self.TITLE:
            return m.title
        if column == self.SIDE:
            return label(m.side)
        if column == self.LEAD:
            suffix = {LEAD_FROM_DATES: " (dates)", LEAD_DEFAULT: " (none set)"}.get(
                row.lead_source, ""
            )
            return f"{row.lead_days}{suffix}"
        if column == self.START:
            return format_date(m.start) or "—"
        if column == self.DUE:
            return format_date(m.due) or "—"
        if column == self.NEW_START:
            return format_date(row.start) or "—"
        if column == self.NEW_DUE:
            return format_date(row.due) or "—"
        if column == self.SLACK:
            if row.slack is None:
                return "done"
            return f"{row.slack:+d}".replace("-", "−") if row.slack else "0"
        if column == self.CRITICAL:
            return _("Critical") if row.critical else ""
        return ""

    def _tip(self, column: int, mid: str) -> str | None:
        assert self.state is not None and self.schedule is not None
        row = self.schedule.of(mid)
        if row.done:
            return "Done: its dates stay as they are."
        if column == self.LEAD:
            if row.lead_source == LEAD_FROM_DATES:
                return "No lead time set: the working days between its start and due are kept."
            if row.lead_source == LEAD_DEFAULT:
                return "No lead time set and no dates: scheduled as one working day."
        if column == self.NEW_START and row.started:
            return "Under way: it keeps the day it started."
        if column in (self.SLACK, self.NEW_START, self.NEW_DUE, self.CRITICAL):
            return (
                f"Earliest: {format_date(row.earliest_start)} → {format_date(row.earliest_due)}\n"
                f"Latest: {format_date(row.latest_start)} → {format_date(row.latest_due)}"
            )
        return None


class ScheduleDialog(QDialog):
    """The proposal, a sentence on whether the target can be met, and Apply."""

    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.window_ = window
        self.session: PlanSession = window.session  # type: ignore[assignment]
        self.schedule: Schedule | None = None
        self.setWindowTitle(_("Schedule back from the target date"))
        resize_within_screen(self, 1180, 620)

        self.facts = QLabel()
        self.facts.setObjectName("scheduleFacts")
        self.banner = QLabel()
        self.banner.setObjectName("scheduleBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(_("Schedule verdict"))
        self.banner.setContentsMargins(10, 8, 10, 8)
        font = self.banner.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.banner.setFont(font)

        self.model = ScheduleModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Proposed dates"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ScheduleModel.TITLE, QHeaderView.ResizeMode.Stretch)

        legend = QLabel(
            _(
                "Bold dates are the ones that change. Slack: working days a milestone can slip "
                "without missing the target. Done milestones keep their dates; work under way "
                "keeps the day it started."
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #5f6368;")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.calendars_button = QPushButton(_("Working &calendars…"))
        self.calendars_button.setToolTip(_("Weekends and holidays of each side"))
        self.calendars_button.clicked.connect(self._edit_calendars)
        self.buttons.addButton(self.calendars_button, QDialogButtonBox.ButtonRole.ResetRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(legend)
        layout.addWidget(self.buttons)
        self.recompute()

    # -- what it shows ------------------------------------------------------------------

    @Slot()
    def recompute(self) -> None:
        state = self.session.state
        today = self.session.today
        target = state.plan.target_date
        calendars = saved_calendars(self.window_.store)
        self.facts.setText(
            _("Target date: <b>{value}</b> · today: {today} · {calendar_summary}").format(
                value=short_date(target) or _("none"),
                today=short_date(today),
                calendar_summary=calendar_summary(calendars),
            )
        )
        try:
            self.schedule = compute_schedule(state, calendars, today)
        except ScheduleError as exc:
            self.schedule = None
            self._say(str(exc), PLAIN_STYLE if target is None else BAD_STYLE)
            self.model.set_schedule(state, None)
            self.apply_button.setEnabled(False)
            self.apply_button.setText(_("Apply"))
            return
        self.model.set_schedule(state, self.schedule)
        self._say(self.verdict(state, self.schedule), self._style(self.schedule))
        changes = self.schedule.changes(state)
        moving = len({c.entity_id for c in changes})
        self.apply_button.setEnabled(bool(changes))
        self.apply_button.setText(
            ngettext(
                "&Apply: move {moving} milestone", "&Apply: move {moving} milestones", moving
            ).format(moving=moving)
            if moving
            else _("Nothing to change")
        )
        self.table.resizeColumnsToContents()

    @staticmethod
    def verdict(state: PlanState, schedule: Schedule) -> str:
        if not schedule.rows:
            return _("The plan has no milestones to schedule yet.")
        if not schedule.critical:
            return _("Every milestone is done: there is nothing left to schedule.")
        path = path_text(state, schedule.critical)
        if not schedule.feasible:
            last = schedule.of(schedule.critical[-1])
            return _(
                "The plan misses the target by {days}: the critical path is {path}. Even "
                "starting today, #{number} is due {due} at the earliest; the proposal starts "
                "nothing before today."
            ).format(
                days=days(schedule.shortfall_days),
                path=path,
                number=state.milestone_number(last.milestone_id),
                due=short_date(last.earliest_due),
            )
        slack = schedule.critical_slack or 0
        if slack == 0:
            return _(
                "The plan can meet the target with no slack at all: every day on the "
                "critical path {path} counts."
            ).format(path=path)
        return _(
            "The plan can meet the target with {days} to spare on the critical path {path}."
        ).format(days=days(slack), path=path)

    @staticmethod
    def _style(schedule: Schedule) -> str:
        if not schedule.rows or not schedule.critical:
            return PLAIN_STYLE
        return GOOD_STYLE if schedule.feasible else BAD_STYLE

    def _say(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)

    # -- what it does -------------------------------------------------------------------

    @Slot()
    def apply(self) -> bool:
        if self.schedule is None:
            return False
        state = self.session.state
        changes = self.schedule.changes(state)
        if not changes:
            self.accept()
            return True
        from .dependents_offer import dependents_offer

        offer = dependents_offer(self.window_)
        with offer.own_edit():
            applied = self.session.apply(changes, "Schedule back from target")
        if applied:
            moving = len({c.entity_id for c in changes})
            self.window_.say(
                ngettext(
                    "Scheduled back from the target: {moving} milestone moved. Undo (Ctrl+Z) "
                    "puts it back.",
                    "Scheduled back from the target: {moving} milestones moved. Undo "
                    "(Ctrl+Z) puts them back.",
                    moving,
                ).format(moving=moving),
                8000,
            )
            self.accept()
        return applied

    @Slot()
    def _edit_calendars(self) -> None:
        from .calendars_dialog import CalendarsDialog

        dialog = CalendarsDialog(self.window_, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.recompute)
        dialog.open()
