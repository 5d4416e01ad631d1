"""The desktop interface (PySide6)."""

import sys


def _skip_pyside_source_scan() -> None:
    """PySide6 reads the whole source of every module imported after it, looking for
    the word "PySide6" to know which modules may opt in to its `__feature__` switches
    (snake_case, true_property). MutualPlan uses none: its own modules are taken as
    using PySide6 and the standard library's as not, without reading them (~100 files
    at start, typing.py and inspect.py among them). The check is PySide6's own; if it
    is not there, nothing changes."""
    import PySide6  # noqa: F401  (its import hook is what is adjusted here)

    feature = sys.modules.get("PySide6.support.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if scan is None or getattr(scan, "skips_mutualplan", False):
        return

    def uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", "")
        if name.partition(".")[0] == "mutualplan":
            return True
        return name.partition(".")[0] not in sys.stdlib_module_names and scan(module)

    uses_pyside.skips_mutualplan = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_skip_pyside_source_scan()
