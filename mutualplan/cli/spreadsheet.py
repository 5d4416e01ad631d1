"""`mutualplan export PLAN --out FILE.csv|.xlsx|.ics` and `mutualplan import FILE.csv|
FILE.xlsx`: the command-line side of spreadsheets and calendars (cli/plans.py hands over by
the file's suffix). Imported only for those commands."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..domain.model import Plan, Side
from ..domain.state import PlanState
from ..exchange.files import ExchangeFileError
from ..i18n import _, ngettext
from ..store.repository import Store
from .common import acting_author, database_path, fail

EXPORT_SUFFIXES = {".csv": "CSV", ".xlsx": "an XLSX workbook", ".ics": "iCalendar"}
IMPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")
DATE_ORDERS = {"auto": None, "day-first": True, "month-first": False}


def export_table_or_calendar(args: argparse.Namespace, out: Path) -> int:
    from ..exchange.calendar import write_ics
    from ..exchange.spreadsheet import write_csv, write_xlsx

    suffix = out.suffix.lower()
    with Store(database_path(args)) as store:
        plan_id = store.find_plan(args.plan)
        state = store.load(plan_id)
        history = store.history(plan_id) if suffix == ".ics" else None
    try:
        if suffix == ".ics":
            write_ics(state, out, history)
        elif suffix == ".xlsx":
            write_xlsx(state, out)
        else:
            write_csv(state, out)
    except ExchangeFileError as exc:
        return fail(str(exc))
    milestones = len(state.milestones)
    actions = len(state.actions)
    if suffix == ".ics":
        dated = sum(1 for m in state.milestones.values() if m.start or m.due)
        dated += sum(1 for a in state.actions.values() if a.due)
        what = ngettext(
            "{n} event (every dated milestone and action)",
            "{n} events (every dated milestone and action)",
            dated,
        ).format(n=dated)
    else:
        what = _("{milestones} and {actions}").format(
            milestones=ngettext("{n} milestone", "{n} milestones", milestones).format(n=milestones),
            actions=ngettext("{n} action", "{n} actions", actions).format(n=actions),
        )
    print(
        _("Exported “{title}” as {export_suffixes}: {what}, to {out}").format(
            title=state.plan.title, export_suffixes=EXPORT_SUFFIXES[suffix], what=what, out=out
        )
    )
    return 0


def import_spreadsheet(args: argparse.Namespace, path: Path) -> int:
    from ..exchange.spreadsheet import (
        SpreadsheetError,
        import_milestones,
        parse_rows,
        read_table,
    )

    try:
        table = read_table(path)
    except SpreadsheetError as exc:
        return fail(str(exc))
    mapping = table.guessed_mapping()
    with Store(database_path(args)) as store:
        author = acting_author(store)
        new_plan: dict[str, Any] | None = None
        if args.plan:
            plan_id = store.find_plan(args.plan)
            state = store.load(plan_id)
        else:
            plan_id = None
            values = _new_plan_values(store, args, path, table.title_block.plan_values())
            if isinstance(values, str):
                return fail(
                    _(
                        "importing {name} makes a new plan, which needs {values}; the "
                        "sheet does not say: give --buyer and --seller, or --plan PLAN "
                        "to add the milestones to a plan you have"
                    ).format(name=path.name, values=values)
                )
            new_plan = values
            state = PlanState(Plan(id="", **new_plan))
        try:
            parsed = parse_rows(table, mapping, state, dt.date.today(), DATE_ORDERS[args.dates])
            if not parsed.milestones and parsed.skipped:
                row, reason = parsed.skipped[0]
                more = len(parsed.skipped) - 1
                others = (
                    _("; and {others}").format(
                        others=ngettext("{n} other row", "{n} other rows", more).format(n=more)
                    )
                    if more
                    else ""
                )
                return fail(
                    _(
                        "{name}: no row could be imported, nothing was changed (row "
                        "{row}: {reason}{others})"
                    ).format(name=path.name, row=row, reason=reason, others=others)
                )
            report = import_milestones(store, author, parsed, plan_id, new_plan)
        except SpreadsheetError as exc:
            return fail(f"{path.name}: {exc}")
    where = _("a new plan") if report.created else _("the plan")
    undated = len(parsed.undated)
    print(
        _("Imported {name} into {where}, “{title}”: {counted} added").format(
            name=path.name,
            where=where,
            title=report.title,
            counted=ngettext("{n} milestone", "{n} milestones", report.milestones).format(
                n=report.milestones
            ),
        )
        + (
            _(", with {counted}").format(
                counted=ngettext("{n} action", "{n} actions", report.actions).format(
                    n=report.actions
                )
            )
            if report.actions
            else ""
        )
        + (_(", {updated} updated").format(updated=report.updated) if report.updated else "")
        + (
            _(", {unchanged} unchanged").format(unchanged=report.unchanged)
            if report.unchanged
            else ""
        )
        + (
            _(" ({undated} undated: the words as written are in each description)").format(
                undated=undated
            )
            if undated
            else ""
        )
        + "."
    )
    if report.created and table.title_block.lines:
        print(_("From the sheet's title block:"))
        for row, what in table.title_block.lines:
            print(_("  row {row}: {what}").format(row=row, what=what))
    if report.people_added:
        names = ", ".join(f"{name} ({side})" for name, side in report.people_added)
        print(
            _("{counted} added: {names}").format(
                counted=ngettext("{n} person", "{n} people", len(report.people_added)).format(
                    n=len(report.people_added)
                ),
                names=names,
            )
        )
    if parsed.left_out_columns:
        print(
            _("{counted} left out:").format(
                counted=ngettext("{n} column", "{n} columns", len(parsed.left_out_columns)).format(
                    n=len(parsed.left_out_columns)
                )
            )
        )
        for column, reason in parsed.left_out_columns:
            print(_("  column {column}: {reason}").format(column=column, reason=reason))
    if report.skipped:
        print(
            _("{counted} left out:").format(
                counted=ngettext("{n} row", "{n} rows", len(report.skipped)).format(
                    n=len(report.skipped)
                )
            )
        )
        for row, reason in report.skipped:
            print(_("  row {row}: {reason}").format(row=row, reason=reason))
    if report.notes:
        print(_("Notes:"))
        for row, note in report.notes:
            print(_("  row {row}: {note}").format(row=row, note=note))
    if report.created:
        print(report.plan_id)  # last, so scripts can take it with `tail -n 1`
    return 0


def _new_plan_values(
    store: Store, args: argparse.Namespace, path: Path, from_sheet: dict[str, Any]
) -> dict[str, Any] | str:
    """The new plan's fields: what the options say, then what the sheet's title block
    says, then this copy's user for their side; the title from the title block, else
    the file's name. A string names what is missing."""
    organisations = {
        Side.BUYER: (args.buyer or "").strip() or from_sheet.get("buyer_org", ""),
        Side.SELLER: (args.seller or "").strip() or from_sheet.get("seller_org", ""),
    }
    me = store.local_user()
    if me is not None and me.organisation and not organisations.get(Side(me.side)):
        organisations[Side(me.side)] = me.organisation
    missing = [
        f"the {side} organisation" for side, value in organisations.items() if not value.strip()
    ]
    if missing:
        return " and ".join(missing)
    title = from_sheet.get("title") or (
        " ".join(re.sub(r"[_]+", " ", path.stem).split()) or "Imported plan"
    )
    values = {k: v for k, v in from_sheet.items() if k not in ("buyer_org", "seller_org")}
    return {
        **values,
        "title": title,
        "buyer_org": organisations[Side.BUYER].strip(),
        "seller_org": organisations[Side.SELLER].strip(),
    }
