"""Verifying a signed plan PDF, trusting no byte that was not checked.

For each signature: is it intact and cryptographically valid, what does it cover, was
anything but the other side's signature added after it, is the certificate the one
this person used before. For the document: does the plan data embedded when it was
signed match the hash printed on its pages, and has each side signed. No network is
used: certificates are judged by what this database has seen before, never fetched.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Protocol

from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from ..exchange.review_data import REVIEW_ATTACHMENT
from .changes_after import differences
from .identity import certificate_fields
from .pdf import (
    IN_PERSON_ATTACHMENT,
    SIDES,
    NotAPlanPdfError,
    attachments,
    damaged_pdf_is_not_a_plan,
    field_name,
    open_reader,
    plan_data_in,
    side_of_field,
    signature_fields,
)


class CertificateBook(Protocol):
    """Certificates seen before, per person (the store keeps them)."""

    def certificate_status(self, name: str, organisation: str, fingerprint: str) -> str:
        """'known', 'new' (first sight; now remembered) or 'changed'."""
        ...


@dataclass
class SignatureReport:
    field: str
    side: str
    signer: str
    organisation: str
    email: str
    signed_at: str | None  # the time the signer's software reported, ISO 8601 UTC
    intact: bool  # the signed bytes are exactly what was signed
    valid: bool  # the cryptographic signature checks out against its certificate
    covers: str
    later_changes: list[str] = field(default_factory=list)  # [] = only the other side signed
    certificate: str = "unknown"  # known / new / changed
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def trustworthy(self) -> bool:
        return self.intact and self.valid and not self.later_changes and not self.problems

    def summary(self) -> str:
        if self.trustworthy:
            return "intact and valid"
        reasons = []
        if not self.intact:
            reasons.append("the signed bytes were altered")
        elif not self.valid:
            reasons.append("the signature does not check out")
        reasons += self.later_changes + self.problems
        return "; ".join(reasons)


@dataclass
class InPersonSignature:
    side: str
    name: str
    captured_on: str
    captured_at: str
    covered_by_signature: bool


@dataclass
class VerificationReport:
    plan_id: str
    title: str
    buyer: str
    seller: str
    revision: int
    sha256: str
    data_matches: bool
    signatures: list[SignatureReport]
    in_person: list[InPersonSignature]
    missing: list[str]  # sides with neither a digital nor a covered in-person signature
    problems: list[str]
    review_copy: bool = False  # a review copy: for comments, never for signing

    @property
    def mutually_committed(self) -> bool:
        return self.ok and not self.missing

    @property
    def ok(self) -> bool:
        """Every check passed: all signatures trustworthy, data matches, both sides in."""
        return (
            self.data_matches
            and not self.problems
            and all(s.trustworthy for s in self.signatures)
            and not self.missing
        )

    def to_json(self) -> str:
        data = asdict(self)
        data["ok"] = self.ok
        data["mutually_committed"] = self.mutually_committed
        return json.dumps(data, ensure_ascii=False, indent=2)


async def _check_signature(
    embedded, reader, total: int, book: CertificateBook | None, signed_sides: set[str]
) -> SignatureReport:
    side = side_of_field(embedded.field_name) or "unknown"
    cert = embedded.signer_cert
    from cryptography import x509

    certificate = x509.load_der_x509_certificate(cert.dump())
    who = certificate_fields(certificate)
    context = ValidationContext(trust_roots=[cert], allow_fetching=False)
    status = await async_validate_pdf_signature(
        embedded, signer_validation_context=context, skip_diff=True
    )
    signed_at = embedded.self_reported_timestamp
    revision = embedded.signed_revision
    last = total - 1
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        covers = "the whole file"
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        covers = f"the document up to revision {revision + 1} of {total}"
    else:
        covers = "only part of the document"
    report = SignatureReport(
        field=embedded.field_name,
        side=side,
        signer=who.name,
        organisation=who.organisation,
        email=who.email,
        signed_at=signed_at.astimezone(dt.UTC).isoformat() if signed_at else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        covers=covers,
        fingerprint=certificate.fingerprint(_sha256()).hex(),
    )
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        report.problems.append("the signature does not cover a whole revision")
    if who.side is not None and who.side != side:
        report.problems.append(f"a certificate made for the {who.side} signed the {side}'s field")
    valid_then = certificate.not_valid_before_utc, certificate.not_valid_after_utc
    if signed_at is not None and not valid_then[0] <= signed_at <= valid_then[1]:
        report.problems.append("the certificate was not valid when the document was signed")
    if revision < last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        # Only the other side's signature may follow, and only if it was not there yet.
        others = [s for s in SIDES if s != side and s not in signed_sides]
        free = field_name(others[0]) if others else None
        xrefs = reader.xrefs
        rewritten = {
            (ref.idnum, ref.generation)
            for later in range(revision + 1, total)
            for ref in (
                *xrefs.explicit_refs_in_revision(later),
                *xrefs.refs_freed_in_revision(later),
            )
        }
        report.later_changes = differences(
            reader.get_historical_root(revision), reader.root, free, rewritten
        )
    if book is not None:
        report.certificate = book.certificate_status(who.name, who.organisation, report.fingerprint)
    return report


def _sha256():  # noqa: ANN202
    from cryptography.hazmat.primitives import hashes

    return hashes.SHA256()


def _printed_hash_matches(data: bytes, sha256: str) -> bool:
    """The hash on the signature page (full) and in the footer of the first page."""
    from pypdf import PdfReader

    try:
        pages = PdfReader(io.BytesIO(data), strict=False).pages
        first, last = pages[0].extract_text(), pages[-1].extract_text()
    except Exception:  # noqa: BLE001 - unreadable text means it cannot match
        return False
    flat_last = re.sub(r"\s+", "", last)
    return sha256 in flat_last and sha256[:16] in re.sub(r"\s+", "", first)


async def async_verify_pdf(data: bytes, book: CertificateBook | None = None) -> VerificationReport:
    reader = open_reader(data)
    with damaged_pdf_is_not_a_plan():
        embedded = list(reader.embedded_regular_signatures)
        embedded.sort(key=lambda e: e.signed_revision)
        total = reader.xrefs.total_revisions
        # The plan data as it was when the first signature was made (or as it is now).
        first = embedded[0].signed_revision if embedded else None
        root_then = reader.get_historical_root(first) if embedded else reader.root
        plan_data = plan_data_in(root_then, with_changes=False)
        fields = signature_fields(reader)
        in_person = _in_person(root_then, embedded)
    plan = plan_data.state.plan
    signatures: list[SignatureReport] = []
    signed_sides: set[str] = set()
    for item in embedded:
        try:
            report = await _check_signature(item, reader, total, book, signed_sides)
        except Exception as exc:  # noqa: BLE001 - a damaged signature is a failed check
            report = SignatureReport(
                field=item.field_name,
                side=side_of_field(item.field_name) or "unknown",
                signer="?",
                organisation="",
                email="",
                signed_at=None,
                intact=False,
                valid=False,
                covers="nothing that could be read",
                problems=[f"the signature could not be read ({type(exc).__name__})"],
            )
        signatures.append(report)
        signed_sides.add(report.side)
    problems = []
    review_copy = REVIEW_ATTACHMENT in attachments(root_then)
    if review_copy:
        problems.append("this is a review copy, for comments, not signing")
    for side in SIDES if not review_copy else ():
        if field_name(side) not in fields:
            problems.append(f"the {side}'s signature field is missing")
    unknown = [s.field for s in signatures if s.side == "unknown"]
    if unknown:
        problems.append(f"a signature in an unexpected field ({', '.join(unknown)})")
    data_matches = _printed_hash_matches(data, plan_data.revision.sha256)
    if not data_matches:
        problems.append("the embedded plan data does not match the hash printed in the document")
    digitally = {s.side for s in signatures if s.trustworthy}
    by_hand = {p.side for p in in_person if p.covered_by_signature}
    missing = [side for side in SIDES if side not in digitally | by_hand]
    return VerificationReport(
        plan_id=plan.id,
        title=plan.title,
        buyer=plan.buyer_org,
        seller=plan.seller_org,
        revision=plan_data.revision.number,
        sha256=plan_data.revision.sha256,
        data_matches=data_matches,
        signatures=signatures,
        in_person=in_person,
        missing=missing,
        problems=problems,
        review_copy=review_copy,
    )


def _in_person(root, embedded) -> list[InPersonSignature]:  # noqa: ANN001
    found = []
    files = attachments(root)
    for side in SIDES:
        raw = files.get(IN_PERSON_ATTACHMENT.format(side=side))
        if raw is None:
            continue
        try:
            note = json.loads(raw)
            found.append(
                InPersonSignature(
                    side=side,
                    name=str(note["name"]),
                    captured_on=str(note["captured_on"]),
                    captured_at=str(note["captured_at"]),
                    covered_by_signature=bool(embedded),
                )
            )
        except (ValueError, KeyError, TypeError):
            continue
    return found


def compare_with_records(report: VerificationReport, recorded_sides: set[str]) -> None:
    """Add what this database knows: if it holds this revision with a signature the file
    lacks, the file is an earlier copy (a rollback), not the plan as it now stands."""
    present = {s.side for s in report.signatures}
    for side in sorted(recorded_sides - present):
        report.problems.append(
            f"this database has this revision signed by the {side} as well: the file is an "
            f"earlier copy, missing the {side}'s signature"
        )


def verify_pdf(data: bytes, book: CertificateBook | None = None) -> VerificationReport:
    """Synchronous form (the command line, worker threads): raises NotAPlanPdfError."""
    return asyncio.run(async_verify_pdf(data, book))


__all__ = ["NotAPlanPdfError", "VerificationReport", "verify_pdf", "async_verify_pdf"]
