"""Signing identities: a private key and its X.509 certificate, kept in a PKCS#12 file.

An identity is either made here (a self-signed certificate naming the person, their
organisation and their side of the plan) or a PKCS#12 file the user's company issued.
On disk it is always passphrase-protected; the passphrase is never stored or logged.

Plain Python over `cryptography`: no Qt, no pyHanko, so the GUI can open its identity
dialog without loading the signing machinery.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.hazmat.primitives.serialization.pkcs12 import PKCS12PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from .. import files

SIDES = ("seller", "buyer")

# The kinds of private key that sign a PDF and go back into a PKCS#12 file (a
# Diffie-Hellman or post-quantum key in a PKCS#12 file signs nothing here).
SIGNING_KEYS = (
    rsa.RSAPrivateKey,
    ec.EllipticCurvePrivateKey,
    ed25519.Ed25519PrivateKey,
    ed448.Ed448PrivateKey,
    dsa.DSAPrivateKey,
)
SIDE_UNIT_PREFIX = "MutualPlan "  # the subject OU of our own certificates: "MutualPlan seller"
# RFC 9336 id-kp-documentSigning; cryptography has no constant for it.
DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
RSA_KEY_BITS = 3072  # RSA, not EC: poppler's pdfsig and other PDF tools all verify RSA
BACKDATE = dt.timedelta(minutes=5)  # tolerate a verifier whose clock is a little behind
# Upper bounds from RFC 5280's ASN.1 module; cryptography refuses longer values.
MAX_NAME = 64
MAX_EMAIL = 255
PKCS12_SUFFIXES = (".p12", ".pfx")


class IdentityError(Exception):
    """An identity cannot be made, read, written or used; str() is one plain sentence."""


class CertificateFields(NamedTuple):
    name: str  # subject CN (or, lacking one, the e-mail or the whole subject)
    organisation: str  # subject O, "" if none
    side: str | None  # "seller"/"buyer" for certificates MutualPlan made, else None
    email: str  # subject emailAddress or SAN rfc822Name, "" if none


@dataclass(frozen=True)
class Identity:
    name: str
    organisation: str
    side: str | None
    email: str
    certificate: x509.Certificate
    key: PKCS12PrivateKeyTypes = field(repr=False)
    chain: tuple[x509.Certificate, ...] = ()  # the other certificates in the PKCS#12

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the DER certificate, lowercase hex: what two people compare."""
        return fingerprint(self.certificate)

    @property
    def valid_from(self) -> dt.datetime:
        return self.certificate.not_valid_before_utc

    @property
    def valid_until(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc

    @property
    def self_signed(self) -> bool:
        return self.certificate.issuer == self.certificate.subject

    def describe(self) -> str:
        """E.g. “Zoë Müller, Northwind Software (seller)”, for messages and labels."""
        who = ", ".join(part for part in (self.name, self.organisation) if part)
        return f"{who} ({self.side})" if self.side else who


# -- reading certificates -------------------------------------------------------------


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    for attribute in name.get_attributes_for_oid(oid):
        if isinstance(attribute.value, str) and attribute.value.strip():
            return attribute.value.strip()
    return ""


def certificate_fields(certificate: x509.Certificate) -> CertificateFields:
    """Who a certificate names; for one's own identity and for the other side's."""
    subject = certificate.subject
    email = _attribute(subject, NameOID.EMAIL_ADDRESS)
    if not email:
        with contextlib.suppress(x509.ExtensionNotFound, ValueError):
            san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
            emails = san.value.get_values_for_type(x509.RFC822Name)
            email = emails[0] if emails else ""
    name = _attribute(subject, NameOID.COMMON_NAME) or email or subject.rfc4514_string()
    unit = _attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
    side = unit.removeprefix(SIDE_UNIT_PREFIX) if unit.startswith(SIDE_UNIT_PREFIX) else None
    return CertificateFields(
        name=name,
        organisation=_attribute(subject, NameOID.ORGANIZATION_NAME),
        side=side if side in SIDES else None,
        email=email,
    )


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, lowercase hex."""
    return certificate.fingerprint(hashes.SHA256()).hex()


def read_certificate(data: bytes) -> x509.Certificate:
    """A certificate as sent by the other side: PEM (.pem, .crt) or DER (.cer, .der)."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise IdentityError("This file does not hold an X.509 certificate.") from exc


def load_certificate(path: Path) -> x509.Certificate:
    """A certificate file the other side sent (.pem, .crt, .cer, .der)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IdentityError(f"There is no file {path}.") from None
    except OSError as exc:
        raise IdentityError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return read_certificate(data)
    except IdentityError:
        raise IdentityError(f"{path.name} does not hold an X.509 certificate.") from None


def certificate_pem(identity: Identity) -> bytes:
    """The public certificate, to send to the other side (the key never leaves)."""
    return identity.certificate.public_bytes(serialization.Encoding.PEM)


# -- making an identity ---------------------------------------------------------------


def _utc(moment: dt.datetime | None) -> dt.datetime:
    if moment is None:
        return dt.datetime.now(dt.UTC)
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _checked_email(email: str) -> str:
    email = email.strip()
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in email):
        raise IdentityError(f"“{email}” is not an e-mail address.")
    if not email.isascii() or len(email) > MAX_EMAIL:
        # Certificates carry e-mail addresses as IA5String: ASCII only.
        raise IdentityError(
            f"“{email}” cannot go in a certificate: use an address of plain ASCII letters, "
            f"at most {MAX_EMAIL} characters."
        )
    return email


def create_identity(
    name: str,
    organisation: str,
    side: str,
    email: str = "",
    valid_days: int = 3 * 365,
    now: dt.datetime | None = None,
) -> Identity:
    """A new RSA key and a self-signed certificate for signing plans."""
    name, organisation = name.strip(), organisation.strip()
    if not name:
        raise IdentityError("A signing identity needs the signer's name.")
    if side not in SIDES:
        raise IdentityError(f"The side must be seller or buyer, not “{side}”.")
    for what, value in (("name", name), ("organisation", organisation)):
        if any(unicodedata.category(c) == "Cc" for c in value):
            raise IdentityError(f"The {what} cannot contain line breaks or control characters.")
        if len(value) > MAX_NAME:
            raise IdentityError(
                f"The {what} “{value[:20]}…” is too long for a certificate "
                f"(at most {MAX_NAME} characters)."
            )
    email = _checked_email(email)
    if valid_days < 1:
        raise IdentityError("A certificate must be valid for at least one day.")

    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, SIDE_UNIT_PREFIX + side))
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    subject = x509.Name(attributes)

    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    start = _utc(now).replace(microsecond=0) - BACKDATE
    subject_key_id = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + BACKDATE + dt.timedelta(days=valid_days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
            critical=False,
        )
        .add_extension(subject_key_id, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(subject_key_id),
            critical=False,
        )
    )
    if email:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False
        )
    certificate = builder.sign(key, hashes.SHA256())
    return Identity(name, organisation, side, email, certificate, key)


# -- files ----------------------------------------------------------------------------


def write_file_atomically(path: Path, data: bytes, mode: int, overwrite: bool = False) -> None:
    """The whole file or nothing; an existing file is kept unless `overwrite`."""
    files.write_atomically(path, data, mode=mode, overwrite=overwrite, error=IdentityError)


MIN_PASSPHRASE = 10  # characters, for a passphrase chosen now (older files still open)


def check_new_passphrase(passphrase: bytes) -> None:
    """IdentityError unless `passphrase` is fit to protect a signing key."""
    if not passphrase:
        raise IdentityError("Choose a passphrase: a signing identity is never saved unprotected.")
    if len(passphrase.decode("utf-8", "replace")) < MIN_PASSPHRASE:
        raise IdentityError(
            f"Choose a passphrase of at least {MIN_PASSPHRASE} characters: it is all that "
            "stands between a copy of the file and your signature."
        )


def save_identity(
    identity: Identity, path: Path, passphrase: bytes, *, overwrite: bool = False
) -> None:
    """Write the identity as a PKCS#12 file only its owner can read, protected by
    `passphrase` (checked by `check_new_passphrase`; a key is never stored unprotected)."""
    from .pkcs12_file import protected_pkcs12

    check_new_passphrase(passphrase)
    data = protected_pkcs12(
        identity.name.encode("utf-8"),
        identity.key,
        identity.certificate,
        list(identity.chain),
        passphrase,
    )
    write_file_atomically(Path(path), data, 0o600, overwrite)


def save_certificate(identity: Identity, path: Path, *, overwrite: bool = False) -> None:
    """Write the public certificate (PEM) for the other side."""
    write_file_atomically(Path(path), certificate_pem(identity), 0o644, overwrite)


def _is_pkcs12(data: bytes) -> bool:
    """Whether the bytes are a PKCS#12 structure at all, readable without the passphrase."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in (
            "data",
            "signed_data",
        )
    except (ValueError, TypeError, KeyError, OverflowError):
        return False


def _public_der(key) -> bytes:
    return key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def read_pkcs12(path: Path) -> bytes:
    """The bytes of a PKCS#12 file, checked to be one before anyone asks for its passphrase."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IdentityError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise IdentityError(f"{path} is a folder, not a PKCS#12 file.") from None
    except OSError as exc:
        raise IdentityError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not _is_pkcs12(data):
        hint = " (it looks like a PEM file)" if data.lstrip().startswith(b"-----BEGIN") else ""
        raise IdentityError(
            f"{path.name} is not a PKCS#12 file (.p12 or .pfx){hint}; "
            "a signing identity needs the key and certificate together."
        )
    return data


def identity_from_pkcs12(data: bytes, passphrase: bytes, file_name: str = "The file") -> Identity:
    """Open PKCS#12 bytes; `file_name` names them in messages."""
    try:
        loaded = pkcs12.load_pkcs12(data, passphrase or None)
    except ValueError:
        wrong = IdentityError(f"Wrong passphrase for {file_name}.")
        if passphrase:
            raise wrong from None
        try:  # an empty passphrase is also spelled as b"" by some tools
            loaded = pkcs12.load_pkcs12(data, b"")
        except ValueError:
            raise wrong from None
    except Exception as exc:  # noqa: BLE001 - unsupported algorithms and the like
        raise IdentityError(f"{file_name} cannot be read: {exc}.") from None
    if loaded.key is None:
        raise IdentityError(
            f"{file_name} holds no private key: it is a certificate only, "
            "which can check signatures but not sign."
        )
    if loaded.cert is None:
        raise IdentityError(f"{file_name} holds a private key but no certificate.")
    key = loaded.key
    if not isinstance(key, SIGNING_KEYS):
        raise IdentityError(f"{file_name} holds a key of a kind that cannot sign documents.")
    certificate = loaded.cert.certificate
    if _public_der(key.public_key()) != _public_der(certificate.public_key()):
        raise IdentityError(f"In {file_name} the private key does not belong to the certificate.")
    chain = tuple(extra.certificate for extra in loaded.additional_certs)
    return Identity(*certificate_fields(certificate), certificate, key, chain)


def load_identity(path: Path, passphrase: bytes) -> Identity:
    """Open a PKCS#12 file (ours or a company's); IdentityError says plainly why not."""
    path = Path(path)
    return identity_from_pkcs12(read_pkcs12(path), passphrase, path.name)


# -- fit for signing? ------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_usable(identity: Identity, at: dt.datetime | None = None) -> None:
    """Raise IdentityError if the identity cannot sign now (or at `at`)."""
    at = _utc(at)
    certificate = identity.certificate
    whose = f"The certificate of {identity.name}"
    if at < certificate.not_valid_before_utc:
        raise IdentityError(
            f"{whose} is not valid yet: it is valid from {_when(certificate.not_valid_before_utc)}."
        )
    if at > certificate.not_valid_after_utc:
        raise IdentityError(
            f"{whose} expired on {_when(certificate.not_valid_after_utc)}; "
            "make a new identity or ask your company for a new one."
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return  # no key usage extension: not restricted
    if not (usage.digital_signature or usage.content_commitment):
        raise IdentityError(
            f"{whose} is not meant for signing: its key usage allows neither digital "
            "signatures nor non-repudiation."
        )


def suggested_file_name(name: str, ending: str = "signing identity.p12") -> str:
    """E.g. “Zoë Müller signing identity.p12”: letters of any script, no separators."""
    safe = "".join(c for c in name if c.isalnum() or c in " -_.").strip(" .") or "my"
    return f"{safe} {ending}"
