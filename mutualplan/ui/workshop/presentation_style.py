"""How the presentation looks: projector colours, type sizes that scale with the
screen, the steps type shrinks by to fit, and the labels it is made of."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QSizePolicy

from ...domain.model import MilestoneStatus
from ...i18n import N_

BACKGROUND = "#0b0c0e"
TEXT = "#f5f5f5"
SECONDARY = "#c9ced6"  # 12:1 on the background
ACCENT = "#ffd54f"  # the objective's heading and the current milestone
STATUS_COLOURS = {
    MilestoneStatus.NOT_STARTED: "#c9ced6",
    MilestoneStatus.IN_PROGRESS: "#90caf9",
    MilestoneStatus.DONE: "#a5d6a7",
    MilestoneStatus.AT_RISK: "#ffcc80",
    MilestoneStatus.BLOCKED: "#ef9a9a",
}
STYLE = f"""
QWidget#presentation {{ background: {BACKGROUND}; }}
QLabel {{ color: {TEXT}; background: transparent; }}
QLabel[role="secondary"] {{ color: {SECONDARY}; }}
QLabel[role="heading"] {{ color: {ACCENT}; }}
QLabel[role="current"] {{ color: #000000; background: {ACCENT}; border-radius: 6px; }}
QLabel[role="done"] {{ color: #9aa1ab; }}
QWidget#rule {{ background: #3a3f47; }}
"""

# Type sizes in pixels on a 720-pixel-high screen; everything scales with the height.
DESIGN_HEIGHT = 720
SIZES = {
    "heading": 15,
    "objective": 26,
    "editing": 18,
    "position": 19,
    "title": 42,
    "meta": 23,
    "status": 21,
    "body": 22,
    "list": 19,
    "footer": 15,
}
# How far type shrinks to fit a milestone. Past the last of SHRINK_STEPS, the actions
# that do not fit are counted rather than shown; only a milestone too long even then
# (pages of exit criteria) goes down to the last resort.
SHRINK_STEPS = (1.0, 0.92, 0.84, 0.76, 0.7)
LAST_RESORT_STEPS = (0.62, 0.54, 0.46)
KEYS_HELP = N_(
    "→ Space  next  ·  ←  previous  ·  G  success criteria  ·  L  timeline  ·  Q  open "
    "questions  ·  D  done  ·  1–9  tick action  ·  O  owner  ·  S  status  ·  W  due date  ·  "
    "Ctrl+Z  undo  ·  Esc  close"
)

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
ROW_FLAGS = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace}


def slide_label(role: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel()
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # the layout decides the width
    widget.setSizePolicy(policy)
    return widget


def fits(widget: QLabel) -> bool:
    """Whether a label shows all of its text in the room the layout gave it."""
    if not widget.isVisible() or not widget.text():
        return True
    room = widget.contentsRect()
    if widget.wordWrap():
        return widget.heightForWidth(widget.width()) <= widget.height()
    metrics = QFontMetrics(widget.font())
    needed = metrics.boundingRect(room, int(widget.alignment()), widget.text())
    return needed.width() <= room.width() and needed.height() <= room.height()
