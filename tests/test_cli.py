"""The command line, run in-process against a database in a temporary folder."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
import types
import unicodedata
from pathlib import Path

import pytest
from helpers import run_cli as run

from mutualplan.cli import main
from mutualplan.domain.model import EvidenceState, Side
from mutualplan.store.repository import Store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh database path, also set as MUTUALPLAN_DB so nothing reaches the real one."""
    path = tmp_path / "plans.sqlite"
    monkeypatch.setenv("MUTUALPLAN_DB", str(path))
    return path


def scripts(text: str) -> set[str]:
    """The writing systems of the letters in `text` (LATIN, GREEK, CYRILLIC, ...)."""
    return {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}


def test_demo_prints_the_plan_id_last_and_saves_a_full_plan(db, capsys):
    code, out, err = run(capsys, "demo")

    assert (code, err) == (0, "")
    plan_id = out.splitlines()[-1]
    with Store(db) as store:
        assert [p.id for p in store.plans()] == [plan_id]
        state = store.load(plan_id)
        history = store.history(plan_id)
    assert len(state.milestones) >= 12
    assert {m.side for m in state.milestones.values()} == set(Side)
    assert any(a.done for a in state.actions.values())
    assert any(not a.done for a in state.actions.values())
    names = " ".join(p.name for p in state.people.values())
    assert {"LATIN", "GREEK", "CYRILLIC"} <= scripts(names)
    assert any(scripts(ch) == {"LATIN"} and not ch.isascii() for ch in names)  # ø, ł, ë
    assert {p.side for p in state.people.values()} == {Side.BUYER, Side.SELLER}
    assert {e.state for e in state.evidence.values()} == set(EvidenceState)
    for evidence in state.evidence.values():
        decided = evidence.state in (EvidenceState.ACCEPTED, EvidenceState.DISPUTED)
        assert (evidence.decided_by is not None) == decided
        assert bool(evidence.decision_note) == decided
    authors = {record.author.name for record in history}
    assert len(authors) >= 4
    assert {record.author.side for record in history} == {Side.BUYER, Side.SELLER}
    assert any(record.author.person_id in state.people for record in history)


def test_db_option_works_before_and_after_the_command(tmp_path, db, capsys):
    elsewhere = tmp_path / "elsewhere.sqlite"

    code, out, _ = run(capsys, "--db", str(elsewhere), "demo")
    assert code == 0
    code, listed, _ = run(capsys, "plans", "--db", str(elsewhere), "--json")
    assert code == 0

    [plan] = json.loads(listed)
    assert plan["id"] == out.splitlines()[-1]
    assert plan["buyer_org"] == "Nordwind Logistics GmbH"
    assert plan["milestones"] >= 12
    assert not db.exists()  # MUTUALPLAN_DB was not used when --db was given


def test_plans_lists_a_readable_table(db, capsys):
    _, out, _ = run(capsys, "demo")
    plan_id = out.splitlines()[-1]

    code, table, err = run(capsys, "plans")

    assert (code, err) == (0, "")
    header, row = table.splitlines()
    for heading in ("Title", "Buyer", "Seller", "Status", "Target", "Milestones", "Id"):
        assert heading in header
    for value in ("Route-cost analytics rollout", "Nordwind Logistics GmbH", "draft", plan_id):
        assert value in row


def test_plans_of_an_empty_database(db, capsys):
    assert run(capsys, "plans", "--json")[:2] == (0, "[]\n")
    code, out, _ = run(capsys, "plans")
    assert code == 0
    assert "mutualplan demo" in out


def test_demo_twice_is_refused_because_the_buyer_has_an_active_plan(db, capsys):
    _, out, _ = run(capsys, "demo")
    plan_id = out.splitlines()[-1]
    with Store(db) as store:
        logged = len(store.history(plan_id))

    code, out, err = run(capsys, "demo")

    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("mutualplan: ")
    assert "already has an active plan" in err
    with Store(db) as store:
        assert [p.id for p in store.plans()] == [plan_id]
        assert len(store.history(plan_id)) == logged


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def text_file(path: Path) -> None:
    path.write_text("Milestone,Owner,Due\nKickoff,Zoë Müller,2025-01-01\n", "utf-8")


def damaged_sqlite(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))


def newer_schema(path: Path) -> None:
    with Store(path):
        pass
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()


@pytest.mark.parametrize("make_file", [random_bytes, text_file, damaged_sqlite, newer_schema])
@pytest.mark.parametrize("command", ["demo", "plans"])
def test_an_unusable_database_is_refused_in_one_line_and_left_untouched(
    db, capsys, make_file, command
):
    make_file(db)
    before = db.read_bytes()

    code, out, err = run(capsys, command, "--db", str(db))

    assert code == 2
    assert out == ""
    assert err.startswith("mutualplan: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert db.read_bytes() == before


def test_newer_schema_message_says_to_update(db, capsys):
    newer_schema(db)
    _, _, err = run(capsys, "plans")
    assert "newer version" in err


def test_no_command_opens_the_desktop_app(db, capsys, monkeypatch):
    calls, collecting = [], []

    def run_gui(db_path, argv=None):
        calls.append((db_path, argv))
        collecting.append(gc.isenabled())
        return 0

    # The real app module is not needed (or imported) to check what the CLI hands it.
    fake = types.ModuleType("mutualplan.ui.app")
    fake.run_gui = run_gui
    monkeypatch.setitem(sys.modules, "mutualplan.ui.app", fake)

    assert main([]) == 0
    assert main(["--db", "other.sqlite"]) == 0

    assert calls[0][0] == db
    assert calls[1][0] == Path("other.sqlite")
    assert all(isinstance(argv, list) and len(argv) == 1 for _, argv in calls)
    # The app collects on its GUI thread while it runs; Python's own collector is
    # off from before the app's modules load, and on again once it has quit.
    assert collecting == [False, False] and gc.isenabled()


def test_version_and_help_exit_zero(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("mutualplan ")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "demo" in out
    assert "plans" in out


def test_an_unknown_command_is_a_usage_error(db, capsys):
    code, _, err = run(capsys, "frobnicate")
    assert code == 2
    assert "invalid choice" in err


def test_importing_the_cli_loads_no_gui_pdf_or_signing_library():
    probe = (
        "import sys, mutualplan.cli\n"
        "heavy = ('PySide6', 'reportlab', 'pyhanko')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_demo_plans_calendars_start_with_each_sides_public_holidays(db, capsys):
    # Nordwind Logistics GmbH is German; Brightline Analytics tells no country.
    code, _, _ = run(capsys, "demo")
    assert code == 0
    with Store(db) as store:
        saved = store.setting("calendars")
    assert saved["buyer"]["country"] == "DE"
    christmas = [day for day in saved["buyer"]["holidays"] if day.endswith("-12-25")]
    assert christmas
    assert not saved.get("seller", {}).get("holidays")
