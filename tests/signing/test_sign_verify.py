"""Signing in either order, countersigning, and what our verifier and poppler say."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from signing_helpers import write

from mutualplan.signing.identity import create_identity
from mutualplan.signing.pdf import NotAPlanPdfError
from mutualplan.signing.sign import SigningError, _appearance_pdf, sign
from mutualplan.signing.verify import verify_pdf

POPPLER = shutil.which("pdfsig")


def test_the_seller_signs_then_the_buyer_and_both_stay_valid(both_signed: bytes) -> None:
    report = verify_pdf(both_signed)
    assert report.ok and report.mutually_committed
    assert [(s.side, s.signer, s.trustworthy) for s in report.signatures] == [
        ("seller", "Priya Raghunathan", True),
        ("buyer", "Олена Коваль", True),
    ]
    seller, buyer = report.signatures
    assert seller.covers.startswith("the document up to revision") and seller.later_changes == []
    assert buyer.covers == "the whole file"
    assert report.data_matches and report.title == "Route-cost analytics rollout"


def test_the_buyer_may_sign_first(exported: bytes, seller_identity, buyer_identity) -> None:
    report = verify_pdf(sign(sign(exported, buyer_identity), seller_identity))
    assert report.ok
    assert [s.side for s in report.signatures] == ["buyer", "seller"]


def test_one_signature_is_intact_but_the_plan_is_not_yet_committed(seller_signed: bytes) -> None:
    report = verify_pdf(seller_signed)
    assert report.signatures[0].trustworthy
    assert report.missing == ["buyer"] and not report.ok


def test_each_signature_is_a_visible_stamp_naming_signer_side_and_revision(
    both_signed: bytes,
) -> None:
    reader = PdfReader(io.BytesIO(both_signed))
    for field in reader.get_fields().values():
        widget = field.indirect_reference.get_object()
        appearance = widget["/AP"]["/N"].get_object()
        assert appearance.get_data().strip()  # something is drawn in the box
        assert widget["/Rect"][2] - widget["/Rect"][0] >= 200
    lines = [("Digitally signed by Олена Коваль", True), ("Nordwind, for the buyer", False)]
    text = PdfReader(io.BytesIO(_appearance_pdf(lines, 240, 70))).pages[0].extract_text()
    assert "Digitally signed by Олена Коваль" in text and "for the buyer" in text


def test_signatures_are_pades_and_incremental(exported: bytes, both_signed: bytes) -> None:
    assert both_signed.startswith(exported)  # nothing before was rewritten
    reader = PdfReader(io.BytesIO(both_signed))
    for field in reader.get_fields().values():
        assert field["/V"]["/SubFilter"] == "/ETSI.CAdES.detached"


@pytest.mark.skipif(POPPLER is None, reason="poppler-utils is not installed")
def test_poppler_reports_both_of_our_signatures_valid(both_signed: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, "signed.pdf", both_signed)
    out = subprocess.run([POPPLER, str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2
    assert "Total document signed" in out


# -- refusals -------------------------------------------------------------------------


def test_a_field_already_signed_is_refused(seller_signed: bytes, seller_identity) -> None:
    with pytest.raises(SigningError, match="already signed"):
        sign(seller_signed, seller_identity)


def test_an_expired_certificate_cannot_sign(exported: bytes) -> None:
    old = create_identity(
        "Priya Raghunathan",
        "Brightline Analytics",
        "seller",
        valid_days=30,
        now=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(SigningError, match="expired"):
        sign(exported, old)


def test_a_company_certificate_signs_for_the_side_of_its_organisation(exported: bytes) -> None:
    company = create_identity("Zoë Müller", "Nordwind Logistics GmbH", "buyer")
    anonymous = type(company)(**{**company.__dict__, "side": None})
    report = verify_pdf(sign(exported, anonymous))
    assert [s.side for s in report.signatures] == ["buyer"]


def test_a_certificate_of_another_organisation_without_a_side_is_refused(exported: bytes) -> None:
    stranger = create_identity("Mallory", "Elsewhere Ltd", "buyer")
    stranger = type(stranger)(**{**stranger.__dict__, "side": None})
    with pytest.raises(SigningError, match="neither the plan's seller"):
        sign(exported, stranger)


def test_a_pdf_that_is_not_a_plan_is_refused(tmp_path: Path, seller_identity) -> None:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "A letter, not a plan")
    page.save()
    with pytest.raises(NotAPlanPdfError, match="not a plan PDF"):
        sign(buffer.getvalue(), seller_identity)
    with pytest.raises(NotAPlanPdfError):
        verify_pdf(b"not a pdf at all")
