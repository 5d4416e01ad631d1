"""The desktop interface (PySide6)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType


def _skip_pyside_source_scan() -> bool:
    """PySide6 reads the whole source of every module imported after it, looking for
    the word "PySide6" to know which modules may opt in to its `__feature__` switches
    (snake_case, true_property). MutualPlan uses none: its own modules are taken as
    using PySide6 and the standard library's as not, without reading them (~100 files
    at start, typing.py and inspect.py among them). The check is PySide6's own; if it
    is not there, nothing changes. False while PySide6 is not loaded yet."""
    if "PySide6" not in sys.modules:
        return False
    feature = sys.modules.get("PySide6.support.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "skips_mutualplan", False):
        return True

    def uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", "")
        if name.partition(".")[0] == "mutualplan":
            return True
        return name.partition(".")[0] not in sys.stdlib_module_names and scan(module)

    uses_pyside.skips_mutualplan = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True


class _WhenQtLoads:
    """Imports nothing itself. Asked for the first Qt module (PySide6.QtCore, …), when
    PySide6 has set its hook up but not yet read a module of ours, it adjusts the hook
    and steps aside; this package itself stays importable without Qt (the timeline's
    geometry is)."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name.startswith("PySide6.Qt") and _skip_pyside_source_scan():
            sys.meta_path.remove(self)
        return None


if not _skip_pyside_source_scan():
    sys.meta_path.insert(0, _WhenQtLoads())
