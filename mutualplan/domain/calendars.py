"""Working calendars: which days each side works, and the public holidays they keep.

A plan has a calendar per side; a joint milestone can only move on a day both sides
work. The calendars are kept per database as a small JSON setting (`CalendarSettings`
reads and writes that form). The `holidays` package is imported only by the two
functions that look a country up, so nothing else here needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .model import Side

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SATURDAY_SUNDAY = frozenset({5, 6})


@dataclass(frozen=True, slots=True)
class WorkingCalendar:
    """Weekend days (0 = Monday … 6 = Sunday) and holidays are not working days."""

    weekend: frozenset[int] = SATURDAY_SUNDAY
    holidays: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        weekend = frozenset(self.weekend)
        if not weekend <= set(range(7)):
            raise ValueError("Weekend days are numbered 0 (Monday) to 6 (Sunday).")
        if len(weekend) == 7:
            raise ValueError("A working week needs at least one working day.")
        object.__setattr__(self, "weekend", weekend)
        object.__setattr__(self, "holidays", frozenset(self.holidays))

    def is_working(self, day: dt.date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The date `n` working days after `day` (before it when n < 0); `day` itself
        is not counted, and n = 0 gives `day` back unchanged.

        add_working_days(day, -n) on a Monday-to-Friday calendar is
        templates.working_days_before(day, n).
        """
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working(day):
                remaining -= 1
        return day

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days after `a` up to and including `b`; negative when b is before a.

        So add_working_days(a, working_days_between(a, b)) == b for a working day b.
        """
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        day = a
        while day < b:
            day += ONE_DAY
            if self.is_working(day):
                count += 1
        return count

    def on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_working(day):
            day += ONE_DAY
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        while not self.is_working(day):
            day -= ONE_DAY
        return day


@dataclass(frozen=True, slots=True)
class Calendars:
    """The seller's and the buyer's calendars; joint work needs a day both work."""

    seller: WorkingCalendar = field(default_factory=WorkingCalendar)
    buyer: WorkingCalendar = field(default_factory=WorkingCalendar)
    joint: WorkingCalendar = field(init=False)

    def __post_init__(self) -> None:
        weekend = self.seller.weekend | self.buyer.weekend
        if len(weekend) == 7:
            raise ValueError("The two sides have no working weekday in common.")
        joint = WorkingCalendar(weekend, self.seller.holidays | self.buyer.holidays)
        object.__setattr__(self, "joint", joint)

    def for_side(self, side: str) -> WorkingCalendar:
        if side == Side.SELLER:
            return self.seller
        if side == Side.BUYER:
            return self.buyer
        return self.joint


# -- the stored form -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SideCalendar:
    """One side's calendar as the user keeps it: holidays keep their names, and the
    country last used to add public holidays is remembered for next time."""

    weekend: frozenset[int] = SATURDAY_SUNDAY
    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    country: str = ""
    subdivision: str = ""

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(self.weekend, frozenset(self.holidays))

    def to_json(self) -> dict[str, Any]:
        return {
            "weekend": sorted(self.weekend),
            "holidays": {day.isoformat(): self.holidays[day] for day in sorted(self.holidays)},
            "country": self.country,
            "subdivision": self.subdivision,
        }

    @classmethod
    def from_json(cls, data: Any) -> SideCalendar:
        """Lenient: a setting edited by hand or written by another version loses only
        the entries it cannot read."""
        if not isinstance(data, dict):
            return cls()
        weekend = data.get("weekend")
        if isinstance(weekend, list) and all(
            isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in weekend
        ):
            days = frozenset(weekend)
            if len(days) == 7:
                days = SATURDAY_SUNDAY
        else:
            days = SATURDAY_SUNDAY
        holidays: dict[dt.date, str] = {}
        raw = data.get("holidays")
        items: Iterable[Any] = raw.items() if isinstance(raw, dict) else ()
        for key, name in items:
            try:
                day = dt.date.fromisoformat(key)
            except (TypeError, ValueError):
                continue
            holidays[day] = name if isinstance(name, str) else ""
        country = data.get("country")
        subdivision = data.get("subdivision")
        return cls(
            weekend=days,
            holidays=holidays,
            country=country if isinstance(country, str) else "",
            subdivision=subdivision if isinstance(subdivision, str) else "",
        )


@dataclass(frozen=True, slots=True)
class CalendarSettings:
    """Both sides' calendars, as the per-database setting "calendars" holds them."""

    seller: SideCalendar = field(default_factory=SideCalendar)
    buyer: SideCalendar = field(default_factory=SideCalendar)

    KEY = "calendars"

    def calendars(self) -> Calendars:
        return Calendars(self.seller.calendar(), self.buyer.calendar())

    def side(self, side: str) -> SideCalendar:
        return self.buyer if side == Side.BUYER else self.seller

    def to_json(self) -> dict[str, Any]:
        return {"seller": self.seller.to_json(), "buyer": self.buyer.to_json()}

    @classmethod
    def from_json(cls, data: Any) -> CalendarSettings:
        if not isinstance(data, dict):
            return cls()
        settings = cls(
            SideCalendar.from_json(data.get("seller")), SideCalendar.from_json(data.get("buyer"))
        )
        try:
            settings.calendars()
        except ValueError:  # two weekends that leave no common working day
            return cls()
        return settings


# -- public holidays (the `holidays` package, looked up only when asked) ------------------


def with_country(
    settings: CalendarSettings, side: str, country: str, years: Iterable[int]
) -> CalendarSettings:
    """`settings` with `side` keeping `country`'s public holidays in `years` (added to
    the holidays it already keeps). Unchanged when the side already keeps that
    country's holidays, or when no holidays are known for the country."""
    current = settings.side(side)
    if not country or current.country == country:
        return settings
    try:
        found = public_holidays(country, years)
    except ValueError:
        return settings
    updated = replace(
        current, holidays={**found, **current.holidays}, country=country, subdivision=""
    )
    if side == Side.BUYER:
        return replace(settings, buyer=updated)
    return replace(settings, seller=updated)


def public_holidays(
    country: str,
    years: Iterable[int],
    subdivision: str = "",
    languages: Sequence[str] = (),
) -> dict[dt.date, str]:
    """The public holidays of `country` (ISO 3166 code) in `years`, with their names.

    Names are in the first of `languages` (the user's, most preferred first, as "de_AT"
    or "de-AT" or "de") that the country's list is translated into, else in English.
    The language is always named to the `holidays` package: left to itself it guesses
    from LANGUAGE, LC_ALL, LC_MESSAGES and LANG, and under LANG=C.UTF-8 on Python 3.12
    and newer that guess gives each country's own language (German for Germany).
    """
    import holidays  # only when a user asks for a country's holidays

    try:
        entity = holidays.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        raise ValueError(f"No public holidays are known for the country {country!r}.") from None
    language = holiday_language(
        entity.supported_languages, entity.default_language or "", languages
    )
    found = holidays.country_holidays(
        country, subdiv=subdivision or None, years=sorted(set(years)), language=language
    )
    return {day: str(name) for day, name in sorted(found.items())}


def holiday_language(supported: Iterable[str], native: str, preferred: Sequence[str]) -> str:
    """Which of a country's `supported` translations to show a user who prefers the
    `preferred` languages: the first one matched by language and region, then by
    language alone; English when none is (the country's own English if it has one);
    the `native` language of the list if it has no English at all."""
    offered = [code for code in supported if code] or ([native] if native else [])

    def by_language(wanted: str) -> str | None:
        wanted = wanted.replace("-", "_")
        if wanted in offered:
            return wanted
        base = wanted.split("_")[0].lower()
        for code in (native, *offered):
            if code and code.split("_")[0].lower() == base:
                return code
        return None

    for wanted in preferred:
        # "C" and "POSIX" name no language; Qt spells script variants as "de-Latn-AT".
        if wanted and wanted.upper() not in ("C", "POSIX") and (match := by_language(wanted)):
            return match
    if native.lower().startswith("en"):
        return native
    return by_language("en") or native


def supported_countries() -> list[tuple[str, str]]:
    """(ISO code, English name) of every country whose holidays are known, by name."""
    import holidays

    names: dict[str, str] = {}
    try:
        from holidays.registry import COUNTRIES

        for module, (_cls, code, *_rest) in COUNTRIES.items():
            names[code] = _country_name(module)
    except (ImportError, ValueError, TypeError):  # the registry is not public API
        pass
    codes = [code for code in holidays.list_supported_countries() if len(code) == 2]
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])


def subdivisions(country: str) -> list[tuple[str, str]]:
    """(code, name) of a country's regions that keep holidays of their own."""
    import holidays

    codes = holidays.list_supported_countries().get(country, [])
    try:
        aliases = holidays.country_holidays(country).subdivisions_aliases
    except (NotImplementedError, AttributeError):
        aliases = {}
    named: dict[str, str] = {}
    for name, code in aliases.items():
        named.setdefault(code, name)
    return [(code, named.get(code, code)) for code in codes]


def _country_name(module: str) -> str:
    small = {"and", "of", "the", "da", "de", "du"}
    words = module.split("_")
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))
