"""File ▸ Import plan PDF… and the conflict dialog, driven as a person would."""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import db_row
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from mutualplan.domain import edits
from mutualplan.domain.canonical import digest, snapshot
from mutualplan.domain.model import Author
from mutualplan.exchange.importer import import_plan_data
from mutualplan.exchange.plan_data import decode_plan_data, encode_plan_data
from mutualplan.pdf.export import export_pdf
from mutualplan.store import Store
from mutualplan.ui.editor.delegates import DateLineEdit
from mutualplan.ui.exchange.conflict_parts import ConflictListModel
from mutualplan.ui.exchange.conflicts import ConflictDialog
from mutualplan.ui.exchange.plan_import import ImportSummaryBox
from mutualplan.workflows.importing import import_pdf

BUYER = Author("Олена Коваль", "buyer", organisation="Contoso Ltd")


@pytest.fixture
def buyer_db(tmp_path: Path, store: Store, window) -> Iterator[Store]:
    """The buyer's own copy, made from the seller's plan as it was when they met."""
    with Store(tmp_path / "buyer.sqlite") as other:
        plan_id = window.session.plan_id
        state = store.load(plan_id)
        revision, document = store.freeze_revision(state, window.me)
        raw = encode_plan_data(revision, document, store.history(plan_id))
        assert import_plan_data(other, decode_plan_data(raw)).created
        window.session.reload()
        yield other


@pytest.fixture
def answers(monkeypatch) -> dict:
    """The file chosen in the open dialog, and what the message boxes said."""
    said: dict = {"boxes": [], "warnings": [], "click": None, "file": None}

    def fake_exec(box: QMessageBox) -> int:
        said["boxes"].append(f"{box.text()} {box.informativeText()}")
        wanted = said["click"]
        if wanted is not None:
            getattr(box, wanted).click()
        return 0

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (said["file"], ""))
    monkeypatch.setattr(ImportSummaryBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said["warnings"].append(a[2]))
    return said


def digest_of(store: Store, plan_id: str) -> str:
    return digest(snapshot(store.load(plan_id)))


def send_pdf(source: Store, plan_id: str, author: Author, path: Path) -> Path:
    export_pdf(source, plan_id, path, author)
    return path


def milestone_id(window, number: int) -> str:
    return window.session.state.milestone_order()[number - 1].id


@pytest.fixture
def diverged(window, buyer_db: Store, tmp_path: Path) -> dict:
    """Both sides renamed milestone 1; the seller (this window) removed milestone 2
    while the buyer gave it a new due date. The buyer's PDF is ready to import."""
    session = window.session
    first, second = milestone_id(window, 1), milestone_id(window, 2)
    assert session.apply(edits.set_field(session.state, "milestone", first, "title", "Launch"))
    assert session.apply(edits.delete(session.state, "milestone", second))
    theirs = buyer_db.load(session.plan_id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", first, "title", "Старт проекту"), BUYER
    )
    new_due = dt.date(2026, 7, 15)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", second, "due", new_due), BUYER)
    pdf = send_pdf(buyer_db, session.plan_id, BUYER, tmp_path / "from-buyer.pdf")
    return {"first": first, "second": second, "due": new_due, "pdf": pdf}


def open_dialog(qtbot, window) -> ConflictDialog:
    """Click the header's conflicts badge."""
    window.plan_view.header.revision.linkActivated.emit("conflicts")
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_importing_the_other_side_and_settling_both_kinds_of_conflict(
    qtbot, window, store, buyer_db, diverged, answers, tmp_path
):
    plan_id = window.session.plan_id
    answers["file"] = str(diverged["pdf"])
    window.action("import").trigger()

    [summary] = answers["boxes"]
    assert "Merged into" in summary and "2 changes taken" in summary
    assert "2 by Олена Коваль (buyer)" in summary and "2 conflicts" in summary
    header = window.plan_view.header.revision.text()
    assert "2 conflicts to settle" in header
    # Nothing was lost while the question is open: the removed milestone is back.
    assert diverged["second"] in window.session.state.milestones

    dialog = open_dialog(qtbot, window)
    assert dialog.model.rowCount() == 2
    title, removal = dialog.model.views
    assert (title.field, removal.is_removal) == ("title", True)
    assert dialog.current_view() == title
    assert [c.shown for c in title.theirs] == ["Старт проекту"]
    assert [c.shown for c in title.ours] == ["Launch"]

    # A third value for the title, written in the dialog's own editor.
    editor = dialog.editor.widget
    assert isinstance(editor, QLineEdit) and editor.text() == title.current_shown
    editor.setText("Спільний старт")  # keyClicks cannot type Cyrillic here
    qtbot.mouseClick(dialog.use_written, Qt.MouseButton.LeftButton)
    assert db_row(store, "milestones", diverged["first"])["title"] == "Спільний старт"
    assert dialog.model.rowCount() == 1
    assert "1 conflict to settle" in window.plan_view.header.revision.text()

    # The removal: theirs gave it a due date, ours removed it. Keep theirs: keep it.
    assert dialog.current_view().is_removal
    assert dialog.removal_page.isVisible() and not dialog.field_page.isVisible()
    # What the removal took with it, as the buyer's copy still has it, is listed and
    # comes back with it.
    before = buyer_db.load(plan_id)
    second = diverged["second"]
    actions = [a.id for a in before.actions_of(second)]
    dependents = sorted(m.id for m in before.milestones.values() if second in m.depends_on)
    assert actions or dependents  # the sample's milestone 2 has some: the check checks
    view = dialog.current_view()
    assert len(view.comes_back) == len(actions) + len(dependents)
    assert "brings back" in dialog.explanation.text()
    for a in before.actions_of(second):
        assert f"Action “{a.title}”" in dialog.explanation.text()
    qtbot.mouseClick(dialog.keep_it, Qt.MouseButton.LeftButton)
    after = window.session.state
    assert [a.id for a in after.actions_of(second)] == actions
    assert sorted(m.id for m in after.milestones.values() if second in m.depends_on) == dependents
    assert db_row(store, "milestones", diverged["second"])["due"] == "2026-07-15"
    assert store.conflicts_of(plan_id) == []
    assert dialog.model.rowCount() == 0 and dialog.pages.currentWidget() is dialog.done_label
    assert "conflict" not in window.plan_view.header.revision.text()
    assert window.session.state.milestones[diverged["second"]].due == diverged["due"]
    dialog.close()

    # Back to the buyer: both copies agree, and neither has anything left to settle.
    back = send_pdf(store, plan_id, window.me, tmp_path / "from-seller.pdf")
    summary = import_pdf(buyer_db, back.read_bytes())
    assert summary.conflicts == [] and buyer_db.conflicts_of(plan_id) == []
    assert digest_of(store, plan_id) == digest_of(buyer_db, plan_id)


@pytest.mark.parametrize(
    ("button", "kept"), [("keep_theirs", "2026-08-17"), ("keep_ours", "2026-08-03")]
)
def test_keeping_one_side_of_a_date_and_undoing_it(
    qtbot, window, store, buyer_db, answers, tmp_path, button, kept
):
    session = window.session
    third = milestone_id(window, 3)
    assert session.apply(
        edits.set_field(session.state, "milestone", third, "due", dt.date(2026, 8, 3))
    )
    theirs = buyer_db.load(session.plan_id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", third, "due", dt.date(2026, 8, 17)), BUYER
    )
    answers["file"] = str(send_pdf(buyer_db, session.plan_id, BUYER, tmp_path / "b.pdf"))
    answers["click"] = "settle_button"  # "Settle now…" in the summary
    window.run("import")
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None
    [view] = dialog.model.views
    assert isinstance(dialog.editor.widget, DateLineEdit)
    assert ([c.shown for c in view.theirs], [c.shown for c in view.ours]) == (
        ["17 Aug 2026"],
        ["03 Aug 2026"],
    )
    shown_before = db_row(store, "milestones", third)["due"]  # the later change, for now

    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert db_row(store, "milestones", third)["due"] == kept
    assert store.conflicts_of(session.plan_id) == []
    dialog.close()

    # Undo puts back the value shown before; the settling change and its undo both saw
    # both sides, so the question stays answered (here and after the next exchange).
    assert "Settle: milestone #3" in window.action("undo").text()
    window.action("undo").trigger()
    assert db_row(store, "milestones", third)["due"] == shown_before
    assert store.conflicts_of(session.plan_id) == []


def test_a_written_value_the_rules_refuse_is_told_in_the_dialog(
    qtbot, window, store, buyer_db, answers, tmp_path
):
    session = window.session
    third = milestone_id(window, 3)
    start = session.state.milestones[third].start
    assert start is not None
    assert session.apply(edits.set_field(session.state, "milestone", third, "title", "Ours"))
    theirs = buyer_db.load(session.plan_id)
    buyer_db.commit(theirs, edits.set_field(theirs, "milestone", third, "title", "Theirs"), BUYER)
    answers["file"] = str(send_pdf(buyer_db, session.plan_id, BUYER, tmp_path / "b.pdf"))
    window.run("import")
    dialog = open_dialog(qtbot, window)
    dialog.editor.widget.setText("   ")
    qtbot.mouseClick(dialog.use_written, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "cannot be empty" in dialog.error.text()
    assert len(store.conflicts_of(session.plan_id)) == 1
    assert dialog.model.rowCount() == 1
    dialog.close()


def test_the_date_editor_writes_a_third_date(qtbot, window, store, buyer_db, answers, tmp_path):
    session = window.session
    third = milestone_id(window, 3)
    assert session.apply(
        edits.set_field(session.state, "milestone", third, "due", dt.date(2026, 8, 3))
    )
    theirs = buyer_db.load(session.plan_id)
    buyer_db.commit(
        theirs, edits.set_field(theirs, "milestone", third, "due", dt.date(2026, 8, 17)), BUYER
    )
    answers["file"] = str(send_pdf(buyer_db, session.plan_id, BUYER, tmp_path / "b.pdf"))
    window.run("import")
    dialog = open_dialog(qtbot, window)
    editor = dialog.editor.widget
    shown_before = db_row(store, "milestones", third)["due"]
    assert editor.text() == "17 Aug 2026"  # as a table cell shows it, and not selected
    assert not editor.hasSelectedText()
    editor.setText("zz Aug")  # unreadable: refused as a table cell refuses it
    qtbot.mouseClick(dialog.use_written, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "Due:" in dialog.error.text()
    assert db_row(store, "milestones", third)["due"] == shown_before
    assert len(store.conflicts_of(session.plan_id)) == 1

    editor.clear()
    qtbot.keyClicks(editor, "10 Aug 2026")  # read as quick add and date cells read it
    qtbot.mouseClick(dialog.use_written, Qt.MouseButton.LeftButton)
    assert db_row(store, "milestones", third)["due"] == "2026-08-10"
    dialog.close()


def _plain_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Minutes of the steering committee")
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda pdf: os.urandom(4096), "not a PDF"),
        (lambda pdf: pdf[: len(pdf) // 2], "damaged or truncated"),
        (lambda pdf: _plain_pdf(), "no MutualPlan plan data"),
    ],
    ids=["random", "truncated", "no plan data"],
)
def test_a_file_that_cannot_be_imported_says_why_and_changes_nothing(
    qtbot, window, store, buyer_db, answers, tmp_path, content, reason
):
    plan_id = window.session.plan_id
    real = send_pdf(buyer_db, plan_id, BUYER, tmp_path / "real.pdf").read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content(real))
    before = (store.history(plan_id), digest_of(store, plan_id), store.plans())
    answers["file"] = str(bad)
    assert window.run("import") is None
    [warning] = answers["warnings"]
    assert "bad.pdf was not imported" in warning and reason in warning
    assert "Nothing in your database was changed" in warning
    assert answers["boxes"] == []
    assert (store.history(plan_id), digest_of(store, plan_id), store.plans()) == before


def test_a_plan_new_to_this_copy_is_created_and_opened_on_request(
    qtbot, window, store, answers, tmp_path
):
    with Store(tmp_path / "other.sqlite") as other:
        state = other.create_plan(
            {"title": "Fabrikam pilot", "buyer_org": "Fabrikam", "seller_org": "Northwind"},
            BUYER,
        )
        other.commit(state, edits.add_milestone(state, {"title": "Kick-off"}), BUYER)
        answers["file"] = str(send_pdf(other, state.id, BUYER, tmp_path / "fabrikam.pdf"))
    answers["click"] = "open_button"
    window.run("import")
    [summary] = answers["boxes"]
    assert "Created “Fabrikam pilot”" in summary
    assert window.session.plan_id == state.id
    assert [m.title for m in window.session.state.milestone_order()] == ["Kick-off"]


def test_the_conflict_list_is_a_well_behaved_model(
    qtmodeltester, window, store, buyer_db, diverged, answers
):
    answers["file"] = str(diverged["pdf"])
    window.run("import")
    from mutualplan.exchange.conflicts import describe

    views = describe(store, window.session.state, window.session.plan_id)
    model = ConflictListModel(views)
    qtmodeltester.check(model)
    assert model.index(0).data().endswith("\nTitle")
    assert model.index(1).data().endswith("Removed on one side, changed on the other")


def test_with_nothing_to_settle_the_dialog_does_not_open(qtbot, window):
    window.run("conflicts")
    assert window.findChild(ConflictDialog) is None
    assert "no conflicts" in window.statusBar().currentMessage()


def test_milestones_added_apart_under_one_title_are_listed_in_the_settle_view(
    qtbot, window, store, buyer_db, diverged, answers, tmp_path
):
    """Both sides added “Pen-test sign-off” without seeing the other's: the import says
    so, and so does the settle view, until the people tell the two apart."""
    session = window.session
    plan_id = session.plan_id
    assert session.apply(edits.add_milestone(session.state, {"title": "Pen-test sign-off"}))
    ours = next(m.id for m in session.state.milestones.values() if m.title == "Pen-test sign-off")
    theirs_state = buyer_db.load(plan_id)
    buyer_db.commit(
        theirs_state, edits.add_milestone(theirs_state, {"title": "pen-test  Sign-off"}), BUYER
    )
    pdf = send_pdf(buyer_db, plan_id, BUYER, tmp_path / "from-buyer-2.pdf")
    answers["file"] = str(pdf)
    window.action("import").trigger()
    assert "Possible duplicates" in answers["boxes"][-1]

    # Both were kept, in the database too.
    conn = sqlite3.connect(store.path)
    try:
        titles = [
            t
            for (t,) in conn.execute(
                "SELECT title FROM milestones WHERE plan_id = ?", (plan_id,)
            ).fetchall()
        ]
    finally:
        conn.close()
    assert sorted(t for t in titles if t.casefold().split() == ["pen-test", "sign-off"]) == [
        "Pen-test sign-off",
        "pen-test  Sign-off",
    ]

    dialog = open_dialog(qtbot, window)
    note = dialog.duplicate_note
    assert note.isVisible()
    assert "Possible duplicates" in note.text()
    numbers = {
        m.title: window.session.state.milestone_number(m.id)
        for m in window.session.state.milestones.values()
    }
    assert f"#{numbers['Pen-test sign-off']} “Pen-test sign-off”" in note.text()
    assert f"#{numbers['pen-test  Sign-off']} “pen-test  Sign-off”" in note.text()

    # Renamed apart, they are no longer listed.
    assert session.apply(
        edits.set_field(session.state, "milestone", ours, "title", "Pen-test sign-off (ours)")
    )
    dialog.refresh()
    assert not note.isVisible()
    dialog.close()


def test_the_settle_view_opens_for_possible_duplicates_alone(
    qtbot, window, store, buyer_db, answers, tmp_path
):
    session = window.session
    plan_id = session.plan_id
    assert session.apply(edits.add_milestone(session.state, {"title": "Pilot"}))
    theirs_state = buyer_db.load(plan_id)
    buyer_db.commit(theirs_state, edits.add_milestone(theirs_state, {"title": "Pilot"}), BUYER)
    answers["file"] = str(send_pdf(buyer_db, plan_id, BUYER, tmp_path / "pilot.pdf"))
    window.action("import").trigger()
    assert store.conflicts_of(plan_id) == []
    window.run("conflicts")
    dialog = window.findChild(ConflictDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.duplicate_note.isVisible() and "“Pilot”" in dialog.duplicate_note.text()
    assert dialog.pages.currentWidget() is dialog.done_label
    dialog.close()
