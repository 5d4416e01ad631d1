"""A buyer's first hour: the welcome page offers the plan PDF they received first, in
the window (menus stay usable), and they are recognised among the plan's people by
folded names or e-mail."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.pdf.export import export_pdf
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan
from mutualplan.ui.main_window import MainWindow


@pytest.fixture
def buyer_window(qtbot, store: Store):
    me = Author("Lukasz Wisniewski", "buyer", organisation="Nordwind Logistics GmbH")
    store.set_local_user(me)
    window = MainWindow(store, me)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_welcome()
    return window


def test_a_buyers_first_start_offers_the_received_pdf_first_and_blocks_nothing(qtbot, buyer_window):
    page = buyer_window.empty
    assert page.isVisible()
    assert page.first_button() is page.open_pdf
    assert page.open_pdf.text() == "Open a plan PDF I received…"
    assert QApplication.focusWidget() is page.open_pdf
    assert QApplication.activeModalWidget() is None  # nothing modal: the menus work
    assert buyer_window.menuBar().isEnabled()


def test_a_sellers_first_start_offers_a_new_plan_first(qtbot, store):
    me = Author("Alex Morgan", "seller", organisation="Northwind Software")
    window = MainWindow(store, me)
    qtbot.addWidget(window)
    window.show_welcome()
    assert window.empty.first_button() is window.empty.new_plan


def test_the_buyer_opens_the_received_pdf_and_is_linked_by_folded_name(
    qtbot, buyer_window, store, tmp_path: Path, monkeypatch
):
    # The seller's copy: the sample plan, exported.
    with Store(tmp_path / "seller.sqlite") as seller:
        state = add_sample_plan(seller)
        author = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")
        export_pdf(seller, state.id, tmp_path / "plan.pdf", author)
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileName",
        lambda *a, **k: (str(tmp_path / "plan.pdf"), "PDF (*.pdf)"),
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    buyer_window.empty.open_pdf.click()
    qtbot.waitUntil(lambda: buyer_window.session is not None, timeout=30_000)
    session = buyer_window.session
    me = session.author
    assert (me.name, me.side) == ("Łukasz Wiśniewski", "buyer")
    lukasz = next(p for p in session.state.people.values() if p.name == "Łukasz Wiśniewski")
    assert me.person_id == lukasz.id
    # One "you" in Editing as, under the plan's spelling, and not "entering for someone".
    names = [buyer_window.author_box.itemText(i) for i in range(buyer_window.author_box.count())]
    assert names[0] == "Łukasz Wiśniewski (you, Buyer)"
    assert not any(n.startswith("Łukasz Wiśniewski (Buyer)") for n in names)
    assert not buyer_window.proxy_action.isVisible()
    # A change made now is his, under the plan's spelling: the history shows one person.
    milestone = session.state.milestone_order()[0]
    session.apply(edits.set_field(session.state, "milestone", milestone.id, "title", "Kick-off"))
    [last] = store.history(session.plan_id)[-1:]
    assert (last.author.name, last.author.person_id) == ("Łukasz Wiśniewski", lukasz.id)


def test_the_local_user_is_linked_by_email_when_the_name_differs(qtbot, store, plan):
    state = plan
    store.commit(
        state,
        edits.add_person(
            state, {"name": "Dr. Ana Lima", "side": "buyer", "email": "ana@contoso.example"}
        ),
        Author("Alex Morgan", "seller"),
    )
    me = Author("Ana Lima", "buyer", organisation="Contoso Ltd", email="Ana@Contoso.example")
    window = MainWindow(store, me)
    qtbot.addWidget(window)
    assert window.open_plan(state.id)
    assert window.session.author.name == "Dr. Ana Lima"


def test_when_two_people_could_be_the_user_it_asks_once(qtbot, store, plan, monkeypatch):
    state = plan
    for values in (
        {"name": "Ana Lima", "side": "buyer", "title": "CFO"},
        {"name": "Ána Lima", "side": "buyer", "title": "Analyst"},
    ):
        store.commit(state, edits.add_person(state, values), Author("Alex Morgan", "seller"))
    me = Author("ana lima", "buyer")
    asked: list[list[str]] = []

    def choose(self, candidates):
        asked.append([p.title for p in candidates])
        return candidates[1]

    monkeypatch.setattr(MainWindow, "ask_which_person", choose)
    window = MainWindow(store, me)
    qtbot.addWidget(window)
    assert window.open_plan(state.id)
    assert window.session.author.name == "Ána Lima"
    assert window.open_plan(state.id)  # opened again: not asked again
    assert asked == [["CFO", "Analyst"]]
    assert window.session.author.name == "Ána Lima"
