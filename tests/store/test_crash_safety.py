"""Killed at any moment, a copy of MutualPlan loses nothing it said was saved.

A child process adds milestones through the store and prints each number once the
commit returned; the test kills it with SIGKILL over and over, each time after a random
number of acknowledgements (so wherever the child then is in its next commit), and each
time checks the file: it opens, SQLite finds it intact, and every acknowledged edit is
there with its change-log row. Nothing depends on how fast the machine is: however
many edits the child gets done, none it acknowledged may be lost.

Slow (a hundred Python start-ups): `pytest -m "not slow"` leaves it out locally; CI runs it.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest

from mutualplan.store import Store

KILLS = int(os.environ.get("MUTUALPLAN_CRASH_KILLS", "100"))

CHILD = textwrap.dedent(
    """
    import sys
    from mutualplan.domain import edits
    from mutualplan.domain.model import Author
    from mutualplan.store import Store

    store = Store(sys.argv[1])
    author = Author("Crash Test", "seller")
    plans = store.plans()
    if plans:
        state = store.load(plans[0].id)
    else:
        state = store.create_plan(
            {"title": "Crash", "buyer_org": "Nordwind", "seller_org": "Brightline"}, author
        )
    number = len(state.milestones)
    print("ready", flush=True)
    while True:
        store.commit(state, edits.add_milestone(state, {"title": f"edit {number}"}), author)
        print(number, flush=True)
        number += 1
    """
)


def _run_and_kill(path: Path, rng: random.Random) -> set[int]:
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    ) as child:
        assert child.stdout is not None
        lines = [child.stdout.readline()]
        assert lines[0].strip() == "ready", "the child did not start"
        # Killed right after its n-th acknowledgement: somewhere in the commit that follows.
        for _ in range(rng.randrange(4)):
            lines.append(child.stdout.readline())
        child.send_signal(signal.SIGKILL)
        child.wait()
        lines += child.stdout.read().splitlines(keepends=True)
    # A line cut short by the kill was never a whole acknowledgement.
    return {int(line) for line in lines if line.endswith("\n") and line.strip().isdigit()}


@pytest.mark.slow
def test_every_acknowledged_edit_survives_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    rng = random.Random(20261126)
    acknowledged: set[int] = set()
    for _ in range(KILLS):
        acknowledged |= _run_and_kill(path, rng)
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            titles = {row[0] for row in conn.execute("SELECT title FROM milestones")}
            logged = {
                row[0] for row in conn.execute(
                    "SELECT json_extract(new, '$.title') FROM changes WHERE op = 'create' "
                    "AND entity = 'milestone'"
                )
            }
        for number in acknowledged:
            assert f"edit {number}" in titles
            assert f"edit {number}" in logged
    with Store(path) as store:  # and MutualPlan itself opens what is left
        [plan] = store.plans()
        assert len(store.load(plan.id).milestones) >= len(acknowledged)
