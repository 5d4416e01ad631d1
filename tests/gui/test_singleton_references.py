"""Qt calls must not take references from None, True or False.

PySide6 6.12.0 on Python 3.11 took one reference from `None` on every call of a void Qt
method (`update()`, `setPen()`, `setText()`) and one from `True` on every
`Signal.emit()`; the count reached zero within seconds of timeline use and the process
aborted ("Fatal Python error: none_dealloc"). Python 3.12 made the three immortal, so
there these counts never move and this passes by construction; it fails loudly on any
Python where they are still counted (3.11, or a build without immortal objects) and a
binding miscounts again, long before the app would crash.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLabel, QWidget

# Few enough that a miscount cannot itself bring True (a few hundred references in a
# test process on 3.11) to zero and abort the run before the assertion tells why; other
# code may take or give back a handful meanwhile, a miscount loses one per call.
CALLS = 60
SLACK = CALLS // 2
SINGLETONS = {"None": None, "True": True, "False": False}


class _Emitter(QObject):
    plain = Signal()
    with_values = Signal(bool, object)


class _Painted(QWidget):
    """Paints from Python, as the timeline does: Qt calls into Python, which calls
    void methods of the painter Qt handed it."""

    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setPen(QPen(QColor("steelblue"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawLine(0, 0, 10, 10)
        painter.end()
        self.painted += 1


def _counts() -> dict[str, int]:
    return {name: sys.getrefcount(value) for name, value in SINGLETONS.items()}


def _assert_no_references_lost(action: Callable[[], object]) -> None:
    action()  # first calls may cache things (method lookups, signal instances)
    before = _counts()
    for _ in range(CALLS):
        action()
    after = _counts()
    lost = {name: before[name] - after[name] for name in SINGLETONS}
    assert all(n < SLACK for n in lost.values()), (
        f"{CALLS} calls took references from the singletons: {lost} "
        f"(before {before}, after {after}); this binding miscounts them on "
        f"Python {sys.version.split()[0]} and the process will abort once one reaches zero"
    )


@pytest.fixture
def label(qtbot) -> Iterator[QLabel]:
    widget = QLabel("MutualPlan")
    qtbot.addWidget(widget)
    yield widget


def test_void_qt_methods_take_no_references(label: QLabel) -> None:
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    pen = QPen(QColor("black"))
    texts = ("Security review", "Go-live")
    try:

        def calls() -> None:
            label.update()
            label.setText(texts[0])
            label.setText(texts[1])
            painter.setPen(pen)
            painter.drawLine(0, 0, 4, 4)

        _assert_no_references_lost(calls)
    finally:
        painter.end()


def test_signal_emission_takes_no_references(qtbot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.plain.connect(lambda: received.append(None))
    emitter.with_values.connect(lambda flag, value: received.append(flag))

    def emit() -> None:
        emitter.plain.emit()
        emitter.with_values.emit(True, None)
        emitter.with_values.emit(False, None)

    _assert_no_references_lost(emit)
    assert len(received) == 3 * (CALLS + 1)


def test_painting_from_python_takes_no_references(qtbot) -> None:
    widget = _Painted()
    widget.resize(40, 40)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    _assert_no_references_lost(widget.grab)  # renders through paintEvent each time
    assert widget.painted > CALLS
