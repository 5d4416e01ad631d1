"""Eight messy sheets imported as a new user would, with the command line, each read
back from the database as the plan a person would have made of it; then the plan is
exported as the PDF that goes to the customer, and none of the seller's internal text
is anywhere: not in the database, the PDF's text, nor the plan data attached to it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import run_cli as run
from sheet_corpus import CORPUS, Sheet

from mutualplan.domain.model import Author
from mutualplan.store.repository import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy whose user is known (the command line attributes every change)."""
    path = tmp_path / "plans.sqlite"
    monkeypatch.setenv("MUTUALPLAN_DB", str(path))
    with Store(path) as store:
        store.set_local_user(Author("Priya Raghunathan", "seller"))
    return path


def imported(sheet: Sheet, tmp_path: Path, capsys) -> tuple[str, list[str]]:
    path = sheet.write(tmp_path)
    code, out, err = run(capsys, "import", str(path), *sheet.expected.options)
    assert (code, err) == (0, ""), out
    lines = out.splitlines()
    return lines[-1], lines


@pytest.mark.parametrize("sheet", CORPUS, ids=lambda s: s.name)
def test_a_messy_sheet_gives_the_plan_a_person_would_read(sheet: Sheet, tmp_path, db, capsys):
    plan_id, lines = imported(sheet, tmp_path, capsys)
    expected = sheet.expected
    with Store(db) as store:
        state = store.load(plan_id)
    plan = state.plan
    assert (plan.title, plan.buyer_org, plan.seller_org) == (
        expected.title,
        expected.buyer_org,
        expected.seller_org,
    )
    assert plan.target_date == expected.target_date
    assert plan.objective == expected.objective

    def owner(m) -> tuple[str | None, str | None]:
        person = state.people.get(m.owner_id) if m.owner_id else None
        return (person.name, person.side) if person else (None, None)

    got = []
    for m in state.milestone_order():
        if m.due is not None:
            when = m.due
        else:
            words = re.search(r"Due as written: (.+)", m.description)
            when = words[1] if words else "undated without its words"
        got.append((m.title, m.side, *owner(m), when))
    assert got == expected.milestones

    titles = {m.id: m.title for m in state.milestones.values()}
    depends = {
        m.title: {titles[d] for d in m.depends_on}
        for m in state.milestones.values()
        if m.depends_on
    }
    assert depends == expected.depends
    phases = {m.title: m.phase for m in state.milestones.values() if m.phase}
    assert phases == expected.phases

    # Every left-out row and column is reported with its reason.
    for row, words in expected.left_out.items():
        assert any(line.startswith(f"  row {row}: ") and words in line for line in lines), (
            row,
            lines,
        )
    for heading in expected.left_out_columns:
        assert any(line.startswith("  column ") and f"“{heading}”" in line for line in lines)


@pytest.mark.parametrize("sheet", CORPUS, ids=lambda s: s.name)
def test_no_internal_text_reaches_the_plan_its_pdf_or_its_data(sheet: Sheet, tmp_path, db, capsys):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    from pypdf import PdfReader

    plan_id, _lines = imported(sheet, tmp_path, capsys)
    out = tmp_path / "plan.pdf"
    code, _, err = run(capsys, "export", plan_id, "--out", str(out))
    assert (code, err) == (0, "")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    attachments = {name: b"".join(data) for name, data in reader.attachments.items()}
    assert attachments, "the plan data is attached"
    data = b"".join(attachments.values()).decode("utf-8")
    with Store(db) as store:
        dump = "\n".join(store.conn.iterdump())
    # The expected plan is in all three: the check reads the right things.
    first = sheet.expected.milestones[0][0]
    assert first in " ".join(text.split()) and first in data and first in dump
    flat = " ".join(text.split())
    for secret in sheet.expected.internal:
        assert secret not in flat, secret
        assert secret not in data, secret
        assert secret not in dump, secret
