"""The PDF in German and English: every fixed word in the document's language, the plan
data and its hash the same in both."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po
from pdf_helpers import export_job, pdftotext
from pypdf import PdfReader

from mutualplan import i18n
from mutualplan.cli import main
from mutualplan.domain import edits
from mutualplan.domain.canonical import snapshot
from mutualplan.domain.model import Author, Side
from mutualplan.domain.state import PlanState
from mutualplan.exchange.plan_data import ATTACHMENT_NAME, decode_plan_data
from mutualplan.pdf.export import render, render_review
from mutualplan.store import Store

_WORD = re.compile(r"[^\W\d_]{3,}")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _fixed_text(text: str) -> str:
    """A catalogue entry without its {placeholders} and <markup>."""
    return re.sub(r"\{[^}]*\}|<[^>]*>", " ", text)


def _english_only_words() -> set[str]:
    """Words of the English fixed text that no German entry uses."""
    with (i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "mutualplan.po").open("rb") as file:
        catalogue = read_po(file)
    english, german = set(), set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in ids:
            english |= _words(_fixed_text(text))
        for text in strings:
            german |= _words(_fixed_text(text))
    return english - german


def _strings(value: Any) -> str:
    """Every text a value holds (the plan's own words, which are not translated)."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _cli_export(store: Store, out: Path, *language: str) -> None:
    [plan] = store.plans()
    args = ["export", plan.id, "--out", str(out), "--db", str(store.path), *language]
    assert main(args) == 0


def _plan_data(pdf: Path) -> Any:
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    [raw] = reader.attachments[ATTACHMENT_NAME]
    return decode_plan_data(raw), reader


def test_a_german_and_an_english_pdf_of_one_revision_carry_one_sha256(
    store: Store, sample: PlanState, tmp_path: Path
) -> None:
    _cli_export(store, tmp_path / "de.pdf", "--language", "de")
    _cli_export(store, tmp_path / "en.pdf", "--language", "en")
    german, german_reader = _plan_data(tmp_path / "de.pdf")
    english, english_reader = _plan_data(tmp_path / "en.pdf")
    assert german.revision == english.revision
    assert snapshot(german.state) == snapshot(english.state)
    sha = german.revision.sha256
    for reader, heading in ((german_reader, "Meilensteine und Aufgaben"),
                            (english_reader, "Milestones and actions")):
        texts = [page.extract_text() for page in reader.pages]
        assert any(heading in text for text in texts)
        # The hash on every page and in full on the signature page, as verify reads it.
        assert all(sha[:16] in text for text in texts)
        assert sha in re.sub(r"\s+", "", texts[-1])


def test_the_language_defaults_to_the_buyers_and_the_choice_is_remembered(
    store: Store, sample: PlanState, tmp_path: Path
) -> None:
    def first_page(name: str) -> str:
        return PdfReader(tmp_path / name).pages[0].extract_text()

    assert sample.plan.buyer_org.endswith("GmbH")  # a German buyer
    _cli_export(store, tmp_path / "default.pdf")
    assert "GEMEINSAMER MASSNAHMENPLAN" in first_page("default.pdf")
    _cli_export(store, tmp_path / "chosen.pdf", "--language", "en")
    _cli_export(store, tmp_path / "again.pdf")
    assert "MUTUAL ACTION PLAN" in first_page("again.pdf")
    assert store.setting(i18n.pdf_language_setting(sample.id)) == "en"


def test_an_unknown_language_is_refused_in_one_line(
    store: Store, sample: PlanState, tmp_path: Path, capsys: Any
) -> None:
    args = ["export", sample.id, "--out", str(tmp_path / "x.pdf"), "--db", str(store.path)]
    try:
        main([*args, "--language", "fr"])
    except SystemExit as exit:
        assert exit.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_german_pdf_has_no_english_fixed_words(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    # Everything the document can say: slips and changes since a signed revision, an
    # added person, a flagged plan, and a review copy's form.
    signed_revision, _snapshot = store.freeze_revision(sample, author)
    signed = (sample.copy(), signed_revision.log_position)
    review = sample.milestone_order()[5]
    moved = edits.set_field(sample, "milestone", review.id, "due", review.due + dt.timedelta(9))
    store.commit(sample, moved, Author("Γιώργος Παπαδόπουλος", Side.BUYER))
    added = edits.add_person(sample, {"name": "Ines Duarte", "side": Side.BUYER})
    store.commit(sample, added, author)
    job = export_job(store, sample, author, signed=signed)
    job.signature_state = "signed by the seller; waiting for the other side"
    job.language = "de"
    document = pdftotext(render(job), tmp_path)
    review_copy = pdftotext(render_review(dataclasses.replace(job)), tmp_path)

    plan_words = _words(_strings(snapshot(sample)) + _strings(snapshot(signed[0])))
    plan_words |= _words(_strings([(r.author.name, r.change.old, r.change.new)
                                   for r in store.history(sample.id)]))
    english = _english_only_words() - plan_words - {"sha", "mutualplan"}
    assert len(english) > 100  # the check has something to find
    for pages in (document, review_copy):
        found = _words(" ".join(pages)) & english
        assert not found, f"English words in the German PDF: {sorted(found)}"
    text = re.sub(r"\s+", " ", " ".join(document))
    assert "Änderungsprotokoll seit der letzten unterschriebenen Revision" in text
    assert "Fälligkeit von #6" in text


def test_without_a_buyers_country_the_pdf_speaks_the_systems_language(
    store: Store, sample: PlanState, author: Author, tmp_path: Path, monkeypatch: Any
) -> None:
    # A buyer whose organisation and calendar say nothing of a country.
    store.commit(
        sample, edits.set_field(sample, "plan", sample.id, "buyer_org", "Nordwind"), author
    )
    store.set_setting("calendars", None)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    try:
        monkeypatch.setenv("LANG", "de_DE.UTF-8")
        _cli_export(store, tmp_path / "system.pdf")
        assert "Seite 1 von" in PdfReader(tmp_path / "system.pdf").pages[0].extract_text()
        monkeypatch.setenv("LANG", "C.UTF-8")
        store.set_setting(i18n.pdf_language_setting(sample.id), None)
        _cli_export(store, tmp_path / "plain.pdf")
        assert "Page 1 of" in PdfReader(tmp_path / "plain.pdf").pages[0].extract_text()
    finally:
        i18n.set_language("en")
