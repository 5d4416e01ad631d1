"""A plan made from a template starts in the future, on calendars that know the
country's public holidays."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from mutualplan.domain.calendars import CalendarSettings, public_holidays
from mutualplan.ui.common.dialogs import NewPlanDialog
from mutualplan.ui.plans import TargetOffer, create_plan


def _milestones(store, plan_id: str) -> list[sqlite3.Row]:
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(
            "SELECT * FROM milestones WHERE plan_id = ? ORDER BY rank", (plan_id,)
        ).fetchall()
    finally:
        conn.close()


def _plan(store, plan_id: str) -> sqlite3.Row:
    conn = sqlite3.connect(store.path)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM plans WHERE id = ?", (plan_id,)).fetchone()
    finally:
        conn.close()


def _values(target: dt.date) -> dict:
    return {
        "title": "Fabrikam fleet analytics",
        "buyer_org": "Fabrikam GmbH",
        "seller_org": "Northwind Software",
        "target_date": target,
    }


def test_a_template_plan_too_close_to_its_target_starts_today_and_offers_to_move_it(
    qtbot, window, store, enterprise_template
):
    today = dt.date.today()
    target = today + dt.timedelta(weeks=6)  # the template needs about fourteen weeks
    assert create_plan(window, _values(target), enterprise_template)
    plan_id = window.session.state.plan.id
    rows = _milestones(store, plan_id)
    starts = [dt.date.fromisoformat(r["start"]) for r in rows if r["start"]]
    dues = [dt.date.fromisoformat(r["due"]) for r in rows if r["due"]]
    assert min(starts) >= today, "a new plan must not be overdue on creation"
    assert min(starts) < today + dt.timedelta(days=7)
    assert not window.session.health().flags or all(
        "past due" not in " ".join(flags) for flags in window.session.health().flags.values()
    )
    box = window.state(TargetOffer).box
    qtbot.waitUntil(box.isVisible)
    assert f"{(max(dues) - target).days} days after the target" in box.text()
    [move] = [b for b in box.buttons() if b.text().startswith("Move the target")]
    move.click()
    assert _plan(store, plan_id)["target_date"] == max(dues).isoformat()


def test_a_template_plan_with_room_to_spare_is_dated_back_from_its_target(
    qtbot, window, store, enterprise_template
):
    target = dt.date.today() + dt.timedelta(weeks=40)
    assert create_plan(window, _values(target), enterprise_template)
    rows = _milestones(store, window.session.state.plan.id)
    assert rows[-1]["due"] <= target.isoformat()
    box = window.state(TargetOffer).box
    assert box is None or not box.isVisible()


def test_the_buyers_country_gives_its_calendar_public_holidays(
    qtbot, window, store, enterprise_template
):
    # A target in spring: the plan runs over Christmas and New Year.
    today = dt.date.today()
    target = dt.date(today.year + 1, 4, 30)
    countries = {"buyer": "DE", "seller": "GB"}
    assert create_plan(window, _values(target), enterprise_template, countries)
    settings = CalendarSettings.from_json(store.setting(CalendarSettings.KEY))
    assert settings.buyer.country == "DE" and settings.seller.country == "GB"
    german = public_holidays("DE", range(today.year, target.year + 1))
    assert set(german) <= set(settings.buyer.holidays)
    assert dt.date(today.year, 12, 25) in settings.buyer.holidays
    state = window.session.state
    for milestone in state.milestones.values():
        if milestone.side == "buyer":
            for day in (milestone.start, milestone.due):
                assert day not in german, f"{milestone.title} falls on {german.get(day)}"


def test_the_new_plan_dialog_asks_each_sides_country_once_and_remembers_it(qtbot, author):
    countries = [("DE", "Germany"), ("FR", "France"), ("GB", "United Kingdom")]
    dialog = NewPlanDialog(
        [], author, countries=countries, kept_countries={"buyer": "FR", "seller": ""}
    )
    qtbot.addWidget(dialog)
    chosen = dialog.chosen_countries()
    assert chosen["buyer"] == "FR"
    assert dialog.minimumWidth() >= 600


def test_no_offer_box_without_a_shift(qtbot, window, enterprise_template):
    target = dt.date.today() + dt.timedelta(weeks=60)
    create_plan(window, _values(target), enterprise_template)
    assert not any(b.isVisible() for b in window.findChildren(QMessageBox))


def test_each_sides_country_follows_its_organisations_legal_form_until_chosen(qtbot, author):
    countries = [("DE", "Germany"), ("GB", "United Kingdom"), ("US", "United States")]
    dialog = NewPlanDialog([], author, countries=countries, kept_countries={})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.buyer, "Nordwind Logistics GmbH")
    assert dialog.chosen_countries()["buyer"] == "DE"
    dialog.countries["buyer"].setCurrentIndex(dialog.countries["buyer"].findData("US"))
    dialog.countries["buyer"].activated.emit(0)  # chosen by hand: kept
    dialog.buyer.setText("Contoso Ltd")
    assert dialog.chosen_countries()["buyer"] == "US"


def _count_plans(store) -> int:
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
    finally:
        conn.close()


def _new_plan_typing(monkeypatch, qtbot, typed: str) -> list[NewPlanDialog]:
    """New plan, filled in and "Create plan" clicked with `typed` as the target date."""
    seen: list[NewPlanDialog] = []

    def fake_exec(dialog: NewPlanDialog) -> int:
        seen.append(dialog)
        dialog.title.setText("Fabrikam fleet analytics")
        dialog.buyer.setText("Fabrikam GmbH")
        dialog.seller.setText("Northwind Software")
        dialog.template.setCurrentIndex(0)
        dialog.target.clear()
        qtbot.keyClicks(dialog.target, typed)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(NewPlanDialog, "exec", fake_exec)
    return seen


def test_the_new_plan_target_is_typed_as_date_cells_read_it(qtbot, window, store, monkeypatch):
    _new_plan_typing(monkeypatch, qtbot, "15 Apr 2027")
    window.run("new_plan")
    assert _plan(store, window.session.plan_id)["target_date"] == "2027-04-15"


def test_an_unreadable_new_plan_target_is_refused_and_no_plan_made(
    qtbot, window, store, monkeypatch
):
    before = _count_plans(store)
    seen = _new_plan_typing(monkeypatch, qtbot, "31 Smarch")
    window.run("new_plan")
    [dialog] = seen
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.target_error.isHidden()
    assert dialog.target_error.text().startswith("Target date: ")
    assert _count_plans(store) == before


def test_a_plan_made_without_new_plan_keeps_the_public_holidays_its_names_tell(
    qtbot, window, store
):
    # As a spreadsheet whose title block names both sides makes a plan: nobody is asked.
    target = dt.date(dt.date.today().year + 1, 4, 30)
    assert create_plan(window, _values(target))
    saved = CalendarSettings.from_json(store.setting(CalendarSettings.KEY))
    assert saved.buyer.country == "DE"  # Fabrikam GmbH
    german = public_holidays("DE", [target.year])
    assert set(german) <= set(saved.buyer.holidays)
    assert not saved.seller.holidays  # "Northwind Software" tells no country
