"""The timeline's date axis: where gridlines fall, what they are labelled, and the
strip above the rows that shows the labels, today and the target date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ...i18n import _
from .geometry import MONTHS, DayScale, grid_days, grid_label, label_step, widest_grid_label

TODAY_COLOUR = QColor("#e67e22")
TARGET_COLOUR = QColor("#c0392b")


class TimelineAxis(QWidget):
    """The date labels above the rows, in the place the table has its column header,
    with where today and the target date fall."""

    def __init__(self, view) -> None:  # a TimelineView
        super().__init__(view)
        self.view = view
        self.setAccessibleName(_("Timeline dates"))

    def paintEvent(self, event) -> None:  # noqa: N802
        view = self.view
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Button))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        scale = view.day_scale
        if scale is None:
            return
        metrics = QFontMetricsF(self.font())
        left = view.mapToScene(0, 0).x()
        first = scale.day_at(left)
        last = scale.day_at(left + view.viewport().width())
        pills = []
        for text, day, colour in (
            (_("Today"), view.session.today, TODAY_COLOUR),
            (_("Target"), view.session.state.plan.target_date, TARGET_COLOUR),
        ):
            if day is not None and first <= day <= last:
                x = self.x_of(day) + scale.day_width / 2
                width = metrics.horizontalAdvance(text) + 10
                pills.append((QRectF(x - width / 2, 2, width, self.height() - 4), text, colour))
        room = metrics.horizontalAdvance(widest_grid_label()) + 12
        step = label_step(view.unit, scale.day_width, room)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        for day in grid_days(first - dt.timedelta(days=62), last, view.unit, step):
            x = self.x_of(day)
            text = grid_label(day, view.unit, step)
            rect = QRectF(x + 4, 0, metrics.horizontalAdvance(text) + 2, self.height())
            painter.drawLine(QPointF(x, self.height() * 0.55), QPointF(x, self.height()))
            if rect.left() < 4:  # the month already begun keeps its name at the left edge
                rect.moveLeft(4)
            for pill, _x, _y in pills:  # step past a Today or Target marker, if there is room
                if rect.intersects(pill):
                    rect.moveLeft(pill.right() + 4)
            room = scale.day_width * (28 if view.unit == MONTHS else 7) * step
            if rect.left() + rect.width() > x + room or any(
                rect.intersects(p) for p, _x, _y in pills
            ):
                continue
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect, text, colour in pills:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)

    def x_of(self, day: dt.date) -> float:
        view = self.view
        point = view.mapFromScene(QPointF(view.day_scale.x(day), 0))
        return point.x() + view.viewport().x() - self.x()


def paint_days(
    painter: QPainter,
    rect: QRectF,
    scale: DayScale,
    unit: str,
    ink,
    label_room: float,
    today_and_target: tuple[dt.date | None, dt.date | None],
) -> None:
    """Behind the rows in `rect` (scene coordinates): weekends once a day is wide enough
    to see, the gridlines (stronger where the axis has a label), today and the target."""
    low, high = scale.day_at(rect.left()), scale.day_at(rect.right())
    if scale.day_width >= 6:
        day = low + dt.timedelta(days=5 - low.weekday()) if low.weekday() < 5 else low
        while day <= high:
            if day.weekday() >= 5:
                painter.fillRect(
                    QRectF(scale.x(day), rect.top(), scale.day_width, rect.height()), ink.grid
                )
            day += dt.timedelta(days=1)
    labelled = set(grid_days(low, high, unit, label_step(unit, scale.day_width, label_room)))
    for day in grid_days(low, high, unit, 1):
        painter.setPen(QPen(ink.grid_strong if day in labelled else ink.grid, 1))
        x = scale.x(day)
        painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
    today, target = today_and_target
    for marked, colour, style in (
        (today, TODAY_COLOUR, Qt.PenStyle.SolidLine),
        (target, TARGET_COLOUR, Qt.PenStyle.DashLine),
    ):
        if marked is not None and low <= marked <= high:
            painter.setPen(QPen(colour, 2, style))
            x = scale.x(marked) + scale.day_width / 2
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
