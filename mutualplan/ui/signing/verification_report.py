"""What verifying a plan PDF found, in words and a table: the one-line verdict, whether
the plan can be imported, and every signature as a row.

Imported only when the user signs or verifies (it reads pyHanko's report types).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...i18n import N_, _
from ...signing.verify import SignatureReport, VerificationReport
from ..editor.history import local_time

OK, WAITING, CAUTION, BAD = "ok", "waiting", "caution", "bad"
PROBLEM_COLOUR = QColor("#a4262c")
GOOD_COLOUR = QColor("#1e6b3a")
CERTIFICATE_TEXT = {
    "known": N_("known"),
    "new": N_("new (first seen now)"),
    "changed": N_("CHANGED for this person"),
    "unknown": N_("not checked"),
}
SIDE_TEXT = {"seller": N_("Seller"), "buyer": N_("Buyer")}
_Parent = QModelIndex | QPersistentModelIndex
# verify.py counts PDF revisions (each signature is one incremental update); beside the
# plan's own revision numbers that word would confuse.
PDF_UPDATES = re.compile(r"^the document up to revision (\d+) of (\d+)$")


def verdict(report: VerificationReport) -> tuple[str, str]:
    """(level, the one line a person reads first)."""
    if report.ok:
        return OK, _("Verified — mutually committed")
    pending = [s for s in report.signatures if s.awaits_acceptance]
    others = [s for s in report.signatures if not s.trustworthy and not s.awaits_acceptance]
    if others or report.problems or not report.data_matches:
        return BAD, _("NOT verified — {reason}").format(reason=report.reasons()[0])
    if pending:
        s = pending[0]
        named = s.organisation or _("no organisation")
        if s.certificate == "changed":
            why = _(
                "Intact, but {signer}'s certificate is not the one seen before: check its "
                "fingerprint with them"
            )
        elif s.side == "seller":
            why = _(
                "Intact, but {signer}'s certificate names “{named}”, not the plan's seller: "
                "check its fingerprint with them"
            )
        else:
            why = _(
                "Intact, but {signer}'s certificate names “{named}”, not the plan's buyer: "
                "check its fingerprint with them"
            )
        return CAUTION, why.format(signer=s.signer, named=named)
    if any(report.side_status(side) == "in_person" for side in report.missing):
        standing = report.standing()
        line = _("{standing} — not yet mutually committed").format(standing=standing)
        return WAITING, line[:1].upper() + line[1:]
    if len(report.missing) > 1:
        return WAITING, _("Intact, waiting for both sides' signatures")
    if report.missing[0] == "seller":
        return WAITING, _("Intact, waiting for the seller's signature")
    return WAITING, _("Intact, waiting for the buyer's signature")


def importable(report: VerificationReport) -> bool:
    """What the importer accepts: no signature tampered with, the data matching."""
    return report.data_matches and not any(s.tampered for s in report.signatures)


def added_after(signature: SignatureReport) -> str:
    if signature.later_changes:
        return "; ".join(_(change) for change in signature.later_changes)
    if signature.covers == "the whole file":
        return _("nothing")
    return _("only the other side's signature")


def covers_text(covers: str) -> str:
    found = PDF_UPDATES.match(covers)
    if found:
        return _("the file up to its update {number} of {total}").format(
            number=found[1], total=found[2]
        )
    return _(covers)  # the other coverages are marked for the catalogue in signing/verify


def when_text(iso: str | None) -> str:
    return local_time(iso) if iso else _("not stated")


class SignatureTableModel(QAbstractTableModel):
    """One row per digital signature in the file."""

    COLUMNS = (
        N_("Side"),
        N_("Signer"),
        N_("Organisation"),
        N_("Signed (local time)"),
        N_("Intact"),
        N_("Valid"),
        N_("Covers"),
        N_("Added after it"),
        N_("Certificate"),
        N_("Fingerprint"),
    )
    FINGERPRINT_COLUMN = 9
    CERTIFICATE_COLUMN = 8

    def __init__(self, signatures: list[SignatureReport], parent=None) -> None:
        super().__init__(parent)
        self.signatures = signatures

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.signatures)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section])
        return None

    def _cells(self, s: SignatureReport) -> list[tuple[str, bool | None]]:
        """(text, good?) per column; None where the cell is neither good nor bad."""
        return [
            (_(SIDE_TEXT[s.side]) if s.side in SIDE_TEXT else s.side.capitalize(), None),
            (s.signer, None),
            (s.organisation or "—", None),
            (when_text(s.signed_at), None),
            (_("Yes") if s.intact else _("NO"), s.intact),
            # A signature over bytes that were since altered proves nothing either way.
            (_("Yes") if s.valid else _("NO"), s.valid) if s.intact else ("—", None),
            (covers_text(s.covers), "whole" in s.covers or "revision" in s.covers),
            (added_after(s), not s.later_changes),
            (_(CERTIFICATE_TEXT.get(s.certificate, s.certificate)), s.certificate != "changed"),
            (s.fingerprint[:16] + "…", None),
        ]

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        signature = self.signatures[index.row()]
        text, good = self._cells(signature)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ForegroundRole and good is not None:
            return QBrush(GOOD_COLOUR if good else PROBLEM_COLOUR)
        if role == Qt.ItemDataRole.FontRole and good is False:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == self.FINGERPRINT_COLUMN:
                return _("SHA-256 of the certificate: {fingerprint}").format(
                    fingerprint=signature.fingerprint
                )
            if index.column() == self.CERTIFICATE_COLUMN and signature.certificate == "changed":
                return _(
                    "This database knows another certificate for {signer}. Ask them for the "
                    "fingerprint of their new one before trusting it."
                ).format(signer=signature.signer)
            if index.column() == 6 and PDF_UPDATES.match(signature.covers):
                return _(
                    "A PDF grows by updates, and each signature adds one. This signature "
                    "covers every byte up to its own update; what came later is under "
                    "“Added after it”."
                )
            if index.column() == 3 and signature.signed_at:
                return _("{when} (as the signer's computer reported it)").format(
                    when=signature.signed_at
                )
            return text
        return None

    def refresh_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
