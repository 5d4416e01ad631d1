"""Which column of a spreadsheet holds which field of a milestone, found by the
headings people write ("Due date", "Owner", "Lead (days)"), and the table under the
row that reads most like headings."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_
from .cells import cell_text, numeric_order, one_line
from .sheet_export import FORMULA_STARTS
from .sheet_layout import (
    TitleBlock,
    internal_reason,
    looks_like_money,
    not_shared,
    read_title_block,
    section_marker,
    sharing_column,
)
from .tables import RawSheet, SpreadsheetError, read_sheets, sheet_preference

# The fields a column can fill, in the order the mapping dialog lists them.
FIELD_LABELS = {
    "title": N_("Milestone"),
    "number": N_("Number (#)"),
    "side": N_("Side"),
    "owner": N_("Owner"),
    "owner_side": N_("Owner's side"),
    "start": N_("Start"),
    "due": N_("Due"),
    "lead_days": N_("Lead time (days)"),
    "status": N_("Status"),
    "done_on": N_("Done on"),
    "depends_on": N_("Depends on"),
    "exit_criteria": N_("Exit criteria"),
    "description": N_("Description"),
    "phase": N_("Phase"),
    "key": N_("Key (from a MutualPlan export)"),
}
DATE_FIELDS = ("start", "due", "done_on")

# Headings each field answers to, strongest first, as `heading_key` writes them.
# fmt: off
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "milestone", "milestones", "milestonename", "milestonetitle", "keymilestone",
        "keymilestones", "title", "task", "tasks", "taskname", "step", "steps", "activity",
        "activities", "keyactivity", "deliverable", "item", "action", "what", "name",
        "meilenstein", "meilensteine", "schritt", "schritte", "aufgabe", "aufgaben",
        "aktivitat", "massnahme", "manahme", "keystep", "milestoneactivity",
    ),
    "number": (
        "number", "no", "nr", "num", "id", "ref", "reference", "milestonenumber",
        "stepnumber", "stepno", "stepnr", "itemnumber", "tasknumber", "taskid", "wbs", "seq",
        "sequence", "lfdnr", "nummer", "pos", "position", "step", "schritt",
    ),
    "owner": (
        "owner", "owners", "ownername", "responsible", "responsibleperson", "who",
        "assignee", "assignedto", "accountable", "resource", "resourcenames", "person",
        "verantwortlich", "verantwortlicher", "zustandig", "wer", "contact", "lead",
        "ownerperson", "personresponsible", "named", "namedowner",
    ),
    "owner_side": (
        "ownersside", "ownerorganisation", "ownerorganization",
        "ownerorg", "ownercompany", "company", "organisation", "organization",
    ),
    "side": (
        "side", "party", "team", "responsibleparty", "whichside", "seite", "partei",
        "ownerparty", "ownerside", "ownerteam",
    ),
    "start": (
        "start", "startdate", "begin", "begins", "begindate", "startson", "plannedstart", "from",
        "beginn", "startdatum", "von",
    ),
    "due": (
        "due", "duedate", "deadline", "end", "enddate", "finish", "finishdate", "dueon",
        "target", "targetdate", "plannedend", "plannedfinish", "date", "when", "by",
        "fallig", "falligkeit", "termin", "datum", "bis", "zieltermin", "enddatum",
        "faelligam", "falligam",
    ),
    "lead_days": (
        "leaddays", "leadtime", "leadtimedays", "leadtimeworkingdays", "leadtimeindays",
        "lead", "workingdays",
    ),
    "status": (
        "status", "state", "progress", "rag", "ragstatus", "percentcomplete", "complete",
        "done", "stand", "fortschritt", "zustand",
    ),
    "done_on": (
        "doneon", "donedate", "completedon", "datecompleted", "completiondate", "finishedon",
        "actualfinish", "actualend", "dateofcompletion",
    ),
    "depends_on": (
        "dependson", "dependencies", "dependency", "predecessors", "predecessor", "after",
        "blockedby", "requires", "prerequisites", "vorganger", "abhangigkeit",
        "abhangigkeiten", "abhangigvon", "nach",
    ),
    "exit_criteria": (
        "exitcriteria", "donewhen", "definitionofdone", "dod", "acceptancecriteria",
        "successcriteria", "criteria", "exit", "abnahmekriterien", "erledigtwenn",
        "fertigwenn", "kriterien",
    ),
    "description": (
        "description", "notes", "note", "details", "comments", "comment", "remarks", "desc",
        "beschreibung", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "notiz",
        "notizen", "kommentar",
    ),
    "key": ("key", "mutualplankey", "uid", "guid", "milestonekey"),
    "phase": ("phase", "stage", "workstream", "stufe", "etappe", "phasename", "stagename"),
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


def guess_mapping(headings: list[Any], rows: list[list[Any]] | None = None) -> dict[str, int]:
    """Which column (0-based) holds each field, judged by the headings and, given the
    `rows`, by what the columns hold.

    Exact headings first, the strongest synonym winning ("Milestone" over "Name"), then
    headings that start like a synonym; each column fills at most one field. Columns
    about money, probability, forecasts, competitors or discounts, and a "shared with
    the customer?" flag, fill none. With rows: a "Step" column of numbers is the row's
    number, not its title; an "Owner" column of side words (Both, Vendor, Customer) is
    the side, and the person column beside it the owner.
    """
    keys = [heading_key(h) for h in headings]
    closed = set(internal_columns(headings))
    sharing = sharing_column(keys)
    if sharing is not None:
        closed.add(sharing[0])
    mapping = _guess(keys, {}, closed)
    if rows:
        for _round in range(3):
            forced = _content_fixes(mapping, keys, rows)
            if forced is None:
                break
            mapping = _guess(keys, forced, closed)
    return {name: mapping[name] for name in FIELD_LABELS if name in mapping}


def _guess(keys: list[str], forced: dict[str, int], closed: set[int]) -> dict[str, int]:
    mapping: dict[str, int] = dict(forced)
    taken: set[int] = set(forced.values()) | closed
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
    return mapping


def _values(rows: list[list[Any]], column: int) -> list[str]:
    return [one_line(r[column]) for r in rows if column < len(r) and one_line(r[column])]


def _mostly(values: list[str], test: Any) -> bool:
    return bool(values) and sum(1 for v in values if test(v)) >= 0.6 * len(values)


def _number_like(text: str) -> bool:
    return bool(re.fullmatch(r"#?\s*\d{1,4}(?:\.\d{1,3})*\.?", text.strip()))


def _side_like(text: str) -> bool:
    from .cells import side_word

    return side_word(text) is not None


def _content_fixes(
    mapping: dict[str, int], keys: list[str], rows: list[list[Any]]
) -> dict[str, int] | None:
    """The fields to pin before guessing again, or None when the guess stands."""
    title = mapping.get("title")
    if title is not None and _mostly(_values(rows, title), _number_like):
        forced = {"number": title}
        # The title is the next column whose heading names it, else the first column of
        # words to its right.
        candidates = [
            c
            for c in range(len(keys))
            if c != title
            and c not in {v for k, v in mapping.items() if k not in ("title", "number")}
            and _values(rows, c)
            and not _mostly(_values(rows, c), _number_like)
        ]
        named = [c for c in candidates if any(keys[c].startswith(s) for s in SYNONYMS["title"])]
        choices = named or [c for c in candidates if c > title] or candidates
        if not choices:
            return None
        forced["title"] = choices[0]
        return forced
    owner = mapping.get("owner")
    if owner is not None and "side" not in mapping and _mostly(_values(rows, owner), _side_like):
        forced = {k: v for k, v in mapping.items() if k in ("title", "number")}
        forced["side"] = owner
        return forced
    return None


# -- the table -------------------------------------------------------------------------


@dataclass
class Table:
    """The cells under the heading row, with the row numbers the user's program shows,
    up to where the table ends. Rows left out before any reading (below the table's
    end, not shared with the customer) and columns never imported are listed with the
    reason, and their cells are not kept."""

    headings: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    name: str = ""
    sheet: str | None = None
    heading_row: int = 1
    title_block: TitleBlock = field(default_factory=TitleBlock)
    left_out_rows: list[tuple[int, str]] = field(default_factory=list)
    left_out_columns: dict[int, str] = field(default_factory=dict)  # column -> why
    sheets: list[str] = field(default_factory=list)  # every sheet of the workbook
    # A MutualPlan workbook's People and Evidence sheets: (headings, rows).
    people: tuple[list[str], list[list[Any]]] | None = None
    evidence: tuple[list[str], list[list[Any]]] | None = None
    path: Path | None = None  # where it was read from, to read another sheet

    def column_name(self, column: int) -> str:
        """'C “Due date”' — the letter the user's program shows, and the heading."""
        letter = column_letter(column)
        heading = self.headings[column] if column < len(self.headings) else ""
        return f"{letter} “{heading}”" if heading else f"column {letter}"

    def guessed_mapping(self) -> dict[str, int]:
        return guess_mapping(self.headings, self.rows)


def column_letter(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unescape(text: Any) -> Any:
    """Drop the apostrophe `write_csv` puts before text that Excel would run as a formula."""
    if isinstance(text, str) and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def internal_columns(headings: list[Any]) -> dict[int, str]:
    """The columns never imported, with the reason."""
    found = {}
    for column, heading in enumerate(headings):
        reason = internal_reason(heading_key(one_line(heading)))
        if reason:
            found[column] = reason
    return found


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    """The plan table in a CSV file or a workbook's sheet (`sheet`, else the sheet that
    reads most like a plan), as a person reads it: under the row that reads most like
    headings, with the title block above it, ending where the table ends."""
    sheets = read_sheets(path)
    names = [s.sheet for s in sheets if s.sheet is not None]
    if sheet is not None:
        chosen = [s for s in sheets if s.sheet == sheet]
        if not chosen:
            raise SpreadsheetError(f"{sheets[0].name} has no sheet “{sheet}”")
        table = _table_of(chosen[0])
    else:
        table = _best_table(sheets)
    table.sheets = names
    _read_companions(table, sheets)
    table.path = Path(path)
    return table


def _read_companions(table: Table, sheets: list[RawSheet]) -> None:
    """A MutualPlan workbook's other sheets: the plan's facts (when the table has no
    title block of its own), its people and its evidence."""
    named = {raw.sheet: raw for raw in sheets if raw.sheet and raw.sheet != table.sheet}
    plan = named.get("Plan")
    if plan is not None and not table.title_block.plan_values():
        table.title_block = read_title_block(plan.rows)
    for sheet_name, attribute in (("People", "people"), ("Evidence", "evidence")):
        raw = named.get(sheet_name)
        filled = [cells for _n, cells in raw.rows if not all(map(blank, cells))] if raw else []
        if filled:
            headings = [one_line(c) for c in filled[0]]
            setattr(table, attribute, (headings, [list(r) for r in filled[1:]]))


def _best_table(sheets: list[RawSheet]) -> Table:
    """The sheet whose table has a title column and the most fields; the sheet's name
    decides between equals, then its place in the workbook."""
    best: tuple[tuple[int, int, int], Table] | None = None
    problem: SpreadsheetError | None = None
    for position, raw in enumerate(sheets):
        try:
            table = _table_of(raw)
        except SpreadsheetError as exc:
            problem = problem or exc
            continue
        mapping = table.guessed_mapping()
        score = (
            1 if "title" in mapping else 0,
            -sheet_preference(raw.sheet or "") + len(mapping) * 3 + min(len(table.rows), 5),
            -position,
        )
        if best is None or score > best[0]:
            best = (score, table)
    if best is None:
        assert problem is not None
        raise problem
    return best[1]


def _table_of(raw: RawSheet) -> Table:
    if raw.sheet is None:
        raw.rows = [(number, [_unescape(c) for c in cells]) for number, cells in raw.rows]
    filled = [(number, cells) for number, cells in raw.rows if not all(map(blank, cells))]
    if not filled:
        where = f"sheet “{raw.sheet}” of {raw.name}" if raw.sheet else raw.name
        raise SpreadsheetError(f"{where} is empty")
    header_at, best = 0, -1
    for position, (_number, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        mapping = guess_mapping([one_line(c) for c in cells])
        score = len(mapping) if "title" in mapping else -1
        if score > best:
            header_at, best = position, score
    heading_number, heading_cells = filled[header_at]
    below = [(n, cells) for n, cells in raw.rows if n > heading_number]
    width = max(
        [len(heading_cells)] + [len(cells) for _n, cells in below if not all(map(blank, cells))]
    )
    headings = [one_line(c) for c in heading_cells] + [""] * (width - len(heading_cells))
    body = [(n, list(cells) + [None] * (width - len(cells))) for n, cells in below]
    closed = internal_columns(headings)
    for _n, cells in body:  # what the plan must never hold is not even kept in memory
        for column in closed:
            cells[column] = None
    # Columns with neither a heading nor a value (Excel leaves formatted ones behind).
    while headings and not headings[-1] and all(blank(c[len(headings) - 1]) for _n, c in body):
        headings.pop()
        for _n, cells in body:
            cells.pop()
    block_rows = [(n, cells) for n, cells in raw.rows if n < heading_number]
    table = Table(
        headings=headings,
        rows=[],
        row_numbers=[],
        name=raw.name,
        sheet=raw.sheet,
        heading_row=heading_number,
        left_out_columns={c: r for c, r in closed.items() if c < len(headings)},
    )
    kept = _until_the_end(table, body)
    _drop_unshared(table, kept)
    table.title_block = read_title_block(
        block_rows, infer_day_first(table, table.guessed_mapping())
    )
    return table


def _until_the_end(table: Table, body: list[tuple[int, list[Any]]]) -> list[tuple[int, list]]:
    """The rows up to the table's end; those after it go to `left_out_rows`."""
    mapping = guess_mapping(table.headings)
    title = mapping.get("title")
    number = mapping.get("number")
    others = [c for k, c in mapping.items() if k not in ("title", "number", "description")]
    kept: list[tuple[int, list[Any]]] = []
    gap = False
    for position, (row, cells) in enumerate(body):
        if all(map(blank, cells)):
            gap = bool(kept)
            continue
        marker = section_marker(cells)
        reason = None
        if marker is not None:
            reason = f"it is below the table's end (row {row}, “{marker}”, starts another section)"
        elif gap and not _fits(cells, title, number, others):
            reason = (
                f"it is below the table's end (a blank row, then row {row}, which does not "
                "fit the table)"
            )
        if reason is not None:
            for later, rest in body[position:]:
                if not all(map(blank, rest)):
                    table.left_out_rows.append((later, reason))
            break
        gap = False
        kept.append((row, cells))
    return kept


def _fits(cells: list[Any], title: int | None, number: int | None, others: list[int]) -> bool:
    """Whether a row after a blank gap still reads as one of the table's."""
    if any(looks_like_money(c) for c in cells):
        return False
    if title is None or blank(cells[title]):
        return False
    number_text = "" if number is None else one_line(cells[number])
    if number_text and not re.fullmatch(r"#?\s*[\w.\-]{1,8}", number_text):
        return False
    return any(not blank(cells[c]) for c in others if c < len(cells))


def _drop_unshared(table: Table, kept: list[tuple[int, list[Any]]]) -> None:
    """Keep the shared rows in `table`; rows marked not shared (and the notes rows that
    continue them) are listed as left out."""
    keys = [heading_key(h) for h in table.headings]
    flag = sharing_column(keys)
    mapping = guess_mapping(table.headings)
    title, number = mapping.get("title"), mapping.get("number")
    hidden_above = None
    for row, cells in kept:
        if flag is not None:
            column, yes_means_shared = flag
            value = cells[column]
            continues = (title is None or blank(cells[title])) and (
                number is None or blank(cells[number])
            )
            if continues and hidden_above is not None and blank(value):
                table.left_out_rows.append(
                    (row, f"it continues row {hidden_above}, which is not shared")
                )
                continue
            if not_shared(value, yes_means_shared):
                table.left_out_rows.append(
                    (
                        row,
                        f"it is marked not shared with the customer ({table.column_name(column)}"
                        f" says “{one_line(value)}”)",
                    )
                )
                hidden_above = row
                continue
            hidden_above = None
            cells = list(cells)
            cells[column] = None
        table.rows.append(cells)
        table.row_numbers.append(row)
    if flag is not None:
        table.left_out_columns.setdefault(
            flag[0], "it says whether a row is shared; the rows marked not shared are left out"
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
