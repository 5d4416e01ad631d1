"""Two copies of the app on one database file: both save, and each sees the other."""

from __future__ import annotations

from gui_helpers import db_row

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.store import Store


def test_an_edit_saved_by_another_window_shows_up_here(qtbot, window, store):
    milestone = window.session.state.milestone_order()[0]
    with Store(store.path) as other:
        state = other.load(window.session.plan_id)
        other.commit(
            state,
            edits.set_field(state, "milestone", milestone.id, "title", "Changed elsewhere"),
            Author("Олена Коваль", "buyer"),
        )
    assert window.watcher.check()
    index = window.plan_view.milestones.index_of(milestone.id)
    assert index.data() == "Changed elsewhere"
    # Our own next edit builds on it, and both edits are in the file.
    second = window.session.state.milestone_order()[1]
    window.session.apply(
        edits.set_field(window.session.state, "milestone", second.id, "title", "Ours")
    )
    assert db_row(store, "milestones", milestone.id)["title"] == "Changed elsewhere"
    assert db_row(store, "milestones", second.id)["title"] == "Ours"
    assert not window.watcher.check()  # our own edit is not news


def test_a_stale_edit_is_refused_and_the_window_shows_the_other_value(qtbot, window, store):
    milestone = window.session.state.milestone_order()[0]
    with Store(store.path) as other:
        state = other.load(window.session.plan_id)
        other.commit(
            state,
            edits.set_field(state, "milestone", milestone.id, "title", "Theirs"),
            Author("Олена Коваль", "buyer"),
        )
    # This window has not noticed yet and edits the same field.
    ok = window.session.apply(
        edits.set_field(window.session.state, "milestone", milestone.id, "title", "Mine")
    )
    assert not ok
    assert "changed in another window" in window.banner.text()
    assert db_row(store, "milestones", milestone.id)["title"] == "Theirs"
    assert window.session.state.milestones[milestone.id].title == "Theirs"
