"""The desktop entry and the application icon that ship with MutualPlan."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mutualplan.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent
DESKTOP_FILE = ROOT / "packaging" / "mutualplan.desktop"


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils"
)
def test_desktop_file_is_valid():
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no hints or warnings either


def test_desktop_file_opens_pdfs_with_the_gui_entry_point():
    entry = dict(
        line.split("=", 1) for line in DESKTOP_FILE.read_text("utf-8").splitlines() if "=" in line
    )
    assert entry["Exec"] == "mutualplan-gui %f"
    assert "application/pdf" in entry["MimeType"].split(";")
    assert entry["Icon"] == "mutualplan"


def test_application_icon_is_a_square_svg():
    icon = resources_dir() / "icons" / "mutualplan.svg"
    root = ET.parse(icon).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = root.get("viewBox").split()
    assert width == height
