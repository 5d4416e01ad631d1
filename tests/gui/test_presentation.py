"""Presenting: full screen, keys through the milestones, large type that never clips."""

from __future__ import annotations

import pytest
from gui_helpers import db_row
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from mutualplan.domain import edits
from mutualplan.ui.editor.milestone_model import ID_ROLE, TITLE_COLUMN
from mutualplan.ui.workshop.presentation import PresentationWindow, Presenting
from mutualplan.ui.workshop.presentation_style import fits


@pytest.fixture
def presenting(qtbot, window) -> PresentationWindow:
    first = window.session.state.milestone_order()[0]
    window.plan_view.tree.setCurrentIndex(
        window.plan_view.milestones.index_of(first.id, TITLE_COLUMN)
    )
    window.action("present").trigger()
    shown = window.state(Presenting).shown
    qtbot.waitExposed(shown)
    return shown


def numbers(window, shown: PresentationWindow) -> int:
    return window.session.state.milestone_number(shown.current_id)


def clipped(shown: PresentationWindow) -> list[str]:
    return [label.text() for label in shown.findChildren(QLabel) if not fits(label)]


def test_presenting_opens_full_screen_and_escape_comes_back(qtbot, window, presenting):
    assert presenting.isVisible()
    assert presenting.windowState() & Qt.WindowState.WindowFullScreen
    assert presenting.title.text() == "Discovery workshop"
    qtbot.keyClick(presenting, Qt.Key.Key_Right)
    qtbot.keyClick(presenting, Qt.Key.Key_Escape)
    assert not presenting.isVisible()
    assert window.isVisible()
    second = window.session.state.milestone_order()[1]
    assert window.plan_view.tree.currentIndex().data(ID_ROLE) == second.id  # where we were


def test_f5_closes_what_f5_opened(qtbot, window, presenting):
    qtbot.keyClick(presenting, Qt.Key.Key_F5)
    assert not presenting.isVisible()
    window.action("present").trigger()
    assert window.state(Presenting).shown is presenting and presenting.isVisible()


def test_keys_step_through_the_milestones(qtbot, window, presenting):
    assert numbers(window, presenting) == 1
    for key, expected in (
        (Qt.Key.Key_Right, 2),
        (Qt.Key.Key_Space, 3),
        (Qt.Key.Key_Down, 4),
        (Qt.Key.Key_PageDown, 5),
        (Qt.Key.Key_Left, 4),
        (Qt.Key.Key_Up, 3),
        (Qt.Key.Key_PageUp, 2),
        (Qt.Key.Key_End, 10),
        (Qt.Key.Key_Right, 10),  # the last stays the last
        (Qt.Key.Key_Home, 1),
        (Qt.Key.Key_Left, 1),
    ):
        qtbot.keyClick(presenting, key)
        assert numbers(window, presenting) == expected, key
    assert presenting.position.text() == "Milestone 1 of 10 · Joint"


def test_the_list_highlights_the_current_milestone(qtbot, window, presenting):
    qtbot.keyClick(presenting, Qt.Key.Key_End)
    current = [label for label in presenting.list_labels if label.property("role") == "current"]
    assert len(current) == 1 and current[0].isVisible()
    assert "Go-live" in current[0].text()


def test_the_objective_and_the_person_editing_are_always_shown(qtbot, window, presenting):
    assert presenting.objective.text() == "Cut month-end close from ten days to three."
    objective_bottom = presenting.objective.mapTo(
        presenting, presenting.objective.rect().bottomLeft()
    )
    assert (
        objective_bottom.y()
        < presenting.title.mapTo(presenting, presenting.title.rect().topLeft()).y()
    )
    assert "Alex Morgan · Seller" in presenting.editing.text()
    window.editing_as("Олена Коваль")
    assert "Олена Коваль · Buyer" in presenting.editing.text()
    qtbot.keyClick(presenting, Qt.Key.Key_End)
    assert presenting.objective.isVisible() and presenting.editing.isVisible()


def test_d_marks_the_milestone_done_and_ctrl_z_undoes_it(qtbot, window, store, presenting):
    milestone_id = presenting.current_id
    qtbot.keyClick(presenting, Qt.Key.Key_D)
    assert db_row(store, "milestones", milestone_id)["status"] == "done"
    assert presenting.status.text() == "✓ Done"
    qtbot.keyClick(presenting, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db_row(store, "milestones", milestone_id)["status"] == "not_started"
    assert presenting.status.text() == "Not started"
    qtbot.keyClick(presenting, Qt.Key.Key_D)
    qtbot.keyClick(presenting, Qt.Key.Key_D)  # and back to what it was
    assert db_row(store, "milestones", milestone_id)["status"] == "not_started"


def test_the_presentation_follows_edits_made_meanwhile(qtbot, window, presenting):
    session = window.session
    shown = session.state.milestones[presenting.current_id]
    assert session.apply(
        edits.set_field(session.state, "milestone", shown.id, "title", "Discovery day")
    )
    assert presenting.title.text() == "Discovery day"
    assert any("Discovery day" in label.text() for label in presenting.list_labels)
    qtbot.keyClick(presenting, Qt.Key.Key_End)
    qtbot.keyClick(presenting, Qt.Key.Key_Left)  # the 9th of 10
    ninth, tenth = session.state.milestone_order()[8:]
    assert presenting.current_id == ninth.id
    assert session.apply(edits.delete(session.state, "milestone", ninth.id))
    assert presenting.current_id == tenth.id  # the one that took its place
    assert presenting.position.text().startswith("Milestone 9 of 9")


@pytest.mark.parametrize("size", [(1280, 720), (3840, 2160)])
def test_no_text_is_cut_off_on_a_projector_or_a_4k_screen(qtbot, window, presenting, size):
    presenting.showNormal()
    presenting.resize(*size)
    assert presenting.size().toTuple() == size
    for _ in range(len(window.session.state.milestones)):
        assert clipped(presenting) == []
        qtbot.keyClick(presenting, Qt.Key.Key_Right)
    if size == (3840, 2160):
        assert presenting.title.font().pixelSize() > 100  # three times the 720p type


def test_a_milestone_with_too_much_to_say_shrinks_then_counts_the_rest(qtbot, window, presenting):
    session = window.session
    milestone_id = presenting.current_id
    long_words = "Both sides confirm in writing that every agreed criterion was met. " * 6
    assert session.apply(
        edits.set_field(session.state, "milestone", milestone_id, "exit_criteria", long_words)
    )
    for number in range(25):
        title = f"Follow-up step {number} with the buyer’s procurement and legal teams"
        assert session.apply(edits.add_action(session.state, milestone_id, {"title": title}))
    presenting.showNormal()
    presenting.resize(1280, 720)
    assert clipped(presenting) == []
    assert presenting.title.font().pixelSize() < 42  # smaller than the full size
    shown = [label for label in presenting.action_labels if label.isVisible()]
    assert shown and shown[-1].text().startswith("… and ")
    assert presenting.objective.isVisible()


def test_a_very_long_objective_still_leaves_room_for_the_milestone(qtbot, window, presenting):
    session = window.session
    essay = "Reduce the month-end close from ten working days to three. " * 30
    assert session.apply(
        edits.set_field(session.state, "plan", session.plan_id, "objective", essay)
    )
    presenting.showNormal()
    presenting.resize(1280, 720)
    assert presenting.objective.height() <= 720 * 0.25 + 1
    assert presenting.objective.text().endswith("…")
    assert clipped(presenting) == []
