"""Milestones in from CSV and XLSX, the plan out as both: what people type, what the
plan's rules demand, and what comes back."""

from __future__ import annotations

import codecs
import datetime as dt
import sqlite3

import pytest
from sheet_helpers import (
    change_count,
    database_digest,
    milestone_picture,
    write_csv_rows,
    write_xlsx_rows,
)

from mutualplan.domain.model import Author, MilestoneStatus, Plan, Side
from mutualplan.domain.state import PlanState
from mutualplan.exchange.cells import CellProblem, read_date, read_days, read_status
from mutualplan.exchange.sheet_export import EXPORT_HEADINGS, csv_bytes
from mutualplan.exchange.spreadsheet import (
    SpreadsheetError,
    guess_mapping,
    import_changes,
    import_milestones,
    parse_rows,
    read_table,
    write_csv,
    write_xlsx,
)
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan

TODAY = dt.date(2027, 1, 4)
NEW_PLAN = {"title": "Imported", "buyer_org": "Fabrikam", "seller_org": "Northwind Software"}


@pytest.fixture
def sample(store: Store) -> PlanState:
    return add_sample_plan(store, today=dt.date(2026, 10, 1))


def parse(path, state: PlanState, **options):
    table = read_table(path)
    return parse_rows(table, guess_mapping(table.headings), state, TODAY, **options)


def empty_plan() -> PlanState:
    return PlanState(Plan(id="new", **NEW_PLAN))


# -- cells ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2027-03-12", dt.date(2027, 3, 12)),
        ("2027/3/12", dt.date(2027, 3, 12)),
        ("2027-03-12T00:00:00", dt.date(2027, 3, 12)),
        ("20270312", dt.date(2027, 3, 12)),
        ("12/03/2027", dt.date(2027, 3, 12)),  # day first by default
        ("12.03.2027", dt.date(2027, 3, 12)),
        ("12-03-27", dt.date(2027, 3, 12)),
        ("3/13/2027", dt.date(2027, 3, 13)),  # only month first reads it
        ("13/3/2027", dt.date(2027, 3, 13)),
        ("12/03/2027 00:00", dt.date(2027, 3, 12)),
        ("12 Mar 2027", dt.date(2027, 3, 12)),
        ("12-Mar-27", dt.date(2027, 3, 12)),
        ("12th March 2027", dt.date(2027, 3, 12)),
        ("Fri 12 Mar 2027", dt.date(2027, 3, 12)),
        ("March 12, 2027", dt.date(2027, 3, 12)),
        ("Sept 3 2027", dt.date(2027, 9, 3)),
        ("Friday, March 12, 2027", dt.date(2027, 3, 12)),
        ("46458", dt.date(2027, 3, 12)),  # an Excel serial number as text
        (46458, dt.date(2027, 3, 12)),
        (46458.75, dt.date(2027, 3, 12)),
        (dt.datetime(2027, 3, 12, 0, 0), dt.date(2027, 3, 12)),
        (dt.date(2027, 3, 12), dt.date(2027, 3, 12)),
        ("", None),
        (None, None),
        ("   ", None),
    ],
)
def test_dates_in_the_formats_people_type(cell, expected):
    assert read_date(cell) == expected


def test_month_first_when_asked_and_only_when_ambiguous():
    assert read_date("03/04/2027", day_first=False) == dt.date(2027, 3, 4)
    assert read_date("03/04/2027", day_first=True) == dt.date(2027, 4, 3)
    assert read_date("13/04/2027", day_first=False) == dt.date(2027, 4, 13)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("31/02/2027", "February 2027 has no day 31"),
        ("2027-02-29", "February 2027 has no day 29"),
        ("12/03/20277", "the year 20277 is not plausible"),
        ("20277-03-12", "not a date"),
        ("13/13/2027", "neither 13 nor 13 is a month"),
        ("12 Foo 2027", "“Foo” is not a month"),
        ("next week", "“next week” is not a date"),
        ("12/03/1066", "the year 1066 is not plausible"),
        (5, "is a number, not a date"),
        (True, "not a date"),
    ],
)
def test_a_date_that_makes_no_sense_says_why(cell, words):
    with pytest.raises(CellProblem, match=words):
        read_date(cell)


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("Done", MilestoneStatus.DONE),
        ("COMPLETED", MilestoneStatus.DONE),
        ("closed", MilestoneStatus.DONE),
        ("100%", MilestoneStatus.DONE),
        ("In progress", MilestoneStatus.IN_PROGRESS),
        ("in_progress", MilestoneStatus.IN_PROGRESS),
        ("WIP", MilestoneStatus.IN_PROGRESS),
        ("started", MilestoneStatus.IN_PROGRESS),
        ("40 %", MilestoneStatus.IN_PROGRESS),
        (0.5, MilestoneStatus.IN_PROGRESS),
        ("At risk", MilestoneStatus.AT_RISK),
        ("amber", MilestoneStatus.AT_RISK),
        ("Blocked", MilestoneStatus.BLOCKED),
        ("RED", MilestoneStatus.BLOCKED),
        ("Not started", MilestoneStatus.NOT_STARTED),
        ("", MilestoneStatus.NOT_STARTED),
        ("0%", MilestoneStatus.NOT_STARTED),
    ],
)
def test_status_words_are_read_leniently(cell, status):
    assert read_status(cell) == (status, None)


def test_an_unknown_status_word_is_not_started_with_a_note():
    status, note = read_status("Frozen")
    assert status == MilestoneStatus.NOT_STARTED
    assert note == "status “Frozen” not understood; set to not started"


@pytest.mark.parametrize(
    ("cell", "days"),
    [(5, 5), (5.0, 5), ("5", 5), ("5 days", 5), ("5d", 5), ("2 weeks", 10), ("", None)],
)
def test_lead_times(cell, days):
    assert read_days(cell) == days


# -- columns -------------------------------------------------------------------------


def test_columns_are_found_by_their_headings_whatever_the_spelling():
    headings = [
        "Step #",
        "TASK",
        "Who?",
        "Due-Date",
        "Start  Date",
        "status",
        "Party",
        "Notes",
        "Done when",
        "Lead (days)",
        "Predecessors",
        "Something else",
    ]
    assert guess_mapping(headings) == {
        "title": 1,
        "number": 0,
        "side": 6,
        "owner": 2,
        "start": 4,
        "due": 3,
        "lead_days": 9,
        "status": 5,
        "depends_on": 10,
        "exit_criteria": 8,
        "description": 7,
    }


@pytest.mark.parametrize(
    ("headings", "field", "column"),
    [
        (["Name", "Milestone"], "title", 1),  # the stronger synonym wins
        (["Title"], "title", 0),
        (["Step"], "title", 0),
        (["Responsible"], "owner", 0),
        (["Deadline"], "due", 0),
        (["End"], "due", 0),
        (["Begin"], "start", 0),
        (["Description"], "description", 0),
        (["Exit criteria"], "exit_criteria", 0),
        (["Lead time"], "lead_days", 0),
        (["Depends on"], "depends_on", 0),
        (["Due date (planned)"], "due", 0),  # starts like a synonym
        (["Milestone / task"], "title", 0),
        (["Échéance", "Milestone"], "title", 1),
    ],
)
def test_common_heading_variants(headings, field, column):
    assert guess_mapping(headings).get(field) == column


def test_short_synonyms_do_not_match_the_start_of_other_words():
    mapping = guess_mapping(["Notes", "Milestone"])
    assert "number" not in mapping  # "no" must not take "Notes"
    assert mapping["description"] == 0


def test_wrong_columns_name_the_problem_and_the_headings_found(tmp_path):
    path = write_csv_rows(tmp_path / "budget.csv", [["Cost centre", "Amount"], ["IT", "1200"]])
    table = read_table(path)
    with pytest.raises(SpreadsheetError) as raised:
        parse_rows(table, guess_mapping(table.headings), empty_plan(), TODAY)
    assert str(raised.value) == (
        "no column looks like milestone titles; headings found: “Cost centre”, “Amount”"
    )


def test_the_heading_row_may_sit_under_a_title_and_blank_lines(tmp_path):
    path = write_xlsx_rows(
        tmp_path / "plan.xlsx",
        [
            ["Milestone plan for Fabrikam (draft)"],
            [],
            ["Task", "Owner", "Due"],
            ["Kick-off", "Ana", "2027-01-11"],
        ],
    )
    table = read_table(path)
    assert table.headings == ["Task", "Owner", "Due"]
    assert table.heading_row == 3
    assert table.row_numbers == [4]


def test_the_sheet_named_for_the_plan_is_read(tmp_path):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    workbook.active.append(["This workbook holds our plan"])
    milestones = workbook.create_sheet("Milestones")
    milestones.append(["Milestone", "Due"])
    milestones.append(["Kick-off", dt.datetime(2027, 1, 11)])
    workbook.save(tmp_path / "plan.xlsx")

    table = read_table(tmp_path / "plan.xlsx")
    assert table.sheet == "Milestones"
    assert table.rows == [["Kick-off", dt.datetime(2027, 1, 11)]]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-16"), (";", "cp1252"), (",", "cp1252")],
)
def test_csv_delimiters_and_encodings(tmp_path, delimiter, encoding):
    rows = [["Milestone", "Owner", "Due"], ["Legal review, round 2", "Zoë Müller", "12.03.2027"]]
    path = write_csv_rows(tmp_path / "plan.csv", rows, delimiter, encoding)
    table = read_table(path)
    assert table.headings == ["Milestone", "Owner", "Due"]
    assert table.rows == [["Legal review, round 2", "Zoë Müller", "12.03.2027"]]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"\r\n,,\r\n", "is empty"),
        (b"\x00\x01\x02binary", "holds binary data"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-style Excel"),
        (b"PK\x03\x04broken zip", "not a readable XLSX workbook"),
    ],
)
def test_unreadable_files_say_why(tmp_path, content, words):
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    with pytest.raises(SpreadsheetError, match=words):
        read_table(path)


def test_a_missing_file_and_a_text_file_named_xlsx(tmp_path):
    with pytest.raises(SpreadsheetError, match="no such file"):
        read_table(tmp_path / "nowhere.csv")
    (tmp_path / "plan.xlsx").write_text("Milestone\nKick-off\n")
    with pytest.raises(SpreadsheetError, match="not an XLSX workbook"):
        read_table(tmp_path / "plan.xlsx")


# -- rows ----------------------------------------------------------------------------

MESSY = [
    ["#", "Task", "Who", "Party", "Start", "Deadline", "Status", "Predecessors", "Done when"],
    [1, "Kick-off", "alex  MORGAN", "Seller", "11/01/2027", "15 Jan 2027", "Complete", "", ""],
    [2, "Security questionnaire", "олена КОВАЛЬ", "Buyer", "2027-01-18", "March 5, 2027", "WIP", 1],
    ["", "  Send the SIG Lite file", "Chidi Okafor", "", "", "22/01/2027", "done"],
    [3, "Legal review", "Marta Kowalska", "Buyer", "1/2/2027", "31/02/2027", "amber", "2"],
    [4, "", "Alex Morgan", "Seller", "", "2027-03-01"],
    [5, "Pilot", "Søren Østergaard", "joint", 46430, 46451, "Frozen", "Security questionnaire; 3"],
    [6, "Business case", "katrin hoffmann", "customer", "2027-05-03", "2027-04-30"],
    [7, "Contract signature", "Katrin Hoffmann", "Buyer", "", "10.06.2027", "", "5, 6, 9"],
    ["#", "Task", "Who", "Party", "Start", "Deadline", "Status", "Predecessors", "Done when"],
]


@pytest.fixture
def staffed(store: Store, plan: PlanState, author: Author) -> PlanState:
    from mutualplan.domain import edits

    for values in (
        {"name": "Alex Morgan", "side": "seller"},
        {"name": "Олена Коваль", "side": "buyer"},
    ):
        store.commit(plan, edits.add_person(plan, values), author)
    return plan


def test_a_messy_sheet_is_read_row_by_row(tmp_path, staffed):
    parsed = parse(write_csv_rows(tmp_path / "messy.csv", MESSY), staffed)

    titles = [m.values["title"] for m in parsed.milestones]
    # No row is dropped for its date: an impossible one imports the row undated, a
    # start after the due date is left empty; both keep the words as written.
    assert titles == [
        "Kick-off",
        "Security questionnaire",
        "Legal review",
        "Pilot",
        "Business case",
        "Contract signature",
    ]
    assert [m.row for m in parsed.milestones] == [2, 3, 5, 7, 8, 9]
    kickoff, questionnaire, legal, pilot, business, contract = parsed.milestones
    assert kickoff.values["start"] == dt.date(2027, 1, 11)
    assert kickoff.values["due"] == dt.date(2027, 1, 15)
    assert kickoff.values["status"] == MilestoneStatus.DONE
    assert kickoff.values["done_on"] == dt.date(2027, 1, 4)  # done, no date: today at most
    assert kickoff.owner == "Alex Morgan"  # matched whatever the case and spacing
    assert questionnaire.owner == "Олена Коваль"
    assert questionnaire.values["due"] == dt.date(2027, 3, 5)
    assert questionnaire.values["status"] == MilestoneStatus.IN_PROGRESS
    assert questionnaire.depends_on == [0]
    [action] = questionnaire.actions
    assert (action.title, action.owner, action.due, action.done) == (
        "Send the SIG Lite file",
        "Chidi Okafor",
        dt.date(2027, 1, 22),
        True,
    )
    assert legal.values["due"] is None
    assert legal.undated == "31/02/2027"
    assert legal.values["description"] == "Due as written: 31/02/2027"
    assert legal.values["status"] == MilestoneStatus.AT_RISK
    assert pilot.values["side"] == Side.JOINT
    assert pilot.values["start"] == dt.date(2027, 2, 12)  # Excel serial numbers
    assert pilot.depends_on == [1, 2]  # by title, and #3
    assert pilot.values["description"] == "Status as written: Frozen"
    assert (business.values["start"], business.values["due"]) == (None, dt.date(2027, 4, 30))
    assert business.values["description"] == "Start as written: 3 May 2027"
    assert contract.depends_on == [3, 4]  # #5 is the pilot, #6 the business case; #9 nowhere
    assert contract.owner == "katrin hoffmann"  # first spelling met
    assert parsed.people_to_add == [
        ("Chidi Okafor", "buyer"),  # the side of the milestone it is under
        ("Marta Kowalska", "buyer"),
        ("Søren Østergaard", "buyer"),  # a joint milestone: the buyer's side
        ("katrin hoffmann", "buyer"),
    ]
    assert parsed.skipped == [
        (6, "no milestone title"),
        (10, "it repeats the headings"),
    ]
    assert parsed.notes == [
        (
            5,
            "due “31/02/2027” is not a date: February 2027 has no day 31 (it has 28 days); "
            "imported undated",
        ),
        (5, "due “31/02/2027” names no day; the plan's date is kept"),  # the plan's own
        (7, "status “Frozen” not understood; set to not started; kept in the description"),
        (8, "the start (3 May 2027) is after the due date (30 Apr 2027); start left empty"),
        (9, "depends on #9, which is not in the file; left out"),
    ]


def test_owners_match_without_accents_only_when_one_person_fits(staffed, store, author):
    from mutualplan.domain import edits

    store.commit(staffed, edits.add_person(staffed, {"name": "Zoë Müller"}), author)
    rows = [["Milestone", "Owner"], ["A", "zoe muller"], ["B", "ZOË MÜLLER"]]
    parsed = parse(write_csv_rows(store.path.parent / "o.csv", rows), staffed)
    assert [m.owner for m in parsed.milestones] == ["Zoë Müller", "Zoë Müller"]
    assert parsed.people_to_add == []

    store.commit(staffed, edits.add_person(staffed, {"name": "Zoe Muller"}), author)
    parsed = parse(write_csv_rows(store.path.parent / "o.csv", rows), staffed)
    # "zoe muller" is now Zoe Muller exactly; the accented spelling, Zoë.
    assert [m.owner for m in parsed.milestones] == ["Zoe Muller", "Zoë Müller"]


def test_a_newcomer_named_twice_is_added_once_as_first_written(tmp_path):
    rows = [["Milestone", "Owner"], ["A", "Ana Lima"], ["B", "ana  LIMA"], ["C", "Aná Lima"]]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), empty_plan())
    assert parsed.people_to_add == [("Ana Lima", "buyer")]
    assert [m.owner for m in parsed.milestones] == ["Ana Lima"] * 3


def test_a_first_name_alone_is_the_one_person_so_called_with_a_note(tmp_path, sample):
    rows = [["Milestone", "Owner"], ["A", "Priya"], ["B", "Zoe"], ["C", "Nobody"]]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), sample)
    assert [m.owner for m in parsed.milestones] == ["Priya Raghunathan", "Zoë Müller", "Nobody"]
    assert parsed.notes == [
        (2, "owner “Priya” taken to be Priya Raghunathan, the only Priya in the plan"),
        (3, "owner “Zoe” taken to be Zoë Müller, the only Zoe in the plan"),
    ]
    assert parsed.people_to_add == [("Nobody", "buyer")]


def test_new_owners_take_the_side_column_or_the_hint_in_brackets(tmp_path, staffed):
    rows = [
        ["Milestone", "Side", "Owner", "Owner's side"],
        ["A", "Joint", "Sam Seller", "Seller"],
        ["B", "Seller", "Bea Buyer (Contoso Ltd)", ""],
        ["C", "Seller", "Nia New", ""],
        ["D", "Joint", "Jo Joint", ""],
    ]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), staffed)
    assert parsed.people_to_add == [
        ("Sam Seller", "seller"),
        ("Bea Buyer", "buyer"),  # the plan's buyer organisation, in brackets
        ("Nia New", "seller"),  # the milestone's side
        ("Jo Joint", "buyer"),  # joint: the buyer's side
    ]


def test_a_dependency_cycle_is_left_out_with_a_note(tmp_path):
    rows = [["#", "Milestone", "Depends on"], [1, "A", "3"], [2, "B", "1"], [3, "C", "2, C"]]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), empty_plan())
    assert [m.depends_on for m in parsed.milestones] == [[2], [0], []]
    assert parsed.notes == [
        (4, "depends on 2 would make a dependency cycle (with row 3); left out"),
        (4, "a milestone cannot depend on itself; left out"),
    ]


def test_done_on_and_status_agree(tmp_path):
    rows = [
        ["Milestone", "Status", "Done on", "Due"],
        ["A", "", "2026-12-01", "2026-12-04"],  # a done date with no status: done
        ["B", "In progress", "2026-12-01", ""],  # the status says otherwise: no date
        ["C", "Done", "", "2026-11-20"],  # done with no date: the due date
    ]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), empty_plan())
    got = [(m.values["status"], m.values["done_on"]) for m in parsed.milestones]
    assert got == [
        ("done", dt.date(2026, 12, 1)),
        ("in_progress", None),
        ("done", dt.date(2026, 11, 20)),
    ]
    assert parsed.notes == [(3, "done on 1 Dec 2026 left out: the status is in progress")]


def test_dates_follow_the_file_when_it_shows_month_first(tmp_path):
    rows = [["Milestone", "Due"], ["A", "03/04/2027"], ["B", "03/13/2027"]]
    path = write_csv_rows(tmp_path / "us.csv", rows)
    parsed = parse(path, empty_plan())
    assert parsed.day_first is False
    assert [m.values["due"] for m in parsed.milestones] == [
        dt.date(2027, 3, 4),
        dt.date(2027, 3, 13),
    ]
    forced = parse(path, empty_plan(), day_first=True)
    assert [m.values["due"] for m in forced.milestones] == [
        dt.date(2027, 4, 3),
        dt.date(2027, 3, 13),
    ]


def test_a_row_the_plan_already_has_updates_it_and_never_duplicates_it(tmp_path, store, sample):
    """Matched by its title (case and spacing aside): a moved due date updates the
    milestone instead of adding a second one."""
    first = sample.milestone_order()[0]
    moved = first.due + dt.timedelta(days=7)
    rows = [["Milestone", "Start", "Due"], [first.title.upper(), first.start, moved]]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), sample)
    [row] = parsed.milestones
    assert (row.match, parsed.skipped) == (first.id, [])
    count = len(sample.milestones)
    report = import_milestones(store, Author("A", "seller"), parsed, plan_id=sample.id)
    assert (report.milestones, report.updated, report.unchanged) == (0, 1, 0)
    again = store.load(sample.id)
    assert len(again.milestones) == count
    assert again.milestones[first.id].due == moved
    assert again.milestones[first.id].title == first.title.upper()


def test_text_a_spreadsheet_would_run_as_a_formula_stays_text(tmp_path, store, author):
    state = store.create_plan(
        NEW_PLAN,
        author,
        build=lambda s: import_changes(
            s,
            parse_rows(
                read_table(write_csv_rows(tmp_path / "f.csv", [["Milestone"], ["x"]])),
                {"title": 0},
                s,
                TODAY,
            ),
        ),
    )
    from mutualplan.domain import edits

    [milestone] = state.milestone_order()
    store.commit(state, edits.set_field(state, "milestone", milestone.id, "title", "=1+1"), author)
    assert b"'=1+1" in csv_bytes(state)
    write_xlsx(state, tmp_path / "f.xlsx")
    import openpyxl

    cell = openpyxl.load_workbook(tmp_path / "f.xlsx").active["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    write_csv(state, tmp_path / "f.csv")
    for path in (tmp_path / "f.csv", tmp_path / "f.xlsx"):
        parsed = parse(path, empty_plan())
        assert [m.values["title"] for m in parsed.milestones] == ["=1+1"]


# -- importing -----------------------------------------------------------------------


def test_import_into_a_plan_adds_everything_in_one_transaction(tmp_path, store, staffed, author):
    parsed = parse(write_csv_rows(tmp_path / "messy.csv", MESSY), staffed)
    before = len(staffed.milestones)
    batches = store.conn.execute("SELECT count(DISTINCT batch) FROM changes").fetchone()[0]

    report = import_milestones(store, author, parsed, plan_id=staffed.id)

    # "Legal review" is a milestone of the plan already: updated, not added again.
    assert (report.milestones, report.updated, report.actions, report.created) == (5, 1, 1, False)
    assert report.people_added == [
        ("Chidi Okafor", "buyer"),
        ("Marta Kowalska", "buyer"),
        ("Søren Østergaard", "buyer"),
        ("katrin hoffmann", "buyer"),
    ]
    assert store.conn.execute("SELECT count(DISTINCT batch) FROM changes").fetchone()[0] == (
        batches + 1
    )
    state = store.load(staffed.id)
    order = state.milestone_order()
    assert len(order) == before + 5
    added = order[before:]  # after the plan's own milestones, in the file's order
    assert [m.title for m in added] == [
        "Kick-off",
        "Security questionnaire",
        "Pilot",
        "Business case",
        "Contract signature",
    ]
    people = {p.id: p.name for p in state.people.values()}
    assert people[added[0].owner_id] == "Alex Morgan"
    [legal] = [m for m in order if m.title == "Legal review"]
    assert legal.due == staffed.milestones[legal.id].due  # "31/02/2027" clears no date
    assert legal.status == "at_risk" and people[legal.owner_id] == "Marta Kowalska"
    assert set(added[2].depends_on) == {added[1].id, legal.id}
    assert set(added[4].depends_on) == {added[2].id, added[3].id}
    [action] = state.actions_of(added[1].id)
    assert people[action.owner_id] == "Chidi Okafor"


def test_a_dependency_on_a_later_row_and_on_a_milestone_of_the_plan(tmp_path, store, sample):
    existing = sample.milestone_order()[2]
    rows = [
        ["#", "Milestone", "Depends on"],
        [1, "First", "2"],  # forward: set once row 2 exists
        [2, "Second", existing.title],
    ]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), sample)
    author = Author("Priya Raghunathan", "seller")
    import_milestones(store, author, parsed, plan_id=sample.id)
    state = store.load(sample.id)
    first, second = state.milestone_order()[-2:]
    assert first.depends_on == (second.id,)
    assert second.depends_on == (existing.id,)


def test_import_into_a_new_plan(tmp_path, store, author):
    parsed = parse(write_csv_rows(tmp_path / "messy.csv", MESSY), empty_plan())
    report = import_milestones(store, author, parsed, new_plan_values=NEW_PLAN)
    assert report.created
    state = store.load(report.plan_id)
    assert state.plan.title == "Imported"
    assert len(state.milestones) == 6
    assert {p.name for p in state.people.values()} == {
        "alex MORGAN",  # spaces tidied; nobody to match in a new plan
        "олена КОВАЛЬ",
        "Chidi Okafor",
        "Marta Kowalska",
        "Søren Østergaard",
        "katrin hoffmann",
    }


def test_a_failure_half_way_leaves_the_database_and_the_plan_as_they_were(
    tmp_path, store, sample, monkeypatch
):
    parsed = parse(write_csv_rows(tmp_path / "messy.csv", MESSY), sample)
    digest = database_digest(store)
    real_log = Store._log
    calls = []

    def failing_log(self, state, changes, author, now):
        calls.append(len(changes))
        real_log(self, state, changes[:3], author, now)  # some rows are written...
        raise sqlite3.OperationalError("database or disk is full")  # ...then the disk fills

    monkeypatch.setattr(Store, "_log", failing_log)
    with pytest.raises(Exception, match="disk is full"):
        import_milestones(store, Author("A", "seller"), parsed, plan_id=sample.id)
    assert calls
    monkeypatch.undo()
    assert database_digest(store) == digest


def test_nothing_to_import_is_an_error_and_changes_nothing(tmp_path, store, sample):
    rows = [["Milestone", "Due"], ["", "2027-01-01"], ["", "31/02/2027"]]
    parsed = parse(write_csv_rows(tmp_path / "p.csv", rows), sample)
    digest = database_digest(store)
    with pytest.raises(SpreadsheetError, match="no row could be read as a milestone"):
        import_milestones(store, Author("A", "seller"), parsed, plan_id=sample.id)
    assert database_digest(store) == digest


# -- writing and reading back --------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reads_back_as_the_same_milestones(tmp_path, sample, suffix):
    path = tmp_path / f"plan{suffix}"
    (write_csv if suffix == ".csv" else write_xlsx)(sample, path)

    with Store(tmp_path / "other.sqlite") as other:
        provisional = PlanState(Plan(id="", **NEW_PLAN))
        parsed = parse(path, provisional)
        assert (parsed.skipped, parsed.notes) == ([], [])
        report = import_milestones(other, Author("B", "buyer"), parsed, new_plan_values=NEW_PLAN)
        again = other.load(report.plan_id)

    assert milestone_picture(again) == milestone_picture(sample)
    assert len(again.actions) == len(sample.actions)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_reimported_into_its_own_plan_writes_nothing(tmp_path, store, sample, suffix):
    path = tmp_path / f"plan{suffix}"
    (write_csv if suffix == ".csv" else write_xlsx)(sample, path)
    parsed = parse(path, sample)
    assert {m.match for m in parsed.milestones} == set(sample.milestones)
    assert parsed.skipped == []
    digest = database_digest(store)
    report = import_milestones(store, Author("A", "seller"), parsed, plan_id=sample.id)
    assert (report.milestones, report.updated, report.unchanged) == (0, 0, len(sample.milestones))
    assert database_digest(store) == digest


def test_the_workbook_is_laid_out_for_reading(tmp_path, sample):
    import openpyxl

    write_xlsx(sample, tmp_path / "plan.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    sheet = workbook.active
    assert sheet.title == "Milestones"
    assert [c.value for c in sheet[1]] == list(EXPORT_HEADINGS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions["B"].width >= 40
    first = sample.milestone_order()[0]
    assert sheet["A2"].value == 1
    assert sheet["B2"].value == first.title
    assert sheet["F2"].value == dt.datetime.combine(first.start, dt.time())  # a real date
    assert sheet["F2"].is_date
    [action, *_] = sample.actions_of(first.id)
    assert sheet["A3"].value == "1.1"
    assert sheet["B3"].value == f"↳ {action.title}"
    assert sheet["B3"].alignment.indent == 1
    assert workbook.properties.title == sample.plan.title


def test_the_csv_opens_in_excel_with_every_letter(tmp_path, sample):
    write_csv(sample, tmp_path / "plan.csv")
    data = (tmp_path / "plan.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(f'"{h}"' if "," in h else h for h in EXPORT_HEADINGS)
    assert "Олена Коваль" in text and "Γιώργος" in text


def test_writing_into_a_missing_folder_says_so(tmp_path, sample):
    from mutualplan.exchange.files import ExchangeFileError

    with pytest.raises(ExchangeFileError, match="does not exist"):
        write_csv(sample, tmp_path / "nowhere" / "plan.csv")
    assert not (tmp_path / "nowhere").exists()


def test_change_count_is_exactly_what_the_report_says(tmp_path, store, sample):
    parsed = parse(write_csv_rows(tmp_path / "messy.csv", MESSY), sample)
    before = change_count(store)
    report = import_milestones(store, Author("A", "seller"), parsed, plan_id=sample.id)
    assert change_count(store) == before + report.changes
