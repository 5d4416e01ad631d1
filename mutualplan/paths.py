"""Where the bundled resources (templates, icons, fonts) are, installed or from a checkout."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache  # where the program is installed does not change while it runs
def resources_dir() -> Path:
    here = Path(__file__).resolve().parent
    candidates = [
        here / "resources",  # installed wheel
        here.parent / "resources",  # source checkout, editable install
        Path(getattr(sys, "_MEIPASS", here)) / "resources",  # frozen bundle
    ]
    for candidate in candidates:
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("MutualPlan's resources folder is missing from this installation")


def templates_dir(language: str = "en") -> Path:
    """The bundled plan templates; a language other than English has its own folder
    with the same templates written in it (templates/de)."""
    folder = resources_dir() / "templates"
    return folder if language == "en" else folder / language
