"""Messy plan sheets the way different teams really keep them, each with the plan a
person would read from it and the internal text that must never reach the plan.

Each sheet is written out as the team would save it (CSV with their delimiter and
encoding, or an XLSX workbook with several sheets); `expected` is the plan a careful
reader makes of it: every milestone as (title, side, owner or None, owner's side or
None, due date or the words written where no day is named).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

D = dt.date


@dataclass
class Expected:
    title: str
    buyer_org: str
    seller_org: str
    target_date: dt.date | None = None
    objective: str = ""
    # (title, side, owner, owner's side, due date or undated words)
    milestones: list[tuple[str, str, str | None, str | None, dt.date | str]] = field(
        default_factory=list
    )
    # (title of a milestone, titles it depends on)
    depends: dict[str, set[str]] = field(default_factory=dict)
    # text that is the seller's own and must be nowhere in the plan, its PDF or its data
    internal: tuple[str, ...] = ()
    # rows left out, each with words its reason must contain
    left_out: dict[int, str] = field(default_factory=dict)
    left_out_columns: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # what the command line must add (--buyer, --seller)
    phases: dict[str, str] = field(default_factory=dict)  # milestone title -> phase


@dataclass
class Sheet:
    name: str
    sheets: dict[str, list[list[Any]]]  # sheet name -> rows (one sheet for a CSV)
    expected: Expected
    delimiter: str = ","
    encoding: str = "utf-8"

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if path.suffix == ".xlsx":
            import openpyxl

            workbook = openpyxl.Workbook()
            workbook.remove(workbook.active)
            for title, rows in self.sheets.items():
                worksheet = workbook.create_sheet(title)
                for row in rows:
                    worksheet.append(row)
            workbook.save(path)
        else:
            [rows] = self.sheets.values()
            out = io.StringIO()
            csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n").writerows(rows)
            path.write_bytes(out.getvalue().encode(self.encoding))
        return path


S, B, J = "seller", "buyer", "joint"

# 1. The sheet of the issue: a title block, a legend, Owner = Both/Vendor/Customer
# beside a person column, "TBD" and "Q2", "6, 7", a "Shared with customer?" column and
# an internal forecast under the table.
SALES_TEAM = Sheet(
    "fabrikam_map.csv",
    {
        "": [
            ["Mutual Action Plan – Fabrikam × Northwind", "", "", "", "", "", "", "", ""],
            ["Customer:", "Fabrikam Logistics", "", "Vendor:", "Northwind Software"],
            ["Go-live:", "30/06/2027"],
            ["Objective:", "Cut route-planning time by half before peak season"],
            ["Legend: Owner = Vendor / Customer / Both"],
            [],
            [
                "Step",
                "Key Milestone",
                "Owner",
                "Person",
                "Due",
                "After",
                "Status",
                "Shared with customer?",
                "Notes",
            ],
            ["1", "Discovery workshop", "Both", "Alex Morgan", "14/01/2027", "", "Done", "Yes"],
            ["2", "Success criteria agreed", "Customer", "Dana Whitfield", "28/01/2027", "1"],
            [
                "3",
                "Internal deal review",
                "Vendor",
                "Alex Morgan",
                "29/01/2027",
                "",
                "",
                "No",
                "Push for 3-year term",
            ],
            ["4", "Security questionnaire", "Vendor", "Alex Morgan", "TBD", "2", "WIP", "Yes"],
            [
                "5",
                "Technical validation",
                "Both",
                "Alex Morgan + Tom Becker",
                "Q2 2027",
                "2, 4",
                "",
                "Yes",
                "Sandbox on customer data",
            ],
            ["", "", "", "", "", "", "", "", "Needs VPN access from Fabrikam IT"],
            [
                "6",
                "Business case signed off",
                "Customer",
                "Dana Whitfield",
                "15/03/2027",
                "5",
                "at risk",
                "Yes",
            ],
            [
                "7",
                "Legal & procurement",
                "Customer",
                "Marta Kowalska",
                "31/03/2027",
                "5",
                "open",
                "yes",
            ],
            ["8", "Contract signature", "Both", "Dana Whitfield", "ASAP", "6, 7", "", "Yes"],
            [],
            ["=== Internal forecast (do not share) ==="],
            ["Deal value", "€ 480,000"],
            ["Probability", "40%"],
            ["Weighted", "€ 192,000"],
            ["Negotiation", "Can go to 15% discount if they sign in Q2"],
        ]
    },
    Expected(
        title="Mutual Action Plan – Fabrikam × Northwind",
        buyer_org="Fabrikam Logistics",
        seller_org="Northwind Software",
        target_date=D(2027, 6, 30),
        objective="Cut route-planning time by half before peak season",
        milestones=[
            ("Discovery workshop", J, "Alex Morgan", S, D(2027, 1, 14)),
            ("Success criteria agreed", B, "Dana Whitfield", B, D(2027, 1, 28)),
            ("Security questionnaire", S, "Alex Morgan", S, "TBD"),
            ("Technical validation", J, "Alex Morgan", S, "Q2 2027"),
            ("Business case signed off", B, "Dana Whitfield", B, D(2027, 3, 15)),
            ("Legal & procurement", B, "Marta Kowalska", B, D(2027, 3, 31)),
            ("Contract signature", J, "Dana Whitfield", B, "ASAP"),
        ],
        depends={
            "Success criteria agreed": {"Discovery workshop"},
            "Security questionnaire": {"Success criteria agreed"},
            "Technical validation": {"Success criteria agreed", "Security questionnaire"},
            "Business case signed off": {"Technical validation"},
            "Legal & procurement": {"Technical validation"},
            "Contract signature": {"Business case signed off", "Legal & procurement"},
        },
        internal=(
            "Internal deal review",
            "Push for 3-year term",
            "480,000",
            "192,000",
            "40%",
            "Weighted",
            "Deal value",
            "Negotiation",
            "15% discount",
            "Internal forecast",
        ),
        left_out={
            10: "not shared",
            18: "below the table's end",
            19: "below the table's end",
            20: "below the table's end",
            21: "below the table's end",
            22: "below the table's end",
        },
        left_out_columns=("Shared with customer?",),
    ),
)

# 2. A German team's workbook: Kunde/Anbieter, Zieltermin, German dates and words, a
# discount column, "Interne Notizen" under the table; the plan is on the second sheet.
GERMAN = Sheet(
    "projektplan.xlsx",
    {
        "Hinweise": [["Bitte nur Blatt 'Meilensteine' pflegen."], ["Stand: 04.01.2027"]],
        "Meilensteine": [
            ["Gemeinsamer Projektplan Contoso"],
            ["Kunde", "Contoso AG"],
            ["Anbieter", "Northwind GmbH"],
            ["Zieltermin", "15.09.2027"],
            ["Ziel", "Einführung der Tourenplanung in allen Standorten"],
            [],
            [
                "Nr.",
                "Meilenstein",
                "Seite",
                "Verantwortlich",
                "Fällig",
                "Vorgänger",
                "Status",
                "Rabatt",
                "Bemerkungen",
            ],
            [1, "Auftaktworkshop", "Beide", "Jana Schulz", "12.01.2027", "", "erledigt", "", ""],
            [
                2,
                "Datenschutzprüfung",
                "Kunde",
                "Jörg Weiß",
                "12. März 2027",
                "1",
                "in Arbeit",
                "",
                "AVV liegt vor",
            ],
            [3, "Pilotbetrieb", "Anbieter", "Lena Vogel", "KW 14", "2", "offen", "10 %", ""],
            [4, "Abnahme", "Kunde", "Jörg Weiß", dt.datetime(2027, 6, 30), "3", "", "", ""],
            [],
            ["Interne Notizen"],
            ["Marge bei 10 % Rabatt nur 22 %"],
        ],
    },
    Expected(
        title="Gemeinsamer Projektplan Contoso",
        buyer_org="Contoso AG",
        seller_org="Northwind GmbH",
        target_date=D(2027, 9, 15),
        objective="Einführung der Tourenplanung in allen Standorten",
        milestones=[
            ("Auftaktworkshop", J, "Jana Schulz", B, D(2027, 1, 12)),
            ("Datenschutzprüfung", B, "Jörg Weiß", B, D(2027, 3, 12)),
            ("Pilotbetrieb", S, "Lena Vogel", S, "KW 14"),
            ("Abnahme", B, "Jörg Weiß", B, D(2027, 6, 30)),
        ],
        depends={
            "Datenschutzprüfung": {"Auftaktworkshop"},
            "Pilotbetrieb": {"Datenschutzprüfung"},
            "Abnahme": {"Pilotbetrieb"},
        },
        internal=("Marge", "22 %", "10 %", "Interne Notizen", "Rabatt"),
        left_out={13: "below the table's end", 14: "below the table's end"},
        left_out_columns=("Rabatt",),
    ),
)

# 3. A US team's CSV: no title block, month-first dates (one over 12 decides it),
# "Thu 28 Jan" without a year, a probability and a competitor column, an "A + B"
# owner and a notes-only row continuing the one above.
US_TEAM = Sheet(
    "q1_plan.csv",
    {
        "": [
            [
                "#",
                "Task",
                "Who",
                "Side",
                "Target Date",
                "Depends On",
                "Win %",
                "Competitor",
                "Comments",
            ],
            ["1", "Kickoff call", "Sam Reyes", "Vendor", "Thu 28 Jan", "", "20%", "Acme", ""],
            ["2", "Requirements sign-off", "Kim Park", "Client", "02/04/2027", "#1", "30%", "", ""],
            [
                "3",
                "Pilot",
                "Sam Reyes & Kim Park",
                "Joint",
                "03/15/2027",
                "after 2",
                "50%",
                "Acme",
                "Two depots",
            ],
            ["", "", "", "", "", "", "", "", "Depot list from Kim"],
            ["4", "Go / no-go", "Kim Park", "Client", "4/1/2027", "3", "70%", "", ""],
        ]
    },
    Expected(
        title="q1 plan",
        buyer_org="Globex",
        seller_org="Initech",
        milestones=[
            ("Kickoff call", S, "Sam Reyes", S, D(2027, 1, 28)),
            ("Requirements sign-off", B, "Kim Park", B, D(2027, 2, 4)),
            ("Pilot", J, "Sam Reyes", S, D(2027, 3, 15)),
            ("Go / no-go", B, "Kim Park", B, D(2027, 4, 1)),
        ],
        depends={
            "Requirements sign-off": {"Kickoff call"},
            "Pilot": {"Requirements sign-off"},
            "Go / no-go": {"Pilot"},
        },
        internal=("Acme", "20%", "30%", "50%", "70%"),
        left_out_columns=("Win %", "Competitor"),
        options=("--buyer", "Globex", "--seller", "Initech"),
    ),
)

# 4. A workbook with instructions, an internal forecast sheet and the plan; sides
# written once per group (merged cells read blank under their first row).
WORKBOOK = Sheet(
    "initech_map.xlsx",
    {
        "Read me": [["How to use this template"], ["Fill in the MAP sheet."]],
        "Forecast": [
            ["Stage", "Deal value", "Probability"],
            ["Commit", 250000, 0.8],
        ],
        "MAP": [
            ["Initech – joint evaluation plan"],
            ["Client", "Initech"],
            ["Supplier", "Hooli Cloud"],
            ["Decision target", "12 Feb 2027"],
            [],
            ["Milestone", "Side", "Owner", "Start", "Due", "Status", "Exit criteria"],
            [
                "Demo to ops team",
                "Supplier",
                "Gavin Belson",
                "2027-01-04",
                "2027-01-08",
                "done",
                "Ops lead agrees to pilot",
            ],
            ["Reference call", None, "Gavin Belson", None, "2027-01-15", "", ""],
            ["Pilot plan", "Client", "Bill Lumbergh", None, "2027-01-22", "doing", ""],
            ["Pilot", None, "Bill Lumbergh", "2027-01-25", "2027-02-05", "", "KPIs met"],
            ["Decision meeting", "Both", "Bill Lumbergh", None, "2027-02-12", "", ""],
        ],
    },
    Expected(
        title="Initech – joint evaluation plan",
        buyer_org="Initech",
        seller_org="Hooli Cloud",
        target_date=D(2027, 2, 12),
        milestones=[
            ("Demo to ops team", S, "Gavin Belson", S, D(2027, 1, 8)),
            ("Reference call", S, "Gavin Belson", S, D(2027, 1, 15)),
            ("Pilot plan", B, "Bill Lumbergh", B, D(2027, 1, 22)),
            ("Pilot", B, "Bill Lumbergh", B, D(2027, 2, 5)),
            ("Decision meeting", J, "Bill Lumbergh", B, D(2027, 2, 12)),
        ],
        internal=("250000", "250,000", "Commit", "0.8"),
    ),
)

# 5. A semicolon CSV from an older Excel (Windows-1252): Activity/Who/Party, "w/c"
# dates, "ASAP", a customer-facing flag, "Supplier"/"Client" as sides.
SEMICOLON = Sheet(
    "rollout.csv",
    {
        "": [
            ["Rollout plan – Umbrella Corp"],
            ["Buyer: Umbrella Corp; Seller: Wayne Systems"],
            ["Target go-live: 01/09/2027"],
            [],
            ["Activity", "Who", "Party", "When", "Status", "Customer-facing", "Notes"],
            ["Site survey", "Lucius Fox", "Supplier", "w/c 05/04/2027", "planned", "Y", ""],
            ["Hardware order", "Albert Wesker", "Client", "ASAP", "blocked", "Y", "café budget"],
            ["Margin check", "Lucius Fox", "Supplier", "12/04/2027", "", "N", "keep above 30"],
            ["Install wave 1", "Lucius Fox", "Supplier", "end of May", "", "Y", ""],
            ["Training", "Albert Wesker", "Client", "21/06/2027", "stuck", "", ""],
        ]
    },
    Expected(
        title="Rollout plan – Umbrella Corp",
        buyer_org="Umbrella Corp",
        seller_org="Wayne Systems",
        target_date=D(2027, 9, 1),
        milestones=[
            ("Site survey", S, "Lucius Fox", S, D(2027, 4, 5)),
            ("Hardware order", B, "Albert Wesker", B, "ASAP"),
            ("Install wave 1", S, "Lucius Fox", S, "end of May"),
            ("Training", B, "Albert Wesker", B, D(2027, 6, 21)),
        ],
        internal=("Margin check", "keep above 30"),
        left_out={8: "not shared"},
    ),
    delimiter=";",
    encoding="cp1252",
)

# 6. Numbered steps whose "Step" column holds the numbers and "Activity" the titles,
# phase rows between them, dependencies written every way people write them, and a
# Responsible column of side words beside a Contact column of names.
STEPS = Sheet(
    "steps.xlsx",
    {
        "Plan": [
            ["Step", "Activity", "Responsible", "Contact", "Date", "Predecessor", "Done when"],
            [None, "Phase 1 – Discover"],
            [1, "Pain discovery", "Vendor", "Rita Moss", "2027-02-01", "—", ""],
            [2, "Stakeholder map", "Customer", "Omar Haddad", "2027-02-05", "after step 1", ""],
            [None, "Phase 2 – Validate"],
            [3, "Proof of concept", "Both", "Rita Moss", "2027-03-01", "#2", "3 use cases run"],
            [4, "Security review", "Customer", "Ines Duarte", "[Date]", "3; 2", ""],
            [5, "Executive readout", "Both", "TBD", "2027-03-20", "3, 4", ""],
        ]
    },
    Expected(
        title="steps",
        buyer_org="Vandelay",
        seller_org="Pendant Publishing",
        milestones=[
            ("Pain discovery", S, "Rita Moss", S, D(2027, 2, 1)),
            ("Stakeholder map", B, "Omar Haddad", B, D(2027, 2, 5)),
            ("Proof of concept", J, "Rita Moss", S, D(2027, 3, 1)),
            ("Security review", B, "Ines Duarte", B, "[Date]"),
            ("Executive readout", J, None, None, D(2027, 3, 20)),
        ],
        depends={
            "Stakeholder map": {"Pain discovery"},
            "Proof of concept": {"Stakeholder map"},
            "Security review": {"Proof of concept", "Stakeholder map"},
            "Executive readout": {"Proof of concept", "Security review"},
        },
        options=("--buyer", "Vandelay", "--seller", "Pendant Publishing"),
        phases={
            "Pain discovery": "Discover",
            "Stakeholder map": "Discover",
            "Proof of concept": "Validate",
            "Security review": "Validate",
            "Executive readout": "Validate",
        },
    ),
)

# 7. Dates as people type them, an "Internal notes" column, and a "Notes" section.
DATES = Sheet(
    "timeline.csv",
    {
        "": [
            ["Project: Stark onboarding"],
            ["Customer: Stark Industries", "", "Vendor: Oscorp"],
            [],
            ["Milestone", "Owner", "Side", "Due date", "Internal notes"],
            ["Kick-off", "Pepper Potts", "Buyer", "12 Feb 2027", "they are price sensitive"],
            ["Architecture review", "Otto Octavius", "Seller", "Feb–Mar 2027", ""],
            ["Data migration", "Otto Octavius", "Seller", "end of March", "scope creep risk"],
            ["Go-live", "Pepper Potts", "Buyer", "2027-04-30", ""],
            [],
            ["Notes"],
            ["Pepper prefers calls on Fridays; CFO is sceptical"],
        ]
    },
    Expected(
        title="Stark onboarding",
        buyer_org="Stark Industries",
        seller_org="Oscorp",
        milestones=[
            ("Kick-off", B, "Pepper Potts", B, D(2027, 2, 12)),
            ("Architecture review", S, "Otto Octavius", S, "Feb–Mar 2027"),
            ("Data migration", S, "Otto Octavius", S, "end of March"),
            ("Go-live", B, "Pepper Potts", B, D(2027, 4, 30)),
        ],
        internal=("price sensitive", "scope creep", "CFO is sceptical", "Fridays"),
        left_out={10: "below the table's end", 11: "below the table's end"},
        left_out_columns=("Internal notes",),
    ),
)

# 8. A tracker exported from a sales tool: deal value, forecast category and discount
# columns, rows flagged "Internal only", and a totals row after a blank gap.
TRACKER = Sheet(
    "tracker.xlsx",
    {
        "Opportunity": [
            ["Account", "Soylent Foods"],
            ["Vendor", "Cyberdyne"],
            ["Go-live", dt.datetime(2027, 10, 1)],
            [],
            [
                "ID",
                "Milestone",
                "Owner",
                "Owner's side",
                "Due",
                "Deal value",
                "Forecast category",
                "Discount",
                "Internal only",
                "Status",
            ],
            [
                "M1",
                "Discovery",
                "Sarah Connor",
                "Vendor",
                dt.datetime(2027, 3, 1),
                90000,
                "Pipeline",
                "5%",
                "",
                "complete",
            ],
            [
                "M2",
                "Pricing strategy",
                "Miles Dyson",
                "Vendor",
                dt.datetime(2027, 3, 3),
                None,
                "",
                "",
                "x",
                "",
            ],
            [
                "M3",
                "Pilot",
                "Kyle Reese",
                "Customer",
                dt.datetime(2027, 4, 1),
                90000,
                "Best case",
                "",
                "",
                "amber",
            ],
            [
                "M4",
                "Signature",
                "Kyle Reese",
                "Customer",
                dt.datetime(2027, 5, 15),
                None,
                "Commit",
                "12%",
                "",
                "red",
            ],
            [],
            ["Total", None, None, None, None, 180000],
        ]
    },
    Expected(
        title="tracker",
        buyer_org="Soylent Foods",
        seller_org="Cyberdyne",
        target_date=D(2027, 10, 1),
        milestones=[
            ("Discovery", S, "Sarah Connor", S, D(2027, 3, 1)),
            ("Pilot", B, "Kyle Reese", B, D(2027, 4, 1)),
            ("Signature", B, "Kyle Reese", B, D(2027, 5, 15)),
        ],
        internal=(
            "Pricing strategy",
            "Miles Dyson",
            "90000",
            "180000",
            "Pipeline",
            "Best case",
            "Commit",
            "12%",
        ),
        left_out={7: "not shared", 11: "below the table's end"},
        left_out_columns=("Deal value", "Forecast category", "Discount", "Internal only"),
    ),
)

CORPUS = [SALES_TEAM, GERMAN, US_TEAM, WORKBOOK, SEMICOLON, STEPS, DATES, TRACKER]
