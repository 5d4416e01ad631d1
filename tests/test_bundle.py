"""The frozen app: built with packaging/mutualplan.spec, then run from a fresh folder.

A build takes about a minute, so this runs only when asked, as .ci/run does:

    make test-bundle        (= MUTUALPLAN_BUNDLE_TEST=1 pytest -m bundle, PyInstaller installed)
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "mutualplan"
BUDGET_MB = 250

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("MUTUALPLAN_BUNDLE_TEST") != "1",
        reason="builds the frozen app (about a minute): set MUTUALPLAN_BUNDLE_TEST=1",
    ),
]


def smoke_test_module():
    spec = importlib.util.spec_from_file_location(
        "smoke_test", ROOT / "packaging" / "smoke_test.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def size_mb(folder: Path) -> float:
    files = (f for f in folder.rglob("*") if not f.is_symlink() and f.is_file())
    return sum(f.stat().st_size for f in files) / 2**20  # MB as `du -sm` counts them


def assert_not_blank(png: Path) -> None:
    """The screenshot shows a window, not an empty screen (many colours, not one)."""
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert not image.isNull(), png
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, f"{png} is nearly one colour"


def test_the_frozen_app_is_built_within_budget_and_runs_from_a_fresh_folder(tmp_path, capsys):
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is missing: pip install -e '.[package]' (make test-bundle does)")
    started = time.monotonic()
    build = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "packaging/mutualplan.spec", "--noconfirm",
            "--distpath", "dist", "--workpath", "build",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )  # fmt: skip
    built_in = time.monotonic() - started
    assert build.returncode == 0, build.stderr[-5000:]
    size = size_mb(BUNDLE)
    assert size < BUDGET_MB, f"the bundle is {size:.0f} MB, over the {BUDGET_MB} MB budget"

    screenshot = tmp_path / "xvfb.png" if shutil.which("xvfb-run") else None
    started = time.monotonic()
    try:
        smoke_test_module().smoke(BUNDLE, screenshot)
    finally:
        report = capsys.readouterr().out
        with capsys.disabled():
            print(f"\n{report}")
    if screenshot is not None:
        assert_not_blank(screenshot)
    with capsys.disabled():
        print(
            f"Bundle: built in {built_in:.0f} s, {size:.0f} MB (budget {BUDGET_MB} MB); "
            f"smoke test {time.monotonic() - started:.0f} s"
        )
