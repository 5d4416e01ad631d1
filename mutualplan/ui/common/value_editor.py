"""One field's editor outside a table: the same kinds of editor the table's cells use,
chosen by the field's FieldSpec, with the value read back as the domain holds it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ...domain.model import FieldSpec, label
from ...domain.state import PlanState
from ...i18n import _
from ..editor.delegates import DateLineEdit
from .values import edit_value, from_qdate, parse_edit

# The widgets a field is edited in (a DateLineEdit is a QLineEdit).
Editor = QLineEdit | QPlainTextEdit | QCheckBox | QSpinBox | QComboBox


class ValueEditor:
    """A widget for one field, and its value as the plan would hold it."""

    def __init__(self, spec: FieldSpec, state: PlanState, parent: QWidget | None = None) -> None:
        self.spec = spec
        self.state = state
        self.widget = self._make(parent)
        self.widget.setAccessibleName(spec.label)

    def _make(self, parent: QWidget | None) -> Editor:
        spec, state = self.spec, self.state
        if spec.kind == "date":  # typed as table cells and quick add read dates
            return DateLineEdit(parent)
        if spec.kind == "longtext":
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(True)
            editor.setMaximumHeight(editor.fontMetrics().lineSpacing() * 5 + 12)
            return editor
        if spec.kind == "bool":
            return QCheckBox(spec.label, parent)
        if spec.kind == "int":
            spin = QSpinBox(parent)
            spin.setRange(-1, 2000)
            spin.setSpecialValueText("—")
            return spin
        if spec.kind in ("choice", "person", "milestone"):
            combo = QComboBox(parent)
            if spec.kind == "choice":
                for choice in spec.choices:
                    combo.addItem(_(label(choice)), choice)
            elif spec.kind == "person":
                combo.addItem(_("— nobody —"), None)
                for side in ("buyer", "seller"):
                    for person in state.people_on(side):
                        combo.addItem(f"{person.name} ({_(label(side))})", person.id)
            else:
                combo.addItem(_("— none —"), None)
                for number, milestone in enumerate(state.milestone_order(), start=1):
                    combo.addItem(f"#{number} {milestone.title}", milestone.id)
            return combo
        if spec.choices:  # free text with suggestions, such as a person's role
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.addItems(list(spec.choices))
            return combo
        line = QLineEdit(parent)
        if spec.kind == "milestones":
            line.setPlaceholderText(_("milestone numbers, e.g. 2, 5"))
        return line

    def set_value(self, value: Any) -> None:
        editor, shown = self.widget, edit_value(self.state, self.spec, value)
        if isinstance(editor, DateLineEdit):
            editor.set_value(from_qdate(shown), select=False)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(shown or "")
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(shown))
        elif isinstance(editor, QSpinBox):
            editor.setValue(-1 if shown is None else int(shown))
        elif isinstance(editor, QComboBox) and editor.isEditable():
            editor.setCurrentText(shown or "")
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(shown), 0))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if shown is None else str(shown))

    def value(self) -> Any:
        """The value as the plan would hold it; PlanRuleError when it cannot be read
        (milestone numbers that do not exist, say)."""
        editor = self.widget
        if isinstance(editor, DateLineEdit):
            raw: Any = editor.text()  # read, or refused with a message, by parse_edit
        elif isinstance(editor, QPlainTextEdit):
            raw = editor.toPlainText()
        elif isinstance(editor, QCheckBox):
            raw = editor.isChecked()
        elif isinstance(editor, QSpinBox):
            raw = None if editor.value() < 0 else editor.value()
        elif isinstance(editor, QComboBox) and editor.isEditable():
            raw = editor.currentText()
        elif isinstance(editor, QComboBox):
            raw = editor.currentData()
        else:
            raw = editor.text()
        return parse_edit(self.state, self.spec, raw)
