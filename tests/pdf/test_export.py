"""The finished export: attachment, signature fields, reproducibility, the command."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from mutualplan.cli import main
from mutualplan.domain import edits
from mutualplan.domain.canonical import digest, snapshot
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.exchange.plan_data import ATTACHMENT_NAME, decode_plan_data
from mutualplan.pdf.export import ExportError, export_pdf, prepare_export, render
from mutualplan.store import Store

pdfsig = shutil.which("pdfsig")


def _export(store: Store, plan: PlanState, author: Author, tmp_path: Path, name: str) -> bytes:
    out = tmp_path / name
    export_pdf(store, plan.id, out, author)
    return out.read_bytes()


def test_the_attachment_round_trips_to_the_same_canonical_data_and_log(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    pdf = _export(store, sample, author, tmp_path, "plan.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    [raw] = reader.attachments[ATTACHMENT_NAME]
    data = decode_plan_data(raw)
    assert digest(snapshot(data.state)) == digest(snapshot(sample)) == data.revision.sha256
    assert data.changes == store.history(sample.id)
    # The hash printed on every page is the one of the embedded data.
    for page in reader.pages:
        assert data.revision.sha256[:16] in page.extract_text()


def test_both_signature_fields_exist_on_the_last_page_and_are_empty(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    pdf = _export(store, sample, author, tmp_path, "plan.pdf")
    reader = PdfReader(io.BytesIO(pdf))
    fields = reader.get_fields()
    assert set(fields) == {"seller_signature", "buyer_signature"}
    for field in fields.values():
        assert field.get("/FT") == "/Sig"
        assert field.get("/V") is None  # nobody has signed
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    assert {w["/T"] for w in widgets if w.get("/FT") == "/Sig"} == set(fields)
    assert "Priya Raghunathan" in last.extract_text()


@pytest.mark.skipif(pdfsig is None, reason="poppler-utils is not installed")
def test_poppler_sees_two_unsigned_signature_fields(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    _export(store, sample, author, tmp_path, "plan.pdf")
    result = subprocess.run(
        [pdfsig, str(tmp_path / "plan.pdf")], capture_output=True, text=True, check=False
    )
    assert result.stdout.count("The signature form field is not signed.") == 2
    assert "seller_signature" in result.stdout and "buyer_signature" in result.stdout


def test_two_exports_of_one_revision_are_byte_identical(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    first = _export(store, sample, author, tmp_path, "first.pdf")
    second = _export(store, sample, author, tmp_path, "second.pdf")
    assert first == second
    assert len(store.revisions(sample.id)) == 1


def test_an_edit_after_export_makes_the_next_revision_and_a_different_document(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    first = _export(store, sample, author, tmp_path, "first.pdf")
    milestone = sample.milestone_order()[0]
    store.commit(sample, edits.set_field(sample, "milestone", milestone.id, "title", "New"), author)
    second = _export(store, sample, author, tmp_path, "second.pdf")
    assert first != second
    assert [r.number for r in store.revisions(sample.id)] == [1, 2]
    assert "Revision 2" in PdfReader(io.BytesIO(second)).pages[0].extract_text()


def test_rendering_reports_progress_to_the_end(
    store: Store, sample: PlanState, author: Author
) -> None:
    seen: list[float] = []
    render(prepare_export(store, sample.id, author), "letter", lambda _s, f: seen.append(f))
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 4


def test_exporting_into_a_missing_folder_is_refused_and_writes_nothing(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_pdf(store, sample.id, tmp_path / "nowhere" / "plan.pdf", author)


def test_a_failed_write_leaves_the_previous_file_whole(
    store: Store, sample: PlanState, author: Author, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"%PDF-1.4 the earlier export")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mutualplan.files.os.replace", broken)
    with pytest.raises(ExportError, match="No space left"):
        export_pdf(store, sample.id, out, author)
    assert out.read_bytes() == b"%PDF-1.4 the earlier export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plan")] == []


# -- the command ---------------------------------------------------------------------


def test_export_command_writes_the_pdf_and_says_which_revision(
    store: Store, sample: PlanState, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "route.pdf"
    code = main(
        ["export", "Route", "--out", str(out), "--db", str(store.path), "--paper", "letter"]
    )
    assert code == 0
    said = capsys.readouterr().out
    assert "revision 1" in said and out.exists()
    width, height = PdfReader(out).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (612, 792)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "No such plan", "--out", "{tmp}/x.pdf"], "No plan matches"),
        (["export", "Route", "--out", "{tmp}/missing/x.pdf"], "does not exist"),
        (["export", "Route", "--out", "{tmp}/x.docx"], "ending in .pdf"),
    ],
)
def test_export_command_refuses_bad_input_with_one_line_and_exit_2(
    store: Store, sample: PlanState, tmp_path: Path, capsys, args, message
) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main([*args, "--db", str(store.path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_ambiguous_plan_prefix_is_refused(
    store: Store, sample: PlanState, author: Author, tmp_path: Path, capsys
) -> None:
    store.create_plan(
        {"title": "Route planning pilot", "buyer_org": "Fabrikam", "seller_org": "Brightline"},
        author,
    )
    assert main(["export", "Route", "--out", str(tmp_path / "x.pdf"), "--db", str(store.path)]) == 2
    assert "matches several plans" in capsys.readouterr().err
