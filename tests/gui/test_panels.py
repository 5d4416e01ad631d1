"""The plan header, people, evidence and history panels, and plan-level actions."""

from __future__ import annotations

import datetime as dt

import pytest
from gui_helpers import db_row, editor, log_rows, press_enter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.ui.common import dialogs as dialogs_module
from mutualplan.ui.editor.history import HistoryModel
from mutualplan.ui.editor.milestone_model import MilestoneTreeModel
from mutualplan.ui.editor.table_models import EvidenceModel, PeopleModel
from mutualplan.ui.plans import create_plan


def test_objective_typed_in_the_header_is_saved_when_focus_leaves(qtbot, window, store):
    header = window.plan_view.header
    header.objective.setFocus()
    header.objective.selectAll()
    qtbot.keyClicks(header.objective, "Cut empty kilometres below 15%")
    window.plan_view.tree.setFocus()
    qtbot.waitUntil(
        lambda: (
            db_row(store, "plans", window.session.plan_id)["objective"]
            == "Cut empty kilometres below 15%"
        )
    )
    window.action("undo").trigger()
    assert db_row(store, "plans", window.session.plan_id)["objective"] == (
        "Cut month-end close from ten days to three."
    )
    assert header.objective.toPlainText() == "Cut month-end close from ten days to three."


def test_target_date_in_the_header_updates_health(qtbot, window, store):
    header = window.plan_view.header
    header.target.setText("1 Jun 2026")  # before most milestones are due
    header.target.editingFinished.emit()
    assert db_row(store, "plans", window.session.plan_id)["target_date"] == "2026-06-01"
    assert "after the target date" in header.health.text()


def test_an_empty_plan_title_is_refused_and_the_header_shows_the_saved_one(qtbot, window, store):
    header = window.plan_view.header
    header.title.setText("   ")
    header.title.editingFinished.emit()
    assert db_row(store, "plans", window.session.plan_id)["title"] == "Contoso analytics rollout"
    assert header.title.text() == "Contoso analytics rollout"
    assert "cannot be empty" in window.banner.text()


def test_people_panel_adds_and_edits_a_person(qtbot, window, store):
    window.action("add_person").trigger()
    line = editor()
    line.setText("Γιώργος Παπαδόπουλος")
    press_enter(qtbot, line)
    person = window.session.state.ordered("person")[-1]
    assert db_row(store, "people", person.id)["name"] == "Γιώργος Παπαδόπουλος"
    # The new person can now be chosen as the author of changes.
    window.editing_as("Γιώργος Παπαδόπουλος")
    assert window.session.author.person_id == person.id

    view = window.plan_view.people
    role_index = window.plan_view.people_model.index(view.currentIndex().row(), 4)
    view.setCurrentIndex(role_index)
    view.edit(role_index)
    combo = editor().parent() if not isinstance(editor(), QComboBox) else editor()
    assert isinstance(combo, QComboBox) and combo.isEditable()
    combo.setCurrentText("security")
    press_enter(qtbot, combo)
    assert db_row(store, "people", person.id)["role"] == "security"


def test_removing_a_person_clears_their_ownership_and_undo_restores_it(qtbot, window, store):
    state = window.session.state
    person = state.people_on("buyer")[0]
    milestone = state.milestone_order()[0]
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "owner_id", person.id))
    view = window.plan_view.people
    window.plan_view.tabs.setCurrentWidget(view)
    view.setCurrentIndex(
        window.plan_view.people_model.index(window.plan_view.people_model.row_of(person.id), 0)
    )
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert db_row(store, "people", person.id) is None
    assert db_row(store, "milestones", milestone.id)["owner_id"] is None
    window.action("undo").trigger()
    assert db_row(store, "people", person.id)["name"] == person.name
    assert db_row(store, "milestones", milestone.id)["owner_id"] == person.id


def test_evidence_register_records_who_accepted_an_item(qtbot, window, store):
    state = window.session.state
    milestone = state.milestone_order()[2]
    window.plan_view.tree.setCurrentIndex(window.plan_view.milestones.index_of(milestone.id))
    window.action("add_evidence").trigger()
    line = editor()
    line.setText("Hamburg hub proof of concept report")
    press_enter(qtbot, line)
    [item] = state.evidence.values()
    assert db_row(store, "evidence", item.id)["milestone_id"] == milestone.id

    model = window.plan_view.evidence_model
    buyer = state.people_on("buyer")[0]
    assert model.setData(model.index(0, model.fields.index("state")), "accepted")
    assert model.setData(model.index(0, model.fields.index("decided_by")), buyer.id)
    row = db_row(store, "evidence", item.id)
    assert (row["state"], row["decided_by"]) == ("accepted", buyer.id)
    assert model.index(0, model.fields.index("decided_by")).data() == buyer.name


def test_history_lists_changes_newest_first_and_filters_by_side_and_person(qtbot, window, store):
    state = window.session.state
    milestone = state.milestone_order()[0]
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "title", "Seller edit"))
    window.editing_as("Олена Коваль")
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "title", "Buyer edit"))

    panel = window.plan_view.history
    window.plan_view.tabs.setCurrentWidget(panel)
    # Entered by the local user for the buyer: both are named.
    assert panel.proxy.index(0, 1).data() == "Олена Коваль, entered by Alex Morgan"
    assert panel.proxy.index(0, 5).data() == "Buyer edit"
    assert panel.proxy.index(0, 4).data() == "Seller edit"

    panel.side.setCurrentIndex(panel.side.findData("buyer"))
    sides = {panel.proxy.index(r, 2).data() for r in range(panel.proxy.rowCount())}
    assert sides == {"Buyer"}
    panel.side.setCurrentIndex(0)
    panel.person.setCurrentIndex(panel.person.findData("Alex Morgan"))
    authors = {panel.proxy.index(r, 1).data() for r in range(panel.proxy.rowCount())}
    assert authors == {"Alex Morgan"}
    assert panel.proxy.rowCount() == len(
        [r for r in store.history(state.id) if r.author.name == "Alex Morgan"]
    )


def test_a_second_plan_for_the_same_buyer_asks_and_abandons_the_first(
    qtbot, window, store, monkeypatch
):
    first = window.session.plan_id
    asked = []
    monkeypatch.setattr(
        dialogs_module,
        "ask_to_close_active_plan",
        lambda parent, message, title: asked.append(message) or "abandoned",
    )
    assert create_plan(
        window, {"title": "Contoso renewal", "buyer_org": "contoso  ltd", "seller_org": "Northwind"}
    )
    assert "already has an active plan" in asked[0]
    assert db_row(store, "plans", first)["status"] == "abandoned"
    assert window.session.state.plan.title == "Contoso renewal"
    assert window.session.plan_id != first


def test_declining_the_question_creates_nothing(qtbot, window, store, monkeypatch):
    monkeypatch.setattr(dialogs_module, "ask_to_close_active_plan", lambda *a: None)
    before = len(store.plans())
    assert not create_plan(
        window, {"title": "Contoso renewal", "buyer_org": "Contoso Ltd", "seller_org": "Northwind"}
    )
    assert len(store.plans()) == before


def test_new_plan_from_the_template_has_the_standard_milestones(qtbot, window, store):
    from mutualplan.domain.templates import load_templates
    from mutualplan.paths import templates_dir

    [template] = [t for t in load_templates(templates_dir()) if "Enterprise" in t.name]
    assert create_plan(
        window,
        {
            "title": "Fabrikam go-live",
            "buyer_org": "Fabrikam",
            "seller_org": "Northwind",
            "target_date": dt.date(2027, 5, 28),
        },
        template,
    )
    titles = [m.title for m in store.load(window.session.plan_id).milestone_order()]
    for expected in (
        "Discovery workshop",
        "Security review",
        "Legal review",
        "Procurement",
        "Contract signed",
        "Kickoff",
        "Go-live",
    ):
        assert expected in titles


@pytest.mark.parametrize(
    "model_class", [MilestoneTreeModel, PeopleModel, EvidenceModel, HistoryModel]
)
def test_item_models_obey_the_qt_model_contract(qtmodeltester, window, model_class):
    state = window.session.state
    window.session.apply(edits.add_evidence(state, {"title": "Reference call", "claim": "x"}))
    model = model_class(window.session)
    if isinstance(model, HistoryModel):
        model.ensure_loaded()
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)


def test_store_failure_while_saving_is_told_and_loses_nothing(qtbot, window, store, monkeypatch):
    """A database that cannot grow: the edit is refused in words; saved work stays."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    milestone = window.session.state.milestone_order()[0]
    before = dict(db_row(store, "milestones", milestone.id))
    page_count = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {page_count}")
    big = "x" * 200_000
    ok = window.session.apply(
        edits.set_field(window.session.state, "milestone", milestone.id, "description", big)
    )
    assert not ok
    assert shown and "disk is full" in shown[0]
    assert dict(db_row(store, "milestones", milestone.id)) == before
    assert window.session.state.milestones[milestone.id].description == before["description"]
    assert not any(r["field"] == "description" for r in log_rows(store, milestone.id))


def test_run_gui_refuses_a_corrupt_database_with_a_message_and_leaves_it(
    tmp_path, qapp, monkeypatch
):
    from mutualplan.ui import app as app_module

    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    before = path.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app_module.run_gui(path) == 2
    assert shown and "left untouched" in shown[0]
    assert path.read_bytes() == before


def test_the_app_refuses_a_file_whose_damage_only_the_page_check_finds(tmp_path, qapp, monkeypatch):
    """The check runs beside the start; the window is never shown, nothing is written."""
    from helpers import damage_milestones_table

    from mutualplan.store import Store
    from mutualplan.ui import app as app_module
    from mutualplan.ui.main_window import MainWindow

    path = tmp_path / "plans.sqlite"
    me = Author("Alex Morgan", "seller")
    with Store(path) as store:
        store.set_local_user(me)
        store.create_plan({"title": "Rollout", "buyer_org": "Contoso", "seller_org": "N"}, me)
    damage_milestones_table(path)
    before = path.read_bytes()
    shown, windows = [], []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(MainWindow, "show", lambda self: windows.append(self))
    assert app_module.run_gui(path) == 2
    assert shown and "damaged" in shown[0] and "untouched" in shown[0]
    assert windows == []
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans.sqlite"]


def test_local_user_is_the_default_author(qtbot, store, plan):
    from mutualplan.ui.main_window import MainWindow

    me = Author("Alex Morgan", "seller", organisation="Northwind Software")
    main = MainWindow(store, me)
    qtbot.addWidget(main)
    main.open_plan(plan.id)
    assert main.author_box.currentText().startswith("Alex Morgan (you")


def test_evidence_and_history_are_built_when_their_tab_is_first_shown(qtbot, window, store):
    from PySide6.QtWidgets import QTableView

    from mutualplan.ui.editor.history import HistoryPanel

    view = window.plan_view

    def evidence_tables() -> list[QTableView]:
        tables = view.findChildren(QTableView)
        return [t for t in tables if t.accessibleName() == "Evidence register"]

    assert evidence_tables() == [] and view.findChildren(HistoryPanel) == []
    texts = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert texts == ["&People", "E&vidence", "&History"]

    state = window.session.state
    milestone = state.milestone_order()[0]
    window.session.apply(edits.add_evidence(state, {"title": "Pilot report"}))
    window.session.apply(edits.set_field(state, "milestone", milestone.id, "title", "Renamed"))
    view.tabs.tabBar().setCurrentIndex(1)  # as a click on the tab does
    [table] = evidence_tables()
    assert view.tabs.currentWidget() is table is view.evidence
    assert table.isVisible() and table.model().rowCount() == 1
    assert table.model().index(0, 1).data() == "Pilot report"
    assert view.findChildren(HistoryPanel) == []

    view.tabs.tabBar().setCurrentIndex(2)
    [panel] = view.findChildren(HistoryPanel)
    assert view.tabs.currentWidget() is panel is view.history and panel.isVisible()
    assert panel.proxy.index(0, 5).data() == "Renamed"
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == texts
