"""Opening a database file: new files are built, bad files are refused and left untouched."""

from __future__ import annotations

import random
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from helpers import damage_milestones_table

from mutualplan.domain.model import Author
from mutualplan.store import database, schema
from mutualplan.store.database import SQLITE_HEADER, _backup, open_database
from mutualplan.store.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    NewerDatabaseError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StoreError,
)
from mutualplan.store.repository import Store


def raw(path: Path) -> sqlite3.Connection:
    """A plain connection of our own, independent of the Store under test."""
    return sqlite3.connect(path, isolation_level=None)


def filled_database(path: Path, author: Author) -> str:
    """A closed database file holding one plan; returns the plan id."""
    with Store(path) as store:
        state = store.create_plan(
            {"title": "Contoso rollout", "buyer_org": "Contoso", "seller_org": "Northwind"},
            author,
        )
    return state.id


def assert_refused_untouched(path: Path, error: type[StoreError]) -> StoreError:
    before = path.read_bytes()
    folder_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(error) as caught:
        Store(path)
    assert path.read_bytes() == before
    # Not even an empty -wal or -shm file is left beside a refused database.
    assert sorted(p.name for p in path.parent.iterdir()) == folder_before
    assert "untouched" in str(caught.value) or error is ReadOnlyDatabaseError
    return caught.value


def test_a_new_file_gets_the_current_schema_in_wal_mode_with_foreign_keys(
    store: Store,
) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    applied = {
        row[0]
        for row in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'mutualplan'"
        )
    }
    assert applied == schema.KNOWN_MIGRATIONS
    assert len(applied) == schema.SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"plans", "people", "milestones", "actions", "evidence", "changes"} <= tables


def test_foreign_keys_are_enforced_not_just_declared(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.conn.execute(
            "INSERT INTO people (id, plan_id, name, side, rank) VALUES ('p', 'no-plan', 'X', "
            "'buyer', 'i001')"
        )


def test_missing_folders_are_created(tmp_path: Path) -> None:
    with Store(tmp_path / "deep" / "er" / "plans.sqlite") as store:
        assert store.path.exists()


def test_an_empty_file_is_initialised(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with Store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION


def test_reopening_a_current_file_keeps_its_data_and_writes_no_backup(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    plan_id = filled_database(path, author)
    with Store(path) as store:
        assert store.load(plan_id).plan.title == "Contoso rollout"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".bak") == []


@pytest.mark.parametrize("folder", ["100% sure? #1", "Zoë Müller's plans", "a%3fb"])
def test_a_file_in_a_folder_with_uri_characters_in_its_name_opens(
    tmp_path: Path, author: Author, folder: str
) -> None:
    # The first check reads the file through an SQLite URI, where %, ? and # are special.
    path = tmp_path / folder / "plans.sqlite"
    plan_id = filled_database(path, author)
    with Store(path) as store:
        assert store.load(plan_id).plan.title == "Contoso rollout"
    assert [p.name for p in tmp_path.iterdir()] == [folder]  # nothing made elsewhere


def test_the_replica_id_is_made_once_per_file(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite"
    with Store(path) as first:
        replica = first.replica
    with Store(path) as again, Store(tmp_path / "other.sqlite") as other:
        assert again.replica == replica
        assert other.replica != replica


def test_a_database_from_a_newer_schema_is_refused(tmp_path: Path, author: Author) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    with closing(raw(path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    error = assert_refused_untouched(path, NewerDatabaseError)
    assert "newer version of MutualPlan" in str(error)


def test_a_database_with_a_migration_this_version_does_not_know_is_refused(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    with closing(raw(path)) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('mutualplan', '0002_from_the_future', '2030-01-01')"
        )
    assert_refused_untouched(path, NewerDatabaseError)


def test_a_file_of_random_bytes_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite"
    path.write_bytes(random.Random(1).randbytes(8192))
    assert_refused_untouched(path, NotADatabaseError)


def test_an_sqlite_header_followed_by_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "plans.sqlite"
    path.write_bytes(SQLITE_HEADER + random.Random(2).randbytes(8192))
    assert_refused_untouched(path, CorruptDatabaseError)


@pytest.mark.parametrize("page", [2, 5])
def test_a_real_database_with_a_page_overwritten_is_corrupt(
    tmp_path: Path, author: Author, page: int
) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    assert len(data) >= page * page_size
    start = (page - 1) * page_size
    data[start : start + page_size] = random.Random(page).randbytes(page_size)
    path.write_bytes(bytes(data))
    error = assert_refused_untouched(path, CorruptDatabaseError)
    assert "damaged" in str(error)


def test_an_sqlite_file_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with closing(raw(path)) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
    error = assert_refused_untouched(path, NotADatabaseError)
    assert "not a MutualPlan database" in str(error)


def test_another_applications_schema_version_is_not_mistaken_for_a_newer_mutualplan(
    tmp_path: Path,
) -> None:
    path = tmp_path / "places.sqlite"
    with closing(raw(path)) as conn:
        conn.execute("CREATE TABLE bookmarks (url TEXT)")
        conn.execute("PRAGMA user_version = 7")
    assert_refused_untouched(path, NotADatabaseError)


def test_another_sqlite_utils_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    with closing(raw(path)) as conn:
        conn.execute(
            "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
            "name TEXT, applied_at TEXT)"
        )
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('notes', '0001', '2025-01-01')"
        )
    assert_refused_untouched(path, NotADatabaseError)


def test_a_read_only_file_is_refused_untouched(tmp_path: Path, author: Author) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    path.chmod(0o444)
    try:
        error = assert_refused_untouched(path, ReadOnlyDatabaseError)
        assert "read-only" in str(error)
        assert stat.S_IMODE(path.stat().st_mode) == 0o444
    finally:
        path.chmod(0o644)


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        Store(tmp_path)


def test_a_database_locked_by_another_program_is_reported_when_opening(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    with closing(raw(path)) as other:
        other.execute("PRAGMA journal_mode = DELETE")  # a rollback-journal file
        other.execute("BEGIN EXCLUSIVE")
        before = path.read_bytes()
        with pytest.raises(DatabaseLockedError, match="in use by another program"):
            Store(path, busy_timeout_ms=100)
        assert path.read_bytes() == before
        other.execute("ROLLBACK")
    with Store(path, busy_timeout_ms=100) as store:
        assert len(store.plans()) == 1


# -- the copy made before migrating --------------------------------------------------


def test_backup_copies_the_whole_database_beside_it(tmp_path: Path, author: Author) -> None:
    path = tmp_path / "plans.sqlite"
    plan_id = filled_database(path, author)
    with closing(sqlite3.connect(path)) as conn:
        target = _backup(conn, path, 1)
    assert target.parent == tmp_path
    assert target.name.startswith("plans.sqlite.schema1-") and target.suffix == ".bak"
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT id FROM plans").fetchall() == [(plan_id,)]
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_open_database_returns_a_database_for_the_default_path(tmp_path: Path) -> None:
    # MUTUALPLAN_DB points into tmp_path for every test (tests/conftest.py).
    conn = open_database(database.default_database_path())
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert database.default_database_path().parent == tmp_path
    finally:
        conn.close()


def test_a_plan_row_holding_a_value_mutualplan_never_writes_is_reported_as_damaged(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    plan_id = filled_database(path, author)
    with closing(raw(path)) as conn:
        conn.execute("UPDATE plans SET target_date = 'next spring' WHERE id = ?", (plan_id,))
    with Store(path) as store, pytest.raises(CorruptDatabaseError) as caught:
        store.load(plan_id)
    assert "Contoso rollout" in str(caught.value)


def test_a_copied_file_names_its_changes_apart_from_the_original(
    tmp_path: Path, author: Author
) -> None:
    import shutil

    original = tmp_path / "plans.sqlite"
    filled_database(original, author)
    with Store(original) as store:
        first = store.replica
    with Store(original) as store:
        assert store.replica == first  # the same file keeps its name
    copy = tmp_path / "laptop" / "plans.sqlite"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    with Store(copy) as store:
        assert store.replica != first


@pytest.mark.parametrize("failure", [RuntimeError("a bug in a migration"), KeyboardInterrupt()])
def test_opening_that_fails_for_any_reason_leaves_no_connection_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    # Python 3.13 warns of every connection the collector finds open (an error in tests).
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs) -> sqlite3.Connection:  # noqa: ANN002, ANN003
        opened.append(real_connect(*args, **kwargs))
        return opened[-1]

    def apply_pending(conn: sqlite3.Connection) -> None:
        raise failure

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(database, "apply_pending", apply_pending)
    with pytest.raises(type(failure)):
        Store(tmp_path / "plans.sqlite")
    assert opened
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")


def test_a_check_beside_the_start_refuses_every_write_to_a_damaged_file(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    damage_milestones_table(path)
    before = path.read_bytes()
    folder_before = sorted(p.name for p in tmp_path.iterdir())
    store = Store(path, check_in_background=True)  # the damage is not seen yet
    try:
        with pytest.raises(CorruptDatabaseError, match="damaged"):
            store.checked()
        with pytest.raises(CorruptDatabaseError, match="untouched"):
            store.set_setting("theme", "dark")
    finally:
        store.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == folder_before


def test_the_same_damage_is_refused_at_once_without_the_background_check(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    filled_database(path, author)
    damage_milestones_table(path)
    assert_refused_untouched(path, CorruptDatabaseError)


def test_a_file_with_an_unfolded_journal_is_checked_before_opening(
    tmp_path: Path, author: Author
) -> None:
    """A session that ended without closing leaves edits in the -wal, which the next
    connection folds into the file: a damaged file is then checked before anything."""
    original = tmp_path / "original" / "plans.sqlite"
    original.parent.mkdir()
    filled_database(original, author)
    damage_milestones_table(original)
    with closing(raw(original)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("INSERT INTO settings (key, value) VALUES ('unsaved', '1')")
        copy = tmp_path / "plans.sqlite"
        for suffix in ("", "-wal"):  # as a crash would leave them
            copy.with_name(copy.name + suffix).write_bytes(
                original.with_name(original.name + suffix).read_bytes()
            )
    assert copy.with_name("plans.sqlite-wal").stat().st_size > 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        Store(copy, check_in_background=True)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_a_sound_file_checked_beside_the_start_opens_and_saves(
    tmp_path: Path, author: Author
) -> None:
    path = tmp_path / "plans.sqlite"
    plan_id = filled_database(path, author)
    with Store(path, check_in_background=True) as store:
        store.set_setting("theme", "dark")
        store.checked()
        assert store.load(plan_id).plan.title == "Contoso rollout"
    with Store(path) as store:
        assert store.setting("theme") == "dark"


def test_reopening_the_last_plan_writes_nothing(tmp_path: Path, author: Author) -> None:
    path = tmp_path / "plans.sqlite"
    first = filled_database(path, author)
    with Store(path) as store:
        second = store.create_plan(
            {"title": "Second", "buyer_org": "Fabrikam", "seller_org": "Northwind"}, author
        ).id
        store.note_opened(first)
        written = store.conn.total_changes
        store.note_opened(first)
        assert store.conn.total_changes == written
        store.note_opened(second)
        assert store.conn.total_changes > written
        assert store.recent_plans() == [second, first]
