"""Signing identities: made, saved, opened and refused as a user would meet them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mutualplan.cli import main
from mutualplan.signing import identity as identity_module
from mutualplan.signing.identity import (
    DOCUMENT_SIGNING,
    Identity,
    IdentityError,
    certificate_fields,
    certificate_pem,
    check_usable,
    create_identity,
    load_identity,
    read_certificate,
    save_identity,
)
from mutualplan.signing.passphrase import passphrase_from_environment_or_prompt

PASSPHRASE = "Grüße, мир — correct horse".encode()
NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def zoe() -> Identity:
    return create_identity(
        "Zoë Müller", "Nordwind Logistik GmbH", "seller", "zoe@nordwind.example", now=NOW
    )


@pytest.fixture(scope="module")
def olena() -> Identity:
    return create_identity("Олена Коваль", "Київстар", "buyer")


@pytest.fixture
def saved(zoe: Identity, tmp_path: Path) -> Path:
    path = tmp_path / "zoe.p12"
    save_identity(zoe, path, PASSPHRASE)
    return path


def _company_identity(valid_until: dt.datetime | None = None) -> tuple[Identity, x509.Certificate]:
    """A certificate issued by a company CA: no MutualPlan OU, e-mail only in the SAN."""
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Contoso Issuing CA")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "Ana Lima"),
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso Ltd"),
                ]
            )
        )
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(start)
        .not_valid_after(valid_until or start + dt.timedelta(days=365))
        .add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name("ana.lima@contoso.example")]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return Identity(*certificate_fields(leaf), leaf, key, (ca,)), ca


def _key_usage_only(usage: dict[str, bool]) -> Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TLS server")])
    flags = dict.fromkeys(
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
    flags.update(usage)
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(3)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=30))
        .add_extension(x509.KeyUsage(**flags), critical=True)
        .sign(key, hashes.SHA256())
    )
    return Identity(*certificate_fields(certificate), certificate, key)


# -- making -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "organisation", "side"),
    [("Zoë Müller", "Nordwind Logistik GmbH", "seller"), ("Олена Коваль", "Київстар", "buyer")],
)
def test_names_in_any_script_round_trip_through_the_file(tmp_path, name, organisation, side):
    made = create_identity(name, organisation, side, "someone@example.com")
    path = tmp_path / "me.p12"
    save_identity(made, path, PASSPHRASE)

    opened = load_identity(path, PASSPHRASE)

    assert (opened.name, opened.organisation, opened.side, opened.email) == (
        name,
        organisation,
        side,
        "someone@example.com",
    )
    assert opened.certificate == made.certificate
    assert opened.fingerprint == made.fingerprint
    assert opened.chain == ()
    private = serialization.PrivateFormat.PKCS8
    assert opened.key.private_bytes(
        serialization.Encoding.DER, private, serialization.NoEncryption()
    ) == made.key.private_bytes(serialization.Encoding.DER, private, serialization.NoEncryption())
    check_usable(opened)


def test_the_certificate_names_the_signer_and_allows_signing_only(zoe: Identity):
    certificate = zoe.certificate
    subject = certificate.subject

    def one(oid):
        return [a.value for a in subject.get_attributes_for_oid(oid)]

    assert one(NameOID.COMMON_NAME) == ["Zoë Müller"]
    assert one(NameOID.ORGANIZATION_NAME) == ["Nordwind Logistik GmbH"]
    assert one(NameOID.ORGANIZATIONAL_UNIT_NAME) == ["MutualPlan seller"]
    assert one(NameOID.EMAIL_ADDRESS) == ["zoe@nordwind.example"]
    assert certificate.issuer == subject  # self-signed

    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature and usage.value.content_commitment
    assert not (
        usage.value.key_encipherment
        or usage.value.data_encipherment
        or usage.value.key_agreement
        or usage.value.key_cert_sign
        or usage.value.crl_sign
    )
    constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca is False
    purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert set(purposes) == {ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING}
    san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.RFC822Name) == ["zoe@nordwind.example"]

    assert isinstance(zoe.key, rsa.RSAPrivateKey) and zoe.key.key_size == 3072
    assert certificate.not_valid_before_utc == NOW - dt.timedelta(minutes=5)
    assert certificate.not_valid_after_utc == NOW + dt.timedelta(days=3 * 365)


def test_the_fingerprint_is_the_sha256_of_the_der_certificate(zoe: Identity):
    der = zoe.certificate.public_bytes(serialization.Encoding.DER)
    assert zoe.fingerprint == hashlib.sha256(der).hexdigest()


def test_an_identity_without_organisation_or_email_has_neither():
    bare = create_identity("  Ana Lima ", "", "buyer")
    assert (bare.name, bare.organisation, bare.email) == ("Ana Lima", "", "")
    assert not bare.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    with pytest.raises(x509.ExtensionNotFound):
        bare.certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "Org", "seller"), "needs the signer's name"),
        (("   ", "Org", "seller"), "needs the signer's name"),
        (("Zoë", "Org", "vendor"), "seller or buyer"),
        (("Zoë", "Org", "seller", "not-an-address"), "is not an e-mail address"),
        (("Zoë", "Org", "seller", "zoë@nordwind.example"), "plain ASCII"),
        (("Z" * 65, "Org", "seller"), "too long"),
        (("Zoë", "O" * 65, "seller"), "too long"),
        (("Zoë\nMüller", "Org", "seller"), "line breaks"),
    ],
)
def test_unusable_details_are_refused_in_one_sentence(args, message):
    with pytest.raises(IdentityError, match=message) as caught:
        create_identity(*args)
    assert "\n" not in str(caught.value)


# -- saving -------------------------------------------------------------------------------


def test_the_file_is_readable_by_its_owner_only_and_no_temporary_file_remains(saved: Path):
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert [p.name for p in saved.parent.iterdir()] == ["zoe.p12"]
    assert PASSPHRASE not in saved.read_bytes()


def test_an_empty_passphrase_is_refused_and_nothing_is_written(zoe: Identity, tmp_path: Path):
    with pytest.raises(IdentityError, match="never saved unprotected"):
        save_identity(zoe, tmp_path / "zoe.p12", b"")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_unless_overwriting_is_asked_for(
    zoe: Identity, olena: Identity, saved: Path
):
    before = saved.read_bytes()
    with pytest.raises(IdentityError, match="already exists; nothing was written"):
        save_identity(olena, saved, b"another passphrase")
    assert saved.read_bytes() == before
    assert [p.name for p in saved.parent.iterdir()] == ["zoe.p12"]

    save_identity(olena, saved, b"another passphrase", overwrite=True)
    assert load_identity(saved, b"another passphrase").name == "Олена Коваль"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_a_missing_folder_is_said_plainly(zoe: Identity, tmp_path: Path):
    with pytest.raises(IdentityError, match="does not exist"):
        save_identity(zoe, tmp_path / "nowhere" / "zoe.p12", PASSPHRASE)


# -- opening, and refusing to -------------------------------------------------------------


def test_a_wrong_passphrase_is_named_as_such(saved: Path):
    with pytest.raises(IdentityError, match=r"^Wrong passphrase for zoe\.p12\.$"):
        load_identity(saved, b"not it")


def test_a_pkcs12_holding_only_a_certificate_cannot_sign(zoe: Identity, tmp_path: Path):
    path = tmp_path / "certificate-only.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            None, None, None, [zoe.certificate], serialization.BestAvailableEncryption(b"pw")
        )
    )
    with pytest.raises(IdentityError, match="holds no private key"):
        load_identity(path, b"pw")


def test_a_key_that_does_not_belong_to_the_certificate_is_refused(
    zoe: Identity, olena: Identity, saved: Path, monkeypatch
):
    # Neither cryptography nor OpenSSL writes such a file; another tool might.
    mismatched = pkcs12.PKCS12KeyAndCertificates(
        zoe.key, pkcs12.PKCS12Certificate(olena.certificate, None), []
    )
    monkeypatch.setattr(identity_module.pkcs12, "load_pkcs12", lambda data, pw: mismatched)
    with pytest.raises(IdentityError, match="does not belong to the certificate"):
        load_identity(saved, PASSPHRASE)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,side\nZo\xc3\xab,seller\n", "is not a PKCS#12 file"),
        (b"", "is not a PKCS#12 file"),
        (bytes(range(256)) * 8, "is not a PKCS#12 file"),
        (b"\x30\x82\x01\x00garbage", "is not a PKCS#12 file"),
    ],
)
def test_a_file_that_is_not_pkcs12_is_named_as_such(tmp_path: Path, content: bytes, message):
    path = tmp_path / "identity.p12"
    path.write_bytes(content)
    with pytest.raises(IdentityError, match=message):
        load_identity(path, PASSPHRASE)


def test_a_pem_certificate_given_for_an_identity_gets_a_hint(zoe: Identity, tmp_path: Path):
    path = tmp_path / "zoe.pem"
    path.write_bytes(certificate_pem(zoe))
    with pytest.raises(IdentityError, match=r"not a PKCS#12 file .*looks like a PEM file"):
        load_identity(path, PASSPHRASE)


def test_missing_files_and_folders_are_said_plainly(tmp_path: Path):
    with pytest.raises(IdentityError, match="There is no file"):
        load_identity(tmp_path / "gone.p12", PASSPHRASE)
    with pytest.raises(IdentityError, match="is a folder"):
        load_identity(tmp_path, PASSPHRASE)


def test_a_company_pkcs12_keeps_its_chain_and_has_no_side(tmp_path: Path):
    company, ca = _company_identity()
    path = tmp_path / "ana.pfx"
    save_identity(company, path, PASSPHRASE)

    opened = load_identity(path, PASSPHRASE)

    assert (opened.name, opened.organisation, opened.side, opened.email) == (
        "Ana Lima",
        "Contoso Ltd",
        None,
        "ana.lima@contoso.example",
    )
    assert opened.chain == (ca,)
    check_usable(opened)


def test_certificate_fields_read_a_counterpart_certificate(olena: Identity):
    received = read_certificate(certificate_pem(olena))
    assert certificate_fields(received) == ("Олена Коваль", "Київстар", "buyer", "")
    der = olena.certificate.public_bytes(serialization.Encoding.DER)
    assert read_certificate(der) == olena.certificate
    with pytest.raises(IdentityError, match="does not hold an X.509 certificate"):
        read_certificate(b"hello")


# -- fit for signing --------------------------------------------------------------------


def test_an_expired_certificate_is_refused_saying_when_it_expired(tmp_path: Path):
    old = create_identity(
        "Zoë Müller", "Nordwind", "seller", valid_days=30, now=dt.datetime(2020, 1, 1, 12, 0)
    )
    with pytest.raises(IdentityError, match=r"expired on 2020-01-31 12:00 UTC") as caught:
        check_usable(old)
    assert "\n" not in str(caught.value)
    check_usable(old, at=dt.datetime(2020, 1, 15, tzinfo=dt.UTC))  # fine back then


def test_a_certificate_not_yet_valid_is_refused_saying_from_when():
    future = create_identity(
        "Zoë Müller", "Nordwind", "seller", now=dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    )
    start = future.certificate.not_valid_before_utc
    with pytest.raises(IdentityError, match=f"not valid yet: it is valid from {start:%Y-%m-%d}"):
        check_usable(future)


def test_an_expired_company_certificate_is_refused_too():
    company, _ca = _company_identity(valid_until=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    with pytest.raises(IdentityError, match="expired on"):
        check_usable(company)


def test_a_certificate_whose_key_usage_excludes_signing_is_refused():
    with pytest.raises(IdentityError, match="not meant for signing"):
        check_usable(_key_usage_only({"key_encipherment": True}))
    check_usable(_key_usage_only({"content_commitment": True}))
    check_usable(_key_usage_only({"digital_signature": True}))


# -- passphrases ----------------------------------------------------------------------------


def test_the_environment_passphrase_comes_first(monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "Grüße")
    monkeypatch.setattr("getpass.getpass", lambda prompt: pytest.fail("prompted"))
    assert passphrase_from_environment_or_prompt("Passphrase: ") == "Grüße".encode()


def test_without_the_variable_or_a_terminal_the_user_is_told_what_to_do(monkeypatch):
    monkeypatch.delenv("MUTUALPLAN_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("typed\n"))
    with pytest.raises(IdentityError, match="set MUTUALPLAN_PASSPHRASE or run in a terminal"):
        passphrase_from_environment_or_prompt("Passphrase: ")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_new_passphrase_is_asked_twice_in_a_terminal(monkeypatch):
    monkeypatch.delenv("MUTUALPLAN_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    answers = iter(["one", "one", "one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    assert passphrase_from_environment_or_prompt("New: ", confirm=True) == b"one"
    with pytest.raises(IdentityError, match="differ"):
        passphrase_from_environment_or_prompt("New: ", confirm=True)


# -- the command line ----------------------------------------------------------------------


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_identity_new_writes_a_protected_identity(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", PASSPHRASE.decode())
    out_file = tmp_path / "olena.p12"

    code, out, err = _run(
        capsys,
        "identity",
        "new",
        "--name",
        "Олена Коваль",
        "--org",
        "Київстар",
        "--side",
        "buyer",
        "--email",
        "olena@kyivstar.example",
        "--out",
        str(out_file),
    )

    assert (code, err) == (0, "")
    opened = load_identity(out_file, PASSPHRASE)
    assert (opened.name, opened.organisation, opened.side, opened.email) == (
        "Олена Коваль",
        "Київстар",
        "buyer",
        "olena@kyivstar.example",
    )
    assert opened.fingerprint in out
    assert str(out_file) in out
    assert PASSPHRASE.decode() not in out
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--name", "", "--org", "X", "--side", "seller"], "needs the signer's name"),
        (["--name", "Zoë", "--org", "X", "--side", "seller", "--email", "zoe"], "e-mail"),
    ],
)
def test_identity_new_refuses_bad_input_in_one_line(tmp_path, capsys, monkeypatch, extra, message):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "a long enough passphrase")
    code, out, err = _run(capsys, "identity", "new", *extra, "--out", str(tmp_path / "x.p12"))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("mutualplan: ")
    assert list(tmp_path.iterdir()) == []


def test_identity_new_never_replaces_a_file(saved: Path, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "a long enough passphrase")
    before = saved.read_bytes()
    code, _out, err = _run(
        capsys, "identity", "new", "--name", "Zoë", "--org", "N", "--side", "seller",
        "--out", str(saved),
    )  # fmt: skip
    assert code == 2 and err.count("\n") == 1 and "already exists" in err
    assert saved.read_bytes() == before


def test_identity_new_without_a_passphrase_source_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MUTUALPLAN_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _out, err = _run(
        capsys, "identity", "new", "--name", "Zoë", "--org", "N", "--side", "seller",
        "--out", str(tmp_path / "zoe.p12"),
    )  # fmt: skip
    assert code == 2 and "MUTUALPLAN_PASSPHRASE" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_identity_new_with_an_empty_passphrase_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "")
    code, _out, err = _run(
        capsys, "identity", "new", "--name", "Zoë", "--org", "N", "--side", "seller",
        "--out", str(tmp_path / "zoe.p12"),
    )  # fmt: skip
    assert code == 2 and "never saved unprotected" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_side_is_a_usage_error(tmp_path, capsys):
    code, _out, err = _run(
        capsys, "identity", "new", "--name", "Zoë", "--org", "N", "--side", "vendor",
        "--out", str(tmp_path / "zoe.p12"),
    )  # fmt: skip
    assert code == 2 and "invalid choice: 'vendor'" in err


def test_identity_show_tells_who_and_until_when(zoe: Identity, saved: Path, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", PASSPHRASE.decode())
    code, out, _err = _run(capsys, "identity", "show", str(saved))
    assert code == 0
    for expected in ("Zoë Müller", "Nordwind Logistik GmbH", "seller", zoe.fingerprint):
        assert expected in out
    assert f"{zoe.valid_until:%Y-%m-%d %H:%M} UTC" in out
    assert "Private key:  yes" in out


def test_identity_show_with_a_wrong_passphrase_says_so_in_one_line(saved, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "guess")
    code, out, err = _run(capsys, "identity", "show", str(saved))
    assert (code, out) == (2, "")
    assert err == "mutualplan: Wrong passphrase for zoe.p12.\n"


def test_identity_show_of_a_text_file_does_not_ask_for_a_passphrase(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MUTUALPLAN_PASSPHRASE", raising=False)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    code, _out, err = _run(capsys, "identity", "show", str(notes))
    assert code == 2 and "is not a PKCS#12 file" in err


def test_export_certificate_writes_the_public_certificate_only(
    zoe: Identity, saved: Path, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", PASSPHRASE.decode())
    pem = tmp_path / "zoe.pem"
    code, out, err = _run(capsys, "identity", "export-certificate", str(saved), "--out", str(pem))
    assert (code, err) == (0, "")
    assert zoe.fingerprint in out
    data = pem.read_bytes()
    assert read_certificate(data) == zoe.certificate
    assert b"PRIVATE KEY" not in data

    monkeypatch.delenv("MUTUALPLAN_PASSPHRASE")  # a certificate needs no passphrase
    code, out, _err = _run(capsys, "identity", "show", str(pem))
    assert code == 0 and zoe.fingerprint in out and "no (a certificate only)" in out

    code, _out, err = _run(capsys, "identity", "export-certificate", str(saved), "--out", str(pem))
    assert code == 2 and "already exists" in err


def test_identity_without_an_action_says_which_there_are(capsys):
    code, out, err = _run(capsys, "identity")
    assert (code, out) == (2, "")
    assert err == "mutualplan: identity needs an action: new, show or export-certificate\n"


def test_a_new_identity_needs_a_passphrase_of_ten_characters(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MUTUALPLAN_PASSPHRASE", "short pw")
    out_file = tmp_path / "zoe.p12"
    code, _out, err = _run(
        capsys, "identity", "new", "--name", "Zoë", "--org", "N", "--side", "seller",
        "--out", str(out_file),
    )  # fmt: skip
    assert code == 2 and "at least 10 characters" in err and not out_file.exists()


def test_identity_files_take_600000_rounds_to_guess_and_still_open_anywhere(
    tmp_path, zoe: Identity
) -> None:
    from asn1crypto import pkcs12 as asn1_pkcs12

    path = tmp_path / "zoe.p12"
    save_identity(zoe, path, PASSPHRASE)
    pfx = asn1_pkcs12.Pfx.load(path.read_bytes())
    assert pfx["mac_data"]["iterations"].native == 600_000  # the MAC tells a wrong guess
    assert pfx["mac_data"]["mac"]["digest_algorithm"]["algorithm"].native == "sha256"
    assert load_identity(path, PASSPHRASE).fingerprint == zoe.fingerprint
    if shutil.which("openssl"):
        info = subprocess.run(
            ["openssl", "pkcs12", "-in", str(path), "-info", "-noout", "-passin", "env:PW"],
            capture_output=True,
            text=True,
            env={"PW": PASSPHRASE.decode(), "PATH": os.environ["PATH"]},
        ).stderr
        assert "PBKDF2, AES-256-CBC, Iteration 600000, PRF hmacWithSHA256" in info, info
