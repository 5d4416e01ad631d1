"""The entities' fields are declared once, in the domain; the database schema follows
that declaration through migrations, and a field declared without one is caught when a
new database is made, with the migration to add named."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mutualplan.domain.canonical import digest, snapshot
from mutualplan.domain.model import ENTITY_TYPES, LATER_FIELDS, FieldSpec, Milestone, Person
from mutualplan.store import Store, schema
from mutualplan.store.schema import MissingMigrationError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NEXT_MIGRATION = f"{schema.SCHEMA_VERSION + 1:04d}"


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_a_new_database_has_a_column_for_every_declared_field(tmp_path: Path) -> None:
    with Store(tmp_path / "plans.sqlite") as store:
        for kind, cls in ENTITY_TYPES.items():
            assert set(cls.FIELDS) <= _columns(store.conn, schema.ENTITY_TABLES[kind])


def test_a_field_declared_without_a_migration_names_the_migration_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made_before = tmp_path / "before.sqlite"
    Store(made_before).close()
    new_field = FieldSpec("new_field", "text", "New field", default="", later=True)
    monkeypatch.setitem(Milestone.FIELDS, "new_field", new_field)

    with pytest.raises(MissingMigrationError) as raised:
        Store(tmp_path / "plans.sqlite")
    statement = "ALTER TABLE milestones ADD COLUMN new_field TEXT NOT NULL DEFAULT ''"
    assert str(raised.value) == (
        "milestones.new_field is declared in the domain but no migration adds the column: "
        f"add migration {NEXT_MIGRATION} with {statement}"
    )
    # The statement it names is the one that makes the file whole.
    with closing(sqlite3.connect(made_before)) as conn:
        conn.execute(statement)
        conn.commit()
    Store(made_before).close()


def test_the_named_migration_fits_the_field_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(Person.FIELDS, "votes", FieldSpec("votes", "bool", "Votes", later=True))
    monkeypatch.setitem(Milestone.FIELDS, "review_on", FieldSpec("review_on", "date", "Review"))

    with pytest.raises(MissingMigrationError) as raised:
        Store(tmp_path / "plans.sqlite")
    message = str(raised.value)
    assert "ALTER TABLE people ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;" in message
    # A field that is not `later` would change every existing plan's revision hash.
    assert message.endswith(
        f"add migration {NEXT_MIGRATION} with ALTER TABLE milestones ADD COLUMN review_on "
        "TEXT, and declare the field later=True"
    )


def test_an_old_file_that_lost_a_column_is_still_called_damaged(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite"
    Store(path).close()
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE milestones DROP COLUMN exit_criteria")
        conn.commit()
    with pytest.raises(Exception, match="is damaged: its table milestones"):
        Store(path)


def test_every_field_added_after_the_first_schema_is_a_later_field() -> None:
    """A field whose column a later migration added is left out of the canonical form
    while unset, so the plans made before it keep their revision hashes."""
    from sqlite_utils import Database

    with closing(sqlite3.connect(":memory:")) as conn:
        schema.initial(Database(conn))
        for kind, cls in ENTITY_TYPES.items():
            first = _columns(conn, schema.ENTITY_TABLES[kind])
            for name, spec in cls.FIELDS.items():
                assert spec.later == (name not in first), f"{kind}.{name}"
    assert LATER_FIELDS == {("milestone", "phase"): "", ("person", "signs"): False}


# The revisions the fixture files hold, frozen by the MutualPlan of their schema, each
# at the end of its plan's change log: the plan as loaded today must hash the same.
FROZEN = {
    "schema2": "f1fb9983a2f6f4159563618ade20060647de36359adca9edb192326cd3ac767a",
    "schema4": "a626766cd094fff3749565996de37219f8c7890e7830fe1e4376de3f0f7ef42b",
    "schema5": "c2b64c17f3eb2afd8357d51296b3cc723ff91a5d3bf0da078415f0b6d520ca9b",
}


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_a_plan_frozen_by_an_older_version_hashes_as_it_did(tmp_path: Path, name: str) -> None:
    path = tmp_path / "plans.sqlite"
    shutil.copy(FIXTURES / f"{name}.sqlite", path)
    with Store(path) as store:
        [plan] = store.plans()
        [revision] = store.revisions(plan.id)
        assert revision.sha256 == FROZEN[name]
        assert digest(snapshot(store.load(plan.id))) == FROZEN[name]
