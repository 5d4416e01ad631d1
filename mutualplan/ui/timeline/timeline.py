"""The timeline beside the milestone table.

Each row of the timeline is the table row beside it: a milestone's bar (or a diamond
when it has only a due date), and an action's tick on its own row, so reading across
from a title lands on its bar. The vertical scroll follows the table's.

Dragging the middle of a bar moves the milestone, dragging its right end changes the
due date; either is one undoable edit through the session. Ghosts show where each
milestone was in the last revision both sides signed.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QTreeView,
    QWidget,
)

from ...domain import edits
from ...domain.changes import SET, Change
from ...domain.model import Milestone
from ...domain.state import PlanRuleError
from ...i18n import _
from ..editor.milestone_model import ID_ROLE, NO_PHASE, PHASE_ROLE, STRUCTURE_FIELDS, TITLE_COLUMN
from ..session import PlanSession
from .geometry import (
    DAY_WIDTH,
    MONTHS,
    WEEKS,
    ZOOM_STEP,
    DayScale,
    Row,
    clamp_day_width,
    drag_days,
    dragged_dates,
    fit_day_width,
    linked_to,
    nudged_dates,
    phase_bands,
    plan_date_range,
    scale_for,
    undated_summary,
    widest_grid_label,
)
from .timeline_grid import TimelineAxis, paint_days
from .timeline_items import (
    ActionTick,
    DragLabel,
    Ink,
    MilestoneBar,
    TextMeasure,
)
from .timeline_paint import paint_phase_bands, paint_phase_names, paint_undated
from .timeline_rows import RowItems
from .timeline_text import action_tooltip, drag_text, milestone_tooltip

if TYPE_CHECKING:
    from ..contract import App, OpenPlan

__all__ = [
    "MONTHS",
    "WEEKS",
    "TimelineSizes",
    "TimelineView",
    "show_timeline",
    "timeline_of",
    "toggle_timeline",
]


@dataclass
class _Drag:
    bar: MilestoneBar
    mode: str  # "move" or "end"
    press_x: float
    start: dt.date | None
    due: dt.date
    days: int = 0
    active: bool = False


class TimelineView(QGraphicsView):
    """The timeline of the open plan, rows kept beside the table's rows."""

    unitChanged = Signal(str)
    rebuilt = Signal()

    def __init__(self, session: PlanSession, tree: QTreeView, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.tree = tree
        self.setObjectName("timeline")
        self.setAccessibleName(_("Timeline"))
        self.setScene(QGraphicsScene(self))
        # Items move and are replaced on every edit: a spatial index costs more than
        # it saves at a few thousand items.
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setToolTip("")  # tooltips are worked out per item, when asked for

        self.unit = MONTHS
        self.day_width = DAY_WIDTH[MONTHS]
        self.day_scale: DayScale | None = None
        self.row_height = 20.0
        self.rows: list[Row] = []
        self.last_rebuild_ms = 0.0
        self._row_of: dict[str, int] = {}
        self._drag: _Drag | None = None
        self._selected_id: str | None = None
        self._undated: list[Milestone] = []
        self._range: tuple[dt.date, dt.date] = (dt.date.today(), dt.date.today())
        self._stale = True
        self._model: QAbstractItemModel | None = None
        self._selection_model: QItemSelectionModel | None = None
        self.text_font = QFont(self.font())
        self.text_font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        self._metrics = TextMeasure(self.text_font)
        self.ink = Ink(tree.palette())
        self.row_items = self._new_row_items()
        self._drag_label = self._new_drag_label()

        self.axis = TimelineAxis(self)
        self._build_controls()
        self._rows_check = QTimer(self)
        self._rows_check.setSingleShot(True)
        self._rows_check.setInterval(0)
        self._rows_check.timeout.connect(self._check_rows)
        # Find and filter hides the table's rows without a signal; the table repaints,
        # though, and then the hidden rows are compared (a few milliseconds at most).
        self._hidden: tuple[int, ...] = ()
        self._hidden_check = QTimer(self)
        self._hidden_check.setSingleShot(True)
        self._hidden_check.setInterval(0)
        self._hidden_check.timeout.connect(self._check_hidden)

        session.changesApplied.connect(self._on_changes)
        session.planReloaded.connect(self.rebuild)
        tree.expanded.connect(self._schedule_rows_check)
        tree.collapsed.connect(self._schedule_rows_check)
        tree.verticalScrollBar().valueChanged.connect(self._sync_vertical)
        tree.verticalScrollBar().rangeChanged.connect(self._sync_vertical)
        tree.header().installEventFilter(self)
        tree.viewport().installEventFilter(self)
        self.horizontalScrollBar().valueChanged.connect(self.axis.update)
        self._watch_tree_model()

    def _build_controls(self) -> None:
        """Zoom and the weeks/months switch, beside the horizontal scroll bar."""
        controls = QWidget()
        layout = QHBoxLayout(controls)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(2)
        self.unit_buttons = QButtonGroup(self)
        for unit, text, tip in (
            (WEEKS, _("Weeks"), _("Gridlines and labels by weeks")),
            (MONTHS, _("Months"), _("Gridlines and labels by months")),
        ):
            button = QToolButton()
            button.setText(text)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(tip)
            button.setChecked(unit == self.unit)
            button.clicked.connect(lambda _=False, u=unit: self.set_unit(u))
            self.unit_buttons.addButton(button)
            layout.addWidget(button)
            setattr(self, f"{unit}_button", button)
        for text, tip, slot in (
            ("−", _("Zoom out (−, Ctrl+wheel)"), lambda: self.zoom_by(1 / ZOOM_STEP)),
            ("+", _("Zoom in (+, Ctrl+wheel)"), lambda: self.zoom_by(ZOOM_STEP)),
            (_("Fit"), _("Show the whole plan"), self.fit_all),
        ):
            button = QToolButton()
            button.setText(text)
            button.setAutoRaise(True)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.clicked.connect(slot)
            layout.addWidget(button)
        controls.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.addScrollBarWidget(controls, Qt.AlignmentFlag.AlignLeft)

    # -- following the table ---------------------------------------------------------------

    def _watch_tree_model(self) -> None:
        """Follow the table's model and selection (again, if it was given a new one)."""
        model, selection = self.tree.model(), self.tree.selectionModel()
        if model is not self._model:
            self._model = model
            for signal in (
                model.rowsInserted,
                model.rowsRemoved,
                model.rowsMoved,
                model.modelReset,
                model.layoutChanged,
            ):
                signal.connect(self._schedule_rows_check)
        if selection is not self._selection_model:
            self._selection_model = selection
            selection.currentChanged.connect(self._table_current_changed)

    def _visible_rows(self) -> list[Row]:
        """The table's rows from top to bottom, as it shows them now."""
        model, tree = self.tree.model(), self.tree
        root = QModelIndex()
        rows: list[Row] = []
        for row in range(model.rowCount(root)):
            if tree.isRowHidden(row, root):
                continue
            index = model.index(row, 0, root)
            phase = index.data(PHASE_ROLE)
            if phase is not None:  # a phase heading: an empty row, so the rows line up
                rows.append(Row("phase", phase, row, -1))
                continue
            rows.append(Row("milestone", index.data(ID_ROLE), row, -1))
            if tree.isExpanded(index):
                for child in range(model.rowCount(index)):
                    if not tree.isRowHidden(child, index):
                        action_id = model.index(child, 0, index).data(ID_ROLE)
                        rows.append(Row("action", action_id, child, row))
        return rows

    def _hidden_rows(self) -> tuple[int, ...]:
        root, tree = QModelIndex(), self.tree
        return tuple(r for r in range(tree.model().rowCount(root)) if tree.isRowHidden(r, root))

    @Slot()
    def _check_hidden(self) -> None:
        if self.isVisible() and self._hidden_rows() != self._hidden:
            self._check_rows()

    def _table_row_height(self) -> float:
        model = self.tree.model()
        if model.rowCount():
            height = self.tree.visualRect(model.index(0, 0)).height()
            if height > 0:
                return float(height)
        return float(self.tree.fontMetrics().height() + 4)

    @Slot()
    def _schedule_rows_check(self, *args) -> None:
        self._rows_check.start()

    @Slot()
    def _check_rows(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._watch_tree_model()
        if self._visible_rows() != self.rows or self._table_row_height() != self.row_height:
            self.rebuild()

    @Slot()
    def _sync_vertical(self, *args) -> None:
        value: float = self.tree.verticalScrollBar().value()
        if self.tree.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
            value = value * self.row_height
        self.verticalScrollBar().setValue(round(value))

    def tree_index(self, entity_id: str) -> QModelIndex:
        row = self._row_of.get(entity_id)
        if row is None:
            return QModelIndex()
        found = self.rows[row]
        model = self.tree.model()
        if found.parent_row < 0:
            return model.index(found.row, TITLE_COLUMN)
        return model.index(found.row, TITLE_COLUMN, model.index(found.parent_row, 0))

    @Slot(QModelIndex, QModelIndex)
    def _table_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.select(current.data(ID_ROLE) if current.isValid() else None)

    def select(self, entity_id: str | None, *, scroll: bool = True) -> None:
        """Highlight the row and bar (or tick) of `entity_id` and bring it into view."""
        self._selected_id = entity_id
        item = self.item_of(entity_id)
        self.scene().clearSelection()
        self.viewport().update()
        if item is None:
            return
        item.setSelected(True)
        if scroll and self._drag is None:
            self._scroll_to(item)

    def selected_id(self) -> str | None:
        """The milestone or action selected in the table, and so here."""
        return self._selected_id

    def item_of(self, entity_id: str | None) -> MilestoneBar | ActionTick | None:
        if entity_id is None:
            return None
        return self.row_items.item_of(entity_id)

    def _scroll_to(self, item: QGraphicsItem) -> None:
        """Horizontally only: the table decides which rows are in view."""
        rect = item.bar_rect() if isinstance(item, MilestoneBar) else item.boundingRect()
        left = self.mapToScene(0, 0).x()
        width = self.viewport().width()
        margin = min(60.0, width / 6)
        bar = self.horizontalScrollBar()
        if rect.left() < left + margin:
            bar.setValue(round(bar.value() - (left + margin - rect.left())))
        elif rect.right() > left + width - margin:
            shift = min(rect.right() - (left + width - margin), rect.left() - (left + margin))
            bar.setValue(round(bar.value() + shift))

    def _select_in_table(self, entity_id: str) -> None:
        index = self.tree_index(entity_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    # -- building --------------------------------------------------------------------------

    @Slot()
    def rebuild(self, *, same_rows: bool = False) -> None:
        """Draw every row again: from scratch after a structural edit or for another
        plan; with `same_rows`, moving the items there are (a zoom, a longer axis)."""
        self._draw(same_rows)

    def _draw(self, same_rows: bool) -> DayScale:
        """Rebuild, and return the day scale the rows are now drawn with."""
        began = time.perf_counter()
        self._watch_tree_model()
        self._stale = False
        anchor = self._centre_day()
        scene = self.scene()
        self._drag = None
        if not same_rows or self.day_scale is None:  # never drawn: no rows to keep
            scene.clear()
            self.rows = self._visible_rows()
            self._row_of = {row.id: number for number, row in enumerate(self.rows)}
            self.row_height = self._table_row_height()
            self.row_items = self._new_row_items()
            self._hidden = self._hidden_rows()
            self._drag_label = self._new_drag_label()
        self._range = plan_date_range(self.session.state, self.session.baseline, self.session.today)
        scale = self.day_scale = scale_for(self._range[0], self.unit, self.day_width)
        for number, row in enumerate(self.rows):
            if row.kind == "milestone":
                self.row_items.place_milestone(row.id, number, scale)
            elif row.kind == "action":
                self.row_items.place_action(row.id, number, scale)
        self._collect_undated()
        self.row_items.update_arrows()
        self._update_scene_rect(scale)
        self._sync_vertical()
        current = self.tree.currentIndex()
        self.select(current.data(ID_ROLE) if current.isValid() else None, scroll=False)
        if anchor is not None:
            self._centre_on_day(scale, anchor)
        else:  # first look: from a few weeks back, where the work is now
            since = max(self._range[0], self.session.today - dt.timedelta(days=21))
            self.horizontalScrollBar().setValue(round(self.day_scale.x(since)))
        self.axis.update()
        self.viewport().update()
        self.last_rebuild_ms = (time.perf_counter() - began) * 1000
        self.rebuilt.emit()
        return scale

    def _new_row_items(self) -> RowItems:
        return RowItems(
            self.scene(), self.session, self.row_height, self.text_font, self.ink, self._metrics
        )

    def _new_drag_label(self) -> DragLabel:
        label = DragLabel()
        label.setFont(self.text_font)
        self.scene().addItem(label)
        return label

    def _linked_to(self, milestone_ids: set[str]) -> set[str]:
        return linked_to(self.session.state, milestone_ids)

    def _update_scene_rect(self, scale: DayScale) -> None:
        low, high = self._range
        right = scale.x(high + dt.timedelta(days=45)) + 300
        height = len(self.rows) * self.row_height + self.viewport().height()
        self.setSceneRect(QRectF(0, 0, max(right, self.viewport().width()), height))

    def _on_changes(self, changes: list[Change]) -> None:
        if not self.isVisible():
            self._stale = True
            return
        structural = any(c.op != SET or (c.entity, c.field) in STRUCTURE_FIELDS for c in changes)
        scale = self.day_scale
        # A filter that hides rows tells through the table's model; never drawn yet
        # (scale None): draw it all.
        if structural or scale is None:
            self.rebuild()
            return
        low, high = self._range
        items = self.row_items
        moved_range = False
        for change in changes:
            number = self._row_of.get(change.entity_id)
            if change.entity == "milestone" and number is not None:
                items.place_milestone(change.entity_id, number, scale)
                for action in self.session.state.actions_of(change.entity_id):
                    if action.id in self._row_of:
                        items.place_action(action.id, self._row_of[action.id], scale)
            elif change.entity == "action" and number is not None:
                items.place_action(change.entity_id, number, scale)
            if isinstance(change.new, dt.date) and not low <= change.new <= high:
                moved_range = True
        if moved_range or any(c.entity == "plan" and c.field == "target_date" for c in changes):
            self.rebuild(same_rows=True)  # the axis has to reach further (or may shrink)
            return
        self._collect_undated()
        moved = {c.entity_id for c in changes if c.entity == "milestone"}
        if moved:
            items.refresh_slips(self._row_of, scale)
            self.row_items.update_arrows(self._linked_to(moved))
        self.viewport().update()

    def _collect_undated(self) -> None:
        milestones = self.session.state.milestones
        self._undated = [
            milestones[row.id]
            for row in self.rows
            if row.kind == "milestone" and row.id in milestones and milestones[row.id].due is None
        ]

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.ink.set_palette(self.tree.palette())
            self.viewport().update()
            self.axis.update()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._schedule_rows_check()  # the table's rows may have changed height

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.rebuild()
        self._fit_axis()

    # -- zoom --------------------------------------------------------------------------------

    def _centre_day(self, at: float | None = None) -> float | None:
        """The day (with its fraction) at the middle of the view (or at viewport x `at`),
        to zoom around; None before the rows are first drawn."""
        if self.day_scale is None:
            return None
        x = self.viewport().width() // 2 if at is None else round(at)
        return self.day_scale.day_number(self.mapToScene(x, 0).x())

    def _centre_on_day(self, scale: DayScale, day: float, at: float | None = None) -> None:
        at = self.viewport().width() / 2 if at is None else at
        self.horizontalScrollBar().setValue(round(scale.x_of_day_number(day) - at))

    def zoom_by(self, factor: float, at: float | None = None) -> None:
        """Zoom around the middle of the view (or around viewport x `at`)."""
        width = clamp_day_width(self.day_width * factor)
        if math.isclose(width, self.day_width):
            return
        at = self.viewport().width() / 2 if at is None else at
        day = self._centre_day(at)
        self.day_width = width
        scale = self._draw(same_rows=True)
        if day is not None:
            self._centre_on_day(scale, day, at)

    def set_unit(self, unit: str) -> None:
        """Weeks or months: the gridlines, and the zoom that suits them."""
        getattr(self, f"{unit}_button").setChecked(True)
        if unit == self.unit:
            return
        self.unit = unit
        day = self._centre_day()
        self.day_width = DAY_WIDTH[unit]
        scale = self._draw(same_rows=True)
        if day is not None:
            self._centre_on_day(scale, day)
        self.unitChanged.emit(unit)

    def fit_all(self) -> None:
        low, high = self._range
        self.day_width = fit_day_width(low, high, self.viewport().width())
        scale = self._draw(same_rows=True)
        self.horizontalScrollBar().setValue(round(scale.x(low - dt.timedelta(days=7))))

    # -- drawing the rows' background --------------------------------------------------------

    def drawBackground(self, painter: QPainter, exposed: QRectF | QRect) -> None:  # noqa: N802
        rect = QRectF(exposed)
        ink = self.ink
        painter.fillRect(rect, ink.base)
        scale, height = self.day_scale, self.row_height
        if scale is None or height <= 0:
            return
        if self.tree.alternatingRowColors():
            first = max(0, int(rect.top() // height))
            last = min(len(self.rows), int(rect.bottom() // height) + 1)
            for number in range(first | 1, last, 2):
                painter.fillRect(
                    QRectF(rect.left(), number * height, rect.width(), height), ink.alternate
                )
        paint_phase_bands(painter, rect, self.phase_bands(), height)
        selected = self._row_of.get(self.selected_id() or "")
        if selected is not None:  # the selected row, as the table shows it
            band = QColor(self.tree.palette().color(QPalette.ColorRole.Highlight))
            band.setAlpha(45)
            painter.fillRect(QRectF(rect.left(), selected * height, rect.width(), height), band)
        paint_days(
            painter,
            rect,
            scale,
            self.unit,
            self.ink,
            QFontMetricsF(self.font()).horizontalAdvance(widest_grid_label()) + 12,
            (self.session.today, self.session.state.plan.target_date),
        )

    def phase_bands(self) -> list[tuple[str, int, int]]:
        """(phase, first row, last row) of each run of rows in one phase, as the table
        shows them; none when the plan has no phases."""
        return phase_bands(self.rows, self.session.state, _(NO_PHASE))

    def drawForeground(self, painter: QPainter, exposed: QRectF | QRect) -> None:  # noqa: N802
        """Write each phase band's name, "not dated" where an undated milestone's bar
        would be, and the list of them in the corner."""
        rect = QRectF(exposed)
        paint_phase_names(self, painter, self.phase_bands(), self.text_font, self.row_height)
        if not self._undated:
            return
        rows = [self._row_of[m.id] for m in self._undated if m.id in self._row_of]
        numbers = [self.session.state.milestone_number(m.id) for m in self._undated]
        summary = undated_summary(numbers)
        paint_undated(self, painter, rect, rows, summary, self.text_font, self.ink, self.row_height)

    # -- the header strip ----------------------------------------------------------------------

    def _fit_axis(self) -> None:
        """The date strip takes the place the table gives its column header, so rows line
        up across the splitter."""
        height = self.tree.header().height() if self.tree.header().isVisible() else 0
        height = height or self.tree.header().sizeHint().height()
        self.setViewportMargins(0, height, 0, 0)
        frame = self.frameWidth()
        self.axis.setGeometry(frame, frame, self.viewport().width(), height)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.tree.header() and event.type() == QEvent.Type.Resize:
            self._fit_axis()
        elif watched is self.tree.viewport() and event.type() == QEvent.Type.Paint:
            self._hidden_check.start()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_axis()
        if self.day_scale is not None:
            self._update_scene_rect(self.day_scale)
            self._sync_vertical()

    # -- mouse and keys ----------------------------------------------------------------------

    def _item_at(self, position: QPointF) -> MilestoneBar | ActionTick | None:
        for item in self.items(position.toPoint()):
            if isinstance(item, MilestoneBar | ActionTick):
                return item
        return None

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            item = self._item_at(QPointF(event.pos()))
            text = self._tooltip(item) if item is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _tooltip(self, item: MilestoneBar | ActionTick) -> str:
        state = self.session.state
        if isinstance(item, ActionTick):
            return action_tooltip(state, item.action_id)
        revision = self.session.baseline_revision
        return milestone_tooltip(
            state,
            item.milestone_id,
            self.session.baseline,
            revision.label if revision is not None else "",
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        item = self._item_at(event.position())
        if isinstance(item, ActionTick):
            self._select_in_table(item.action_id)
            return
        if not isinstance(item, MilestoneBar):
            return
        self._select_in_table(item.milestone_id)
        x = self.mapToScene(event.position().toPoint()).x()
        on_bar = item.bar_rect().adjusted(-3, 0, 3, 0)
        if on_bar.left() <= x <= on_bar.right():
            mode = "end" if item.on_handle(x) else "move"
            self._drag = _Drag(item, mode, x, item.start, item.due)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self._drag
        x = self.mapToScene(event.position().toPoint()).x()
        if drag is None:
            item = self._item_at(event.position())
            cursor = Qt.CursorShape.ArrowCursor
            if isinstance(item, MilestoneBar) and item.bar_rect().adjusted(-3, 0, 3, 0).contains(
                QPointF(x, item.row_height / 2)
            ):
                cursor = (
                    Qt.CursorShape.SizeHorCursor
                    if item.on_handle(x)
                    else Qt.CursorShape.OpenHandCursor
                )
            self.viewport().setCursor(cursor)
            super().mouseMoveEvent(event)
            return
        if not drag.active and abs(x - drag.press_x) < QApplication.startDragDistance():
            return
        drag.active = True
        drag.days = drag_days(drag.press_x, x, self.day_width)
        start, due = self._dragged_dates(drag)
        drag.bar.preview(start, due, invalid=start is not None and due < start)
        self.row_items.update_arrows(self._linked_to({drag.bar.milestone_id}))
        self.viewport().setCursor(
            Qt.CursorShape.SizeHorCursor if drag.mode == "end" else Qt.CursorShape.ClosedHandCursor
        )
        self._show_drag_label(drag, start, due)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._drag = None
        self._drag_label.hide()
        self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
        if drag.active and drag.days:
            start, due = self._dragged_dates(drag)
            self.commit_dates(drag.bar.milestone_id, start, due)
        else:
            self._restore(drag.bar.milestone_id)

    def _dragged_dates(self, drag: _Drag) -> tuple[dt.date | None, dt.date]:
        return dragged_dates(drag.mode, drag.start, drag.due, drag.days)

    def _show_drag_label(self, drag: _Drag, start: dt.date | None, due: dt.date) -> None:
        text = drag_text(drag.mode, start, due, drag.days)
        label_item = self._drag_label
        label_item.setText(text)
        rect = drag.bar.bar_rect()
        height = label_item.boundingRect().height()
        y = drag.bar.y() - height - 4
        if y < self.mapToScene(0, 0).y():
            y = drag.bar.y() + self.row_height + 4
        left = max(self.mapToScene(0, 0).x() + 6, rect.left())
        label_item.setPos(left, y)
        label_item.show()

    def commit_dates(self, milestone_id: str, start: dt.date | None, due: dt.date) -> bool:
        """Save new dates for a milestone as one undoable edit; the bar snaps back if the
        plan refuses them."""
        state = self.session.state
        milestone = state.milestones.get(milestone_id)
        if milestone is None:
            return False
        try:
            starts = edits.set_field(state, "milestone", milestone_id, "start", start)
            dues = edits.set_field(state, "milestone", milestone_id, "due", due)
        except PlanRuleError as exc:
            self.session.editRefused.emit(str(exc))
            self._restore(milestone_id)
            return False
        # The plan checks each change in turn: moving later, the due date has to go
        # first, or the new start would fall after the old due date.
        later = milestone.due is not None and due > milestone.due
        changes = dues + starts if later else starts + dues
        moved = bool(starts)
        text = (
            _("Move “{title}”") if moved else _("Change the due date of “{title}”")
        ).format(title=milestone.title)
        applied = self.session.apply(changes, text)
        if not applied:
            self._restore(milestone_id)  # refused: back where the plan has it
        return applied

    def _restore(self, milestone_id: str) -> None:
        number = self._row_of.get(milestone_id)
        if number is not None and self.day_scale is not None:
            self.row_items.place_milestone(milestone_id, number, self.day_scale)
            self.row_items.update_arrows(self._linked_to({milestone_id}))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, modifiers = event.key(), event.modifiers()
        if self._drag is not None and key == Qt.Key.Key_Escape:
            drag, self._drag = self._drag, None
            self._drag_label.hide()
            self._restore(drag.bar.milestone_id)
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
            return
        if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_by(1 / ZOOM_STEP)
            return
        if (
            key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and modifiers & Qt.KeyboardModifier.AltModifier
        ):
            self._nudge(
                -1 if key == Qt.Key.Key_Left else 1,
                due_only=bool(modifiers & Qt.KeyboardModifier.ShiftModifier),
            )
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            # The rows are the table's: walk them there, and the timeline follows.
            QApplication.sendEvent(self.tree, event)
            return
        super().keyPressEvent(event)

    def _nudge(self, days: int, *, due_only: bool) -> None:
        """Alt+Left/Right move the selected milestone a day; with Shift, its due date."""
        milestone = self.session.state.milestones.get(self.selected_id() or "")
        if milestone is None or milestone.due is None:
            return
        start, due = nudged_dates(milestone.start, milestone.due, days, due_only=due_only)
        self.commit_dates(milestone.id, start, due)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta.y():
                self.zoom_by(ZOOM_STEP ** (delta.y() / 120), at=event.position().x())
            event.accept()
            return
        if abs(delta.x()) > abs(delta.y()) or event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)
            return
        QApplication.sendEvent(self.tree.verticalScrollBar(), event)


# -- showing it beside the table ---------------------------------------------------------


@dataclass
class TimelineSizes:
    """The splitter's proportions when the timeline was last hidden, to show it again so."""

    sizes: list[int] | None = None


def timeline_of(app: App) -> TimelineView | None:
    view = app.plan_view
    return view.beside.findChild(TimelineView) if view is not None else None


def show_timeline(plan: OpenPlan, shown: bool) -> TimelineView | None:
    """Show or hide the timeline beside the table, keeping the View menu's tick and the
    splitter's proportions."""
    app = plan.app
    app.action("timeline").setChecked(shown)
    view = plan.view
    kept = app.state(TimelineSizes)
    timeline = timeline_of(app)
    if not shown:
        if timeline is not None and not timeline.isHidden():
            kept.sizes = view.beside.sizes()
            timeline.hide()
        return timeline
    if timeline is None:
        timeline = TimelineView(plan.session, view.tree)
        view.beside.addWidget(timeline)
        view.beside.setStretchFactor(1, 1)
    timeline.show()
    sizes = kept.sizes
    total = sum(view.beside.sizes()) or view.beside.width()
    if not sizes or len(sizes) != 2:
        sizes = [round(total * 0.45), total - round(total * 0.45)]
    view.beside.setSizes(sizes)
    return timeline


def toggle_timeline(plan: OpenPlan) -> None:
    timeline = timeline_of(plan.app)
    show_timeline(plan, timeline is None or timeline.isHidden())
