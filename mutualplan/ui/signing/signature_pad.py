"""A handwritten signature, drawn on this screen with a mouse, a pen or a finger.

Used in a workshop when the buyer is in the room: their drawing goes into the buyer's
box of the plan PDF, which then says plainly that it was captured in person on the
seller's device and is not the buyer's digital signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _

INK = QColor("#0b1f5c")
PAPER = QColor("white")
GUIDE = QColor("#9aa5b1")
INK_WIDTH = 3.0  # pixels on screen
NOT_DIGITAL = N_(
    "This is a picture of a handwritten signature, not the buyer's digital signature."
)
NOTICE_STYLE = (
    "QLabel { background: #fff4e0; color: #5c3b00; border: 1px solid #f0c36d; padding: 8px 10px; }"
)


class SignaturePad(QWidget):
    """Strokes drawn with a mouse, a tablet pen or a finger, kept as painter paths."""

    changed = Signal()  # a stroke was added or the pad was cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[QPainterPath] = []
        self._current: QPainterPath | None = None
        self.setMinimumSize(560, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(_("Signature pad"))
        self.setAccessibleDescription(_("Draw the signature here with a mouse, a pen or a finger"))

    # -- strokes ---------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._strokes

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    def _begin(self, point: QPointF) -> None:
        path = QPainterPath(point)
        path.lineTo(point + QPointF(0.01, 0))  # a tap leaves a dot
        self._current = path
        self._strokes.append(path)
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._current is not None:
            self._current.lineTo(point)
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    # -- input: mouse, tablet pen, touch ----------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no mouse event synthesised from the pen as well

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        touches = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd)
        if isinstance(event, QTouchEvent) and kind in touches:
            points = event.points()
            if points:
                position = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(position)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(position)
                else:
                    self._extend(position)
                    self._end()
            event.accept()
            return True
        if kind == QEvent.Type.TouchCancel:
            self._end()
            return True
        return super().event(event)

    # -- showing and rendering --------------------------------------------------------

    def _baseline(self) -> float:
        return self.height() * 0.72

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), PAPER)
        painter.setPen(QPen(GUIDE, 1))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        baseline = self._baseline()
        painter.drawLine(QPointF(24, baseline), QPointF(self.width() - 24, baseline))
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        painter.setFont(font)
        painter.drawText(QPointF(24, baseline - 8), "×")
        if self.is_empty():
            painter.drawText(
                QRectF(0, 0, self.width(), baseline - 10),
                Qt.AlignmentFlag.AlignCenter,
                _("Sign here"),
            )
        self._draw_strokes(painter, INK_WIDTH)
        painter.end()

    def _draw_strokes(self, painter: QPainter, width: float) -> None:
        pen = QPen(INK, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path in self._strokes:
            painter.drawPath(path)

    def to_png(self, scale: float = 3.0) -> bytes:
        """The strokes alone, on a transparent background, cropped to the drawing with a
        small margin, at `scale` times the screen resolution (sharp when printed)."""
        if self.is_empty():
            raise ValueError("nothing has been drawn")
        bounds = QRectF()
        for path in self._strokes:
            bounds = bounds.united(path.boundingRect())
        margin = INK_WIDTH * 2
        bounds.adjust(-margin, -margin, margin, margin)
        image = QImage(
            max(1, round(bounds.width() * scale)),
            max(1, round(bounds.height() * scale)),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-bounds.topLeft())
        self._draw_strokes(painter, INK_WIDTH)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # stub says bytes; only str works
        buffer.close()
        return bytes(data.data())


@dataclass(frozen=True)
class InPersonCapture:
    """What the buyer drew, under which name, and when (UTC)."""

    name: str
    png: bytes
    captured_at: dt.datetime


class InPersonDialog(QDialog):
    """The buyer signs by hand on the seller's screen."""

    def __init__(
        self, buyer_name: str, buyer_org: str, seller_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The buyer's signature, in person"))
        self.capture: InPersonCapture | None = None
        notice = QLabel(
            _(
                "<b>{not_digital}</b><br>It goes in the buyer's box of the plan "
                "PDF, which says it was signed by hand in person on {seller}'s "
                "device. Your digital signature, made next, then covers it."
            ).format(not_digital=_(NOT_DIGITAL), seller=seller_name)
            if seller_name
            else _(
                "<b>{not_digital}</b><br>It goes in the buyer's box of the plan "
                "PDF, which says it was signed by hand in person on your device. Your "
                "digital signature, made next, then covers it."
            ).format(not_digital=_(NOT_DIGITAL))
        )
        notice.setWordWrap(True)
        notice.setStyleSheet(NOTICE_STYLE)
        notice.setAccessibleName(_("What this signature is"))
        self.name = QLineEdit(buyer_name)
        self.name.setAccessibleName(_("Name of the buyer signing"))
        self.name.setPlaceholderText(_("The name of the person signing for the buyer"))
        form = QFormLayout()
        form.addRow(_("Signing for ") + (buyer_org or "the buyer") + ":", self.name)
        self.pad = SignaturePad()
        self.clear_button = QPushButton(_("C&lear"))
        self.clear_button.setToolTip(_("Wipe the drawing and start again"))
        self.clear_button.clicked.connect(self.pad.clear)
        under_pad = QHBoxLayout()
        hint = QLabel(_("Draw with the mouse, a pen or a finger."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        under_pad.addWidget(hint, 1)
        under_pad.addWidget(self.clear_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.use_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.use_button.setText(_("&Use this signature"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.pad, 1)
        layout.addLayout(under_pad)
        layout.addWidget(self.buttons)
        self.pad.changed.connect(self._update)
        self.name.textChanged.connect(self._update)
        self._update()
        self.resize(720, 480)

    def _update(self) -> None:
        self.use_button.setEnabled(not self.pad.is_empty() and bool(self.name.text().strip()))

    def accept(self) -> None:
        if self.pad.is_empty() or not self.name.text().strip():
            return
        self.capture = InPersonCapture(
            " ".join(self.name.text().split()), self.pad.to_png(), dt.datetime.now(dt.UTC)
        )
        super().accept()
