"""Signing a plan PDF: the identity's side's empty field, PAdES, as an incremental
update with a visible stamp, so the other side's signature (before or after) stays
valid."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyhanko import stamp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers

from ..domain.names import same_organisation, same_person_name
from ..domain.state import PlanState
from ..exchange.plan_data import PlanData
from ..i18n import N_, _, format_day, use_language
from .identity import Identity, IdentityError, check_usable
from .pdf import (
    IN_PERSON_ATTACHMENT,
    NotAPlanPdfError,
    damaged_pdf_is_not_a_plan,
    field_name,
    open_reader,
    pdf_language,
    plan_data_in,
    signature_fields,
)

# Room for a CMS signature with an RSA-4096 certificate chain of a few certificates.
SIGNATURE_BYTES = 16384


class _IdentitySigner(signers.SimpleSigner):
    """Signs with the key object the identity already holds: pyHanko's SimpleSigner
    parses the key from DER at every signature, which for RSA checks the whole key
    again (a tenth of a second each time)."""

    def __init__(self, identity: Identity) -> None:
        super().__init__(
            signing_cert=_asn1(identity.certificate),
            signing_key=_asn1_key(identity.key),
            cert_registry=_registry(identity),
        )
        self._key = identity.key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding, rsa

        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey) and (
            mechanism["algorithm"].native
            in ("rsassa_pkcs1v15", "sha256_rsa", "sha384_rsa", "sha512_rsa")
        ):
            algorithm = {
                "sha256": hashes.SHA256(),
                "sha384": hashes.SHA384(),
                "sha512": hashes.SHA512(),
            }[digest_algorithm]
            return self._key.sign(data, padding.PKCS1v15(), algorithm)
        return super().sign_raw(data, digest_algorithm)


class SigningError(Exception):
    """Why a document cannot be signed, in one sentence for the user."""


_NO_FIELD = {
    "seller": N_("the PDF has no signature field for the seller"),
    "buyer": N_("the PDF has no signature field for the buyer"),
}

def side_for(identity: Identity, buyer_org: str, seller_org: str, side: str | None) -> str:
    """The side `identity` may sign for in a plan between these organisations.

    A certificate made by MutualPlan names its side; a company's names none, and then
    its organisation decides. Either way the organisation must be the plan's for that
    side: nobody signs the other side's field, nor a side of another organisation.
    """
    orgs = {"seller": seller_org, "buyer": buyer_org}
    if side is not None and identity.side is not None and identity.side != side:
        raise SigningError(
            (
                _("{name}'s identity is for the seller; it cannot sign the buyer's field.")
                if identity.side == "seller"
                else _("{name}'s identity is for the buyer; it cannot sign the seller's field.")
            ).format(name=identity.name)
        )
    matching = [s for s, org in orgs.items() if same_organisation(identity.organisation, org)]
    side = side or identity.side or (matching[0] if len(matching) == 1 else None)
    if side is None:
        raise SigningError(
            _(
                "{name}'s identity names “{organisation}”, which is neither the plan's seller "
                "“{seller}” nor its buyer “{buyer}”; sign with an identity of your organisation."
            ).format(
                name=identity.name,
                organisation=identity.organisation or _("no organisation"),
                seller=seller_org,
                buyer=buyer_org,
            )
        )
    if side not in matching:
        raise SigningError(
            (
                _(
                    "{name}'s identity names “{organisation}”, not the plan's seller “{org}”: "
                    "only someone of {org} signs the seller's field. Sign with an identity "
                    "that names {org}."
                )
                if side == "seller"
                else _(
                    "{name}'s identity names “{organisation}”, not the plan's buyer “{org}”: "
                    "only someone of {org} signs the buyer's field. Sign with an identity "
                    "that names {org}."
                )
            ).format(
                name=identity.name,
                organisation=identity.organisation or _("no organisation"),
                org=orgs[side],
            )
        )
    return side


def signatory_check(state: PlanState, side: str, identity: Identity) -> str:
    """"" when `identity` is the person the plan names to sign for `side` (same name
    once accents and case are folded, or the same e-mail); otherwise what differs.
    SigningError when the plan names nobody for the side: a signatory is chosen in
    People before anyone signs."""
    chosen = state.signatory(side)
    if chosen is None:
        raise SigningError(
            _(
                "The plan names no signatory for the seller: tick who signs in People, "
                "export the plan again, then sign that file. Nothing was written."
            )
            if side == "seller"
            else _(
                "The plan names no signatory for the buyer: tick who signs in People, "
                "export the plan again, then sign that file. Nothing was written."
            )
        )
    if same_person_name(chosen.name, identity.name) or (
        chosen.email and identity.email and chosen.email.casefold() == identity.email.casefold()
    ):
        return ""
    return (
        _("The plan names {chosen} as the seller's signatory, but this identity is {name}'s.")
        if side == "seller"
        else _("The plan names {chosen} as the buyer's signatory, but this identity is {name}'s.")
    ).format(chosen=chosen.name, name=identity.name)


def _appearance_pdf(lines: list[tuple[str, bool]], width: float, height: float) -> bytes:
    """A one-page PDF of the stamp's size, typeset by reportlab in DejaVu, so a name in
    any Latin, Greek or Cyrillic script shows as it is written."""
    from reportlab.lib.colors import Color
    from reportlab.pdfgen import canvas

    from ..pdf.styles import SANS, SANS_BOLD, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    page.setStrokeColor(Color(0.18, 0.44, 0.70))
    page.setLineWidth(1)
    page.rect(0.5, 0.5, width - 1, height - 1)
    size = min(10.0, (height - 12) / (len(lines) * 1.3))
    y = height - 8 - size
    for text, bold in lines:
        font = SANS_BOLD if bold else SANS
        fitted = size
        while fitted > 5 and page.stringWidth(text, font, fitted) > width - 12:
            fitted -= 0.5
        page.setFont(font, fitted)
        page.drawString(6, y, text)
        y -= size * 1.3
    page.showPage()
    page.save()
    return buffer.getvalue()


@contextmanager
def _stamp_style(lines: list[tuple[str, bool]], rect: tuple[float, ...]) -> Iterator[Any]:
    """A stamp showing `lines`, from a temporary file pyHanko imports while signing."""
    from pyhanko.pdf_utils.content import ImportedPdfPage

    width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
    with tempfile.TemporaryDirectory(prefix="mutualplan-stamp-") as folder:
        path = Path(folder) / "stamp.pdf"
        path.write_bytes(_appearance_pdf(lines, width, height))
        yield stamp.StaticStampStyle(
            background=ImportedPdfPage(str(path)), border_width=0, background_opacity=1.0
        )


@dataclass
class _Ready:
    """What the checks before signing found, read once for the signing itself."""

    side: str
    first: bool  # the first signature (then the seller certifies the document)
    reader: PdfFileReader
    data: PlanData
    rect: tuple[float, float, float, float]  # the field's


async def prepare(pdf: bytes, identity: Identity, side: str | None = None) -> _Ready:
    """Check that `identity` may sign `pdf` now: the side it signs for, and whether it is
    the first signature."""
    try:
        check_usable(identity)
    except IdentityError as exc:
        raise SigningError(str(exc)) from None
    reader = open_reader(pdf)
    with damaged_pdf_is_not_a_plan():
        data = plan_data_in(reader.root, with_changes=False)
        found = signature_fields(reader)
    plan = data.state.plan
    side = side_for(identity, plan.buyer_org, plan.seller_org, side)
    signatory_check(data.state, side, identity)  # a signatory must have been chosen
    name = field_name(side)
    if name not in found:
        raise NotAPlanPdfError(_(_NO_FIELD[side]))
    if found[name].signed:
        raise SigningError(
            _("The seller's field is already signed; nothing was written.")
            if side == "seller"
            else _("The buyer's field is already signed; nothing was written.")
        )
    # Never sign on top of a document that was altered after an earlier signature.
    ready = _Ready(side, True, reader, data, found[name].rect)
    if not any(f.signed for f in found.values()):
        return ready
    from .verify import async_verify_pdf

    report = await async_verify_pdf(pdf, reader=reader)
    broken = [s for s in report.signatures if s.tampered]
    if broken:
        raise SigningError(
            (
                _("The seller's signature in this file is not intact ({why}); not signing it.")
                if broken[0].side == "seller"
                else _("The buyer's signature in this file is not intact ({why}); not signing it.")
            ).format(why=broken[0].summary())
        )
    for other in report.signatures:
        if other.fingerprint == identity.fingerprint or same_person_name(
            other.signer, identity.name
        ):
            raise SigningError(
                (
                    _(
                        "{signer} already signed this plan for the seller; the buyer's field "
                        "is for someone of the buyer."
                    )
                    if other.side == "seller"
                    else _(
                        "{signer} already signed this plan for the buyer; the seller's field "
                        "is for someone of the seller."
                    )
                ).format(signer=other.signer)
            )
    ready.first = False
    return ready


async def async_sign(
    pdf: bytes, identity: Identity, side: str | None = None, reason: str | None = None
) -> bytes:
    """The signed document; SigningError / NotAPlanPdfError say why when it cannot be."""
    ready = await prepare(pdf, identity, side)
    side, first, reader = ready.side, ready.first, ready.reader
    signer = _IdentitySigner(identity)
    revision = ready.data.revision
    meta = signers.PdfSignatureMetadata(
        field_name=field_name(side),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        # The seller signing first certifies: readers themselves then flag any change
        # after it other than filling in and signing the form (the buyer's signature).
        certify=first and side == "seller",
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
        name=identity.name,
        reason=reason
        or f"Commits to revision {revision.number} of the plan (SHA-256 {revision.sha256})",
    )
    when = dt.datetime.now(dt.UTC)
    # The stamp is part of the page: it speaks the document's language, not the app's.
    with use_language(pdf_language(reader)):
        lines = [
            (_("Digitally signed by {name}").format(name=identity.name), True),
            (
                (
                    _("{organisation}, for the seller")
                    if side == "seller"
                    else _("{organisation}, for the buyer")
                ).format(organisation=identity.organisation or _("no organisation")),
                False,
            ),
            (
                _("{date} {time} UTC · revision {number} ({sha})").format(
                    date=format_day(when.date()),
                    time=f"{when:%H:%M}",
                    number=revision.number,
                    sha=revision.sha256[:8],
                ),
                False,
            ),
        ]
    with _stamp_style(lines, ready.rect) as style:
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
        writer = IncrementalPdfFileWriter.from_reader(reader)
        # A fixed reservation spares pyHanko a trial signature to measure the size.
        out = await pdf_signer.async_sign_pdf(
            writer, existing_fields_only=True, bytes_reserved=SIGNATURE_BYTES
        )
    return out.getvalue()


def sign(pdf: bytes, identity: Identity, side: str | None = None) -> bytes:
    """Synchronous form, for the command line and worker threads (no running loop)."""
    return asyncio.run(async_sign(pdf, identity, side))


def add_in_person_signature(
    pdf: bytes,
    side: str,
    signer_name: str,
    png: bytes,
    captured_on: str,
    when: dt.datetime | None = None,
) -> bytes:
    """Place a handwritten signature, drawn on this device, in `side`'s box.

    The box says plainly that it was captured in person and is not that person's
    digital signature; a note of it travels as an attached file. It must come before
    any digital signature, so the next signature (the seller's) covers it.
    """
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.layout import BoxConstraints

    reader = open_reader(pdf)
    plan_data_in(reader.root, with_changes=False)
    found = signature_fields(reader)
    name = field_name(side)
    if name not in found:
        raise NotAPlanPdfError(_(_NO_FIELD[side]))
    if any(f.signed for f in found.values()):
        raise SigningError(
            _(
                "Capture the handwritten signature before anyone signs digitally; a digital "
                "signature already covers this document."
            )
        )
    when = when or dt.datetime.now(dt.UTC)
    box = found[name]
    x1, y1, x2, y2 = box.rect
    width, height = x2 - x1, y2 - y1
    with use_language(pdf_language(reader)):
        statement = [
            _("Signed by hand by {name}, in person, on {device},").format(
                name=signer_name, device=captured_on
            ),
            _("{date} {time} UTC. This is not {name}'s digital signature.").format(
                date=format_day(when.date()), time=f"{when:%H:%M}", name=signer_name
            ),
        ]
        heading = _("Handwritten, captured in person — not a digital signature")
    writer = IncrementalPdfFileWriter.from_reader(reader)
    with tempfile.TemporaryDirectory(prefix="mutualplan-stamp-") as folder:
        path = Path(folder) / "in-person.pdf"
        path.write_bytes(_handwriting_pdf(png, heading, statement, width, height))
        from pyhanko.pdf_utils.content import ImportedPdfPage

        style = stamp.StaticStampStyle(
            background=ImportedPdfPage(str(path)), border_width=0, background_opacity=1.0
        )
        stamp.StaticContentStamp(writer, style, BoxConstraints(width=width, height=height)).apply(
            # The field's corners are whole points (pdf/finish.py rounds them).
            box.page, round(x1), round(y1)
        )
        note = json.dumps(
            {
                "side": side,
                "name": signer_name,
                "captured_on": captured_on,
                "captured_at": when.isoformat(),
                "digital": False,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
        file_name = IN_PERSON_ATTACHMENT.format(side=side)
        embed.embed_file(
            writer,
            embed.FileSpec(
                file_spec_string=file_name,
                file_name=file_name,
                embedded_data=embed.EmbeddedFileObject.from_file_data(
                    writer, data=note, mime_type="application/json"
                ),
                description="A handwritten signature captured in person; not a digital one",
            ),
        )
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue()


def _handwriting_pdf(
    png: bytes, heading: str, statement: list[str], width: float, height: float
) -> bytes:
    """The drawing on a signature line, and under it, legibly, what it is: a heading that
    says it is handwritten and not a digital signature, then the statement in full."""
    from reportlab.lib.colors import Color
    from reportlab.lib.utils import ImageReader, simpleSplit
    from reportlab.pdfgen import canvas

    from ..pdf.styles import SANS, SANS_BOLD, register_fonts

    register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(width, height), invariant=1)
    margin, room = 5.0, width - 10.0
    text = " ".join(statement)
    size = 7.0  # pyHanko shrinks the stamp a little to fit the box: keep it legible
    lines = simpleSplit(text, SANS, size, room)
    while size > 5 and (len(lines) > 3 or page.stringWidth(heading, SANS_BOLD, size + 0.5) > room):
        size -= 0.25
        lines = simpleSplit(text, SANS, size, room)
    leading = size * 1.2
    text_top = margin + leading * (len(lines) + 1)
    line_y = text_top + 2
    page.drawImage(
        ImageReader(io.BytesIO(png)),
        margin,
        line_y + 1,
        room,
        height - line_y - 4,
        preserveAspectRatio=True,
        anchor="c",
        mask="auto",
    )
    page.setStrokeColor(Color(0.6, 0.62, 0.66))
    page.setLineWidth(0.5)
    page.line(margin, line_y, width - margin, line_y)
    amber = Color(0.48, 0.29, 0.0)
    page.setFillColor(amber)
    page.setFont(SANS_BOLD, size + 0.5)
    y = text_top - leading + 1
    page.drawString(margin, y, heading)
    page.setFillColor(Color(0.15, 0.15, 0.15))
    page.setFont(SANS, size)
    for line in lines:
        y -= leading
        page.drawString(margin, y, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _asn1(certificate):  # noqa: ANN001, ANN202 - cryptography in, asn1crypto out
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _asn1_key(key):  # noqa: ANN001, ANN202
    from asn1crypto import keys
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    der = key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    return keys.PrivateKeyInfo.load(der)


def _registry(identity: Identity):  # noqa: ANN202
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    return SimpleCertificateStore.from_certs([_asn1(c) for c in identity.chain])
