"""The working calendars setting: each side's weekend and public holidays, kept in the
database and shared by every plan; the country a side's holidays come from."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ...domain.calendars import WEEKDAY_NAMES, Calendars, CalendarSettings, with_country
from ...store import Store, StoreError

if TYPE_CHECKING:
    from ..main_window import MainWindow


def load_calendar_settings(store: Store) -> CalendarSettings:
    return CalendarSettings.from_json(store.setting(CalendarSettings.KEY))


def save_calendar_settings(store: Store, settings: CalendarSettings) -> None:
    store.set_setting(CalendarSettings.KEY, settings.to_json())


def keep_countries(
    window: MainWindow, countries: dict[str, str], target: dt.date | None, today: dt.date
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


def start_organisation_calendars(window: MainWindow, values: dict, today: dt.date) -> None:
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


def calendars_of(window: MainWindow) -> Calendars:
    """The working calendars saved in the window's database (Mon-Fri when none are)."""
    try:
        return load_calendar_settings(window.store).calendars()
    except StoreError:
        return Calendars()


def calendar_summary(calendars: Calendars) -> str:
    """'seller: Mon–Fri, 9 holidays · buyer: Sun–Thu, no holidays'."""
    parts = []
    for side, calendar in (("seller", calendars.seller), ("buyer", calendars.buyer)):
        working = [n for n in range(7) if n not in calendar.weekend]
        if working == list(range(working[0], working[-1] + 1)):
            week = f"{WEEKDAY_NAMES[working[0]][:3]}–{WEEKDAY_NAMES[working[-1]][:3]}"
        else:
            week = ", ".join(WEEKDAY_NAMES[n][:3] for n in working)
        count = len(calendar.holidays)
        holidays = "no holidays" if not count else f"{count} holiday{'' if count == 1 else 's'}"
        parts.append(f"{side}: {week}, {holidays}")
    return " · ".join(parts)
