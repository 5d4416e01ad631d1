"""The spreadsheet import dialog: which column feeds which field (guessed from the
headings, changeable), how dates like 03/04/2027 are read, a live preview of the
milestones it will add and the rows it will skip with the reason. Import adds everything
as one undoable edit."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ...exchange.columns import FIELD_LABELS, Table, read_table
from ...exchange.rows import ParsedImport, parse_rows
from ...exchange.tables import SpreadsheetError
from ...i18n import N_, _, ngettext
from ..common.screens import resize_within_screen
from ..common.values import rich_text
from ..session import PlanSession
from .spreadsheet_models import SKIPPED_COLOUR, IssuesModel, PreviewModel, table_view

DATE_ORDERS = (
    (N_("Automatic ({order})"), None),
    (N_("Day first: 03/04/2027 is 3 April"), True),
    (N_("Month first: 03/04/2027 is March 4"), False),
)
NOT_IMPORTED = N_("— not imported —")
TITLE_WIDTH = 220  # pixels the preview keeps for a milestone's title at least


class SpreadsheetImportDialog(QDialog):
    """Choose the columns, check the preview, import."""

    imported = Signal(list)  # the ids of the milestones added, in order

    def __init__(self, session: PlanSession, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.table = table
        self.parsed: ParsedImport | None = None
        self.setWindowTitle(_("Import milestones from {name}").format(name=table.name))
        resize_within_screen(self, 1280, 760)

        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setAccessibleName(_("What is read"))
        source = self.source

        self.combos: dict[str, QComboBox] = {}
        self.captions: dict[str, QLabel] = {}
        columns = QGroupBox(_("Which column holds what"))
        form = QFormLayout(columns)
        # Every sheet of a workbook is offered; the one that reads most like a plan first.
        self.sheet = QComboBox()
        self.sheet.setAccessibleName(_("Sheet of the workbook"))
        self.sheet.addItems(table.sheets)
        if table.sheet in table.sheets:
            self.sheet.setCurrentText(table.sheet)
        self.sheet.currentTextChanged.connect(self.read_sheet)
        if len(table.sheets) > 1:
            form.addRow(_("Sheet:"), self.sheet)
        else:
            self.sheet.hide()
        for name, text in FIELD_LABELS.items():
            combo = QComboBox()
            text = _(text)
            combo.setAccessibleName(_("Column for {text}").format(text=text))
            combo.currentIndexChanged.connect(self.refresh)
            self.combos[name] = combo
            caption = QLabel(f"{text}:")
            caption.setBuddy(combo)
            self.captions[name] = caption
            form.addRow(caption, combo)
        self.date_order = QComboBox()
        self.date_order.setAccessibleName(_("How to read dates like 03/04/2027"))
        for text, value in DATE_ORDERS:
            self.date_order.addItem(_(text).format(order=_("day first")), value)
        self.date_order.currentIndexChanged.connect(self.refresh)
        form.addRow(_("Dates:"), self.date_order)
        hint = QLabel(
            _(
                "A row whose title starts with ↳, or is indented, becomes an action of the "
                "milestone above it. Owners not in the plan yet are added as people."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        form.addRow(hint)

        self.preview_model = PreviewModel(self)
        self.preview = table_view(self.preview_model, "Milestones to import")
        self.preview.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.issues_model = IssuesModel(table, self)
        self.issues = table_view(self.issues_model, "Left-out rows and notes")
        self.issues.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview_label = QLabel(_("Preview"))
        self.issues_label = QLabel(_("Left-out rows and notes"))
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
        self.summary.setAccessibleName(_("Import summary"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button: QPushButton = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
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
            _(
                "Reading {where}<b>{name}</b>: headings in row {heading_row}, "
                "{count} in the table. The milestones join <b>{title}</b>."
            ).format(
                where=where,
                name=rich_text(table.name),
                heading_row=table.heading_row,
                count=ngettext("{n} row", "{n} rows", len(table.rows)).format(n=len(table.rows)),
                title=rich_text(self.session.state.plan.title),
            )
            + _title_block_text(table)
        )
        mapping = table.guessed_mapping()
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_(NOT_IMPORTED), -1)
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
            message = _("{reason}. Choose the column that holds the milestone titles.").format(
                reason=exc
            )
            self.summary.setText(message[:1].upper() + message[1:])
        self.preview_model.set_parsed(self.parsed, self.session.state)
        self.issues_model.set_parsed(self.parsed)
        day_first = self.parsed is None or self.parsed.day_first
        automatic = _("day first") if day_first else _("month first")
        self.date_order.setItemText(0, _(DATE_ORDERS[0][0]).format(order=automatic))
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
            milestones = len(parsed.milestones)
            self.preview_label.setText(
                _("Preview: {count}").format(
                    count=ngettext("{n} milestone", "{n} milestones", milestones).format(
                        n=milestones
                    )
                )
                + (
                    ", "
                    + ngettext("{n} action", "{n} actions", parsed.action_count).format(
                        n=parsed.action_count
                    )
                    if parsed.action_count
                    else ""
                )
            )
            self.issues_label.setText(
                _("Left out ({value}) and notes ({count})").format(
                    value=len(parsed.skipped) + len(parsed.left_out_columns),
                    count=len(parsed.notes),
                )
            )
        else:
            self.preview_label.setText(
                _("Preview: choose the column that holds the milestone titles")
            )
            self.issues_label.setText(_("Left-out rows and notes"))
        self.issues.resizeColumnToContents(0)
        self.issues.resizeColumnToContents(1)
        # The one choice that cannot be left out, marked while it is missing.
        self.captions["title"].setStyleSheet(
            "" if parsed is not None else f"color: {SKIPPED_COLOUR.name()}; font-weight: bold;"
        )
        count = len(parsed.milestones) if parsed else 0
        self.import_button.setEnabled(count > 0)
        self.import_button.setText(
            ngettext("Import {n} milestone", "Import {n} milestones", count).format(n=count)
        )

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


def _and(parts: list[str]) -> str:
    """"a, b and c" in the reader's language."""
    if len(parts) == 1:
        return parts[0]
    return _("{first} and {last}").format(first=", ".join(parts[:-1]), last=parts[-1])


def _summary(parsed: ParsedImport, plan_title: str) -> str:
    if not parsed.milestones:
        return _("No row can be imported as it stands: see why below, or choose other columns.")
    matched = sum(1 for m in parsed.milestones if m.match is not None)
    new = len(parsed.milestones) - matched
    parts = [
        ngettext("{n} new milestone", "{n} new milestones", new).format(n=new)
        if matched
        else ngettext("{n} milestone", "{n} milestones", new).format(n=new)
    ]
    if parsed.action_count:
        count = parsed.action_count
        parts.append(ngettext("{n} action", "{n} actions", count).format(n=count))
    if parsed.people_to_add:
        count = len(parsed.people_to_add)
        parts.append(ngettext("{n} new person", "{n} new people", count).format(n=count))
    text = _("{added} will be added to “{title}”.").format(added=_and(parts), title=plan_title)
    if matched:
        text += " " + ngettext(
            "{n} row matches a milestone of the plan (→ #) and will update it where they differ.",
            "{n} rows match milestones of the plan (→ #) and will update them where they "
            "differ.",
            matched,
        ).format(n=matched)
    if parsed.undated:
        text += " " + _("{n} undated (the due words kept in the description).").format(
            n=len(parsed.undated)
        )
    if parsed.skipped or parsed.left_out_columns:
        left = []
        if parsed.skipped:
            count = len(parsed.skipped)
            left.append(ngettext("{n} row", "{n} rows", count).format(n=count))
        if parsed.left_out_columns:
            count = len(parsed.left_out_columns)
            left.append(ngettext("{n} column", "{n} columns", count).format(n=count))
        text += " " + _("{what} left out (see why below).").format(what=_and(left))
    return text


def _title_block_text(table: Table) -> str:
    lines = table.title_block.lines
    if not lines:
        return ""
    said = "; ".join(rich_text(what) for _row, what in lines)
    return f"<br>Above the table the sheet says: {said}."



def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."
