"""Opening the database file: checks first, so a bad file is refused untouched."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path

from .errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    StoreError,
    environment_error,
)
from .schema import (
    KNOWN_MIGRATIONS,
    MIGRATION_SET,
    SCHEMA_VERSION,
    MissingMigrationError,
    apply_pending,
    expected_columns,
    missing_migration_message,
)

SQLITE_HEADER = b"SQLite format 3\x00"


def default_database_path() -> Path:
    """MUTUALPLAN_DB, else plans.sqlite in the user's data folder."""
    chosen = os.environ.get("MUTUALPLAN_DB")
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path("MutualPlan", appauthor=False) / "plans.sqlite"


def identities_folder(database: Path) -> Path:
    """Where signing identities are kept unless the user says otherwise: the app's own
    data folder (beside the plans database), readable by its owner only, never the
    folder the plan PDFs are exported to."""
    folder = database.expanduser().resolve().parent / "identities"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _is_writable(path: Path) -> bool:
    # root passes os.access for everything; a file its owner marked read-only
    # is still meant to be read-only.
    mode = path.stat().st_mode
    return os.access(path, os.W_OK) and bool(mode & stat.S_IWUSR)


ReadableCheck = Callable[[sqlite3.Connection], None]


class IntegrityCheck:
    """SQLite's check of every page of the file (`PRAGMA quick_check`), run on a thread
    of its own while the app starts.

    It reads the whole file (~0.65 ms per MB here), so it grows with every plan the file
    has ever held; it need only be done before the first write. SQLite leaves Python's
    lock while it reads, so the window is built meanwhile. `result()` waits for it and
    raises CorruptDatabaseError for a damaged file; a check never started passes.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, path: Path, timeout_s: float) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(path, timeout_s), name="quick_check", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, timeout_s: float) -> None:
        try:
            conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout_s)
            try:
                _quick_check(conn, path.name)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            self._error = environment_error(exc, path) or CorruptDatabaseError(
                f"{path.name} is damaged ({exc}); it was left untouched."
            )
        except BaseException as exc:  # handed to the thread that waits for the result
            self._error = exc

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def result(self) -> None:
        self.wait()
        if self._error is not None:
            raise self._error


def _quick_check(conn: sqlite3.Connection, name: str) -> None:
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise CorruptDatabaseError(
            f"{name} is damaged ({check}); it was left untouched. "
            "A backup copy, if you have one, can be opened instead."
        )


def _inspect_existing(
    path: Path,
    timeout_s: float = 5.0,
    check_before_upgrade: ReadableCheck | None = None,
    check_later: IntegrityCheck | None = None,
) -> int:
    """Check an existing file without writing to it; return its schema version.

    With `check_later`, SQLite's page check is left to it (started once the rest has
    passed) when nothing is written before the first edit: no upgrade is due, and no
    journal of a session that ended without closing waits to be folded into the file.
    """
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [p for p in sidecars if not p.exists()]
    journal = sidecars[0]
    if check_later is not None and journal not in absent and journal.stat().st_size > 0:
        check_later = None
    try:
        return _read_version(path, timeout_s, check_before_upgrade, check_later)
    except StoreError:
        # Reading a WAL database creates its -wal and -shm files; a refused file is
        # left exactly as it was found. (A -wal with content is somebody's data.)
        for sidecar in absent:
            with contextlib.suppress(OSError):
                if sidecar.name.endswith("-shm") or sidecar.stat().st_size == 0:
                    sidecar.unlink()
        raise


def _read_version(
    path: Path,
    timeout_s: float,
    check_before_upgrade: ReadableCheck | None,
    check_later: IntegrityCheck | None = None,
) -> int:
    name = path.name
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{name} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise NotADatabaseError(f"{name} is not a MutualPlan database; it was left untouched.")
    try:
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=timeout_s)
        conn.text_factory = _lenient_text
    except sqlite3.Error as exc:
        raise environment_error(exc, path) or exc from exc
    try:
        if check_later is None:
            _quick_check(conn, name)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if check_later is not None and version != SCHEMA_VERSION:
            _quick_check(conn, name)  # now: an upgrade writes to the file at once
            check_later = None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        applied: set[str] = set()
        if "_sqlite_migrations" in tables:
            applied = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    (MIGRATION_SET,),
                )
            }
        # Another program's file first: many set user_version for their own schema.
        if tables and not applied:
            raise NotADatabaseError(
                f"{name} is an SQLite file but not a MutualPlan database; it was left untouched."
            )
        if version > SCHEMA_VERSION or applied - KNOWN_MIGRATIONS:
            raise NewerDatabaseError(
                f"{name} was written by a newer version of MutualPlan (schema {version}; "
                f"this version knows {SCHEMA_VERSION}). Update MutualPlan to open it; "
                "the file was left untouched."
            )
        if 0 < version < SCHEMA_VERSION and check_before_upgrade is not None:
            # An upgrade rewrites the file: damage must be found while it is untouched.
            conn.row_factory = sqlite3.Row
            check_before_upgrade(conn)
        if check_later is not None:
            check_later.start(path, timeout_s)
        return version
    except sqlite3.Error as exc:
        raise environment_error(exc, path) or exc from exc
    except ValueError as exc:  # text SQLite itself keeps (its schema) is not readable
        raise CorruptDatabaseError(f"{name} is damaged; it was left untouched.") from exc
    finally:
        conn.close()


def _read_only_uri(path: Path) -> str:
    """SQLite's URI for opening `path` read-only. Only "%", "?" and "#" mean something in
    its path (Path.as_uri would quote everything, importing urllib at start for it)."""
    text = path.resolve().as_posix()
    for char, code in (("%", "%25"), ("?", "%3f"), ("#", "%23")):
        text = text.replace(char, code)
    return f"file://{'' if text.startswith('/') else '/'}{text}?mode=ro"


def _lenient_text(raw: bytes) -> str:
    # Text damaged on disk shows with replacement marks instead of making the whole
    # plan unreadable; MutualPlan itself only ever writes valid UTF-8.
    return raw.decode("utf-8", "replace")


def _check_tables(conn: sqlite3.Connection, path: Path, created: bool) -> None:
    """A file whose tables lost columns (damage SQLite's own check does not see) is
    refused here rather than failing later in the middle of the user's work.

    In a file just `created`, a missing column is a field declared without a migration.
    """
    missing: dict[str, set[str]] = {}
    for table, columns in expected_columns().items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not columns <= present:
            missing[table] = columns - present
    if created and missing:
        raise MissingMigrationError(missing_migration_message(missing))
    if missing:
        table = next(iter(missing))
        raise CorruptDatabaseError(
            f"{path.name} is damaged: its table {table} is not as MutualPlan made it; "
            "the file was left untouched."
        )


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.schema{version}-{stamp}.bak")
    with contextlib.closing(sqlite3.connect(target)) as copy:
        conn.backup(copy)
    return target


def open_database(
    path: Path | str,
    *,
    busy_timeout_ms: int = 5000,
    check_before_upgrade: ReadableCheck | None = None,
    check_later: IntegrityCheck | None = None,
) -> sqlite3.Connection:
    """Open (creating or migrating as needed) the database at `path`.

    Raises StoreError subclasses with a message for the user; the file is left as it
    was whenever opening fails. With `check_later`, SQLite's page check may run on a
    thread instead (see `_inspect_existing`); its result must be had before writing.
    """
    path = Path(path)
    version = 0
    if path.exists():
        if not path.is_file():
            raise StoreError(f"{path} is a folder, not a database file.")
        if not _is_writable(path):
            raise ReadOnlyDatabaseError(
                f"{path.name} is read-only; MutualPlan needs to save every edit. "
                "Copy it somewhere writable, or make it writable, and open it again."
            )
        if path.stat().st_size > 0:
            version = _inspect_existing(
                path, busy_timeout_ms / 1000, check_before_upgrade, check_later
            )
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Cannot create the folder for {path}: {exc.strerror}.") from exc
    if not os.access(path.parent, os.W_OK):
        raise ReadOnlyDatabaseError(
            f"The folder of {path.name} is read-only; SQLite needs to write beside the file."
        )
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(path, timeout=busy_timeout_ms / 1000)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode never corrupts and never loses a committed edit when the
        # app is killed; only a power cut can cost the last few transactions.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.text_factory = _lenient_text
        if version < SCHEMA_VERSION:
            if version > 0:
                _backup(conn, path, version)
            apply_pending(conn)
        _check_tables(conn, path, created=version == 0)
        return conn
    except BaseException as exc:
        # Closed on every way out but success (a refused file, a failed migration, an
        # interrupt), so no connection is left for the collector to find; the page
        # check's first, so that SQLite removes the -wal and -shm with the last one.
        if check_later is not None:
            check_later.wait()
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error):
            raise environment_error(exc, path) or exc from exc
        raise
