"""Importing a plan PDF: verify it with this database's records, then create or merge
the plan and record the signatures that stand.

A file altered after a signature (or whose plan data does not match its printed hash)
is refused whole. A signature that is intact but whose signer is not trusted (another
organisation, a changed certificate, a time or purpose that does not fit) leaves the
plan data importable but is not recorded; the summary says why. A handwritten
signature captured in person is recorded as that, never as a signature.
"""

from __future__ import annotations

from typing import Any

from ..exchange.importer import ImportRefusedError, ImportSummary, import_plan_data
from ..i18n import _
from ..store import Store
from .verifying import verify_for_import


def import_pdf(store: Store, pdf: bytes) -> ImportSummary:
    """NotAPlanPdfError / ImportRefusedError say plainly why nothing was imported."""
    # The data the checks judged (as the first signature covers it) is the data taken.
    report, data = verify_for_import(store, pdf)
    if report.review_copy:
        raise ImportRefusedError(
            _("this is a review copy: its answers are imported as proposals, not merged")
        )
    tampered = [s for s in report.signatures if s.tampered]
    if tampered:
        raise ImportRefusedError(
            (
                _("the seller's signature is not intact ({summary}); the file was not imported")
                if tampered[0].side == "seller"
                else _(
                    "the buyer's signature is not intact ({summary}); the file was not imported"
                )
            ).format(summary=tampered[0].summary())
        )
    if not report.data_matches:
        raise ImportRefusedError(
            _(
                "the embedded plan data does not match the hash printed in the document; "
                "the file was not imported"
            )
        )
    signed: dict[str, dict[str, Any]] = {}
    not_recorded = []
    for s in report.signatures:
        if not s.trustworthy:
            not_recorded.append(
                (
                    _("the seller's signature ({signer}): {summary}")
                    if s.side == "seller"
                    else _("the buyer's signature ({signer}): {summary}")
                ).format(signer=s.signer, summary=s.summary())
            )
            continue
        signed[s.side] = {
            "kind": "digital",
            "signer": s.signer,
            "organisation": s.organisation,
            "fingerprint": s.fingerprint,
            "signed_at": s.signed_at,
        }
    if signed:
        for person in report.in_person:
            if person.covered_by_signature and person.side not in signed:
                signed[person.side] = {
                    "kind": "in person",
                    "signer": person.name,
                    "organisation": "",
                    "fingerprint": "",
                    "signed_at": person.captured_at,
                }
    summary = import_plan_data(store, data, signed)
    summary.not_recorded = not_recorded
    return summary
