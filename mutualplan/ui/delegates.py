"""Inline editors chosen by the kind of field a cell holds."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QWidget,
)

from ..domain.model import FieldSpec, label
from ..domain.state import PlanState

SPEC_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's FieldSpec
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # the PlanState, for choosers of people/milestones
NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A date picker that can also hold 'no date' (Delete clears it, T picks today)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd MMM yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("—")

    def set_value(self, value: QDate) -> None:
        if value.isValid():
            self.setDate(value)
        else:
            self.setDate(NO_DATE)

    def value(self) -> QDate:
        return QDate() if self.date() == NO_DATE else self.date()

    def event(self, event: QEvent) -> bool:
        # Keep Delete and T for this editor rather than the window's shortcuts.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
            Qt.Key.Key_Delete,
            Qt.Key.Key_T,
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Delete:
            self.setDate(NO_DATE)
            return
        if event.key() == Qt.Key.Key_T and not event.modifiers():
            self.setDate(QDate.currentDate())  # T for today, as in most planners
            return
        super().keyPressEvent(event)


def _people_combo(parent: QWidget, state: PlanState) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("— nobody —", None)
    for side in ("buyer", "seller"):
        for person in state.people_on(side):
            combo.addItem(f"{person.name} ({label(side)})", person.id)
    return combo


def _milestone_combo(parent: QWidget, state: PlanState) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("— none —", None)
    for number, milestone in enumerate(state.milestone_order(), start=1):
        combo.addItem(f"#{number} {milestone.title}", milestone.id)
    return combo


class FieldDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        spec: FieldSpec | None = index.data(SPEC_ROLE)
        state: PlanState | None = index.data(STATE_ROLE)
        if spec is None or state is None:
            return super().createEditor(parent, option, index)
        editor: QWidget
        if spec.kind == "date":
            editor = OptionalDateEdit(parent)
        elif spec.kind == "choice":
            editor = QComboBox(parent)
            for choice in spec.choices:
                editor.addItem(label(choice), choice)
        elif spec.kind == "person":
            editor = _people_combo(parent, state)
        elif spec.kind == "milestone":
            editor = _milestone_combo(parent, state)
        elif spec.kind == "int":
            editor = QSpinBox(parent)
            editor.setRange(-1, 2000)
            editor.setSpecialValueText("—")
        elif spec.choices:  # free text with suggestions, such as a person's role
            editor = QComboBox(parent)
            editor.setEditable(True)
            editor.addItems(list(spec.choices))
        else:
            editor = QLineEdit(parent)
            if spec.kind == "milestones":
                editor.setPlaceholderText("milestone numbers, e.g. 2, 5")
        editor.setAccessibleName(spec.label)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, OptionalDateEdit):
            editor.set_value(value if isinstance(value, QDate) else QDate())
        elif isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText(value or "")
        elif isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
        elif isinstance(editor, QSpinBox):
            editor.setValue(-1 if value is None else int(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, OptionalDateEdit):
            value = editor.value()
        elif isinstance(editor, QComboBox) and editor.isEditable():
            value = editor.currentText()
        elif isinstance(editor, QComboBox):
            value = editor.currentData()
        elif isinstance(editor, QSpinBox):
            value = None if editor.value() < 0 else editor.value()
        elif isinstance(editor, QLineEdit):
            value = editor.text()
        else:
            super().setModelData(editor, model, index)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option, index: QModelIndex) -> None:  # noqa: N802
        editor.setGeometry(option.rect)
