"""`mutualplan export … --out FILE.csv|.xlsx|.ics` and `mutualplan import FILE.csv|
FILE.xlsx`, run in-process against a database in a temporary folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import icalendar
import openpyxl
import pytest
from helpers import run_cli as run

from mutualplan.domain.model import Author
from mutualplan.store.repository import Store

ROWS = [
    ["#", "Milestone", "Owner", "Side", "Start", "Due", "Status", "Depends on"],
    ["1", "Kick-off", "Ana Lima", "Buyer", "11/01/2027", "15/01/2027", "Done", ""],
    ["2", "Security review", "Sam Reyes", "Seller", "18/01/2027", "31/02/2027", "WIP", "1"],
    ["3", "", "Ana Lima", "", "", "2027-03-01", "", ""],
    ["4", "Pilot", "ana lima", "Joint", "2027-02-01", "March 5, 2027", "Frozen", "1, 2"],
]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy whose user is known: edits from the command line are attributed to them."""
    path = tmp_path / "plans.sqlite"
    monkeypatch.setenv("MUTUALPLAN_DB", str(path))
    with Store(path) as store:
        store.set_local_user(Author("Priya Raghunathan", "seller"))
    return path


def sheet(path: Path, rows=ROWS) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def demo(capsys) -> str:
    code, out, _ = run(capsys, "demo")
    assert code == 0
    return out.splitlines()[-1]


def counts(db: Path) -> tuple[int, int, int]:
    with Store(db) as store:
        conn = store.conn
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("plans", "milestones", "changes")
        )


# -- export --------------------------------------------------------------------------


def test_export_as_csv_xlsx_and_ics(tmp_path, db, capsys):
    plan_id = demo(capsys)
    for suffix in ("csv", "xlsx", "ics"):
        out = tmp_path / f"plan.{suffix}"
        code, printed, err = run(capsys, "export", "Route", "--out", str(out))
        assert (code, err) == (0, "")
        assert printed.startswith("Exported “Route-cost analytics rollout” as ")
        assert str(out) in printed
    with Store(db) as store:
        state = store.load(plan_id)
    text = (tmp_path / "plan.csv").read_text("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1 + len(state.milestones) + len(
        state.actions
    )
    workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert workbook.active.max_row == 1 + len(state.milestones) + len(state.actions)
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == len(state.milestones) + len(state.actions)


def test_export_refuses_an_unknown_suffix_and_a_missing_folder(tmp_path, db, capsys):
    demo(capsys)
    code, _, err = run(capsys, "export", "Route", "--out", str(tmp_path / "plan.docx"))
    assert code == 2
    assert err == (
        "mutualplan: cannot export to “plan.docx”: give a file name ending in .pdf, .csv, "
        ".xlsx or .ics\n"
    )
    code, _, err = run(capsys, "export", "Route", "--out", str(tmp_path / "no" / "plan.csv"))
    assert code == 2
    assert "does not exist" in err and err.count("\n") == 1
    assert not (tmp_path / "no").exists()


# -- import --------------------------------------------------------------------------


def test_import_into_a_plan_reports_what_was_added_and_skipped(tmp_path, db, capsys):
    plan_id = demo(capsys)
    before = counts(db)
    code, out, err = run(capsys, "import", str(sheet(tmp_path / "plan.csv")), "--plan", plan_id)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Imported plan.csv into the plan, “Route-cost analytics rollout”: 3 milestones added"
        " (1 undated: the words as written are in each description).",
        "2 people added: Ana Lima (buyer), Sam Reyes (seller)",
        "1 row left out:",
        "  row 4: no milestone title",
        "Notes:",
        "  row 3: due “31/02/2027” is not a date: February 2027 has no day 31 (it has 28 "
        "days); imported undated",
        "  row 5: status “Frozen” not understood; set to not started; kept in the description",
    ]
    plans, milestones, _changes = counts(db)
    assert (plans, milestones) == (before[0], before[1] + 3)


def test_import_makes_a_new_plan_named_after_the_file(tmp_path, db, capsys):
    path = sheet(tmp_path / "fabrikam_rollout.csv")
    code, out, err = run(
        capsys, "import", str(path), "--buyer", "Fabrikam", "--seller", "Northwind"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "Imported fabrikam_rollout.csv into a new plan, “fabrikam rollout”: 3 milestones added"
        " (1 undated: the words as written are in each description)."
    )
    with Store(db) as store:
        state = store.load(lines[-1])  # the new plan's id, last
    assert (state.plan.buyer_org, state.plan.seller_org) == ("Fabrikam", "Northwind")
    assert [m.title for m in state.milestone_order()] == ["Kick-off", "Security review", "Pilot"]


def test_a_new_plan_takes_your_organisation_for_your_side(tmp_path, db, capsys):
    with Store(db) as store:
        store.set_local_user(Author("Priya", "seller", organisation="Brightline"))
    code, out, _ = run(capsys, "import", str(sheet(tmp_path / "p.csv")), "--buyer", "Fabrikam")
    assert code == 0
    with Store(db) as store:
        state = store.load(out.splitlines()[-1])
    assert state.plan.seller_org == "Brightline"


def test_a_new_plan_without_organisations_is_refused_in_one_line(tmp_path, db, capsys):
    code, out, err = run(capsys, "import", str(sheet(tmp_path / "p.csv")), "--buyer", "Fabrikam")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "give --buyer and --seller, or --plan PLAN" in err
    assert not db.exists() or counts(db)[0] == 0


def test_wrong_columns_exit_2_naming_the_headings_and_change_nothing(tmp_path, db, capsys):
    plan_id = demo(capsys)
    before = counts(db)
    path = sheet(tmp_path / "budget.csv", [["Cost centre", "Amount"], ["IT", "1200"]])
    code, out, err = run(capsys, "import", str(path), "--plan", plan_id)
    assert (code, out) == (2, "")
    assert err == (
        "mutualplan: budget.csv: no column looks like milestone titles; headings found: "
        "“Cost centre”, “Amount”\n"
    )
    assert counts(db) == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "is not a readable XLSX workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "old-style Excel"),
        ("empty.csv", b"", "is empty"),
        ("binary.csv", bytes(range(256)) * 4, "binary data"),
    ],
)
def test_an_unreadable_file_exits_2_and_changes_nothing(tmp_path, db, capsys, name, content, words):
    plan_id = demo(capsys)
    before = counts(db)
    (tmp_path / name).write_bytes(content)
    code, out, err = run(capsys, "import", str(tmp_path / name), "--plan", plan_id)
    assert (code, out) == (2, "")
    assert words in err and err.count("\n") == 1
    assert counts(db) == before


def test_a_file_whose_every_row_is_skipped_exits_2(tmp_path, db, capsys):
    plan_id = demo(capsys)
    before = counts(db)
    rows = [["#", "Milestone", "Due"], ["1", "", "31/02/2027"], ["", "", "2027-01-01"]]
    code, _, err = run(capsys, "import", str(sheet(tmp_path / "p.csv", rows)), "--plan", plan_id)
    assert code == 2
    assert err == (
        "mutualplan: p.csv: no row could be imported, nothing was changed (row 2: no "
        "milestone title; and 1 other row)\n"
    )
    assert counts(db) == before


def test_import_of_a_missing_file_and_of_an_unknown_kind(tmp_path, db, capsys):
    code, _, err = run(capsys, "import", str(tmp_path / "nowhere.xlsx"))
    assert code == 2 and "no such file" in err
    (tmp_path / "notes.docx").write_text("x")
    code, _, err = run(capsys, "import", str(tmp_path / "notes.docx"))
    assert code == 2
    assert "give a plan PDF, or a CSV or XLSX spreadsheet" in err


def test_the_pdf_import_is_untouched_and_refuses_spreadsheet_options(tmp_path, db, capsys):
    code, _, err = run(capsys, "import", str(tmp_path / "nowhere.pdf"))
    assert code == 2 and "nowhere.pdf" in err
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.7\n")
    code, _, err = run(capsys, "import", str(tmp_path / "plan.pdf"), "--plan", "x")
    assert code == 2 and "--plan, --buyer and --seller are for spreadsheets" in err


def test_month_first_dates_on_request(tmp_path, db, capsys):
    rows = [["Milestone", "Due"], ["A", "03/04/2027"]]
    path = sheet(tmp_path / "us.csv", rows)
    code, out, _ = run(
        capsys, "import", str(path), "--buyer", "B", "--seller", "S", "--dates", "month-first"
    )
    assert code == 0
    with Store(db) as store:
        [milestone] = store.load(out.splitlines()[-1]).milestone_order()
    assert milestone.due.isoformat() == "2027-03-04"


def test_an_edited_export_reimported_updates_the_plan_and_adds_no_duplicate(tmp_path, db, capsys):
    """Export, move a due date, change a status, add a row, import again: the moved
    milestone is updated (not added a second time) and the report says what happened."""
    plan_id = demo(capsys)
    out = tmp_path / "plan.csv"
    assert run(capsys, "export", plan_id, "--out", str(out))[0] == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    headings = rows[0]
    due, status = headings.index("Due"), headings.index("Status")
    milestone_rows = [r for r in rows[1:] if not r[1].startswith("↳")]
    first = milestone_rows[0]
    first[due] = "2031-01-31"
    assert milestone_rows[-1][status] != "Done"
    milestone_rows[-1][status] = "Done"
    rows.append(["", "Extra workshop", "Joint", "", "", "", "2031-02-10"] + [""] * 7)
    with Store(db) as store:
        before = store.load(plan_id)
    count = len(before.milestones)
    sheet(out, rows)

    code, text, err = run(capsys, "import", str(out), "--plan", plan_id)
    assert (code, err) == (0, "")
    assert text.splitlines()[0] == (
        f"Imported plan.csv into the plan, “{before.plan.title}”: 1 milestone added, "
        f"2 updated, {count - 2} unchanged."
    )
    with Store(db) as store:
        after = store.load(plan_id)
    assert len(after.milestones) == count + 1
    key = first[headings.index("Key")]
    assert after.milestones[key].due == dt.date(2031, 1, 31)
    second = milestone_rows[-1][headings.index("Key")]
    assert after.milestones[second].status == "done"


def test_a_new_plan_from_the_command_line_keeps_its_buyers_public_holidays(tmp_path, db, capsys):
    path = sheet(tmp_path / "p.csv")
    code, _, err = run(
        capsys, "import", str(path), "--buyer", "Fabrikam GmbH", "--seller", "Northwind Ltd"
    )
    assert (code, err) == (0, "")
    with Store(db) as store:
        saved = store.setting("calendars")
    assert (saved["buyer"]["country"], saved["seller"]["country"]) == ("DE", "GB")
    assert any(day.endswith("-10-03") for day in saved["buyer"]["holidays"])  # German Unity


def test_a_country_already_kept_is_not_replaced_by_a_new_plans_names(tmp_path, db, capsys):
    from mutualplan.domain.calendars import CalendarSettings, SideCalendar

    with Store(db) as store:
        kept = CalendarSettings(buyer=SideCalendar(country="FR"))
        store.set_setting(CalendarSettings.KEY, kept.to_json())
    path = sheet(tmp_path / "p.csv")
    code, _, _ = run(capsys, "import", str(path), "--buyer", "Fabrikam GmbH", "--seller", "N")
    assert code == 0
    with Store(db) as store:
        saved = store.setting("calendars")
    assert saved["buyer"]["country"] == "FR"
