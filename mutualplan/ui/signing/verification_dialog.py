"""What verifying a plan PDF found, for a person to read: a verdict in one line, the
plan, every signature in a table (verification_report.py), and what is missing or
wrong.

Imported only when the user signs or verifies (it reads pyHanko's report types).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFont
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
from ...i18n import N_, _, ngettext
from ...signing.verify import VerificationReport
from ...store import Store, StoreError
from ..common.screens import resize_within_screen
from ..common.values import capitalised, rich_text
from .verification_report import (
    BAD,
    CAUTION,
    OK,
    PROBLEM_COLOUR,
    SIDE_TEXT,
    WAITING,
    SignatureTableModel,
    importable,
    verdict,
    when_text,
)

VERDICT_STYLES = {
    OK: "background: #e3f4e8; color: #14532d; border: 2px solid #2e8b57;",
    WAITING: "background: #fff4e0; color: #5c3b00; border: 2px solid #e0a526;",
    CAUTION: "background: #fff4e0; color: #5c3b00; border: 2px solid #e0a526;",
    BAD: "background: #fdecea; color: #611a15; border: 2px solid #c0392b;",
}


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
        self.setWindowTitle(_("Verification of {name}").format(name=path.name))
        resize_within_screen(self, 1180, 620)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setAccessibleName(_("Verdict"))
        self.verdict.setWordWrap(True)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.verdict.setFont(font)

        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plan.setAccessibleName(_("The plan"))

        self.model = SignatureTableModel(report.signatures, self)
        self.table = QTableView()
        self.table.setAccessibleName(_("Signatures"))
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
        self.others.setAccessibleName(_("Other signatures"))
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAccessibleName(_("Problems"))
        self.problems.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(_("Import result"))
        self.outcome.hide()

        self.trust_button = QPushButton(_("&Accept this certificate…"))
        self.trust_button.setToolTip(
            _("Remember the certificate of the selected signer as theirs from now on")
        )
        self.trust_button.clicked.connect(self.trust_certificate)
        self.import_button = QPushButton(_("&Import into this database"))
        self.import_button.setToolTip(
            _("Merge the plan into this database and record the signatures it carries")
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
        self.signatures_heading = _heading(_("Digital signatures"))
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
            _("matches the hash printed in the document")
            if report.data_matches
            else _("<b>does NOT match</b> the hash printed in the document")
        )
        self.plan.setText(
            _(
                "<b>{title}</b><br>Buyer: {buyer} · Seller: {seller}<br>Revision "
                "{revision} ({sha256}) · the embedded plan data {matches} "
                "(SHA-256 {sha2562}…)"
            ).format(
                title=rich_text(report.title),
                buyer=rich_text(report.buyer),
                seller=rich_text(report.seller),
                revision=report.revision,
                sha256=report.sha256[:8],
                matches=matches,
                sha2562=report.sha256[:16],
            )
        )
        lines = []
        for person in report.in_person:
            covered = (
                _("covered by the digital signature that follows it")
                if person.covered_by_signature
                else _("<b>not covered by any digital signature</b>")
            )
            lines.append(
                _(
                    "{side}: <span style='color: #8a5a00'>acknowledged in person</span> by "
                    "{name} on {device} at {when} — a drawing of a handwritten signature, "
                    "<b>not a digital signature</b>; {covered}."
                ).format(
                    side=_side(person.side),
                    name=rich_text(person.name),
                    device=rich_text(person.captured_on),
                    when=when_text(person.captured_at),
                    covered=covered,
                )
            )
        for side in report.missing:
            broken = any(s.side == side for s in report.signatures)
            if broken:
                line = _("{side}: <b>no signature that stands</b> (see below).")
            elif report.side_status(side) == "in_person":
                line = _("{side}: <b>has not signed digitally</b>.")
            else:
                line = _("{side}: not signed yet.")
            lines.append(line.format(side=_side(side)))
        if not report.signatures:
            lines.insert(0, _("No digital signature in this file."))
        self.others.setText("<br>".join(lines))
        self.others.setVisible(bool(lines))
        problems = [
            _(SIGNATURE_OF[s.side]).format(what=_(p))
            for s in report.signatures
            for p in s.later_changes + s.problems
        ] + [capitalised(_(p)) for p in report.problems]
        notes = [
            _(SIGNATURE_OF[s.side]).format(what=_(n)) for s in report.signatures for n in s.notes
        ]
        note = _("Note: {note}")
        self.problems.setText(
            "<br>".join(
                [f"• {rich_text(p)}" for p in problems]
                + [
                    "<span style='color: palette(text)'>"
                    + note.format(note=rich_text(n))
                    + "</span>"
                    for n in notes
                ]
            )
        )
        self.problems.setVisible(bool(problems or notes))
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        self.trust_button.setVisible(self._changed_signature() is not None)
        self.import_button.setEnabled(importable(self.report) and self.summary is None)
        if not importable(self.report):
            self.import_button.setToolTip(_("Only a file whose signatures are intact is imported"))

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
            _("Accept this certificate?"),
            _(
                "{signer}{org} signed the {side}'s field with a certificate this "
                "database has not accepted for them.\n\n{remembered}The "
                "certificate in this file (SHA-256):\n{fingerprint}\n\nAccept it as "
                "{signer}'s, signing for the {side}, only if they have read this "
                "fingerprint to you themselves, for instance over the phone."
            ).format(
                signer=s.signer,
                org=org,
                side=_(s.side),
                remembered=remembered,
                fingerprint=s.fingerprint,
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from ...workflows.verifying import verify

        try:
            self.store.accept_certificate(s.fingerprint, s.side)
            self.report = verify(self.store, self.pdf)
        except StoreError as exc:
            QMessageBox.warning(self, _("MutualPlan could not save"), str(exc))
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
            QMessageBox.warning(self, _("Not imported"), capitalised(str(exc)))
            return None
        self.summary = summary
        done = (
            ngettext(
                "Created “{title}” in this database: {n} change taken.",
                "Created “{title}” in this database: {n} changes taken.",
                summary.taken,
            )
            if summary.created
            else ngettext(
                "Merged “{title}” in this database: {n} change taken.",
                "Merged “{title}” in this database: {n} changes taken.",
                summary.taken,
            )
        )
        text = done.format(title=summary.title, n=summary.taken)
        if summary.signatures and summary.revision is not None:
            recorded = {
                ("seller",): N_("Recorded the seller's signature for revision {label}."),
                ("buyer",): N_("Recorded the buyer's signature for revision {label}."),
                ("seller", "buyer"): N_(
                    "Recorded the seller's and the buyer's signature for revision {label}."
                ),
            }
            sides = tuple(side for side in ("seller", "buyer") if side in summary.signatures)
            text += " " + _(recorded[sides]).format(label=summary.revision.label)
        elif summary.revision is not None:
            text += " " + _("Its signatures were already recorded.")
        if summary.conflicts:
            count = len(summary.conflicts)
            text += " " + ngettext(
                "{count} conflict (the same thing changed on both sides) waits to be settled: "
                "File ▸ Settle conflicts…",
                "{count} conflicts (the same thing changed on both sides) wait to be settled: "
                "File ▸ Settle conflicts…",
                count,
            ).format(count=count)
        self.outcome.setText(text)
        self.outcome.show()
        self.import_button.setText(_("Imported"))
        self._update_buttons()
        self.imported.emit(summary)
        return summary


SIGNATURE_OF = {
    "seller": N_("The seller's signature: {what}"),
    "buyer": N_("The buyer's signature: {what}"),
    "unknown": N_("A signature in an unexpected field: {what}"),
}


def _side(side: str) -> str:
    """"Seller" / "Buyer" in the reader's language."""
    return _(SIDE_TEXT[side]) if side in SIDE_TEXT else side.capitalize()

