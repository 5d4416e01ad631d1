"""Export jobs built from real stores, as the export step gathers them, and the PDF
read back as text: shared by the document tests."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mutualplan.domain import edits
from mutualplan.domain.changes import Change
from mutualplan.domain.model import Author, MilestoneStatus, Side
from mutualplan.domain.state import PlanState
from mutualplan.pdf.export import signature_slots
from mutualplan.pdf.job import ExportJob
from mutualplan.store.repository import Store

# A fixed 'today', so the sample's relative dates and every overdue mark are stable.
TODAY = dt.date(2026, 3, 4)


def export_job(
    store: Store,
    state: PlanState,
    author: Author,
    *,
    today: dt.date = TODAY,
    signed: tuple[PlanState, int] | None = None,
) -> ExportJob:
    """Freeze `state` and gather what the document shows.

    `signed` is (the plan as it was signed, the log position it was frozen at): its
    revision becomes the baseline the document measures slips and changes against.
    """
    revision, _snapshot = store.freeze_revision(state, author)
    job = ExportJob(
        state=state,
        revision=revision,
        signature_state="draft, not signed yet",
        signers=signature_slots(state),
        history=store.history(state.id),
        today=today,
    )
    if signed is not None:
        baseline, position = signed
        job.baseline = baseline
        job.baseline_revision = next(
            r for r in store.revisions(state.id) if r.log_position == position
        )
        job.changes_since_baseline = store.history_since(state.id, position)
        number = job.baseline_revision.number
        job.signature_state = f"draft; revision {number} was signed by both sides"
    return job


def add_milestones(store: Store, state: PlanState, author: Author, count: int) -> None:
    """`count` more milestones over about two years: every side, some done, some
    undated or unowned, each depending on the one before, a few with an action."""
    work = state.copy()
    people = work.ordered("person")
    changes: list[Change] = []
    previous: str | None = None
    sides = (Side.BUYER, Side.SELLER, Side.JOINT)
    for n in range(count):
        start = TODAY + dt.timedelta(days=2 * n - 60)
        dated = n % 17 != 5
        values = {
            "title": f"Workstream step {n + 1}: rollout task for region {n % 9 + 1}",
            "side": sides[n % 3],
            "owner_id": people[n % len(people)].id if people and n % 23 != 7 else None,
            "start": start if dated and n % 11 != 3 else None,
            "due": start + dt.timedelta(days=10 + n % 20) if dated else None,
            "status": MilestoneStatus.DONE if n < count // 6 else MilestoneStatus.NOT_STARTED,
            "done_on": start + dt.timedelta(days=9) if n < count // 6 else None,
            "depends_on": (previous,) if previous and n % 4 else (),
            "exit_criteria": "Region signs off the step." if n % 5 == 0 else "",
        }
        step = edits.add_milestone(work, values)
        work.apply_all(step)
        changes += step
        previous = step[0].entity_id
        if n % 10 == 0:
            action = edits.add_action(
                work, previous, {"title": f"Prepare step {n + 1} checklist", "due": values["due"]}
            )
            work.apply_all(action)
            changes += action
    store.commit(state, changes, author)


def _poppler_text(pdf: bytes, tmp_path: Path, *args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    source = tmp_path / "read.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(source), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdftotext(pdf: bytes, tmp_path: Path, layout: bool = False) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it (an outside reader).

    With `layout`, lines stay where they are on the page: a table row's cells share a
    line, and a cell's wrapped text continues a line below.
    """
    return _poppler_text(pdf, tmp_path, *(["-layout"] if layout else [])).split("\f")[:-1]


def placed_words(pdf: bytes, tmp_path: Path, page: int) -> list[tuple[float, ...]]:
    """(x1, y1, x2, y2) of each word on a page (1-based), in PDF points from the
    bottom-left corner like the signature boxes."""
    html = _poppler_text(pdf, tmp_path, "-bbox", "-f", str(page), "-l", str(page))
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', html).group(1))
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', html
    )
    return [
        (float(x1), height - float(y2), float(x2), height - float(y1)) for x1, y1, x2, y2 in found
    ]


def words(text: str) -> str:
    """Whitespace collapsed, so text a cell wrapped over lines compares as one line."""
    return re.sub(r"\s+", " ", text).strip()
