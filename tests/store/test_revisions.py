"""Revisions: frozen canonical snapshots named by their SHA-256."""

from __future__ import annotations

import hashlib
import json

from mutualplan.domain import edits
from mutualplan.domain.canonical import canonical_bytes, digest, snapshot, state_from_snapshot
from mutualplan.domain.changes import CREATE, Change
from mutualplan.domain.model import Author, values_of
from mutualplan.domain.state import PlanState
from mutualplan.store import Store


def _rename_first(store: Store, plan: PlanState, author: Author, title: str) -> None:
    first = plan.milestone_order()[0]
    store.commit(plan, edits.set_field(plan, "milestone", first.id, "title", title), author)


def test_freezing_twice_without_an_edit_gives_the_same_revision(
    store: Store, plan: PlanState, author: Author
) -> None:
    first, document = store.freeze_revision(plan, author)
    again, _ = store.freeze_revision(plan, author)
    assert again == first
    assert first.number == 1
    assert first.sha256 == hashlib.sha256(canonical_bytes(document)).hexdigest()
    assert len(store.revisions(plan.id)) == 1


def test_the_first_edit_after_a_revision_opens_the_next_one(
    store: Store, plan: PlanState, author: Author
) -> None:
    first, _ = store.freeze_revision(plan, author)
    assert store.revision_of(plan.id) == 1
    _rename_first(store, plan, author, "Discovery with the dispatchers")
    assert store.revision_of(plan.id) == 2
    _rename_first(store, plan, author, "Discovery with the planners")
    assert store.revision_of(plan.id) == 2  # one draft revision, however many edits
    second, _ = store.freeze_revision(plan, author)
    assert (second.number, second.sha256 != first.sha256) == (2, True)
    assert second.log_position > first.log_position
    since = store.history_since(plan.id, first.log_position)
    assert [r.change.new for r in since] == [
        "Discovery with the dispatchers",
        "Discovery with the planners",
    ]


def test_undoing_back_to_a_frozen_content_reuses_that_revision(
    store: Store, plan: PlanState, author: Author
) -> None:
    original = plan.milestone_order()[0].title
    first, _ = store.freeze_revision(plan, author)
    _rename_first(store, plan, author, "Something else")
    _rename_first(store, plan, author, original)
    assert store.freeze_revision(plan, author)[0] == first


def test_the_snapshot_has_no_volatile_fields_and_round_trips(
    store: Store, plan: PlanState, author: Author
) -> None:
    document = snapshot(plan)
    text = canonical_bytes(document).decode()
    for volatile in ("updated_at", "created_at", "revision", "replica"):
        assert volatile not in text
    assert json.loads(text) == document
    rebuilt = state_from_snapshot(json.loads(text))
    assert digest(snapshot(rebuilt)) == digest(document)
    # The stored snapshot is exactly the canonical bytes that were hashed.
    revision, _ = store.freeze_revision(plan, author)
    stored = store.revision_snapshot(plan.id, revision.sha256)
    assert hashlib.sha256(canonical_bytes(stored)).hexdigest() == revision.sha256


def test_the_same_content_in_another_database_has_the_same_hash(
    tmp_path, plan: PlanState, author: Author
) -> None:
    with Store(tmp_path / "other.sqlite") as other:
        copy = other.create_plan(
            {name: getattr(plan.plan, name) for name in plan.plan.FIELDS},
            author,
            build=lambda state: [],
            plan_id=plan.id,
        )
        for kind in ("person", "milestone", "action", "evidence"):
            for entity in plan.ordered(kind):
                change = Change(CREATE, kind, entity.id, new=values_of(entity))
                other.commit(copy, [change], author)
        assert digest(snapshot(copy)) == digest(snapshot(plan))
