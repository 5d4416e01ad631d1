"""An exported plan PDF and an identity for each side, made once per test session
(RSA keys take a moment to generate)."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualplan.domain.model import Author
from mutualplan.pdf.export import export_pdf
from mutualplan.signing.identity import Identity, create_identity
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan


@pytest.fixture(scope="session")
def seller_identity() -> Identity:
    return create_identity("Priya Raghunathan", "Brightline Analytics", "seller")


@pytest.fixture(scope="session")
def buyer_identity() -> Identity:
    return create_identity("Олена Коваль", "Nordwind Logistics GmbH", "buyer")


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> bytes:
    """The sample plan exported as its first revision, unsigned."""
    folder = tmp_path_factory.mktemp("export")
    author = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")
    with Store(folder / "plans.sqlite") as store:
        state = add_sample_plan(store, today=dt.date(2026, 11, 26))
        export_pdf(store, state.id, folder / "plan.pdf", author)
    return (folder / "plan.pdf").read_bytes()


@pytest.fixture(scope="session")
def seller_signed(exported: bytes, seller_identity: Identity) -> bytes:
    from mutualplan.signing.sign import sign

    return sign(exported, seller_identity)


@pytest.fixture(scope="session")
def both_signed(seller_signed: bytes, buyer_identity: Identity) -> bytes:
    from mutualplan.signing.sign import sign

    return sign(seller_signed, buyer_identity)
