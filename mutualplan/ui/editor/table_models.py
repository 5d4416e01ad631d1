"""Flat tables: the people on both sides and the evidence register (history.py: the log)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)

from ...domain import edits
from ...domain.changes import Change
from ...domain.model import ENTITY_TYPES, field_spec
from ...domain.state import PlanRuleError
from ...i18n import _
from ..common.values import SIDE_COLOURS, display, edit_value, parse_edit
from ..session import PlanSession
from .delegates import SPEC_ROLE, STATE_ROLE
from .milestone_model import ID_ROLE, one_row_difference

_Parent = QModelIndex | QPersistentModelIndex


class EntityTableModel(QAbstractTableModel):
    """One row per entity of `kind`, one column per field in `fields`."""

    def __init__(self, session: PlanSession, kind: str, fields: list[str], parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = kind
        self.fields = fields
        self._ids = self._current_ids()
        session.changesApplied.connect(self._on_changes)
        session.planReloaded.connect(self._reset)

    def _current_ids(self) -> list[str]:
        return [e.id for e in self.session.state.ordered(self.kind)]

    @Slot()
    def _reset(self) -> None:
        self.beginResetModel()
        self._ids = self._current_ids()
        self.endResetModel()

    @Slot(list)
    def _on_changes(self, changes: list[Change]) -> None:
        ids = self._current_ids()
        if ids != self._ids:
            step = one_row_difference(self._ids, ids)
            if step is None:
                self._reset()
            elif step[0] == "insert":
                self.beginInsertRows(QModelIndex(), step[1], step[1])
                self._ids = ids
                self.endInsertRows()
            else:
                self.beginRemoveRows(QModelIndex(), step[1], step[1])
                self._ids = ids
                self.endRemoveRows()
            return
        if self._ids:
            # Names of people and milestone titles show in other tables' cells too.
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(self.fields) - 1)
            )

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, entity_id: str) -> int:
        return self._ids.index(entity_id) if entity_id in self._ids else -1

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(field_spec(self.kind, self.fields[section]).label)
        return None

    def flags(self, index: _Parent) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if field_spec(self.kind, self.fields[index.column()]).kind == "bool":
            return base | Qt.ItemFlag.ItemIsUserCheckable  # ticked, not typed
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        state = self.session.state
        entity = state.get(self.kind, self._ids[index.row()])
        if entity is None:
            return None
        name = self.fields[index.column()]
        spec = ENTITY_TYPES[self.kind].FIELDS[name]
        value = getattr(entity, name)
        if spec.kind == "bool":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return self.bool_text(entity, name, value)
        if role == Qt.ItemDataRole.DisplayRole:
            return display(state, spec, value)
        if role == Qt.ItemDataRole.EditRole:
            return edit_value(state, spec, value)
        if role == Qt.ItemDataRole.ToolTipRole and spec.kind == "longtext" and value:
            return value
        if role == Qt.ItemDataRole.DecorationRole and name == "side":
            return SIDE_COLOURS.get(value)
        if role == SPEC_ROLE:
            return spec
        if role == STATE_ROLE:
            return state
        if role == ID_ROLE:
            return entity.id
        return None

    def bool_text(self, entity: Any, name: str, value: bool) -> str:
        return _("Yes") if value else ""

    def setData(self, index: _Parent, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        name = self.fields[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and field_spec(self.kind, name).kind == "bool":
            role, value = Qt.ItemDataRole.EditRole, Qt.CheckState(value) == Qt.CheckState.Checked
        if role != Qt.ItemDataRole.EditRole:
            return False
        state = self.session.state
        entity_id = self._ids[index.row()]
        try:
            parsed = parse_edit(state, field_spec(self.kind, name), value)
            changes = edits.set_field(state, self.kind, entity_id, name, parsed)
        except PlanRuleError as exc:
            self.session.editRefused.emit(str(exc))
            return False
        return self.session.apply(changes)


class PeopleModel(EntityTableModel):
    """The plan's people; the Signatory column marks who signs for each side (one per
    side: ticking one unticks the side's previous signatory)."""

    def __init__(self, session: PlanSession, parent=None) -> None:
        super().__init__(
            session, "person", ["name", "title", "email", "side", "role", "signs"], parent
        )

    def bool_text(self, entity: Any, name: str, value: bool) -> str:
        if not value:
            return ""
        return _("Signs for the seller") if entity.side == "seller" else _("Signs for the buyer")


class EvidenceModel(EntityTableModel):
    def __init__(self, session: PlanSession, parent=None) -> None:
        super().__init__(
            session,
            "evidence",
            ["kind", "title", "claim", "milestone_id", "state", "decided_by", "decision_note"],
            parent,
        )
