"""The spreadsheet import's two tables: the milestones it will add, and the rows it
leaves out (or reads with a note), with the reason."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ...domain.model import label
from ...domain.state import PlanState
from ...exchange.cells import cell_text, plain_key
from ...exchange.columns import Table
from ...exchange.rows import ParsedImport
from ...i18n import N_, _
from ..common.values import SIDE_COLOURS, format_date

_Parent = QModelIndex | QPersistentModelIndex

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
            return _(self.HEADINGS[section])
        return None


class PreviewModel(_RowsModel):
    """The milestones (and their actions, marked ↳) an import will add."""

    HEADINGS = (
        N_("Row"),
        N_("Milestone"),
        N_("Side"),
        N_("Owner"),
        N_("Start"),
        N_("Due"),
        N_("Lead"),
        N_("Status"),
        N_("Depends on"),
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []

    def set_parsed(self, parsed: ParsedImport | None, state: PlanState) -> None:
        self.beginResetModel()
        self._rows = _preview_rows(parsed, state) if parsed else []
        self.endResetModel()

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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

    HEADINGS = (N_("Row"), N_("Result"), N_("Why"))

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

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
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


def table_view(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    return view
