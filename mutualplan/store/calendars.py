"""The working calendars a database keeps (one setting for all its plans)."""

from __future__ import annotations

import datetime as dt

from ..domain.calendars import CalendarSettings, with_country
from ..domain.model import Side
from ..domain.names import country_of_organisation
from .repository import Store


def start_calendars(
    store: Store,
    buyer_org: str,
    seller_org: str,
    target: dt.date | None,
    today: dt.date,
) -> CalendarSettings:
    """Each side whose working calendar keeps no country's public holidays yet starts
    with those of the country its organisation's name tells ("… GmbH" → Germany), for
    the years a plan to `target` spans. A country already kept (chosen in New plan or
    in Working calendars) is left as it is; so is a side whose country cannot be told."""
    settings = CalendarSettings.from_json(store.setting(CalendarSettings.KEY))
    years = range(today.year, max(today.year, (target or today).year) + 2)
    updated = settings
    for side, organisation in ((Side.BUYER, buyer_org), (Side.SELLER, seller_org)):
        if not settings.side(side).country:
            updated = with_country(updated, side, country_of_organisation(organisation), years)
    if updated != settings:
        store.set_setting(CalendarSettings.KEY, updated.to_json())
    return updated
