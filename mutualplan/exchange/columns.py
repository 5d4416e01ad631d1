"""Which column of a spreadsheet holds which field of a milestone, found by the
headings people write ("Due date", "Owner", "Lead (days)"), and the table under the
row that reads most like headings."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cells import cell_text, numeric_order, one_line
from .sheet_export import FORMULA_STARTS
from .tables import SpreadsheetError, read_rows

# The fields a column can fill, in the order the mapping dialog lists them.
FIELD_LABELS = {
    "title": "Milestone",
    "number": "Number (#)",
    "side": "Side",
    "owner": "Owner",
    "owner_side": "Owner's side",
    "start": "Start",
    "due": "Due",
    "lead_days": "Lead time (days)",
    "status": "Status",
    "done_on": "Done on",
    "depends_on": "Depends on",
    "exit_criteria": "Exit criteria",
    "description": "Description",
}
DATE_FIELDS = ("start", "due", "done_on")

# Headings each field answers to, strongest first, as `heading_key` writes them.
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "milestone", "milestones", "milestonename", "milestonetitle", "title", "task",
        "tasks", "taskname", "step", "steps", "activity", "activities", "deliverable",
        "item", "action", "what", "name",
    ),
    "number": (
        "number", "no", "nr", "num", "id", "ref", "reference", "milestonenumber",
        "stepnumber", "itemnumber", "tasknumber", "taskid", "wbs", "seq", "sequence",
    ),
    "owner": (
        "owner", "owners", "ownername", "responsible", "responsibleperson", "who",
        "assignee", "assignedto", "accountable", "resource", "resourcenames", "person",
    ),
    "owner_side": (
        "ownersside", "ownerside", "ownerparty", "ownerorganisation", "ownerorganization",
        "ownerorg", "ownercompany", "company", "organisation", "organization",
    ),
    "side": ("side", "party", "team", "responsibleparty", "whichside"),
    "start": (
        "start", "startdate", "begin", "begins", "begindate", "startson", "plannedstart", "from",
    ),
    "due": (
        "due", "duedate", "deadline", "end", "enddate", "finish", "finishdate", "dueon",
        "target", "targetdate", "plannedend", "plannedfinish", "date", "when", "by",
    ),
    "lead_days": (
        "leaddays", "leadtime", "leadtimedays", "leadtimeworkingdays", "leadtimeindays",
        "lead", "workingdays",
    ),
    "status": (
        "status", "state", "progress", "rag", "ragstatus", "percentcomplete", "complete",
        "done",
    ),
    "done_on": (
        "doneon", "donedate", "completedon", "datecompleted", "completiondate", "finishedon",
        "actualfinish", "actualend", "dateofcompletion",
    ),
    "depends_on": (
        "dependson", "dependencies", "dependency", "predecessors", "predecessor", "after",
        "blockedby", "requires", "prerequisites",
    ),
    "exit_criteria": (
        "exitcriteria", "donewhen", "definitionofdone", "dod", "acceptancecriteria",
        "successcriteria", "criteria", "exit",
    ),
    "description": (
        "description", "notes", "note", "details", "comments", "comment", "remarks", "desc",
    ),
}
# fmt: on
# A heading that only starts like a synonym ("Due date (planned)") still counts, for
# synonyms long enough not to start ordinary words ("no" starts "notes").
PREFIX_MIN = 4
HEADER_SEARCH_ROWS = 15


def heading_key(text: Any) -> str:
    """'Lead (days)' -> 'leaddays', '#' -> 'number', 'Échéance' -> 'echeance'."""
    folded = cell_text(text).casefold().replace("#", " number ").replace("%", " percent ")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def guess_mapping(headings: list[Any]) -> dict[str, int]:
    """Which column (0-based) holds each field, judged by the headings alone.

    Exact headings first, the strongest synonym winning ("Milestone" over "Name"), then
    headings that start like a synonym; each column fills at most one field.
    """
    keys = [heading_key(h) for h in headings]
    mapping: dict[str, int] = {}
    taken: set[int] = set()
    for exact in (True, False):
        for name, synonyms in SYNONYMS.items():
            if name in mapping:
                continue
            for synonym in synonyms:
                if not exact and len(synonym) < PREFIX_MIN:
                    continue
                column = next(
                    (
                        i
                        for i, key in enumerate(keys)
                        if i not in taken
                        and key
                        and (key == synonym if exact else key.startswith(synonym))
                    ),
                    None,
                )
                if column is not None:
                    mapping[name] = column
                    taken.add(column)
                    break
    return {name: mapping[name] for name in FIELD_LABELS if name in mapping}


# -- the table -------------------------------------------------------------------------


@dataclass
class Table:
    """The cells under the heading row, with the row numbers the user's program shows."""

    headings: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    name: str = ""
    sheet: str | None = None
    heading_row: int = 1

    def column_name(self, column: int) -> str:
        """'C “Due date”' — the letter the user's program shows, and the heading."""
        letter = column_letter(column)
        heading = self.headings[column] if column < len(self.headings) else ""
        return f"{letter} “{heading}”" if heading else f"column {letter}"


def column_letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unescape(text: str) -> str:
    """Drop the apostrophe `write_csv` puts before text that Excel would run as a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_table(path: Path | str) -> Table:
    """The table in a CSV or XLSX file, under the row that reads most like headings
    (a title or a note above the table is left out)."""
    raw = read_rows(path)
    if raw.sheet is None:
        raw.rows = [(number, [_unescape(c) for c in cells]) for number, cells in raw.rows]
    filled = [(number, cells) for number, cells in raw.rows if not all(map(blank, cells))]
    if not filled:
        raise SpreadsheetError(f"{raw.name} is empty")
    header_at, best = 0, -1
    for position, (_number, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        mapping = guess_mapping([one_line(c) for c in cells])
        score = len(mapping) if "title" in mapping else -1
        if score > best:
            header_at, best = position, score
    width = max(len(cells) for _number, cells in filled[header_at:])
    heading_number, heading_cells = filled[header_at]
    rows = [cells + [None] * (width - len(cells)) for _n, cells in filled[header_at + 1 :]]
    headings = [one_line(c) for c in heading_cells] + [""] * (width - len(heading_cells))
    # Columns with neither a heading nor a value (Excel leaves formatted ones behind).
    while headings and not headings[-1] and all(blank(r[len(headings) - 1]) for r in rows):
        headings.pop()
        for row in rows:
            row.pop()
    return Table(
        headings=headings,
        rows=rows,
        row_numbers=[number for number, _cells in filled[header_at + 1 :]],
        name=raw.name,
        sheet=raw.sheet,
        heading_row=heading_number,
    )


def no_title_message(table: Table) -> str:
    found = ", ".join(f"“{h}”" for h in table.headings if h) or "none"
    return f"no column looks like milestone titles; headings found: {found}"


def infer_day_first(table: Table, mapping: dict[str, int]) -> bool:
    """Day first (12/03 is 12 March) unless the file's date columns show month-first
    dates (03/13) and none that only day-first reads (13/03)."""
    seen = {"day": 0, "month": 0}
    for name in DATE_FIELDS:
        column = mapping.get(name)
        if column is None:
            continue
        for row in table.rows:
            if column < len(row) and isinstance(row[column], str):
                order = numeric_order(row[column])
                if order:
                    seen[order] += 1
    return not (seen["month"] and not seen["day"])
