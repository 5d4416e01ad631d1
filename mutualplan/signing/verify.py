"""Verifying a signed plan PDF, trusting no byte that was not checked.

For each signature: is it intact and cryptographically valid, does it cover a whole
revision, was anything but the other side's signature added after it (compared at any
depth, see `changes_after`), was it made by someone of its side (the certificate names
the plan's organisation for that side, or this database accepted it for that side),
at a claimed time between the revision's creation and now, with a certificate valid
then and meant for signing, and is it the certificate this person used before. For
the document: does the plan data embedded when it was signed match the hash printed on
its pages, are both fields signed by two different people with two different keys.

A revision is *mutually committed* only when all of that holds for both sides. A
handwritten signature captured in person is shown, never counted as a signature.
No network is used: certificates are judged by what this database has seen.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import json
import logging
import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from pyhanko.pdf_utils.reader import PdfFileReader

from ..domain.names import same_organisation, same_person_name
from ..exchange.plan_data import PlanData
from ..exchange.review_data import REVIEW_ATTACHMENT
from ..i18n import N_, _, use_language
from .changes_after import ReferenceGraph, differences, objects_rewritten
from .identity import DOCUMENT_SIGNING, certificate_fields
from .page_text import UnreadablePage, page_texts
from .pdf import (
    IN_PERSON_ATTACHMENT,
    SIDES,
    NotAPlanPdfError,
    attachments,
    carries_signatures,
    damaged_pdf_is_not_a_plan,
    field_name,
    open_reader,
    page_tree,
    plan_data_in,
    side_of_field,
    signature_fields,
)

# pyHanko logs its difference analysis's findings with tracebacks; they reach the user
# as our report's notes instead.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

# How far a signer's clock may be from the exporter's, or from ours.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Extended key usages that allow signing documents: document signing (RFC 9336),
# e-mail protection, any; and the document-signing purposes of Adobe and Microsoft
# that company certificates often carry.
SIGNING_PURPOSES = {
    DOCUMENT_SIGNING,
    ExtendedKeyUsageOID.EMAIL_PROTECTION,
    ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE,
    x509.ObjectIdentifier("1.2.840.113583.1.1.5"),  # Adobe Authentic Documents
    x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"),  # Microsoft document signing
}


class CertificateBook(Protocol):
    """What this database knows of signers' certificates (the store keeps them)."""

    def certificate_status(self, name: str, organisation: str, fingerprint: str) -> str:
        """'known', 'new' (never seen for this person) or 'changed' (another one was)."""
        ...

    def accepted_for_side(self, fingerprint: str, side: str) -> bool:
        """Whether a person here accepted this certificate as signing for `side`."""
        ...


@dataclass
class SignatureReport:
    field: str  # (hides dataclasses.field in this class body, hence dataclasses.field below)
    side: str
    signer: str
    organisation: str
    email: str
    signed_at: str | None  # the time the signer's software claims, ISO 8601 UTC
    intact: bool  # the signed bytes are exactly what was signed
    valid: bool  # the cryptographic signature checks out against its certificate
    covers: str
    # What was changed or added after it ([] = at most the other side's signature).
    later_changes: list[str] = dataclasses.field(default_factory=list)
    certificate: str = "unknown"  # known / new / changed
    fingerprint: str = ""
    problems: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)  # worth saying, not failures
    certification: bool = False  # a certification signature (DocMDP: form filling)
    organisation_ok: bool = True  # the certificate names the plan's organisation for the side
    key: str = ""  # SHA-256 of the public key, to tell one key signing twice

    @property
    def tampered(self) -> bool:
        """The document is not what was signed (as opposed to a doubt about the signer)."""
        return not (self.intact and self.valid) or bool(self.later_changes)

    @property
    def trustworthy(self) -> bool:
        return not self.tampered and not self.problems

    @property
    def awaits_acceptance(self) -> bool:
        """Intact, and trusted once a person accepts its certificate (a changed one for a
        known person, or one naming another organisation than the plan's)."""
        return not self.tampered and (self.certificate == "changed" or not self.organisation_ok)

    def summary(self) -> str:
        if self.trustworthy:
            return _("intact and valid")
        reasons = []
        if not self.intact:
            reasons.append(_("the signed bytes were altered"))
        elif not self.valid:
            reasons.append(_("the signature does not check out"))
        reasons += [_(text) for text in self.later_changes + self.problems]
        return "; ".join(reasons)


# German inflects "the seller" by its role in the sentence: one whole phrase per side.
_SIGNED_BY = {"seller": N_("signed by the seller"), "buyer": N_("signed by the buyer")}
_IN_PERSON_BY = {
    "seller": N_("acknowledged in person by the seller (not a digital signature)"),
    "buyer": N_("acknowledged in person by the buyer (not a digital signature)"),
}
_SIGNATURE_OF = {
    "seller": N_("the seller's signature: {summary}"),
    "buyer": N_("the buyer's signature: {summary}"),
}
_NOT_SIGNED_DIGITALLY = {
    "seller": N_("the seller has not signed digitally"),
    "buyer": N_("the buyer has not signed digitally"),
}
_OTHER_SIDES_CERTIFICATE = {
    "seller": N_("a certificate made for the buyer signed the seller's field"),
    "buyer": N_("a certificate made for the seller signed the buyer's field"),
}
_FIELD_MISSING = {
    "seller": N_("the seller's signature field is missing"),
    "buyer": N_("the buyer's signature field is missing"),
}
_NOT_SIGNED = {"seller": N_("the seller has not signed"), "buyer": N_("the buyer has not signed")}


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
    created_at: str  # when the revision was made, from the signed plan data
    data_matches: bool
    signatures: list[SignatureReport]
    in_person: list[InPersonSignature]
    missing: list[str]  # sides with no trustworthy digital signature
    problems: list[str]
    review_copy: bool = False  # a review copy: for comments, never for signing

    @property
    def ok(self) -> bool:
        """Every check passed and both sides signed digitally: mutually committed."""
        return (
            self.data_matches
            and not self.problems
            and all(s.trustworthy for s in self.signatures)
            and not self.missing
        )

    @property
    def mutually_committed(self) -> bool:
        return self.ok

    def side_status(self, side: str) -> str:
        """'digital', 'in_person' (acknowledged by hand, not a signature) or 'missing'."""
        if any(s.side == side and s.trustworthy for s in self.signatures):
            return "digital"
        if any(p.side == side and p.covered_by_signature for p in self.in_person):
            return "in_person"
        return "missing"

    def standing(self) -> str:
        """The revision's standing in one phrase, e.g. "signed by the seller,
        acknowledged in person by the buyer"."""
        if self.ok:
            return _("mutually committed")
        parts = []
        for side in SIDES:
            status = self.side_status(side)
            if status == "digital":
                parts.append(_(_SIGNED_BY[side]))
            elif status == "in_person":
                parts.append(_(_IN_PERSON_BY[side]))
        return ", ".join(parts) if parts else _("not signed")

    def reasons(self) -> list[str]:
        """Why the revision is not mutually committed, most serious first."""
        found = [
            _(_SIGNATURE_OF[s.side]).format(summary=s.summary())
            for s in self.signatures
            if not s.trustworthy
        ] + [_(problem) for problem in self.problems]
        signed = {s.side for s in self.signatures}
        for side in self.missing:
            if side in signed:
                continue  # its signature's own reason is above
            if self.side_status(side) == "in_person":
                found.append(_(_NOT_SIGNED_DIGITALLY[side]))
            else:
                found.append(_(_NOT_SIGNED[side]))
        return found

    def to_json(self) -> str:
        with use_language("en"):  # machine-readable: always English
            return self._json()

    def _json(self) -> str:
        data = asdict(self)
        data["ok"] = self.ok
        data["mutually_committed"] = self.mutually_committed
        data["standing"] = self.standing()
        data["sides"] = {side: self.side_status(side) for side in SIDES}
        data["digital"] = [s for s in SIDES if self.side_status(s) == "digital"]
        data["in_person_only"] = [s for s in SIDES if self.side_status(s) == "in_person"]
        return json.dumps(data, ensure_ascii=False, indent=2)


def _utc(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _certificate_problems(
    certificate: x509.Certificate,
    signed_at: dt.datetime | None,
    created_at: dt.datetime | None,
    now: dt.datetime,
) -> list[str]:
    """The claimed signing time, the certificate's validity then, and its purposes."""
    problems = []
    if signed_at is None:
        problems.append(N_("the signature states no signing time"))
    else:
        if created_at is not None and signed_at < created_at - CLOCK_SKEW:
            problems.append(
                _(
                    "it claims to be signed at {signed} UTC, before the revision was made "
                    "({made} UTC)"
                ).format(signed=f"{signed_at:%Y-%m-%d %H:%M}", made=f"{created_at:%Y-%m-%d %H:%M}")
            )
        if signed_at > now + CLOCK_SKEW:
            problems.append(
                _("it claims to be signed at {signed} UTC, which is in the future").format(
                    signed=f"{signed_at:%Y-%m-%d %H:%M}"
                )
            )
        start, end = certificate.not_valid_before_utc, certificate.not_valid_after_utc
        if signed_at < start:
            problems.append(
                _(
                    "the certificate was not yet valid when it claims to have signed "
                    "(valid from {day})"
                ).format(day=f"{start:%Y-%m-%d}")
            )
        elif signed_at > end:
            problems.append(
                _(
                    "the certificate had expired when it claims to have signed (valid until {day})"
                ).format(day=f"{end:%Y-%m-%d}")
            )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            problems.append(
                N_(
                    "the certificate's key usage allows neither digital signatures nor "
                    "non-repudiation"
                )
            )
    except x509.ExtensionNotFound:
        pass
    try:
        purposes = set(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
        if not purposes & SIGNING_PURPOSES:
            problems.append(
                N_("the certificate's extended key usage does not allow signing documents")
            )
    except x509.ExtensionNotFound:
        pass
    return problems


def _public_key_digest(certificate: x509.Certificate) -> str:
    der = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    digest = hashes.Hash(hashes.SHA256())
    digest.update(der)
    return digest.finalize().hex()


@dataclass
class _Context:
    """What every signature of one file is judged against."""

    reader: Any
    total: int  # revisions in the file
    plan_orgs: dict[str, str]  # side -> the plan's organisation on that side
    created_at: dt.datetime | None
    now: dt.datetime
    book: CertificateBook | None
    _graph: ReferenceGraph | None = None

    def graph(self) -> ReferenceGraph:
        """The file's references, read once for all its signatures."""
        if self._graph is None:
            self._graph = ReferenceGraph(self.reader)
        return self._graph


async def _check_signature(embedded: Any, ctx: _Context, signed_sides: set[str]) -> SignatureReport:
    # pyHanko's validation stack (with aiohttp for timestamp servers, ~0.3 s to import) is
    # loaded only when a file carries a signature: an unsigned plan has none to check.
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    side = side_of_field(embedded.field_name) or "unknown"
    cert = embedded.signer_cert
    certificate = x509.load_der_x509_certificate(cert.dump())
    who = certificate_fields(certificate)
    context = ValidationContext(trust_roots=[cert], allow_fetching=False)
    status = await async_validate_pdf_signature(
        embedded, signer_validation_context=context, skip_diff=True
    )
    signed_at = embedded.self_reported_timestamp
    signed_at = signed_at.astimezone(dt.UTC) if signed_at is not None else None
    revision = embedded.signed_revision
    last = ctx.total - 1
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        covers = "the whole file"
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        covers = f"the document up to revision {revision + 1} of {ctx.total}"
    else:
        covers = "only part of the document"
    report = SignatureReport(
        field=embedded.field_name,
        side=side,
        signer=who.name,
        organisation=who.organisation,
        email=who.email,
        signed_at=signed_at.isoformat() if signed_at else None,
        intact=bool(status.intact),
        valid=bool(status.valid),
        covers=covers,
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        certification=embedded.docmdp_level is not None,
        key=_public_key_digest(certificate),
    )
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        report.later_changes.append(N_("the signature does not cover a whole revision"))
    elif revision == last and status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        report.later_changes.append(
            N_(
                "bytes follow the last signed revision that no cross-reference section "
                "accounts for: the signature does not cover the whole file"
            )
        )
    if who.side is not None and who.side != side:
        report.problems.append(_OTHER_SIDES_CERTIFICATE[side])
    report.problems += _certificate_problems(certificate, signed_at, ctx.created_at, ctx.now)
    if revision < last:
        # Only the other side's signature may follow, and only if it was not there yet.
        others = [s for s in SIDES if s != side and s not in signed_sides]
        free_side = others[0] if others else None
        report.later_changes += differences(
            ctx.reader.get_historical_resolver(revision),
            ctx.reader,
            field_name(free_side) if free_side else None,
            free_side,
            objects_rewritten(ctx.reader, revision),
            ctx.graph(),
        )
        _compare_with_pyhanko(embedded, report)
    return report


def _judge_signer(report: SignatureReport, ctx: _Context) -> None:
    """Is the signer someone of this field's side, and the certificate theirs?"""
    side = report.side
    if side in ctx.plan_orgs:
        expected = ctx.plan_orgs[side]
        accepted = ctx.book is not None and ctx.book.accepted_for_side(report.fingerprint, side)
        if not same_organisation(report.organisation, expected) and not accepted:
            report.organisation_ok = False
            named = f"“{report.organisation}”" if report.organisation else "no organisation"
            report.problems.append(
                f"the {side}'s field was signed by {report.signer}, whose certificate names "
                f"{named}, not the plan's {side} “{expected}”, and no one here has accepted "
                f"this certificate for the {side}"
            )
    if ctx.book is None:
        return
    report.certificate = ctx.book.certificate_status(
        report.signer, report.organisation, report.fingerprint
    )
    if report.certificate == "changed":
        report.problems.append(
            _(
                "{signer}'s certificate is not the one remembered for them (fingerprint "
                "{fingerprint}…); check it with them, then accept it"
            ).format(signer=report.signer, fingerprint=report.fingerprint[:16])
        )
    elif report.certificate == "new":
        report.notes.append(
            _(
                "first time this certificate of {signer} is seen here: compare its "
                "fingerprint {fingerprint} with the signer"
            ).format(signer=report.signer, fingerprint=report.fingerprint)
        )


def _compare_with_pyhanko(embedded: Any, report: SignatureReport) -> None:
    """pyHanko's own difference analysis, run as a second opinion: where it disagrees
    with ours, the report says so (ours decides)."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.diff_analysis.policy_api import DiffResult

    try:
        result = embedded.evaluate_modifications(DEFAULT_DIFF_POLICY)
    except Exception as exc:  # noqa: BLE001 - its opinion is optional; ours stands
        report.notes.append(
            _("pyHanko's difference analysis could not run ({error})").format(
                error=type(exc).__name__
            )
        )
        return
    level = result.modification_level if isinstance(result, DiffResult) else ModificationLevel.OTHER
    theirs_ok = level in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    )
    if theirs_ok and report.later_changes:
        report.notes.append(
            "pyHanko's difference analysis saw only form filling after this signature; "
            "MutualPlan's deeper comparison found the changes listed"
        )
    elif not theirs_ok and not report.later_changes:
        report.notes.append(
            f"pyHanko's difference analysis judges the later changes as "
            f"{level.name.lower().replace('_', ' ')}; MutualPlan's comparison found that only "
            "the other side's field was signed (as other signing tools write it)"
        )


def _printed_hash_matches(reader: PdfFileReader, data: bytes, sha256: str) -> bool:
    """The hash on the signature page (full) and in the footer of the first page, read
    from the pages pyHanko has parsed; pages this reading does not follow (or cannot
    read at all) are read by pypdf, which decides."""
    try:
        pages = [page for _key, page in page_tree(reader.root)[0]]
        # The walk names each page once; viewers number pages by the tree's /Count and
        # show a page named twice twice. Where the two differ, the last page read here
        # need not be the last page shown.
        if reader.root["/Pages"]["/Count"] != len(pages):
            raise UnreadablePage("a page tree whose /Count is not its pages")
        first, last = page_texts([pages[0], pages[-1]])
    except Exception:  # noqa: BLE001 - UnreadablePage, or damage pypdf may judge
        return _printed_hash_matches_by_pypdf(data, sha256)
    return _hash_in(first, last, sha256)


def _printed_hash_matches_by_pypdf(data: bytes, sha256: str) -> bool:
    from pypdf import PdfReader

    try:
        pages = PdfReader(io.BytesIO(data), strict=False).pages
        first, last = pages[0].extract_text(), pages[-1].extract_text()
    except Exception:  # noqa: BLE001 - unreadable text means it cannot match
        return False
    return _hash_in(first, last, sha256)


def _hash_in(first: str, last: str, sha256: str) -> bool:
    flat_last = re.sub(r"\s+", "", last)
    return sha256 in flat_last and sha256[:16] in re.sub(r"\s+", "", first)


async def async_verify_pdf(
    data: bytes,
    book: CertificateBook | None = None,
    now: dt.datetime | None = None,
    *,
    reader: PdfFileReader | None = None,
) -> VerificationReport:
    """`reader`: the same bytes already opened (signing checks them before it signs)."""
    return (await async_verify_and_read(data, book, now, reader=reader))[0]


async def async_verify_and_read(
    data: bytes,
    book: CertificateBook | None = None,
    now: dt.datetime | None = None,
    *,
    with_changes: bool = False,
    reader: PdfFileReader | None = None,
) -> tuple[VerificationReport, PlanData]:
    """The report, and the plan data it judged (with its change log if asked): the data
    as the first signature covers it, so an importer takes exactly what was signed."""
    reader = reader or open_reader(data)
    with damaged_pdf_is_not_a_plan():
        # An unsigned file is read without pyHanko's signature stack. Should a signature
        # escape this look, the file would only be judged unsigned, the least trusted
        # standing there is: nothing recorded, as if the signature had been stripped.
        signed = carries_signatures(reader)
        embedded = list(reader.embedded_regular_signatures) if signed else []
        embedded.sort(key=lambda e: e.signed_revision)
        total = reader.xrefs.total_revisions
        # The plan data as it was when the first signature was made (or as it is now).
        root_then = (
            reader.get_historical_root(embedded[0].signed_revision) if embedded else reader.root
        )
        plan_data = plan_data_in(root_then, with_changes=with_changes)
        fields = signature_fields(reader)
        in_person = _in_person(root_then, embedded)
    plan = plan_data.state.plan
    ctx = _Context(
        reader=reader,
        total=total,
        plan_orgs={"seller": plan.seller_org, "buyer": plan.buyer_org},
        created_at=_utc(plan_data.revision.created_at),
        now=now or dt.datetime.now(dt.UTC),
        book=book,
    )
    signatures: list[SignatureReport] = []
    signed_sides: set[str] = set()
    for item in embedded:
        try:
            with damaged_pdf_is_not_a_plan():
                report = await _check_signature(item, ctx, signed_sides)
        except NotAPlanPdfError as exc:  # a damaged signature is a failed check
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
                problems=[f"the signature could not be read ({exc})"],
            )
        if report.fingerprint:
            _judge_signer(report, ctx)
        signatures.append(report)
        signed_sides.add(report.side)
    problems = _document_problems(signatures, fields)
    review_copy = REVIEW_ATTACHMENT in attachments(root_then)
    if review_copy:
        # A review copy has no signature fields by design: say what it is instead.
        problems = [p for p in problems if not p.endswith("signature field is missing")]
        problems.insert(0, N_("this is a review copy, for comments, not signing"))
    data_matches = _printed_hash_matches(reader, data, plan_data.revision.sha256)
    if not data_matches:
        problems.append(
            N_("the embedded plan data does not match the hash printed in the document")
        )
    digitally = {s.side for s in signatures if s.trustworthy}
    verified = VerificationReport(
        plan_id=plan.id,
        title=plan.title,
        buyer=plan.buyer_org,
        seller=plan.seller_org,
        revision=plan_data.revision.number,
        sha256=plan_data.revision.sha256,
        created_at=plan_data.revision.created_at,
        data_matches=data_matches,
        signatures=signatures,
        in_person=in_person,
        missing=[side for side in SIDES if side not in digitally],
        problems=problems,
        review_copy=review_copy,
    )
    return verified, plan_data


def _document_problems(signatures: list[SignatureReport], fields: dict[str, Any]) -> list[str]:
    problems = []
    for side in SIDES:
        if field_name(side) not in fields:
            problems.append(_FIELD_MISSING[side])
    unknown = [s.field for s in signatures if s.side == "unknown"]
    if unknown:
        problems.append(
            _("a signature in an unexpected field ({fields})").format(fields=", ".join(unknown))
        )
    for i, one in enumerate(signatures):
        for other in signatures[i + 1 :]:
            if one.side == other.side:
                continue
            if one.key and one.key == other.key:
                problems.append(N_("both sides' fields were signed with the same key"))
            elif same_person_name(one.signer, other.signer) or (
                one.email and one.email.casefold() == other.email.casefold()
            ):
                problems.append(
                    _("both sides' fields were signed by the same person ({name})").format(
                        name=one.signer
                    )
                )
    return problems


def _in_person(root: Any, embedded: list[Any]) -> list[InPersonSignature]:
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


def verify_pdf(
    data: bytes, book: CertificateBook | None = None, now: dt.datetime | None = None
) -> VerificationReport:
    """Synchronous form (the command line, worker threads): raises NotAPlanPdfError."""
    return asyncio.run(async_verify_pdf(data, book, now))


def verify_and_read(
    data: bytes, book: CertificateBook | None = None, now: dt.datetime | None = None
) -> tuple[VerificationReport, PlanData]:
    """`verify_pdf`, and the plan data it judged with its change log (read once)."""
    return asyncio.run(async_verify_and_read(data, book, now, with_changes=True))


__all__ = [
    "NotAPlanPdfError",
    "VerificationReport",
    "verify_pdf",
    "verify_and_read",
    "async_verify_pdf",
]
