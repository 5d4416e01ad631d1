"""The review form filled and saved by independent PDF engines, not only our own
libraries: pdf.js (Firefox's viewer, through Node.js), MuPDF (`mutool run`) and pypdf.
Each filled file imports with the expected proposals and comments.

A tool missing on this machine skips its test; .ci/run installs them all.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from review_helpers import (
    export_review,
    fill_with_mutool,
    fill_with_pdfjs,
    fill_with_pypdf,
    node_with_pdfjs,
)

from mutualplan.domain.responses import ACCEPT, CHANGE, COMMENT, DISPUTE
from mutualplan.domain.state import PlanState
from mutualplan.exchange.review_import import read_filled_copy
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan
from mutualplan.workflows.reviewing import import_review

ANSWERS = {
    "reviewer.name": "Γιώργος Παπαδόπουλος",
    "reviewer.side": "buyer",
    "milestone.4.answer": "change",
    "milestone.4.due": "2026-03-20",
    "milestone.4.owner": "Олена Коваль",
    "milestone.4.comment": "Ζητάμε μία εβδομάδα — Zoë stimmt zu.",
    "evidence.2.answer": "accept",
    "evidence.7.answer": "dispute",
    "evidence.7.why": "Отчёт старше года.",
    "plan.comment": "Łódź, Zürich, Αθήνα: all fine.",
}


@pytest.fixture
def sample(store: Store) -> PlanState:
    return add_sample_plan(store, today=dt.date(2026, 3, 4))


@pytest.fixture
def review_pdf(store: Store, sample: PlanState, tmp_path: Path) -> bytes:
    return export_review(store, sample.id, tmp_path / "review.pdf")


def _check_imported(store: Store, sample: PlanState, filled: bytes) -> dict[str, object]:
    copy = read_filled_copy(filled)
    for name, value in ANSWERS.items():
        assert copy.values[name] == value, name
    summary = import_review(store, filled)
    assert summary.reviewer.name == "Γιώργος Παπαδόπουλος" and summary.reviewer.person_id
    found = {}
    evidence = [e.id for e in sample.ordered("evidence")]
    for p in store.proposals_of(sample.id):
        if p.entity == "milestone":
            found[f"m{sample.milestone_number(p.entity_id)}.{p.source}"] = p
        elif p.entity == "evidence":
            found[f"e{evidence.index(p.entity_id) + 1}.{p.source}"] = p
        else:
            found[f"plan.{p.source}"] = p
    change = found["m4.form"]
    olena = next(p for p in sample.ordered("person") if p.name == "Олена Коваль")
    assert change.verdict == CHANGE
    assert change.values == {"due": "2026-03-20", "owner_id": olena.id}
    assert change.comment == "Ζητάμε μία εβδομάδα — Zoë stimmt zu."
    assert found["e2.form"].verdict == ACCEPT
    assert (found["e7.form"].verdict, found["e7.form"].comment) == (DISPUTE, "Отчёт старше года.")
    assert found["plan.form"].comment == "Łódź, Zürich, Αθήνα: all fine."
    again = import_review(store, filled)
    assert again.added == 0
    return found


def test_filled_and_saved_by_pypdf(review_pdf: bytes, store: Store, sample: PlanState) -> None:
    found = _check_imported(store, sample, fill_with_pypdf(review_pdf, ANSWERS))
    assert len(found) == 4


def test_filled_and_saved_by_pdfjs(
    review_pdf: bytes, store: Store, sample: PlanState, tmp_path: Path
) -> None:
    if node_with_pdfjs() is None:
        pytest.skip("Node.js with pdfjs-dist is not installed (cd tests/engines && npm ci)")
    filled = fill_with_pdfjs(review_pdf, ANSWERS, tmp_path)
    assert len(filled) > len(review_pdf)  # pdf.js appends its update to the copy
    assert filled.startswith(review_pdf[:1000])
    found = _check_imported(store, sample, filled)
    assert len(found) == 4


def test_filled_and_noted_by_mupdf(
    review_pdf: bytes, store: Store, sample: PlanState, tmp_path: Path
) -> None:
    if shutil.which("mutool") is None:
        pytest.skip("MuPDF's mutool is not installed (apt-get install mupdf-tools)")
    from review_helpers import area_of

    page, rect = area_of(review_pdf, "milestone", 6)
    notes = [
        {"page": page, "x": rect[0] + 30, "y": rect[1] + 12, "text": "Кто подписывает?",
         "author": "Γιώργος"},
        {"page": 1, "x": 200, "y": 300, "text": "Objective agreed"},
    ]
    filled = fill_with_mutool(review_pdf, ANSWERS, tmp_path, notes)
    found = _check_imported(store, sample, filled)
    assert found["m6.annotation"].verdict == COMMENT
    assert found["m6.annotation"].comment == "Кто подписывает?"
    assert found["plan.annotation"].comment == "Objective agreed"
    assert len(found) == 6
