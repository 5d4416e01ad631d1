"""The desktop entry, AppStream metadata, icons and PyInstaller spec that ship with MutualPlan."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mutualplan import __version__
from mutualplan.paths import resources_dir

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.mutualplan.MutualPlan"
DESKTOP_FILE = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP_FILE.read_text("utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


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
    entry = desktop_entry()
    assert entry["Exec"] == "mutualplan-gui %f"
    assert "application/pdf" in entry["MimeType"].split(";")
    assert entry["Icon"] == "mutualplan"


def test_the_app_names_its_desktop_file():
    # Wayland compositors and docks match the running window to the .desktop file by it.
    source = (ROOT / "mutualplan" / "ui" / "app.py").read_text("utf-8")
    assert f'setDesktopFileName("{APP_ID}")' in source
    # X11 docks match by window class, which Qt takes from the application name.
    assert f'setApplicationName("{desktop_entry()["StartupWMClass"]}")' in source


def test_application_icon_is_a_square_svg():
    icon = resources_dir() / "icons" / "mutualplan.svg"
    root = ET.parse(icon).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = root.get("viewBox").split()
    assert width == height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_icon_is_rendered_at_each_desktop_size(size):
    png = ROOT / "packaging" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "mutualplan.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert (width, height) == (size, size)
    assert (depth, colour) == (8, 6)  # RGBA: the rounded corners stay transparent


# -- AppStream ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="needs appstream")
def test_appstream_metadata_is_valid():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--explain", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Errors and warnings fail; infos (a tag newer than this appstreamcli knows) do not.
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


def test_appstream_metadata_matches_the_desktop_file_and_the_release():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("icon") == desktop_entry()["Icon"]
    assert [r.get("version") for r in root.iter("release")][0] == __version__
    provides = root.find("provides")
    assert provides.findtext("mediatype") in desktop_entry()["MimeType"].split(";")
    assert {e.text for e in provides.iter("binary")} == {"mutualplan", "mutualplan-gui"}
    assert {c.text for c in root.find("recommends").iter("control")} == {"keyboard", "pointing"}


def test_appstream_screenshots_are_the_committed_pictures():
    root = ET.parse(METAINFO).getroot()
    for image in root.iter("image"):
        name = image.text.rsplit("/", 1)[-1]
        assert (ROOT / "packaging" / "screenshots" / name).is_file(), name


# -- the PyInstaller spec ----------------------------------------------------------------


def test_the_spec_bundles_the_resources_and_the_lazily_imported_libraries():
    spec = (ROOT / "packaging" / "mutualplan.spec").read_text("utf-8")
    compile(spec, "mutualplan.spec", "exec")  # at least Python; the build tests the rest
    for folder in ("icons", "fonts", "templates"):
        assert f'"{folder}"' in spec
        assert (ROOT / "resources" / folder).is_dir()
    assert 'collect_data_files("pyhanko")' in spec
    assert "QT_LIBS_KEPT" in spec and '"Pdf", "PdfWidgets", "Svg"' in spec


def test_make_package_builds_with_the_spec():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "pyinstaller packaging/mutualplan.spec --noconfirm --distpath dist --workpath build" in (
        makefile
    )
