"""Comparing the names of people and organisations as a person would: case, accents,
spacing and punctuation aside, and for organisations their legal form too
("Nordwind Logistics GmbH" is "nordwind logistics")."""

from __future__ import annotations

import re
import unicodedata

# Legal forms that may follow an organisation's name, in the spellings seen on
# certificates and contracts (punctuation is removed before they are matched).
LEGAL_FORMS = frozenset(
    [
        "ab",
        "ag",
        "asa",
        "as",
        "aps",
        "bv",
        "bvba",
        "co",
        "company",
        "corp",
        "corporation",
        "cv",
        "eg",
        "ev",
        "gbr",
        "gesmbh",
        "gmbh",
        "inc",
        "incorporated",
        "kft",
        "kg",
        "kgaa",
        "kk",
        "limited",
        "llc",
        "llp",
        "lp",
        "ltd",
        "mbh",
        "nv",
        "oy",
        "oyj",
        "plc",
        "pty",
        "pvt",
        "sa",
        "sab",
        "sarl",
        "sas",
        "se",
        "sl",
        "spa",
        "sp",
        "srl",
        "sro",
        "ug",
        "zoo",
        "z",
        "o",
        "de",
    ]
)


def folded(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: "Łukasz  Wiśniewski" → "lukasz wisniewski"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def same_person_name(a: str, b: str) -> bool:
    return bool(folded(a)) and folded(a) == folded(b)


def organisation_key(name: str) -> str:
    """An organisation's name without case, accents, punctuation or its legal form."""
    words = re.sub(r"[^\w]+", " ", folded(name).replace("&", " ")).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def same_organisation(a: str, b: str) -> bool:
    key = organisation_key(a)
    return bool(key) and key == organisation_key(b)


def person_key(name: str, organisation: str) -> str:
    """One person, however their name and organisation are spelled or accented."""
    return f"{folded(name)}|{organisation_key(organisation)}"


# The country a legal form all but gives away, for a first guess at an organisation's
# public holidays (the user can always choose another).
_LEGAL_FORM_COUNTRY = {
    "gmbh": "DE",
    "mbh": "DE",
    "ug": "DE",
    "kgaa": "DE",
    "gesmbh": "AT",
    "ltd": "GB",
    "limited": "GB",
    "plc": "GB",
    "llp": "GB",
    "inc": "US",
    "incorporated": "US",
    "llc": "US",
    "corp": "US",
    "corporation": "US",
    "sarl": "FR",
    "sas": "FR",
    "bv": "NL",
    "bvba": "BE",
    "ab": "SE",
    "oy": "FI",
    "oyj": "FI",
    "asa": "NO",
    "aps": "DK",
    "spa": "IT",
    "srl": "IT",
    "sl": "ES",
    "sro": "CZ",
    "kft": "HU",
    "pty": "AU",
}


def country_of_organisation(name: str) -> str:
    """ISO code of the country an organisation's legal form suggests ("Nordwind
    Logistics GmbH" → "DE"), or "" when it suggests none."""
    words = re.sub(r"[^\w]+", " ", folded(name)).split()
    if " ".join(words).endswith("sp z o o"):
        return "PL"
    return next(
        (_LEGAL_FORM_COUNTRY[w] for w in reversed(words[1:]) if w in _LEGAL_FORM_COUNTRY), ""
    )
