"""Flat tables: the people on both sides, the evidence register, and the change log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)

from ...domain import edits
from ...domain.changes import CREATE, DELETE, Change, RecordedChange
from ...domain.model import ENTITY_TYPES, field_spec, label
from ...domain.state import PlanRuleError
from ...domain.wording import sentence
from ...i18n import N_, _, language
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


# -- the change log ----------------------------------------------------------------------

HISTORY_COLUMNS = [N_("When"), N_("Who"), N_("Side"), N_("What"), N_("From"), N_("To")]
# What a change names when the thing it changed has no name (yet).
UNNAMED = {
    "milestone": N_("a milestone"),
    "action": N_("an action"),
    "person": N_("a person"),
    "evidence": N_("an evidence item"),
    "plan": N_("the plan"),
}
SIDE_ROLE = Qt.ItemDataRole.UserRole + 10
AUTHOR_ROLE = Qt.ItemDataRole.UserRole + 11


def local_time(utc_text: str) -> str:
    """A UTC ISO 8601 moment as the user's local time, e.g. “26 Nov 2026 17:51”
    (“26.11.2026 17:51” in German)."""
    try:
        moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    form = "%d.%m.%Y %H:%M" if language() == "de" else "%d %b %Y %H:%M"
    return moment.astimezone().strftime(form)


class HistoryModel(QAbstractTableModel):
    """The plan's change log, newest first.

    A long log is read only when the history is first shown, so opening a plan with
    years of history costs nothing until someone looks at it.
    """

    def __init__(self, session: PlanSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self._records: list[RecordedChange] = []
        self._loaded = False
        session.changesRecorded.connect(self._on_recorded)
        session.planReloaded.connect(self._reload)

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._reload()

    @Slot()
    def _reload(self) -> None:
        self.beginResetModel()
        self._records = list(reversed(self.session.store.history(self.session.plan_id)))
        self._loaded = True
        self.endResetModel()

    @Slot(list)
    def _on_recorded(self, records: list[RecordedChange]) -> None:
        if not records or not self._loaded:
            return  # read with the rest when the history is first shown
        self.beginInsertRows(QModelIndex(), 0, len(records) - 1)
        self._records[0:0] = list(reversed(records))
        self.endInsertRows()

    def authors(self) -> list[str]:
        return sorted({r.author.name for r in self._records}, key=str.casefold)

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HISTORY_COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HISTORY_COLUMNS[section])
        return None

    def _value_text(self, change: Change, value: Any) -> str:
        if change.op in (CREATE, DELETE) or change.field is None:
            return ""
        spec = field_spec(change.entity, change.field)
        if spec.kind == "rank":
            return ""
        return display(self.session.state, spec, value)

    def _what(self, change: Change) -> str:
        """“Changed the due date of “Security review” from 12 Mar 2027 to 19 Mar 2027”."""
        state = self.session.state
        entity = state.get(change.entity, change.entity_id)
        values = change.new if change.op == CREATE else change.old
        # People are named by `name` (their `title` is a job title).
        key = "name" if change.entity == "person" else "title"
        name = getattr(entity, key, "") if entity else ""
        if not name and isinstance(values, dict):
            name = str(values.get(key) or "")
        unnamed = UNNAMED.get(change.entity)
        subject = f"“{name}”" if name else _(unnamed) if unnamed else change.entity
        if change.op in (CREATE, DELETE):
            return sentence(change, "", subject, str, subject if name else "", _)
        return sentence(change, "", subject, lambda v: self._value_text(change, v) or "—", "", _)

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return local_time(record.at)
            if column == 1:
                if record.entered_by is not None:
                    return _("{name}, entered by {who}").format(
                        name=record.author.name, who=record.entered_by.name
                    )
                return record.author.name
            if column == 2:
                return _(label(record.author.side))
            if column == 3:
                return self._what(record.change)
            if column == 4:
                return self._value_text(record.change, record.change.old)
            return self._value_text(record.change, record.change.new)
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return SIDE_COLOURS.get(record.author.side)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return _("{moment} UTC · change {key}").format(moment=record.at, key=record.key)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return _attribution(record)
        if role == SIDE_ROLE:
            return record.author.side
        if role == AUTHOR_ROLE:
            return record.author.name
        return None


def _attribution(record: RecordedChange) -> str:
    """“Zoë Müller (Buyer)”, or “proposed by Zoë Müller (Buyer), entered by Priya
    Raghunathan (Seller)” when someone entered it for them."""
    author = f"{record.author.name} ({_(label(record.author.side))})"
    if record.entered_by is None:
        return author
    who = f"{record.entered_by.name} ({_(label(record.entered_by.side))})"
    return _("proposed by {author}, entered by {who}").format(author=author, who=who)


class HistoryFilter(QSortFilterProxyModel):
    """Show the changes of one side and/or one person."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._side: str | None = None
        self._author: str | None = None

    def set_side(self, side: str | None) -> None:
        self.beginFilterChange()
        self._side = side
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_author(self, author: str | None) -> None:
        self.beginFilterChange()
        self._author = author
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Parent) -> bool:  # noqa: N802
        index = self.sourceModel().index(row, 0, parent)
        if self._side and index.data(SIDE_ROLE) != self._side:
            return False
        return not (self._author and index.data(AUTHOR_ROLE) != self._author)
