"""Plan ▸ Schedule back from target… and Working calendars…, and the offer to move
what depends on a milestone that moved later: the entry points the window calls.

Each feature lives in its own module: the proposal in `schedule_dialog`, the calendars
setting in `working_calendars` (its dialog in `calendars_dialog`) and the offer in
`dependents_offer`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ...domain.calendars import Calendars, with_country
from ...store import StoreError
from .dependents_offer import DependentsOffer, dependents_offer, offer_to_move_dependents
from .schedule_dialog import ScheduleDialog
from .working_calendars import load_calendar_settings, save_calendar_settings

if TYPE_CHECKING:
    from ..contract import App, OpenPlan


# -- the calendars setting -------------------------------------------------------------


def keep_countries(
    window: App, countries: dict[str, str], target: dt.date | None, today: dt.date
) -> None:
    """Give each side's working calendar its country's public holidays (for the years
    a plan to `target` spans), remembered for the next plan; changeable in Working
    calendars."""
    try:
        settings = load_calendar_settings(window.store)
        years = range(today.year, max(today.year, (target or today).year) + 2)
        updated = settings
        for side, country in countries.items():
            updated = with_country(updated, side, country, years)
        if updated != settings:
            save_calendar_settings(window.store, updated)
    except StoreError as exc:
        window.show_store_error(str(exc))


def start_organisation_calendars(window: App, values: dict, today: dt.date) -> None:
    """Each side with no country yet keeps the public holidays of the country its
    organisation's name tells; changeable in Working calendars."""
    from ...store.calendars import start_calendars

    try:
        start_calendars(
            window.store,
            values.get("buyer_org") or "",
            values.get("seller_org") or "",
            values.get("target_date"),
            today,
        )
    except StoreError as exc:
        window.show_store_error(str(exc))


def calendars_of(window: App) -> Calendars:
    """The working calendars saved in the window's database (Mon-Fri when none are)."""
    try:
        return load_calendar_settings(window.store).calendars()
    except StoreError:
        return Calendars()


# -- entry points (the window's slots call these) --------------------------------------


def schedule_back(plan: OpenPlan) -> ScheduleDialog:
    """Open the proposal for the open plan (window-modal, returns at once)."""
    dialog = ScheduleDialog(plan.app)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def edit_calendars(plan: OpenPlan) -> QDialog:
    from .calendars_dialog import CalendarsDialog

    dialog = CalendarsDialog(plan.app)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = [
    "DependentsOffer",
    "ScheduleDialog",
    "calendars_of",
    "dependents_offer",
    "edit_calendars",
    "load_calendar_settings",
    "offer_to_move_dependents",
    "save_calendar_settings",
    "schedule_back",
]
