"""Plan ▸ Schedule back from target… and Working calendars…, and the offer to move
what depends on a milestone that moved later.

The schedule dialog shows what `domain.scheduling.schedule_back` proposes, milestone by
milestone, with slack and the critical path, and applies it as one undoable edit. The
offer is a one-click notice in the window (a question on every date edit would stop a
workshop); it listens to the session for dates the user moved later, and ignores undo,
redo and its own edits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendars import WEEKDAY_NAMES, Calendars, CalendarSettings, with_country
from ...domain.changes import Change
from ...domain.model import label
from ...domain.scheduling import (
    LEAD_DEFAULT,
    LEAD_FROM_DATES,
    Schedule,
    ScheduleError,
    moved_later,
    push_dependents,
)
from ...domain.scheduling import (
    schedule_back as compute_schedule,
)
from ...domain.state import PlanState
from ...store import Store, StoreError
from ..common.screens import resize_within_screen
from ..common.values import SIDE_COLOURS, format_date

if TYPE_CHECKING:
    from ..contract import App, OpenPlan
    from ..session import PlanSession

_Parent = QModelIndex | QPersistentModelIndex

# Banners dark enough to read on a projector.
GOOD_STYLE = "QLabel { background: #e6f4ea; color: #0d5223; border: 1px solid #b7dfc3; }"
BAD_STYLE = "QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c6cb; }"
PLAIN_STYLE = "QLabel { background: #eef1f4; color: #202124; border: 1px solid #d0d5da; }"
NOTICE_STYLE = (
    "QFrame#dependentsNotice { background: #fff4d6; border: 1px solid #e8c76a; }"
    "QFrame#dependentsNotice QLabel { color: #4a3800; }"
)
CRITICAL_BACKGROUND = QColor("#fff4d6")
LATE_COLOUR = QColor("#a31515")
MUTED_COLOUR = QColor("#5f6368")


# -- the calendars setting -------------------------------------------------------------


def load_calendar_settings(store: Store) -> CalendarSettings:
    return CalendarSettings.from_json(store.setting(CalendarSettings.KEY))


def save_calendar_settings(store: Store, settings: CalendarSettings) -> None:
    store.set_setting(CalendarSettings.KEY, settings.to_json())


def keep_countries(
    window: App, countries: dict[str, str], target: dt.date | None, today: dt.date
) -> None:
    """Give each side's working calendar its country's public holidays (for the years
    a plan to `target` spans), remembered for the next plan; changeable in Working
    calendars."""
    try:
        settings = load_calendar_settings(window.store)
        years = range(today.year, max(today.year, (target or today).year) + 2)
        updated = settings
        for side, country in countries.items():
            updated = with_country(updated, side, country, years)
        if updated != settings:
            save_calendar_settings(window.store, updated)
    except StoreError as exc:
        window.show_store_error(str(exc))


def start_organisation_calendars(window: App, values: dict, today: dt.date) -> None:
    """Each side with no country yet keeps the public holidays of the country its
    organisation's name tells; changeable in Working calendars."""
    from ...store.calendars import start_calendars

    try:
        start_calendars(
            window.store,
            values.get("buyer_org") or "",
            values.get("seller_org") or "",
            values.get("target_date"),
            today,
        )
    except StoreError as exc:
        window.show_store_error(str(exc))


def calendars_of(window: App) -> Calendars:
    """The working calendars saved in the window's database (Mon-Fri when none are)."""
    try:
        return load_calendar_settings(window.store).calendars()
    except StoreError:
        return Calendars()


def calendar_summary(calendars: Calendars) -> str:
    """'seller: Mon–Fri, 9 holidays · buyer: Sun–Thu, no holidays'."""
    parts = []
    for side, calendar in (("seller", calendars.seller), ("buyer", calendars.buyer)):
        working = [n for n in range(7) if n not in calendar.weekend]
        if working == list(range(working[0], working[-1] + 1)):
            week = f"{WEEKDAY_NAMES[working[0]][:3]}–{WEEKDAY_NAMES[working[-1]][:3]}"
        else:
            week = ", ".join(WEEKDAY_NAMES[n][:3] for n in working)
        count = len(calendar.holidays)
        holidays = "no holidays" if not count else f"{count} holiday{'' if count == 1 else 's'}"
        parts.append(f"{side}: {week}, {holidays}")
    return " · ".join(parts)


def short_date(day: dt.date | None) -> str:
    return day.strftime("%a %d %b %Y") if day else ""


def path_text(state: PlanState, ids: list[str]) -> str:
    return " → ".join(f"#{state.milestone_number(mid)}" for mid in ids)


def days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


# -- entry points (the window's slots call these) --------------------------------------


def schedule_back(plan: OpenPlan) -> ScheduleDialog:
    """Open the proposal for the open plan (window-modal, returns at once)."""
    dialog = ScheduleDialog(plan.app)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def edit_calendars(plan: OpenPlan) -> QDialog:
    from .calendars_dialog import CalendarsDialog

    dialog = CalendarsDialog(plan.app)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# -- the proposal as a table ------------------------------------------------------------


class ScheduleModel(QAbstractTableModel):
    """One row per milestone: its dates now, the proposal, slack and critical path."""

    HEADERS = (
        "#",
        "Milestone",
        "Side",
        "Lead days",
        "Start now",
        "Due now",
        "Proposed start",
        "Proposed due",
        "Slack",
        "Critical path",
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
            return self.HEADERS[section]
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
            return "Critical" if row.critical else ""
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
        self.setWindowTitle("Schedule back from the target date")
        resize_within_screen(self, 1180, 620)

        self.facts = QLabel()
        self.facts.setObjectName("scheduleFacts")
        self.banner = QLabel()
        self.banner.setObjectName("scheduleBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Schedule verdict")
        self.banner.setContentsMargins(10, 8, 10, 8)
        font = self.banner.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.banner.setFont(font)

        self.model = ScheduleModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Proposed dates")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ScheduleModel.TITLE, QHeaderView.ResizeMode.Stretch)

        legend = QLabel(
            "Bold dates are the ones that change. Slack: working days a milestone can slip "
            "without missing the target. Done milestones keep their dates; work under way "
            "keeps the day it started."
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
        self.calendars_button = QPushButton("Working &calendars…")
        self.calendars_button.setToolTip("Weekends and holidays of each side")
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
        calendars = calendars_of(self.window_)
        self.facts.setText(
            f"Target date: <b>{short_date(target) or 'none'}</b> · today: {short_date(today)}"
            f" · {calendar_summary(calendars)}"
        )
        try:
            self.schedule = compute_schedule(state, calendars, today)
        except ScheduleError as exc:
            self.schedule = None
            self._say(str(exc), PLAIN_STYLE if target is None else BAD_STYLE)
            self.model.set_schedule(state, None)
            self.apply_button.setEnabled(False)
            self.apply_button.setText("Apply")
            return
        self.model.set_schedule(state, self.schedule)
        self._say(self.verdict(state, self.schedule), self._style(self.schedule))
        changes = self.schedule.changes(state)
        moving = len({c.entity_id for c in changes})
        self.apply_button.setEnabled(bool(changes))
        self.apply_button.setText(
            f"&Apply: move {moving} milestone{'' if moving == 1 else 's'}"
            if moving
            else "Nothing to change"
        )
        self.table.resizeColumnsToContents()

    @staticmethod
    def verdict(state: PlanState, schedule: Schedule) -> str:
        if not schedule.rows:
            return "The plan has no milestones to schedule yet."
        if not schedule.critical:
            return "Every milestone is done: there is nothing left to schedule."
        path = path_text(state, schedule.critical)
        if not schedule.feasible:
            last = schedule.of(schedule.critical[-1])
            return (
                f"The plan misses the target by {days(schedule.shortfall_days)}: "
                f"the critical path is {path}. Even starting today, "
                f"#{state.milestone_number(last.milestone_id)} is due "
                f"{short_date(last.earliest_due)} at the earliest; the proposal starts "
                "nothing before today."
            )
        slack = schedule.critical_slack or 0
        if slack == 0:
            return (
                f"The plan can meet the target with no slack at all: every day on the "
                f"critical path {path} counts."
            )
        return (
            f"The plan can meet the target with {days(slack)} to spare on the critical path {path}."
        )

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
        offer = dependents_offer(self.window_)
        with offer.own_edit():
            applied = self.session.apply(changes, "Schedule back from target")
        if applied:
            moving = len({c.entity_id for c in changes})
            self.window_.say(
                f"Scheduled back from the target: {moving} milestones moved. "
                "Undo (Ctrl+Z) puts them back.",
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


# -- moving what depends on a milestone --------------------------------------------------


class DependentsOffer(QObject):
    """ "Also move the 3 milestones that depend on it?", one click away.

    Shown when the user moves a milestone's start or due later and something that
    depends on it would then start before it is due. Undo and redo hide it; edits it
    or the schedule dialog make are not offered again.
    """

    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.setObjectName("dependentsOffer")
        self.window_ = window
        self._own = False
        self._return_to: QWidget | None = None  # where the user was when the offer came
        self._moved: list[str] = []
        self.pending: list[Change] = []

        self.notice = QFrame()
        self.notice.setObjectName("dependentsNotice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Offer to move dependent milestones")
        self.move_button = QPushButton("&Move them")
        self.move_button.setToolTip("Move them later as one edit (undo puts them back)")
        self.move_button.clicked.connect(self.move_them)
        self.dismiss_button = QPushButton("&Leave them")
        self.dismiss_button.clicked.connect(self.dismiss)
        row = QHBoxLayout(self.notice)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.text, 1)
        row.addWidget(self.move_button)
        row.addWidget(self.dismiss_button)
        self.notice.hide()
        self._place()

    def _place(self) -> None:
        self.window_.message_area.add(self.notice)

    def attach(self, session: PlanSession) -> None:
        session.changesApplied.connect(self._changes_applied)
        session.planReloaded.connect(self.dismiss)
        self.dismiss()

    def own_edit(self) -> _OwnEdit:
        """A context in which the session's edits are this feature's, not the user's."""
        return _OwnEdit(self)

    @property
    def session(self) -> PlanSession | None:
        return self.window_.session

    @Slot(list)
    def _changes_applied(self, changes: list[Change]) -> None:
        session = self.session
        if session is None:
            return
        if self._own or session.replaying:
            self.dismiss()
            return
        moved = [mid for mid in moved_later(changes) if mid in session.state.milestones]
        if moved:
            self._moved = moved
        self._offer()

    def _offer(self) -> None:
        session = self.session
        self._moved = [mid for mid in self._moved if session and mid in session.state.milestones]
        if session is None or not self._moved:
            self.dismiss()
            return
        state = session.state
        moved = {
            mid: (state.milestones[mid].start, state.milestones[mid].due) for mid in self._moved
        }
        self.pending = push_dependents(state, moved, calendars_of(self.window_))
        if not self.pending:
            self.dismiss()
            return
        following = sorted({c.entity_id for c in self.pending}, key=state.milestone_number)
        count = len(following)
        what = "milestone that depends" if count == 1 else f"{count} milestones that depend"
        if len(self._moved) == 1:
            m = state.milestones[self._moved[0]]
            lead = f"#{state.milestone_number(m.id)} “{m.title}” is now due {format_date(m.due)}."
            whom = "on it"
        else:
            lead = f"{len(self._moved)} milestones moved later."
            whom = "on them"
        numbers = ", ".join(f"#{state.milestone_number(mid)}" for mid in following)
        self.text.setText(f"{lead} Also move the {what} {whom} ({numbers})?")
        focus = QApplication.focusWidget()
        if focus is not None and not self.notice.isAncestorOf(focus):
            self._return_to = focus
        self.move_button.setText("&Move it" if count == 1 else "&Move them")
        self.dismiss_button.setText("&Leave it" if count == 1 else "&Leave them")
        self.notice.show()

    @Slot()
    def move_them(self) -> bool:
        session = self.session
        if session is None or not self.pending:
            return False
        self._offer()  # from the plan as it is now
        changes = self.pending
        if not changes:
            return False
        count = len({c.entity_id for c in changes})
        state = session.state
        text = (
            f"Move what depends on “{state.milestones[self._moved[0]].title}”"
            if len(self._moved) == 1
            else "Move what depends on the moved milestones"
        )
        with self.own_edit():
            applied = session.apply(changes, text)
        if applied:
            self.window_.say(
                f"Moved {count} milestone{'' if count == 1 else 's'} later. "
                f"Undo (Ctrl+Z) puts {'it' if count == 1 else 'them'} back.",
                8000,
            )
        self.dismiss()
        return applied

    @Slot()
    def dismiss(self) -> None:
        self.pending = []
        self._moved = []
        self._hand_back_focus()
        self.notice.hide()

    def _hand_back_focus(self) -> None:
        """Back to where the user was before the offer took the keyboard, never to the
        next field in the tab order (which would select all its text)."""
        focus = QApplication.focusWidget()
        if focus is not None and not self.notice.isAncestorOf(focus):
            return
        target = self._return_to
        try:
            usable = target is not None and target.isVisible() and target.isEnabled()
        except RuntimeError:  # the widget is gone
            usable = False
        if not usable:
            view = self.window_.plan_view
            target = view.tree if view is not None else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)


class _OwnEdit:
    def __init__(self, offer: DependentsOffer) -> None:
        self._offer = offer

    def __enter__(self) -> None:
        self._offer._own = True

    def __exit__(self, *exc: object) -> None:
        self._offer._own = False


@dataclass
class _Offered:
    offer: DependentsOffer | None = None


def dependents_offer(window: App) -> DependentsOffer:
    """The window's offer to move dependents (made on first use)."""
    kept = window.state(_Offered)
    if kept.offer is None:
        kept.offer = DependentsOffer(window)
    return kept.offer


def offer_to_move_dependents(window: App, session: PlanSession) -> None:
    """Called when a plan opens: watch its session for milestones moved later."""
    dependents_offer(window).attach(session)


__all__ = [
    "DependentsOffer",
    "ScheduleDialog",
    "ScheduleModel",
    "calendars_of",
    "dependents_offer",
    "edit_calendars",
    "load_calendar_settings",
    "offer_to_move_dependents",
    "save_calendar_settings",
    "schedule_back",
]
