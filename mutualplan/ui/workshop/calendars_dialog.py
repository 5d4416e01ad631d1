"""Plan ▸ Working calendars…: each side's weekend and holidays.

Holidays are a list the user can see and edit: typed in one by one, or added from a
country's public holidays (the `holidays` package, looked up only when the dialog
opens) for the years the plan spans. They are kept per database as the "calendars"
setting; the next schedule uses them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.calendars import (
    CalendarSettings,
    SideCalendar,
    public_holidays,
    subdivisions,
)
from ...domain.model import Side
from ...domain.state import PlanState
from ...i18n import _
from ...store import StoreError
from ..common.dialogs import holiday_countries
from ..common.screens import resize_within_screen
from ..common.values import format_date, from_qdate
from ..editor.delegates import DateLineEdit
from .working_calendars import load_calendar_settings, save_calendar_settings, weekday_name

if TYPE_CHECKING:
    from ..contract import App

_Parent = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #a31515;"


def plan_years(state: PlanState, today: dt.date) -> list[int]:
    """The years from today (or the plan's first date) to its target (or last date)."""
    days = [today]
    if state.plan.target_date:
        days.append(state.plan.target_date)
    for m in state.milestones.values():
        days.extend(d for d in (m.start, m.due) if d)
    return list(range(min(days).year, max(days).year + 1))


class HolidayModel(QAbstractTableModel):
    """One side's holidays, by date: the date and its name."""

    HEADERS = ("Date", "Holiday")

    def __init__(self, holidays: dict[dt.date, str], parent=None) -> None:
        super().__init__(parent)
        self.holidays = dict(holidays)
        self._days = sorted(self.holidays)

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        day = self._days[index.row()]
        if index.column() == 0:
            return f"{day:%a} {format_date(day)}"
        return self.holidays[day]

    def day_at(self, row: int) -> dt.date:
        return self._days[row]

    def row_of(self, day: dt.date) -> int:
        return self._days.index(day)

    def add(self, days: dict[dt.date, str]) -> int:
        """Add holidays (a name replaces none); returns how many dates were new."""
        new = [d for d in days if d not in self.holidays]
        self.beginResetModel()
        for day, name in days.items():
            if name or day not in self.holidays:
                self.holidays[day] = name
        self._days = sorted(self.holidays)
        self.endResetModel()
        return len(new)

    def remove(self, days: list[dt.date]) -> None:
        self.beginResetModel()
        for day in days:
            self.holidays.pop(day, None)
        self._days = sorted(self.holidays)
        self.endResetModel()


class SideCalendarEditor(QWidget):
    """Weekend days, holidays, and public holidays of a country, for one side."""

    def __init__(
        self,
        calendar: SideCalendar,
        years: list[int],
        countries: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.years = years

        weekend_box = QGroupBox(_("Weekend (days nobody works)"))
        weekend_row = QHBoxLayout(weekend_box)
        self.weekend: list[QCheckBox] = []
        for number in range(7):
            name = weekday_name(number)
            box = QCheckBox(weekday_name(number, "abbreviated"))
            box.setToolTip(name)
            box.setAccessibleName(_("{name} off").format(name=name))
            box.setChecked(number in calendar.weekend)
            weekend_row.addWidget(box)
            self.weekend.append(box)
        weekend_row.addStretch(1)

        holidays_box = QGroupBox(_("Holidays"))
        grid = QGridLayout(holidays_box)
        self.model = HolidayModel(dict(calendar.holidays), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Holidays"))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)

        self.day = DateLineEdit()  # typed as table cells read dates: 24 Dec, +2w
        self.day.set_value(from_qdate(QDate.currentDate()), select=False)
        self.day.setAccessibleName(_("Holiday date"))
        self.day.returnPressed.connect(self.add_typed)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("Name (optional)"))
        self.name.setAccessibleName(_("Holiday name"))
        self.name.returnPressed.connect(self.add_typed)
        self.add_button = QPushButton(_("&Add"))
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self.remove_selected)

        self.country = QComboBox()
        self.country.setAccessibleName(_("Country"))
        self.country.addItem(_("Choose a country…"), "")
        for code, name in countries:
            self.country.addItem(f"{name} ({code})", code)
        found = self.country.findData(calendar.country) if calendar.country else -1
        self.country.setCurrentIndex(max(found, 0))
        self.region = QComboBox()
        self.region.setAccessibleName(_("Region"))
        self.country.currentIndexChanged.connect(self._fill_regions)
        self._fill_regions()
        if calendar.subdivision:
            self.region.setCurrentIndex(max(self.region.findData(calendar.subdivision), 0))
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        self.add_country_button = QPushButton(_("Add public holidays for {span}").format(span=span))
        self.add_country_button.clicked.connect(self.add_public_holidays)
        self.status = QLabel()
        self.status.setWordWrap(True)

        grid.addWidget(self.table, 0, 0, 1, 4)
        grid.addWidget(self.day, 1, 0)
        grid.addWidget(self.name, 1, 1, 1, 2)
        grid.addWidget(self.add_button, 1, 3)
        grid.addWidget(self.remove_button, 2, 3)
        grid.addWidget(QLabel(_("Public holidays of")), 3, 0)
        grid.addWidget(self.country, 3, 1)
        grid.addWidget(self.region, 3, 2)
        grid.addWidget(self.add_country_button, 3, 3)
        grid.addWidget(self.status, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(weekend_box)
        layout.addWidget(holidays_box, 1)

    @Slot()
    def _fill_regions(self) -> None:
        self.region.clear()
        self.region.addItem(_("The whole country"), "")
        code = self.country.currentData()
        if code:
            for region, name in subdivisions(code):
                self.region.addItem(name if name == region else f"{name} ({region})", region)
        self.region.setEnabled(self.region.count() > 1)

    @Slot()
    def add_typed(self) -> None:
        ok, day, message = self.day.understood()
        if not ok:  # refused, and nothing added, as a table cell refuses it
            self.status.setText(f"{self.day.accessibleName()}: {message}")
            return
        if day is None:
            return
        self.model.add({day: self.name.text().strip()})
        self.name.clear()
        self.table.selectRow(self.model.row_of(day))
        self.status.setText(
            _("{format_date} is a holiday now.").format(format_date=format_date(day))
        )

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        self.model.remove([self.model.day_at(r) for r in rows])

    @Slot()
    def add_public_holidays(self) -> int:
        code = self.country.currentData()
        if not code:
            self.status.setText(_("Choose a country first."))
            return 0
        try:
            # Named in the user's language where the country's list has it, else English.
            found = public_holidays(
                code, self.years, self.region.currentData() or "", QLocale().uiLanguages()
            )
        except ValueError as exc:
            self.status.setText(str(exc))
            return 0
        new = self.model.add(found)
        where = self.country.currentText()
        self.status.setText(
            _("{count} public holidays of {where} in {join}; {new} of them new here.").format(
                count=len(found), where=where, join=", ".join(map(str, self.years)), new=new
            )
        )
        return new

    def set_weekend(self, days: set[int]) -> None:
        for number, box in enumerate(self.weekend):
            box.setChecked(number in days)

    def value(self) -> SideCalendar:
        return SideCalendar(
            weekend=frozenset(n for n, box in enumerate(self.weekend) if box.isChecked()),
            holidays=dict(self.model.holidays),
            country=self.country.currentData() or "",
            subdivision=self.region.currentData() or "",
        )


class CalendarsDialog(QDialog):
    """The seller's and the buyer's working calendars, saved with OK."""

    def __init__(self, window: App, parent: QWidget | None = None) -> None:
        super().__init__(parent or window.widget)
        self.window_ = window
        self.setWindowTitle(_("Working calendars"))
        resize_within_screen(self, 760, 600)
        session = window.session
        assert session is not None
        plan = session.state.plan
        try:
            settings = load_calendar_settings(window.store)
        except StoreError as exc:
            window.show_store_error(str(exc))
            settings = CalendarSettings()
        years = plan_years(session.state, session.today)
        countries = holiday_countries()
        intro = QLabel(
            _(
                "Scheduling counts working days on each side's calendar; a joint milestone "
                "moves only on days both sides work."
            )
        )
        intro.setWordWrap(True)
        self.tabs = QTabWidget()
        self.editors: dict[str, SideCalendarEditor] = {}
        for side, org in ((Side.SELLER, plan.seller_org), (Side.BUYER, plan.buyer_org)):
            editor = SideCalendarEditor(settings.side(side), years, countries, self)
            self.editors[side] = editor
            self.tabs.addTab(editor, f"{side.value.capitalize()}: {org}")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def editor(self, side: str) -> SideCalendarEditor:
        return self.editors[side]

    def settings(self) -> CalendarSettings:
        return CalendarSettings(
            seller=self.editors[Side.SELLER].value(), buyer=self.editors[Side.BUYER].value()
        )

    @Slot()
    def save(self) -> bool:
        settings = self.settings()
        for side in (Side.SELLER, Side.BUYER):
            if len(settings.side(side).weekend) == 7:
                return self._refuse(f"The {side.value} needs at least one working day a week.")
        try:
            settings.calendars()
        except ValueError as exc:
            return self._refuse(str(exc))
        try:
            save_calendar_settings(self.window_.store, settings)
        except StoreError as exc:
            self.window_.show_store_error(str(exc))
            return False
        self.window_.say(_("Working calendars saved."), 5000)
        self.accept()
        return True

    def _refuse(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False


__all__ = ["CalendarsDialog", "HolidayModel", "SideCalendarEditor", "plan_years"]
