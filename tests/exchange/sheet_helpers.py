"""Shared by the spreadsheet and calendar tests: files written the way people write
them, and a fingerprint of a whole database to prove an import left it alone."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path
from typing import Any

from mutualplan.domain.state import PlanState
from mutualplan.store.repository import Store


def write_csv_rows(path: Path, rows: list[list[Any]], delimiter: str = ",", encoding="utf-8"):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx_rows(path: Path, rows: list[list[Any]], sheet: str = "Plan") -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def database_digest(store: Store) -> str:
    """Every row of every table, as SQL text: equal digests, equal databases."""
    dump = "\n".join(store.conn.iterdump())
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def change_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]


def milestone_picture(state: PlanState) -> list[tuple]:
    """The milestones as a reader of the table sees them: names instead of ids,
    dependencies by title, actions under each."""

    def name(person_id: str | None) -> tuple[str, str] | None:
        person = state.people.get(person_id) if person_id else None
        return (person.name, person.side) if person else None

    picture = []
    for m in state.milestone_order():
        depends = sorted(state.milestones[d].title for d in m.depends_on)
        actions = [(a.title, name(a.owner_id), a.due, a.done) for a in state.actions_of(m.id)]
        picture.append(
            (
                m.title,
                m.side,
                name(m.owner_id),
                m.start,
                m.due,
                m.lead_days,
                m.status,
                m.done_on,
                depends,
                m.exit_criteria,
                m.description,
                actions,
            )
        )
    return picture
