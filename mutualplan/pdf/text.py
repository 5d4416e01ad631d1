"""Words for the document: plan values as a reader expects them, safe for Paragraph markup.

Dates come from the document's language (i18n, CLDR data) rather than strftime, whose
`%b` follows the machine's locale: one revision must print the same on every machine.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.model import label
from ..domain.state import PlanState
from ..i18n import N_, _, format_day, format_month, ngettext

_LIST_MARK = re.compile(r"^\s*[-•*]\s+")
SIDE_NAMES = {"seller": N_("Seller"), "buyer": N_("Buyer"), "joint": N_("Joint")}
# The plan's fixed choices as the document names them (label() of each value).
CHOICE_LABELS = (
    N_("Draft"), N_("Committed"), N_("Achieved"), N_("Abandoned"),
    N_("Not started"), N_("In progress"), N_("Done"), N_("At risk"), N_("Blocked"),
    N_("Case study"), N_("Customer reference"), N_("Proof of concept"), N_("Demo"),
    N_("Business case"), N_("Security document"),
    N_("Promised"), N_("Delivered"), N_("Accepted"), N_("Disputed"),
)
# The fields' declared labels (domain/model.py), which head the document's columns.
FIELD_LABELS = (
    N_("Title"), N_("Buyer"), N_("Seller"), N_("Buyer's objective"), N_("Success criteria"),
    N_("Target date"), N_("Status"), N_("Name"), N_("Job title"), N_("Email"), N_("Side"),
    N_("Role in the decision"), N_("Order"), N_("Signatory"), N_("Milestone"),
    N_("Description"), N_("Owner"), N_("Start"), N_("Due"), N_("Lead time (working days)"),
    N_("Done on"), N_("Depends on"), N_("Exit criteria"), N_("Phase"), N_("Action"),
    N_("Done"), N_("Kind"), N_("Evidence"), N_("Claim it supports"), N_("State"),
    N_("Accepted or disputed by"), N_("Why"),
)


def esc(text: str) -> str:
    """Text for Paragraph markup: & < > escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fmt_date(day: dt.date | None, empty: str = "") -> str:
    if day is None:
        return empty
    return format_day(day)


def fmt_month(day: dt.date, with_year: bool) -> str:
    return format_month(day, with_year)


def choice(value: str) -> str:
    """A fixed choice of the plan ("at_risk") as the document names it ("At risk")."""
    return _(label(value))


def date_of(timestamp: str) -> dt.date | None:
    """The calendar date (UTC) of an ISO 8601 timestamp as the store writes them."""
    try:
        return dt.date.fromisoformat(timestamp[:10])
    except ValueError:
        return None


def side_name(side: str) -> str:
    return _(SIDE_NAMES[side]) if side in SIDE_NAMES else side.capitalize()


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


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
