"""Starting the desktop app as a user (or the packaged app's smoke test) does, and Help ▸ About."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox

from mutualplan import __version__
from mutualplan.cli import main
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan
from mutualplan.versions import component_versions


def start(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The app in a process of its own, told to quit 1.5 s after it shows its window."""
    code = "import sys; from mutualplan.cli import gui_main; sys.exit(gui_main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "MUTUALPLAN_QUIT_AFTER_MS": "1500",
            **env,
        },
    )


@pytest.fixture
def sample_db(tmp_path: Path, author) -> Path:
    path = tmp_path / "plans.sqlite"
    with Store(path) as store:
        add_sample_plan(store)
        store.set_local_user(author)
    return path


@pytest.mark.slow
def test_the_app_shows_the_plan_and_quits_when_asked(tmp_path, sample_db):
    shot = tmp_path / "window.png"
    result = start("--db", str(sample_db), tmp_path=tmp_path, MUTUALPLAN_SCREENSHOT=str(shot))
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_the_first_run_question_is_closed_too(tmp_path):
    path = tmp_path / "fresh.sqlite"
    result = start("--db", str(path), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    with Store(path) as store:
        assert store.local_user() is None  # nobody answered: nothing was decided for them


@pytest.mark.slow
def test_a_plan_pdf_opened_with_the_app_is_imported(tmp_path, sample_db, author, capsys):
    # What the file manager does through the .desktop file: `mutualplan-gui FILE.pdf`.
    with Store(sample_db) as store:
        plan_id = store.plans()[0].id
    assert (
        main(["export", plan_id, "--out", str(tmp_path / "plan.pdf"), "--db", str(sample_db)]) == 0
    )
    other = tmp_path / "other.sqlite"
    with Store(other) as store:
        store.set_local_user(author)
    result = start("--db", str(other), str(tmp_path / "plan.pdf"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    with Store(other) as store:
        assert [p.id for p in store.plans()] == [plan_id]


def test_about_names_the_versions_of_qt_reportlab_and_pyhanko(window, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    window.run("about")
    (text,) = shown
    assert f"MutualPlan {__version__}" in text
    for label, version in component_versions(qVersion()).items():
        assert f"{label} {version}" in text
    assert {"Qt", "PySide6", "reportlab", "pyHanko"} <= set(component_versions())
