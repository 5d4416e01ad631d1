"""Inline editors chosen by the kind of field a cell holds."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStyledItemDelegate,
    QWidget,
)

from ...domain.model import FieldSpec, label
from ...domain.state import PlanState
from ...i18n import _
from ..common.values import (
    format_date,
    format_long_date,
    format_with_weekday,
    from_qdate,
    locale_month_first,
)

SPEC_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's FieldSpec
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # the PlanState, for choosers of people/milestones


HINT_STYLE = "QLabel { color: palette(placeholder-text); padding: 0 6px; }"


class DateLineEdit(QLineEdit):
    """A date typed as quick add reads it (12 Mar, 12/03/2027, 2027-03-12, next Friday,
    T, +2w), with what was understood shown at the right edge before anything is saved.
    Empty is no date; unreadable text is never saved (see `understood`)."""

    def __init__(self, parent: QWidget | None = None, *, long: bool = False) -> None:
        super().__init__(parent)
        self.long = long  # shown as "26. März 2027" where there is room, else as in cells
        self.setPlaceholderText(_("12 Mar, next Fri, T, +2w"))
        self.hint = QLabel(self)
        self.hint.setObjectName("dateHint")
        self.hint.setAccessibleName(_("Date understood"))
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.textChanged.connect(self._show_understood)

    def set_value(self, value: dt.date | None, select: bool = True) -> None:
        self.setText(format_long_date(value) if self.long else format_date(value))
        if select:  # a cell editor: typing replaces the date shown
            self.selectAll()

    def understood(self) -> tuple[bool, dt.date | None, str]:
        """(readable, the date or None for empty, the message when unreadable)."""
        # The date reader (quick add's) loads when a date is first typed, not at start.
        from ...domain.quick_add import QuickAddError, parse_date

        try:
            today = dt.date.today()
            return True, parse_date(self.text(), today, month_first=locale_month_first()), ""
        except QuickAddError as exc:
            return False, None, exc.worded(_)

    def _show_understood(self) -> None:
        # Styled when it first has something to say: a style sheet at start would load
        # Qt's style-sheet machinery for a hint nobody sees yet.
        if not self.hint.styleSheet():
            self.hint.setStyleSheet(HINT_STYLE)
        ok, value, _message = self.understood()
        if not ok:
            self.hint.setText(_("not a date"))
        elif value is None:
            self.hint.setText(_("no date"))
        else:
            self.hint.setText(f"→ {format_with_weekday(value)}")
        self.hint.adjustSize()
        self._place_hint()

    def _place_hint(self) -> None:
        self.hint.move(self.width() - self.hint.width(), (self.height() - self.hint.height()) // 2)
        self.setTextMargins(0, 0, self.hint.width() if self.hint.text() else 0, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._place_hint()

    def event(self, event: QEvent) -> bool:
        # Keep Delete and T for this editor rather than the window's shortcuts.
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.ShortcutOverride
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_T)
        ):
            event.accept()
            return True
        return super().event(event)


def _people_combo(parent: QWidget, state: PlanState) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_("— nobody —"), None)
    for side in ("buyer", "seller"):
        for person in state.people_on(side):
            combo.addItem(f"{person.name} ({_(label(side))})", person.id)
    return combo


def _milestone_combo(parent: QWidget, state: PlanState) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_("— none —"), None)
    for number, milestone in enumerate(state.milestone_order(), start=1):
        combo.addItem(f"#{number} {milestone.title}", milestone.id)
    return combo


class FieldDelegate(QStyledItemDelegate):
    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter or Tab on a date that cannot be read: say why and keep the editor open,
        # so the user corrects what they typed instead of losing it.
        if (
            isinstance(editor, DateLineEdit)
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key()
            in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            ok, _value, message = editor.understood()
            if not ok:
                self._refuse(editor, message)
                return True
        return super().eventFilter(editor, event)

    def _session(self):
        view = self.parent()
        model = view.model() if hasattr(view, "model") else None
        while model is not None and hasattr(model, "sourceModel"):
            model = model.sourceModel()
        return getattr(model, "session", None)

    def _refuse(self, editor: DateLineEdit, message: str) -> None:
        session = self._session()
        if session is not None:
            session.editRefused.emit(f"{editor.accessibleName()}: {message}")

    def _date_typed(self, editor: DateLineEdit) -> None:
        session = self._session()
        if session is not None and editor.understood()[0]:
            session.refusalCleared.emit()

    def createEditor(  # noqa: N802
        self, parent: QWidget, option, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        spec: FieldSpec | None = index.data(SPEC_ROLE)
        state: PlanState | None = index.data(STATE_ROLE)
        if spec is None or state is None:
            return super().createEditor(parent, option, index)
        editor: QWidget
        if spec.kind == "date":
            editor = DateLineEdit(parent)
            editor.textChanged.connect(lambda _text, e=editor: self._date_typed(e))
        elif spec.kind == "choice":
            editor = QComboBox(parent)
            for choice in spec.choices:
                editor.addItem(_(label(choice)), choice)
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
            # Suggestions complete only what matches as typed: "Account director" stays
            # as written, never the suggestion's lower case.
            editor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = editor.completer()  # made by setEditable
            if completer is not None:
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        else:
            editor = QLineEdit(parent)
            if spec.kind == "milestones":
                editor.setPlaceholderText(_("milestone numbers, e.g. 2, 5"))
        editor.setAccessibleName(_(spec.label))
        return editor

    def setEditorData(  # noqa: N802
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, DateLineEdit):
            editor.set_value(from_qdate(value) if isinstance(value, QDate) else None)
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

    def setModelData(  # noqa: N802
        self, editor: QWidget, model, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        value: object
        if isinstance(editor, DateLineEdit):
            value = editor.text()  # read and refused with a message by the model's rules
        elif isinstance(editor, QComboBox) and editor.isEditable():
            value = editor.currentText()  # an editable box's current text is its line edit's
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

    def updateEditorGeometry(  # noqa: N802
        self, editor: QWidget, option, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        editor.setGeometry(option.rect)
