"""PKCS#12 files made hard to guess: the key and certificate encrypted with AES-256
under PBKDF2-HMAC-SHA256 at 600,000 rounds, and the file's integrity MAC (which also
tells a wrong passphrase) derived with as many rounds, so it is no shortcut for
someone trying passphrases. `cryptography` fixes the MAC at 2,048 rounds; it is
computed again here as RFC 7292 describes."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12
from cryptography.hazmat.primitives.serialization.pkcs12 import PKCS12PrivateKeyTypes
from cryptography.x509 import Certificate

ROUNDS = 600_000


def _fill(data: bytes, block: int) -> bytes:
    """`data` repeated up to the next multiple of `block` bytes."""
    if not data:
        return b""
    size = block * -(-len(data) // block)
    return (data * (size // len(data) + 1))[:size]


def _pkcs12_kdf(password: bytes, salt: bytes, rounds: int, purpose: int, size: int) -> bytes:
    """RFC 7292 appendix B.2 with SHA-256 (block 64 bytes), for the MAC key (purpose 3).
    `password` is already the BMPString with its two closing zero bytes."""
    block, out = 64, hashlib.sha256().digest_size

    diversifier = bytes([purpose]) * block
    state = bytearray(_fill(salt, block) + _fill(password, block))
    result = b""
    while len(result) < size:
        digest = hashlib.sha256(diversifier + bytes(state)).digest()
        for _ in range(rounds - 1):
            digest = hashlib.sha256(digest).digest()
        result += digest
        adder = int.from_bytes((digest * (block // out + 1))[:block], "big") + 1
        limit = 1 << (8 * block)
        for start in range(0, len(state), block):
            value = (int.from_bytes(state[start : start + block], "big") + adder) % limit
            state[start : start + block] = value.to_bytes(block, "big")
    return result[:size]


def _with_strong_mac(data: bytes, passphrase: bytes) -> bytes:
    from asn1crypto import algos
    from asn1crypto import pkcs12 as asn1_pkcs12

    pfx = asn1_pkcs12.Pfx.load(data)
    content = pfx["auth_safe"]["content"].native  # the bytes the MAC covers
    salt = os.urandom(16)
    password = passphrase.decode("utf-8").encode("utf-16-be") + b"\0\0"
    key = _pkcs12_kdf(password, salt, ROUNDS, 3, 32)
    pfx["mac_data"] = asn1_pkcs12.MacData(
        {
            "mac": {
                "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "digest": hmac.new(key, content, hashlib.sha256).digest(),
            },
            "mac_salt": salt,
            "iterations": ROUNDS,
        }
    )
    return pfx.dump(force=True)


def protected_pkcs12(
    name: bytes,
    key: PKCS12PrivateKeyTypes,
    certificate: Certificate,
    chain: list[Certificate],
    passphrase: bytes,
) -> bytes:
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(ROUNDS)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(passphrase)
    )
    data = pkcs12.serialize_key_and_certificates(
        name=name, key=key, cert=certificate, cas=chain or None, encryption_algorithm=encryption
    )
    return _with_strong_mac(data, passphrase)
