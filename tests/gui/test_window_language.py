"""The window in German: its menus, its dates, the language choice and Qt's own words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po
from gui_helpers import db_row, editor, press_enter
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from mutualplan import i18n
from mutualplan.domain import edits
from mutualplan.i18n import pdf_language_setting
from mutualplan.ui.common import language
from mutualplan.ui.common.shortcuts import ShortcutsSheet
from mutualplan.ui.editor.delegates import DateLineEdit
from mutualplan.ui.editor.milestone_model import column_of
from mutualplan.ui.features import FEATURES, MENUS

GO_LIVE = 9  # the template's last milestone: nothing depends on it
GERMAN_PO = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "mutualplan.po"


def _catalogue() -> dict[str, str]:
    with GERMAN_PO.open("rb") as file:
        return {m.id: m.string for m in read_po(file) if isinstance(m.id, str) and m.id}


@pytest.fixture
def german() -> Iterator[None]:
    """The window made while the app speaks German (as after a start in German)."""
    i18n.set_language("de")
    yield
    i18n.set_language("en")


@pytest.fixture
def german_window(german, window):  # noqa: ANN001, ANN201 - the window made in German
    return window


def _menus(window) -> list[QMenu]:  # noqa: ANN001
    """Every menu of the menu bar and their submenus."""
    found: list[QMenu] = []

    def walk(menu: QMenu) -> None:
        found.append(menu)
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu())

    for action in window.menuBar().actions():
        walk(action.menu())
    return found


def _entries(menu: QMenu) -> list[QAction]:
    return [a for a in menu.actions() if not a.isSeparator()]


def test_the_menus_are_german_when_the_app_speaks_german(german_window) -> None:
    bar = [a.text() for a in german_window.menuBar().actions()]
    assert bar == ["&Datei", "&Bearbeiten", "&Ansicht", "&Plan", "&Einstellungen", "&Hilfe"]
    assert german_window.action("new_plan").text() == "&Neuer Plan…"
    assert german_window.action("add_milestone").text() == "&Meilenstein hinzufügen"
    assert german_window.action("export").statusTip() == (
        "Das PDF für den Kunden exportieren, das beide Seiten unterschreiben"
    )


def test_no_english_is_left_in_the_german_menus(german_window) -> None:
    """Each entry's words are the catalogue's German for them (or a language's own name,
    or the undo stack's text naming the last edit)."""
    catalogue = _catalogue()
    german_texts = set(catalogue.values())
    english = {source for source, text in catalogue.items() if text != source}
    own_names = {f"&{name}" for name in language.NAMES.values()}
    for menu in _menus(german_window):
        assert menu.title() in german_texts, menu.title()
        for action in _entries(menu):
            text = action.text()
            if text in own_names or action in (
                german_window.action("undo"),
                german_window.action("redo"),
            ):
                continue
            assert text not in english, f"English in the menu {menu.title()}: {text}"
            assert text in german_texts, f"not from the catalogue: {text}"
    for entry in FEATURES:  # the table's every text is in the catalogue, translated
        assert catalogue.get(entry.text), entry.text
        if entry.tip:
            assert catalogue.get(entry.tip), entry.tip
    for title in MENUS:
        assert catalogue.get(title), title


def test_each_german_menu_has_unique_access_keys(german_window) -> None:
    for menu in [None, *_menus(german_window)]:
        actions = german_window.menuBar().actions() if menu is None else _entries(menu)
        keys = []
        for action in actions:
            text = action.text().replace("&&", "")
            if "&" in text:
                keys.append(text[text.index("&") + 1].casefold())
        assert len(keys) == len(set(keys)), (menu.title() if menu else "menu bar", keys)


def test_tooltips_name_the_keys_as_written_on_the_keyboard(window) -> None:
    assert window.action("new_plan").toolTip() == "New plan (Ctrl+N)"
    assert window.action("find").toolTip() == "Find and filter (Ctrl+F)"
    assert "StandardKey" not in window.action("quit").toolTip()


def test_the_language_choice_is_remembered_in_the_store(window, store, monkeypatch) -> None:
    monkeypatch.setenv("LANGUAGE", "de_DE")
    assert language.chosen_language(store) == language.SYSTEM
    assert language.app_language(store) == "de"  # the system's, until chosen

    window.language_actions["en"].trigger()
    assert store.setting(language.SETTING) == "en"
    assert language.app_language(store) == "en"
    assert window.language_actions["en"].isChecked()
    assert "English" in window.statusBar().currentMessage()

    window.language_actions[language.SYSTEM].trigger()
    assert language.app_language(store) == "de"


def test_qt_speaks_german_too() -> None:
    app = QApplication.instance()
    translator = language.apply_language(app, "de")
    try:
        assert translator is not None, "Qt's qtbase_de.qm was not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        if translator is not None:
            app.removeTranslator(translator)
        i18n.set_language("en")


@pytest.fixture
def american_locale() -> Iterator[None]:
    """A German window on a machine set to American English: typed dates stay day-first."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def _open_due_cell(window) -> DateLineEdit:  # noqa: ANN001
    tree = window.plan_view.tree
    index = window.plan_view.milestones.index(GO_LIVE, column_of("due"))
    tree.setCurrentIndex(index)
    tree.setFocus()
    tree.edit(index)
    line = editor()
    assert isinstance(line, DateLineEdit)
    return line


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("26.03.2027", dt.date(2027, 3, 26)),
        ("3.4.2027", dt.date(2027, 4, 3)),  # the 3rd of April, not 4 March
        ("26. März 2027", dt.date(2027, 3, 26)),
        ("1. Dezember 2027", dt.date(2027, 12, 1)),
    ],
)
def test_a_german_date_typed_in_a_cell_reaches_the_database(
    qtbot, american_locale, german_window, store, typed, expected
) -> None:
    window = german_window
    milestone_id = window.session.state.milestone_order()[GO_LIVE].id
    state = window.session.state
    window.session.apply(edits.set_field(state, "milestone", milestone_id, "start", None))
    line = _open_due_cell(window)
    assert line.text() == "30.09.2026"  # shown as German tables write dates
    line.selectAll()
    line.insert(typed)  # as typed (QTest cannot type "ä" on every keyboard layout)
    assert line.hint.text().startswith("→ ")
    assert expected.strftime("%Y") in line.hint.text()
    press_enter(qtbot, line)
    assert db_row(store, "milestones", milestone_id)["due"] == expected.isoformat()
    index = window.plan_view.milestones.index(GO_LIVE, column_of("due"))
    assert index.data() == expected.strftime("%d.%m.%Y")


def test_the_header_shows_the_target_date_in_full(german_window) -> None:
    plan = german_window.session.state.plan
    header = german_window.plan_view.header
    assert plan.target_date is not None
    assert header.target.text() == i18n.format_day(plan.target_date, "de")
    assert ". " in header.target.text()  # "30. Sept. 2026", not "30.09.2026"


def test_the_pdf_language_is_chosen_in_the_file_menu(window, store) -> None:
    from mutualplan.pdf.export import document_language

    plan_id = window.session.state.id
    window.pdf_language_menu.aboutToShow.emit()
    shown = [code for code, a in window.pdf_language_actions.items() if a.isChecked()]
    assert shown == [document_language(store, window.session.state)]

    window.pdf_language_actions["de"].trigger()
    assert store.setting(pdf_language_setting(plan_id)) == "de"
    assert document_language(store, window.session.state) == "de"
    window.pdf_language_actions["en"].trigger()
    assert document_language(store, window.session.state) == "en"


def test_the_shortcuts_sheet_is_german(german_window) -> None:
    sheet = ShortcutsSheet(german_window)
    groups = {group for group, _action, _keys in sheet.entries()}
    assert {"Datei", "Bearbeiten", "In der Meilensteintabelle"} <= groups
    assert ("In einer Datumszelle", "Kein Datum", "Entf") in sheet.entries()
    assert sheet.windowTitle() == "Tastenkürzel"
    sheet.close()


def test_the_new_plan_dialog_names_countries_in_german(german, qtbot, author) -> None:
    from mutualplan.ui.common.dialogs import NewPlanDialog

    dialog = NewPlanDialog([], author, countries=None)
    qtbot.addWidget(dialog)
    combo = dialog.countries["buyer"]
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[0] == "Keine gesetzlichen Feiertage"
    assert "Deutschland (DE)" in names and "Österreich (AT)" in names
    assert names.index("Österreich (AT)") < names.index("Polen (PL)")  # Ö sorts as O
    assert dialog.windowTitle() == "Neuer Plan"


def test_an_unreadable_date_is_refused_in_german(german):
    from mutualplan.domain.model import Plan, field_spec
    from mutualplan.domain.state import PlanRuleError, PlanState
    from mutualplan.ui.common.values import parse_edit

    state = PlanState(Plan(id="p", title="Plan", buyer_org="Kunde AG", seller_org="Anbieter"))
    with pytest.raises(PlanRuleError) as refused:
        parse_edit(state, field_spec("milestone", "due"), "31. Februar 2027")
    message = str(refused.value)
    assert message == "Fällig: Den 31. Februar 2027 gibt es nicht."


def test_working_calendars_name_countries_in_german(german, window, qtbot):
    from PySide6.QtWidgets import QComboBox

    from mutualplan.ui.workshop.scheduling import edit_calendars

    opened = window.opened()
    assert opened is not None
    dialog = edit_calendars(opened)
    qtbot.addWidget(dialog)
    names = [
        combo.itemText(i)
        for combo in dialog.findChildren(QComboBox)
        for i in range(combo.count())
    ]
    assert "Deutschland (DE)" in names and "Germany (DE)" not in names
    dialog.reject()
