"""File ▸ Sign a plan PDF… and File ▸ Verify a plan PDF….

Signing: choose the exported plan, confirm the identity, type its passphrase; the
signature is made on a worker thread (pyHanko's synchronous API runs its own event
loop there), the signed copy is saved next to the original, then verified and shown.
In a workshop the buyer's handwritten signature can be captured first, on this screen.

Verifying: the report is made on a worker thread; what this database knows (the
certificates seen before, the signatures recorded) is added on the GUI thread, which
owns the database connection.

Imported when the user signs or verifies, so the window starts without pyHanko.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Author
from ...pdf.export import ExportError, expected_signer, write_atomically
from ...signing.identity import (
    SIDES,
    Identity,
    IdentityError,
    identity_from_pkcs12,
    read_pkcs12,
)
from ...signing.pdf import (
    IN_PERSON_ATTACHMENT,
    NotAPlanPdfError,
    attachments,
    field_name,
    open_reader,
    plan_data_in,
    signature_fields,
)
from ...signing.sign import SigningError, add_in_person_signature, side_for
from ...signing.verify import VerificationReport
from ...store import Store, StoreError
from ..common.background import Background
from .identity_dialog import (
    IDENTITY_PATH_SETTING,
    PKCS12_FILTER,
    ask_passphrase,
    documents_folder,
)
from .signature_pad import NOT_DIGITAL, InPersonCapture, InPersonDialog
from .verification_dialog import VerificationDialog

if TYPE_CHECKING:
    from ...exchange.importer import ImportSummary
    from ..contract import App

LAST_PDF_FOLDER_SETTING = "last_plan_pdf_folder"
PDF_FILTER = "PDF documents (*.pdf)"
HINT_STYLE = "color: palette(placeholder-text);"
SIGNED_SUFFIX = re.compile(r"\s+-\s+signed by (seller|buyer|both sides)$", re.IGNORECASE)


# -- reading the file, signing it (plain functions: the worker runs them) -------------


@dataclass(frozen=True)
class PlanPdfInfo:
    """What the sign dialog shows about a plan PDF before anyone unlocks a key."""

    title: str
    buyer: str
    seller: str
    revision: int
    sha256: str
    signed: dict[str, bool]  # side -> its field holds a digital signature
    in_person: frozenset[str]  # sides with a handwritten signature captured in person
    expected: dict[str, str]  # side -> the name of who the plan expects to sign


def read_plan_pdf(pdf: bytes) -> PlanPdfInfo:
    """NotAPlanPdfError when it is not a plan PDF with both signature fields."""
    reader = open_reader(pdf)
    data = plan_data_in(reader.root)
    fields = signature_fields(reader)
    missing = [side for side in SIDES if field_name(side) not in fields]
    if missing:
        raise NotAPlanPdfError(f"the PDF has no signature field for the {missing[0]}")
    files = attachments(reader.root)
    expected = {}
    for side in SIDES:
        person = expected_signer(data.state, side)
        expected[side] = person.name if person else ""
    plan = data.state.plan
    return PlanPdfInfo(
        title=plan.title,
        buyer=plan.buyer_org,
        seller=plan.seller_org,
        revision=data.revision.number,
        sha256=data.revision.sha256,
        signed={side: fields[field_name(side)].signed for side in SIDES},
        in_person=frozenset(s for s in SIDES if IN_PERSON_ATTACHMENT.format(side=s) in files),
        expected=expected,
    )


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    side: str
    signer: str
    note: str = ""  # when the signer is not the signatory the plan names for the side


def sign_with_capture(
    pdf: bytes,
    identity: Identity,
    side: str,
    capture: InPersonCapture | None = None,
) -> SignedPdf:
    """Sign for `side`; with a capture, place the buyer's handwritten acknowledgement
    first so that the seller's digital signature covers it. Nothing is written anywhere."""
    if capture is not None:
        if side != "seller":
            raise SigningError(
                "The buyer's handwritten signature must be covered by the seller's digital "
                f"signature, but {identity.describe()} signs for the {side}; nothing was "
                "written."
            )
        pdf = add_in_person_signature(
            pdf,
            "buyer",
            capture.name,
            capture.png,
            captured_on=f"{identity.name}'s device",
            when=capture.captured_at,
        )
    from ...workflows.signing import sign_document

    signed = sign_document(pdf, identity, side)
    return SignedPdf(signed.pdf, signed.side, signed.signer, signed.note)


def user_message(exc: Exception) -> str:
    if isinstance(exc, NotAPlanPdfError):
        return f"This file is not a MutualPlan plan PDF: {exc}."
    return str(exc)


def signed_file_name(source: Path, side: str, both: bool) -> str:
    """“Plan - revision 2 - signed by seller.pdf”, or “… - signed by both sides.pdf”."""
    stem = SIGNED_SUFFIX.sub("", source.stem)
    return f"{stem} - signed by {'both sides' if both else side}.pdf"


# -- the worker ------------------------------------------------------------------------


USER_ERRORS = (IdentityError, SigningError, NotAPlanPdfError)


def _start(work: Callable[[], Any], finished: Callable, failed: Callable) -> Background:
    """Run `work` off the GUI thread; a user's error comes back as one sentence."""

    def report_error(error: BaseException) -> None:
        if isinstance(error, USER_ERRORS):
            failed(user_message(error))
        else:
            failed(f"Something went wrong: {error}")
            raise error  # a bug: tell the user, then fail loudly

    task = Background(lambda _report: work(), finished, report_error)
    task.start()
    return task


# -- choosing files --------------------------------------------------------------------


def _start_path(window: App) -> str:
    """The plan exported last in this session, else the folder a plan PDF was last
    signed or verified in, else Documents."""
    from ..exchange.export import Exports

    last = window.state(Exports).last_path
    if last is not None and last.exists():
        return str(last)
    folder = window.store.setting(LAST_PDF_FOLDER_SETTING)
    if folder and Path(folder).is_dir():
        return folder
    return str(documents_folder())


def _remember(store: Store, key: str, value: str) -> None:
    with contextlib.suppress(StoreError):  # a convenience, not worth an error box
        if store.setting(key) != value:
            store.set_setting(key, value)


def _choose_pdf(window: App, caption: str) -> tuple[Path, bytes] | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        window.widget, caption, _start_path(window), PDF_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        QMessageBox.warning(window.widget, caption, f"Cannot read {path}: {exc.strerror or exc}.")
        return None
    _remember(window.store, LAST_PDF_FOLDER_SETTING, str(path.parent))
    return path, pdf


def _not_a_plan(parent: QWidget, exc: NotAPlanPdfError) -> None:
    QMessageBox.warning(parent, "Not a plan PDF", user_message(exc))


# -- the sign dialog ---------------------------------------------------------------------


def _signature_states(info: PlanPdfInfo) -> str:
    parts = []
    for side in SIDES:
        if info.signed[side]:
            state = "signed digitally"
        elif side in info.in_person:
            state = "signed by hand in person"
        else:
            state = "not signed yet"
        parts.append(f"{side.capitalize()}: {state}")
    return " · ".join(parts)


class SignDialog(QDialog):
    """The file, the identity, and the in-person option; the flow does the signing."""

    signRequested = Signal()

    def __init__(
        self,
        path: Path,
        info: PlanPdfInfo,
        identity_path: str,
        me: Author,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.info = info
        self.me = me
        my_side = me.side
        self.capture: InPersonCapture | None = None
        self.capture_dialog: InPersonDialog | None = None
        self.setWindowTitle(f"Sign {path.name}")
        self.setMinimumWidth(640)

        plan = QLabel(
            f"<b>{_escape(info.title)}</b><br>{_escape(info.buyer)} with "
            f"{_escape(info.seller)} · revision {info.revision} ({info.sha256[:8]})"
        )
        plan.setWordWrap(True)
        plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_label = QLabel(str(path))
        file_label.setWordWrap(True)
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.states = QLabel(_signature_states(info))
        self.states.setAccessibleName("Signatures so far")
        about = QFormLayout()
        about.addRow("Plan:", plan)
        about.addRow("File:", file_label)
        about.addRow("Signatures:", self.states)

        self.identity = QLineEdit(identity_path)
        self.identity.setAccessibleName("Signing identity file")
        self.identity.setPlaceholderText("Your PKCS#12 file (.p12 or .pfx)")
        self.browse_button = QPushButton("C&hoose…")
        self.browse_button.setToolTip("Sign with another PKCS#12 file")
        self.browse_button.clicked.connect(self.browse_identity)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.identity, 1)
        identity_row.addWidget(self.browse_button)
        self.identity_hint = QLabel(
            f"You sign for the side your certificate names (here you are the {my_side}). "
            "The passphrase is asked for next and never kept."
            if identity_path
            else "No signing identity yet: make one now, or choose the PKCS#12 file your "
            "company gave you."
        )
        self.make_button = QPushButton("&Make one now…")
        self.make_button.setToolTip("A key and a certificate naming you, saved under a passphrase")
        self.make_button.setVisible(not identity_path)
        identity_row.addWidget(self.make_button)
        self.identity_hint.setWordWrap(True)
        self.identity_hint.setStyleSheet(HINT_STYLE)
        identity_box = QGroupBox("Your signing identity")
        identity_layout = QVBoxLayout(identity_box)
        identity_layout.addLayout(identity_row)
        identity_layout.addWidget(self.identity_hint)

        self.in_person = QCheckBox("Capture the &buyer's signature in person first")
        self.in_person.setAccessibleDescription(NOT_DIGITAL)
        explanation = QLabel(
            "When the buyer is in the room, they can acknowledge the plan by hand on this "
            f"screen. {NOT_DIGITAL} The PDF says so, and your digital signature covers it; the "
            "revision is mutually committed only once the buyer also signs digitally."
        )
        explanation.setWordWrap(True)
        explanation.setStyleSheet(HINT_STYLE)
        self.capture_state = QLabel()
        self.capture_state.setWordWrap(True)
        self.capture_preview = QLabel()
        self.capture_preview.setAccessibleName("The captured signature")
        self.capture_preview.setStyleSheet("background: white; border: 1px solid #c8ccd0;")
        self.capture_preview.hide()
        self.recapture_button = QPushButton("Capture &again…")
        self.recapture_button.clicked.connect(self.open_capture)
        self.recapture_button.hide()
        captured = QHBoxLayout()
        captured.addWidget(self.capture_preview)
        captured.addWidget(self.capture_state, 1)
        captured.addWidget(self.recapture_button)
        self.in_person_box = QGroupBox("In a workshop")
        in_person_layout = QVBoxLayout(self.in_person_box)
        in_person_layout.addWidget(self.in_person)
        in_person_layout.addWidget(explanation)
        in_person_layout.addLayout(captured)
        possible, why_not = self._capture_possible(info, my_side)
        self.in_person.setEnabled(possible)
        if not possible:
            self.capture_state.setText(why_not)
            self.capture_state.setStyleSheet(HINT_STYLE)
        self.in_person_box.setVisible(my_side == "seller")
        self.in_person.toggled.connect(self._in_person_toggled)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Signing")
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText("&Sign…")
        self.buttons.accepted.connect(self.signRequested.emit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(about)
        layout.addWidget(identity_box)
        layout.addWidget(self.in_person_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    @staticmethod
    def _capture_possible(info: PlanPdfInfo, my_side: str) -> tuple[bool, str]:
        if any(info.signed.values()):
            return False, "Only before anyone signs digitally: this file is already signed."
        if "buyer" in info.in_person:
            return False, "The buyer's handwritten signature is already in this file."
        return my_side == "seller", ""

    # -- identity ---------------------------------------------------------------------

    def identity_path(self) -> Path | None:
        text = self.identity.text().strip()
        return Path(text).expanduser() if text else None

    @Slot()
    def browse_identity(self) -> None:
        current = self.identity_path()
        start = str(current.parent) if current else str(documents_folder())
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose your signing identity", start, PKCS12_FILTER
        )
        if chosen:
            self.identity.setText(chosen)

    # -- in person --------------------------------------------------------------------

    @Slot(bool)
    def _in_person_toggled(self, checked: bool) -> None:
        if checked:
            self.open_capture()
        else:
            self._set_capture(None)

    @Slot()
    def open_capture(self) -> InPersonDialog:
        """The signature pad, as a dialog of its own (kept for tests in capture_dialog)."""
        dialog = InPersonDialog(
            self.info.expected.get("buyer", ""), self.info.buyer, self.me.name, self
        )
        dialog.finished.connect(self._capture_finished)
        self.capture_dialog = dialog
        dialog.open()
        return dialog

    @Slot(int)
    def _capture_finished(self, result: int) -> None:
        dialog = self.capture_dialog
        if result == QDialog.DialogCode.Accepted and dialog is not None and dialog.capture:
            self._set_capture(dialog.capture)
        elif self.capture is None:
            self.in_person.setChecked(False)

    def _set_capture(self, capture: InPersonCapture | None) -> None:
        self.capture = capture
        if capture is None:
            self.capture_state.setText("")
            self.capture_preview.hide()
            self.recapture_button.hide()
            return
        pixmap = QPixmap()
        pixmap.loadFromData(capture.png, "PNG")
        self.capture_preview.setPixmap(
            pixmap.scaled(
                180,
                60,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.capture_preview.show()
        self.capture_state.setText(
            f"Captured: {_escape(capture.name)}'s handwritten signature, for the buyer's box. "
            "Sign to place it there under your digital signature."
        )
        self.capture_state.setStyleSheet("")
        self.recapture_button.show()

    # -- busy -------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for widget in (
            self.sign_button,
            self.identity,
            self.browse_button,
            self.in_person_box,
        ):
            widget.setEnabled(not busy)
        if not busy:
            self.in_person.setEnabled(self._capture_possible(self.info, self.me.side)[0])

    def reject(self) -> None:
        if not self.progress.isVisible():  # never walk away from a signature half made
            super().reject()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- the flows ---------------------------------------------------------------------------


def after_import(window: App, summary: ImportSummary) -> None:
    """Show what the import changed: the open plan reloads (header, table, history)."""
    session = window.session
    try:
        if session is not None and session.plan_id == summary.plan_id:
            session.reload()
        elif session is None:
            window.open_plan(summary.plan_id)
    except StoreError as exc:
        window.show_store_error(str(exc))
        return
    window.say(f"Imported “{summary.title}”", 8000)


class _Flow(QObject):
    """One sign or verify operation; lives until its last dialog closes."""

    def __init__(self, window: App) -> None:
        super().__init__(window.widget)
        self.window = window
        self.task: Background | None = None
        self.verification: VerificationDialog | None = None
        self.report: VerificationReport | None = None

    def _verify(self, pdf: bytes) -> None:
        from ...workflows import verifying

        try:
            trust = verifying.trust_of(self.window.store)
        except StoreError as exc:
            self.window.show_store_error(str(exc))
            trust = None
        self.task = _start(lambda: verifying.check(pdf, trust), self._verified, self._verify_failed)

    @Slot(object)
    def _verified(self, report: VerificationReport) -> None:
        from ...workflows import verifying

        try:
            verifying.finish(self.window.store, report)
        except StoreError as exc:
            self.window.show_store_error(str(exc))
        self.report = report
        self.show_report(report)

    def show_report(self, report: VerificationReport) -> None:
        raise NotImplementedError

    @Slot(str)
    def _verify_failed(self, message: str) -> None:
        QMessageBox.warning(self.window.widget, "Cannot verify", message)
        self.deleteLater()

    def _open_verification(self, report: VerificationReport, pdf: bytes, path: Path) -> None:
        dialog = VerificationDialog(report, pdf, path, self.window.store, self.window.widget)
        dialog.imported.connect(self._imported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self.deleteLater)
        self.verification = dialog
        dialog.show()

    @Slot(object)
    def _imported(self, summary: ImportSummary) -> None:
        after_import(self.window, summary)


class SignFlow(_Flow):
    def __init__(self, window: App, path: Path, pdf: bytes, info: PlanPdfInfo) -> None:
        super().__init__(window)
        self.source = path
        self.pdf = pdf
        self.info = info
        self.signed: SignedPdf | None = None
        self.written: Path | None = None
        self.recorded = ""
        self.dialog = SignDialog(
            path, info, window.store.setting(IDENTITY_PATH_SETTING) or "", window.me, window.widget
        )
        self.creating = None
        self.dialog.signRequested.connect(self.start_signing)
        self.dialog.make_button.clicked.connect(self.make_identity)
        self.dialog.finished.connect(self.dialog.deleteLater)
        self.dialog.rejected.connect(self.deleteLater)

    @Slot()
    def make_identity(self):  # noqa: ANN201 - CreateIdentityDialog, imported when asked
        """Signing with no identity: make one right here, then carry on signing."""
        from .identity_dialog import CreateIdentityDialog

        creating = CreateIdentityDialog(self.window.me, self.dialog, self.window.store.path)
        creating.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        creating.accepted.connect(lambda: self._identity_made(creating))
        self.creating = creating
        creating.open()
        return creating

    def _identity_made(self, creating) -> None:  # noqa: ANN001
        if creating.path is None:
            return
        _remember(self.window.store, IDENTITY_PATH_SETTING, str(creating.path))
        self.dialog.identity.setText(str(creating.path))
        self.dialog.make_button.hide()
        self.dialog.identity_hint.setText(
            f"Your new identity is saved in {creating.path}. Sign now: the passphrase you "
            "just chose is asked for next."
        )
        self.dialog.sign_button.setFocus()

    @Slot()
    def start_signing(self) -> bool:
        dialog = self.dialog
        identity_path = dialog.identity_path()
        if identity_path is None:
            self.make_identity()
            return False
        try:
            pkcs12 = read_pkcs12(identity_path)  # not a key file: said before any prompt
        except IdentityError as exc:
            QMessageBox.warning(dialog, "Not signed", str(exc))
            return False
        passphrase = ask_passphrase(dialog, "Passphrase", f"Passphrase of {identity_path.name}:")
        if passphrase is None:
            return False
        pdf, info, capture = self.pdf, self.info, dialog.capture

        def work() -> tuple[SignedPdf, Path]:
            identity = identity_from_pkcs12(pkcs12, passphrase, identity_path.name)
            side = side_for(identity, info.buyer, info.seller, None)
            return sign_with_capture(pdf, identity, side, capture), identity_path

        dialog.set_busy(True)
        self.task = _start(work, self._signed, self._sign_failed)
        return True

    @Slot(str)
    def _sign_failed(self, message: str) -> None:
        self.dialog.set_busy(False)
        QMessageBox.warning(self.dialog, "Not signed", message)

    @Slot(object)
    def _signed(self, result: tuple[SignedPdf, Path]) -> None:
        signed, identity_path = result
        both = self.info.signed[next(s for s in SIDES if s != signed.side)]
        start = self.source.with_name(signed_file_name(self.source, signed.side, both))
        chosen, _filter = QFileDialog.getSaveFileName(
            self.dialog, "Save the signed plan", str(start), PDF_FILTER
        )
        if not chosen:
            self.dialog.set_busy(False)
            self.dialog.identity_hint.setText("Signed, but not saved: nothing was written.")
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, signed.pdf)
        except ExportError as exc:
            self.dialog.set_busy(False)
            QMessageBox.warning(self.dialog, "Not saved", _capitalised(str(exc)) + ".")
            return
        self.signed, self.written = signed, path
        _remember(self.window.store, IDENTITY_PATH_SETTING, str(identity_path))
        _remember(self.window.store, LAST_PDF_FOLDER_SETTING, str(path.parent))
        self.recorded = self._record(signed)
        self.dialog.set_busy(False)
        self.dialog.accept()
        self.window.say(f"Signed for the {signed.side} by {signed.signer}; saved as {path}", 10000)
        self._verify(signed.pdf)

    def _record(self, signed: SignedPdf) -> str:
        """Your own database records your signature at once (the import workflow checks
        it first); says what happened, for the report."""
        from ...exchange.importer import ImportRefusedError
        from ...workflows.signing import record_own_signature

        try:
            summary = record_own_signature(self.window.store, signed.pdf)
        except (StoreError, ImportRefusedError) as exc:
            return f"Your signature is not recorded in this database: {exc}."
        if summary is None:
            return (
                "This database does not hold the plan; “Import into this database” adds it "
                "with your signature."
            )
        after_import(self.window, summary)
        if signed.side in summary.signatures:
            return "Your signature is recorded in this database."
        return "Not recorded here: " + "; ".join(summary.not_recorded or ["already recorded"])

    def show_report(self, report: VerificationReport) -> None:
        self._open_verification(report, self.signed.pdf, self.written)
        text = f"Saved as {self.written}. {self.recorded}"
        if self.signed.note:
            text += f"\n{self.signed.note}"
        self.verification.outcome.setText(text)
        self.verification.outcome.show()


class VerifyFlow(_Flow):
    def __init__(self, window: App, path: Path, pdf: bytes) -> None:
        super().__init__(window)
        self.path = path
        self.pdf = pdf
        self._verify(pdf)

    @Slot(str)
    def _verify_failed(self, message: str) -> None:
        title = "Not a plan PDF" if message.startswith("This file is not") else "Cannot verify"
        QMessageBox.warning(self.window.widget, title, message)
        self.deleteLater()

    def show_report(self, report: VerificationReport) -> None:
        self._open_verification(report, self.pdf, self.path)


def sign_plan_pdf(window: App) -> SignFlow | None:
    """File ▸ Sign a plan PDF…: the flow, once its dialog is open (None if cancelled)."""
    window.return_to_me()  # whoever signs, later edits are this copy's user's own again
    chosen = _choose_pdf(window, "Choose the plan PDF to sign")
    if chosen is None:
        return None
    path, pdf = chosen
    try:
        info = read_plan_pdf(pdf)
    except NotAPlanPdfError as exc:
        _not_a_plan(window.widget, exc)
        return None
    flow = SignFlow(window, path, pdf, info)
    flow.dialog.open()
    return flow


def verify_plan_pdf(window: App) -> VerifyFlow | None:
    """File ▸ Verify a plan PDF…: the report opens when the worker is done."""
    chosen = _choose_pdf(window, "Choose the plan PDF to verify")
    if chosen is None:
        return None
    path, pdf = chosen
    window.say(f"Verifying {path.name}…", 5000)
    return VerifyFlow(window, path, pdf)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
