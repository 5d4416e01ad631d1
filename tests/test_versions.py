"""`mutualplan --version`: MutualPlan's version and those of Qt, PySide6, reportlab, pyHanko."""

from __future__ import annotations

import platform
import re
import subprocess
import sys
from importlib import metadata

from mutualplan import __version__
from mutualplan.cli import main
from mutualplan.versions import component_versions, version_line


def test_version_line_names_every_component_with_its_installed_version():
    line = version_line()
    assert line.startswith(f"mutualplan {__version__} (")
    assert f"reportlab {metadata.version('reportlab')}" in line
    assert f"pyHanko {metadata.version('pyhanko')}" in line
    assert re.search(r"\(Python 3\.\d+\.\d+, Qt 6\.\d+\.\d+, PySide6 6\.\d+\.\d+", line), line
    assert f"Python {platform.python_version()}," in line


def test_qt_is_pyside6s_release_unless_the_running_qt_says_otherwise():
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion

    assert component_versions()["Qt"] == qVersion()  # the wheels are built on that Qt
    assert component_versions()["PySide6"] == pyside
    assert component_versions("6.99.1")["Qt"] == "6.99.1"


def test_a_missing_package_is_left_out_rather_than_guessed(monkeypatch):
    real = metadata.version

    def version(name: str) -> str:
        if name == "pyhanko":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)
    assert "pyHanko" not in component_versions()
    assert "reportlab" in version_line()


def test_cli_version_prints_the_line_on_stdout(capsys):
    assert main(["--version"]) == 0
    out, err = capsys.readouterr()
    assert out == version_line() + "\n"
    assert err == ""


def test_cli_version_imports_neither_qt_nor_the_pdf_libraries():
    code = (
        "import sys; from mutualplan.cli import main; main(['--version']); "
        "print(sorted(m for m in ('PySide6', 'reportlab', 'pyhanko') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "[]"
