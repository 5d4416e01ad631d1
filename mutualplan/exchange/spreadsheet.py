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
    people first, then each milestone with its actions, in the file's order, after the
    plan's last milestone."""
    work = state.copy()
    changes: list[Change] = []

    def take(step: list[Change]) -> str:
        work.apply_all(step)
        changes.extend(step)
        return step[0].entity_id

    people = People(work)

    def person(name: str) -> str | None:
        if not name:
            return None
        found = people.find(name)
        if found is None:
            side = parsed.new_sides.get(plain_key(name), Side.BUYER)
            found = take(edits.add_person(work, {"name": name, "side": side}))
            people.add(name, found)
        return found

    for name, _side in parsed.people_to_add:
        person(name)
    ids: dict[int, str] = {}
    for index, milestone in enumerate(parsed.milestones):
        earlier = [ids[i] for i in milestone.depends_on if i in ids]
        existing = [m for m in milestone.depends_on_existing if m in work.milestones]
        values = {
            **milestone.values,
            "owner_id": person(milestone.owner),
            "depends_on": tuple(sorted({*earlier, *existing})),
        }
        ids[index] = take(edits.add_milestone(work, values))
        for action in milestone.actions:
            action_values = {
                "title": action.title,
                "owner_id": person(action.owner),
                "due": action.due,
                "done": action.done,
            }
            take(edits.add_action(work, ids[index], action_values))
    # A dependency on a row further down is set once that row exists.
    for index, milestone in enumerate(parsed.milestones):
        current = work.milestones[ids[index]].depends_on
        wanted = tuple(sorted({*current, *(ids[i] for i in milestone.depends_on)}))
        if wanted != current:
            take(edits.set_field(work, "milestone", ids[index], "depends_on", wanted))
    return changes


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
            store.commit(state, build(state), author)
        elif new_plan_values is not None:
            state = store.create_plan(new_plan_values, author, build=build)
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
        milestones=len(parsed.milestones),
        actions=parsed.action_count,
        people_added=people,
        skipped=list(parsed.skipped),
        notes=list(parsed.notes),
        changes=len(made) + (1 if plan_id is None else 0),  # the new plan's own
    )
