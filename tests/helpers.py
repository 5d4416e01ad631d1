"""Plain helpers shared across the suite (fixtures live in conftest.py files).

tests/ is on sys.path (pytest puts the top conftest.py's folder there), so any test
module can `from helpers import ...`.
"""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from mutualplan.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`mutualplan ARGV...` run in this process: its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def damage_milestones_table(path: Path) -> None:
    """Overwrite the milestones table's first page: damage only SQLite's page check finds
    (opening reads the schema and settings, never that page)."""
    with closing(sqlite3.connect(path)) as conn:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'milestones'"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = (root - 1) * page_size
    data[start : start + page_size] = random.Random(root).randbytes(page_size)
    path.write_bytes(bytes(data))
