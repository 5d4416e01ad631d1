"""Presenting the plan on a projector: full screen, large type, high contrast.

The buyer's objective stays at the top and the person edits are attributed to is
always named; one milestone at a time fills the screen, with the others listed beside
it. Type is sized from the window's height (a 1280×720 projector and a 4K screen show
the same layout), and shrinks step by step where a long milestone would not fit, so no
text is ever cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Milestone, MilestoneStatus, label
from ...i18n import _, ngettext
from ..common.values import SIDE_COLOURS, format_date, person_name
from .presentation_editing import RoomEditing
from .presentation_style import (
    DESIGN_HEIGHT,
    KEYS_HELP,
    LAST_RESORT_STEPS,
    NEXT_KEYS,
    PREVIOUS_KEYS,
    ROW_FLAGS,
    SHRINK_STEPS,
    SIZES,
    STATUS_COLOURS,
    STYLE,
    slide_label,
)

if TYPE_CHECKING:
    from ..contract import OpenPlan


class PresentationWindow(QWidget):
    """One milestone at a time, for everyone in the room to read."""

    closed = Signal()

    def __init__(self, window) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.window_ = window
        self.session = window.session
        self.setObjectName("presentation")
        self.setAccessibleName(_("Presentation"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.current_id: str | None = None
        self.editing_keys = RoomEditing(self)
        self._scale = 1.0
        self._position = 0  # where the milestone shown is in the list

        self.objective_heading = slide_label("heading", wrap=False)
        self.objective_heading.setText(_("THE BUYER’S OBJECTIVE"))
        self.objective = slide_label()
        self.editing = slide_label("secondary")
        self.editing.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.editing.setAccessibleName(_("Editing as"))
        self.rule = QWidget()
        self.rule.setObjectName("rule")

        self.position = slide_label("secondary")
        self.title = slide_label()
        self.meta = slide_label("secondary")
        self.status = slide_label(wrap=False)
        self.health = slide_label()
        self.health.setAccessibleName(_("Health"))
        self.exit_heading = slide_label("heading", wrap=False)
        self.exit_heading.setText(_("EXIT CRITERIA"))
        self.exit = slide_label()
        self.actions_heading = slide_label("heading", wrap=False)
        self.actions_heading.setText(_("ACTIONS"))
        self.action_labels: list[QLabel] = []
        self.detail = QWidget()
        self.detail_layout = QVBoxLayout(self.detail)
        self.detail_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.position,
            self.title,
            self.meta,
            self.status,
            self.health,
            self.exit_heading,
            self.exit,
            self.actions_heading,
        ):
            self.detail_layout.addWidget(widget)
        self.detail_layout.addStretch(1)

        self.list = QWidget()
        self.list.setAccessibleName(_("All milestones"))
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_labels: list[QLabel] = []
        self.list_layout.addStretch(1)

        self.footer = slide_label("secondary")
        self.footer.setText(_(KEYS_HELP))
        self.plan_title = slide_label("secondary")
        self.plan_title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)

        top = QHBoxLayout()
        objective_column = QVBoxLayout()
        objective_column.addWidget(self.objective_heading)
        objective_column.addWidget(self.objective)
        top.addLayout(objective_column, 3)
        top.addWidget(self.editing, 1)
        body = QHBoxLayout()
        body.addWidget(self.detail, 62)
        body.addWidget(self.list, 38)
        bottom = QHBoxLayout()
        bottom.addWidget(self.footer, 3)
        bottom.addWidget(self.plan_title, 2)
        layout = QVBoxLayout(self)
        # A long milestone must never make the window grow past the screen: it shrinks.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addLayout(body, 1)
        from .presentation_slides import PlanSlides

        self.slides = PlanSlides(self.session)
        self.slides.hide()
        layout.addWidget(self.slides, 1)
        layout.addLayout(bottom)
        self._top, self._body, self._bottom, self._layout = top, body, bottom, layout
        self._objective_column = objective_column

        self.session.changesApplied.connect(self._plan_changed)
        self.session.planReloaded.connect(self._plan_changed)
        self.session.authorChanged.connect(self._show_author)
        self.refresh()

    # -- what is shown ---------------------------------------------------------------------

    def milestones(self) -> list[Milestone]:
        return self.session.state.milestone_order()

    def current(self) -> Milestone | None:
        return self.session.state.milestones.get(self.current_id or "")

    def show_milestone(self, milestone_id: str | None) -> None:
        self.current_id = milestone_id
        self.refresh()

    def step(self, delta: int) -> None:
        order = [m.id for m in self.milestones()]
        if not order:
            return
        position = order.index(self.current_id) if self.current_id in order else 0
        self.show_milestone(order[max(0, min(len(order) - 1, position + delta))])

    def first(self) -> None:
        order = self.milestones()
        if order:
            self.show_milestone(order[0].id)

    def last(self) -> None:
        order = self.milestones()
        if order:
            self.show_milestone(order[-1].id)

    @Slot()
    def _plan_changed(self, *args) -> None:
        if self.slides.isVisible():
            self.slides.refresh()
        if self.current() is None:
            # The milestone shown went away (deleted, or the plan reloaded): stay at the
            # same place in the list.
            order = self.milestones()
            self.current_id = order[min(self._position, len(order) - 1)].id if order else None
        self.refresh()

    @Slot()
    def _show_author(self) -> None:
        author = self.session.author
        self.editing.setText(
            _("Editing as\n{name} · {label}").format(name=author.name, label=label(author.side))
        )
        self._fit()

    def refresh(self) -> None:
        state = self.session.state
        plan = state.plan
        self.setWindowTitle(_("Presenting {title} — MutualPlan").format(title=plan.title))
        objective = " ".join(plan.objective.split())
        self.objective.setText(objective or _("No objective written yet."))
        self.objective.setProperty("role", "" if objective else "secondary")
        author = self.session.author
        self.editing.setText(
            _("Editing as\n{name} · {label}").format(name=author.name, label=label(author.side))
        )
        self.plan_title.setText(
            _("{title} · {buyer_org} and {seller_org}").format(
                title=plan.title, buyer_org=plan.buyer_org, seller_org=plan.seller_org
            )
        )
        order = self.milestones()
        if self.current() is None and order:
            self.current_id = order[0].id
        milestone = self.current()
        for widget in self.action_labels:
            self.detail_layout.removeWidget(widget)
            widget.hide()  # until Qt deletes it, it would still paint where it was
            widget.deleteLater()
        self.action_labels = []
        if milestone is None:
            self.position.setText("")
            self.title.setText(_("This plan has no milestones yet."))
            for widget in (self.meta, self.status, self.exit, self.exit_heading):
                widget.setText("")
            self.actions_heading.hide()
            self.exit_heading.hide()
            self._fit()
            return
        number = state.milestone_number(milestone.id)
        self._position = number - 1
        self.position.setText(
            _("Milestone {number} of {count} · {label}").format(
                number=number, count=len(order), label=label(milestone.side)
            )
        )
        self.title.setText(milestone.title)
        owner = person_name(state, milestone.owner_id) or _("No owner yet")
        if milestone.start and milestone.due:
            dates = f"{format_date(milestone.start)} → {format_date(milestone.due)}"
        elif milestone.due:
            dates = f"due {format_date(milestone.due)}"
        else:
            dates = "no date yet"
        self.meta.setText(f"{owner}  ·  {dates}")
        status = MilestoneStatus(milestone.status)
        mark = "✓ " if status == MilestoneStatus.DONE else ""
        self.status.setText(f"{mark}{label(status)}")
        self.status.setStyleSheet(f"color: {STATUS_COLOURS[status]};")
        flags = [_(flag) for flag in self.session.health().flags.get(milestone.id, ())]
        late = self.session.slips().get(milestone.id)
        if late:
            flags.append(
                ngettext(
                    "slipped {late} day since the committed revision",
                    "slipped {late} days since the committed revision",
                    late,
                ).format(late=late)
            )
        self.health.setText("⚠ " + " · ".join(flags) if flags else "")
        self.health.setVisible(bool(flags))
        self.health.setStyleSheet("color: #ffb454;")
        side = SIDE_COLOURS.get(milestone.side)
        self.position.setStyleSheet(
            f"color: {side.lighter(160).name()};" if side is not None else ""
        )
        exit_criteria = "\n".join(
            line.strip() for line in milestone.exit_criteria.splitlines() if line.strip()
        )
        self.exit.setText(exit_criteria)
        self.exit_heading.setVisible(bool(exit_criteria))
        self.exit.setVisible(bool(exit_criteria))
        actions = state.actions_of(milestone.id)
        self.actions_heading.setVisible(bool(actions))
        stretch_at = self.detail_layout.count() - 1
        for number, action in enumerate(actions, start=1):
            widget = slide_label("done" if action.done else "")
            owner = person_name(state, action.owner_id)
            when = f" · {format_date(action.due)}" if action.due else ""
            who = f" — {owner}" if owner else ""
            key = f"{number}  " if number <= 9 else ""
            widget.setText(f"{key}{'☑' if action.done else '☐'}  {action.title}{who}{when}")
            widget.setProperty("full_text", widget.text())
            self.detail_layout.insertWidget(stretch_at, widget)
            widget.show()  # now, not on the next turn of the event loop: _fit measures it
            stretch_at += 1
            self.action_labels.append(widget)
        self._restyle()
        self._fit()

    # -- sizing --------------------------------------------------------------------------------

    def _restyle(self) -> None:
        """Labels whose role changed pick up the style sheet's colours again."""
        for widget in self.findChildren(QLabel):
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    def _font(self, size: str, factor: float = 1.0, *, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(9, round(SIZES[size] * self._scale * factor)))
        font.setBold(bold)
        return font

    def _set_fonts(self, factor: float) -> None:
        """Type for the milestone shown, `factor` of its full size."""
        spacing = round(10 * self._scale * factor)
        self.detail_layout.setSpacing(spacing)
        labels = max(factor, 0.85)  # the small headings stay readable from the back row
        self.position.setFont(self._font("position", labels, bold=True))
        self.title.setFont(self._font("title", factor, bold=True))
        self.meta.setFont(self._font("meta", factor))
        self.status.setFont(self._font("status", factor, bold=True))
        for heading in (self.exit_heading, self.actions_heading):
            heading.setFont(self._font("heading", labels, bold=True))
            heading.setContentsMargins(0, spacing, 0, 0)  # a section starts a little apart
        self.exit.setFont(self._font("body", factor))
        for widget in self.action_labels:
            widget.setFont(self._font("body", factor))

    def _frame_fonts(self) -> None:
        """Type that does not depend on the milestone: the objective, the footer."""
        scale = self._scale
        margin = round(28 * scale)
        self._layout.setContentsMargins(margin, round(20 * scale), margin, round(16 * scale))
        self._layout.setSpacing(round(16 * scale))
        self._body.setSpacing(round(36 * scale))
        self._top.setSpacing(round(24 * scale))
        self._objective_column.setSpacing(round(6 * scale))
        self.rule.setFixedHeight(max(2, round(2 * scale)))
        self.objective_heading.setFont(self._font("heading", bold=True))
        self.editing.setFont(self._font("editing", bold=True))
        self.footer.setFont(self._font("footer"))
        self.plan_title.setFont(self._font("footer"))
        self.list_layout.setSpacing(round(4 * scale))

    def _fit_objective(self) -> None:
        """The objective in at most a quarter of the screen: smaller type first, then
        (for an essay of an objective) its first words."""
        full = " ".join(self.session.state.plan.objective.split()) or _(
            "No objective written yet."
        )
        width = max(1, round((self.width() - 2 * 28 * self._scale) * 0.75 - 24 * self._scale))
        room = self.height() * 0.25
        for factor in SHRINK_STEPS:
            self.objective.setFont(self._font("objective", factor))
            self.objective.setText(full)
            if self.objective.heightForWidth(width) <= room:
                return
        words = full.split()
        while len(words) > 1 and self.objective.heightForWidth(width) > room:
            words = words[: max(1, len(words) * 9 // 10)]
            self.objective.setText(" ".join(words) + " …")

    def _fit(self) -> None:
        """Largest type with which the milestone fits, then the list beside it."""
        if self.height() <= 0:
            return
        self._scale = min(self.height() / DESIGN_HEIGHT, self.width() / (DESIGN_HEIGHT * 16 / 9))
        self._frame_fonts()
        self._fit_objective()
        for widget in self.action_labels:
            widget.setText(widget.property("full_text"))
            widget.show()
        for factor in SHRINK_STEPS:
            self._set_fonts(factor)
            self._relayout()
            if self._detail_fits():
                break
        else:
            self._drop_actions()
            for factor in LAST_RESORT_STEPS:
                if self._detail_fits():
                    break
                self._set_fonts(factor)
                self._relayout()
        self._fill_list()

    def _relayout(self) -> None:
        """Lay everything out now, not when the event loop gets to it: the fit is
        measured on the result. (A label's new font only marks its own panel's layout.)"""
        for layout in (self._layout, self.detail_layout, self.list_layout):
            layout.invalidate()
            layout.activate()

    def _detail_fits(self) -> bool:
        room = self.detail.contentsRect().height()
        width = self.detail.contentsRect().width()
        needed = self.detail_layout.totalHeightForWidth(width)
        if needed < 0:
            needed = self.detail_layout.sizeHint().height()
        return needed <= room

    def _drop_actions(self) -> None:
        """Even the smallest type is too large: show the first actions and a count of
        the rest (they are all in the table and the PDF)."""
        shown = len(self.action_labels)
        while shown > 0 and not self._detail_fits():
            shown -= 1
            for position, widget in enumerate(self.action_labels):
                widget.setVisible(position <= shown)
            if shown < len(self.action_labels):
                more = len(self.action_labels) - shown
                self.action_labels[shown].setText(
                    ngettext("… and {more} more action", "… and {more} more actions", more).format(
                        more=more
                    )
                )
            self._relayout()

    def _fill_list(self) -> None:
        """As many milestones as fit beside the current one, the current one among them."""
        font = self._font("list")
        bold = QFont(font)
        bold.setBold(True)
        pad = round(4 * self._scale)
        # Tall enough for the tallest glyphs a title may hold (accents, ✓ from a
        # fallback font), not just the font's nominal line.
        sample = QRect(0, 0, 10_000, 1_000)
        line = QFontMetrics(bold).boundingRect(sample, ROW_FLAGS, "✓ ÅÉÇgjyΩЖ|").height()
        row = max(QFontMetrics(bold).height(), line) + 2 * pad
        spacing = self.list_layout.spacing()
        room = self.list.contentsRect().height()
        capacity = max(1, (room + spacing) // (row + spacing))
        order = self.milestones()
        position = next((i for i, m in enumerate(order) if m.id == self.current_id), 0)
        first = max(0, min(position - capacity // 3, len(order) - capacity))
        shown = order[first : first + capacity]
        while len(self.list_labels) < len(shown):
            widget = slide_label(wrap=False)
            self.list_layout.insertWidget(len(self.list_labels), widget)
            self.list_labels.append(widget)
        state = self.session.state
        width = self.list.contentsRect().width() - 2 * pad - 2
        for widget, milestone in zip(self.list_labels, shown, strict=False):
            done = milestone.status == MilestoneStatus.DONE
            current = milestone.id == self.current_id
            number = state.milestone_number(milestone.id)
            # Figure spaces are as wide as digits: 9 and 10 line up.
            text = f"{number:\u2007>2}  {'✓ ' if done else ''}{milestone.title}"
            shown_font = bold if current else font
            widget.setFont(shown_font)
            metrics = QFontMetrics(shown_font)
            widget.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            widget.setAlignment(ROW_FLAGS)
            widget.setToolTip(milestone.title)
            widget.setContentsMargins(pad, pad, pad, pad)
            widget.setFixedHeight(row)
            widget.setProperty("role", "current" if current else ("done" if done else "secondary"))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
            widget.show()
        for widget in self.list_labels[len(shown) :]:
            widget.hide()
        self._relayout()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    # -- keys ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key, modifiers = event.key(), event.modifiers()
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        plan_slide: dict[int, str] = {
            Qt.Key.Key_G: "criteria",
            Qt.Key.Key_L: "timeline",
            Qt.Key.Key_Q: "questions",
        }
        if key in plan_slide and not control:
            self.show_plan_slide(plan_slide[key])
        elif self.slides.isVisible() and (
            key in NEXT_KEYS or key in PREVIOUS_KEYS or key == Qt.Key.Key_Escape
        ):
            self.show_plan_slide(None)  # back to the milestone the meeting was on
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F5):
            self.close()
        elif key in NEXT_KEYS and not control:
            self.step(1)
        elif key in PREVIOUS_KEYS and not control:
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.first()
        elif key == Qt.Key.Key_End:
            self.last()
        elif key == Qt.Key.Key_D and not control:
            self.editing_keys.toggle_done()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not control:
            self.editing_keys.toggle_action(key - Qt.Key.Key_1)
        elif key == Qt.Key.Key_O and not control:
            self.editing_keys.choose_owner()
        elif key == Qt.Key.Key_S and not control:
            self.editing_keys.choose_status()
        elif key == Qt.Key.Key_W and not control:
            self.editing_keys.choose_due()
        elif key == Qt.Key.Key_Z and control:
            group = self.window_.undo_group
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                group.redo()
            else:
                group.undo()
        elif key == Qt.Key.Key_Y and control:
            self.window_.undo_group.redo()
        else:
            super().keyPressEvent(event)

    def show_plan_slide(self, kind: str | None) -> None:
        """A slide about the whole plan (success criteria, timeline, open questions)
        in place of the milestone; None goes back to the milestone."""
        showing = kind is not None
        self.detail.setVisible(not showing)
        self.list.setVisible(not showing)
        self.slides.setVisible(showing)
        # The hidden milestone row must not keep its share of the height.
        self._layout.setStretchFactor(self._body, 0 if showing else 1)
        if kind is not None:
            for heading in self.slides.heading.values():
                heading.setFont(self._font("heading", bold=True))
            for text in self.slides.text.values():
                text.setFont(self._font("body"))
            self.slides.timeline.setFont(self._font("list"))
            self.slides.show_kind(kind)
            self._restyle()
        else:
            self.refresh()

    def ask(self, title: str, prompt: str, options: list[str], current: int = 0) -> str | None:
        """One choice, asked over the slide (a test answers it in place)."""
        from PySide6.QtWidgets import QInputDialog

        if options:
            choice, ok = QInputDialog.getItem(self, title, prompt, options, current, False)
        else:
            choice, ok = QInputDialog.getText(self, title, prompt)
        return choice if ok else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        super().closeEvent(event)
        self._select_in_table()
        self.window_.widget.activateWindow()
        self.closed.emit()

    def _select_in_table(self) -> None:
        """Back in the window, the table is at the milestone last shown."""
        view = self.window_.plan_view
        if view is None or self.current_id is None:
            return
        index = view.milestones.index_of(self.current_id)
        if index.isValid():
            view.tree.setCurrentIndex(index)
            view.tree.scrollTo(index)


@dataclass
class Presenting:
    """The presentation window, kept between F5s (made again for another plan)."""

    shown: PresentationWindow | None = None


def present(plan: OpenPlan) -> PresentationWindow:
    """Full screen on the screen the window is on; Esc or F5 comes back."""
    from ..editor.editing import current_milestone

    kept = plan.app.state(Presenting)
    shown = kept.shown
    if shown is not None and shown.session is not plan.session:
        shown.deleteLater()
        shown = None
    if shown is None:
        shown = kept.shown = PresentationWindow(plan.app)
    selected = current_milestone(plan)
    if selected is not None:
        shown.show_milestone(selected.id)
    screen = plan.widget.screen()
    if screen is not None:
        shown.setScreen(screen)
        shown.setGeometry(screen.geometry())
    shown.showFullScreen()
    shown.activateWindow()
    shown.setFocus()
    return shown
