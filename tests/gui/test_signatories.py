"""Signatories chosen in People, one per side, required before signing and printed on
the signature page; roles kept as typed; signing with no identity offers to make one,
and the signer's own database records the signature at once."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox

from mutualplan.domain import edits
from mutualplan.pdf.export import export_pdf
from mutualplan.signing.identity import create_identity, save_identity
from mutualplan.ui.signing import signing_dialogs
from mutualplan.ui.signing.identity_dialog import IDENTITY_PATH_SETTING
from mutualplan.ui.signing.signing_dialogs import sign_plan_pdf

PASSPHRASE = "a workshop passphrase"
SIGNS = 5  # the People table's Signatory column


def _person_id(window, name: str) -> str:
    return next(p.id for p in window.session.state.people.values() if p.name == name)


def test_one_signatory_per_side_is_ticked_in_people_and_saved(qtbot, window, store):
    window.plan_view.tabs.setCurrentWidget(window.plan_view.people)
    state = window.session.state
    window.session.apply(
        edits.add_person(state, {"name": "Dana Weber", "side": "buyer", "role": "Economic buyer"})
    )
    olena, dana = _person_id(window, "Олена Коваль"), _person_id(window, "Dana Weber")
    assert db_row(store, "people", olena)["signs"] == 1
    model = window.plan_view.people_model
    model.setData(
        model.index(model.row_of(dana), SIGNS),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    # Dana signs for the buyer now; Олена no longer does. The seller's is untouched.
    assert db_row(store, "people", dana)["signs"] == 1
    assert db_row(store, "people", olena)["signs"] == 0
    assert db_row(store, "people", _person_id(window, "Alex Morgan"))["signs"] == 1
    assert model.index(model.row_of(dana), SIGNS).data() == "Signs for the buyer"
    window.action("undo").trigger()  # one edit, one undo
    assert db_row(store, "people", olena)["signs"] == 1
    assert db_row(store, "people", dana)["signs"] == 0


def test_a_role_is_kept_as_typed(qtbot, window, store):
    alex = _person_id(window, "Alex Morgan")
    view = window.plan_view.people
    model = window.plan_view.people_model
    index = model.index(model.row_of(alex), 4)
    view.setCurrentIndex(index)
    view.edit(index)
    combo = editor() if isinstance(editor(), QComboBox) else editor().parent()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "Account director")
    press_enter(qtbot, combo)
    assert db_row(store, "people", alex)["role"] == "Account director"


def test_the_signature_page_names_the_chosen_signatories(window, store, author, tmp_path: Path):
    state = window.session.state
    window.session.apply(
        edits.add_person(
            state,
            {
                "name": "Katrin Hoffmann",
                "side": "buyer",
                "role": "procurement",
                "title": "Procurement Lead",
            },
        )
    )
    path = tmp_path / "plan.pdf"
    export_pdf(store, state.id, path, author)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Buyer — signed for Contoso Ltd by Олена Коваль" in " ".join(text.split())
    assert "Katrin Hoffmann" not in text.split("Signatures")[-1]


@pytest.fixture
def save_answers(monkeypatch, tmp_path: Path) -> dict:
    answers: dict = {"open": [], "saved": []}

    def _open(parent, caption, start, filters, *args, **kwargs):
        return (str(answers["open"].pop(0)), filters) if answers["open"] else ("", "")

    def _save(parent, caption, start, filters, *args, **kwargs):
        target = answers.get("save_to") or start
        answers["saved"].append(target)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", _open)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", _save)
    monkeypatch.setattr(signing_dialogs, "ask_passphrase", lambda *a: PASSPHRASE.encode())
    return answers


def test_signing_is_refused_until_a_signatory_is_chosen(
    qtbot, window, store, author, tmp_path: Path, save_answers, monkeypatch
):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    state = window.session.state
    window.session.apply(
        edits.set_field(state, "person", _person_id(window, "Alex Morgan"), "signs", False)
    )
    key = tmp_path / "alex.p12"
    save_identity(
        create_identity("Alex Morgan", "Northwind Software", "seller"), key, PASSPHRASE.encode()
    )
    store.set_setting(IDENTITY_PATH_SETTING, str(key))
    path = tmp_path / "plan.pdf"
    export_pdf(store, state.id, path, author)
    save_answers["open"].append(path)
    flow = sign_plan_pdf(window)
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "names no signatory for the seller" in shown[0]
    assert not list(tmp_path.glob("*signed by*"))


def test_signing_with_no_identity_makes_one_then_signs_and_records_it_at_once(
    qtbot, window, store, author, tmp_path: Path, save_answers
):
    state = window.session.state
    path = tmp_path / "plan.pdf"
    export_pdf(store, state.id, path, author)
    save_answers["open"].append(path)
    flow = sign_plan_pdf(window)
    qtbot.waitUntil(flow.dialog.isVisible)
    assert flow.dialog.make_button.isVisible()
    flow.dialog.sign_button.click()  # no identity: the form to make one opens right here
    creating = flow.creating
    qtbot.waitUntil(creating.isVisible)
    assert creating.name.text() == "Alex Morgan"
    creating.passphrase.setText(PASSPHRASE)
    creating.repeat.setText(PASSPHRASE)
    save_answers["save_to"] = tmp_path / "Alex Morgan.p12"
    creating.create_button.click()
    qtbot.waitUntil(lambda: flow.dialog.identity.text() == str(tmp_path / "Alex Morgan.p12"))
    assert store.setting(IDENTITY_PATH_SETTING) == str(tmp_path / "Alex Morgan.p12")
    save_answers["save_to"] = tmp_path / "plan - signed by seller.pdf"
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: flow.verification is not None, timeout=30_000)
    revision = store.revisions(state.id)[-1]
    assert store.signed_sides(state.id, revision.sha256) == {"seller"}
    flow.verification.close()


def test_signing_as_someone_other_than_the_signatory_says_so(
    qtbot, window, store, author, tmp_path: Path, save_answers
):
    state = window.session.state
    window.session.apply(
        edits.add_person(state, {"name": "Sam Lee", "side": "seller", "role": "solutions engineer"})
    )
    key = tmp_path / "sam.p12"
    save_identity(
        create_identity("Sam Lee", "Northwind Software", "seller"), key, PASSPHRASE.encode()
    )
    store.set_setting(IDENTITY_PATH_SETTING, str(key))
    path = tmp_path / "plan.pdf"
    export_pdf(store, state.id, path, author)
    save_answers["open"].append(path)
    save_answers["save_to"] = tmp_path / "signed.pdf"
    flow = sign_plan_pdf(window)
    flow.dialog.sign_button.click()
    qtbot.waitUntil(lambda: flow.verification is not None, timeout=30_000)
    assert (
        "The plan names Alex Morgan as the seller's signatory, but this identity is Sam Lee's."
        in flow.verification.outcome.text()
    )
    flow.verification.close()
