"""The desktop interface (PySide6)."""

from .pyside_workarounds import make_singletons_immortal

# Before any Qt call: PySide6 6.12.0 under Python 3.11 miscounts None, True and False.
make_singletons_immortal()
