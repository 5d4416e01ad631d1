"""Verifying a plan PDF with what this database knows: the certificates it has seen
and accepted, and the signatures it has recorded.

Three steps so that the window can run the slow middle one on a worker thread while
the database stays on its own: `trust_of` reads the certificates, `check` verifies
(any thread), `finish` compares with the recorded signatures and remembers the
certificates seen. `verify` does all three, for the command line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..domain.names import person_key
from ..exchange.plan_data import PlanData
from ..signing.verify import (
    VerificationReport,
    compare_with_records,
    verify_and_read,
    verify_pdf,
)
from ..store import Store


@dataclass
class Trust:
    """The certificates this database remembers, read once (a CertificateBook)."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def certificate_status(self, name: str, organisation: str, fingerprint: str) -> str:
        """'known', 'new' (nothing trusted for this person yet) or 'changed' (another
        certificate is trusted for them, and no one here accepted this one)."""
        key = person_key(name, organisation)
        trusted = [row for row in self.rows if row["person_key"] == key and row["accepted"]]
        if any(row["fingerprint"] == fingerprint for row in trusted):
            return "known"
        return "changed" if trusted else "new"

    def accepted_for_side(self, fingerprint: str, side: str) -> bool:
        return any(
            row["fingerprint"] == fingerprint and row["accepted_for"] == side for row in self.rows
        )


def trust_of(store: Store) -> Trust:
    return Trust(store.certificates())


def check(pdf: bytes, trust: Trust | None, now: dt.datetime | None = None) -> VerificationReport:
    """Verify `pdf` (NotAPlanPdfError when it is not a plan PDF). Any thread."""
    return verify_pdf(pdf, trust, now)


def finish(store: Store, report: VerificationReport) -> None:
    """What only the database can add: a signature recorded here that the file lacks
    (it is an earlier copy), and the certificates seen, remembered per person."""
    if store.has_plan(report.plan_id):
        compare_with_records(report, store.signed_sides(report.plan_id, report.sha256))
    for signature in report.signatures:
        if signature.fingerprint and signature.certificate != "known":
            store.remember_certificate(
                signature.signer,
                signature.organisation,
                signature.fingerprint,
                signature.side,
                trusted=signature.trustworthy and signature.certificate == "new",
            )


def verify(store: Store | None, pdf: bytes, now: dt.datetime | None = None) -> VerificationReport:
    report = check(pdf, trust_of(store) if store is not None else None, now)
    if store is not None:
        finish(store, report)
    return report


def verify_for_import(
    store: Store, pdf: bytes, now: dt.datetime | None = None
) -> tuple[VerificationReport, PlanData]:
    """`verify`, and the plan data it judged with its change log, read once."""
    report, data = verify_and_read(pdf, trust_of(store), now)
    finish(store, report)
    return report, data
