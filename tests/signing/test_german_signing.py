"""The signing commands and the signature stamp in German: the command line speaks the
system's language, the stamp the document's."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from helpers import run_cli as run
from signing_helpers import write

from mutualplan import i18n
from mutualplan.domain.model import Author
from mutualplan.pdf.export import export_pdf
from mutualplan.signing.sign import sign
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch):
    """The system asks for German; the app's language is English again afterwards."""
    monkeypatch.setenv("LANGUAGE", "de")
    yield
    i18n.set_language("en")


def _export(tmp_path: Path, language: str) -> bytes:
    author = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")
    with Store(tmp_path / f"plans-{language}.sqlite") as store:
        state = add_sample_plan(store, today=dt.date(2026, 11, 26))
        out = tmp_path / f"plan-{language}.pdf"
        export_pdf(store, state.id, out, author, language=language)
    return out.read_bytes()


def _text(tmp_path: Path, pdf: bytes) -> str:
    path = write(tmp_path, "read.pdf", pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(done.stdout.split())


def test_german_verify_prints_german(tmp_path, seller_signed, german, capsys) -> None:
    signed = write(tmp_path, "s1.pdf", seller_signed)
    code, out, _ = run(capsys, "verify", str(signed), "--db", str(tmp_path / "db.sqlite"))
    assert code == 1
    assert "Kunde: nicht unterschrieben" in out
    assert "Ergebnis: NICHT verifiziert — vom Anbieter unterschrieben" in out
    assert "unversehrt und gültig" in out
    assert "not signed" not in out and "Result" not in out


def test_german_json_stays_english(tmp_path, seller_signed, german, capsys) -> None:
    signed = write(tmp_path, "s1.pdf", seller_signed)
    code, out, _ = run(capsys, "verify", str(signed), "--json", "--db", str(tmp_path / "d"))
    assert code == 1 and '"standing": "signed by the seller"' in out


def test_a_failing_command_fails_in_german(tmp_path, german, capsys) -> None:
    not_a_pdf = write(tmp_path, "notes.pdf", b"just some notes")
    code, _, err = run(capsys, "verify", str(not_a_pdf), "--db", str(tmp_path / "db.sqlite"))
    assert code == 2 and "die Datei ist kein PDF" in err


def test_signing_a_field_signed_already_is_refused_in_german(
    tmp_path, seller_signed, seller_identity, german, capsys, monkeypatch
) -> None:
    from mutualplan.signing.identity import save_identity

    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "correct horse battery staple")
    p12 = tmp_path / "seller.p12"
    save_identity(seller_identity, p12, b"correct horse battery staple")
    signed = write(tmp_path, "s1.pdf", seller_signed)
    code, _, err = run(
        capsys, "sign", str(signed), "--identity", str(p12), "--out", str(tmp_path / "s2.pdf")
    )
    assert code == 2 and "bereits unterschrieben" in err, err


def test_the_stamp_speaks_the_documents_language(tmp_path, seller_identity) -> None:
    german_pdf = _text(tmp_path, sign(_export(tmp_path, "de"), seller_identity))
    assert "Digital signiert von Priya Raghunathan" in german_pdf
    assert "Brightline Analytics, für den Anbieter" in german_pdf
    assert "Digitally signed" not in german_pdf and "for the seller" not in german_pdf
    english_pdf = _text(tmp_path, sign(_export(tmp_path, "en"), seller_identity))
    assert "Digitally signed by Priya Raghunathan" in english_pdf
    assert "Brightline Analytics, for the seller" in english_pdf


def test_an_english_pdf_from_a_german_app_is_stamped_in_english(tmp_path, seller_identity):
    """The app's language does not decide the stamp; the document's does."""
    i18n.set_language("de")
    try:
        english_pdf = _text(tmp_path, sign(_export(tmp_path, "en"), seller_identity))
    finally:
        i18n.set_language("en")
    assert "Digitally signed by Priya Raghunathan" in english_pdf


def test_help_and_usage_errors_are_german(german, capsys) -> None:
    code, out, _ = run(capsys, "verify", "--help")
    assert code == 0 and "Aufruf: mutualplan verify" in out
    assert "jede Signatur und die Plandaten eines Plan-PDFs prüfen" in out
    assert "diese Hilfe anzeigen und beenden" in out
    code, _, err = run(capsys, "verify")
    assert code == 2 and "Fehler: folgende Argumente fehlen: FILE.pdf" in err


def test_what_is_wrong_with_a_certificate_is_said_in_german():
    # Problems that carry a date or a name are worded when found, in the active language.
    import datetime as dt

    from signing_helpers import certificate_identity

    from mutualplan import i18n
    from mutualplan.signing.verify import _certificate_problems

    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    identity = certificate_identity("Zoë Müller", "Nordwind", not_before=start, days=30)
    late = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    i18n.set_language("de")
    try:
        [problem] = _certificate_problems(identity.certificate, late, None, late)
    finally:
        i18n.set_language("en")
    assert problem.startswith("das Zertifikat war zum angegebenen Signaturzeitpunkt bereits")
    assert "2026-01-31" in problem
