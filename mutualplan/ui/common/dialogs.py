"""Small dialogs: who am I, a new plan, open a plan."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Author, PlanSummary, Side, label
from ...domain.names import folded
from ...domain.templates import Template
from ...i18n import N_, _, language
from ..editor.delegates import DateLineEdit
from .person_form import PersonForm
from .values import format_date, from_qdate


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class IdentityDialog(QDialog):
    """Asked on first run: every edit made in this copy is attributed to this person."""

    def __init__(self, parent: QWidget | None = None, current: Author | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Who are you?"))
        self.setMinimumWidth(460)
        intro = QLabel(
            _(
                "MutualPlan records who made every change. Tell it who uses this copy; "
                "in a workshop you can attribute each change to whoever proposed it."
            )
        )
        intro.setWordWrap(True)
        fields = PersonForm(current, _("optional: finds you among a plan's people"))
        self.name, self.organisation = fields.name, fields.organisation
        self.side, self.email = fields.side, fields.email
        self.buttons = _buttons(self, _("Continue"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(fields)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def author(self) -> Author:
        return Author(
            name=self.name.text().strip(),
            side=self.side.currentData(),
            organisation=self.organisation.text().strip(),
            email=self.email.text().strip(),
        )


class NewPlanDialog(QDialog):
    def __init__(
        self,
        templates: list[Template],
        me: Author,
        parent: QWidget | None = None,
        *,
        countries: list[tuple[str, str]] | None = None,
        kept_countries: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New plan"))
        self.templates = templates
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("e.g. Nordwind: fleet analytics go-live"))
        self.buyer = QLineEdit(me.organisation if me.side == Side.BUYER else "")
        self.seller = QLineEdit(me.organisation if me.side == Side.SELLER else "")
        # Typed as table cells and quick add read dates: 30 Apr 2027, +16w, next Friday.
        self.target = DateLineEdit()
        self.target.setAccessibleName(_("Target date"))
        self.target.set_value(from_qdate(QDate.currentDate().addMonths(4)), select=False)
        self.target_error = QLabel()
        self.target_error.setObjectName("target_error")
        self.target_error.setStyleSheet("color: #a31515;")
        self.target_error.setWordWrap(True)
        self.target_error.hide()
        self.target.textChanged.connect(lambda _text: self.target_error.hide())
        self.template = QComboBox()
        self.template.addItem(_("Empty plan"), None)
        for index, template in enumerate(templates):
            self.template.addItem(template.name, index)
            self.template.setItemData(index + 1, template.description, Qt.ItemDataRole.ToolTipRole)
        if templates:
            self.template.setCurrentIndex(1)
        # Each side's working calendar starts with its country's public holidays.
        self.countries: dict[str, QComboBox] = {}
        known = countries if countries is not None else holiday_countries()
        for side in (Side.BUYER, Side.SELLER):
            combo = QComboBox()
            combo.setAccessibleName(
                _("Buyer's country (public holidays)")
                if side == Side.BUYER
                else _("Seller's country (public holidays)")
            )
            combo.addItem(_("No public holidays"), "")
            for code, name in known:
                combo.addItem(f"{name} ({code})", code)
            chosen = (kept_countries or {}).get(side) or _locale_country()
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            self.countries[side] = combo
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("&Title"), self.title)
        form.addRow(_("&Buyer organisation"), self.buyer)
        form.addRow(_("Buyer's &country"), self.countries[Side.BUYER])
        form.addRow(_("&Seller organisation"), self.seller)
        form.addRow(_("Seller's c&ountry"), self.countries[Side.SELLER])
        form.addRow(_("Target &date (go-live or decision)"), self.target)
        form.addRow("", self.target_error)
        form.addRow(_("Start &from"), self.template)
        self.setMinimumWidth(600)
        self.buttons = _buttons(self, _("Create plan"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for edit in (self.title, self.buyer, self.seller):
            edit.textChanged.connect(self._update)
        # A country the user has not chosen follows the organisation's legal form.
        self._chosen: set[str] = {side for side, code in (kept_countries or {}).items() if code}
        for key, combo in self.countries.items():
            combo.activated.connect(lambda _i, s=key: self._chosen.add(s))
        self.buyer.textChanged.connect(lambda text: self._guess_country(Side.BUYER, text))
        self.seller.textChanged.connect(lambda text: self._guess_country(Side.SELLER, text))
        for side, edit in ((Side.BUYER, self.buyer), (Side.SELLER, self.seller)):
            self._guess_country(side, edit.text())
        self._update()

    def from_sheet(self, values: dict[str, Any], name: str) -> None:
        """Filled in from a spreadsheet's title block: the person completes what the
        sheet does not say; the milestones come from the sheet, not a template."""
        self.setWindowTitle(_("New plan from {name}").format(name=name))
        for edit, key in (
            (self.title, "title"),
            (self.buyer, "buyer_org"),
            (self.seller, "seller_org"),
        ):
            if values.get(key):
                edit.setText(values[key])
        self.target.set_value(values.get("target_date"), select=False)
        self.template.setCurrentIndex(0)
        self.template.setEnabled(False)
        self.template.setToolTip(_("The milestones come from the spreadsheet"))
        missing = next((e for e in (self.title, self.buyer, self.seller) if not e.text()), None)
        if missing is not None:
            missing.setFocus()

    def _guess_country(self, side: str, organisation: str) -> None:
        from ...domain.names import country_of_organisation

        code = country_of_organisation(organisation)
        combo = self.countries[side]
        if side not in self._chosen and code and combo.findData(code) >= 0:
            combo.setCurrentIndex(combo.findData(code))

    def _update(self) -> None:
        complete = all(e.text().strip() for e in (self.title, self.buyer, self.seller))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(complete)

    def accept(self) -> None:
        # A target date that cannot be read is said, and no plan is made with a guess.
        ok, _value, message = self.target.understood()
        if not ok:
            self.target_error.setText(f"{self.target.accessibleName()}: {message}")
            self.target_error.show()
            self.target.setFocus()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text().strip(),
            "buyer_org": self.buyer.text().strip(),
            "seller_org": self.seller.text().strip(),
            "target_date": self.target.understood()[1],
        }

    def chosen_countries(self) -> dict[str, str]:
        """ISO code of each side's country ("" for none), for its public holidays."""
        return {side: combo.currentData() or "" for side, combo in self.countries.items()}

    def chosen_template(self) -> Template | None:
        index = self.template.currentData()
        return None if index is None else self.templates[index]


def _locale_country() -> str:
    """The user's country as their locale has it (ISO code), or ""."""
    from PySide6.QtCore import QLocale

    name = QLocale().name()  # "de_DE"
    return name.split("_")[1] if "_" in name else ""


def holiday_countries() -> list[tuple[str, str]]:
    """The countries whose public holidays MutualPlan knows, named in the window's language."""
    from ...domain.calendars import supported_countries

    try:
        countries = supported_countries()
    except ImportError:  # the holidays package is missing: plain Mon–Fri calendars
        return []
    if language() == "en":
        return countries
    # Each country as the window's language names it (CLDR), in that language's order.
    from babel import Locale

    names = Locale.parse(language()).territories
    named = [(code, names.get(code, name)) for code, name in countries]
    # As a dictionary orders them: Österreich among the O's, not after Z.
    return sorted(named, key=lambda country: folded(country[1]))


class PlanListModel(QAbstractTableModel):
    HEADERS = [N_("Plan"), N_("Buyer"), N_("Seller"), N_("Status"), N_("Target"), N_("Milestones")]

    def __init__(self, plans: list[PlanSummary], parent=None) -> None:
        super().__init__(parent)
        self.plans = plans

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.plans)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        plan = self.plans[index.row()]
        return [
            plan.title,
            plan.buyer_org,
            plan.seller_org,
            _(label(plan.status)),
            format_date(plan.target_date),
            str(plan.milestones),
        ][index.column()]


class OpenPlanDialog(QDialog):
    def __init__(self, plans: list[PlanSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open plan"))
        self.resize(760, 360)
        self.model = PlanListModel(plans, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(self.accept)
        self.view.activated.connect(self.accept)
        if plans:
            self.view.selectRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(_buttons(self, _("Open")))

    def chosen_id(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.plans[rows[0].row()].id if rows else None


def ask_to_close_active_plan(parent: QWidget, message: str, title: str) -> str | None:
    """The buyer already has an active plan: finish it, set it aside, or stop.
    Returns the status to give the existing plan, or None."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("One active plan per buyer"))
    box.setText(message)
    achieved = box.addButton(
        _("Mark “{title}” achieved").format(title=title), QMessageBox.ButtonRole.AcceptRole
    )
    abandoned = box.addButton(
        _("Mark “{title}” abandoned").format(title=title), QMessageBox.ButtonRole.DestructiveRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is achieved:
        return "achieved"
    if box.clickedButton() is abandoned:
        return "abandoned"
    return None
