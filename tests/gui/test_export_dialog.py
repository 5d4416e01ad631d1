"""File ▸ Export PDF…: rendered off the GUI thread, written, previewed in the app."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from mutualplan.exchange.plan_data import ATTACHMENT_NAME, decode_plan_data
from mutualplan.ui.exchange.export import export_pdf


def test_export_writes_the_pdf_and_opens_the_preview(qtbot, window, store, tmp_path: Path):
    out = tmp_path / "contoso.pdf"
    exporter = export_pdf(window.opened(), out)
    assert exporter is not None
    qtbot.waitUntil(lambda: exporter.preview is not None, timeout=30_000)

    reader = PdfReader(out)
    assert exporter.preview.document.pageCount() == len(reader.pages) >= 5
    [raw] = reader.attachments[ATTACHMENT_NAME]
    assert decode_plan_data(raw).state.plan.title == "Contoso analytics rollout"
    assert "exported as" in window.plan_view.header.revision.text()
    exporter.preview.close()


def test_the_save_dialog_suggests_a_name_and_adds_the_pdf_suffix(
    qtbot, window, tmp_path: Path, monkeypatch
):
    asked = {}

    def fake_dialog(parent, caption, start, filters):
        asked["start"] = start
        return str(tmp_path / "chosen"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    exporter = window.run("export")
    qtbot.waitUntil(lambda: exporter.preview is not None, timeout=30_000)
    assert asked["start"].endswith("Contoso analytics rollout - revision 1.pdf")
    assert (tmp_path / "chosen.pdf").read_bytes().startswith(b"%PDF")
    exporter.preview.close()


def test_cancelling_the_save_dialog_exports_nothing(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    assert window.run("export") is None
    assert store.revisions(window.session.plan_id) == []
