"""Who signed is enforced: each field by someone of its side's organisation (or a
certificate accepted here for that side), two different people with two different
keys, and a person's certificate the one remembered for them until someone accepts
another (trust on first use, as SSH does)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from signing_helpers import certificate_identity, raw_sign, rejected, write

from mutualplan.cli import main
from mutualplan.signing.identity import create_identity
from mutualplan.signing.sign import SigningError, async_sign, sign
from mutualplan.store import Store
from mutualplan.workflows.importing import import_pdf
from mutualplan.workflows.verifying import trust_of, verify


def test_a_stranger_of_another_organisation_signing_the_sellers_field_fails(
    exported: bytes, buyer_identity, tmp_path: Path
) -> None:
    mallory = create_identity("Mallory Mendes", "Elsewhere Consulting Ltd", "seller")
    with pytest.raises(SigningError, match="not the plan's seller “Brightline Analytics”"):
        sign(exported, mallory)  # our own signing refuses outright
    forged = sign(raw_sign(exported, mallory, "seller_signature"), buyer_identity)
    rejected(forged, tmp_path, "whose certificate names “Elsewhere Consulting Ltd”, not the plan's")


def test_a_stranger_accepted_for_the_seller_here_then_passes(
    exported: bytes, buyer_identity, tmp_path: Path, capsys
) -> None:
    """A signer whose certificate names a holding company, say: a person here compares the
    fingerprint with them and accepts it for the seller, explicitly."""
    holding = create_identity("Priya Raghunathan", "Brightline Holdings", "seller")
    signed = sign(raw_sign(exported, holding, "seller_signature"), buyer_identity)
    path, db = write(tmp_path, "signed.pdf", signed), str(tmp_path / "db.sqlite")
    assert main(["verify", str(path), "--db", db]) == 1
    assert "not the plan's seller" in capsys.readouterr().out
    assert main(["certificates", "accept", holding.fingerprint[:12], "--db", db]) == 0
    assert "for the seller" in capsys.readouterr().out
    assert main(["verify", str(path), "--db", db]) == 0
    assert main(["certificates", "forget", holding.fingerprint, "--db", db]) == 0
    capsys.readouterr()
    assert main(["verify", str(path), "--db", db]) == 1


def test_one_company_certificate_signing_both_fields_fails(exported: bytes, tmp_path: Path) -> None:
    company = certificate_identity("Priya Raghunathan", "Brightline Analytics")  # names no side
    seller_signed = sign(exported, company)  # its organisation makes it the seller's
    with pytest.raises(SigningError):
        sign(seller_signed, company, "buyer")
    forged = raw_sign(seller_signed, company, "buyer_signature")
    report = rejected(forged, tmp_path, "both sides' fields were signed with the same key")
    assert "not the plan's buyer" in " ".join(report.signatures[1].problems)


def test_one_person_with_two_keys_signing_both_fields_fails(
    exported: bytes, seller_identity, tmp_path: Path
) -> None:
    same_name = create_identity("Priya Raghunathan", "Nordwind Logistics GmbH", "buyer")
    seller_signed = sign(exported, seller_identity)
    with pytest.raises(SigningError, match="already signed this plan"):
        asyncio.run(async_sign(seller_signed, same_name))
    forged = raw_sign(seller_signed, same_name, "buyer_signature")
    rejected(forged, tmp_path, "signed by the same person (Priya Raghunathan)")


def test_a_changed_certificate_fails_until_accepted(
    exported: bytes, seller_identity, buyer_identity, both_signed: bytes, tmp_path: Path
) -> None:
    with Store(tmp_path / "db.sqlite") as store:
        first = verify(store, both_signed)
        assert first.ok and [s.certificate for s in first.signatures] == ["new", "new"]
        assert any("compare its fingerprint" in n for n in first.signatures[0].notes)
        assert [s.certificate for s in verify(store, both_signed).signatures] == ["known"] * 2
        # The same person, a new key: someone who took her name, or a new laptop.
        other = create_identity("Priya Raghunathan", "Brightline Analytics", "seller")
        again = sign(sign(exported, other), buyer_identity)
        report = verify(store, again)
        assert not report.ok
        assert report.signatures[0].certificate == "changed"
        assert "not the one remembered for them" in report.reasons()[0]
        summary = import_pdf(store, again)
        assert "seller" not in summary.signatures  # the plan came in, her signature did not
        store.accept_certificate(store.find_certificate(other.fingerprint[:16]))
        assert verify(store, again).ok
        assert (
            trust_of(store).certificate_status(
                "Priya Raghunathan", "Brightline Analytics", other.fingerprint
            )
            == "known"
        )


def test_the_other_sides_field_cannot_be_signed_with_our_signing(
    exported: bytes, seller_identity
) -> None:
    with pytest.raises(SigningError, match="identity is for the seller"):
        sign(exported, seller_identity, "buyer")
