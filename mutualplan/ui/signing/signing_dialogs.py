"""File ▸ Sign a plan PDF… and File ▸ Verify a plan PDF….

Signing: choose the exported plan, confirm the identity, type its passphrase; the
signature is made on a worker thread (pyHanko's synchronous API runs its own event
loop there), the signed copy is saved next to the original, then verified and shown.
In a workshop the buyer's handwritten signature can be captured first, on this screen.

Verifying: the report is made on a worker thread; what this database knows (the
certificates seen before, the signatures recorded) is added on the GUI thread, which
owns the database connection.

The sign dialog is in sign_dialog.py; reading and signing the file (plain functions,
no Qt) in plan_pdf.py. Imported when the user signs or verifies, so the window starts
without pyHanko.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...i18n import N_, _
from ...pdf.export import ExportError, write_atomically
from ...signing.identity import (
    SIDES,
    IdentityError,
    identity_from_pkcs12,
    read_pkcs12,
)
from ...signing.pdf import NotAPlanPdfError
from ...signing.sign import SigningError, side_for
from ...signing.verify import VerificationReport
from ...store import Store, StoreError
from ..common.background import Background
from ..common.values import capitalised
from .identity_dialog import (
    IDENTITY_PATH_SETTING,
    ask_passphrase,
    documents_folder,
)
from .plan_pdf import (
    NOT_A_PLAN,
    PlanPdfInfo,
    SignedPdf,
    read_plan_pdf,
    sign_with_capture,
    signed_file_name,
    user_message,
)
from .sign_dialog import SignDialog
from .verification_dialog import VerificationDialog

if TYPE_CHECKING:
    from ...exchange.importer import ImportSummary
    from ..contract import App

LAST_PDF_FOLDER_SETTING = "last_plan_pdf_folder"
PDF_FILTER = N_("PDF documents (*.pdf)")


# -- the worker ------------------------------------------------------------------------


USER_ERRORS = (IdentityError, SigningError, NotAPlanPdfError)


def _start(work: Callable[[], Any], finished: Callable, failed: Callable) -> Background:
    """Run `work` off the GUI thread; a user's error comes back as one sentence."""

    def report_error(error: BaseException) -> None:
        if isinstance(error, USER_ERRORS):
            failed(user_message(error))
        else:
            failed(_("Something went wrong: {error}").format(error=error))
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
        window.widget, caption, _start_path(window), _(PDF_FILTER)
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        QMessageBox.warning(
            window.widget,
            caption,
            _("Cannot read {path}: {value}.").format(path=path, value=exc.strerror or exc),
        )
        return None
    _remember(window.store, LAST_PDF_FOLDER_SETTING, str(path.parent))
    return path, pdf


def _not_a_plan(parent: QWidget, exc: NotAPlanPdfError) -> None:
    QMessageBox.warning(parent, _("Not a plan PDF"), user_message(exc))


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
    window.say(_("Imported “{title}”").format(title=summary.title), 8000)


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
        QMessageBox.warning(self.window.widget, _("Cannot verify"), message)
        self.deleteLater()

    def _open_verification(
        self, report: VerificationReport, pdf: bytes, path: Path
    ) -> VerificationDialog:
        dialog = VerificationDialog(report, pdf, path, self.window.store, self.window.widget)
        dialog.imported.connect(self._imported)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self.deleteLater)
        self.verification = dialog
        dialog.show()
        return dialog

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
            _(
                "Your new identity is saved in {path}. Sign now: the passphrase "
                "you just chose is asked for next."
            ).format(path=creating.path)
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
            QMessageBox.warning(dialog, _("Not signed"), str(exc))
            return False
        passphrase = ask_passphrase(
            dialog, _("Passphrase"), _("Passphrase of {name}:").format(name=identity_path.name)
        )
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
        QMessageBox.warning(self.dialog, _("Not signed"), message)

    @Slot(object)
    def _signed(self, result: tuple[SignedPdf, Path]) -> None:
        signed, identity_path = result
        both = self.info.signed[next(s for s in SIDES if s != signed.side)]
        start = self.source.with_name(signed_file_name(self.source, signed.side, both))
        chosen, _filter = QFileDialog.getSaveFileName(
            self.dialog, _("Save the signed plan"), str(start), _(PDF_FILTER)
        )
        if not chosen:
            self.dialog.set_busy(False)
            self.dialog.identity_hint.setText(_("Signed, but not saved: nothing was written."))
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomically(path, signed.pdf)
        except ExportError as exc:
            self.dialog.set_busy(False)
            QMessageBox.warning(self.dialog, _("Not saved"), capitalised(str(exc)) + ".")
            return
        self.signed, self.written = signed, path
        _remember(self.window.store, IDENTITY_PATH_SETTING, str(identity_path))
        _remember(self.window.store, LAST_PDF_FOLDER_SETTING, str(path.parent))
        self.recorded = self._record(signed)
        self.dialog.set_busy(False)
        self.dialog.accept()
        self.window.say(
            (
                _("Signed for the seller by {signer}; saved as {path}")
                if signed.side == "seller"
                else _("Signed for the buyer by {signer}; saved as {path}")
            ).format(signer=signed.signer, path=path),
            10000,
        )
        self._verify(signed.pdf)

    def _record(self, signed: SignedPdf) -> str:
        """Your own database records your signature at once (the import workflow checks
        it first); says what happened, for the report."""
        from ...exchange.importer import ImportRefusedError
        from ...workflows.signing import record_own_signature

        try:
            summary = record_own_signature(self.window.store, signed.pdf)
        except (StoreError, ImportRefusedError) as exc:
            return _("Your signature is not recorded in this database: {reason}.").format(
                reason=exc
            )
        if summary is None:
            return _(
                "This database does not hold the plan; “Import into this database” adds it "
                "with your signature."
            )
        after_import(self.window, summary)
        if signed.side in summary.signatures:
            return _("Your signature is recorded in this database.")
        return _("Not recorded here: {reasons}").format(
            reasons="; ".join(summary.not_recorded or [_("already recorded")])
        )

    def show_report(self, report: VerificationReport) -> None:
        signed, written = self.signed, self.written
        if signed is None or written is None:  # only what was signed and saved is verified
            return
        verification = self._open_verification(report, signed.pdf, written)
        text = _("Saved as {path}.").format(path=written) + " " + self.recorded
        if signed.note:
            text += f"\n{signed.note}"
        verification.outcome.setText(text)
        verification.outcome.show()


class VerifyFlow(_Flow):
    def __init__(self, window: App, path: Path, pdf: bytes) -> None:
        super().__init__(window)
        self.path = path
        self.pdf = pdf
        self._verify(pdf)

    @Slot(str)
    def _verify_failed(self, message: str) -> None:
        not_a_plan = _(NOT_A_PLAN).partition("{")[0]
        title = _("Not a plan PDF") if message.startswith(not_a_plan) else _("Cannot verify")
        QMessageBox.warning(self.window.widget, title, message)
        self.deleteLater()

    def show_report(self, report: VerificationReport) -> None:
        self._open_verification(report, self.pdf, self.path)


def sign_plan_pdf(window: App) -> SignFlow | None:
    """File ▸ Sign a plan PDF…: the flow, once its dialog is open (None if cancelled)."""
    window.return_to_me()  # whoever signs, later edits are this copy's user's own again
    chosen = _choose_pdf(window, _("Choose the plan PDF to sign"))
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
    chosen = _choose_pdf(window, _("Choose the plan PDF to verify"))
    if chosen is None:
        return None
    path, pdf = chosen
    window.say(_("Verifying {name}…").format(name=path.name), 5000)
    return VerifyFlow(window, path, pdf)

