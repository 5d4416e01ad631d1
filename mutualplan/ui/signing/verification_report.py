"""What verifying a plan PDF found, in words and a table: the one-line verdict, whether
the plan can be imported, and every signature as a row.

Imported only when the user signs or verifies (it reads pyHanko's report types).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...signing.verify import SignatureReport, VerificationReport
from ..editor.table_models import local_time

OK, WAITING, CAUTION, BAD = "ok", "waiting", "caution", "bad"
PROBLEM_COLOUR = QColor("#a4262c")
GOOD_COLOUR = QColor("#1e6b3a")
CERTIFICATE_TEXT = {
    "known": "known",
    "new": "new (first seen now)",
    "changed": "CHANGED for this person",
    "unknown": "not checked",
}
_Parent = QModelIndex | QPersistentModelIndex
# verify.py counts PDF revisions (each signature is one incremental update); beside the
# plan's own revision numbers that word would confuse.
PDF_UPDATES = re.compile(r"^the document up to revision (\d+) of (\d+)$")


def verdict(report: VerificationReport) -> tuple[str, str]:
    """(level, the one line a person reads first)."""
    if report.ok:
        return OK, "Verified — mutually committed"
    pending = [s for s in report.signatures if s.awaits_acceptance]
    others = [s for s in report.signatures if not s.trustworthy and not s.awaits_acceptance]
    if others or report.problems or not report.data_matches:
        return BAD, f"NOT verified — {report.reasons()[0]}"
    if pending:
        s = pending[0]
        named = s.organisation or "no organisation"
        why = (
            "certificate is not the one seen before"
            if s.certificate == "changed"
            else f"certificate names “{named}”, not the plan's {s.side}"
        )
        return CAUTION, f"Intact, but {s.signer}'s {why}: check its fingerprint with them"
    if any(report.side_status(side) == "in_person" for side in report.missing):
        standing = report.standing()
        return WAITING, f"{standing[:1].upper()}{standing[1:]} — not yet mutually committed"
    if len(report.missing) > 1:
        return WAITING, "Intact, waiting for both sides' signatures"
    return WAITING, f"Intact, waiting for the {report.missing[0]}'s signature"


def importable(report: VerificationReport) -> bool:
    """What the importer accepts: no signature tampered with, the data matching."""
    return report.data_matches and not any(s.tampered for s in report.signatures)


def added_after(signature: SignatureReport) -> str:
    if signature.later_changes:
        return "; ".join(signature.later_changes)
    if signature.covers == "the whole file":
        return "nothing"
    return "only the other side's signature"


def covers_text(covers: str) -> str:
    found = PDF_UPDATES.match(covers)
    return f"the file up to its update {found[1]} of {found[2]}" if found else covers


def when_text(iso: str | None) -> str:
    return local_time(iso) if iso else "not stated"


class SignatureTableModel(QAbstractTableModel):
    """One row per digital signature in the file."""

    COLUMNS = (
        "Side",
        "Signer",
        "Organisation",
        "Signed (local time)",
        "Intact",
        "Valid",
        "Covers",
        "Added after it",
        "Certificate",
        "Fingerprint",
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
            return self.COLUMNS[section]
        return None

    def _cells(self, s: SignatureReport) -> list[tuple[str, bool | None]]:
        """(text, good?) per column; None where the cell is neither good nor bad."""
        return [
            (s.side.capitalize(), None),
            (s.signer, None),
            (s.organisation or "—", None),
            (when_text(s.signed_at), None),
            ("Yes" if s.intact else "NO", s.intact),
            # A signature over bytes that were since altered proves nothing either way.
            ("Yes" if s.valid else "NO", s.valid) if s.intact else ("—", None),
            (covers_text(s.covers), "whole" in s.covers or "revision" in s.covers),
            (added_after(s), not s.later_changes),
            (CERTIFICATE_TEXT.get(s.certificate, s.certificate), s.certificate != "changed"),
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
                return f"SHA-256 of the certificate: {signature.fingerprint}"
            if index.column() == self.CERTIFICATE_COLUMN and signature.certificate == "changed":
                return (
                    f"This database knows another certificate for {signature.signer}. Ask "
                    "them for the fingerprint of their new one before trusting it."
                )
            if index.column() == 6 and PDF_UPDATES.match(signature.covers):
                return (
                    "A PDF grows by updates, and each signature adds one. This signature "
                    "covers every byte up to its own update; what came later is under "
                    "“Added after it”."
                )
            if index.column() == 3 and signature.signed_at:
                return f"{signature.signed_at} (as the signer's computer reported it)"
            return text
        return None

    def refresh_row(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
