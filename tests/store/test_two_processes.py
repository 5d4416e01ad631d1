"""Two copies of MutualPlan on one database file, saving at the same time: no loss."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from mutualplan.domain.model import Author
from mutualplan.store import Store

WRITER = textwrap.dedent(
    """
    import sys
    from mutualplan.domain import edits
    from mutualplan.domain.model import Author
    from mutualplan.store import Store

    path, plan_id, who, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = Store(path, busy_timeout_ms=20000)
    author = Author(who, "seller")
    for number in range(count):
        state = store.load(plan_id)  # what the other process saved shows up here
        store.commit(state, edits.add_milestone(state, {"title": f"{who} {number}"}), author)
    print("done", flush=True)
    """
)


def test_two_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    with Store(path) as store:
        plan = store.create_plan(
            {"title": "Shared", "buyer_org": "Nordwind", "seller_org": "Brightline"},
            Author("Alex Morgan", "seller"),
        )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), plan.id, who, "60"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for who in ("seller-window", "buyer-window")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    with Store(path) as store:
        titles = {m.title for m in store.load(plan.id).milestones.values()}
        log = store.history(plan.id)
    expected = {f"{who} {n}" for who in ("seller-window", "buyer-window") for n in range(60)}
    assert titles == expected
    assert len([r for r in log if r.change.entity == "milestone"]) == 120
    assert len({r.key for r in log}) == len(log)  # no two changes share a name
