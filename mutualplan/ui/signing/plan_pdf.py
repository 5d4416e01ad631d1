"""Reading a plan PDF and signing it: plain functions, free of Qt, that the signing
worker runs off the GUI thread."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ...i18n import N_, _
from ...pdf.export import expected_signer
from ...signing.identity import SIDES, Identity
from ...signing.pdf import (
    IN_PERSON_ATTACHMENT,
    NotAPlanPdfError,
    attachments,
    field_name,
    open_reader,
    plan_data_in,
    signature_fields,
)
from ...signing.sign import SigningError, add_in_person_signature

if TYPE_CHECKING:
    from .signature_pad import InPersonCapture

SIGNED_SUFFIX = re.compile(r"\s+-\s+signed by (seller|buyer|both sides)$", re.IGNORECASE)


@dataclass(frozen=True)
class PlanPdfInfo:
    """What the sign dialog shows about a plan PDF before anyone unlocks a key."""

    title: str
    buyer: str
    seller: str
    revision: int
    sha256: str
    signed: dict[str, bool]  # side -> its field holds a digital signature
    in_person: frozenset[str]  # sides with a handwritten signature captured in person
    expected: dict[str, str]  # side -> the name of who the plan expects to sign


def read_plan_pdf(pdf: bytes) -> PlanPdfInfo:
    """NotAPlanPdfError when it is not a plan PDF with both signature fields."""
    reader = open_reader(pdf)
    data = plan_data_in(reader.root)
    fields = signature_fields(reader)
    missing = [side for side in SIDES if field_name(side) not in fields]
    if missing:
        raise NotAPlanPdfError(f"the PDF has no signature field for the {missing[0]}")
    files = attachments(reader.root)
    expected = {}
    for side in SIDES:
        person = expected_signer(data.state, side)
        expected[side] = person.name if person else ""
    plan = data.state.plan
    return PlanPdfInfo(
        title=plan.title,
        buyer=plan.buyer_org,
        seller=plan.seller_org,
        revision=data.revision.number,
        sha256=data.revision.sha256,
        signed={side: fields[field_name(side)].signed for side in SIDES},
        in_person=frozenset(s for s in SIDES if IN_PERSON_ATTACHMENT.format(side=s) in files),
        expected=expected,
    )


@dataclass(frozen=True)
class SignedPdf:
    pdf: bytes
    side: str
    signer: str
    note: str = ""  # when the signer is not the signatory the plan names for the side


def sign_with_capture(
    pdf: bytes,
    identity: Identity,
    side: str,
    capture: InPersonCapture | None = None,
) -> SignedPdf:
    """Sign for `side`; with a capture, place the buyer's handwritten acknowledgement
    first so that the seller's digital signature covers it. Nothing is written anywhere."""
    if capture is not None:
        if side != "seller":
            raise SigningError(
                _(
                    "The buyer's handwritten signature must be covered by the seller's "
                    "digital signature, but {identity} signs for the buyer; nothing was "
                    "written."
                ).format(identity=identity.describe())
            )
        pdf = add_in_person_signature(
            pdf,
            "buyer",
            capture.name,
            capture.png,
            captured_on=f"{identity.name}'s device",
            when=capture.captured_at,
        )
    from ...workflows.signing import sign_document

    signed = sign_document(pdf, identity, side)
    return SignedPdf(signed.pdf, signed.side, signed.signer, signed.note)


NOT_A_PLAN = N_("This file is not a MutualPlan plan PDF: {reason}.")


def user_message(exc: Exception) -> str:
    if isinstance(exc, NotAPlanPdfError):
        return _(NOT_A_PLAN).format(reason=exc)
    return str(exc)


def signed_file_name(source: Path, side: str, both: bool) -> str:
    """“Plan - revision 2 - signed by seller.pdf”, or “… - signed by both sides.pdf”."""
    stem = SIGNED_SUFFIX.sub("", source.stem)
    return f"{stem} - signed by {'both sides' if both else side}.pdf"
