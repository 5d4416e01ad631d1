"""Name, organisation, side and e-mail: who uses this copy (the first-run question) and
whom a new signing identity names ask the same four things, in the same form."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from ...domain.model import Author, Side
from ...i18n import _


class PersonForm(QWidget):
    """The four rows; `form` takes more rows below them (a passphrase, a hint)."""

    def __init__(
        self,
        current: Author | None,
        email_hint: str,
        *,
        fill_email: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = QLineEdit(current.name if current else "")
        self.organisation = QLineEdit(current.organisation if current else "")
        self.side = QComboBox()
        self.side.addItem(_("Seller"), Side.SELLER.value)
        self.side.addItem(_("Buyer"), Side.BUYER.value)
        if current:
            self.side.setCurrentIndex(max(self.side.findData(current.side), 0))
        self.email = QLineEdit(current.email if current and fill_email else "")
        self.email.setPlaceholderText(email_hint)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)  # lines up as if laid out in the dialog
        self.form.addRow(_("&Name"), self.name)
        self.form.addRow(_("&Organisation"), self.organisation)
        self.form.addRow(_("&Side"), self.side)
        self.form.addRow(_("&E-mail"), self.email)
