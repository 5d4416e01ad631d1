"""Milestones in from a spreadsheet (CSV or XLSX), and the plan out as one.

Reading goes in three steps the import dialog shows one by one: `read_table` (the
cells, under the row that looks like headings), `guess_mapping` (which column holds
which field, found by its heading), `parse_rows` (each row as a milestone, or the
reason it was skipped). `import_milestones` then adds everything in one transaction;
`import_changes` gives the same edit as a change list, for the window's undo stack.

The steps live in their own modules (tables, columns, rows, sheet_export); this one
gathers them and applies an import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..domain import edits
from ..domain.changes import Change
from ..domain.model import Author, Side
from ..domain.state import PlanRuleError, PlanState
from ..store.repository import Store
from .cells import plain_key
from .columns import FIELD_LABELS, Table, guess_mapping, infer_day_first, read_table
from .rows import ParsedAction, ParsedImport, ParsedMilestone, People, parse_rows
from .sheet_export import EXPORT_HEADINGS, write_csv, write_xlsx
from .tables import SpreadsheetError

__all__ = [
    "EXPORT_HEADINGS",
    "FIELD_LABELS",
    "ImportReport",
    "ParsedAction",
    "ParsedImport",
    "ParsedMilestone",
    "SpreadsheetError",
    "Table",
    "guess_mapping",
    "import_changes",
    "import_milestones",
    "infer_day_first",
    "parse_rows",
    "read_table",
    "write_csv",
    "write_xlsx",
]


# -- applying ----------------------------------------------------------------------------


def import_changes(state: PlanState, parsed: ParsedImport) -> list[Change]:
    """The whole import as one list of changes against `state` (left as it is): new
    people first, then each new milestone with its actions, in the file's order, after
    the plan's last milestone; rows that match a milestone of the plan update the
    fields the sheet has columns for (nothing when nothing differs)."""
    return _Apply(state, parsed).run()


class _Apply:
    def __init__(self, state: PlanState, parsed: ParsedImport) -> None:
        self.work = state.copy()
        self.parsed = parsed
        self.changes: list[Change] = []
        self.people = People(self.work)
        self.updated: set[int] = set()  # indexes of matched milestones that changed

    def take(self, step: list[Change]) -> str:
        self.work.apply_all(step)
        self.changes.extend(step)
        return step[0].entity_id

    def person(self, name: str) -> str | None:
        if not name:
            return None
        found = self.people.find(name)
        if found is None:
            side = self.parsed.new_sides.get(plain_key(name), Side.BUYER)
            found = self.take(edits.add_person(self.work, {"name": name, "side": side}))
            self.people.add(name, found)
        return found

    def update(self, index: int, kind: str, entity_id: str, wanted: dict[str, Any]) -> None:
        """Set the fields that differ, in an order the plan's rules accept (a due date
        moved past the old start goes before the start that follows it)."""
        entity = self.work.get(kind, entity_id)
        pending = {k: v for k, v in wanted.items() if getattr(entity, k) != v}
        for _attempt in range(len(pending) + 1):
            if not pending:
                break
            for name, value in list(pending.items()):
                trial = self.work.copy()
                try:
                    step = edits.set_field(trial, kind, entity_id, name, value)
                    trial.apply_all(step)
                except PlanRuleError:
                    continue
                if step:
                    self.take(step)
                    self.updated.add(index)
                del pending[name]
        if pending and index >= 0:  # what the rules refuse stays as the plan has it
            self.parsed.notes.append(
                (
                    self.parsed.milestones[index].row,
                    "not updated (the plan's rules refuse it): " + ", ".join(sorted(pending)),
                )
            )

    def run(self) -> list[Change]:
        parsed, work = self.parsed, self.work
        for person in parsed.people:
            if person.match in work.people:
                self.update(-1, "person", person.match, person.values)
            else:
                found = self.take(edits.add_person(work, dict(person.values)))
                self.people.add(person.values["name"], found, person.values["email"])
        for name, _side in parsed.people_to_add:
            self.person(name)
        ids: dict[int, str] = {
            i: m.match for i, m in enumerate(parsed.milestones) if m.match in work.milestones
        }
        for index, milestone in enumerate(parsed.milestones):
            existing = [m for m in milestone.depends_on_existing if m in work.milestones]
            if index in ids:
                wanted = {
                    name: value
                    for name, value in milestone.values.items()
                    if name in milestone.present
                }
                if "owner_id" in milestone.present:
                    wanted["owner_id"] = self.person(milestone.owner)
                self.update(index, "milestone", ids[index], wanted)
            else:
                earlier = [ids[i] for i in milestone.depends_on if i in ids]
                values = {
                    **milestone.values,
                    "owner_id": self.person(milestone.owner),
                    "depends_on": tuple(sorted({*earlier, *existing})),
                }
                ids[index] = self.take(edits.add_milestone(work, values))
            for action in milestone.actions:
                action_values = {
                    "title": action.title,
                    "owner_id": self.person(action.owner),
                    "due": action.due,
                    "done": action.done,
                }
                if action.match in work.actions:
                    self.update(index, "action", action.match, action_values)
                else:
                    self.take(edits.add_action(work, ids[index], action_values))
        # Dependencies, once every row has its milestone (a row further down included).
        for index, milestone in enumerate(parsed.milestones):
            current = work.milestones[ids[index]].depends_on
            rows_named = {ids[i] for i in milestone.depends_on}
            plan_named = {m for m in milestone.depends_on_existing if m in work.milestones}
            if milestone.match is not None and "depends_on" in milestone.present:
                depends_on = tuple(sorted(rows_named | plan_named))
            else:
                depends_on = tuple(sorted({*current, *rows_named}))
            if depends_on != current:
                self.update(index, "milestone", ids[index], {"depends_on": depends_on})
        for item in parsed.evidence:
            values = dict(item.values)
            values["milestone_id"] = ids.get(item.milestone) if item.milestone is not None else None
            values["decided_by"] = self.people.find(item.decided_by) if item.decided_by else None
            if item.match in work.evidence:
                self.update(-1, "evidence", item.match, values)
            else:
                self.take(edits.add_evidence(work, values))
        parsed.updated = len(self.updated - {-1})
        return self.changes


@dataclass
class ImportReport:
    plan_id: str
    title: str
    created: bool
    milestones: int
    actions: int
    people_added: list[tuple[str, str]]
    skipped: list[tuple[int, str]]
    notes: list[tuple[int, str]]
    changes: int  # rows added to the change log
    updated: int = 0  # milestones of the plan the sheet changed
    unchanged: int = 0  # milestones of the plan the sheet matched as they are


def import_milestones(
    store: Store,
    author: Author,
    parsed: ParsedImport,
    plan_id: str | None = None,
    new_plan_values: dict[str, Any] | None = None,
) -> ImportReport:
    """Add the parsed rows to the plan `plan_id`, or to a new plan made from
    `new_plan_values`, in one transaction: everything or, on any error, nothing.

    Raises SpreadsheetError when no row could be read (nothing would be imported);
    StoreError for the environment (a locked file, a buyer with an active plan).
    """
    if not parsed.milestones:
        raise SpreadsheetError("no row could be read as a milestone; nothing was imported")
    made: list[Change] = []

    def build(state: PlanState) -> list[Change]:
        made.extend(import_changes(state, parsed))
        return made

    try:
        if plan_id is not None:
            state = store.load(plan_id)
            changes = build(state)
            if changes:  # a sheet with nothing new writes nothing
                store.commit(state, changes, author)
        elif new_plan_values is not None:
            state = store.create_plan(new_plan_values, author, build=build)
            _start_calendars(store, new_plan_values)
        else:
            raise ValueError("import_milestones needs a plan id or the values of a new plan")
    except PlanRuleError as exc:
        # parse_rows checked every row against the rules; this is a last safeguard.
        raise SpreadsheetError(
            f"the rows could not be imported: {exc}; nothing was changed"
        ) from exc
    people = [
        (c.new["name"], c.new["side"]) for c in made if c.entity == "person" and c.op == "create"
    ]
    return ImportReport(
        plan_id=state.id,
        title=state.plan.title,
        created=plan_id is None,
        milestones=sum(1 for m in parsed.milestones if m.match is None),
        updated=parsed.updated,
        unchanged=sum(1 for m in parsed.milestones if m.match is not None) - parsed.updated,
        actions=sum(1 for m in parsed.milestones for a in m.actions if a.match is None),
        people_added=people,
        skipped=list(parsed.skipped),
        notes=list(parsed.notes),
        changes=len(made) + (1 if plan_id is None else 0),  # the new plan's own
    )


def _start_calendars(store: Store, values: dict[str, Any]) -> None:
    """A new plan's sides keep their countries' public holidays, as through New plan."""
    from ..store.calendars import start_calendars

    target = values.get("target_date")
    start_calendars(
        store,
        values.get("buyer_org") or "",
        values.get("seller_org") or "",
        target if isinstance(target, dt.date) else None,
        dt.date.today(),
    )
