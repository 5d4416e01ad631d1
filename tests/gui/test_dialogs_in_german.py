"""The main dialogs in German: the words a German reader sees, and each dialog still
fits a 1366×768 screen with its German labels."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from mutualplan import i18n
from mutualplan.domain.model import Author


@pytest.fixture(autouse=True)
def german():
    """The app in German for the whole test, the window included."""
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def _fits(dialog, *parts) -> None:
    """The dialog is within the screen, and each part is shown whole inside it."""
    QApplication.processEvents()
    available = dialog.screen().availableGeometry().size()
    frame = dialog.frameGeometry().size()
    assert frame.width() <= available.width() and frame.height() <= available.height()
    for part in parts:
        assert part.isVisible()
        where = part.geometry().translated(part.parentWidget().mapTo(dialog, QPoint(0, 0)))
        assert dialog.rect().contains(where), (part, where, dialog.rect())


def _texts(dialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


@pytest.fixture
def seller_signed(window, store, tmp_path: Path) -> tuple[Path, bytes]:
    from mutualplan.pdf.export import export_pdf
    from mutualplan.signing.identity import create_identity
    from mutualplan.workflows.signing import sign_document

    path = tmp_path / "Plan.pdf"
    author = Author("Alex Morgan", "seller", organisation="Northwind Software")
    export_pdf(store, window.session.plan_id, path, author, language="de")
    identity = create_identity("Alex Morgan", "Northwind Software", "seller")
    return path, sign_document(path.read_bytes(), identity, "seller").pdf


def test_the_verification_dialog_speaks_german(qtbot, window, store, seller_signed) -> None:
    from mutualplan.ui.signing.verification_dialog import VerificationDialog
    from mutualplan.workflows import verifying

    path, pdf = seller_signed
    dialog = VerificationDialog(verifying.verify(store, pdf), pdf, path, store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.verdict.text() == "Unversehrt, wartet auf die Signatur des Kunden"
    assert dialog.import_button.text() == "In diese Datenbank &importieren"
    model = dialog.model
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in (0, 1, 4)]
    assert headers == ["Seite", "Unterzeichner", "Unversehrt"]
    assert model.index(0, 0).data() == "Anbieter" and model.index(0, 4).data() == "Ja"
    assert "Kunde: " in _texts(dialog) and "Buyer" not in _texts(dialog)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    _fits(dialog, close, dialog.import_button, dialog.verdict)


def test_the_sign_dialog_speaks_german(qtbot, window, store, seller_signed) -> None:
    from mutualplan.ui.signing.plan_pdf import read_plan_pdf
    from mutualplan.ui.signing.sign_dialog import SignDialog

    path, _pdf = seller_signed
    dialog = SignDialog(path, read_plan_pdf(path.read_bytes()), "", window.me, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Plan.pdf signieren"
    assert dialog.make_button.text() == "Jetzt &erstellen…"
    assert "Noch keine Signaturidentität" in _texts(dialog)
    _fits(dialog, dialog.make_button)


def test_the_spreadsheet_import_speaks_german(qtbot, window, tmp_path) -> None:
    from mutualplan.exchange.columns import read_table
    from mutualplan.ui.exchange.spreadsheet_dialog import SpreadsheetImportDialog

    path = tmp_path / "Schritte.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Milestone", "Owner", "Due"])
        rows.writerow(["Datenschutzprüfung", "Zoë Müller", "2027-03-12"])
        rows.writerow(["Abnahme", "Zoë Müller", "2027-04-02"])
    dialog = SpreadsheetImportDialog(window.session, read_table(path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.import_button.text() == "2 Meilensteine importieren"
    assert "werden „" in dialog.summary.text()
    _fits(dialog, dialog.import_button)


def test_scheduling_back_speaks_german(qtbot, window) -> None:
    from mutualplan.ui.workshop.scheduling import schedule_back

    window.session.today = dt.date(2026, 1, 5)
    dialog = schedule_back(window.opened())
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Vom Zieltermin rückwärts planen"
    assert "Zieltermin:" in dialog.facts.text() and "Mo.–Fr." in dialog.facts.text()
    assert dialog.apply_button.text().startswith(("&Anwenden", "Nichts zu ändern"))
    _fits(dialog, dialog.apply_button)
