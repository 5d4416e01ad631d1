"""Milestones as rows, each with its actions as child rows; in a plan with phases,
optionally under phase heading rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QModelRoleData,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor, QFont

from ...domain import edits
from ...domain.changes import SET, Change
from ...domain.model import Action, Milestone, MilestoneStatus, field_spec
from ...domain.state import PlanRuleError
from ...i18n import N_, _, ngettext
from ..common.theme import alert_colour
from ..common.values import SIDE_COLOURS, display, edit_value, format_date, parse_edit
from ..session import PlanSession
from .delegates import SPEC_ROLE, STATE_ROLE

ID_ROLE = Qt.ItemDataRole.UserRole + 3  # the entity id of a row
KIND_ROLE = Qt.ItemDataRole.UserRole + 4  # "milestone" or "action"
PHASE_ROLE = Qt.ItemDataRole.UserRole + 5  # a phase heading row's phase name
NO_PHASE = N_("Without a phase")  # the heading; shown with _()
# A heading's band: see-through, so it reads on light and dark themes alike.
HEADING_TINT = QColor(91, 125, 177, 60)
# Combined once: Qt asks for flags on every cell it lays out or paints, and or-ing
# Python enum members each time is most of what flags() costs.
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECKABLE_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsUserCheckable
_EDITABLE_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsEditable
# An action's row never has rows under it: said in its flags, the tree view does not ask
# (expanding every row at start would otherwise ask each action how many it has).
_ACTION_BASE_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_ACTION_CHECKABLE_FLAGS = _CHECKABLE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_ACTION_EDITABLE_FLAGS = _EDITABLE_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
# Asked of every painted cell and never answered here (Qt's defaults apply): turned
# away before the row's entity is looked up. Plain ints compare much faster.
_DEFAULT_ROLES = frozenset(
    int(role) for role in (Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.SizeHintRole)
)
_BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
# The roles data() answers, as plain ints: comparing an int with an enum member, looked up
# through Qt's namespace each time, costs more than the rest of a painted cell's answer.
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)
_DECORATION_ROLE = int(Qt.ItemDataRole.DecorationRole)
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_CHECK_STATE_ROLE = int(Qt.ItemDataRole.CheckStateRole)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)

# (header, milestone field, action field); None where the row kind has no such cell.
# Headers in English (they name the columns in code too), shown with _().
COLUMNS: list[tuple[str, str | None, str | None]] = [
    ("#", None, None),
    (N_("Milestone / action"), "title", "title"),
    (N_("Side"), "side", None),
    (N_("Owner"), "owner_id", "owner_id"),
    (N_("Start"), "start", None),
    (N_("Due"), "due", "due"),
    (N_("Status"), "status", "done"),
    (N_("Health"), None, None),
    (N_("Lead (days)"), "lead_days", None),
    (N_("Depends on"), "depends_on", None),
    (N_("Exit criteria"), "exit_criteria", None),
    # Shown only while the plan has phases: a plan without them looks as it always did.
    (N_("Phase"), "phase", None),
]
NUMBER_COLUMN, TITLE_COLUMN = 0, 1
_SIDE_COLUMN = next(i for i, (_h, m, _a) in enumerate(COLUMNS) if m == "side")
PHASE_COLUMN = len(COLUMNS) - 1
HEALTH_COLUMN = next(i for i, (heading, _m, _a) in enumerate(COLUMNS) if heading == "Health")
STRUCTURE_FIELDS = {("action", "milestone_id"), ("milestone", "rank"), ("action", "rank")}
_Parent = QModelIndex | QPersistentModelIndex


def one_row_difference(old: list[str], new: list[str]) -> tuple[str, int] | None:
    """("insert", row) or ("remove", row) when `new` is `old` with one id added or
    removed; None for anything else (a move, several rows)."""
    if len(new) == len(old) + 1:
        present = set(old)
        if [i for i in new if i in present] == old:
            return "insert", next(r for r, i in enumerate(new) if i not in present)
    elif len(new) == len(old) - 1:
        kept = set(new)
        if [i for i in old if i in kept] == new:
            return "remove", next(r for r, i in enumerate(old) if i not in kept)
    return None


def column_of(field: str) -> int:
    return next(i for i, (_h, m, _a) in enumerate(COLUMNS) if m == field)


def _heading_key(phase: str, occurrence: int) -> str:
    # Not a UUID, so never a milestone's id; the occurrence tells apart the headings of
    # a phase that comes back later in the plan.
    return f"\0{occurrence}\0{phase}"


def heading_phase(key: str) -> str | None:
    """The phase a top-level row key heads, or None for a milestone's id."""
    return key.split("\0", 2)[2] if key.startswith("\0") else None


class MilestoneTreeModel(QAbstractItemModel):
    """Top-level rows are milestones (and, when `grouped` and the plan has phases, a
    read-only heading row before each run of milestones in one phase, in the plan's
    order, as the PDF heads them); actions are the milestones' children."""

    def __init__(self, session: PlanSession, parent=None, *, grouped: bool = False) -> None:
        super().__init__(parent)
        self.session = session
        self.grouped = grouped
        # Top-level row keys: milestone ids, and heading keys (see _heading_key).
        self._order: list[str] = []
        self._row_of: dict[str, int] = {}
        self._number_of: dict[str, int] = {}
        self._actions: dict[str, list[str]] = {}
        # Child indexes carry a stable number for their milestone (rows shift on insert).
        self._key_of: dict[str, int] = {}
        self._milestone_of_key: dict[int, str] = {}
        self._rebuild()
        session.changesApplied.connect(self._on_changes)
        session.planReloaded.connect(self._reset)

    # -- structure -------------------------------------------------------------------

    def _key(self, milestone_id: str) -> int:
        key = self._key_of.get(milestone_id)
        if key is None:
            key = len(self._key_of) + 1
            self._key_of[milestone_id] = key
            self._milestone_of_key[key] = milestone_id
        return key

    def _structure(self) -> tuple[list[str], dict[str, list[str]]]:
        state = self.session.state
        milestones = state.milestone_order()
        order = [m.id for m in milestones]
        actions: dict[str, list[str]] = {mid: [] for mid in order}
        for action in state.ordered("action"):
            actions.setdefault(action.milestone_id, []).append(action.id)
        if self.grouped and any(m.phase for m in milestones):
            order, shown = [], ""
            seen: dict[str, int] = {}
            for m in milestones:
                if m.phase != shown:
                    # Leading milestones without a phase go unheaded, as in the PDF.
                    shown = m.phase
                    phase = m.phase or _(NO_PHASE)
                    seen[phase] = seen.get(phase, 0) + 1
                    order.append(_heading_key(phase, seen[phase]))
                order.append(m.id)
        return order, actions

    def _adopt(self, order: list[str]) -> None:
        self._order = order
        self._row_of = {key: row for row, key in enumerate(order)}
        numbered = (key for key in order if not key.startswith("\0"))
        self._number_of = {mid: number for number, mid in enumerate(numbered, start=1)}

    def _rebuild(self) -> None:
        order, self._actions = self._structure()
        self._adopt(order)

    def set_grouped(self, grouped: bool) -> None:
        """Phase headings on or off (they show only while the plan has phases)."""
        if grouped != self.grouped:
            self.grouped = grouped
            self._reset()

    def is_heading(self, index: QModelIndex | QPersistentModelIndex) -> bool:
        return (
            index.isValid()
            and index.internalId() == 0
            and self._order[index.row()].startswith("\0")
        )

    def first_milestone(self, column: int = TITLE_COLUMN) -> QModelIndex:
        """The first milestone's cell (below the first heading, if any)."""
        row = next((r for r, key in enumerate(self._order) if not key.startswith("\0")), None)
        return self.index(row, column) if row is not None else QModelIndex()

    def last_under(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """For a heading row: the id of the last milestone it heads (None if none)."""
        if not self.is_heading(index):
            return None
        last = None
        for key in self._order[index.row() + 1 :]:
            if key.startswith("\0"):
                break
            last = key
        return last

    def health_text(self, row: int) -> str:
        """What the Health cell of top-level `row` shows (a heading's is empty)."""
        key = self._order[row]
        return "" if key.startswith("\0") else self._health_text(key)

    def heading_rows(self) -> list[int]:
        return [row for row, key in enumerate(self._order) if key.startswith("\0")]

    @Slot()
    def _reset(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _sync_structure(self) -> None:
        """Tell views about added, removed or moved rows; one row at a time when possible,
        so selection, the current cell and expanded rows survive the edit."""
        order, actions = self._structure()
        same_rows = set(order) == set(self._order) and all(
            set(actions.get(m, [])) == set(self._actions.get(m, [])) for m in order
        )
        if same_rows:
            if order != self._order or actions != self._actions:
                self._move_rows(order, actions)
            self._refresh_all()
            return
        if order != self._order:
            step = one_row_difference(self._order, order)
            if step is None:
                self._reset()
                return
            what, row = step
            begin = self.beginInsertRows if what == "insert" else self.beginRemoveRows
            begin(QModelIndex(), row, row)
            self._adopt(order)
            self._actions = actions
            (self.endInsertRows if what == "insert" else self.endRemoveRows)()
        for mid in order:
            before, after = self._actions.get(mid, []), actions.get(mid, [])
            if before == after:
                continue
            step = one_row_difference(before, after)
            if step is None:
                self._reset()
                return
            what, row = step
            begin = self.beginInsertRows if what == "insert" else self.beginRemoveRows
            begin(self.index(self._row_of[mid], 0), row, row)
            self._actions[mid] = after
            (self.endInsertRows if what == "insert" else self.endRemoveRows)()
        self._refresh_all()

    def _move_rows(self, order: list[str], actions: dict[str, list[str]]) -> None:
        """Same rows in a new order: a layout change that keeps persistent indexes."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        keys = [self._row_key(index) for index in old]
        self._adopt(order)
        self._actions = actions
        self.changePersistentIndexList(
            old,
            [
                self.index_of(key, index.column()) if key else QModelIndex()
                for key, index in zip(keys, old, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _refresh_all(self) -> None:
        if not self._order:
            return
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._order) - 1, last))
        for mid, children in self._actions.items():
            if children and mid in self._row_of:
                parent = self.index(self._row_of[mid], 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(children) - 1, last, parent)
                )

    def _row_key(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """A row's lasting key: a milestone's or action's id, or a heading's key."""
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._order[index.row()] if index.row() < len(self._order) else None
        return self.data(index, ID_ROLE)

    @Slot(list)
    def _on_changes(self, changes: list[Change]) -> None:
        structural = any(
            c.op != SET
            or (c.entity, c.field) in STRUCTURE_FIELDS
            or (self.grouped and (c.entity, c.field) == ("milestone", "phase"))
            for c in changes
        )
        if structural:
            self._sync_structure()
        elif any(c.entity in ("person", "plan") for c in changes):
            self._refresh_all()  # owner names and the target date show in many rows
        else:
            for change in changes:
                index = self.index_of(change.entity_id)
                if index.isValid():
                    self.dataChanged.emit(
                        index.siblingAtColumn(0), index.siblingAtColumn(len(COLUMNS) - 1)
                    )
            self._refresh_health()

    def _refresh_health(self) -> None:
        # One edit can change another row's flags (a dependency's due date): the session
        # knows which, so the cost does not grow with the plan.
        for milestone_id in self.session.health_changed:
            row = self._row_of.get(milestone_id)
            if row is not None:
                index = self.index(row, HEALTH_COLUMN)
                self.dataChanged.emit(index, index)

    # -- lookups ---------------------------------------------------------------------

    def index_of(self, entity_id: str, column: int = TITLE_COLUMN) -> QModelIndex:
        """The row of a milestone or an action (or of a heading, by its key)."""
        row = self._row_of.get(entity_id)
        if row is not None:
            return self.index(row, column)
        action = self.session.state.actions.get(entity_id)
        if action is not None and action.milestone_id in self._row_of:
            parent = self.index(self._row_of[action.milestone_id], 0)
            siblings = self._actions.get(action.milestone_id, [])
            if entity_id in siblings:
                return self.index(siblings.index(entity_id), column, parent)
        return QModelIndex()

    def entity_at(self, index: _Parent) -> Milestone | Action | None:
        if not index.isValid():
            return None
        state = self.session.state
        if index.internalId() == 0:
            return state.milestones.get(self._order[index.row()])
        milestone_id = self._milestone_of_key.get(index.internalId())
        children = self._actions.get(milestone_id or "", [])
        if index.row() < len(children):
            return state.actions.get(children[index.row()])
        return None

    # -- QAbstractItemModel ------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Parent = QModelIndex()) -> QModelIndex:
        # Asked for every row when the view lays out: the top level first, in few steps.
        if not parent.isValid():
            if 0 <= row < len(self._order) and 0 <= column < len(COLUMNS):
                return self.createIndex(row, column, 0)
            return QModelIndex()
        if column < 0 or column >= len(COLUMNS) or row < 0 or parent.internalId() != 0:
            return QModelIndex()
        milestone_id = self._order[parent.row()]
        if row >= len(self._actions.get(milestone_id, [])):
            return QModelIndex()
        return self.createIndex(row, column, self._key(milestone_id))

    def parent(self, index: _Parent = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        key = index.internalId()  # 0 for a milestone's or heading's row, and for no index
        if key == 0:
            return QModelIndex()
        milestone_id = self._milestone_of_key.get(key)
        row = self._row_of.get(milestone_id or "")
        if row is None:
            return QModelIndex()
        return self.createIndex(row, 0, 0)

    def rowCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._order)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._actions.get(self._order[parent.row()], []))

    def columnCount(self, parent: _Parent = QModelIndex()) -> int:  # noqa: N802
        return len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section][0])
        return None

    def _field(self, index: _Parent) -> str | None:
        _header, milestone_field, action_field = COLUMNS[index.column()]
        return milestone_field if index.internalId() == 0 else action_field

    def flags(self, index: _Parent) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        column = index.column()
        if index.internalId() != 0:  # an action's cell
            field = COLUMNS[column][2]
            if field is None:
                return _ACTION_BASE_FLAGS
            return _ACTION_CHECKABLE_FLAGS if field == "done" else _ACTION_EDITABLE_FLAGS
        if column == NUMBER_COLUMN or self._order[index.row()].startswith("\0"):
            return _BASE_FLAGS  # read-only: a heading is named by its milestones' phase
        return _BASE_FLAGS if COLUMNS[column][1] is None else _EDITABLE_FLAGS

    def data(self, index: _Parent, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _DEFAULT_ROLES:
            return None
        return self._data(index, self.entity_at(index), role)

    def multiData(self, index: _Parent, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N802, N803
        """Every role a delegate asks for at once (Qt asks so to paint or size a cell: seven
        roles): the row's entity is looked up once, and Qt calls Python once, not seven times."""
        entity = self.entity_at(index)
        # A span is a sequence of the roles' slots (PySide6's stubs do not say so).
        wanted = (
            (roleDataSpan,)
            if isinstance(roleDataSpan, QModelRoleData)
            else cast("Sequence[QModelRoleData]", roleDataSpan)
        )
        for item in wanted:
            role = item.role()
            item.setData(None if role in _DEFAULT_ROLES else self._data(index, entity, role))

    def _data(self, index: _Parent, entity: Milestone | Action | None, role: int) -> Any:
        """data(), the row's entity already looked up."""
        if entity is None:
            return self._heading_data(index, role)
        if role == _BACKGROUND_ROLE:
            return None  # only phase headings are tinted
        column = index.column()
        is_milestone = isinstance(entity, Milestone)
        # The roles a painted cell asks for, each shown in one column only: answered
        # before anything else is looked up.
        if role == _FONT_ROLE:
            if not isinstance(entity, Milestone) or column != TITLE_COLUMN:
                return None
            font = QFont()
            font.setBold(True)
            font.setStrikeOut(entity.status == MilestoneStatus.DONE)
            return font
        if role == _FOREGROUND_ROLE:
            # A colour, which Qt paints as a brush: a QBrush made in Python has PySide6
            # create QGradient's enum types first (~1.2 ms of the start).
            return alert_colour() if column == HEALTH_COLUMN else None
        if role == _DECORATION_ROLE:
            if not isinstance(entity, Milestone) or column != _SIDE_COLUMN:
                return None
            return SIDE_COLOURS.get(entity.side)
        state = self.session.state
        field = COLUMNS[column][1 if is_milestone else 2]
        done = isinstance(entity, Action) and entity.done  # the "done" column is an action's
        if role == _CHECK_STATE_ROLE:
            if field != "done":
                return None
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if role == _DISPLAY_ROLE:
            if column == NUMBER_COLUMN:
                return str(self._number_of.get(entity.id, "")) if is_milestone else ""
            if column == HEALTH_COLUMN:
                return self._health_text(entity.id) if is_milestone else ""
            if field is None or field == "done":
                return _("Done") if field == "done" and done else None
            return display(state, field_spec(entity.KIND, field), getattr(entity, field))
        if role == _EDIT_ROLE and field and field != "done":
            return edit_value(state, field_spec(entity.KIND, field), getattr(entity, field))
        if role == SPEC_ROLE and field:
            return field_spec(entity.KIND, field)
        if role == STATE_ROLE:
            return state
        if role == ID_ROLE:
            return entity.id
        if role == KIND_ROLE:
            return entity.KIND
        if role == _TOOLTIP_ROLE:
            if column == HEALTH_COLUMN and is_milestone:
                flags = self._health_flags(entity.id)
                return "\n".join(flags) if flags else _("No problems")
            # slips() is empty without a committed revision to measure against.
            baseline, revision = self.session.baseline, self.session.baseline_revision
            slipped = field == "due" and is_milestone and entity.id in self.session.slips()
            if slipped and baseline is not None and revision is not None:
                was = baseline.milestones[entity.id].due
                return _("was {date} in revision {label} (committed)").format(
                    date=format_date(was), label=revision.label
                )
            if column == TITLE_COLUMN and isinstance(entity, Milestone) and entity.description:
                return entity.description
            if field == "exit_criteria" and isinstance(entity, Milestone) and entity.exit_criteria:
                return entity.exit_criteria
        return None

    def _heading_data(self, index: _Parent, role: int) -> Any:
        if not self.is_heading(index):
            return None
        phase = heading_phase(self._order[index.row()]) or ""
        if role == PHASE_ROLE:
            return phase
        if index.column() != NUMBER_COLUMN:
            return None
        # The view spans the first cell across the row: the heading's text lives there.
        if role == Qt.ItemDataRole.DisplayRole:
            return phase
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return _("Phase {phase}").format(phase=phase)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return HEADING_TINT  # a colour, as the Health column's
        if role == Qt.ItemDataRole.ToolTipRole:
            count = 0
            for key in self._order[index.row() + 1 :]:
                if key.startswith("\0"):
                    break
                count += 1
            return ngettext(
                "Phase “{phase}”: {count} milestone", "Phase “{phase}”: {count} milestones", count
            ).format(phase=phase, count=count)
        return None

    def _health_text(self, milestone_id: str) -> str:
        return ", ".join(self._health_flags(milestone_id))

    def _health_flags(self, milestone_id: str) -> list[str]:
        """The health rules' flags, then the slip since the last committed revision."""
        flags = [_(flag) for flag in self.session.health().flags.get(milestone_id, ())]
        late = self.session.slips().get(milestone_id)
        if late:
            slipped = ngettext("slipped {days} day", "slipped {days} days", late)
            flags.append(slipped.format(days=late))
        return flags

    def setData(self, index: _Parent, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        entity = self.entity_at(index)
        field = self._field(index) if entity else None
        if entity is None or field is None:
            return False
        state = self.session.state
        if field == "done":
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            new_value: Any = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role == Qt.ItemDataRole.EditRole:
            try:
                new_value = parse_edit(state, field_spec(entity.KIND, field), value)
                changes = edits.set_field(state, entity.KIND, entity.id, field, new_value)
            except PlanRuleError as exc:
                self.session.editRefused.emit(str(exc))
                return False
            return self.session.apply(changes)
        else:
            return False
        return self.session.apply(edits.set_field(state, entity.KIND, entity.id, field, new_value))
