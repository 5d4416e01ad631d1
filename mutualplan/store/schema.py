"""The database schema, one named migration per released version.

Never edit a migration that has shipped: add the next one. `SCHEMA_VERSION` is the
number of migrations and is also written to `PRAGMA user_version`, so a database
written by a newer MutualPlan is recognised before anything touches it.

The entities' columns are their fields as the domain declares them (`FIELDS`); a
field declared there needs a migration adding its column, and `expected_columns`
holds the two together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..domain.model import ENTITY_TYPES, FieldSpec
from ..domain.names import person_key

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "mutualplan"
MIGRATIONS: list[tuple[str, Callable[[Database], None]]] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(function: Callable[[Database], None]) -> Callable[[Database], None]:
        MIGRATIONS.append((name, function))
        return function

    return register


@migration("0001_initial")
def initial(db: Database) -> None:
    db.execute(
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            buyer_org TEXT NOT NULL,
            seller_org TEXT NOT NULL,
            objective TEXT NOT NULL DEFAULT '',
            success_criteria TEXT NOT NULL DEFAULT '',
            target_date TEXT,
            status TEXT NOT NULL DEFAULT 'draft',
            revision INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE people (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            rank TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE milestones (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            side TEXT NOT NULL,
            owner_id TEXT REFERENCES people(id),
            start TEXT,
            due TEXT,
            lead_days INTEGER,
            status TEXT NOT NULL,
            done_on TEXT,
            depends_on TEXT NOT NULL DEFAULT '[]',
            exit_criteria TEXT NOT NULL DEFAULT '',
            rank TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE actions (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            milestone_id TEXT NOT NULL REFERENCES milestones(id),
            title TEXT NOT NULL,
            owner_id TEXT REFERENCES people(id),
            due TEXT,
            done INTEGER NOT NULL DEFAULT 0,
            rank TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE evidence (
            id TEXT PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            claim TEXT NOT NULL DEFAULT '',
            milestone_id TEXT REFERENCES milestones(id),
            state TEXT NOT NULL,
            decided_by TEXT REFERENCES people(id),
            decision_note TEXT NOT NULL DEFAULT '',
            rank TEXT NOT NULL
        )"""
    )
    # The change log. `replica`+`seq` name a change everywhere; `clock` is the
    # version of every copy its author had seen; `prior` the change to the same
    # field (or entity) the author's copy held before it.
    db.execute(
        """CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            plan_id TEXT NOT NULL,
            replica TEXT NOT NULL,
            seq INTEGER NOT NULL,
            batch TEXT NOT NULL,
            op TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT,
            old TEXT,
            new TEXT,
            author_id TEXT,
            author_name TEXT NOT NULL,
            author_side TEXT NOT NULL,
            at TEXT NOT NULL,
            clock TEXT NOT NULL,
            prior TEXT,
            UNIQUE (replica, seq)
        )"""
    )
    # The version of every copy this database has seen, per plan.
    db.execute(
        """CREATE TABLE plan_clock (
            plan_id TEXT NOT NULL,
            replica TEXT NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (plan_id, replica)
        )"""
    )
    for table in ("people", "milestones", "actions", "evidence"):
        db.execute(f"CREATE INDEX {table}_plan ON {table}(plan_id)")
    db.execute("CREATE INDEX changes_plan ON changes(plan_id, id)")
    db.execute("CREATE INDEX changes_field ON changes(plan_id, entity, entity_id, field)")
    db.execute("PRAGMA user_version = 1")


@migration("0002_revisions")
def revisions(db: Database) -> None:
    # A revision is a frozen canonical snapshot named by its SHA-256. `number` is the
    # label people use; `log_position` is the last change-log row it contains.
    db.execute(
        """CREATE TABLE revisions (
            plan_id TEXT NOT NULL REFERENCES plans(id),
            sha256 TEXT NOT NULL,
            number INTEGER NOT NULL,
            snapshot TEXT NOT NULL,
            log_position INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            PRIMARY KEY (plan_id, sha256)
        )"""
    )
    db.execute("CREATE INDEX revisions_number ON revisions(plan_id, number)")
    db.execute("PRAGMA user_version = 2")


@migration("0003_signatures_and_merging")
def signatures_and_merging(db: Database) -> None:
    # Signatures read from signed PDFs, recorded against the revision they cover.
    db.execute(
        """CREATE TABLE signatures (
            plan_id TEXT NOT NULL REFERENCES plans(id),
            sha256 TEXT NOT NULL,
            side TEXT NOT NULL,
            kind TEXT NOT NULL,
            signer TEXT NOT NULL,
            organisation TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            signed_at TEXT,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (plan_id, sha256, side)
        )"""
    )
    # Certificates seen per person: remembered on first sight; another one for the same
    # person stays flagged until someone accepts it.
    db.execute(
        """CREATE TABLE certificates (
            person_key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            name TEXT NOT NULL,
            organisation TEXT NOT NULL,
            accepted INTEGER NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (person_key, fingerprint)
        )"""
    )
    # Registers written on both sides since the copies last met, until settled.
    db.execute(
        """CREATE TABLE conflicts (
            plan_id TEXT NOT NULL REFERENCES plans(id),
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            candidates TEXT NOT NULL,
            PRIMARY KEY (plan_id, entity, entity_id, field)
        )"""
    )
    db.execute("PRAGMA user_version = 3")


@migration("0004_trust_and_attribution")
def trust_and_attribution(db: Database) -> None:
    # The side whose field a certificate signed when first seen, and the side a person
    # here accepted it for explicitly (a signer whose certificate names another
    # organisation than the plan's for that side).
    db.execute("ALTER TABLE certificates ADD COLUMN side TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE certificates ADD COLUMN accepted_for TEXT NOT NULL DEFAULT ''")
    # People are now told apart as names are compared everywhere: accents, case and an
    # organisation's legal form aside.
    for rowid, name, organisation in db.execute(
        "SELECT rowid, name, organisation FROM certificates"
    ).fetchall():
        db.execute(
            "UPDATE OR IGNORE certificates SET person_key = ? WHERE rowid = ?",
            (person_key(name, organisation), rowid),
        )
    # Who typed a change in, when it differs from who proposed it (the author).
    db.execute("ALTER TABLE changes ADD COLUMN entered_by_id TEXT")
    db.execute("ALTER TABLE changes ADD COLUMN entered_by_name TEXT")
    db.execute("ALTER TABLE changes ADD COLUMN entered_by_side TEXT")
    db.execute("PRAGMA user_version = 4")


@migration("0005_review_responses")
def review_responses(db: Database) -> None:
    # Answers the other side gave in a review copy: proposals and comments, each
    # against the revision the reviewer read. They change nothing in the plan until
    # someone accepts them; `key` makes importing the same filled copy twice a no-op.
    db.execute(
        """CREATE TABLE proposals (
            id INTEGER PRIMARY KEY,
            plan_id TEXT NOT NULL REFERENCES plans(id),
            key TEXT NOT NULL UNIQUE,
            revision_sha256 TEXT NOT NULL,
            revision_number INTEGER NOT NULL,
            reviewer_name TEXT NOT NULL,
            reviewer_side TEXT NOT NULL,
            reviewer_org TEXT NOT NULL DEFAULT '',
            reviewer_person_id TEXT,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            proposed TEXT NOT NULL DEFAULT '{}',
            seen TEXT NOT NULL DEFAULT '{}',
            comment TEXT NOT NULL DEFAULT '',
            owner_text TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            reply TEXT NOT NULL DEFAULT '',
            decided_by TEXT NOT NULL DEFAULT '',
            decided_at TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX proposals_plan ON proposals(plan_id, entity, entity_id)")
    db.execute("PRAGMA user_version = 5")


@migration("0006_milestone_phases")
def milestone_phases(db: Database) -> None:
    # A named stage (discover, validate, decide...) that groups milestones; empty for
    # the milestones of every plan made before, which look as they did.
    db.execute("ALTER TABLE milestones ADD COLUMN phase TEXT NOT NULL DEFAULT ''")
    db.execute("PRAGMA user_version = 6")


@migration("0007_signatories")
def signatories(db: Database) -> None:
    # Who signs for each side, chosen in People (one per side).
    db.execute("ALTER TABLE people ADD COLUMN signs INTEGER NOT NULL DEFAULT 0")
    db.execute("PRAGMA user_version = 7")


SCHEMA_VERSION = len(MIGRATIONS)
KNOWN_MIGRATIONS = frozenset(name for name, _ in MIGRATIONS)


# The table of each entity kind, and the columns it holds beside the declared fields.
ENTITY_TABLES = {
    "plan": "plans",
    "person": "people",
    "milestone": "milestones",
    "action": "actions",
    "evidence": "evidence",
}
ENTITY_EXTRA_COLUMNS = {
    "plan": {"id", "revision", "created_at", "updated_at"},
    "person": {"id", "plan_id"},
    "milestone": {"id", "plan_id"},
    "action": {"id", "plan_id"},
    "evidence": {"id", "plan_id"},
}
# The columns of the other tables MutualPlan reads.
OTHER_COLUMNS = {
    "changes": {
        "id",
        "plan_id",
        "replica",
        "seq",
        "batch",
        "op",
        "entity",
        "entity_id",
        "field",
        "old",
        "new",
        "author_id",
        "author_name",
        "author_side",
        "at",
        "clock",
        "prior",
        "entered_by_id",
        "entered_by_name",
        "entered_by_side",
    },
    "certificates": {
        "person_key",
        "fingerprint",
        "name",
        "organisation",
        "accepted",
        "first_seen",
        "side",
        "accepted_for",
    },
    "settings": {"key", "value"},
}


def expected_columns() -> dict[str, set[str]]:
    """Every table's columns a migrated database has: the entities' from the domain's
    declaration of their fields, read at call time."""
    tables = {
        ENTITY_TABLES[kind]: set(cls.FIELDS) | ENTITY_EXTRA_COLUMNS[kind]
        for kind, cls in ENTITY_TYPES.items()
    }
    return tables | {table: set(columns) for table, columns in OTHER_COLUMNS.items()}


def column_definition(spec: FieldSpec) -> str:
    """The column a declared field needs, as ALTER TABLE ... ADD COLUMN writes it."""
    if spec.kind in ("date", "person", "milestone"):
        return f"{spec.name} TEXT"
    if spec.kind == "int":
        return f"{spec.name} INTEGER"
    if spec.kind == "bool":
        return f"{spec.name} INTEGER NOT NULL DEFAULT {int(bool(spec.default))}"
    if spec.kind == "milestones":
        return f"{spec.name} TEXT NOT NULL DEFAULT '[]'"
    default = str(spec.default or "").replace("'", "''")
    return f"{spec.name} TEXT NOT NULL DEFAULT '{default}'"


class MissingMigrationError(RuntimeError):
    """The domain declares a field no migration gives a column: a mistake in this
    version of MutualPlan, found when it creates a database."""


def missing_migration_message(missing: dict[str, set[str]]) -> str:
    """What to add for the declared fields (table -> columns) no migration creates."""
    number = f"{SCHEMA_VERSION + 1:04d}"
    lines = []
    for kind, cls in ENTITY_TYPES.items():
        table = ENTITY_TABLES[kind]
        for name in sorted(missing.get(table, ())):
            spec = cls.FIELDS.get(name)
            if spec is None:
                lines.append(f"{table}.{name} is missing from a new database")
                continue
            line = (
                f"{table}.{name} is declared in the domain but no migration adds the "
                f"column: add migration {number} with "
                f"ALTER TABLE {table} ADD COLUMN {column_definition(spec)}"
            )
            if not spec.later:
                # Otherwise every existing plan's canonical form, and so its revision
                # hash, would gain the field.
                line += ", and declare the field later=True"
            lines.append(line)
    others = {t: c for t, c in missing.items() if t not in ENTITY_TABLES.values()}
    lines += [f"{t}.{c} is missing from a new database" for t, cs in others.items() for c in cs]
    return "; ".join(lines)


def apply_pending(conn: sqlite3.Connection) -> None:
    """Run the migrations this file has not had, each in its own transaction.

    sqlite-utils is imported only here: opening an up-to-date file (every start of the
    app but the first after an update) does not pay for it.
    """
    from sqlite_utils import Database, Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, function in MIGRATIONS:
        migrations(name=name)(function)
    migrations.apply(Database(conn, execute_plugins=False))
