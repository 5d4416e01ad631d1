"""The signing time a signature claims must lie between the revision's creation (inside
the signed plan data) and now, the certificate must be valid then, and its key usage
and extended key usage, when present, must allow signing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from signing_helpers import SERVER_AUTH, certificate_identity, raw_sign, rejected

from mutualplan.signing.sign import sign
from mutualplan.signing.verify import verify_pdf

SELLER = ("Priya Raghunathan", "Brightline Analytics")


def test_an_expired_certificate_with_a_faked_signing_time_fails(
    exported: bytes, buyer_identity, tmp_path: Path
) -> None:
    old = certificate_identity(
        *SELLER, side="seller", not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), days=60
    )
    faked = dt.datetime(2020, 1, 20, tzinfo=dt.UTC)  # when it was still valid
    forged = sign(raw_sign(exported, old, "seller_signature", faked), buyer_identity)
    rejected(forged, tmp_path, "claims to be signed at 2020-01-20 00:00 UTC, before the revision")


def test_an_expired_certificate_with_the_true_time_fails(
    exported: bytes, buyer_identity, tmp_path: Path
) -> None:
    old = certificate_identity(
        *SELLER, side="seller", not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC), days=60
    )
    forged = sign(raw_sign(exported, old, "seller_signature"), buyer_identity)
    rejected(forged, tmp_path, "the certificate had expired when it claims to have signed")


def test_a_signing_time_in_the_future_fails(
    exported: bytes, buyer_identity, tmp_path: Path
) -> None:
    seller = certificate_identity(*SELLER, side="seller", days=400)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    forged = sign(raw_sign(exported, seller, "seller_signature", later), buyer_identity)
    rejected(forged, tmp_path, "which is in the future")


def test_a_certificate_not_yet_valid_fails(exported: bytes, buyer_identity, tmp_path: Path) -> None:
    soon = certificate_identity(
        *SELLER, side="seller", not_before=dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    )
    forged = sign(raw_sign(exported, soon, "seller_signature"), buyer_identity)
    rejected(forged, tmp_path, "the certificate was not yet valid")


def test_a_key_meant_only_for_encryption_fails(
    exported: bytes, buyer_identity, tmp_path: Path
) -> None:
    encrypting = certificate_identity(*SELLER, side="seller", key_usage={"key_encipherment": True})
    forged = sign(raw_sign(exported, encrypting, "seller_signature"), buyer_identity)
    rejected(forged, tmp_path, "key usage allows neither digital signatures nor non-repudiation")


def test_a_web_server_certificate_fails(exported: bytes, buyer_identity, tmp_path: Path) -> None:
    server = certificate_identity(*SELLER, side="seller", purposes=[SERVER_AUTH])
    forged = sign(raw_sign(exported, server, "seller_signature"), buyer_identity)
    rejected(forged, tmp_path, "extended key usage does not allow signing documents")


def test_company_certificates_with_usual_usages_pass(exported: bytes, buyer_identity) -> None:
    from cryptography.x509.oid import ExtendedKeyUsageOID

    company = certificate_identity(
        *SELLER,
        key_usage={"content_commitment": True},
        purposes=[ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CLIENT_AUTH],
    )
    report = verify_pdf(sign(sign(exported, company), buyer_identity))
    assert report.ok, report.reasons()
