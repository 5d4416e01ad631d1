"""The window's page while no plan is open: what to do first, as buttons in the window
(never a modal question, so the menus stay usable)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ..domain.model import Side
from ..i18n import _


class WelcomePage(QWidget):
    """A buyer most likely received a plan PDF: that comes first for them; a seller
    most likely starts a plan."""

    openPdfRequested = Signal()
    newPlanRequested = Signal()
    samplePlanRequested = Signal()
    openPlanRequested = Signal()

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.title = QLabel(_("No plan is open"))
        self.title.setObjectName("welcomeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.open_pdf = QPushButton(_("Open a plan PDF I received…"))
        self.open_pdf.setToolTip(
            _("Import the plan the other side sent you, and see who signed it")
        )
        self.open_pdf.clicked.connect(self.openPdfRequested)
        self.new_plan = QPushButton(_("Start a new plan…"))
        self.new_plan.setToolTip(_("From a template, dated back from the target (Ctrl+N)"))
        self.new_plan.clicked.connect(self.newPlanRequested)
        self.open_plan = QPushButton(_("Open a plan in this copy…"))
        self.open_plan.clicked.connect(self.openPlanRequested)
        self.sample = QPushButton(_("Look around in a sample plan"))
        self.sample.setToolTip(
            _("A software purchase with people on both sides, evidence and history")
        )
        self.sample.clicked.connect(self.samplePlanRequested)
        self.column = QVBoxLayout()
        self.column.setSpacing(10)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        box = QWidget()
        box.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        box.setMaximumWidth(self.fontMetrics().averageCharWidth() * 80)
        inner = QVBoxLayout(box)
        inner.addWidget(self.title)
        inner.addWidget(self.text)
        inner.addLayout(self.column)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.set_side(side, has_plans=False)

    def set_side(self, side: str, has_plans: bool) -> None:
        while self.column.count():
            self.column.takeAt(0)
        order = [self.open_pdf, self.new_plan]
        if side == Side.SELLER:
            order.reverse()
        if has_plans:
            order.append(self.open_plan)
        order.append(self.sample)
        for button in order:
            self.column.addWidget(button)
        self.open_plan.setVisible(has_plans)
        self.buttons = order
        self.text.setText(
            _(
                "Open the plan PDF the seller sent you to read it, check who signed it and "
                "answer; or start a plan of your own."
            )
            if side != Side.SELLER
            else _(
                "Start the plan with your buyer from a template, or open a plan PDF the "
                "buyer sent back."
            )
        )
        for button in order:
            button.setAutoDefault(False)
            button.setMinimumHeight(button.fontMetrics().height() * 2 + 4)
        order[0].setDefault(True)

    def first_button(self) -> QPushButton:
        return self.buttons[0]
