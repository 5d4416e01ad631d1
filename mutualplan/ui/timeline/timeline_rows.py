"""The items on the timeline's rows: each dated milestone's bar (and its ghost where
the revision both sides signed had other dates), each dated action's tick, and the
arrows into each milestone from what it depends on.

The view makes a new set when the rows change, and asks it to move, add or remove the
items of the rows an edit touched.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsScene

from ...domain.model import MilestoneStatus
from ..common.values import SIDE_COLOURS
from ..session import PlanSession
from .geometry import DayScale, Link, bar_start
from .timeline_items import ActionTick, DependencyArrows, GhostBar, Ink, MilestoneBar, TextMeasure

OTHER = QColor("#888888")


class RowItems:
    """The bars, ghosts, ticks and arrows on one layout of rows, by entity id."""

    def __init__(
        self,
        scene: QGraphicsScene,
        session: PlanSession,
        row_height: float,
        font: QFont,
        ink: Ink,
        metrics: TextMeasure,
    ) -> None:
        self.scene = scene
        self.session = session
        self.row_height = row_height
        self.font = font
        self.ink = ink
        self.metrics = metrics
        self.bars: dict[str, MilestoneBar] = {}
        self.ghosts: dict[str, GhostBar] = {}
        self.ticks: dict[str, ActionTick] = {}
        self.arrows: dict[str, DependencyArrows] = {}

    def item_of(self, entity_id: str) -> MilestoneBar | ActionTick | None:
        return self.bars.get(entity_id) or self.ticks.get(entity_id)

    def place_milestone(self, milestone_id: str, number: int, scale: DayScale) -> None:
        """Create, move or remove the bar and ghost of one milestone row."""
        state = self.session.state
        milestone = state.milestones.get(milestone_id)
        y = number * self.row_height
        bar = self.bars.get(milestone_id)
        if milestone is None or milestone.due is None:
            for items in (self.bars, self.ghosts):
                item = items.pop(milestone_id, None)
                if item is not None:
                    self.scene.removeItem(item)
            return
        if bar is None:
            bar = MilestoneBar(
                milestone_id, self.row_height, self.font, self.ink, milestone.due, scale
            )
            self.bars[milestone_id] = bar
            self.scene.addItem(bar)
        bar.setPos(0, y)
        bar.set_values(
            start=bar_start(milestone),
            due=milestone.due,
            scale=scale,
            colour=SIDE_COLOURS.get(milestone.side, OTHER),
            done=milestone.status == MilestoneStatus.DONE,
            title=milestone.title,
            slip_days=self.session.slips().get(milestone_id, 0),
            metrics=self.metrics,
        )
        before = (
            self.session.baseline.milestones.get(milestone_id) if self.session.baseline else None
        )
        ghost = self.ghosts.get(milestone_id)
        if (
            before is None
            or before.due is None
            or (before.start, before.due) == (milestone.start, milestone.due)
        ):  # no ghost: the signed revision had no dates for it, or the same ones
            if ghost is not None:
                self.scene.removeItem(self.ghosts.pop(milestone_id))
            return
        if ghost is None:
            ghost = GhostBar(self.row_height, self.ink)
            self.ghosts[milestone_id] = ghost
            self.scene.addItem(ghost)
        ghost.setPos(0, y)
        before_start = before.start if before.start and before.start <= before.due else None
        ghost.set_dates(before_start, before.due, scale)

    def place_action(self, action_id: str, number: int, scale: DayScale) -> None:
        state = self.session.state
        action = state.actions.get(action_id)
        tick = self.ticks.get(action_id)
        if action is None or action.due is None:
            if tick is not None:
                self.scene.removeItem(self.ticks.pop(action_id))
            return
        if tick is None:
            tick = ActionTick(action_id, self.row_height, self.ink)
            self.ticks[action_id] = tick
            self.scene.addItem(tick)
        tick.setPos(0, number * self.row_height)
        milestone = state.milestones.get(action.milestone_id)
        colour = SIDE_COLOURS.get(milestone.side, OTHER) if milestone else OTHER
        tick.set_values(action.due, scale, colour, action.done)

    def update_arrows(self, milestone_ids: set[str] | None = None) -> None:
        """Redraw the arrows into these milestones (all when None)."""
        state, half = self.session.state, self.row_height / 2
        for milestone_id in self.bars if milestone_ids is None else milestone_ids:
            bar = self.bars.get(milestone_id)
            milestone = state.milestones.get(milestone_id)
            links = []
            if bar is not None and milestone is not None:
                for prerequisite in milestone.depends_on:
                    before = self.bars.get(prerequisite)
                    if before is not None:
                        links.append(
                            Link(before.right_x, before.y() + half, bar.left_x, bar.y() + half)
                        )
            arrows = self.arrows.get(milestone_id)
            if not links:
                if arrows is not None:
                    self.scene.removeItem(self.arrows.pop(milestone_id))
                continue
            if arrows is None:
                arrows = self.arrows[milestone_id] = DependencyArrows(self.row_height, self.ink)
                self.scene.addItem(arrows)
            arrows.set_links(links)

    def refresh_slips(self, row_of: dict[str, int], scale: DayScale) -> None:
        slips = self.session.slips()
        for milestone_id, bar in self.bars.items():
            days = slips.get(milestone_id, 0)
            if days != bar.slip_days:
                self.place_milestone(milestone_id, row_of[milestone_id], scale)
