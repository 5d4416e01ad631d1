"""Field values as the editor shows them, and back.

Display text and editor values are derived from the field's `FieldSpec`, so every
panel shows a date, an owner or a dependency list the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, QLocale
from PySide6.QtGui import QColor

from ...domain.model import FieldSpec, Side, label
from ...domain.state import PlanRuleError, PlanState
from ...i18n import _, format_date_for_locale, format_day, language

SIDE_COLOURS: dict[str, QColor] = {
    Side.SELLER: QColor("#2f6fb3"),
    Side.BUYER: QColor("#2e8b57"),
    Side.JOINT: QColor("#7b5ea7"),
}


# A date in a cell, as the window's language writes it in a table: German "26.03.2027"
# (how German business tables write it, day first without doubt, one width for every
# date so columns line up); English "26 Mar 2027" (a numeric form would read one way in
# London and another in New York, and the two sides often sit in both).
_CELL_FORMATS = {"de": "%d.%m.%Y", "en": "%d %b %Y"}


def format_date(value: dt.date | None) -> str:
    """A date in a table cell or a short message ("26.03.2027", "26 Mar 2027")."""
    return value.strftime(_CELL_FORMATS.get(language(), "%d %b %Y")) if value else ""


def format_long_date(value: dt.date | None) -> str:
    """A date standing alone, where there is room ("26. März 2027", "26 Mar 2027")."""
    if not value:
        return ""
    # English needs no CLDR data: Babel (~15 ms to import) stays out of an English start.
    return format_date(value) if language() == "en" else format_day(value)


def format_with_weekday(value: dt.date) -> str:
    """A date as understood while it is typed ("Fri 26 Mar 2027", "Fr., 26. März 2027")."""
    if language() == "en":
        return value.strftime("%a %d %b %Y")
    return format_date_for_locale(value, "de_DE", "EEE, d. MMMM y")


def locale_month_first() -> bool:
    """Whether typed dates put the month first (03/12 for 12 March, as the United States
    does): never in German; in English as the user's region writes short dates."""
    if language() == "de":
        return False
    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower()
    return short.find("m") < short.find("d")


def rich_text(text: str) -> str:
    """`text` shown as written inside a rich-text label (&, < and > escaped). Written
    out: the html module reads its table of 2,000 entities when imported (~1 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def capitalised(text: str) -> str:
    """The first letter up, the rest as it is ("the seller's field…" → "The seller's…")."""
    return text[:1].upper() + text[1:]


def person_name(state: PlanState, person_id: str | None) -> str:
    person = state.people.get(person_id) if person_id else None
    if person is None:
        return ""
    return person.name


def display(state: PlanState, spec: FieldSpec, value: Any) -> str:
    kind = spec.kind
    if value is None:
        return ""
    if kind == "date":
        return format_date(value)
    if kind == "choice":
        return _(label(value))
    if kind == "person":
        return person_name(state, value)
    if kind == "milestone":
        milestone = state.milestones.get(value)
        return milestone.title if milestone else ""
    if kind == "milestones":
        numbers = sorted(state.milestone_number(mid) for mid in value if mid in state.milestones)
        return ", ".join(f"#{n}" for n in numbers)
    if kind == "bool":
        return _("Yes") if value else ""
    if kind == "int":
        return str(value)
    if kind == "longtext":
        return " / ".join(line for line in str(value).splitlines() if line.strip())
    return str(value)


def to_qdate(value: dt.date | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else QDate()


def from_qdate(value: QDate) -> dt.date | None:
    if not value.isValid():
        return None
    return dt.date(value.year(), value.month(), value.day())


def parse_milestone_numbers(state: PlanState, text: str) -> tuple[str, ...]:
    """'3, 5' or '#3 #5' -> the ids of milestones 3 and 5 as numbered in the table."""
    order = state.milestone_order()
    ids = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        digits = token.lstrip("#")
        if not digits.isdigit():
            raise PlanRuleError(
                _("“{token}” is not a milestone number (write them like 2, 5).").format(
                    token=token
                )
            )
        number = int(digits)
        if not 1 <= number <= len(order):
            raise PlanRuleError(_("There is no milestone #{number}.").format(number=number))
        ids.append(order[number - 1].id)
    return tuple(sorted(set(ids)))


def edit_value(state: PlanState, spec: FieldSpec, value: Any) -> Any:
    """The value an editor starts from."""
    if spec.kind == "date":
        return to_qdate(value)
    if spec.kind == "milestones":
        return display(state, spec, value).replace("#", "")
    if spec.kind in ("text", "longtext"):
        return value or ""
    return value


def parse_edit(state: PlanState, spec: FieldSpec, raw: Any) -> Any:
    """An editor's value as the domain value; PlanRuleError with a message if unusable."""
    kind = spec.kind
    if kind == "date":
        if isinstance(raw, QDate):
            return from_qdate(raw)
        if raw in (None, ""):
            return None
        if isinstance(raw, dt.date):
            return raw
        from ...domain.quick_add import QuickAddError, parse_date  # typed dates only

        try:
            return parse_date(str(raw), dt.date.today(), month_first=locale_month_first())
        except QuickAddError as exc:
            raise PlanRuleError(f"{_(spec.label)}: {exc.worded(_)}") from None
    if kind == "milestones":
        return parse_milestone_numbers(state, str(raw or ""))
    if kind == "int":
        if raw in (None, ""):
            return None
        try:
            return int(raw)
        except (TypeError, ValueError):
            raise PlanRuleError(
                _("{field} must be a whole number.").format(field=_(spec.label))
            ) from None
    if kind in ("person", "milestone"):
        return raw or None
    if kind == "bool":
        return bool(raw)
    if kind in ("text", "longtext"):
        text = str(raw or "")
        return text.strip() if kind == "text" else text
    return raw
