"""The working calendars setting: each side's weekend and public holidays, kept in the
database and shared by every plan, and the one-line summary the schedule shows."""

from __future__ import annotations

from typing import Literal

from ...domain.calendars import Calendars, CalendarSettings
from ...i18n import _, language, ngettext
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


def weekday_name(
    number: int, width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
) -> str:
    """Monday is 0, as the reader's language names it ("Montag", "Mo.")."""
    from babel.dates import get_day_names

    return str(get_day_names(width, locale=language())[number])


def calendar_summary(calendars: Calendars) -> str:
    """'seller: Mon–Fri, 9 holidays · buyer: Sun–Thu, no holidays'."""
    parts = []
    for side, calendar in ((_("seller"), calendars.seller), (_("buyer"), calendars.buyer)):
        working = [n for n in range(7) if n not in calendar.weekend]
        short = [weekday_name(n, "abbreviated") for n in range(7)]
        if working == list(range(working[0], working[-1] + 1)):
            week = f"{short[working[0]]}–{short[working[-1]]}"
        else:
            week = ", ".join(short[n] for n in working)
        count = len(calendar.holidays)
        holidays = (
            ngettext("{count} holiday", "{count} holidays", count).format(count=count)
            if count
            else _("no holidays")
        )
        parts.append(f"{side}: {week}, {holidays}")
    return " · ".join(parts)
