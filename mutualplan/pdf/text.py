"""Words for the document: plan values as a reader expects them, safe for Paragraph markup.

Month names are spelled out here rather than taken from strftime, whose `%b` follows
the machine's locale: one revision must print the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.state import PlanState

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LIST_MARK = re.compile(r"^\s*[-•*]\s+")
SIDE_NAMES = {"seller": "Seller", "buyer": "Buyer", "joint": "Joint"}


def esc(text: str) -> str:
    """Text for Paragraph markup: & < > escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fmt_date(day: dt.date | None, empty: str = "") -> str:
    if day is None:
        return empty
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def fmt_month(day: dt.date, with_year: bool) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}" if with_year else MONTHS[day.month - 1]


def date_of(timestamp: str) -> dt.date | None:
    """The calendar date (UTC) of an ISO 8601 timestamp as the store writes them."""
    try:
        return dt.date.fromisoformat(timestamp[:10])
    except ValueError:
        return None


def side_name(side: str) -> str:
    return SIDE_NAMES.get(side, side.capitalize())


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def person_name(state: PlanState, person_id: str | None, empty: str = "") -> str:
    person = state.people.get(person_id) if person_id else None
    return person.name if person else empty


def milestone_ref(state: PlanState, milestone_id: str | None, limit: int = 60) -> str:
    """'#3 Proof of concept…' for a milestone of the plan; '' when there is none."""
    milestone = state.milestones.get(milestone_id) if milestone_id else None
    if milestone is None:
        return ""
    return f"#{state.milestone_number(milestone.id)} {shorten(milestone.title, limit)}"


def bullet_lines(text: str) -> list[str]:
    """One entry per non-empty line (success criteria are written one per line)."""
    lines = (_LIST_MARK.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def fit_text(text: str, font: str, size: float, room: float) -> str:
    """`text` on one line within `room` points, cut with an ellipsis if needed."""
    text = " ".join(text.split())
    if room <= 0:
        return ""
    if stringWidth(text, font, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if stringWidth(shorten(text, mid), font, size) <= room:
            low = mid
        else:
            high = mid - 1
    return shorten(text, max(low, 1))
