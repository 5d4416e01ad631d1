"""The working calendars setting: each side's weekend and public holidays, kept in the
database and shared by every plan, and the one-line summary the schedule shows."""

from __future__ import annotations

from ...domain.calendars import WEEKDAY_NAMES, Calendars, CalendarSettings
from ...store import Store, StoreError


def load_calendar_settings(store: Store) -> CalendarSettings:
    return CalendarSettings.from_json(store.setting(CalendarSettings.KEY))


def save_calendar_settings(store: Store, settings: CalendarSettings) -> None:
    store.set_setting(CalendarSettings.KEY, settings.to_json())


def saved_calendars(store: Store) -> Calendars:
    """The working calendars saved in the database (Mon-Fri when none are)."""
    try:
        return load_calendar_settings(store).calendars()
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
