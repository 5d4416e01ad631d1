"""What a real buyer does passes: either order, and the buyer's signature made by
poppler (`pdfsig -sign`, as Okular and Evince sign) before or after ours. Every file is
also checked by poppler itself and by pyHanko's own validator."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from signing_helpers import write

from mutualplan.signing.identity import Identity
from mutualplan.signing.sign import sign
from mutualplan.signing.verify import verify_pdf

TOOLS = all(shutil.which(tool) for tool in ("pdfsig", "certutil", "pk12util"))
if not TOOLS and os.environ.get("CI"):
    raise RuntimeError("CI must install poppler-utils and libnss3-tools for these tests")
needs_poppler = pytest.mark.skipif(not TOOLS, reason="poppler-utils or NSS tools missing")


@pytest.fixture
def poppler_sign(tmp_path: Path, buyer_identity: Identity):  # noqa: ANN201
    """Sign the buyer's field with poppler, from an NSS database holding the buyer's key."""
    nss = tmp_path / "nss"
    nss.mkdir()
    p12 = write(
        tmp_path,
        "buyer.p12",
        pkcs12.serialize_key_and_certificates(
            b"buyer",
            buyer_identity.key,
            buyer_identity.certificate,
            None,
            BestAvailableEncryption(b"secret"),
        ),
    )
    run = lambda *args: subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: E731
    run("certutil", "-N", "-d", f"sql:{nss}", "--empty-password")
    run("pk12util", "-i", str(p12), "-d", f"sql:{nss}", "-W", "secret")

    def signed(pdf: bytes, *options: str) -> bytes:
        source, out = write(tmp_path, "in.pdf", pdf), tmp_path / "out.pdf"
        run(
            "pdfsig",
            "-nssdir",
            f"sql:{nss}",
            "-sign",
            "buyer_signature",
            "-nick",
            "buyer",
            *options,
            str(source),
            str(out),
        )
        return out.read_bytes()

    return signed


def _poppler_says_valid(pdf: bytes, tmp_path: Path) -> None:
    out = subprocess.run(
        ["pdfsig", str(write(tmp_path, "check.pdf", pdf))], capture_output=True, text=True
    ).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert "Total document signed" in out


def _pyhanko_says_intact(pdf: bytes) -> None:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    for embedded in reader.embedded_signatures:
        context = ValidationContext(trust_roots=[embedded.signer_cert], allow_fetching=False)
        status = validate_pdf_signature(embedded, signer_validation_context=context, skip_diff=True)
        assert status.intact and status.valid and status.trusted


def _mutually_committed(pdf: bytes) -> None:
    report = verify_pdf(pdf)
    assert report.ok, report.reasons()
    assert [s.side for s in report.signatures] in (["seller", "buyer"], ["buyer", "seller"])
    assert {s.signer for s in report.signatures} == {"Priya Raghunathan", "Олена Коваль"}


def test_seller_then_buyer(both_signed: bytes) -> None:
    _mutually_committed(both_signed)
    _pyhanko_says_intact(both_signed)
    assert verify_pdf(both_signed).signatures[0].certification  # the seller certified


def test_buyer_then_seller(exported: bytes, seller_identity, buyer_identity) -> None:
    pdf = sign(sign(exported, buyer_identity), seller_identity)
    _mutually_committed(pdf)
    assert not any(s.certification for s in verify_pdf(pdf).signatures)


@needs_poppler
@pytest.mark.parametrize("options", [(), ("-etsi",)], ids=["pkcs7", "etsi"])
def test_buyer_second_with_poppler(
    seller_signed: bytes, poppler_sign, options: tuple[str, ...], tmp_path: Path
) -> None:
    pdf = poppler_sign(seller_signed, *options)
    _mutually_committed(pdf)
    _poppler_says_valid(pdf, tmp_path)
    _pyhanko_says_intact(pdf)


@needs_poppler
def test_buyer_first_with_poppler_then_seller_with_mutualplan(
    exported: bytes, poppler_sign, seller_identity, tmp_path: Path
) -> None:
    pdf = sign(poppler_sign(exported), seller_identity)
    _mutually_committed(pdf)
    _poppler_says_valid(pdf, tmp_path)
    _pyhanko_says_intact(pdf)


@needs_poppler
def test_both_of_ours_are_valid_for_poppler(both_signed: bytes, tmp_path: Path) -> None:
    _poppler_says_valid(both_signed, tmp_path)
