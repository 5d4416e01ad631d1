"""Every released schema version, kept as a file, opened (and migrated) on every run."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.store import Store, schema

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OLD_FILES = sorted(FIXTURES.glob("schema*.sqlite"))


def test_there_is_a_file_for_every_released_schema_before_this_one() -> None:
    versions = {int(path.stem.removeprefix("schema")) for path in OLD_FILES}
    assert versions == set(range(1, schema.SCHEMA_VERSION))


@pytest.mark.parametrize("original", OLD_FILES, ids=lambda p: p.stem)
def test_an_old_database_is_backed_up_then_migrated_with_its_plans_intact(
    tmp_path: Path, original: Path
) -> None:
    path = tmp_path / "plans.sqlite"
    shutil.copy(original, path)
    old_version = int(original.stem.removeprefix("schema"))
    with closing(sqlite3.connect(original)) as conn:
        plan_ids = [r[0] for r in conn.execute("SELECT id FROM plans")]
        changes = conn.execute("SELECT count(*) FROM changes").fetchone()[0]

    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert [p.id for p in store.plans()] == plan_ids
        for plan_id in plan_ids:
            state = store.load(plan_id)
            assert len(state.milestones) >= 12
            assert len(store.history(plan_id)) <= changes
            # The migrated file works like a new one: an edit, then a revision.
            author = Author("Alex Morgan", "seller")
            milestone = state.milestone_order()[0]
            store.commit(
                state, edits.set_field(state, "milestone", milestone.id, "title", "X"), author
            )
            before = len(store.revisions(plan_id))
            revision, _ = store.freeze_revision(state, author)
            assert revision.number == before + 1
            assert len(store.revisions(plan_id)) == before + 1

    [backup] = [p for p in tmp_path.iterdir() if p.name.endswith(".bak")]
    assert backup.name.startswith(f"plans.sqlite.schema{old_version}-")
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert [r[0] for r in copy.execute("SELECT id FROM plans")] == plan_ids


def test_a_plan_from_before_phases_keeps_its_revision_hash(tmp_path: Path) -> None:
    """Schema 6 gave milestones a phase. A plan that uses none has the canonical form
    (and so the SHA-256) it had before: its signed revision still names it."""
    from mutualplan.domain.canonical import digest, snapshot

    path = tmp_path / "plans.sqlite"
    shutil.copy(FIXTURES / "schema5.sqlite", path)
    with Store(path) as store:
        [plan] = store.plans()
        [revision] = store.revisions(plan.id)
        state = store.load(plan.id)
        assert all(m.phase == "" for m in state.milestones.values())
        assert digest(snapshot(state)) == revision.sha256
        assert "phase" not in str(snapshot(state))
