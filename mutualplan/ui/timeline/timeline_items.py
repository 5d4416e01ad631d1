"""What the timeline draws: the day scale, milestone bars, baseline ghosts, action
ticks and the dependency arrows.

Each item paints itself from plain values (dates, a colour, a row) that the view
sets; none of them reads the plan, so an edit only touches the items it moved.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ...i18n import _
from .geometry import DayScale, Link

LABEL_ROOM = 260.0  # the widest title drawn beside a bar
LABEL_GAP = 6.0
DONE_MARK = "✓"


def blend(colour: QColor, into: QColor, amount: float) -> QColor:
    """`colour` moved `amount` (0..1) of the way to `into`."""
    keep = 1 - amount
    return QColor.fromRgbF(
        colour.redF() * keep + into.redF() * amount,
        colour.greenF() * keep + into.greenF() * amount,
        colour.blueF() * keep + into.blueF() * amount,
    )


class Ink:
    """The colours the items draw with, taken from the palette of the table beside
    them, so the timeline reads on a light or a dark theme alike."""

    def __init__(self, palette: QPalette | None = None) -> None:
        self.set_palette(palette or QPalette())

    def set_palette(self, palette: QPalette) -> None:
        role = QPalette.ColorRole
        self.base = palette.color(role.Base)
        self.alternate = palette.color(role.AlternateBase)
        self.text = palette.color(role.Text)
        self.muted = blend(self.text, self.base, 0.5)
        self.dark = self.base.lightness() < 128
        self.alert = QColor("#ff8a80" if self.dark else "#c0392b")
        self.done = QColor("#81c784" if self.dark else "#2e7d32")
        self.arrow = blend(self.text, self.base, 0.45)
        self.grid = QColor(self.text)
        self.grid.setAlpha(28)
        self.grid_strong = QColor(self.text)
        self.grid_strong.setAlpha(60)

    def paler(self, colour: QColor) -> QColor:
        """A side's colour stepping back into the background: a finished milestone."""
        return blend(colour, self.base, 0.6)


def diamond(center: QPointF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.moveTo(center.x(), center.y() - radius)
    path.lineTo(center.x() + radius, center.y())
    path.lineTo(center.x(), center.y() + radius)
    path.lineTo(center.x() - radius, center.y())
    path.closeSubpath()
    return path


class TextMeasure:
    """Widths and shortened titles in one font, each worked out once: a zoom redraws
    every bar with the same titles."""

    def __init__(self, font: QFont) -> None:
        self._metrics = QFontMetricsF(font)
        self._widths: dict[str, float] = {}
        self._elided: dict[str, str] = {}

    def width(self, text: str) -> float:
        found = self._widths.get(text)
        if found is None:
            found = self._widths[text] = self._metrics.horizontalAdvance(text)
        return found

    def elided(self, text: str, room: float) -> str:
        found = self._elided.get(text)
        if found is None:
            found = self._metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            self._elided[text] = found
        return found


class MilestoneBar(QGraphicsItem):
    """One milestone: a bar from start to due, or a diamond on the due date alone.

    The title is drawn beside it in small type; a slip since the signed revision is a
    red "+n d" after the title.
    """

    HANDLE = 7.0  # the grip at the right end that changes the due date only

    def __init__(
        self,
        milestone_id: str,
        row_height: float,
        font: QFont,
        ink: Ink,
        due: dt.date,
        scale: DayScale,
    ) -> None:
        super().__init__()
        self.milestone_id = milestone_id
        self.ink = ink
        self.row_height = row_height
        self.text_font = font
        # Only a dated milestone has a bar, so it is made with its due date and scale.
        self.start: dt.date | None = None
        self.due = due
        self.day_scale = scale
        self.colour = QColor("#888888")
        self.done = False
        self.title = ""
        self.slip_days = 0
        self.invalid = False  # a drag preview the plan would refuse (due before start)
        # Worked out when the dates change, not on every paint: the scene asks often.
        self.left_x = self.right_x = 0.0
        self._bar = QRectF()
        self._bounds = QRectF()
        self._label = self._slip_text = ""
        self._label_width = self._slip_width = self._done_width = 0.0
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(2)

    # -- values ------------------------------------------------------------------------

    def set_values(
        self,
        *,
        start: dt.date | None,
        due: dt.date,
        scale: DayScale,
        colour: QColor,
        done: bool,
        title: str,
        slip_days: int,
        metrics: TextMeasure,
    ) -> None:
        self.colour, self.done, self.title, self.slip_days = colour, done, title, slip_days
        self.day_scale = scale
        self._label = metrics.elided(title, LABEL_ROOM)
        self._label_width = metrics.width(self._label)
        self._slip_text = _("+{days} d").format(days=slip_days) if slip_days > 0 else ""
        self._slip_width = metrics.width(self._slip_text) if self._slip_text else 0.0
        self._done_width = metrics.width(DONE_MARK + " ") if done else 0.0
        self.preview(start, due, invalid=False)

    def preview(self, start: dt.date | None, due: dt.date, invalid: bool) -> None:
        """Show dates being dragged to, before anything is saved."""
        self.prepareGeometryChange()
        self.start, self.due, self.invalid = start, due, invalid
        self._layout()
        self.update()

    @property
    def is_diamond(self) -> bool:
        return self.start is None

    # -- geometry ------------------------------------------------------------------------

    def _layout(self) -> None:
        scale = self.day_scale
        height = max(6.0, round(self.row_height * 0.62))
        if self.start is None:  # a diamond
            center = scale.x(self.due) + scale.day_width / 2
            radius = height / 2 + 1
            bar = QRectF(center - radius, self.row_height / 2 - radius, 2 * radius, 2 * radius)
        else:
            left, right = scale.span(self.start, self.due)
            if right < left:  # a preview with due before start: span the two dates
                left, right = right - scale.day_width, left + scale.day_width
            bar = QRectF(left, (self.row_height - height) / 2, max(right - left, 3.0), height)
        self._bar = bar
        self.left_x, self.right_x = bar.left(), bar.right()
        right = self._label_left() + self._label_width + 8 + self._slip_width
        self._bounds = QRectF(bar.left() - 3, 0, right - bar.left() + 6, self.row_height)

    def bar_rect(self) -> QRectF:
        """The bar (or the diamond's square) in item coordinates."""
        return QRectF(self._bar)

    def on_handle(self, x: float) -> bool:
        """Whether item x is on the right-end grip (bars only; a diamond just moves)."""
        if self.is_diamond:
            return False
        grip = min(self.HANDLE, self._bar.width() / 3)
        return self.right_x - grip <= x <= self.right_x + 3

    def _label_left(self) -> float:
        return self.right_x + LABEL_GAP + self._done_width

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        rect = self._bar
        ink = self.ink
        fill = ink.paler(self.colour) if self.done else self.colour
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.isSelected():
            painter.setPen(QPen(ink.text, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if self.is_diamond:
                painter.drawPath(diamond(rect.center(), rect.width() / 2 + 2))
            else:
                painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), 4, 4)
        border = ink.alert if self.invalid else fill.darker(135)
        painter.setPen(QPen(border, 2 if self.invalid else 1))
        painter.setBrush(QBrush(fill))
        if self.is_diamond:
            painter.drawPath(diamond(rect.center(), rect.width() / 2))
        else:
            painter.drawRoundedRect(rect, 3, 3)
            if rect.width() > 3 * self.HANDLE:  # the grip: two short lines at the right end
                painter.setPen(QPen(QColor(255, 255, 255, 170), 1))
                for dx in (4.0, 6.5):
                    x = rect.right() - dx
                    painter.drawLine(QPointF(x, rect.top() + 3), QPointF(x, rect.bottom() - 3))
        painter.setFont(self.text_font)
        x = rect.right() + LABEL_GAP
        if self.done:
            painter.setPen(ink.done)
            painter.drawText(
                QRectF(x, 0, 40, self.row_height), Qt.AlignmentFlag.AlignVCenter, DONE_MARK
            )
        x = self._label_left()
        painter.setPen(ink.muted if self.done else ink.text)
        text_rect = QRectF(x, 0, self._label_width + 2, self.row_height)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, self._label)
        if self._slip_text:
            painter.setPen(ink.alert)
            slip_rect = QRectF(text_rect.right() + 8, 0, self._slip_width + 2, self.row_height)
            painter.drawText(slip_rect, Qt.AlignmentFlag.AlignVCenter, self._slip_text)


class GhostBar(QGraphicsItem):
    """Where the milestone was in the last signed revision: a faint dashed outline."""

    def __init__(self, row_height: float, ink: Ink) -> None:
        super().__init__()
        self.row_height = row_height
        self.ink = ink
        self._rect = QRectF()
        self._diamond = False
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_dates(self, start: dt.date | None, due: dt.date, scale: DayScale) -> None:
        self.prepareGeometryChange()
        height = max(6.0, round(self.row_height * 0.62)) + 4
        top = (self.row_height - height) / 2
        if start is None:
            self._diamond = True
            center = scale.x(due) + scale.day_width / 2
            radius = height / 2
            self._rect = QRectF(center - radius, self.row_height / 2 - radius, 2 * radius, height)
        else:
            self._diamond = False
            left, right = scale.span(start, due)
            self._rect = QRectF(left, top, max(right - left, 3.0), height)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outline = QColor(self.ink.text)
        outline.setAlpha(140)
        fill = QColor(self.ink.text)
        fill.setAlpha(22)
        painter.setPen(QPen(outline, 1, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        if self._diamond:
            painter.drawPath(diamond(self._rect.center(), self._rect.width() / 2))
        else:
            painter.drawRoundedRect(self._rect, 3, 3)


class ActionTick(QGraphicsItem):
    """An action on its own row: a small dot on its due date, ticked when done."""

    SIZE = 7.0

    def __init__(self, action_id: str, row_height: float, ink: Ink) -> None:
        super().__init__()
        self.action_id = action_id
        self.ink = ink
        self.row_height = row_height
        self.colour = QColor("#888888")
        self.done = False
        self.center_x = 0.0
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(2)

    def set_values(self, due: dt.date, scale: DayScale, colour: QColor, done: bool) -> None:
        self.prepareGeometryChange()
        self.center_x = scale.x(due) + scale.day_width / 2
        self.colour, self.done = colour, done
        half = self.SIZE / 2 + 3
        self._bounds = QRectF(self.center_x - half, self.row_height / 2 - half, 2 * half, 2 * half)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        center = QPointF(self.center_x, self.row_height / 2)
        if self.isSelected():
            painter.setPen(QPen(self.ink.text, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(center, self.SIZE / 2 + 2, self.SIZE / 2 + 2)
        colour = self.ink.paler(self.colour) if self.done else self.colour
        painter.setPen(QPen(colour.lighter(140) if self.ink.dark else colour.darker(130), 1))
        painter.setBrush(colour if self.done else self.ink.base)
        painter.drawEllipse(center, self.SIZE / 2, self.SIZE / 2)


class DependencyArrows(QGraphicsItem):
    """The arrows into one milestone from each milestone it depends on (red where it
    starts before a prerequisite ends). One item per milestone, so moving a bar redraws
    only its own arrows and those of the milestones that depend on it."""

    HEAD = 5.0

    def __init__(self, row_height: float, ink: Ink) -> None:
        super().__init__()
        self.row_height = row_height
        self.ink = ink
        self._paths: tuple[QPainterPath, QPainterPath] = (QPainterPath(), QPainterPath())
        self._heads: tuple[QPainterPath, QPainterPath] = (QPainterPath(), QPainterPath())
        self._bounds = QRectF()
        self.setZValue(0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_links(self, links: list[Link]) -> None:
        self.prepareGeometryChange()
        paths = (QPainterPath(), QPainterPath())
        heads = (QPainterPath(), QPainterPath())
        half_row = self.row_height / 2
        for link in links:
            path, head = paths[link.late], heads[link.late]
            out = link.x1 + 5
            path.moveTo(link.x1, link.y1)
            path.lineTo(out, link.y1)
            if link.x2 - 5 >= out:
                path.lineTo(out, link.y2)
            else:  # down to the edge of the row, back left, then into the start
                between = link.y2 - half_row if link.y2 > link.y1 else link.y2 + half_row
                path.lineTo(out, between)
                path.lineTo(link.x2 - 5, between)
                path.lineTo(link.x2 - 5, link.y2)
            path.lineTo(link.x2 - 1, link.y2)
            head.moveTo(link.x2 - 1, link.y2)
            head.lineTo(link.x2 - 1 - self.HEAD, link.y2 - self.HEAD * 0.7)
            head.lineTo(link.x2 - 1 - self.HEAD, link.y2 + self.HEAD * 0.7)
            head.closeSubpath()
        self._paths, self._heads = paths, heads
        bounds = paths[0].boundingRect().united(paths[1].boundingRect())
        self._bounds = bounds.adjusted(-6, -6, 6, 6)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for late, colour in ((False, self.ink.arrow), (True, self.ink.alert)):
            if self._paths[late].isEmpty():
                continue
            painter.setPen(QPen(colour, 1.2 if late else 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self._paths[late])
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPath(self._heads[late])


class DragLabel(QGraphicsSimpleTextItem):
    """The dates a bar is being dragged to, shown above it until the mouse lets go."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        self.setBrush(QColor("#111827"))
        self.hide()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QColor("#9ca3af"))
        painter.setBrush(QColor("#fffbea"))
        painter.drawRoundedRect(self.boundingRect().adjusted(-4, -2, 4, 2), 3, 3)
        super().paint(painter, option, widget)
