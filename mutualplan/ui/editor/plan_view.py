"""Everything shown for one open plan: the header, the milestones, and the side panels."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...domain.changes import SET, Change
from ...domain.model import Side, label
from ...i18n import _
from ..session import PlanSession
from .delegates import FieldDelegate
from .header import PlanHeader
from .milestone_model import HEALTH_COLUMN, PHASE_COLUMN, MilestoneTreeModel, column_of
from .table_models import EvidenceModel, PeopleModel

if TYPE_CHECKING:
    from .history import HistoryPanel

EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
    | QAbstractItemView.EditTrigger.SelectedClicked
)


class MilestoneView(QTreeView):
    """The milestone table. Enter (when not editing a cell) adds the next milestone."""

    addRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Milestones"))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        # Cells, not rows: Tab and the arrow keys walk across a milestone's fields.
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(EDIT_TRIGGERS)
        self.setTabKeyNavigation(True)
        self.setItemDelegate(FieldDelegate(self))
        self.setRootIsDecorated(True)
        # The Health column's texts by top-level row while the rows stay, how many rows
        # show each, and each text's width in the current font: an edit updates its own
        # rows, so fitting the column does not grow with the plan.
        self._health_rows: dict[int, str] | None = None
        self._health_count: Counter[str] = Counter()
        self._text_widths: dict[str, int] = {}
        self._hid_rows = False  # until find and filter hides one, no row is asked about

    def setModel(self, model) -> None:  # noqa: ANN001, N802
        # Connected before the view's own connections, so the Health column's texts are
        # up to date before Qt asks for its width again.
        if model is not None:
            model.dataChanged.connect(self._health_data_changed)
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.modelReset,
                model.layoutChanged,
            ):
                signal.connect(self._forget_health_width)
        self._health_rows = None
        super().setModel(model)

    def _forget_health_width(self, *_args: object) -> None:
        self._health_rows = None

    def _health_data_changed(self, top: QModelIndex, bottom: QModelIndex, *_args: object) -> None:
        if self._health_rows is None or top.parent().isValid():
            return  # nothing remembered yet, or actions (which never show health)
        if not top.column() <= HEALTH_COLUMN <= bottom.column():
            return
        option = self._item_option()
        for row in range(top.row(), bottom.row() + 1):
            if not self._row_hidden(row):
                self._note_health(row, option)

    def _row_hidden(self, row: int) -> bool:
        return self._hid_rows and self.isRowHidden(row, self.rootIndex())

    def _item_option(self) -> QStyleOptionViewItem:
        self.ensurePolished()
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        return option

    def _note_health(self, row: int, option: QStyleOptionViewItem) -> None:
        """Remember the Health text `row` shows now (and its width, if new)."""
        assert self._health_rows is not None
        model = self.model()
        assert isinstance(model, MilestoneTreeModel)
        text = model.health_text(row)  # asked directly: no index, no roles
        old = self._health_rows.get(row)
        if old == text:
            return
        if old is not None:
            self._health_count[old] -= 1
        self._health_rows[row] = text
        self._health_count[text] += 1
        if text not in self._text_widths:
            index = model.index(row, HEALTH_COLUMN, self.rootIndex())
            delegate = self.itemDelegateForColumn(HEALTH_COLUMN) or self.itemDelegate()
            self._text_widths[text] = delegate.sizeHint(option, index).width()

    def setRowHidden(  # noqa: N802
        self, row: int, parent: QModelIndex | QPersistentModelIndex, hide: bool
    ) -> None:
        self._health_rows = None  # find and filter hides rows
        self._hid_rows = self._hid_rows or hide
        super().setRowHidden(row, parent, hide)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._health_rows, self._text_widths = None, {}
        super().changeEvent(event)

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802
        """Tab and Shift+Tab go to the next editable cell, row after row, as in a
        spreadsheet (a tree view would otherwise jump a whole row)."""
        current = self.currentIndex()
        forward = action == QAbstractItemView.CursorAction.MoveNext
        if not current.isValid() or action not in (
            QAbstractItemView.CursorAction.MoveNext,
            QAbstractItemView.CursorAction.MovePrevious,
        ):
            return super().moveCursor(action, modifiers)
        columns = self.model().columnCount()
        step = 1 if forward else -1
        row, column = current, current.column() + step
        while True:
            if 0 <= column < columns:
                candidate = row.siblingAtColumn(column)
                if candidate.flags() & Qt.ItemFlag.ItemIsEditable and not self.isColumnHidden(
                    column
                ):
                    return candidate
                column += step
                continue
            row = self.indexBelow(row) if forward else self.indexAbove(row)
            if not row.isValid():
                return current
            column = 0 if forward else columns - 1

    def sizeHintForColumn(self, column: int) -> int:  # noqa: N802
        """The Health column fits its widest text. Qt would ask the delegate about every
        row (each asking the model for a dozen roles), on opening and after edits; rows
        with the same text are the same width, so each distinct text is measured once,
        and an edit updates only the rows it changed. Actions never show health, so
        milestones (the top-level rows) are enough."""
        model = self.model()
        if column != HEALTH_COLUMN or model is None or model.rowCount() == 0:
            return super().sizeHintForColumn(column)
        if self._health_rows is None:
            self._health_rows, self._health_count = {}, Counter()
            option = self._item_option()
            for row in range(model.rowCount(self.rootIndex())):
                if not self._row_hidden(row):
                    self._note_health(row, option)
        return max(
            (self._text_widths[text] for text, rows in self._health_count.items() if rows > 0),
            default=0,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.addRequested.emit()
            return
        super().keyPressEvent(event)


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(EDIT_TRIGGERS)
    view.setTabKeyNavigation(True)
    view.setItemDelegate(FieldDelegate(view))
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


EVIDENCE_TAB, HISTORY_TAB = 1, 2  # the People tab is 0


class PlanView(QWidget):
    # Milestones under phase headings while the plan has phases, as the PDF shows them.
    group_by_phase = True

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.header = PlanHeader(session)
        self.milestones = MilestoneTreeModel(session, self, grouped=self.group_by_phase)
        self.tree = MilestoneView()
        self.tree.setModel(self.milestones)
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((56, 330, 90, 170, 110, 110, 110, 170, 90, 95)):
            header.resizeSection(column, width)
        # The side's name whole in every language ("Gemeinsam"), beside its colour mark.
        sides = [_(label(side)) for side in (Side.SELLER, Side.BUYER, Side.JOINT)]
        widest = max(self.tree.fontMetrics().horizontalAdvance(name) for name in sides)
        side_column = column_of("side")
        header.resizeSection(side_column, max(header.sectionSize(side_column), widest + 44))
        # Health shows whole words ("after target date"), never cut mid-word.
        header.setSectionResizeMode(HEALTH_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        self.milestones.rowsInserted.connect(self._expand_new)
        self.milestones.modelReset.connect(self.tree.expandAll)
        for signal in (
            self.milestones.modelReset,
            self.milestones.rowsInserted,
            self.milestones.rowsRemoved,
            self.milestones.layoutChanged,
        ):
            signal.connect(self._span_headings)
        self._spanned: set[int] = set()
        self._span_headings()
        self._show_phases()
        session.changesApplied.connect(self._phases_maybe_changed)
        session.planReloaded.connect(self._show_phases)

        self.people_model = PeopleModel(session, self)
        self.people = _table(_("People on both sides"))
        self.people.setModel(self.people_model)
        for column, width in enumerate((220, 200, 260, 90)):
            self.people.horizontalHeader().resizeSection(column, width)

        # Evidence and History are built when first shown (or asked for): at start only
        # the People tab is on screen. Until then their tabs hold empty pages.
        self._evidence: QTableView | None = None
        self._history: HistoryPanel | None = None
        self.tabs = QTabWidget()
        self.tabs.addTab(self.people, _("&People"))
        self.tabs.addTab(QWidget(), _("E&vidence"))
        self.tabs.addTab(QWidget(), _("&History"))
        self.tabs.currentChanged.connect(self._panel_shown)

        # The table, and beside it whatever the workshop shows (the timeline), hidden
        # until asked for.
        self.beside = QSplitter(Qt.Orientation.Horizontal)
        self.beside.addWidget(self.tree)
        self.beside.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.beside)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 260])
        splitter.setCollapsible(0, False)
        self.splitter = splitter
        # In compact mode the panels fold down to their tabs; a tab opens them again.
        self.tabs.tabBarClicked.connect(lambda _index: self.open_panels())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(splitter, 1)
        self._column = layout  # bars go in above the table

    @property
    def evidence(self) -> QTableView:
        if self._evidence is None:
            self._evidence_model = EvidenceModel(self.session, self)
            view = _table(_("Evidence register"))
            view.setModel(self._evidence_model)
            for column, width in enumerate((150, 240, 260, 200, 100, 190)):
                view.horizontalHeader().resizeSection(column, width)
            self._evidence = view
            self._put_in_tab(EVIDENCE_TAB, view)
        return self._evidence

    @property
    def history(self) -> HistoryPanel:
        if self._history is None:
            from .history import HistoryPanel

            self._history = HistoryPanel(self.session)
            self._put_in_tab(HISTORY_TAB, self._history)
        return self._history

    @property
    def evidence_model(self) -> EvidenceModel:
        self.evidence  # noqa: B018 - built with its table
        return self._evidence_model

    def _put_in_tab(self, index: int, page: QWidget) -> None:
        """Replace the empty page of tab `index` by `page`, the same tab staying current."""
        current = self.tabs.currentIndex()
        empty, text = self.tabs.widget(index), self.tabs.tabText(index)
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, page, text)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if empty is not None:
            empty.deleteLater()

    @Slot(int)
    def _panel_shown(self, index: int) -> None:
        if index == EVIDENCE_TAB:
            self.evidence  # noqa: B018 - built now that it shows
        elif index == HISTORY_TAB:
            self.history  # noqa: B018

    @Slot(list)
    def _phases_maybe_changed(self, changes: list[Change]) -> None:
        # Looking through every milestone after each edit would grow with the plan.
        if any(c.entity == "milestone" and (c.op != SET or c.field == "phase") for c in changes):
            self._show_phases()

    @Slot()
    def _show_phases(self, *_args: object) -> None:
        """The Phase column while the plan has phases; hidden (as before) otherwise."""
        phased = any(m.phase for m in self.session.state.milestones.values())
        self.tree.setColumnHidden(PHASE_COLUMN, not phased)

    @Slot()
    def _span_headings(self, *_args: object) -> None:
        """A phase heading's name reads across its whole row."""
        headings = set(self.milestones.heading_rows())
        if not headings and not self._spanned:
            return  # a plan without phases: nothing was ever spanned
        # Spans follow rows that move, so every row is checked, not only the last ones.
        root = QModelIndex()
        for row in range(self.milestones.rowCount()):
            heading = row in headings
            if self.tree.isFirstColumnSpanned(row, root) != heading:
                self.tree.setFirstColumnSpanned(row, root, heading)
        self._spanned = headings

    def set_compact(self, compact: bool) -> None:
        """A small screen: the header on one line, the side panels folded to their tabs,
        so the milestone table keeps most of the height."""
        self.header.set_collapsed(compact)
        if compact:
            self.fold_panels()

    def fold_panels(self) -> None:
        folded = self.tabs.tabBar().sizeHint().height() + 2
        self.tabs.setMinimumHeight(folded)
        total = sum(self.splitter.sizes()) or self.height()
        self.splitter.setSizes([max(total - folded, 1), folded])

    def open_panels(self) -> None:
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] < 120:
            total = sum(sizes)
            self.splitter.setSizes([max(total - 240, 1), 240])

    def add_bar(self, bar: QWidget) -> None:
        """A bar (find, quick add) between the header and the milestone table."""
        self._column.insertWidget(self._column.count() - 1, bar)

    @Slot(QModelIndex, int, int)
    def _expand_new(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self.tree.expand(self.milestones.index(row, 0))
        else:
            self.tree.expand(parent)
