"""The benchmark's own plans stay usable by every figure it measures (a plan rule added to
the app, such as naming signatories before signing, must reach bench/plans.py too)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench() -> tuple[ModuleType, Callable[..., Any]]:
    """bench/run.py and the maker of its plans, imported from the bench folder."""
    sys.path.insert(0, str(BENCH))
    try:
        import run
        from plans import make_database
    finally:
        sys.path.remove(str(BENCH))
    return run, make_database


def test_the_benchmark_signs_and_verifies_its_own_plan(tmp_path: Path) -> None:
    run, make_database = _bench()
    db, plans = make_database(tmp_path, (20,))
    figures = run.signing(1, db, {300: plans[20]})
    assert [f.name for f in figures] == [
        "sign the 300-milestone plan (stamp, checks)",
        "verify both signatures and the plan data",
    ]
    assert all(f.median > 0 and f.baseline for f in figures)


def test_the_benchmark_exports_against_both_floors(tmp_path: Path) -> None:
    run, make_database = _bench()
    db, plans = make_database(tmp_path, (20,))
    figures = run.pdf_export(1, db, {300: plans[20], 3000: plans[20]})
    assert [f.name for f in figures] == [
        "PDF export, 300-milestone plan",
        "PDF export, 300-milestone plan, against a fair floor",
        "PDF export, 300 milestones, against the whole document's floor",
        "PDF export, 3,000-milestone plan",
    ]
    assert all(f.median > 0 and f.baseline for f in figures)


def test_the_soak_drives_the_window_it_was_written_for(tmp_path: Path) -> None:
    # The soak reaches into the window (its actions, the presentation, the exporter); a
    # change to those must reach bench/soak.py too, or `make soak` only counts crashes.
    import json
    import os
    import subprocess

    done = subprocess.run(
        [sys.executable, str(BENCH / "soak.py"), "--seconds", "4", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    result = json.loads(done.stdout)
    assert result["crashes"] == [], result["crashes"]
    assert result["counts"].get("edits", 0) > 0
    assert done.returncode == 0, done.stdout[-2000:]


def test_the_start_up_figures_run_each_window_against_its_baselines(tmp_path: Path) -> None:
    # Each child shows its window and exits 0, or `_window_child` raises: a schema change
    # must reach the floor's and the skeleton's SQL too.
    run, make_database = _bench()
    db, plans = make_database(tmp_path, (20,))
    figures = run.startup_and_memory(1, db, {300: plans[20], 1000: plans[20]})
    assert [f.name for f in figures] == [
        "start to window shown, 300-milestone plan",
        "start to window shown, 300 milestones, against a floor",
        "start, 300 milestones, against the same screen in stock Qt",
        "peak memory, 1,000-milestone plan open",
        "peak memory, 1,000 milestones, against a floor",
    ]
    assert all(f.median > 0 and f.baseline for f in figures)
