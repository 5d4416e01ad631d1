"""Signing a plan PDF: the identity's side's empty field, PAdES, as an incremental
update with a visible stamp, so the other side's signature (before or after) stays
valid."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json

from pyhanko import stamp
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers

from ..paths import resources_dir
from .identity import Identity, IdentityError, check_usable
from .pdf import (
    IN_PERSON_ATTACHMENT,
    NotAPlanPdfError,
    field_name,
    open_reader,
    plan_data_in,
    signature_fields,
)

STAMP_FONT = "DejaVuSans.ttf"


class SigningError(Exception):
    """Why a document cannot be signed, in one sentence for the user."""


def _side_for(identity: Identity, buyer_org: str, seller_org: str, side: str | None) -> str:
    if side is not None:
        if identity.side is not None and identity.side != side:
            raise SigningError(
                f"{identity.name}'s identity is for the {identity.side}; it cannot sign the "
                f"{side}'s field."
            )
        return side
    if identity.side is not None:
        return identity.side
    organisation = identity.organisation.casefold().strip()
    matches = [
        s for s, org in (("seller", seller_org), ("buyer", buyer_org))
        if organisation and org.casefold().strip() == organisation
    ]
    if len(matches) == 1:
        return matches[0]
    raise SigningError(
        f"Cannot tell which side {identity.name} ({identity.organisation or 'no organisation'}) "
        "signs for; say it with --side seller or --side buyer."
    )


def _stamp_style() -> stamp.TextStampStyle:
    font = GlyphAccumulatorFactory(str(resources_dir() / "fonts" / STAMP_FONT))
    return stamp.TextStampStyle(
        stamp_text="Digitally signed by %(signer)s\n%(organisation)s, for the %(side)s\n%(ts)s",
        text_box_style=TextBoxStyle(font=font, font_size=9),
        border_width=1,
        border_color=(0.18, 0.44, 0.70),
        timestamp_format="%d %b %Y %H:%M UTC",
    )


async def prepare(pdf: bytes, identity: Identity, side: str | None = None) -> str:
    """Check that `identity` may sign `pdf` now; returns the side it signs for."""
    try:
        check_usable(identity)
    except IdentityError as exc:
        raise SigningError(str(exc)) from None
    reader = open_reader(pdf)
    data = plan_data_in(reader.root)
    plan = data.state.plan
    side = _side_for(identity, plan.buyer_org, plan.seller_org, side)
    name = field_name(side)
    found = signature_fields(reader)
    if name not in found:
        raise NotAPlanPdfError(f"the PDF has no signature field for the {side}")
    if found[name].signed:
        raise SigningError(f"The {side}'s field is already signed; nothing was written.")
    # Never sign on top of a document that was altered after an earlier signature.
    from .verify import async_verify_pdf

    report = await async_verify_pdf(pdf)
    broken = [s for s in report.signatures if not s.trustworthy]
    if broken:
        raise SigningError(
            f"The {broken[0].side}'s signature in this file is not intact "
            f"({broken[0].summary()}); not signing it."
        )
    return side


async def async_sign(
    pdf: bytes, identity: Identity, side: str | None = None, reason: str | None = None
) -> bytes:
    """The signed document; SigningError / NotAPlanPdfError say why when it cannot be."""
    side = await prepare(pdf, identity, side)
    reader = open_reader(pdf)
    data = plan_data_in(reader.root)
    signer = signers.SimpleSigner(
        signing_cert=_asn1(identity.certificate),
        signing_key=_asn1_key(identity.key),
        cert_registry=_registry(identity),
    )
    revision = data.revision
    meta = signers.PdfSignatureMetadata(
        field_name=field_name(side),
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        name=identity.name,
        reason=reason
        or f"Commits to revision {revision.number} of the plan (SHA-256 {revision.sha256})",
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=_stamp_style())
    writer = IncrementalPdfFileWriter.from_reader(reader)
    out = await pdf_signer.async_sign_pdf(
        writer,
        existing_fields_only=True,
        appearance_text_params={
            "organisation": identity.organisation or "no organisation",
            "side": side,
        },
    )
    return out.getvalue()


def sign(pdf: bytes, identity: Identity, side: str | None = None) -> bytes:
    """Synchronous form, for the command line and worker threads (no running loop)."""
    return asyncio.run(async_sign(pdf, identity, side))


def add_in_person_signature(
    pdf: bytes, side: str, signer_name: str, png: bytes, captured_on: str,
    when: dt.datetime | None = None,
) -> bytes:
    """Place a handwritten signature, drawn on this device, in `side`'s box.

    The page says plainly that it was captured in person and is not that person's
    digital signature; a note of it travels as an attached file. It must come before
    any digital signature, so the next signature (the seller's) covers it.
    """
    from pyhanko.pdf_utils import embed, images

    reader = open_reader(pdf)
    plan_data_in(reader.root)
    found = signature_fields(reader)
    name = field_name(side)
    if name not in found:
        raise NotAPlanPdfError(f"the PDF has no signature field for the {side}")
    if any(f.signed for f in found.values()):
        raise SigningError(
            "Capture the handwritten signature before anyone signs digitally; a digital "
            "signature already covers this document."
        )
    when = when or dt.datetime.now(dt.UTC)
    box = found[name]
    writer = IncrementalPdfFileWriter.from_reader(reader)
    from PIL import Image  # pyHanko's image support brings Pillow

    picture = images.PdfImage(Image.open(io.BytesIO(png)), writer=writer)
    statement = (
        f"Handwritten signature of {signer_name}, captured in person on {captured_on} on "
        f"{when:%d %b %Y %H:%M} UTC.\nThis is not {signer_name}'s digital signature."
    )
    font = GlyphAccumulatorFactory(str(resources_dir() / "fonts" / STAMP_FONT))
    style = stamp.TextStampStyle(
        stamp_text="%(statement)s",
        text_box_style=TextBoxStyle(font=font, font_size=6),
        background=picture,
        background_opacity=1.0,
        border_width=0,
    )
    x1, y1, x2, y2 = box.rect
    # Below the empty field, so a digital signature can still be added in the box.
    stamp.TextStamp(
        writer, style, text_params={"statement": statement}, box=_box(x2 - x1, 62)
    ).apply(box.page, x1, y1 - 66)
    note = json.dumps(
        {"side": side, "name": signer_name, "captured_on": captured_on,
         "captured_at": when.isoformat(), "digital": False},
        ensure_ascii=False, sort_keys=True,
    ).encode("utf-8")
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=IN_PERSON_ATTACHMENT.format(side=side),
            file_name=IN_PERSON_ATTACHMENT.format(side=side),
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer, data=note, mime_type="application/json"
            ),
            description="A handwritten signature captured in person; not a digital signature",
        ),
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _box(width: float, height: float):  # noqa: ANN202 - pyHanko's layout type
    from pyhanko.pdf_utils.layout import BoxConstraints

    return BoxConstraints(width=width, height=height)


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
