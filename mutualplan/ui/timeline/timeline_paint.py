"""What the timeline paints behind and above its items: the phase bands and their
names, and "not dated" beside each milestone without a due date."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QGraphicsView

from ...i18n import _
from .timeline_items import Ink

# Phase bands alternate two tints (drawn see-through, so light and dark themes both
# keep their row colours); their names in a muted blue.
PHASE_TINTS = ("#7d9bd1", "#d1b27d")
PHASE_INK = "#5a6b86"


def paint_phase_bands(
    painter: QPainter, rect: QRectF, bands: list[tuple[str, int, int]], height: float
) -> None:
    """Behind the rows in `rect` (scene coordinates): one tint for each band."""
    if not bands:
        return
    painter.save()
    for number, (_phase, first, last) in enumerate(bands):
        area = QRectF(rect.left(), first * height, rect.width(), (last - first + 1) * height)
        if not area.intersects(rect):
            continue
        tint = QColor(PHASE_TINTS[number % len(PHASE_TINTS)])
        tint.setAlpha(60)
        painter.fillRect(area, tint)
        painter.setPen(QColor(PHASE_INK))
        painter.drawLine(area.topLeft(), area.topRight())
    painter.restore()


def paint_phase_names(
    view: QGraphicsView,
    painter: QPainter,
    bands: list[tuple[str, int, int]],
    font: QFont,
    height: float,
) -> None:
    """Each band's name on a small label at the right edge of the view, above the
    bars (drawn in the foreground, so a bar's title never covers it)."""
    if not bands:
        return
    painter.save()
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    painter.setWorldMatrixEnabled(False)
    viewport = view.viewport().rect()
    palette = view.palette()
    for phase, first, _last in bands:
        top = view.mapFromScene(QPointF(0, first * height)).y()
        if not viewport.top() - height <= top <= viewport.bottom():
            continue
        width = metrics.horizontalAdvance(phase) + 12
        box = QRectF(viewport.right() - width - 6, top + 2, width, metrics.height() + 2)
        painter.setPen(QColor(PHASE_INK))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(box, 3, 3)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, phase)
    painter.restore()


def paint_undated(
    view: QGraphicsView,
    painter: QPainter,
    rect: QRectF,
    rows: list[int],
    summary: str,
    font: QFont,
    ink: Ink,
    height: float,
) -> None:
    """ "not dated" on each of these `rows` (scene coordinates), and `summary`, the list
    of them, in the view's corner."""
    painter.save()
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    left = view.mapToScene(0, 0).x()
    painter.setPen(ink.muted)
    for number in rows:
        row = QRectF(left + 8, number * height, 200, height)
        if row.intersects(rect):
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, _("not dated"))
    painter.setWorldMatrixEnabled(False)
    width = metrics.horizontalAdvance(summary) + 16
    viewport = view.viewport().rect()
    box = QRectF(
        viewport.right() - width - 8,
        viewport.bottom() - metrics.height() - 14,
        width,
        metrics.height() + 8,
    )
    palette = view.palette()
    painter.setPen(ink.muted)
    painter.setBrush(palette.color(QPalette.ColorRole.ToolTipBase))
    painter.drawRoundedRect(box, 4, 4)
    painter.setPen(palette.color(QPalette.ColorRole.ToolTipText))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, summary)
    painter.restore()
