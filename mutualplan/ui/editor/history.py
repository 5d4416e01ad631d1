"""The plan's change log: who changed what and when, newest first, filtered by side
or person; built when the History tab is first shown."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.changes import CREATE, DELETE, Change, RecordedChange
from ...domain.model import Side, field_spec, label
from ...domain.wording import sentence
from ...i18n import N_, _, language
from ..common.values import SIDE_COLOURS, display
from ..session import PlanSession

_Parent = QModelIndex | QPersistentModelIndex

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


class HistoryPanel(QWidget):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.committed = QLabel()
        self.committed.setAccessibleName(_("Last mutually committed revision"))
        self.committed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = HistoryModel(session, self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.side = QComboBox()
        self.side.setAccessibleName(_("Show changes by side"))
        self.side.addItem(_("Both sides"), None)
        self.side.addItem(_(label(Side.SELLER)), Side.SELLER.value)
        self.side.addItem(_(label(Side.BUYER)), Side.BUYER.value)
        self.person = QComboBox()
        self.person.setAccessibleName(_("Show changes by person"))
        self.view = QTableView()
        self.view.setAccessibleName(_("Change history"))
        self.view.setModel(self.proxy)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column, width in enumerate((150, 190, 90, 0, 170, 170)):
            if width:
                header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Show")))
        filters.addWidget(self.side)
        filters.addWidget(self.person)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.committed)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        self.side.currentIndexChanged.connect(lambda: self.proxy.set_side(self.side.currentData()))
        self.person.currentIndexChanged.connect(
            lambda: self.proxy.set_author(self.person.currentData())
        )
        self.model.rowsInserted.connect(self._refresh_people)
        self.model.modelReset.connect(self._refresh_people)
        session.planReloaded.connect(self.refresh_committed)
        self._refresh_people()
        self.refresh_committed()

    @Slot()
    def refresh_committed(self) -> None:
        """One line naming the last revision both sides signed, and when the second did."""
        revision = self.session.baseline_revision
        if revision is None:
            self.committed.setText(_("No revision has been signed by both sides yet."))
            return
        signed = self.session.store.signatures_of(self.session.plan_id, revision.sha256)
        moments = [s["signed_at"] or s["recorded_at"] for s in signed]
        said = (
            _("Revision {label} mutually committed on {moment}").format(
                label=revision.label, moment=local_time(max(moments))
            )
            if moments
            else _("Revision {label} mutually committed").format(label=revision.label)
        )
        self.committed.setText(f"<b>{said}</b> · {_('slips are measured against it')}")

    def showEvent(self, event) -> None:  # noqa: N802
        self.model.ensure_loaded()
        super().showEvent(event)

    @Slot()
    def _refresh_people(self) -> None:
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(_("Everyone"), None)
        for name in self.model.authors():
            self.person.addItem(name, name)
        self.person.setCurrentIndex(max(self.person.findData(chosen), 0))
        self.person.blockSignals(False)
