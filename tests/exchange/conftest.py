"""Two copies of MutualPlan, the seller's and the buyer's, each with its own database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mutualplan.store import Store


@pytest.fixture
def seller_db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "seller.sqlite") as store:
        yield store


@pytest.fixture
def buyer_db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "buyer.sqlite") as store:
        yield store
