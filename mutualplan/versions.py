"""The versions `mutualplan --version` and Help > About report.

Read from the installed packages' metadata, so the command line imports neither Qt nor
reportlab nor pyHanko to answer (a frozen bundle ships that metadata too).
"""

from __future__ import annotations

import platform
from importlib import metadata

from . import __version__

# The first distribution installed wins: the PySide6 wheels we depend on, or the full one.
_DISTRIBUTIONS = {
    "PySide6": ("pyside6-essentials", "pyside6", "shiboken6"),
    "reportlab": ("reportlab",),
    "pyHanko": ("pyhanko",),
}


def _installed(names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def component_versions(qt: str | None = None) -> dict[str, str]:
    """Python (the one running: a frozen app's own), then Qt, PySide6, reportlab and
    pyHanko, as far as they are installed.

    `qt` is the running Qt's own word (qVersion()) where Qt is loaded already; otherwise
    it is PySide6's version, since each PySide6 release is built on the Qt release of the
    same major.minor.patch.
    """
    found = {label: _installed(names) for label, names in _DISTRIBUTIONS.items()}
    pyside = found["PySide6"]
    versions = {"Python": platform.python_version()}
    qt = qt or (".".join(pyside.split(".")[:3]) if pyside else None)
    if qt:
        versions["Qt"] = qt
    versions.update({label: version for label, version in found.items() if version})
    return versions


def version_line(qt: str | None = None) -> str:
    """`mutualplan 0.1.0 (Python 3.13.0, Qt 6.12.0, PySide6 6.12.0, reportlab 5.1.0,
    pyHanko 0.38.0)`."""
    parts = ", ".join(f"{label} {version}" for label, version in component_versions(qt).items())
    return f"mutualplan {__version__}" + (f" ({parts})" if parts else "")
