"""File ▸ Sign… and File ▸ Verify…: the real dialogs, driven as a user would, with the
file dialogs and the passphrase prompt answered by the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mutualplan.pdf.export import export_pdf
from mutualplan.signing.identity import Identity, create_identity, save_identity
from mutualplan.signing.sign import sign
from mutualplan.signing.verify import verify_pdf
from mutualplan.ui.editor.milestone_model import HEALTH_COLUMN, ID_ROLE, column_of
from mutualplan.ui.exchange.export import Exports
from mutualplan.ui.signing import signing_dialogs
from mutualplan.ui.signing.identity_dialog import IDENTITY_PATH_SETTING
from mutualplan.ui.signing.signing_dialogs import (
    SignFlow,
    VerifyFlow,
    sign_plan_pdf,
    verify_plan_pdf,
)
from mutualplan.ui.signing.verification_report import BAD, CAUTION, OK, WAITING, SignatureTableModel
from mutualplan.workflows.verifying import trust_of

PASSPHRASE = "Zoë's workshop passphrase"
WORKER_TIMEOUT = 30_000


# -- identities and files, made once per module (RSA keys take a moment) ------------------


@pytest.fixture(scope="module")
def seller_identity() -> Identity:
    return create_identity("Alex Morgan", "Northwind Software", "seller")


@pytest.fixture(scope="module")
def buyer_identity() -> Identity:
    return create_identity("Олена Коваль", "Contoso Ltd", "buyer")


@pytest.fixture(scope="module")
def keys(tmp_path_factory, seller_identity: Identity, buyer_identity: Identity) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    save_identity(seller_identity, folder / "seller.p12", PASSPHRASE.encode())
    save_identity(buyer_identity, folder / "buyer.p12", PASSPHRASE.encode())
    return folder


@pytest.fixture
def exported(window, store, author, tmp_path: Path) -> Path:
    """The open plan exported as its first revision, as File ▸ Export would."""
    path = tmp_path / "Contoso analytics rollout - revision 1.pdf"
    export_pdf(store, window.session.plan_id, path, author)
    window.state(Exports).last_path = path
    return path


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """What would have been shown in a warning box (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


class Answers:
    """The file dialogs and the passphrase prompt, answered; and what they were asked."""

    def __init__(self, monkeypatch, keys: Path) -> None:
        self.open: list[Path] = []  # answers to the open dialogs, in order
        self.save_to: Path | None = None
        self.passphrase = PASSPHRASE
        self.asked_save: list[str] = []
        self.asked_open: list[str] = []
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(signing_dialogs, "ask_passphrase", lambda *a: self.passphrase.encode())

    def _open(self, parent, caption, start, filters, *args, **kwargs):
        self.asked_open.append(start)
        return (str(self.open.pop(0)), filters) if self.open else ("", "")

    def _save(self, parent, caption, start, filters, *args, **kwargs):
        self.asked_save.append(start)
        target = self.save_to or start
        return str(target), filters


@pytest.fixture
def answers(monkeypatch, keys: Path, store) -> Answers:
    store.set_setting(IDENTITY_PATH_SETTING, str(keys / "seller.p12"))
    return Answers(monkeypatch, keys)


def _sign(qtbot, window, answers: Answers, pdf: Path) -> SignFlow:
    answers.open.append(pdf)
    flow = sign_plan_pdf(window)
    assert flow is not None
    qtbot.waitUntil(flow.dialog.isVisible)
    return flow


def _finish(qtbot, flow) -> None:
    qtbot.waitUntil(lambda: flow.verification is not None, timeout=WORKER_TIMEOUT)


def _verify(qtbot, window, answers: Answers, pdf: Path) -> VerifyFlow:
    answers.open.append(pdf)
    flow = verify_plan_pdf(window)
    assert flow is not None
    _finish(qtbot, flow)
    return flow


def _draw(qtbot, pad, points: list[tuple[int, int]]) -> None:
    first, *rest = [QPoint(x, y) for x, y in points]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=first)
    for point in rest:
        qtbot.mouseMove(pad, point)
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=rest[-1])


# -- signing ---------------------------------------------------------------------------------


def test_signing_an_exported_plan_saves_a_copy_the_seller_signed(
    qtbot, window, store, answers: Answers, exported: Path, keys: Path
):
    flow = _sign(qtbot, window, answers, exported)
    assert answers.asked_open == [str(exported)]  # the last export is offered first
    assert flow.dialog.identity.text() == str(keys / "seller.p12")
    assert "Seller: not signed yet · Buyer: not signed yet" in flow.dialog.states.text()
    flow.dialog.sign_button.click()
    _finish(qtbot, flow)

    written = exported.with_name("Contoso analytics rollout - revision 1 - signed by seller.pdf")
    assert answers.asked_save == [str(written)]
    assert flow.written == written
    report = verify_pdf(written.read_bytes())
    [seller] = report.signatures
    assert (seller.side, seller.signer, seller.trustworthy) == ("seller", "Alex Morgan", True)
    assert report.missing == ["buyer"]
    dialog = flow.verification
    assert dialog.level == WAITING
    assert dialog.verdict.text() == "Intact, waiting for the buyer's signature"
    # Your own database recorded your signature at once, without importing the file:
    # the certificate is remembered as yours, and the header says the revision is signed.
    assert store.signed_sides(report.plan_id, report.sha256) == {"seller"}
    assert "signed by the seller" in window.plan_view.header.revision.text()
    assert dialog.model.index(0, 8).data() == "known"
    assert "Your signature is recorded in this database." in dialog.outcome.text()
    dialog.close()


def test_a_wrong_passphrase_says_so_once_and_writes_nothing(
    qtbot, window, answers: Answers, exported: Path, warnings: list[str]
):
    answers.passphrase = "not it"
    flow = _sign(qtbot, window, answers, exported)
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WORKER_TIMEOUT)
    assert warnings == ["Wrong passphrase for seller.p12."]
    assert answers.asked_save == []
    assert sorted(p.name for p in exported.parent.glob("*.pdf")) == [exported.name]
    assert flow.dialog.isVisible() and flow.dialog.sign_button.isEnabled()  # try again
    flow.dialog.reject()


def test_a_pkcs12_without_a_key_is_refused(
    qtbot, window, store, answers: Answers, exported: Path, seller_identity, warnings, tmp_path
):
    certificate_only = tmp_path / "certificate only.p12"
    certificate_only.write_bytes(
        pkcs12.serialize_key_and_certificates(
            None,
            None,
            None,
            [seller_identity.certificate],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    store.set_setting(IDENTITY_PATH_SETTING, str(certificate_only))
    flow = _sign(qtbot, window, answers, exported)
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WORKER_TIMEOUT)
    assert "holds no private key" in warnings[0]
    assert answers.asked_save == []
    flow.dialog.reject()


def test_an_expired_certificate_is_refused(
    qtbot, window, store, answers: Answers, exported: Path, warnings, tmp_path
):
    old = create_identity(
        "Alex Morgan",
        "Northwind Software",
        "seller",
        valid_days=30,
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    save_identity(old, tmp_path / "old.p12", PASSPHRASE.encode())
    flow = _sign(qtbot, window, answers, exported)
    flow.dialog.identity.setText(str(tmp_path / "old.p12"))
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WORKER_TIMEOUT)
    assert "expired" in warnings[0]
    assert store.setting(IDENTITY_PATH_SETTING).endswith("seller.p12")  # not remembered
    flow.dialog.reject()


def test_a_field_already_signed_is_refused(
    qtbot, window, answers: Answers, exported: Path, seller_identity, warnings
):
    signed = exported.with_name("signed.pdf")
    signed.write_bytes(sign(exported.read_bytes(), seller_identity))
    flow = _sign(qtbot, window, answers, signed)
    assert "Seller: signed digitally" in flow.dialog.states.text()
    assert not flow.dialog.in_person.isEnabled()  # only before anyone signs digitally
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=WORKER_TIMEOUT)
    assert warnings == ["The seller's field is already signed; nothing was written."]
    flow.dialog.reject()


def test_a_file_that_is_not_a_plan_pdf_is_told_plainly(
    qtbot, window, answers: Answers, warnings, tmp_path
):
    other = tmp_path / "minutes.pdf"
    other.write_bytes(b"%PDF-1.7\n" + b"0" * 200)
    answers.open.append(other)
    assert sign_plan_pdf(window) is None
    assert len(warnings) == 1
    answers.open.append(other)
    verify_plan_pdf(window)  # the report is made on a worker; the refusal comes back
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=WORKER_TIMEOUT)
    assert all(w.startswith("This file is not a MutualPlan plan PDF: ") for w in warnings)
    assert all(w.endswith(".") and "\n" not in w for w in warnings)


def test_a_pdf_without_the_expected_signature_field_is_refused(
    qtbot, window, answers: Answers, exported: Path, warnings
):
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(exported.read_bytes()))
    form = writer.root["/AcroForm"]
    form["/Fields"] = generic.ArrayObject(
        ref for ref in form["/Fields"] if ref.get_object()["/T"] != "buyer_signature"
    )
    writer.update_container(form)
    out = io.BytesIO()
    writer.write(out)
    no_buyer = exported.with_name("no buyer field.pdf")
    no_buyer.write_bytes(out.getvalue())
    answers.open.append(no_buyer)
    assert sign_plan_pdf(window) is None
    assert warnings == [
        "This file is not a MutualPlan plan PDF: the PDF has no signature field for the buyer."
    ]


# -- in person -------------------------------------------------------------------------------


def test_the_buyer_signs_by_hand_and_the_sellers_digital_signature_covers_it(
    qtbot, window, answers: Answers, exported: Path
):
    flow = _sign(qtbot, window, answers, exported)
    flow.dialog.in_person.setChecked(True)
    capture = flow.dialog.capture_dialog
    qtbot.waitUntil(capture.isVisible)
    assert capture.name.text() == "Олена Коваль"  # the buyer the plan expects to sign
    assert not capture.use_button.isEnabled()
    _draw(qtbot, capture.pad, [(60, 140), (120, 60), (200, 150), (300, 70), (420, 130)])
    _draw(qtbot, capture.pad, [(80, 170), (400, 165)])
    assert capture.pad.stroke_count() == 2
    assert capture.use_button.isEnabled()
    capture.use_button.click()
    assert flow.dialog.capture is not None and flow.dialog.capture.name == "Олена Коваль"
    assert flow.dialog.capture.png.startswith(b"\x89PNG")

    flow.dialog.sign_button.click()
    _finish(qtbot, flow)
    report = verify_pdf(flow.written.read_bytes())
    [by_hand] = report.in_person
    assert (by_hand.side, by_hand.name, by_hand.covered_by_signature) == (
        "buyer",
        "Олена Коваль",
        True,
    )
    assert by_hand.captured_on == "Alex Morgan's device"
    assert [s.side for s in report.signatures] == ["seller"]
    assert report.signatures[0].covers == "the whole file"
    # A drawing captured in person is an acknowledgement, never the buyer's signature.
    assert not report.ok and report.missing == ["buyer"]
    assert report.side_status("buyer") == "in_person"
    assert flow.verification.level == WAITING
    assert flow.verification.verdict.text() == (
        "Signed by the seller, acknowledged in person by the buyer (not a digital signature)"
        " — not yet mutually committed"
    )
    assert "not a digital signature" in flow.verification.others.text()
    assert "has not signed digitally" in flow.verification.others.text()
    flow.verification.import_button.click()
    header = window.plan_view.header.revision.text()
    assert "signed by the seller" in header and "mutually committed" not in header
    assert "acknowledged in person by the buyer</b> (not a digital signature)" in header
    flow.verification.close()


def test_clearing_the_pad_starts_again(qtbot):
    from mutualplan.ui.signing.signature_pad import InPersonDialog

    dialog = InPersonDialog("Zoë Müller", "Contoso Ltd", "Alex Morgan")
    qtbot.addWidget(dialog)
    dialog.show()
    _draw(qtbot, dialog.pad, [(50, 50), (150, 120)])
    assert dialog.use_button.isEnabled()
    dialog.clear_button.click()
    assert dialog.pad.is_empty() and not dialog.use_button.isEnabled()
    dialog.name.clear()
    _draw(qtbot, dialog.pad, [(50, 50), (150, 120)])
    assert not dialog.use_button.isEnabled()  # a signature needs a name


def test_a_finger_or_a_pen_draws_as_well_as_the_mouse(qtbot):
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from mutualplan.ui.signing.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    finger = QTest.createTouchDevice()
    QTest.touchEvent(pad, finger).press(0, QPoint(10, 10)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(50, 40)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(80, 60)).commit()
    assert pad.stroke_count() == 1
    pen = QPointingDevice(
        "test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    for kind, x in (
        (QEvent.Type.TabletPress, 100),
        (QEvent.Type.TabletMove, 160),
        (QEvent.Type.TabletRelease, 160),
    ):
        point = QPointF(x, 100)
        QApplication.sendEvent(
            pad,
            QTabletEvent(
                kind,
                pen,
                point,
                pad.mapToGlobal(point),
                0.5,
                0.0,
                0.0,
                0.0,
                0.0,
                0.0,
                Qt.KeyboardModifier.NoModifier,
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton,
            ),
        )
    assert pad.stroke_count() == 2
    assert pad.to_png().startswith(b"\x89PNG")


def test_cancelling_the_capture_leaves_the_option_off(qtbot, window, answers, exported):
    flow = _sign(qtbot, window, answers, exported)
    flow.dialog.in_person.setChecked(True)
    flow.dialog.capture_dialog.reject()
    assert not flow.dialog.in_person.isChecked()
    assert flow.dialog.capture is None
    flow.dialog.reject()


# -- verifying -------------------------------------------------------------------------------


def test_a_tampered_file_shows_not_verified_and_cannot_be_imported(
    qtbot, window, answers: Answers, exported: Path, seller_identity
):
    data = bytearray(sign(exported.read_bytes(), seller_identity))
    data[2000] ^= 0x20  # inside the first page, covered by the signature
    tampered = exported.with_name("tampered.pdf")
    tampered.write_bytes(bytes(data))
    flow = _verify(qtbot, window, answers, tampered)
    dialog = flow.verification
    assert dialog.level == BAD
    assert dialog.verdict.text().startswith("NOT verified — the seller's signature: ")
    assert dialog.model.index(0, 4).data() == "NO"
    assert "Seller: <b>no signature that stands</b>" in dialog.others.text()
    assert not dialog.import_button.isEnabled()
    dialog.close()


def test_importing_a_plan_both_sides_signed_shows_it_mutually_committed(
    qtbot, window, store, answers: Answers, exported: Path, seller_identity, buyer_identity
):
    both = exported.with_name("both.pdf")
    both.write_bytes(sign(sign(exported.read_bytes(), seller_identity), buyer_identity))
    assert "mutually committed" not in window.plan_view.header.revision.text()
    flow = _verify(qtbot, window, answers, both)
    dialog = flow.verification
    assert (dialog.level, dialog.verdict.text()) == (OK, "Verified — mutually committed")
    assert [dialog.model.index(r, 0).data() for r in range(2)] == ["Seller", "Buyer"]
    assert dialog.model.index(0, 6).data() == "the file up to its update 3 of 4"
    assert dialog.model.index(0, 7).data() == "only the other side's signature"
    assert dialog.model.index(1, 7).data() == "nothing"
    dialog.import_button.click()
    assert "Recorded the seller's and the buyer's signature" in dialog.outcome.text()
    assert "mutually committed" in window.plan_view.header.revision.text()
    history = window.plan_view.history.committed.text()
    assert "Revision 1 (" in history and "mutually committed on" in history
    dialog.close()


def test_a_milestone_moved_later_than_the_committed_revision_shows_as_slipped(
    qtbot, window, answers: Answers, exported: Path, seller_identity, buyer_identity
):
    both = exported.with_name("both.pdf")
    both.write_bytes(sign(sign(exported.read_bytes(), seller_identity), buyer_identity))
    flow = _verify(qtbot, window, answers, both)
    flow.verification.import_button.click()
    flow.verification.close()

    model = window.plan_view.milestones
    assert model.headerData(HEALTH_COLUMN, Qt.Orientation.Horizontal) == "Health"
    due_cell = model.index(1, column_of("due"))
    signed_due = window.session.state.milestones[due_cell.data(ID_ROLE)].due
    assert "slipped" not in (model.index(1, HEALTH_COLUMN).data() or "")
    later = QDate(signed_due.year, signed_due.month, signed_due.day).addDays(9)
    assert model.setData(due_cell, later)
    assert "slipped 9 days" in model.index(1, HEALTH_COLUMN).data()
    tip = model.index(1, column_of("due")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"was {signed_due:%d %b %Y} in revision 1 (")
    assert tip.endswith("(committed)")
    # Moving it back to the signed date is no slip any more.
    assert model.setData(model.index(1, column_of("due")), later.addDays(-9))
    assert "slipped" not in (model.index(1, HEALTH_COLUMN).data() or "")


def test_a_changed_certificate_is_flagged_and_can_be_trusted(
    qtbot, window, store, answers: Answers, exported: Path, seller_identity, monkeypatch
):
    # This database once saw another certificate for the same person.
    store.remember_certificate(
        "Alex Morgan", "Northwind Software", "00" * 32, "seller", trusted=True
    )
    signed = exported.with_name("signed.pdf")
    signed.write_bytes(sign(exported.read_bytes(), seller_identity))
    flow = _verify(qtbot, window, answers, signed)
    dialog = flow.verification
    assert dialog.level == CAUTION
    assert "certificate is not the one seen before" in dialog.verdict.text()
    assert dialog.model.index(0, 8).data() == "CHANGED for this person"
    assert not dialog.trust_button.isHidden()
    asked: list[str] = []

    def confirm(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    dialog.trust_button.click()
    assert seller_identity.fingerprint in asked[0]
    assert dialog.model.index(0, 8).data() == "known"
    assert dialog.level == WAITING and dialog.trust_button.isHidden()
    trust = trust_of(store)
    assert (
        trust.certificate_status("Alex Morgan", "Northwind Software", seller_identity.fingerprint)
        == "known"
    )
    assert trust.accepted_for_side(seller_identity.fingerprint, "seller")
    dialog.close()


def test_the_signature_table_is_a_well_behaved_model(qtmodeltester, exported, seller_identity):
    report = verify_pdf(sign(exported.read_bytes(), seller_identity))
    qtmodeltester.check(SignatureTableModel(report.signatures))
