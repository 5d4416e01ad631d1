"""The sign dialog: the plan PDF, the identity that signs it and, in a workshop, the
buyer's handwritten signature captured first; the flow in `signing_dialogs` signs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
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
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Author
from ...i18n import _
from ...signing.identity import SIDES
from ..common.values import rich_text
from .identity_dialog import PKCS12_FILTER, documents_folder
from .plan_pdf import PlanPdfInfo
from .signature_pad import NOT_DIGITAL, InPersonCapture, InPersonDialog

HINT_STYLE = "color: palette(placeholder-text);"


def _signature_states(info: PlanPdfInfo) -> str:
    parts = []
    for side in SIDES:
        if info.signed[side]:
            state = _("signed digitally")
        elif side in info.in_person:
            state = _("signed by hand in person")
        else:
            state = _("not signed yet")
        parts.append(f"{_(side.capitalize())}: {state}")
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
        self.setWindowTitle(_("Sign {name}").format(name=path.name))
        self.setMinimumWidth(640)

        plan = QLabel(
            _("<b>{title}</b><br>{buyer} with {seller} · revision {revision} ({sha256})").format(
                title=rich_text(info.title),
                buyer=rich_text(info.buyer),
                seller=rich_text(info.seller),
                revision=info.revision,
                sha256=info.sha256[:8],
            )
        )
        plan.setWordWrap(True)
        plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        file_label = QLabel(str(path))
        file_label.setWordWrap(True)
        file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.states = QLabel(_signature_states(info))
        self.states.setAccessibleName(_("Signatures so far"))
        about = QFormLayout()
        about.addRow(_("Plan:"), plan)
        about.addRow(_("File:"), file_label)
        about.addRow(_("Signatures:"), self.states)

        self.identity = QLineEdit(identity_path)
        self.identity.setAccessibleName(_("Signing identity file"))
        self.identity.setPlaceholderText(_("Your PKCS#12 file (.p12 or .pfx)"))
        self.browse_button = QPushButton(_("C&hoose…"))
        self.browse_button.setToolTip(_("Sign with another PKCS#12 file"))
        self.browse_button.clicked.connect(self.browse_identity)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.identity, 1)
        identity_row.addWidget(self.browse_button)
        self.identity_hint = QLabel(
            _(
                "You sign for the side your certificate names (here you are the "
                "{my_side}). The passphrase is asked for next and never kept."
            ).format(my_side=my_side)
            if identity_path
            else _(
                "No signing identity yet: make one now, or choose the PKCS#12 file your "
                "company gave you."
            )
        )
        self.make_button = QPushButton(_("&Make one now…"))
        self.make_button.setToolTip(
            _("A key and a certificate naming you, saved under a passphrase")
        )
        self.make_button.setVisible(not identity_path)
        identity_row.addWidget(self.make_button)
        self.identity_hint.setWordWrap(True)
        self.identity_hint.setStyleSheet(HINT_STYLE)
        identity_box = QGroupBox(_("Your signing identity"))
        identity_layout = QVBoxLayout(identity_box)
        identity_layout.addLayout(identity_row)
        identity_layout.addWidget(self.identity_hint)

        self.in_person = QCheckBox(_("Capture the &buyer's signature in person first"))
        self.in_person.setAccessibleDescription(_(NOT_DIGITAL))
        explanation = QLabel(
            _(
                "When the buyer is in the room, they can acknowledge the plan by "
                "hand on this screen. {not_digital} The PDF says so, and your "
                "digital signature covers it; the revision is mutually committed "
                "only once the buyer also signs digitally."
            ).format(not_digital=_(NOT_DIGITAL))
        )
        explanation.setWordWrap(True)
        explanation.setStyleSheet(HINT_STYLE)
        self.capture_state = QLabel()
        self.capture_state.setWordWrap(True)
        self.capture_preview = QLabel()
        self.capture_preview.setAccessibleName(_("The captured signature"))
        self.capture_preview.setStyleSheet("background: white; border: 1px solid #c8ccd0;")
        self.capture_preview.hide()
        self.recapture_button = QPushButton(_("Capture &again…"))
        self.recapture_button.clicked.connect(self.open_capture)
        self.recapture_button.hide()
        captured = QHBoxLayout()
        captured.addWidget(self.capture_preview)
        captured.addWidget(self.capture_state, 1)
        captured.addWidget(self.recapture_button)
        self.in_person_box = QGroupBox(_("In a workshop"))
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
        self.progress.setAccessibleName(_("Signing"))
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_button.setText(_("&Sign…"))
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
            self, _("Choose your signing identity"), start, _(PKCS12_FILTER)
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
            _(
                "Captured: {name}'s handwritten signature, for the buyer's box. "
                "Sign to place it there under your digital signature."
            ).format(name=rich_text(capture.name))
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

