"""Edit ▸ Add, Delete, Move: rows added and moved where the user is working."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView

from ...domain import edits
from ...domain.model import Milestone
from ...i18n import _
from .milestone_model import ID_ROLE, KIND_ROLE, TITLE_COLUMN

if TYPE_CHECKING:
    from ..contract import OpenPlan


def selected(plan: OpenPlan) -> tuple[str | None, str | None, QAbstractItemView]:
    """(kind, id, view) of the row the user is working on."""
    view_ = plan.view
    for view, kind in ((view_.people, "person"), (view_.evidence, "evidence")):
        if view.hasFocus() and view.currentIndex().isValid():
            return kind, view.currentIndex().data(ID_ROLE), view
    index = view_.tree.currentIndex()
    if index.isValid():
        return index.data(KIND_ROLE), index.data(ID_ROLE), view_.tree
    return None, None, view_.tree


def current_milestone(plan: OpenPlan) -> Milestone | None:
    kind, entity_id, _row = selected(plan)
    if kind != "milestone" or entity_id is None:
        return None
    return plan.session.state.milestones.get(entity_id)


def _edit_title(plan: OpenPlan, entity_id: str) -> None:
    view = plan.view
    index = view.milestones.index_of(entity_id, TITLE_COLUMN)
    if index.isValid():
        view.tree.setCurrentIndex(index)
        view.tree.scrollTo(index)
        view.tree.setFocus()
        view.tree.edit(index)


def add_milestone(plan: OpenPlan) -> None:
    kind, entity_id, _view = selected(plan)
    state = plan.session.state
    after = entity_id if kind == "milestone" else None
    if kind == "action" and entity_id is not None:
        after = state.actions[entity_id].milestone_id
    elif kind is None:  # on a phase heading: its last milestone
        after = plan.view.milestones.last_under(plan.view.tree.currentIndex())
    values = {"title": _("New milestone")}
    if after in state.milestones and state.milestones[after].phase:
        values["phase"] = state.milestones[after].phase  # the next step, same phase
    changes = edits.add_milestone(state, values, after_id=after)
    if plan.session.apply(changes, _("Add milestone")):
        _edit_title(plan, changes[0].entity_id)


def add_action(plan: OpenPlan) -> None:
    kind, entity_id, _view = selected(plan)
    state = plan.session.state
    if kind == "milestone" and entity_id is not None:
        milestone_id, after = entity_id, None
    elif kind == "action" and entity_id is not None:
        milestone_id, after = state.actions[entity_id].milestone_id, entity_id
    else:
        plan.app.show_refusal(_("Select a milestone first: actions belong to a milestone."))
        return
    changes = edits.add_action(state, milestone_id, {"title": _("New action")}, after_id=after)
    if plan.session.apply(changes, _("Add action")):
        _edit_title(plan, changes[0].entity_id)


def _add_row(plan: OpenPlan, kind: str, values: dict[str, Any], tab_view: Any) -> None:
    state = plan.session.state
    adder = edits.add_person if kind == "person" else edits.add_evidence
    changes = adder(state, values)
    what = _("Add person") if kind == "person" else _("Add evidence")
    if plan.session.apply(changes, what):
        model = tab_view.model()
        plan.view.tabs.setCurrentWidget(tab_view)
        index = model.index(model.row_of(changes[0].entity_id), 0 if kind == "person" else 1)
        tab_view.setCurrentIndex(index)
        tab_view.setFocus()
        tab_view.edit(index)


def add_person(plan: OpenPlan) -> None:
    side = "buyer" if plan.app.me.side == "seller" else "seller"
    _add_row(plan, "person", {"name": _("New person"), "side": side}, plan.view.people)


def add_evidence(plan: OpenPlan) -> None:
    kind, entity_id, _row = selected(plan)
    values = {"title": _("New evidence")}
    if kind == "milestone" and entity_id is not None:
        values["milestone_id"] = entity_id
    _add_row(plan, "evidence", values, plan.view.evidence)


def delete_selected(plan: OpenPlan) -> None:
    kind, entity_id, view = selected(plan)
    if kind is None or entity_id is None:
        return
    row = view.currentIndex().row()
    parent = view.currentIndex().parent()
    changes = edits.delete(plan.session.state, kind, entity_id)
    if plan.session.apply(changes):
        model = view.model()
        count = model.rowCount(parent)
        if count:
            column = TITLE_COLUMN if view is plan.view.tree else 0
            view.setCurrentIndex(model.index(min(row, count - 1), column, parent))
        undo = plan.app.action("undo").text()
        plan.app.say(_("Removed. {undo} brings it back.").format(undo=undo), 5000)


def move_selected(plan: OpenPlan, delta: int) -> None:
    kind, entity_id, view = selected(plan)
    if kind is None or entity_id is None:
        return
    state = plan.session.state
    entity = state.get(kind, entity_id)
    siblings = state.actions_of(entity.milestone_id) if kind == "action" else state.ordered(kind)
    position = siblings.index(entity) + delta
    column = view.currentIndex().column()
    if plan.session.apply(edits.move(state, kind, entity_id, position)):
        index: QModelIndex
        if view is plan.view.tree:
            index = plan.view.milestones.index_of(entity_id, column)
        else:
            model: Any = view.model()
            index = model.index(model.row_of(entity_id), column)
        view.setCurrentIndex(index)


def move_up(plan: OpenPlan) -> None:
    move_selected(plan, -1)


def move_down(plan: OpenPlan) -> None:
    move_selected(plan, 1)
