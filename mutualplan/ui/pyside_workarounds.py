"""Work around a reference-count bug of PySide6 6.12.0 under Python 3.11.

There, every call of a method that returns nothing (`painter.setPen(...)`,
`widget.update()`) hands Python a `None` it holds no reference to, and
`Signal.emit()` does the same with `True` or `False`: each call takes one reference
away from the object, and the process aborts ("Fatal Python error: none_dealloc")
once the count reaches zero. A window that paints in Python (the timeline) gets there
within a minute of use; PySide6 6.11.3 does not have the bug.

Python 3.12 made None, True and False immortal; this does the same by hand for older
Pythons, so nothing can count them down to zero.
"""

from __future__ import annotations

import ctypes
import sys

_ENOUGH = 1 << 48  # references no process will ever take away one call at a time


def make_singletons_immortal() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _ENOUGH
