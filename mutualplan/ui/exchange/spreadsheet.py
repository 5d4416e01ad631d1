"""File ▸ Import milestones from a spreadsheet…, and File ▸ Export as spreadsheet or
calendar….

The import dialog shows which column feeds which field (guessed from the headings,
changeable), how dates like 03/04/2027 are read, a live preview of the milestones it
will add and the rows it will skip with the reason. Import adds everything as one
undoable edit. openpyxl and icalendar load only when a file is read or written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import label
from ...domain.state import PlanState
from ...exchange.cells import cell_text, plain_key
from ...exchange.columns import FIELD_LABELS, Table, read_table
from ...exchange.files import ExchangeFileError
from ...exchange.rows import ParsedImport, parse_rows
from ...exchange.tables import SpreadsheetError
from ...store import StoreError
from ..common.screens import resize_within_screen
from ..common.values import SIDE_COLOURS, format_date
from ..session import PlanSession

if TYPE_CHECKING:
    from ..contract import App, OpenPlan

_Parent = QModelIndex | QPersistentModelIndex
OPEN_FILTER = "Spreadsheets (*.csv *.xlsx *.xlsm *.tsv *.txt);;All files (*)"
SAVE_FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV table (*.csv)": ".csv",
    "iCalendar, the dates (*.ics)": ".ics",
}
DATE_ORDERS = (
    ("Automatic ({})", None),
    ("Day first: 03/04/2027 is 3 April", True),
    ("Month first: 03/04/2027 is March 4", False),
)
NOT_IMPORTED = "— not imported —"
SKIPPED_COLOUR = QColor("#a12622")
NOTE_COLOUR = QColor("#6b5a00")


class _RowsModel(QAbstractTableModel):
    """A read-only table of `_rows` under fixed `HEADINGS`."""

    HEADINGS: tuple[str, ...] = ()
    _rows: list[tuple[Any, ...]]

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADINGS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADINGS[section]
        return None


class PreviewModel(_RowsModel):
    """The milestones (and their actions, marked ↳) an import will add."""

    HEADINGS = ("Row", "Milestone", "Side", "Owner", "Start", "Due", "Lead", "Status", "Depends on")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []

    def set_parsed(self, parsed: ParsedImport | None, state: PlanState) -> None:
        self.beginResetModel()
        self._rows = _preview_rows(parsed, state) if parsed else []
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, side, cells, tip = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cells[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        if role == Qt.ItemDataRole.ForegroundRole:
            if index.column() == 2 and side in SIDE_COLOURS:
                return SIDE_COLOURS[side]
            if kind == "action":
                return QColor("#555555")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 5 and "undated" in cells[5]:
            return NOTE_COLOUR
        if role == Qt.ItemDataRole.FontRole and index.column() == 3 and "(new" in cells[3]:
            font = QFont()
            font.setItalic(True)
            return font
        return None


def _preview_rows(parsed: ParsedImport, state: PlanState) -> list[tuple[Any, ...]]:
    new_people = {plain_key(name) for name, _side in parsed.people_to_add}

    def owner(name: str) -> str:
        if name and plain_key(name) in new_people:
            return f"{name} (new, {parsed.new_sides[plain_key(name)]})"
        return name

    rows: list[tuple[Any, ...]] = []
    for m in parsed.milestones:
        values = m.values
        after = [f"row {parsed.milestones[i].row}" for i in m.depends_on]
        after += [
            f"#{state.milestone_number(mid)}"
            for mid in m.depends_on_existing
            if mid in state.milestones
        ]
        due = format_date(values["due"]) if not m.undated else f"undated: “{m.undated}”"
        row = str(m.row)
        if m.match is not None and m.match in state.milestones:
            row += f" → #{state.milestone_number(m.match)}"  # updates that milestone
        cells = (
            row,
            values["title"],
            label(values["side"]),
            owner(m.owner),
            format_date(values["start"]),
            due,
            "" if values["lead_days"] is None else str(values["lead_days"]),
            label(values["status"]),
            ", ".join(after),
        )
        tip = "\n\n".join(
            text
            for text in (
                values["exit_criteria"] and f"Exit criteria: {values['exit_criteria']}",
                values["description"],
            )
            if text
        )
        rows.append(("milestone", values["side"], cells, tip))
        for a in m.actions:
            cells = (
                str(a.row),
                f"↳ {a.title}",
                "",
                owner(a.owner),
                "",
                format_date(a.due),
                "",
                "Done" if a.done else "To do",
                "",
            )
            rows.append(("action", None, cells, ""))
    return rows


class IssuesModel(_RowsModel):
    """The rows an import skips (and why), and what it assumed about others."""

    HEADINGS = ("Row", "Result", "Why")

    def __init__(self, table: Table, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, str, str]] = []
        self.set_table(table)

    def set_table(self, table: Table) -> None:
        self.table = table
        # What each row of the file holds, shown on hover: the user sees which row it was.
        self._cells = {
            number: " | ".join(cell_text(c).strip() for c in cells if cell_text(c).strip())
            for number, cells in zip(table.row_numbers, table.rows, strict=True)
        }

    def set_parsed(self, parsed: ParsedImport | None) -> None:
        self.beginResetModel()
        rows: list[tuple[Any, str, str]] = []
        if parsed:
            rows += [(row, "Left out", reason) for row, reason in parsed.skipped]
            rows += [(row, "Note", note) for row, note in parsed.notes]
        rows.sort(key=lambda r: (r[0], r[1] != "Left out"))
        # The columns never imported, whether or not the rows can be read yet.
        columns = [
            (self.table.column_name(c), reason)
            for c, reason in sorted(self.table.left_out_columns.items())
        ]
        rows = [
            (f"col. {column.split()[0]}", "Left out", f"{column}: {reason}")
            for column, reason in columns
        ] + rows
        self._rows = rows
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return str(row[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            cells = self._cells.get(row[0], "") if isinstance(row[0], int) else ""
            return f"{row[2]}\n\nRow {row[0]}: {cells}" if cells else row[2]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return SKIPPED_COLOUR if row[1] == "Left out" else NOTE_COLOUR
        return None


TITLE_WIDTH = 220  # pixels the preview keeps for a milestone's title at least


class SpreadsheetImportDialog(QDialog):
    """Choose the columns, check the preview, import."""

    imported = Signal(list)  # the ids of the milestones added, in order

    def __init__(self, session: PlanSession, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.parsed: ParsedImport | None = None
        self.setWindowTitle(f"Import milestones from {table.name}")
        resize_within_screen(self, 1280, 760)

        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setAccessibleName("What is read")
        source = self.source

        self.combos: dict[str, QComboBox] = {}
        self.captions: dict[str, QLabel] = {}
        columns = QGroupBox("Which column holds what")
        form = QFormLayout(columns)
        # Every sheet of a workbook is offered; the one that reads most like a plan first.
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Sheet of the workbook")
        self.sheet.addItems(table.sheets)
        if table.sheet in table.sheets:
            self.sheet.setCurrentText(table.sheet)
        self.sheet.currentTextChanged.connect(self.read_sheet)
        if len(table.sheets) > 1:
            form.addRow("Sheet:", self.sheet)
        else:
            self.sheet.hide()
        for name, text in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {text}")
            combo.currentIndexChanged.connect(self.refresh)
            self.combos[name] = combo
            caption = QLabel(f"{text}:")
            caption.setBuddy(combo)
            self.captions[name] = caption
            form.addRow(caption, combo)
        self.date_order = QComboBox()
        self.date_order.setAccessibleName("How to read dates like 03/04/2027")
        for text, value in DATE_ORDERS:
            self.date_order.addItem(text.format("day first"), value)
        self.date_order.currentIndexChanged.connect(self.refresh)
        form.addRow("Dates:", self.date_order)
        hint = QLabel(
            "A row whose title starts with ↳, or is indented, becomes an action of the "
            "milestone above it. Owners not in the plan yet are added as people."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        form.addRow(hint)

        self.preview_model = PreviewModel(self)
        self.preview = _table_view(self.preview_model, "Milestones to import")
        self.preview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.issues_model = IssuesModel(table, self)
        self.issues = _table_view(self.issues_model, "Left-out rows and notes")
        self.issues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview_label = QLabel("Preview")
        self.issues_label = QLabel("Left-out rows and notes")
        for caption in (self.preview_label, self.issues_label):
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)

        right = QSplitter(Qt.Orientation.Vertical)
        for caption, view in (
            (self.preview_label, self.preview),
            (self.issues_label, self.issues),
        ):
            pane = QWidget()
            pane_layout = QVBoxLayout(pane)
            pane_layout.setContentsMargins(0, 0, 0, 0)
            pane_layout.addWidget(caption)
            pane_layout.addWidget(view)
            right.addWidget(pane)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Import summary")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setDefault(True)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        # The mapping scrolls on a small screen rather than push the buttons off it.
        mapping = QScrollArea()
        mapping.setWidget(columns)
        mapping.setWidgetResizable(True)
        mapping.setFrameShape(QFrame.Shape.NoFrame)
        mapping.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        mapping.setMinimumWidth(
            columns.sizeHint().width() + mapping.verticalScrollBar().sizeHint().width()
        )
        body = QHBoxLayout()
        body.addWidget(mapping, 0)
        body.addWidget(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addLayout(body, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.set_table(table)
        if self.parsed is None:
            self.combos["title"].setFocus()  # the choice the user has to make first

    def set_table(self, table: Table) -> None:
        """Show `table` (a sheet of the file): what is read, the columns as guessed."""
        self.table = table
        where = f"sheet “{table.sheet}” of " if table.sheet else ""
        self.source.setText(
            f"Reading {where}<b>{_escape(table.name)}</b>: headings in row {table.heading_row}, "
            f"{_count(len(table.rows), 'row')} in the table. The milestones join "
            f"<b>{_escape(self.session.state.plan.title)}</b>." + _title_block_text(table)
        )
        mapping = table.guessed_mapping()
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IMPORTED, -1)
            for column in range(len(table.headings)):
                if column not in table.left_out_columns:  # never imported, not offered
                    combo.addItem(table.column_name(column), column)
            combo.setCurrentIndex(combo.findData(mapping.get(name, -1)))
            combo.blockSignals(False)
        self.issues_model.set_table(table)
        self.refresh()

    @Slot(str)
    def read_sheet(self, sheet: str) -> None:
        """Read another sheet of the workbook in place of this one."""
        if not sheet or sheet == self.table.sheet or self.table.path is None:
            return
        try:
            table = read_table(self.table.path, sheet)
        except SpreadsheetError as exc:
            self.summary.setText(_sentence(str(exc)))
            self.sheet.blockSignals(True)
            self.sheet.setCurrentText(self.table.sheet or "")
            self.sheet.blockSignals(False)
            return
        self.set_table(table)

    def mapping(self) -> dict[str, int]:
        chosen = {name: combo.currentData() for name, combo in self.combos.items()}
        return {
            name: column for name, column in chosen.items() if column is not None and column >= 0
        }

    def day_first(self) -> bool | None:
        return self.date_order.currentData()

    def parse(self) -> ParsedImport:
        return parse_rows(
            self.table, self.mapping(), self.session.state, self.session.today, self.day_first()
        )

    @Slot()
    def refresh(self) -> None:
        """Read the rows again with the columns and date order as chosen now."""
        try:
            self.parsed = self.parse()
        except SpreadsheetError as exc:
            self.parsed = None
            message = f"{exc}. Choose the column that holds the milestone titles."
            self.summary.setText(message[:1].upper() + message[1:])
        self.preview_model.set_parsed(self.parsed, self.session.state)
        self.issues_model.set_parsed(self.parsed)
        automatic = "day first" if self.parsed is None or self.parsed.day_first else "month first"
        self.date_order.setItemText(0, DATE_ORDERS[0][0].format(automatic))
        parsed = self.parsed
        if parsed is not None:
            self.summary.setText(_summary(parsed, self.session.state.plan.title))
            self.preview.resizeColumnsToContents()
            # The title stays readable on a small screen: the other columns scroll instead.
            title_width = max(TITLE_WIDTH, min(self.preview.columnWidth(1), 2 * TITLE_WIDTH))
            self.preview.horizontalHeader().setSectionResizeMode(
                1, QHeaderView.ResizeMode.Interactive
            )
            self.preview.setColumnWidth(1, title_width)
            self.preview_label.setText(
                f"Preview: {_count(len(parsed.milestones), 'milestone')}"
                + (f", {_count(parsed.action_count, 'action')}" if parsed.action_count else "")
            )
            self.issues_label.setText(
                f"Left out ({len(parsed.skipped) + len(parsed.left_out_columns)}) and notes "
                f"({len(parsed.notes)})"
            )
        else:
            self.preview_label.setText("Preview: choose the column that holds the milestone titles")
            self.issues_label.setText("Left-out rows and notes")
        self.issues.resizeColumnToContents(0)
        self.issues.resizeColumnToContents(1)
        # The one choice that cannot be left out, marked while it is missing.
        self.captions["title"].setStyleSheet(
            "" if parsed is not None else f"color: {SKIPPED_COLOUR.name()}; font-weight: bold;"
        )
        count = len(parsed.milestones) if parsed else 0
        self.import_button.setEnabled(count > 0)
        self.import_button.setText(f"Import {_count(count, 'milestone')}")

    @Slot()
    def do_import(self) -> None:
        """One undoable edit; the dialog closes when it is saved."""
        from ...exchange.spreadsheet import import_changes

        try:
            parsed = self.parse()  # against the plan as it is now
        except SpreadsheetError as exc:
            self.summary.setText(str(exc))
            return
        if not parsed.milestones:
            return
        changes = import_changes(self.session.state, parsed)
        if self.session.apply(changes, f"Import milestones from {self.table.name}"):
            self.imported.emit(
                [c.entity_id for c in changes if c.entity == "milestone" and c.op == "create"]
            )
            self.accept()
        else:
            self.reject()  # the window's banner says why


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _summary(parsed: ParsedImport, plan_title: str) -> str:
    if not parsed.milestones:
        return "No row can be imported as it stands: see why below, or choose other columns."
    matched = sum(1 for m in parsed.milestones if m.match is not None)
    new = len(parsed.milestones) - matched
    parts = [_count(new, "new milestone") if matched else _count(new, "milestone")]
    if parsed.action_count:
        parts.append(_count(parsed.action_count, "action"))
    if parsed.people_to_add:
        parts.append(_count(len(parsed.people_to_add), "new person", "new people"))
    added = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    text = f"{added} will be added to “{plan_title}”."
    if matched:
        text += (
            f" {_count(matched, 'row')} "
            + ("matches a milestone" if matched == 1 else "match milestones")
            + " of the plan (→ #) and will update it where they differ."
        )
    if parsed.undated:
        text += f" {len(parsed.undated)} undated (the due words kept in the description)."
    if parsed.skipped or parsed.left_out_columns:
        left = [
            _count(len(parsed.skipped), "row") if parsed.skipped else "",
            _count(len(parsed.left_out_columns), "column") if parsed.left_out_columns else "",
        ]
        text += f" {' and '.join(p for p in left if p)} left out (see why below)."
    return text


def _title_block_text(table: Table) -> str:
    lines = table.title_block.lines
    if not lines:
        return ""
    said = "; ".join(_escape(what) for _row, what in lines)
    return f"<br>Above the table the sheet says: {said}."


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _table_view(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    return view


# -- the window's entry points -----------------------------------------------------------


def import_spreadsheet(plan: OpenPlan) -> SpreadsheetImportDialog | None:
    """Ask for a file, then open the import dialog over the open plan (not modal to the
    application: the dialog returns at once and imports when the user says so)."""
    window = plan.app
    chosen, _ = QFileDialog.getOpenFileName(
        window.widget, "Import milestones from a spreadsheet", str(Path.home()), OPEN_FILTER
    )
    if not chosen:
        return None
    try:
        table = read_table(chosen)
    except SpreadsheetError as exc:
        QMessageBox.warning(window.widget, "Cannot import this file", _sentence(str(exc)))
        return None
    dialog = SpreadsheetImportDialog(plan.session, table, window.widget)
    dialog.imported.connect(lambda ids: _show_imported(window, table.name, ids))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def new_plan_from_spreadsheet(
    window: App, path: str | None = None
) -> SpreadsheetImportDialog | None:
    """A new plan from a spreadsheet: what its title block says (title, buyer, seller,
    target date, objective) makes the plan, and the person is asked only for what it
    does not say; then the import dialog shows the milestones it will add."""
    from ..common.dialogs import NewPlanDialog
    from ..plans import create_plan

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            window.widget, "New plan from a spreadsheet", str(Path.home()), OPEN_FILTER
        )
        if not path:
            return None
    try:
        table = read_table(path)
    except SpreadsheetError as exc:
        QMessageBox.warning(window.widget, "Cannot read this file", _sentence(str(exc)))
        return None
    values = table.title_block.plan_values()
    me = window.me
    side_key = "seller_org" if me.side == "seller" else "buyer_org"
    if me.organisation and not values.get(side_key):
        values[side_key] = me.organisation
    values.setdefault("title", " ".join(Path(path).stem.replace("_", " ").split()))
    if not all(values.get(k) for k in ("title", "buyer_org", "seller_org")):
        dialog = NewPlanDialog([], me, window.widget)
        dialog.from_sheet(values, table.name)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        values = {**values, **dialog.values()}
    if not create_plan(window, values) or window.session is None:
        return None
    dialog = SpreadsheetImportDialog(window.session, table, window.widget)
    dialog.imported.connect(lambda ids: _show_imported(window, table.name, ids))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def _show_imported(window: App, name: str, ids: list[str]) -> None:
    """Say what happened and show the first imported milestone."""
    from ..editor.milestone_model import TITLE_COLUMN

    shortcut = window.action("undo").shortcut().toString() or "Undo"
    window.say(
        f"Imported {len(ids)} milestones from {name}. Undo ({shortcut}) removes them all.", 10000
    )
    view = window.plan_view
    if view is not None and ids:
        index = view.milestones.index_of(ids[0], TITLE_COLUMN)
        if index.isValid():
            view.tree.setCurrentIndex(index)
            view.tree.scrollTo(index)
            view.tree.setFocus()


def suggested_name(title: str, suffix: str) -> str:
    safe = re.sub(r"[^\w\- ]+", "", title).strip() or "plan"
    return f"{safe}{suffix}"


def export_spreadsheet_or_calendar(plan: OpenPlan) -> Path | None:
    """Ask where and as what (CSV, XLSX or iCalendar), then write the open plan."""
    window = plan.app
    focus = window.widget.focusWidget()
    if focus is not None:
        focus.clearFocus()  # an edit still open in a cell is saved first
    state = plan.session.state
    start = Path.home() / suggested_name(state.plan.title, ".xlsx")
    chosen, selected = QFileDialog.getSaveFileName(
        window.widget,
        "Export the plan as a spreadsheet or calendar",
        str(start),
        ";;".join(SAVE_FILTERS),
        next(iter(SAVE_FILTERS)),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in SAVE_FILTERS.values():
        path = path.with_name(path.name + SAVE_FILTERS.get(selected, ".xlsx"))
    try:
        _write(window, state, path)
    except ExchangeFileError as exc:
        QMessageBox.warning(window.widget, "Could not export", _sentence(str(exc)))
        return None
    except StoreError as exc:
        window.show_store_error(str(exc))
        return None
    window.say(f"Exported to {path}", 8000)
    return path


def _write(window: App, state: PlanState, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix == ".ics":
        from ...exchange.calendar import write_ics

        write_ics(state, path, window.store.history(state.id))
    elif suffix == ".csv":
        from ...exchange.sheet_export import write_csv

        write_csv(state, path)
    else:
        from ...exchange.sheet_export import write_xlsx

        write_xlsx(state, path)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
