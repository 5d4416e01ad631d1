"""Merges that lose nothing and change nothing they need not: each test reproduced a
defect first (issue 13, Deliver 4)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.exchange.importer import import_plan_data
from mutualplan.exchange.plan_data import decode_plan_data, encode_plan_data
from mutualplan.store import Store

SELLER = Author("Alex Morgan", "seller", organisation="Northwind Software")
BUYER = Author("Олена Коваль", "buyer", organisation="Contoso Ltd")


def plan_file(source: Store, plan_id: str, author: Author) -> bytes:
    """The plan data a PDF exported from `source` carries."""
    state = source.load(plan_id)
    revision, document = source.freeze_revision(state, author)
    return encode_plan_data(revision, document, source.history(plan_id))


def database_digest(store: Store) -> str:
    return hashlib.sha256("\n".join(store.conn.iterdump()).encode("utf-8")).hexdigest()


@pytest.fixture
def seller_db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "seller.sqlite") as store:
        yield store


@pytest.fixture
def buyer_db(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "buyer.sqlite") as store:
        yield store


@pytest.fixture
def shared(seller_db: Store, buyer_db: Store) -> PlanState:
    state = seller_db.create_plan(
        {"title": "Contoso rollout", "buyer_org": "Contoso Ltd", "seller_org": "Northwind"},
        SELLER,
    )
    for title in ("Kick-off", "Security review", "Pilot"):
        seller_db.commit(state, edits.add_milestone(state, {"title": title}), SELLER)
    assert import_plan_data(buyer_db, decode_plan_data(plan_file(seller_db, state.id, SELLER)))
    return state


def test_importing_a_file_with_nothing_new_writes_nothing(seller_db, buyer_db, shared):
    raw = plan_file(seller_db, shared.id, SELLER)
    import_plan_data(buyer_db, decode_plan_data(raw))  # the revision is new: recorded
    before = database_digest(buyer_db)
    data_version = buyer_db.conn.execute("PRAGMA data_version").fetchone()[0]
    changes_before = buyer_db.conn.total_changes

    summary = import_plan_data(buyer_db, decode_plan_data(raw))

    assert summary.taken == 0 and not summary.created
    assert database_digest(buyer_db) == before  # no timestamp moved
    assert buyer_db.conn.total_changes == changes_before  # not even a rewrite of the same
    assert buyer_db.conn.execute("PRAGMA data_version").fetchone()[0] == data_version


@pytest.mark.parametrize(
    "newer",
    [
        pytest.param(
            lambda data: data["changes"].append({**data["changes"][-1], "op": "move"}),
            id="a change type",
        ),
        pytest.param(
            lambda data: data["changes"].append(
                {**data["changes"][-1], "op": "set", "field": "phase", "old": "", "new": "Do"}
            ),
            id="a field in a change",
        ),
        pytest.param(
            lambda data: data["changes"].append({**data["changes"][-1], "entity": "risk"}),
            id="an entity",
        ),
    ],
)
def test_plan_data_this_version_does_not_know_is_refused_as_made_by_a_newer_mutualplan(
    seller_db, buyer_db, shared, newer
):
    import json

    from mutualplan.exchange.plan_data import PlanDataError

    data = json.loads(plan_file(seller_db, shared.id, SELLER))
    newer(data)
    before = database_digest(buyer_db)
    with pytest.raises(PlanDataError, match="made by a newer MutualPlan"):
        decode_plan_data(json.dumps(data).encode("utf-8"))
    assert database_digest(buyer_db) == before


def test_malformed_plan_data_is_still_called_malformed(seller_db, shared):
    import json

    from mutualplan.exchange.plan_data import PlanDataError

    data = json.loads(plan_file(seller_db, shared.id, SELLER))
    data["changes"].append({**data["changes"][-1], "entity_id": None})
    with pytest.raises(PlanDataError, match="malformed"):
        decode_plan_data(json.dumps(data).encode("utf-8"))
