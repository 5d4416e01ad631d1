"""File ▸ Import milestones from a spreadsheet… and File ▸ Export as spreadsheet or
calendar…, driven through the real window."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import icalendar
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mutualplan.store import Store
from mutualplan.ui.exchange.spreadsheet import (
    SpreadsheetImportDialog,
    export_spreadsheet_or_calendar,
    import_spreadsheet,
)
from mutualplan.ui.exchange.spreadsheet_models import IssuesModel, PreviewModel

ROWS = [
    ["Step", "Task", "Who", "Party", "Start", "Deadline", "Status", "Predecessors", "Notes"],
    ["1", "Kick-off call", "alex morgan", "Seller", "04/05/2027", "05/05/2027", "Done", "", ""],
    ["2", "Data protection review", "Олена Коваль", "Buyer", "", "12 May 2027", "WIP", "1", ""],
    ["", "  Send the DPA draft", "Zoë Müller", "", "", "10/05/2027", "", "", ""],
    ["3", "Pilot", "Søren Østergaard", "Joint", "2027-05-17", "2027-05-14", "", "", ""],
    ["4", "Business case", "Zoë Müller", "Buyer", "", "31/02/2027", "", "", ""],
    ["5", "Go-live", "Zoë Müller", "Buyer", "", "2027-06-01", "", "2", "All hubs"],
]


def write_sheet(path: Path, rows=ROWS) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def counted(store: Store) -> dict[str, int]:
    """Rows as they reached the file, through a connection of its own."""
    conn = sqlite3.connect(store.path)
    try:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("milestones", "actions", "people", "changes")
        }
    finally:
        conn.close()


@pytest.fixture
def open_dialog(window, tmp_path, monkeypatch, qtbot):
    def opener(rows=ROWS, name="plan.csv") -> SpreadsheetImportDialog:
        path = write_sheet(tmp_path / name, rows)
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
        )
        dialog = import_spreadsheet(window.opened())
        assert dialog is not None
        qtbot.waitExposed(dialog)
        return dialog

    return opener


def preview_texts(dialog: SpreadsheetImportDialog, column: int) -> list[str]:
    model = dialog.preview_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_dialog_guesses_columns_and_previews_rows_and_skips(open_dialog):
    dialog = open_dialog()

    assert dialog.combos["title"].currentText() == "B “Task”"
    assert dialog.combos["due"].currentText() == "F “Deadline”"
    assert dialog.combos["lead_days"].currentData() == -1
    # No row is left out for its date: a start after the due date is left empty, an
    # impossible due date imports the row undated with the words kept.
    assert preview_texts(dialog, 1) == [
        "Kick-off call",
        "Data protection review",
        "↳ Send the DPA draft",
        "Pilot",
        "Business case",
        "Go-live",
    ]
    assert preview_texts(dialog, 3) == [
        "Alex Morgan",  # matched to the plan's person
        "Олена Коваль",
        "Zoë Müller (new, buyer)",
        "Søren Østergaard (new, buyer)",
        "Zoë Müller (new, buyer)",
        "Zoë Müller (new, buyer)",
    ]
    assert preview_texts(dialog, 4)[0] == "04 May 2027"  # day first
    assert preview_texts(dialog, 4)[3] == ""  # the start after the due date
    assert preview_texts(dialog, 5)[4] == "undated: “31/02/2027”"
    assert preview_texts(dialog, 8) == ["", "row 2", "", "", "", "row 3"]
    issues = dialog.issues_model
    rows = [
        (issues.index(r, 0).data(), issues.index(r, 1).data()) for r in range(issues.rowCount())
    ]
    assert rows == [("5", "Note"), ("6", "Note")]
    assert "after the due date" in issues.index(0, 2).data()
    assert "February 2027 has no day 31" in issues.index(1, 2).data()
    assert dialog.import_button.text() == "Import 5 milestones"
    assert dialog.summary.text().startswith("4 new milestones, 1 action and 2 new people")
    assert "1 row matches a milestone of the plan" in dialog.summary.text()
    go_live = next(m for m in dialog.session.state.milestone_order() if m.title == "Go-live")
    number = dialog.session.state.milestone_number(go_live.id)
    assert preview_texts(dialog, 0)[-1] == f"7 → #{number}"
    assert "1 undated" in dialog.summary.text()


def test_options_and_columns_change_the_preview_live(open_dialog):
    dialog = open_dialog()
    dialog.date_order.setCurrentIndex(2)  # month first
    assert preview_texts(dialog, 4)[0] == "05 Apr 2027"
    dialog.combos["due"].setCurrentIndex(dialog.combos["due"].findData(-1))
    # No due dates: none is impossible or before its start any more.
    assert set(preview_texts(dialog, 5)) == {""}
    assert dialog.import_button.text() == "Import 5 milestones"

    dialog.combos["title"].setCurrentIndex(0)  # not imported: nothing can be
    assert dialog.preview_model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert "Choose the column that holds the milestone titles" in dialog.summary.text()


def test_import_is_one_edit_that_one_undo_removes(window, open_dialog, store, qtbot):
    before = counted(store)
    plan_order = [m.id for m in window.session.state.milestone_order()]
    dialog = open_dialog()

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    after = counted(store)
    # "Go-live" is the plan's own: updated, not added twice.
    assert after["milestones"] == before["milestones"] + 4
    assert after["actions"] == before["actions"] + 1
    assert after["people"] == before["people"] + 2
    state = window.session.state
    added = state.milestone_order()[len(plan_order) :]
    assert [m.title for m in added] == [
        "Kick-off call",
        "Data protection review",
        "Pilot",
        "Business case",
    ]
    assert added[0].start == dt.date(2027, 5, 4)
    [go_live] = [m for m in state.milestone_order() if m.title == "Go-live"]
    assert go_live.id in plan_order
    assert go_live.due == dt.date(2027, 6, 1) and go_live.description == "All hubs"
    assert added[1].id in go_live.depends_on
    assert (added[3].due, added[3].description) == (None, "Due as written: 31/02/2027")
    conn = sqlite3.connect(store.path)
    try:
        batches = conn.execute(
            "SELECT count(DISTINCT batch) FROM changes WHERE id > ?", (before["changes"],)
        ).fetchone()[0]
    finally:
        conn.close()
    assert batches == 1  # one transaction
    assert window.action("undo").text().endswith("Import milestones from plan.csv")
    assert "Imported 4 milestones from plan.csv" in window.statusBar().currentMessage()

    window.action("undo").trigger()
    undone = counted(store)
    assert {k: undone[k] for k in ("milestones", "actions", "people")} == {
        k: before[k] for k in ("milestones", "actions", "people")
    }
    assert [m.id for m in window.session.state.milestone_order()] == plan_order

    window.action("redo").trigger()
    assert counted(store)["milestones"] == before["milestones"] + 4


def test_cancel_changes_nothing(open_dialog, store):
    before = counted(store)
    dialog = open_dialog()
    dialog.reject()
    assert counted(store) == before


def test_an_unreadable_file_is_told_and_no_dialog_opens(window, tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    told = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda parent, title, text: told.append(text))
    )
    assert import_spreadsheet(window.opened()) is None
    assert len(told) == 1 and told[0].startswith("Plan.xlsx is not a readable XLSX workbook")


def test_the_preview_models_obey_the_qt_model_contract(qtmodeltester, open_dialog):
    dialog = open_dialog()
    assert isinstance(dialog.preview_model, PreviewModel)
    assert isinstance(dialog.issues_model, IssuesModel)
    qtmodeltester.check(dialog.preview_model, force_py=True)
    qtmodeltester.check(dialog.issues_model, force_py=True)


@pytest.mark.parametrize(
    ("typed", "chosen_filter", "written"),
    [
        ("plan", "iCalendar, the dates (*.ics)", "plan.ics"),
        ("plan.xlsx", "CSV table (*.csv)", "plan.xlsx"),  # the typed suffix wins
        ("plan", "CSV table (*.csv)", "plan.csv"),
    ],
)
def test_export_writes_the_chosen_format(
    window, tmp_path, monkeypatch, typed, chosen_filter, written
):
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(tmp_path / typed), chosen_filter)),
    )
    path = export_spreadsheet_or_calendar(window.opened())
    assert path == tmp_path / written
    state = window.session.state
    if written.endswith(".ics"):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        dated = [m for m in state.milestones.values() if m.start or m.due]
        dated += [a for a in state.actions.values() if a.due]
        assert len(calendar.walk("VEVENT")) == len(dated)
    elif written.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(path).active
        assert sheet.max_row == 1 + len(state.milestones) + len(state.actions)
    else:
        assert path.read_text("utf-8-sig").startswith("#,Milestone,Side,Owner")
    assert str(path) in window.statusBar().currentMessage()


def test_every_sheet_of_a_workbook_is_offered_and_internal_columns_never_are(
    window, tmp_path, monkeypatch, qtbot
):
    """A workbook with instructions, an internal forecast and the plan: the dialog opens
    on the plan's sheet, offers the others, and never offers a money column."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exchange"))
    from sheet_corpus import WORKBOOK

    path = WORKBOOK.write(tmp_path)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    dialog = import_spreadsheet(window.opened())
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.sheet.isVisible()
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == [
        "Read me",
        "Forecast",
        "MAP",
    ]
    assert dialog.sheet.currentText() == "MAP"
    assert dialog.preview_model.rowCount() == 5
    assert "Initech" in dialog.source.text()

    dialog.sheet.setCurrentText("Forecast")
    offered = [dialog.combos["title"].itemText(i) for i in range(dialog.combos["title"].count())]
    assert offered == ["— not imported —", "A “Stage”"]  # no “Deal value”, no “Probability”
    issues = dialog.issues_model
    reasons = [issues.index(r, 2).data() for r in range(issues.rowCount())]
    assert any("Deal value" in r and "money" in r for r in reasons)

    dialog.sheet.setCurrentText("MAP")
    assert dialog.preview_model.rowCount() == 5
    dialog.reject()


def _corpus():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "exchange"))
    import sheet_corpus

    return sheet_corpus


def test_a_new_plan_from_a_sheet_takes_its_title_block_and_asks_nothing_it_says(
    window, store, tmp_path, qtbot
):
    from mutualplan.ui.exchange.spreadsheet import new_plan_from_spreadsheet

    sheet = _corpus().SALES_TEAM
    path = sheet.write(tmp_path)
    dialog = new_plan_from_spreadsheet(window, str(path))  # no question: the sheet says all
    assert dialog is not None
    qtbot.waitExposed(dialog)
    plan = window.session.state.plan
    assert (plan.title, plan.buyer_org, plan.seller_org, plan.target_date) == (
        sheet.expected.title,
        sheet.expected.buyer_org,
        sheet.expected.seller_org,
        sheet.expected.target_date,
    )
    assert plan.objective == sheet.expected.objective
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    state = store.load(plan.id)
    assert [m.title for m in state.milestone_order()] == [t for t, *_ in sheet.expected.milestones]
    dump = "\n".join(store.conn.iterdump())
    assert not [secret for secret in sheet.expected.internal if secret in dump]


def test_a_new_plan_from_a_sheet_asks_only_for_what_it_does_not_say(
    window, store, tmp_path, qtbot, monkeypatch
):
    from mutualplan.ui.common.dialogs import NewPlanDialog
    from mutualplan.ui.exchange.spreadsheet import new_plan_from_spreadsheet

    asked = {}

    def answer(dialog: NewPlanDialog) -> int:
        asked.update(
            title=dialog.title.text(), buyer=dialog.buyer.text(), seller=dialog.seller.text()
        )
        dialog.buyer.setText("Globex")
        return QDialog.DialogCode.Accepted

    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(NewPlanDialog, "exec", answer)
    path = _corpus().US_TEAM.write(tmp_path)
    dialog = new_plan_from_spreadsheet(window, str(path))
    assert dialog is not None
    # The sheet names no organisation; this copy's user is the seller's.
    assert asked == {"title": "q1 plan", "buyer": "", "seller": window.me.organisation}
    assert window.session.state.plan.buyer_org == "Globex"
    dialog.reject()
