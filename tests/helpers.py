"""Plain helpers shared across the suite (fixtures live in conftest.py files).

tests/ is on sys.path (pytest puts the top conftest.py's folder there), so any test
module can `from helpers import ...`.
"""

from __future__ import annotations

import pytest

from mutualplan.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`mutualplan ARGV...` run in this process: its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
