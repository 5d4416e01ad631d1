"""Settings ▸ My signing identity: make, import or export the identity plans are signed with.

The store remembers where the PKCS#12 file is (setting "signing_identity_path"), never
its passphrase. A passphrase lives in a Password field or a local variable for as long as
one operation needs it, and the fields are emptied afterwards.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Author, label
from ...i18n import N_, _
from ...signing.identity import (
    MIN_PASSPHRASE,
    PKCS12_SUFFIXES,
    Identity,
    IdentityError,
    check_usable,
    create_identity,
    load_identity,
    save_certificate,
    save_identity,
    suggested_file_name,
)
from ...store import Store, StoreError
from ...store.database import default_database_path, identities_folder
from ..common.person_form import PersonForm

if TYPE_CHECKING:
    from ..contract import App

IDENTITY_PATH_SETTING = "signing_identity_path"
PKCS12_FILTER = N_("PKCS#12 identity (*.p12 *.pfx)")
CERTIFICATE_FILTER = N_("Certificate (*.pem)")
HINT_STYLE = "color: palette(placeholder-text);"
PROBLEM_STYLE = "color: #a4262c;"


def documents_folder() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def ask_passphrase(parent: QWidget, title: str, prompt: str) -> bytes | None:
    """One passphrase, typed without echo; None if the user cancels."""
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Password)
    return text.encode("utf-8") if ok else None


def with_suffix(path: Path, suffixes: tuple[str, ...]) -> Path:
    """The chosen name, with the first suffix added if it has none of them."""
    return path if path.suffix.lower() in suffixes else path.with_name(path.name + suffixes[0])


def _password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    return field


class CreateIdentityDialog(QDialog):
    """Name, organisation, side, e-mail and a passphrase; then where to save the file.

    The dialog stays open on an error (nothing is written) so that the user can fix
    the one thing that was wrong.
    """

    def __init__(
        self, me: Author | None, parent: QWidget | None = None, database: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle(_("New signing identity"))
        self.setMinimumWidth(500)
        self.identity: Identity | None = None
        self.path: Path | None = None
        intro = QLabel(
            _(
                "MutualPlan makes a private key and a certificate naming you, valid for three "
                "years, and saves them in a file only your passphrase opens."
            )
        )
        intro.setWordWrap(True)
        fields = PersonForm(me, "optional, e.g. name@example.com", fill_email=False)
        self.name, self.organisation = fields.name, fields.organisation
        self.side, self.email = fields.side, fields.email
        self.passphrase = _password_field("Passphrase")
        self.repeat = _password_field("Repeat the passphrase")
        self.hint = QLabel()
        self.hint.setStyleSheet(HINT_STYLE)
        form = fields.form
        form.addRow(_("&Passphrase"), self.passphrase)
        form.addRow(_("&Repeat passphrase"), self.repeat)
        form.addRow("", self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(_("Create and save…"))
        self.buttons.accepted.connect(self.create_and_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(fields)
        layout.addWidget(self.buttons)
        for field in (self.name, self.passphrase, self.repeat):
            field.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        typed, repeated = self.passphrase.text(), self.repeat.text()
        if not self.name.text().strip():
            hint = "Your name is needed: it appears on every signature."
        elif not typed:
            hint = "Choose a passphrase: the file is never saved unprotected."
        elif len(typed) < MIN_PASSPHRASE:
            hint = f"A passphrase of at least {MIN_PASSPHRASE} characters, please."
        elif typed != repeated:
            hint = "Type the same passphrase twice." if repeated else "Repeat the passphrase."
        else:
            hint = ""
        self.hint.setText(hint)
        self.create_button.setEnabled(not hint)

    def clear_passphrases(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()

    @Slot()
    def create_and_save(self) -> None:  # not `create`, which is QWidget's
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a new RSA key takes a moment
        try:
            identity = create_identity(
                self.name.text(),
                self.organisation.text(),
                self.side.currentData(),
                self.email.text(),
            )
        except IdentityError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, _("Signing identity not created"), str(exc))
            return
        QApplication.restoreOverrideCursor()
        start = identities_folder(self.database or default_database_path())
        start /= suggested_file_name(identity.name)
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save your signing identity"),
            str(start),
            _(PKCS12_FILTER),
            options=QFileDialog.Option.DontConfirmOverwrite,  # a key file is never replaced
        )
        if not chosen:
            return
        path = with_suffix(Path(chosen), PKCS12_SUFFIXES)
        try:
            save_identity(identity, path, self.passphrase.text().encode("utf-8"))
        except IdentityError as exc:
            QMessageBox.warning(self, _("Signing identity not saved"), str(exc))
            return
        self.clear_passphrases()
        self.identity, self.path = identity, path
        self.accept()

    def reject(self) -> None:
        self.clear_passphrases()
        super().reject()


class SigningIdentityDialog(QDialog):
    """Shows the identity this copy signs with and offers to create, import or export one."""

    identityChosen = Signal(Path)  # a new identity file is remembered

    def __init__(self, store: Store, me: Author | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.me = store.local_user() or me
        self.identity: Identity | None = None  # unlocked in this dialog, if at all
        self.setWindowTitle(_("My signing identity"))
        self.setMinimumWidth(620)

        intro = QLabel(
            _(
                "You sign plans with a private key and its certificate, kept in a PKCS#12 file "
                "that your passphrase protects. MutualPlan remembers where the file is, never "
                "the passphrase. Send the other side your certificate so that they can check "
                "your signature is yours."
            )
        )
        intro.setWordWrap(True)

        self.values: dict[str, QLabel] = {}
        self.details = QFormLayout()
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, text in (
            ("file", "File"),
            ("name", "Name"),
            ("organisation", "Organisation"),
            ("side", "Side"),
            ("email", "E-mail"),
            ("fingerprint", "Fingerprint (SHA-256)"),
            ("valid", "Valid"),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(text)
            self.values[key] = value
            self.details.addRow(f"{text}:", value)
        self.values["fingerprint"].setFont(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.unlock_button = QPushButton(_("Show &details…"))
        self.unlock_button.setToolTip(_("Open the file with its passphrase to show whom it names"))
        self.unlock_button.clicked.connect(self.unlock)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignTop)
        current = QGroupBox(_("Current identity"))
        current_layout = QVBoxLayout(current)
        current_layout.addLayout(self.details)
        current_layout.addLayout(status_row)

        self.create_button = QPushButton(_("&Create new…"))
        self.create_button.setToolTip(_("Make a key and a self-signed certificate"))
        self.import_button = QPushButton(_("&Import a company PKCS#12…"))
        self.import_button.setToolTip(_("Use the .p12 or .pfx file your company issued you"))
        self.export_button = QPushButton(_("E&xport my certificate…"))
        self.export_button.setToolTip(_("Write your public certificate to send to the other side"))
        self.create_button.clicked.connect(self.create_new)
        self.import_button.clicked.connect(self.import_pkcs12)
        self.export_button.clicked.connect(self.export_certificate)
        actions = QHBoxLayout()
        for button in (self.create_button, self.import_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(current)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.refresh()

    # -- showing ------------------------------------------------------------------------

    def remembered_path(self) -> Path | None:
        value = self.store.setting(IDENTITY_PATH_SETTING)
        return Path(value) if value else None

    def refresh(self) -> None:
        path = self.remembered_path()
        identity = self.identity
        rows = {
            "file": str(path) if path else "",
            "name": identity.name if identity else "",
            "organisation": (identity.organisation or "—") if identity else "",
            "side": (label(identity.side) if identity.side else "— (a company-issued certificate)")
            if identity
            else "",
            "email": (identity.email or "—") if identity else "",
            "fingerprint": _grouped(identity.fingerprint) if identity else "",
            "valid": (
                f"{identity.valid_from:%Y-%m-%d} to {identity.valid_until:%Y-%m-%d}"
                if identity
                else ""
            ),
        }
        for key, text in rows.items():
            self.values[key].setText(text)
            self.details.setRowVisible(self.values[key], bool(text))
        problem = ""
        if path is None:
            status = (
                "You have no signing identity yet. Create one, or import the PKCS#12 file "
                "your company gave you."
            )
        elif not path.is_file():
            status = problem = "The file is not there any more: create or import an identity."
        elif identity is None:
            status = "“Show details…” opens the file with its passphrase."
        else:
            try:
                check_usable(identity)
                status = "Ready to sign."
            except IdentityError as exc:
                status = problem = str(exc)
        self.status.setText(status)
        self.status.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.unlock_button.setVisible(identity is None and path is not None and path.is_file())
        self.export_button.setEnabled(path is not None and path.is_file())

    def _tell(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _error(self, title: str, exc: Exception) -> None:
        QMessageBox.warning(self, title, str(exc))

    def _remember(self, identity: Identity, path: Path) -> bool:
        try:
            self.store.set_setting(IDENTITY_PATH_SETTING, str(path))
        except StoreError as exc:
            self._error("MutualPlan could not save", exc)
            return False
        self.identity = identity
        self.refresh()
        self.identityChosen.emit(path)
        return True

    # -- actions ------------------------------------------------------------------------

    @Slot()
    def create_new(self) -> CreateIdentityDialog | None:
        dialog = self.create_dialog()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.identity is None or dialog.path is None:  # both are set when it accepts
            return None
        if self._remember(dialog.identity, dialog.path):
            self._tell(
                f"Saved your new identity in {dialog.path}. Keep the file private and the "
                "passphrase safe: without it the key cannot be opened, by anyone."
            )
        return dialog

    def create_dialog(self) -> CreateIdentityDialog:
        """The form behind “Create new…” (separate so that tests can fill it in)."""
        return CreateIdentityDialog(self.me, self, self.store.path)

    @Slot()
    def import_pkcs12(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Import a PKCS#12 identity"), str(documents_folder()), _(PKCS12_FILTER)
        )
        if not chosen:
            return
        path = Path(chosen)
        identity = self._open(path, "Identity not imported")
        if identity is None:
            return
        try:
            check_usable(identity)
        except IdentityError as exc:
            self._error("Identity not imported", exc)
            return
        if self._remember(identity, path):
            self._tell(f"From now on you sign as {identity.describe()}, with {path}.")

    @Slot()
    def unlock(self) -> Identity | None:
        path = self.remembered_path()
        if path is None:
            return None
        identity = self._open(path, "Cannot open your identity")
        if identity is not None:
            self.identity = identity
            self.refresh()
        return identity

    def _open(self, path: Path, error_title: str) -> Identity | None:
        passphrase = ask_passphrase(
            self, _("Passphrase"), _("Passphrase of {name}:").format(name=path.name)
        )
        if passphrase is None:
            return None
        try:
            return load_identity(path, passphrase)
        except IdentityError as exc:
            self._error(error_title, exc)
            return None

    @Slot()
    def export_certificate(self) -> Path | None:
        identity = self.identity or self.unlock()
        if identity is None:
            return None
        start = documents_folder() / suggested_file_name(identity.name, "certificate.pem")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export your certificate"), str(start), _(CERTIFICATE_FILTER)
        )
        if not chosen:
            return None
        path = with_suffix(Path(chosen), (".pem",))
        try:
            # The file dialog has asked before replacing; a certificate holds nothing secret.
            save_certificate(identity, path, overwrite=True)
        except IdentityError as exc:
            self._error("Certificate not exported", exc)
            return None
        self._tell(
            f"Wrote your certificate to {path}. Send it to the other side, and read them its "
            f"fingerprint so they know it came from you: {identity.fingerprint}"
        )
        return path


def _grouped(fingerprint: str) -> str:
    """Hex in two lines of eight groups of four: easier to read out over the phone."""
    groups = [fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4)]
    return "\n".join(" ".join(groups[i : i + 8]) for i in range(0, len(groups), 8))


def edit_signing_identity(app: App) -> None:
    """Settings ▸ My signing identity… (cryptography is imported only when asked)."""
    dialog = SigningIdentityDialog(app.store, app.me, app.widget)
    dialog.exec()
    dialog.deleteLater()
