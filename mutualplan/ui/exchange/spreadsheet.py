"""File ▸ Import milestones from a spreadsheet…, File ▸ New plan from a spreadsheet…
and File ▸ Export as spreadsheet or calendar…: the window's entry points.

The import dialog is in `spreadsheet_dialog`, its preview tables in
`spreadsheet_models`. openpyxl and icalendar load only when a file is read or written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from ...domain.state import PlanState
from ...exchange.columns import read_table
from ...exchange.files import ExchangeFileError
from ...exchange.tables import SpreadsheetError
from ...i18n import N_, _, ngettext
from ...store import StoreError
from .spreadsheet_dialog import SpreadsheetImportDialog, _sentence

if TYPE_CHECKING:
    from ..contract import App, OpenPlan

OPEN_FILTER = N_("Spreadsheets (*.csv *.xlsx *.xlsm *.tsv *.txt);;All files (*)")
SAVE_FILTERS = {
    N_("Excel workbook (*.xlsx)"): ".xlsx",
    N_("CSV table (*.csv)"): ".csv",
    N_("iCalendar, the dates (*.ics)"): ".ics",
}


# -- the window's entry points -----------------------------------------------------------


def import_spreadsheet(plan: OpenPlan) -> SpreadsheetImportDialog | None:
    """Ask for a file, then open the import dialog over the open plan (not modal to the
    application: the dialog returns at once and imports when the user says so)."""
    window = plan.app
    chosen, _filter = QFileDialog.getOpenFileName(
        window.widget, _("Import milestones from a spreadsheet"), str(Path.home()), _(OPEN_FILTER)
    )
    if not chosen:
        return None
    try:
        table = read_table(chosen)
    except SpreadsheetError as exc:
        QMessageBox.warning(window.widget, _("Cannot import this file"), _sentence(str(exc)))
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
        path, _filter = QFileDialog.getOpenFileName(
            window.widget, _("New plan from a spreadsheet"), str(Path.home()), _(OPEN_FILTER)
        )
        if not path:
            return None
    try:
        table = read_table(path)
    except SpreadsheetError as exc:
        QMessageBox.warning(window.widget, _("Cannot read this file"), _sentence(str(exc)))
        return None
    values = table.title_block.plan_values()
    me = window.me
    side_key = "seller_org" if me.side == "seller" else "buyer_org"
    if me.organisation and not values.get(side_key):
        values[side_key] = me.organisation
    values.setdefault("title", " ".join(Path(path).stem.replace("_", " ").split()))
    if not all(values.get(k) for k in ("title", "buyer_org", "seller_org")):
        naming = NewPlanDialog([], me, window.widget)
        naming.from_sheet(values, table.name)
        if naming.exec() != QDialog.DialogCode.Accepted:
            return None
        values = {**values, **naming.values()}
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

    shortcut = window.action("undo").shortcut().toString() or _("Undo")
    window.say(
        ngettext(
            "Imported {count} milestone from {name}. Undo ({shortcut}) removes it.",
            "Imported {count} milestones from {name}. Undo ({shortcut}) removes them all.",
            len(ids),
        ).format(count=len(ids), name=name, shortcut=shortcut),
        10000,
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
    filters = {_(name): suffix for name, suffix in SAVE_FILTERS.items()}
    chosen, selected = QFileDialog.getSaveFileName(
        window.widget,
        _("Export the plan as a spreadsheet or calendar"),
        str(start),
        ";;".join(filters),
        next(iter(filters)),
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() not in SAVE_FILTERS.values():
        path = path.with_name(path.name + filters.get(selected, ".xlsx"))
    try:
        _write(window, state, path)
    except ExchangeFileError as exc:
        QMessageBox.warning(window.widget, _("Could not export"), _sentence(str(exc)))
        return None
    except StoreError as exc:
        window.show_store_error(str(exc))
        return None
    window.say(_("Exported to {path}").format(path=path), 8000)
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
