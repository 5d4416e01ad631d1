"""Small helpers shared by the signing tests, and the tools an attacker would use:
incremental updates made with pyHanko's writer, and signatures made with pyHanko
directly (none of MutualPlan's own checks before signing)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from mutualplan.exchange.importer import ImportRefusedError
from mutualplan.signing.identity import Identity
from mutualplan.signing.verify import VerificationReport
from mutualplan.store import Store
from mutualplan.workflows.importing import import_pdf
from mutualplan.workflows.verifying import verify


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def update(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    """An incremental update made by `change(writer)`, as an attacker's tool would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pages(writer: Any) -> list[tuple[generic.DictionaryObject, generic.IndirectObject]]:
    """Every page (object, reference) in order, through the page tree."""
    found = []

    def walk(ref: Any) -> None:
        node = ref.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node.raw_get("/Kids"):
                walk(kid)
        else:
            found.append((node, ref))

    walk(writer.root.raw_get("/Pages"))
    return found


def numbers(*values: float) -> generic.ArrayObject:
    return generic.ArrayObject([generic.FloatObject(v) for v in values])


def name(value: str) -> generic.NameObject:
    return pdf_name(value)


@contextmanager
def signing_clock(when: dt.datetime) -> Iterator[None]:
    """pyHanko claims `when` as the signing time (a forger's clock)."""
    from pyhanko.sign.signers import pdf_signer

    real = pdf_signer.datetime

    class Forged(real):  # type: ignore[misc, valid-type]
        @classmethod
        def now(cls, tz: Any = None) -> dt.datetime:  # noqa: ARG003
            return when

    pdf_signer.datetime = Forged
    try:
        yield
    finally:
        pdf_signer.datetime = real


def raw_sign(pdf: bytes, identity: Identity, field: str, when: dt.datetime | None = None) -> bytes:
    """Sign `field` with pyHanko alone: no check of side, organisation or time."""
    from pyhanko.sign import fields, signers

    from mutualplan.signing.sign import _IdentitySigner

    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    with signing_clock(when or dt.datetime.now(dt.UTC)):
        out = signers.sign_pdf(
            writer, meta, signer=_IdentitySigner(identity), existing_fields_only=True
        )
    return out.getvalue()


def certificate_identity(
    name: str,
    organisation: str,
    *,
    side: str | None = None,
    not_before: dt.datetime | None = None,
    days: int = 365,
    key_usage: dict[str, bool] | None = None,
    purposes: list[x509.ObjectIdentifier] | None = None,
) -> Identity:
    """An identity with a certificate shaped as a test needs (validity, usages)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if side:
        attributes.append(
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"MutualPlan {side}")
        )
    subject = x509.Name(attributes)
    start = not_before or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
    )
    if key_usage is not None:
        usage = dict.fromkeys(
            (
                "digital_signature",
                "content_commitment",
                "key_encipherment",
                "data_encipherment",
                "key_agreement",
                "key_cert_sign",
                "crl_sign",
                "encipher_only",
                "decipher_only",
            ),
            False,
        )
        usage.update(key_usage)
        builder = builder.add_extension(x509.KeyUsage(**usage), critical=True)
    if purposes is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
    certificate = builder.sign(key, hashes.SHA256())
    return Identity(name, organisation, side, "", certificate, key)


SERVER_AUTH = ExtendedKeyUsageOID.SERVER_AUTH


def rejected(pdf: bytes, tmp_path: Path, words: str) -> VerificationReport:
    """`pdf` fails verification, saying `words`, and importing it records no signature
    of the side it fails for."""
    with Store(tmp_path / "judge.sqlite") as store:
        report = verify(store, pdf)
        said = " | ".join(report.reasons() + [p for s in report.signatures for p in s.problems])
        assert not report.ok, said
        assert words in said, said
        failing = {s.side for s in report.signatures if not s.trustworthy}
        try:
            summary = import_pdf(store, pdf)
        except ImportRefusedError:
            assert any(s.tampered for s in report.signatures) or not report.data_matches
        else:
            assert not failing & set(summary.signatures), summary.signatures
            assert not any(s.tampered for s in report.signatures)
    return report
