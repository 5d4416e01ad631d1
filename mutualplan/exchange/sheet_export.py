"""The plan as a table: one row per milestone, its actions as marked rows under it.

The same rows make the CSV file and the XLSX workbook, and `spreadsheet.parse_rows`
reads either back into the same milestones. openpyxl is imported only when a
workbook is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from ..domain.model import Side, field_spec, label
from ..domain.state import PlanState
from .files import write_atomically

ACTION_MARK = "↳"


def _headings(kind: str, *names: str) -> tuple[str, ...]:
    return tuple(field_spec(kind, name).heading for name in names)


EXPORT_HEADINGS = (
    "#",
    *_headings("milestone", "title", "side", "owner_id"),
    "Owner's side",
    *_headings(
        "milestone",
        "start",
        "due",
        "lead_days",
        "status",
        "done_on",
        "depends_on",
        "exit_criteria",
        "description",
    ),
    "Key",
)
# Column widths in the workbook (characters), in the order of EXPORT_HEADINGS.
WIDTHS = (6, 44, 9, 24, 12, 13, 13, 11, 12, 13, 12, 44, 54, 38)
# The other sheets of the workbook: the plan itself, its people, its evidence. With
# them, a workbook imported into an empty database gives back the same plan.
PLAN_LABELS = tuple(
    (field_spec("plan", name).heading, name)
    for name in ("title", "buyer_org", "seller_org", "target_date", "objective", "success_criteria")
)
PEOPLE_HEADINGS = (*_headings("person", "name", "title", "email", "side", "role"), "Key")
EVIDENCE_HEADINGS = (
    *_headings(
        "evidence", "title", "kind", "claim", "milestone_id", "state", "decided_by", "decision_note"
    ),
    "Key",
)
WRAPPED = {"Milestone", "Exit criteria", "Description"}
SIDE_COLOURS: dict[str, str] = {Side.SELLER: "2F6FB3", Side.BUYER: "2E8B57", Side.JOINT: "7B5EA7"}
# Text a spreadsheet program would run as a formula when the CSV is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def headings_of(state: PlanState) -> tuple[str, ...]:
    """EXPORT_HEADINGS, with a Phase column before the key when the plan has phases
    (a plan without them exports as it always did)."""
    if not any(m.phase for m in state.milestones.values()):
        return EXPORT_HEADINGS
    return (*EXPORT_HEADINGS[:-1], *_headings("milestone", "phase"), EXPORT_HEADINGS[-1])


def table_rows(state: PlanState) -> list[tuple[str, str, list[Any]]]:
    """`plan_rows` in the columns of `headings_of`."""
    rows = plan_rows(state)
    if len(headings_of(state)) == len(EXPORT_HEADINGS):
        return rows
    phases = {m.id: m.phase for m in state.milestones.values()}
    shown = []
    for kind, side, cells in rows:
        phase = phases.get(cells[-1], "") if kind == "milestone" else ""
        shown.append((kind, side, [*cells[:-1], phase, cells[-1]]))
    return shown


def plan_rows(state: PlanState) -> list[tuple[str, str, list[Any]]]:
    """("milestone" or "action", the milestone's side, the cells in EXPORT_HEADINGS
    order), in the plan's order."""
    rows: list[tuple[str, str, list[Any]]] = []

    def owner(person_id: str | None) -> tuple[str, str]:
        person = state.people.get(person_id) if person_id else None
        return (person.name, label(person.side)) if person else ("", "")

    for number, m in enumerate(state.milestone_order(), start=1):
        depends = sorted(state.milestone_number(d) for d in m.depends_on if d in state.milestones)
        rows.append(
            (
                "milestone",
                m.side,
                [
                    number,
                    m.title,
                    label(m.side),
                    *owner(m.owner_id),
                    m.start,
                    m.due,
                    m.lead_days,
                    label(m.status),
                    m.done_on,
                    ", ".join(f"#{n}" for n in depends),
                    m.exit_criteria,
                    m.description,
                    m.id,  # the stable key: a re-import updates this milestone
                ],
            )
        )
        for position, a in enumerate(state.actions_of(m.id), start=1):
            rows.append(
                (
                    "action",
                    m.side,
                    [
                        f"{number}.{position}",
                        f"{ACTION_MARK} {a.title}",
                        "",
                        *owner(a.owner_id),
                        None,
                        a.due,
                        None,
                        "Done" if a.done else "To do",
                        None,
                        "",
                        "",
                        "",
                        a.id,
                    ],
                )
            )
    return rows


def people_rows(state: PlanState) -> list[list[Any]]:
    return [
        [p.name, p.title, p.email, label(p.side), p.role, p.id] for p in state.ordered("person")
    ]


def evidence_rows(state: PlanState) -> list[list[Any]]:
    rows = []
    for e in state.ordered("evidence"):
        milestone = state.milestones.get(e.milestone_id) if e.milestone_id else None
        decider = state.people.get(e.decided_by) if e.decided_by else None
        rows.append(
            [
                e.title,
                label(e.kind),
                e.claim,
                f"#{state.milestone_number(milestone.id)} {milestone.title}" if milestone else "",
                label(e.state),
                decider.name if decider else "",
                e.decision_note,
                e.id,
            ]
        )
    return rows


def csv_bytes(state: PlanState) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows every name's letters right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headings_of(state))
    for _kind, _side, cells in table_rows(state):
        writer.writerow([_csv_cell(value) for value in cells])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        # A leading apostrophe keeps "=..." text from running as a formula in Excel;
        # reading the file back removes it.
        return "'" + text
    return text


def write_csv(state: PlanState, path: Path | str) -> None:
    write_atomically(Path(path), csv_bytes(state))


def xlsx_bytes(state: PlanState) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill
    from openpyxl.styles import Side as Edge
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Milestones"
    workbook.properties.title = state.plan.title
    workbook.properties.creator = "MutualPlan"
    workbook.properties.subject = f"{state.plan.buyer_org} with {state.plan.seller_org}"

    heading_font = Font(bold=True)
    heading_fill = PatternFill("solid", fgColor="E4E9F0")
    heading_edge = Border(bottom=Edge(style="thin", color="8A94A6"))
    headings = headings_of(state)
    sheet.append(list(headings))
    for cell in sheet[1]:
        cell.font = heading_font
        cell.fill = heading_fill
        cell.border = heading_edge
        cell.alignment = Alignment(vertical="center")

    top = Alignment(vertical="top")
    wrapped = Alignment(vertical="top", wrap_text=True)
    action_title = Alignment(vertical="top", wrap_text=True, indent=1)
    action_font = Font(color="555555")
    for kind, side, cells in table_rows(state):
        sheet.append([None] * len(cells))
        row = sheet.max_row
        for column, (heading, value) in enumerate(zip(headings, cells, strict=True), 1):
            cell = sheet.cell(row=row, column=column)
            if isinstance(value, str):
                # Set as text explicitly: openpyxl would store "=..." as a formula.
                cell.value = value
                cell.data_type = "s"
            else:
                cell.value = value
            if isinstance(value, dt.date):
                cell.number_format = "d mmm yyyy"
            cell.alignment = wrapped if heading in WRAPPED else top
            if kind == "action":
                cell.font = action_font
                if heading == "Milestone":
                    cell.alignment = action_title
            elif heading == "Side":
                cell.font = Font(bold=True, color=SIDE_COLOURS.get(side, "000000"))
    widths = WIDTHS if len(headings) == len(WIDTHS) else (*WIDTHS[:-1], 16, WIDTHS[-1])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    plan_sheet = workbook.create_sheet("Plan", 0)
    for caption, name in PLAN_LABELS:
        plan_sheet.append([caption, None])
        cell = plan_sheet.cell(row=plan_sheet.max_row, column=2)
        value = getattr(state.plan, name)
        cell.value = value if value not in ("", None) else None
        if isinstance(value, str) and value:
            cell.data_type = "s"
        if isinstance(value, dt.date):
            cell.number_format = "d mmm yyyy"
        cell.alignment = wrapped
        plan_sheet.cell(row=plan_sheet.max_row, column=1).font = heading_font
    plan_sheet.column_dimensions["A"].width = 18
    plan_sheet.column_dimensions["B"].width = 90
    for title, headings, rows in (
        ("People", PEOPLE_HEADINGS, people_rows(state)),
        ("Evidence", EVIDENCE_HEADINGS, evidence_rows(state)),
    ):
        extra = workbook.create_sheet(title)
        extra.append(list(headings))
        for cell in extra[1]:
            cell.font = heading_font
            cell.fill = heading_fill
            cell.border = heading_edge
        for values in rows:
            extra.append([None] * len(values))
            for column, value in enumerate(values, start=1):
                cell = extra.cell(row=extra.max_row, column=column)
                cell.value = value if value != "" else None
                if isinstance(value, str) and value:
                    cell.data_type = "s"
                cell.alignment = wrapped
        for column in range(1, len(headings) + 1):
            extra.column_dimensions[get_column_letter(column)].width = 28
        extra.freeze_panes = "A2"
    workbook.active = workbook.index(sheet)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(state: PlanState, path: Path | str) -> None:
    write_atomically(Path(path), xlsx_bytes(state))
