"""What verifying a plan PDF found, for a person to read: a verdict in one line, the
plan, every signature in a table, and what is missing or wrong.

Imported only when the user signs or verifies (it reads pyHanko's report types).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.names import same_person_name
from ...signing.verify import SignatureReport, VerificationReport
from ...store import Store, StoreError
from ..common.screens import resize_within_screen
from ..editor.table_models import local_time

OK, WAITING, CAUTION, BAD = "ok", "waiting", "caution", "bad"
VERDICT_STYLES = {
    OK: "background: #e3f4e8; color: #14532d; border: 2px solid #2e8b57;",
    WAITING: "background: #fff4e0; color: #5c3b00; border: 2px solid #e0a526;",
    CAUTION: "background: #fff4e0; color: #5c3b00; border: 2px solid #e0a526;",
    BAD: "background: #fdecea; color: #611a15; border: 2px solid #c0392b;",
}
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


def _when(iso: str | None) -> str:
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
            (_when(s.signed_at), None),
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


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 6, 0, 0)
    return label


class VerificationDialog(QDialog):
    """The verification report of one file, with what can be done about it."""

    imported = Signal(object)  # ImportSummary: the file went into this database

    def __init__(
        self,
        report: VerificationReport,
        pdf: bytes,
        path: Path,
        store: Store,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.pdf = pdf
        self.path = path
        self.store = store
        self.summary = None  # the ImportSummary, once imported
        self.setWindowTitle(f"Verification of {path.name}")
        resize_within_screen(self, 1180, 620)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setAccessibleName("Verdict")
        self.verdict.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.verdict.setFont(font)

        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan.setAccessibleName("The plan")

        self.model = SignatureTableModel(report.signatures, self)
        self.table = QTableView()
        self.table.setAccessibleName("Signatures")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        self.table.setVisible(bool(report.signatures))
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.table.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._fit_table())

        self.others = QLabel()  # in-person signatures and sides not signed
        self.others.setWordWrap(True)
        self.others.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.others.setAccessibleName("Other signatures")
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAccessibleName("Problems")
        self.problems.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Import result")
        self.outcome.hide()

        self.trust_button = QPushButton("&Accept this certificate…")
        self.trust_button.setToolTip(
            "Remember the certificate of the selected signer as theirs from now on"
        )
        self.trust_button.clicked.connect(self.trust_certificate)
        self.import_button = QPushButton("&Import into this database")
        self.import_button.setToolTip(
            "Merge the plan into this database and record the signatures it carries"
        )
        self.import_button.clicked.connect(self.import_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.trust_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.plan)
        self.signatures_heading = _heading("Digital signatures")
        layout.addWidget(self.signatures_heading)
        layout.addWidget(self.table)
        layout.addWidget(self.others)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        layout.addWidget(self.outcome)
        layout.addLayout(row)
        self.signatures_heading.setVisible(bool(report.signatures))
        self.refresh()
        self.import_button.setDefault(self.import_button.isEnabled())
        self._fit_table()
        resize_within_screen(self, 1180, self.sizeHint().height() + 40)

    def _fit_table(self) -> None:
        """As tall as its rows: two signatures at most, no empty grid below them."""
        self.table.resizeRowsToContents()
        rows = sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
        header = self.table.horizontalHeader().sizeHint().height()
        # Columns wider than the table (a long name, a narrow screen) bring a scroll bar
        # along the bottom: room is kept for it, so it never covers the last row.
        sideways = self.table.horizontalScrollBar()
        bar = sideways.sizeHint().height() if sideways.maximum() > 0 else 0
        self.table.setFixedHeight(header + rows + bar + 2 * self.table.frameWidth() + 2)

    # -- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        report = self.report
        level, line = verdict(report)
        self.level = level
        self.verdict.setText(line)
        self.verdict.setStyleSheet(
            f"QLabel#verdict {{ {VERDICT_STYLES[level]} padding: 10px 14px; }}"
        )
        matches = (
            "matches the hash printed in the document"
            if report.data_matches
            else "<b>does NOT match</b> the hash printed in the document"
        )
        self.plan.setText(
            f"<b>{_escape(report.title)}</b><br>"
            f"Buyer: {_escape(report.buyer)} · Seller: {_escape(report.seller)}<br>"
            f"Revision {report.revision} ({report.sha256[:8]}) · the embedded plan data "
            f"{matches} (SHA-256 {report.sha256[:16]}…)"
        )
        lines = []
        for person in report.in_person:
            covered = (
                "covered by the digital signature that follows it"
                if person.covered_by_signature
                else "<b>not covered by any digital signature</b>"
            )
            lines.append(
                f"{person.side.capitalize()}: <span style='color: #8a5a00'>acknowledged in "
                f"person</span> by {_escape(person.name)} on {_escape(person.captured_on)} "
                f"at {_when(person.captured_at)} — a drawing of a handwritten signature, "
                f"<b>not a digital signature</b>; {covered}."
            )
        for side in report.missing:
            broken = any(s.side == side for s in report.signatures)
            if broken:
                lines.append(f"{side.capitalize()}: <b>no signature that stands</b> (see below).")
            elif report.side_status(side) == "in_person":
                lines.append(f"{side.capitalize()}: <b>has not signed digitally</b>.")
            else:
                lines.append(f"{side.capitalize()}: not signed yet.")
        if not report.signatures:
            lines.insert(0, "No digital signature in this file.")
        self.others.setText("<br>".join(lines))
        self.others.setVisible(bool(lines))
        problems = [
            f"The {s.side}'s signature: {p}"
            for s in report.signatures
            for p in s.later_changes + s.problems
        ] + [_capitalised(p) for p in report.problems]
        notes = [f"The {s.side}'s signature: {n}" for s in report.signatures for n in s.notes]
        self.problems.setText(
            "<br>".join(
                [f"• {_escape(p)}" for p in problems]
                + [f"<span style='color: palette(text)'>Note: {_escape(n)}</span>" for n in notes]
            )
        )
        self.problems.setVisible(bool(problems or notes))
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.trust_button.setVisible(self._changed_signature() is not None)
        self.import_button.setEnabled(importable(self.report) and self.summary is None)
        if not importable(self.report):
            self.import_button.setToolTip("Only a file whose signatures are intact is imported")

    def _changed_signature(self) -> int | None:
        """The row whose certificate waits to be accepted: the selected one, else the first."""
        rows = [i for i, s in enumerate(self.report.signatures) if s.awaits_acceptance]
        current = self.table.currentIndex().row()
        if current in rows:
            return current
        return rows[0] if rows else None

    # -- actions ------------------------------------------------------------------------

    @Slot()
    def trust_certificate(self) -> bool:
        row = self._changed_signature()
        if row is None:
            return False
        s = self.report.signatures[row]
        org = f" ({s.organisation})" if s.organisation else ""
        before = [
            c["fingerprint"]
            for c in self.store.certificates()
            if c["accepted"]
            and c["fingerprint"] != s.fingerprint
            and same_person_name(c["name"], s.signer)
        ]
        remembered = f"Remembered for them until now:\n{before[0]}\n\n" if before else ""
        answer = QMessageBox.question(
            self,
            "Accept this certificate?",
            f"{s.signer}{org} signed the {s.side}'s field with a certificate this database "
            f"has not accepted for them.\n\n{remembered}"
            f"The certificate in this file (SHA-256):\n{s.fingerprint}\n\n"
            f"Accept it as {s.signer}'s, signing for the {s.side}, only if they have read "
            "this fingerprint to you themselves, for instance over the phone.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from ...workflows.verifying import verify

        try:
            self.store.accept_certificate(s.fingerprint, s.side)
            self.report = verify(self.store, self.pdf)
        except StoreError as exc:
            QMessageBox.warning(self, "MutualPlan could not save", str(exc))
            return False
        self.model.beginResetModel()
        self.model.signatures = self.report.signatures
        self.model.endResetModel()
        self.refresh()
        return True

    @Slot()
    def import_file(self):  # noqa: ANN201 - ImportSummary | None
        from ...exchange.importer import ImportRefusedError
        from ...signing.pdf import NotAPlanPdfError
        from ...workflows.importing import import_pdf

        try:
            summary = import_pdf(self.store, self.pdf)
        except (ImportRefusedError, NotAPlanPdfError, StoreError) as exc:
            QMessageBox.warning(self, "Not imported", _capitalised(str(exc)))
            return None
        self.summary = summary
        done = "Created" if summary.created else "Merged"
        text = f"{done} “{summary.title}” in this database: {summary.taken} changes taken."
        if summary.signatures and summary.revision is not None:
            sides = " and ".join(f"the {side}'s" for side in summary.signatures)
            text += f" Recorded {sides} signature for revision {summary.revision.label}."
        elif summary.revision is not None:
            text += " Its signatures were already recorded."
        if summary.conflicts:
            count = len(summary.conflicts)
            text += (
                f" {count} conflict{'s' if count > 1 else ''} (the same thing changed on both "
                "sides) wait to be settled: File ▸ Settle conflicts…"
            )
        self.outcome.setText(text)
        self.outcome.show()
        self.import_button.setText("Imported")
        self._update_buttons()
        self.imported.emit(summary)
        return summary


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
