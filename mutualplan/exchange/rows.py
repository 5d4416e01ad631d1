"""Spreadsheet rows read as milestones (and the actions marked under them), each one
either taken or skipped with the reason, with the owners and dependencies it names
matched against the plan. Nothing here changes the plan."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..domain import edits
from ..domain.model import MilestoneStatus, Plan, Side
from ..domain.state import PlanRuleError, PlanState
from .cells import (
    CellProblem,
    accentless_key,
    cell_text,
    date_year,
    fmt_date,
    one_line,
    plain_key,
    read_date,
    read_days,
    read_side,
    read_status,
    side_word,
)
from .columns import (
    DATE_FIELDS,
    FIELD_LABELS,
    Table,
    blank,
    heading_key,
    infer_day_first,
    no_title_message,
)
from .sheet_export import ACTION_MARK
from .tables import SpreadsheetError

_DEPENDENCY_NUMBER = re.compile(r"#?\s*(\d+)\s*(?:(?:fs|ss|ff|sf)\s*(?:[+-]\s*\d+\s*\w*)?)?")
_OWNER_HINT = re.compile(r"(.+?)\s*[(\[]([^()\[\]]+)[)\]]")
# "after step 3", "nach Schritt 3", "see #3", "Step 3": the words around a number.
_DEPENDENCY_WORDS = re.compile(
    r"^(?:after|nach|following|see|siehe|requires|needs|when|once|depends on)\s+|"
    r"^(?:step|schritt|row|zeile|item|milestone|meilenstein|task|no\.?|nr\.?)\s*",
    re.IGNORECASE,
)
# What says there is no dependency: a dash, "none", "n/a".
_NO_DEPENDENCY = {"-", "—", "–", "none", "n/a", "na", "keine", "kein", "/", "x", "0", "tbd", "?"}
# Owner cells that name nobody yet.
_NOBODY = {
    "tbd", "tba", "tbc", "?", "??", "-", "—", "–", "n/a", "na", "none", "offen",
    "unknown", "noch offen", "[name]", "[owner]", "name", "owner",
}  # fmt: skip
_OWNER_SPLIT = re.compile(r"\s*(?:\+|&|/|,|;|\band\b|\bund\b)\s*", re.IGNORECASE)


@dataclass
class ParsedAction:
    row: int
    title: str
    owner: str
    due: dt.date | None
    done: bool
    match: str | None = None  # the plan's action this row updates (by its key)


@dataclass
class ParsedMilestone:
    """One row read as a milestone. `values` are the milestone's own fields; the owner
    is named (people are found or added when the import is applied), and the
    dependencies point at other parsed rows (by index) or at milestones of the plan."""

    row: int
    values: dict[str, Any]
    owner: str = ""
    depends_on: list[int] = field(default_factory=list)
    depends_on_existing: list[str] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    phase: str = ""
    undated: str = ""  # the date words as written, when the row names no day
    # The plan's milestone this row updates (by its key, else its number in an exported
    # sheet, else its exact title), and the fields the sheet has columns for.
    match: str | None = None
    present: frozenset[str] = frozenset()


@dataclass
class ParsedPerson:
    """A row of a MutualPlan workbook's People sheet."""

    values: dict[str, Any]  # name, title, email, side, role
    match: str | None = None  # the plan's person it is (by key, else by name)


@dataclass
class ParsedEvidence:
    """A row of a MutualPlan workbook's Evidence sheet."""

    values: dict[str, Any]  # kind, title, claim, state, decision_note
    milestone: int | None = None  # index of the parsed milestone it supports
    milestone_id: str | None = None  # or the plan's milestone
    decided_by: str = ""  # a person's name
    match: str | None = None


@dataclass
class ParsedImport:
    milestones: list[ParsedMilestone] = field(default_factory=list)
    people_to_add: list[tuple[str, str]] = field(default_factory=list)  # (name, side)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (row, what was assumed)
    day_first: bool = True
    # name key -> side, for every owner that is not yet a person of the plan
    new_sides: dict[str, str] = field(default_factory=dict)
    left_out_columns: list[tuple[str, str]] = field(default_factory=list)  # (column, why)
    updated: int = 0  # set when applied: matched milestones the sheet changed
    people: list[ParsedPerson] = field(default_factory=list)
    evidence: list[ParsedEvidence] = field(default_factory=list)

    @property
    def undated(self) -> list[ParsedMilestone]:
        return [m for m in self.milestones if m.undated]

    @property
    def action_count(self) -> int:
        return sum(len(m.actions) for m in self.milestones)


def _number_key(text: str) -> str:
    """A row number as dependencies name it: '#3', '3.0', ' 03 ' -> '3'."""
    text = text.strip().lstrip("#").strip().rstrip(".")
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        return str(int(float(text)))
    return text


class _Skip(Exception):
    """This row cannot be imported; the message says why."""


class People:
    """The plan's people found by name: exactly (case and spacing aside), by e-mail,
    then without accents when that names one person only."""

    def __init__(self, state: PlanState) -> None:
        self.exact: dict[str, str] = {}
        self.loose: dict[str, list[str]] = {}
        self.email: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for person in state.ordered("person"):
            self.add(person.name, person.id, person.email)

    def add(self, name: str, person_id: str, email: str = "") -> None:
        self.names[person_id] = name
        self.exact.setdefault(plain_key(name), person_id)
        self.loose.setdefault(accentless_key(name), []).append(person_id)
        if email:
            self.email.setdefault(email.casefold().strip(), person_id)

    def find(self, name: str) -> str | None:
        if not name:
            return None
        found = self.exact.get(plain_key(name)) or self.email.get(name.casefold().strip())
        if found:
            return found
        loose = self.loose.get(accentless_key(name), [])
        return loose[0] if len(set(loose)) == 1 else None

    def by_first_name(self, name: str) -> str | None:
        """'Priya' is Priya Raghunathan when no one else of the plan is called Priya."""
        key = accentless_key(name)
        if not key or " " in key:
            return None
        found = {
            person_id
            for person_id, full in self.names.items()
            if not person_id.startswith("new:") and accentless_key(full).split()[:1] == [key]
        }
        return found.pop() if len(found) == 1 else None


def split_owner(text: str, plan: Plan) -> tuple[str, str | None]:
    """'Jane Doe (Contoso)' -> ('Jane Doe', 'buyer') when the hint names a side."""
    match = _OWNER_HINT.fullmatch(text)
    if match:
        side, _note = read_side(match[2], plan.buyer_org, plan.seller_org)
        if side in (Side.SELLER, Side.BUYER):
            return match[1], side
    return text, None


def _split_marker(text: str) -> tuple[bool, str]:
    """(is it marked as an action, the text without the mark): '↳ Send the DPA' or an
    indented cell, as MutualPlan and many people write a step under a milestone."""
    stripped = text.strip()
    if stripped.startswith((ACTION_MARK, "└")):
        return True, stripped[1:].lstrip("─- ").strip()
    return text.startswith(("  ", "\t")) and bool(stripped), stripped


class _RowReader:
    """Reads one row's cells through the mapping, raising _Skip with a reason."""

    def __init__(
        self, cells: list[Any], mapping: dict[str, int], day_first: bool, year: int | None = None
    ) -> None:
        self.cells = cells
        self.mapping = mapping
        self.day_first = day_first
        self.year = year

    def raw(self, name: str) -> Any:
        column = self.mapping.get(name)
        if column is None or column >= len(self.cells):
            return None
        return self.cells[column]

    def text(self, name: str) -> str:
        return cell_text(self.raw(name)).strip()

    def date(self, name: str) -> dt.date | None:
        """The date, or None (a date that names no day reads as none: see `words`)."""
        try:
            return read_date(self.raw(name), self.day_first, self.year)
        except CellProblem:
            return None

    def date_words(self, name: str) -> tuple[dt.date | None, str, str]:
        """(the date or None, its words as written when they name no day, why)."""
        try:
            return read_date(self.raw(name), self.day_first, self.year), "", ""
        except CellProblem as exc:
            return None, one_line(self.raw(name)), str(exc)


def parse_rows(
    table: Table,
    mapping: dict[str, int],
    state: PlanState,
    today: dt.date,
    day_first: bool | None = None,
) -> ParsedImport:
    """Every data row as a milestone (or an action under the one above), or left out
    with the reason. Nothing is changed; `state` is the plan the rows will join (its
    people and milestones are matched by name and title).

    `day_first` None reads 12/03/2027 the way the file's other dates show (day first
    when they do not say). Raises SpreadsheetError when no column holds titles.
    """
    # A column never imported stays so, whatever the mapping says.
    mapping = {k: v for k, v in mapping.items() if v not in table.left_out_columns}
    if "title" not in mapping:
        raise SpreadsheetError(no_title_message(table))
    order = infer_day_first(table, mapping) if day_first is None else day_first
    parser = _Parser(table, mapping, state, today, order)
    parser.read_people()
    parser.run()
    parser.read_evidence()
    result = parser.result
    result.skipped = sorted([*result.skipped, *table.left_out_rows], key=lambda r: r[0])
    result.left_out_columns = [
        (table.column_name(column), reason)
        for column, reason in sorted(table.left_out_columns.items())
    ]
    return result


def _context_year(table: Table, mapping: dict[str, int], today: dt.date) -> int:
    """The year most of the file's full dates are in (for "Thu 28 Jan"), else today's."""
    years: dict[int, int] = {}
    for name in DATE_FIELDS:
        column = mapping.get(name)
        if column is None:
            continue
        for row in table.rows:
            year = date_year(row[column]) if column < len(row) else None
            if year is not None:
                years[year] = years.get(year, 0) + 1
    return max(years, key=lambda y: (years[y], -y)) if years else today.year


class _Parser:
    def __init__(
        self,
        table: Table,
        mapping: dict[str, int],
        state: PlanState,
        today: dt.date,
        day_first: bool,
    ) -> None:
        self.table = table
        self.mapping = {k: v for k, v in mapping.items() if k in FIELD_LABELS}
        self.state = state
        self.plan = state.plan
        self.today = today
        self.day_first = day_first
        self.year = _context_year(table, self.mapping, today)
        self.result = ParsedImport(day_first=day_first)
        self.people = People(state)
        self.probe = PlanState(Plan(id=state.plan.id))
        self.numbers: dict[str, int] = {}  # the '#' cell -> index of the parsed milestone
        self.skipped_numbers: dict[str, int] = {}  # the '#' cell -> its skipped row
        self.positions: list[int | None] = []  # nth milestone row -> index, None if skipped
        self.dependencies: list[tuple[int, str]] = []  # (index, cell text)
        self.order = state.milestone_order()
        self.by_title: dict[str, list[str]] = {}
        for m in self.order:
            self.by_title.setdefault(plain_key(m.title), []).append(m.id)
        self.matched: set[str] = set()
        self.heading_keys = [heading_key(h) for h in table.headings]
        self.owner_sides = self._owner_sides()
        self.phase = ""
        self.phase_rows = False  # whether rows heading groups name the phases
        self.side_above: str | None = None
        self.numbered = self._mostly_numbered()

    def _companion(self, which: str) -> list[dict[str, Any]]:
        """The rows of the People or Evidence sheet, by heading."""
        found = getattr(self.table, which)
        if found is None:
            return []
        headings, rows = found
        keys = [heading_key(h) for h in headings]
        return [{k: (r[i] if i < len(r) else None) for i, k in enumerate(keys) if k} for r in rows]

    def read_people(self) -> None:
        sides = {"seller": Side.SELLER, "buyer": Side.BUYER}
        for row in self._companion("people"):
            name = one_line(row.get("name"))
            if not name:
                continue
            values = {
                "name": name,
                "title": one_line(row.get("jobtitle")),
                "email": one_line(row.get("email")),
                "side": sides.get(cell_text(row.get("side")).strip().casefold(), Side.BUYER),
                "role": one_line(row.get("role")),
            }
            key = one_line(row.get("key"))
            match = key if key in self.state.people else self.people.find(name)
            self.result.people.append(ParsedPerson(values, match))
            if match is None:
                self.people.add(name, f"sheet:{len(self.result.people)}")

    def read_evidence(self) -> None:
        from ..domain.model import EvidenceKind, EvidenceState, label

        kinds = {label(k).casefold(): k for k in EvidenceKind}
        states = {label(k).casefold(): k for k in EvidenceState}
        for row in self._companion("evidence"):
            title = one_line(row.get("evidence"))
            if not title:
                continue
            values = {
                "title": title,
                "kind": kinds.get(one_line(row.get("kind")).casefold(), EvidenceKind.CASE_STUDY),
                "claim": cell_text(row.get("claim")).strip(),
                "state": states.get(one_line(row.get("state")).casefold(), EvidenceState.PROMISED),
                "decision_note": cell_text(row.get("why")).strip(),
            }
            item = ParsedEvidence(values, decided_by=one_line(row.get("decidedby")))
            number = re.match(r"#(\d+)", one_line(row.get("milestone")))
            if number and number[1] in self.numbers:
                item.milestone = self.numbers[number[1]]
            key = one_line(row.get("key"))
            item.match = key if key in self.state.evidence else None
            self.result.evidence.append(item)

    def _mostly_numbered(self) -> bool:
        column = self.mapping.get("number")
        if column is None:
            return False
        filled = [r for r in self.table.rows if not all(map(blank, r))]
        numbered = sum(1 for r in filled if column < len(r) and not blank(r[column]))
        return numbered >= max(2, len(filled) // 2)

    def _owner_sides(self) -> dict[str, str]:
        """A person's side as the rows they own say it (the seller's rows, the buyer's),
        for a person first met on a joint row."""
        counts: dict[str, dict[str, int]] = {}
        for cells in self.table.rows:
            reader = _RowReader(cells, self.mapping, self.day_first)
            side = read_side(reader.raw("side"), self.plan.buyer_org, self.plan.seller_org)[0]
            if side not in (Side.SELLER, Side.BUYER):
                continue
            for name in self._owner_names(reader)[:1]:
                tally = counts.setdefault(plain_key(name), {})
                tally[side] = tally.get(side, 0) + 1
        return {k: max(v, key=lambda side: v[side]) for k, v in counts.items()}

    def _owner_names(self, reader: _RowReader) -> list[str]:
        text = one_line(reader.raw("owner"))
        if not text or text.casefold() in _NOBODY:
            return []
        if self.people.find(text):
            return [text]  # someone in the plan, even one called "All" or "Both"
        if side_word(text) is not None:
            return []
        name, _hint = split_owner(text, self.plan)
        if self.people.find(name) or not _OWNER_SPLIT.search(name):
            return [text]
        return [n for n in _OWNER_SPLIT.split(name) if n and n.casefold() not in _NOBODY]

    def note(self, row: int, text: str | None) -> None:
        if text:
            self.result.notes.append((row, text))

    def run(self) -> None:
        current: ParsedMilestone | int | None = None  # the milestone above, or its skipped row
        titles = (_RowReader(r, self.mapping, True).raw("title") for r in self.table.rows)
        first_title = next((cell_text(t) for t in titles if not blank(t)), "")
        # A list that indents every row says nothing about actions.
        indents_mean_actions = not _split_marker(first_title)[0]
        for number, cells in zip(self.table.row_numbers, self.table.rows, strict=True):
            if all(map(blank, cells)):
                continue
            if [heading_key(c) for c in cells[: len(self.heading_keys)]] == self.heading_keys:
                self.result.skipped.append((number, "it repeats the headings"))
                continue
            reader = _RowReader(cells, self.mapping, self.day_first, self.year)
            if self.continuation(number, reader, current):
                continue
            if self.phase_heading(number, reader):
                current = None
                continue
            marked, title = _split_marker(cell_text(reader.raw("title")))
            if marked and indents_mean_actions and current is not None:
                self.action_row(number, reader, title, current)
                continue
            try:
                current = self.milestone_row(number, reader, title)
            except _Skip as skip:
                self.result.skipped.append((number, str(skip)))
                self.positions.append(None)
                key = _number_key(reader.text("number"))
                if key:
                    self.skipped_numbers.setdefault(key, number)
                current = number
        self.resolve_dependencies()

    def continuation(
        self, row: int, reader: _RowReader, above: ParsedMilestone | int | None
    ) -> bool:
        """A row with only notes (no title, no number, nothing else) continues the
        milestone above it: its text joins that milestone's description."""
        if reader.text("title") or reader.text("number"):
            return False
        notes_fields = ("description", "exit_criteria")
        filled = [
            name
            for name, column in self.mapping.items()
            if column < len(reader.cells) and not blank(reader.cells[column])
        ]
        if not filled or any(name not in notes_fields for name in filled):
            return False
        if isinstance(above, int):
            self.result.skipped.append((row, f"it continues row {above}, which was skipped"))
            return True
        if above is None:
            return False
        for name in notes_fields:
            text = reader.text(name)
            if text:
                earlier = above.values[name]
                above.values[name] = f"{earlier}\n{text}" if earlier else text
        self.note(row, f"notes joined to the milestone in row {above.row}")
        return True

    def phase_heading(self, row: int, reader: _RowReader) -> bool:
        """A row with only a title, in a table whose rows are numbered, heads a group
        ("Phase 2 – Validate"): it names the phase of the rows under it."""
        if not self.numbered or reader.text("number"):
            return False
        filled = [column for column, value in enumerate(reader.cells) if not blank(value)]
        if filled != [self.mapping["title"]]:
            return False
        text = one_line(reader.raw("title"))
        self.phase = (
            re.sub(
                r"^(?:phase|stage|phase|stufe)\s*\d*\s*[:.\-–—]?\s*", "", text, flags=re.IGNORECASE
            )
            or text
        )
        self.phase_rows = True
        self.note(row, f"heads the phase “{self.phase}” of the rows under it")
        return True

    def owner(self, row: int, reader: _RowReader, default_side: str) -> str:
        """The owner's name as the plan knows it ('zoe muller' is Zoë Müller); someone
        new is noted for adding, once, under the first spelling met. "A + B" makes A the
        owner (B is kept in the description); a side word or "TBD" names nobody."""
        names = self._owner_names(reader)
        if not names:
            return ""
        text = names[0]
        if len(names) > 1:
            self.note(row, f"owner “{text}”; {', '.join(names[1:])} kept in the description")
        name, hinted = split_owner(text, self.plan)
        found = self.people.find(text) or self.people.find(name)
        if found:
            return self.people.names[found]
        found = self.people.by_first_name(name)
        if found:
            full = self.people.names[found]
            self.note(row, f"owner “{name}” taken to be {full}, the only {name} in the plan")
            return full
        side, note = read_side(reader.raw("owner_side"), self.plan.buyer_org, self.plan.seller_org)
        self.note(row, note and f"owner's {note}")
        if side not in (Side.SELLER, Side.BUYER):
            side = (
                hinted
                or self.owner_sides.get(plain_key(name))
                or (default_side if default_side != Side.JOINT else Side.BUYER)
            )
        self.people.add(name, f"new:{len(self.result.people_to_add)}")
        self.result.new_sides[plain_key(name)] = side
        self.result.people_to_add.append((name, side))
        return name

    def milestone_row(self, row: int, reader: _RowReader, title: str) -> ParsedMilestone:
        title = one_line(title)
        if not title:
            raise _Skip("no milestone title")
        side, note = read_side(reader.raw("side"), self.plan.buyer_org, self.plan.seller_org)
        owner_text = one_line(reader.raw("owner"))
        owner_side = (
            None
            if owner_text and self.people.find(owner_text)
            else side_word(owner_text, self.plan.buyer_org, self.plan.seller_org)
        )
        if side is None and owner_side is not None:
            side, note = owner_side, None  # "Owner: Vendor" says the side, names nobody
        elif side is None and not reader.text("side") and "side" not in self.mapping:
            # Without a side column, the owner's side is the milestone's.
            side = read_side(reader.raw("owner_side"), self.plan.buyer_org, self.plan.seller_org)[0]
        elif side is None and not reader.text("side") and self.side_above:
            side = self.side_above  # a merged cell reads as blank under its first row
        self.side_above = side if side is not None else self.side_above
        self.note(row, note)
        described: list[str] = []
        start, start_words, _why = reader.date_words("start")
        due, due_words, why = reader.date_words("due")
        done_on, done_words, _why = reader.date_words("done_on")
        if due_words:
            described.append(f"Due as written: {due_words}")
            said = "names no day" if "can read" in why else f"is not a date: {why}"
            self.note(row, f"due “{due_words}” {said}; imported undated")
        if start_words:
            described.append(f"Start as written: {start_words}")
            self.note(row, f"start “{start_words}” names no day; left empty")
        if done_words:
            described.append(f"Done on as written: {done_words}")
        if start and due and due < start:
            described.append(f"Start as written: {fmt_date(start)}")
            self.note(
                row,
                f"the start ({fmt_date(start)}) is after the due date ({fmt_date(due)}); "
                "start left empty",
            )
            start = None
        status, status_note = read_status(reader.raw("status"))
        if status_note:
            described.append(f"Status as written: {reader.text('status')}")
        self.note(row, status_note and f"{status_note}; kept in the description")
        if done_on and status != MilestoneStatus.DONE:
            if not reader.text("status"):
                status = MilestoneStatus.DONE
            else:
                self.note(
                    row,
                    f"done on {fmt_date(done_on)} left out: the status is "
                    f"{status.replace('_', ' ')}",
                )
                done_on = None
        if status == MilestoneStatus.DONE and done_on is None:
            done_on = min(due, self.today) if due else self.today
        try:
            lead_days = read_days(reader.raw("lead_days"))
        except CellProblem as exc:
            self.note(row, f"lead time left empty: {exc}")
            lead_days = None
        names = self._owner_names(reader)
        if len(names) > 1:
            described.append("Also: " + ", ".join(names[1:]))
        description = "\n".join(t for t in [reader.text("description"), *described] if t)
        values: dict[str, Any] = {
            "title": title,
            "side": side or Side.JOINT,
            "start": start,
            "due": due,
            "lead_days": lead_days,
            "status": status,
            "done_on": done_on,
            "exit_criteria": reader.text("exit_criteria"),
            "description": description,
        }
        try:  # the plan's own rules, as the final word on the values
            self.probe.check(edits.add_milestone(self.probe, values)[0])
        except PlanRuleError as exc:
            raise _Skip(str(exc)) from None
        match = self.match_existing(row, reader, title)
        phase = one_line(reader.raw("phase"))
        if phase or "key" in self.mapping:
            # A blank cell under a phase (a merged cell) keeps it; in a MutualPlan
            # export a blank phase is none.
            self.phase = phase
        values["phase"] = self.phase
        present = {"title"} | {name for name in values if name in self.mapping and name != "title"}
        if "side" in self.mapping or owner_side is not None:
            present.add("side")
        if "owner" in self.mapping:
            present.add("owner_id")
        if "status" in self.mapping or "done_on" in self.mapping:
            present |= {"status", "done_on"}
        if "depends_on" in self.mapping:
            present.add("depends_on")
        if "phase" in self.mapping or self.phase_rows:
            present.add("phase")
        if match is not None:
            # Words that name no day never clear a date the plan has.
            for name, words in (("due", due_words), ("start", start_words)):
                if words and name in present:
                    present.discard(name)
                    self.note(row, f"{name} “{words}” names no day; the plan's date is kept")
        milestone = ParsedMilestone(
            row=row,
            values=values,
            owner=self.owner(row, reader, values["side"]),
            phase=self.phase,
            undated=due_words if due is None else "",
            match=match,
            present=frozenset(present),
        )
        index = len(self.result.milestones)
        self.result.milestones.append(milestone)
        self.positions.append(index)
        key = _number_key(reader.text("number"))
        if key:
            if key in self.numbers:
                self.note(row, f"number {key} is used twice; dependencies on it mean the first")
            self.numbers.setdefault(key, index)
        depends = reader.text("depends_on")
        if depends:
            self.dependencies.append((index, depends))
        return milestone

    def match_existing(self, row: int, reader: _RowReader, title: str) -> str | None:
        """The plan's milestone a row stands for: by the key a MutualPlan export gives
        each row, else (in such an export) by its number, else by its exact title. A
        milestone is matched once; the next row with the same title is a new one."""
        key = reader.text("key")
        if key in self.state.milestones and key not in self.matched:
            self.matched.add(key)
            return key
        if "key" in self.mapping and not key:
            number = _number_key(reader.text("number"))
            if number.isdigit() and 1 <= int(number) <= len(self.order):
                found = self.order[int(number) - 1].id
                if found not in self.matched:
                    self.matched.add(found)
                    self.note(row, f"updates #{number}, matched by its number")
                    return found
        for found in self.by_title.get(plain_key(title), []):
            if found not in self.matched:
                self.matched.add(found)
                return found
        return None

    def action_row(
        self, row: int, reader: _RowReader, title: str, parent: ParsedMilestone | int
    ) -> None:
        if isinstance(parent, int):
            self.result.skipped.append(
                (row, f"an action of the milestone in row {parent}, which was skipped")
            )
            return
        title = one_line(title)
        try:
            if not title:
                raise _Skip("no action title")
            due = reader.date("due") or reader.date("start")
        except _Skip as skip:
            self.result.skipped.append((row, str(skip)))
            return
        status, note = read_status(reader.raw("status"))
        self.note(row, note)
        owner = self.owner(row, reader, parent.values["side"])
        key = reader.text("key")
        match = key if key in self.state.actions else None
        if match is None and parent.match is not None:
            match = next(
                (
                    a.id
                    for a in self.state.actions_of(parent.match)
                    if plain_key(a.title) == plain_key(title)
                ),
                None,
            )
        parent.actions.append(
            ParsedAction(row, title, owner, due, status == MilestoneStatus.DONE, match)
        )

    # -- dependencies ------------------------------------------------------------------

    def resolve_dependencies(self) -> None:
        milestones = self.result.milestones
        new_titles: dict[str, int] = {}
        for index, m in enumerate(milestones):
            new_titles.setdefault(plain_key(m.values["title"]), index)
        old_titles = {plain_key(m.title): m.id for m in self.state.milestone_order()}
        for index, text in self.dependencies:
            milestone = milestones[index]
            whole = plain_key(text)
            tokens = [text] if whole in new_titles or whole in old_titles else None
            pieces = tokens or re.split(r"[,;\n&+]+|\s+(?:and|und)\s+|\s*/\s*(?=#?\d)", text)
            for piece in pieces:
                token = piece.strip()
                for _word in range(3):  # "after step 3": each word in turn
                    token = _DEPENDENCY_WORDS.sub("", token).strip().rstrip(".")
                if not token or token.casefold() in _NO_DEPENDENCY:
                    continue
                if token in self.numbers:  # a key that is not a number ("M3")
                    self.link(index, self.numbers[token], token)
                    continue
                target = self.dependency_target(milestone.row, token, new_titles, old_titles)
                if isinstance(target, str):
                    if target not in milestone.depends_on_existing:
                        milestone.depends_on_existing.append(target)
                elif target is not None:
                    self.link(index, target, token)

    def dependency_target(
        self, row: int, token: str, new_titles: dict[str, int], old_titles: dict[str, str]
    ) -> int | str | None:
        """The parsed milestone (index) or plan milestone (id) a token names."""
        match = _DEPENDENCY_NUMBER.fullmatch(token.casefold())
        if match:
            key = _number_key(match[1])
            if "number" in self.mapping:
                if key in self.numbers:
                    return self.numbers[key]
                if key in self.skipped_numbers:
                    self.note(row, f"depends on #{key}, which was skipped; left out")
                    return None
            else:
                position = int(key)
                if 1 <= position <= len(self.positions):
                    found = self.positions[position - 1]
                    if found is None:
                        self.note(row, f"depends on #{key}, which was skipped; left out")
                    return found
            self.note(row, f"depends on #{key}, which is not in the file; left out")
            return None
        key = plain_key(token)
        if key in new_titles:
            return new_titles[key]
        if key in old_titles:
            return old_titles[key]
        self.note(row, f"depends on “{token}”, which is neither in the file nor the plan; left out")
        return None

    def link(self, index: int, target: int, token: str) -> None:
        milestones = self.result.milestones
        milestone = milestones[index]
        if target == index:
            self.note(milestone.row, "a milestone cannot depend on itself; left out")
            return
        if target in milestone.depends_on:
            return
        # Refuse the edge that would close a loop: from `target`, can we reach `index`?
        seen, stack = set(), [target]
        while stack:
            current = stack.pop()
            if current == index:
                self.note(
                    milestone.row,
                    f"depends on {token} would make a dependency cycle (with row "
                    f"{milestones[target].row}); left out",
                )
                return
            if current not in seen:
                seen.add(current)
                stack.extend(milestones[current].depends_on)
        milestone.depends_on.append(target)
