"""Settings ▸ My signing identity: create, import and export through the real widgets."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox

from mutualplan.signing.identity import (
    create_identity,
    load_identity,
    read_certificate,
    save_identity,
)
from mutualplan.store import Store
from mutualplan.ui.signing import identity_dialog
from mutualplan.ui.signing.identity_dialog import (
    IDENTITY_PATH_SETTING,
    CreateIdentityDialog,
    SigningIdentityDialog,
)

PASSPHRASE = "Zoë's long passphrase"


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    """Messages the dialog would have shown in a box (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


@pytest.fixture
def dialog(qtbot, store: Store, author) -> SigningIdentityDialog:
    store.set_local_user(author)
    opened = SigningIdentityDialog(store)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def _save_to(monkeypatch, path: Path) -> list[str]:
    asked: list[str] = []

    def choose(parent, caption, start, filters, **kwargs):
        asked.append(start)
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    return asked


def _fill_in(
    qtbot, monkeypatch, typed: str, repeated: str | None = None
) -> list[CreateIdentityDialog]:
    """Stand in for the user at the “Create new…” form: type, then press the button."""
    seen: list[CreateIdentityDialog] = []

    def exec_(form: CreateIdentityDialog) -> int:
        seen.append(form)
        form.show()
        qtbot.keyClicks(form.email, "alex@northwind.example")
        # QTest types ASCII only; insert() is what an input method does for the rest.
        form.passphrase.insert(typed)
        form.repeat.insert(typed if repeated is None else repeated)
        if form.create_button.isEnabled():
            qtbot.mouseClick(form.create_button, Qt.MouseButton.LeftButton)
        if form.result() != QDialog.DialogCode.Accepted:
            form.reject()
        return form.result()

    monkeypatch.setattr(CreateIdentityDialog, "exec", exec_)
    return seen


def test_creating_an_identity_saves_a_file_the_passphrase_opens_and_remembers_only_the_path(
    qtbot, dialog, store, tmp_path, monkeypatch, warnings
):
    asked = _save_to(monkeypatch, tmp_path / "alex")  # the suffix is added
    forms = _fill_in(qtbot, monkeypatch, PASSPHRASE)

    dialog.create_button.click()

    [form] = forms
    assert warnings == []
    # Prefilled from the local user; the file is offered under the signer's name.
    assert (form.name.text(), form.organisation.text(), form.side.currentData()) == (
        "Alex Morgan",
        "Northwind Software",
        "seller",
    )
    assert asked[0].endswith("Alex Morgan signing identity.p12")
    assert form.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert form.repeat.echoMode() == QLineEdit.EchoMode.Password
    assert form.passphrase.text() == form.repeat.text() == ""  # cleared after use

    path = tmp_path / "alex.p12"
    opened = load_identity(path, PASSPHRASE.encode())
    assert (opened.name, opened.organisation, opened.side, opened.email) == (
        "Alex Morgan",
        "Northwind Software",
        "seller",
        "alex@northwind.example",
    )
    assert store.setting(IDENTITY_PATH_SETTING) == str(path)
    assert dialog.values["name"].text() == "Alex Morgan"
    assert dialog.status.text() == "Ready to sign."
    assert "alex.p12" in dialog.message.text()

    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database = b"".join(
        p.read_bytes() for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)
    )
    assert str(path).encode() in database
    for spelling in ("utf-8", "utf-16-le", "utf-16-be"):
        assert "long passphrase".encode(spelling) not in database
    assert json.dumps(PASSPHRASE).encode() not in database  # how settings are stored


def test_the_create_button_waits_for_two_equal_passphrases(qtbot, dialog, tmp_path, monkeypatch):
    _save_to(monkeypatch, tmp_path / "never.p12")
    forms = _fill_in(qtbot, monkeypatch, "one", "two")
    dialog.create_button.click()
    [form] = forms
    assert not form.create_button.isEnabled()
    assert not list(tmp_path.glob("*.p12"))
    assert dialog.store.setting(IDENTITY_PATH_SETTING) is None

    form = CreateIdentityDialog(None)
    qtbot.addWidget(form)
    assert not form.create_button.isEnabled()  # no name, no passphrase
    assert "name" in form.hint.text()


def test_an_existing_file_is_never_replaced(qtbot, dialog, store, tmp_path, monkeypatch, warnings):
    existing = tmp_path / "keep.p12"
    existing.write_bytes(b"someone's key")
    _save_to(monkeypatch, existing)
    forms = _fill_in(qtbot, monkeypatch, PASSPHRASE)

    dialog.create_button.click()

    assert existing.read_bytes() == b"someone's key"
    assert len(warnings) == 1 and "already exists" in warnings[0]
    assert store.setting(IDENTITY_PATH_SETTING) is None
    assert forms[0].result() == QDialog.DialogCode.Rejected


def _company_file(tmp_path: Path, *, expired: bool = False) -> Path:
    now = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) if expired else None
    identity = create_identity("Ana Lima", "Contoso Ltd", "buyer", now=now, valid_days=30)
    path = tmp_path / ("expired.pfx" if expired else "ana.pfx")
    save_identity(identity, path, b"company secret")
    return path


def _choose_file(monkeypatch, path: Path, passphrase: str | None) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "PKCS#12")
    )
    monkeypatch.setattr(
        identity_dialog,
        "ask_passphrase",
        lambda *args: None if passphrase is None else passphrase.encode(),
    )


def test_importing_a_pkcs12_checks_it_then_remembers_where_it_is(
    dialog, store, tmp_path, monkeypatch, warnings
):
    path = _company_file(tmp_path)
    _choose_file(monkeypatch, path, "company secret")

    dialog.import_button.click()

    assert warnings == []
    assert store.setting(IDENTITY_PATH_SETTING) == str(path)
    assert dialog.values["name"].text() == "Ana Lima"
    assert "Ana Lima" in dialog.message.text()


@pytest.mark.parametrize(
    ("expired", "passphrase", "message"),
    [
        (False, "guess", "Wrong passphrase for ana.pfx."),
        (True, "company secret", "expired on 2020-01-31"),
    ],
)
def test_a_refused_import_changes_nothing(
    dialog, store, tmp_path, monkeypatch, warnings, expired, passphrase, message
):
    _choose_file(monkeypatch, _company_file(tmp_path, expired=expired), passphrase)
    dialog.import_button.click()
    assert len(warnings) == 1 and message in warnings[0]
    assert store.setting(IDENTITY_PATH_SETTING) is None
    assert dialog.values["name"].text() == ""


def test_cancelling_the_passphrase_imports_nothing(dialog, store, tmp_path, monkeypatch, warnings):
    _choose_file(monkeypatch, _company_file(tmp_path), None)
    dialog.import_button.click()
    assert warnings == [] and store.setting(IDENTITY_PATH_SETTING) is None


def test_exporting_the_certificate_opens_the_file_and_writes_the_public_part(
    qtbot, store, author, tmp_path, monkeypatch, warnings
):
    mine = create_identity("Alex Morgan", "Northwind Software", "seller")
    path = tmp_path / "alex.p12"
    save_identity(mine, path, PASSPHRASE.encode())
    store.set_setting(IDENTITY_PATH_SETTING, str(path))
    dialog = SigningIdentityDialog(store, author)
    qtbot.addWidget(dialog)
    assert dialog.unlock_button.isVisibleTo(dialog)
    assert dialog.values["name"].text() == ""  # locked until the passphrase is given
    monkeypatch.setattr(identity_dialog, "ask_passphrase", lambda *args: PASSPHRASE.encode())
    asked = _save_to(monkeypatch, tmp_path / "for the buyer")

    written = dialog.export_certificate()

    assert warnings == []
    assert written == tmp_path / "for the buyer.pem"
    assert asked[0].endswith("Alex Morgan certificate.pem")
    assert read_certificate(written.read_bytes()) == mine.certificate
    assert b"PRIVATE KEY" not in written.read_bytes()
    assert mine.fingerprint in dialog.message.text()
    assert dialog.values["name"].text() == "Alex Morgan"
    assert not dialog.unlock_button.isVisibleTo(dialog)


def test_a_remembered_file_that_went_missing_is_said(qtbot, store, tmp_path):
    store.set_setting(IDENTITY_PATH_SETTING, str(tmp_path / "moved.p12"))
    dialog = SigningIdentityDialog(store)
    qtbot.addWidget(dialog)
    assert "not there any more" in dialog.status.text()
    assert not dialog.export_button.isEnabled()


def test_the_settings_menu_opens_the_dialog_with_its_own_shortcut(window, monkeypatch):
    action = window.action("signing_identity")
    settings = [m for m in window.menuBar().actions() if m.text() == "&Settings"]
    assert settings and action in settings[0].menu().actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+I")
    shortcuts = [s.toString() for a in window.actions() for s in a.shortcuts() if not s.isEmpty()]
    assert len(shortcuts) == len(set(shortcuts))

    opened = []
    monkeypatch.setattr(SigningIdentityDialog, "exec", lambda self: opened.append(self) or 0)
    action.trigger()
    assert len(opened) == 1 and opened[0].store is window.store
