"""A German review copy: the same form and the same answers as an English one."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from review_helpers import SELLER, fill_with_pypdf
from test_review_copy import ZOE_ANSWERS

from mutualplan.pdf.export import export_pdf
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan
from mutualplan.workflows.reviewing import import_review


def _answers(store: Store, language: str, out: Path) -> list[tuple[object, ...]]:
    plan = add_sample_plan(store)
    export_pdf(store, plan.id, out, SELLER, review=True, language=language)
    summary = import_review(store, fill_with_pypdf(out.read_bytes(), ZOE_ANSWERS))
    assert summary.added == 7
    return sorted(
        (p.entity, p.verdict, p.comment, p.source, p.owner_text, sorted(p.values))
        for p in store.proposals_of(plan.id)
    )


def test_a_german_review_copy_brings_back_the_same_answers(tmp_path: Path) -> None:
    with Store(tmp_path / "de.sqlite") as german_store:
        german = _answers(german_store, "de", tmp_path / "de.pdf")
    with Store(tmp_path / "en.sqlite") as english_store:
        english = _answers(english_store, "en", tmp_path / "en.pdf")
    assert german == english
    form = PdfReader(tmp_path / "de.pdf").pages[-3].extract_text()
    assert "Einverstanden" in form and "Agree" not in form
