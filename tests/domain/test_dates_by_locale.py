"""Dates typed as English and German writers type them: short forms by region, month
names and relative words in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualplan.domain.model import Plan, Side
from mutualplan.domain.quick_add import QuickAddError, parse_date, parse_quick_add
from mutualplan.domain.state import PlanState
from mutualplan.i18n import month_first

TODAY = dt.date(2027, 3, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "locale", "expected"),
    [
        # German: day first, with dots, short years, month names with or without a dot.
        ("26.3.2027", "de_DE", dt.date(2027, 3, 26)),
        ("26.03.27", "de_DE", dt.date(2027, 3, 26)),
        ("26. März", "de_DE", dt.date(2027, 3, 26)),
        ("26. März 2027", "de_DE", dt.date(2027, 3, 26)),
        ("26. Mrz.", "de_DE", dt.date(2027, 3, 26)),
        ("März 26", "de_DE", dt.date(2027, 3, 26)),
        ("3. Okt.", "de_DE", dt.date(2027, 10, 3)),
        ("1. Dezember 2027", "de_AT", dt.date(2027, 12, 1)),
        ("5. Jänner", "de_AT", dt.date(2028, 1, 5)),
        # English by region: the US writes the month first, Britain the day.
        ("3/26/2027", "en_US", dt.date(2027, 3, 26)),
        ("26/03/2027", "en_GB", dt.date(2027, 3, 26)),
        ("Mar 26, 2027", "en_US", dt.date(2027, 3, 26)),
        ("26 March", "en_GB", dt.date(2027, 3, 26)),
        # Month names of the other language are understood too.
        ("26 März", "en_GB", dt.date(2027, 3, 26)),
        ("Oct 3", "de_DE", dt.date(2027, 10, 3)),
    ],
)
def test_short_forms_and_month_names_per_locale(
    typed: str, locale: str, expected: dt.date
) -> None:
    assert parse_date(typed, TODAY, month_first=month_first(locale)) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("heute", TODAY),
        ("morgen", TODAY + dt.timedelta(days=1)),
        ("nächsten Freitag", dt.date(2027, 3, 12)),
        ("Freitag", dt.date(2027, 3, 12)),
        ("am Montag", dt.date(2027, 3, 15)),
        ("in 3 Tagen", dt.date(2027, 3, 13)),
        ("in zwei Wochen", dt.date(2027, 3, 24)),
        ("in einem Monat", dt.date(2027, 4, 10)),
        ("in 5 Arbeitstagen", dt.date(2027, 3, 17)),
        ("nächste Woche", dt.date(2027, 3, 19)),
        ("next Friday", dt.date(2027, 3, 12)),
    ],
)
def test_relative_words_in_german_and_english(typed: str, expected: dt.date) -> None:
    assert parse_date(typed, TODAY) == expected


def test_a_date_that_is_not_one_is_still_refused_in_german() -> None:
    with pytest.raises(QuickAddError):
        parse_date("31. Februar 2027", TODAY)
    with pytest.raises(QuickAddError):
        parse_date("Frühling", TODAY)


def test_a_quick_add_line_in_german() -> None:
    state = PlanState(Plan(id="p", title="Plan", buyer_org="Nordwind GmbH", seller_org="B"))
    added = parse_quick_add(
        "Sicherheitsprüfung — Kunde — Katrin Hoffmann — ab 15. März — bis 26.3.2027",
        state,
        TODAY,
    )
    assert added.title == "Sicherheitsprüfung"
    assert added.side == Side.BUYER
    assert added.new_owner_name == "Katrin Hoffmann"
    assert (added.start, added.due) == (dt.date(2027, 3, 15), dt.date(2027, 3, 26))
    ranged = parse_quick_add("Pilot — gemeinsam — 1. April bis 30. April", state, TODAY)
    assert ranged.side == Side.JOINT
    assert (ranged.start, ranged.due) == (dt.date(2027, 4, 1), dt.date(2027, 4, 30))
