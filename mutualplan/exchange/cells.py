"""Reading one spreadsheet cell as a plan value: dates in the formats people type,
status and side words, whole numbers.

Each reader returns the value or raises `CellProblem` with a sentence for the user;
none of them knows about rows, columns or the plan.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

from ..domain.model import MilestoneStatus, Side
from ..domain.names import folded, same_organisation

# The years the plan's rules accept (domain.state checks the same range).
FIRST_YEAR, LAST_YEAR = 1900, 2200
# Excel counts days from 30 Dec 1899 (its 1900 leap-year bug is before any plan date).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers read as dates: 1 Jan 1970 to 31 Dec 2200. A smaller number in a date
# column is far more likely a slip (a lead time in the wrong column) than a 1930 date.
SERIAL_RANGE = (25569, 109574)

# English names, spelled out: calendar's follow the process locale, which Qt sets.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {
    name: number
    for number, full in enumerate(MONTH_NAMES, start=1)
    for name in (full.casefold(), full[:3].casefold())
} | {"sept": 9}
# German month names and the abbreviations German sheets use ("12. März 2027", "3. Okt").
GERMAN_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "marz": 3, "mär": 3,
    "mrz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12,
    "dez": 12,
}  # fmt: skip
MONTHS |= GERMAN_MONTHS
_WEEKDAY = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mo|di|mi|do|fr|sa|so)"
    r"[^\W\d_]*\.?,?\s+"
)
_WEEKDAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6,
}  # fmt: skip
# "w/c 05/04/2027", "week commencing 5 April 2027", "KW ab 05.04.2027": that date.
_WEEK_OF = re.compile(
    r"(?:w/?c|w\.c\.|week\s+(?:commencing|beginning|starting|of)|wk\s+of|woche\s+ab|ab)\s*:?\s+",
    re.IGNORECASE,
)
_TIME = r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?|z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}", re.IGNORECASE)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NUMERIC = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d+){_TIME}", re.IGNORECASE)
_LETTERS = r"[^\W\d_]+"
_DAY_MONTH = re.compile(
    rf"(?:{_WEEKDAY})?(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+({_LETTERS})\.?[\s\-/.,]+(\d+){_TIME}",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?:{_WEEKDAY})?({_LETTERS})\.?[\s\-]+(\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-]+(\d+){_TIME}",
    re.IGNORECASE,
)
# The same without a year ("Thu 28 Jan", "Jan 28", "28.01."): the year comes from context.
_DAY_MONTH_NO_YEAR = re.compile(
    rf"(?:({_LETTERS})\.?,?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+({_LETTERS})\.?",
    re.IGNORECASE,
)
_MONTH_DAY_NO_YEAR = re.compile(
    rf"(?:({_LETTERS})\.?,?\s+)?({_LETTERS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?",
    re.IGNORECASE,
)
_SERIAL = re.compile(r"(\d{5,6})(?:\.\d+)?")


class CellProblem(ValueError):
    """A cell that cannot be read as the value its column holds; says why."""


def cell_text(value: Any) -> str:
    """Any cell as text: numbers without a needless '.0', dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def one_line(value: Any) -> str:
    """Text for a one-line field: every run of white space (newlines too) one space."""
    return " ".join(cell_text(value).split())


def plain_key(text: str) -> str:
    """Case- and space-insensitive form of a name: 'Anna  Müller' -> 'anna müller'."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def accentless_key(text: str) -> str:
    """As `plain_key`, also without accents: 'Anna Müller' -> 'anna muller'."""
    return folded(text)


# -- dates -----------------------------------------------------------------------------


def _quoted(value: Any) -> str:
    text = cell_text(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


def _year(digits: str) -> int:
    if len(digits) == 2:
        # 27 -> 2027, 85 -> 1985: the pivot spreadsheets use.
        number = int(digits)
        return 2000 + number if number < 70 else 1900 + number
    if len(digits) == 4:
        return int(digits)
    raise CellProblem(f"the year {digits} is not plausible")


def fmt_date(day: dt.date) -> str:
    """12 Mar 2027, in English whatever the process locale."""
    return f"{day.day} {MONTH_NAMES[day.month - 1][:3]} {day.year}"


def make_date(year: int, month: int, day: int) -> dt.date:
    """A date, or a CellProblem saying what is wrong with it (31 Feb, year 20277)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellProblem(f"the year {year} is not plausible")
    if not 1 <= month <= 12:
        raise CellProblem(f"there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise CellProblem(f"{MONTH_NAMES[month - 1]} {year} has no day {day} (it has {days} days)")
    return dt.date(year, month, day)


def numeric_order(text: str) -> str | None:
    """What a date like 12/03/2027 says about its order: 'day' when only day-first reads
    it (13/03), 'month' when only month-first does (03/13), None when either could."""
    match = _NUMERIC.fullmatch(text.strip())
    if not match:
        return None
    first, second = int(match[1]), int(match[2])
    if first > 12 >= second:
        return "day"
    if second > 12 >= first:
        return "month"
    return None


def read_date(value: Any, day_first: bool = True, year: int | None = None) -> dt.date | None:
    """A date cell as a date (None when empty); CellProblem when it is not a date.

    Reads real date cells, Excel serial numbers, ISO (2027-03-12), numeric dates in
    either order (12/03/2027 is day first unless `day_first` is False; 13/03/2027 and
    03/13/2027 read one way only), month names in English and German (12 Mar 2027,
    March 12, 2027, 12. März 2027), "w/c 05/04/2027" (that date), and, given the
    `year` the file's other dates are in, dates without one ("Thu 28 Jan": the year
    near `year` on which 28 January is a Thursday).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return make_date(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return make_date(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise CellProblem(f"{_quoted(value)} is not a date")
    if isinstance(value, int | float):
        return _from_serial(value)
    text = cell_text(value).strip()
    if not text:
        return None
    if match := _WEEK_OF.match(text):
        text = text[match.end() :].strip()
    if match := _ISO.fullmatch(text):
        return make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _COMPACT.fullmatch(text):
        return make_date(int(match[1]), int(match[2]), int(match[3]))
    if match := _NUMERIC.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), _year(match[3])
        if first > 12 and second > 12:
            raise CellProblem(
                f"{_quoted(text)} is not a date (neither {first} nor {second} is a month)"
            )
        day_then_month = first > 12 or (second <= 12 and day_first)
        day, month = (first, second) if day_then_month else (second, first)
        return make_date(year, month, day)
    if match := _DAY_MONTH.fullmatch(text):
        return make_date(_year(match[3]), _month(match[2], text), int(match[1]))
    if match := _MONTH_DAY.fullmatch(text):
        return make_date(_year(match[3]), _month(match[1], text), int(match[2]))
    if match := _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    if year is not None:
        found = _without_year(text, year)
        if found is not None:
            return found
    raise CellProblem(
        f"{_quoted(text)} is not a date MutualPlan can read (write it like 2027-03-12)"
    )


def _without_year(text: str, year: int) -> dt.date | None:
    """'Thu 28 Jan' or 'Jan 28' in the year the weekday names (of year-1..year+1),
    else in `year`; None when the text is no such date."""
    weekday, day, month = None, 0, 0
    if match := _DAY_MONTH_NO_YEAR.fullmatch(text):
        weekday, day, month = match[1], int(match[2]), MONTHS.get(match[3].casefold(), 0)
    elif match := _MONTH_DAY_NO_YEAR.fullmatch(text):
        weekday, day, month = match[1], int(match[3]), MONTHS.get(match[2].casefold(), 0)
    elif match := re.fullmatch(r"(\d{1,2})[./](\d{1,2})\.?", text):
        day, month = int(match[1]), int(match[2])
        if "/" in text:
            return None  # 05/04 could be either order; too little to go on
    if not month:
        return None
    wanted = None
    if weekday is not None:
        wanted = _WEEKDAYS.get(weekday.casefold()[:3]) or _WEEKDAYS.get(weekday.casefold()[:2])
        if wanted is None and weekday.casefold()[:3] not in _WEEKDAYS:
            return None
    candidates = []
    for candidate in (year, year + 1, year - 1):
        try:
            day_in = make_date(candidate, month, day)
        except CellProblem:
            continue
        if wanted is None or day_in.weekday() == wanted:
            candidates.append(day_in)
    return candidates[0] if candidates else None


def date_year(value: Any) -> int | None:
    """The year a date cell names, if it reads as a full date (for context)."""
    try:
        found = read_date(value)
    except CellProblem:
        return None
    return found.year if found else None


def _month(name: str, text: str) -> int:
    number = MONTHS.get(name.casefold())
    if number is None:
        raise CellProblem(f"{_quoted(text)} is not a date (“{name}” is not a month)")
    return number


def _from_serial(number: float) -> dt.date:
    low, high = SERIAL_RANGE
    if number != number or not low <= number < high + 1:  # NaN, or out of range
        raise CellProblem(f"{_quoted(number)} is a number, not a date")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


# -- words -----------------------------------------------------------------------------


def _words(value: Any) -> str:
    """'In_Progress ' -> 'in progress': case, underscores, dashes and spacing aside."""
    return " ".join(re.sub(r"[_\-]+", " ", cell_text(value)).casefold().split()).strip(".!")


# fmt: off
_STATUS_WORDS = {
    MilestoneStatus.DONE: (
        "done", "complete", "completed", "closed", "finished", "delivered", "achieved",
        "yes", "y", "x", "✓", "✔", "ok", "signed", "accepted",
        "erledigt", "abgeschlossen", "fertig", "ja",
    ),
    MilestoneStatus.IN_PROGRESS: (
        "in progress", "wip", "started", "ongoing", "underway", "under way", "active",
        "doing", "in flight", "on track", "green", "progressing",
        "in arbeit", "läuft", "laufend", "in bearbeitung", "begonnen", "grün",
    ),
    MilestoneStatus.AT_RISK: (
        "at risk", "risk", "amber", "yellow", "delayed", "late", "slipping",
        "gefährdet", "risiko", "verzögert", "gelb",
    ),
    MilestoneStatus.BLOCKED: (
        "blocked", "red", "on hold", "stuck", "stopped", "waiting",
        "blockiert", "rot", "gestoppt",
    ),
    MilestoneStatus.NOT_STARTED: (
        "not started", "not yet started", "open", "to do", "todo", "planned", "new",
        "pending", "scheduled", "no", "n", "tbd", "not begun", "backlog", "upcoming",
        "offen", "geplant", "nicht begonnen", "nein", "neu",
    ),
}
# fmt: on
STATUS_WORDS = {word: status for status, words in _STATUS_WORDS.items() for word in words}


def read_status(value: Any) -> tuple[str, str | None]:
    """(status, note): an unknown word is not started, with a note saying so."""
    words = _words(value)
    if not words:
        return MilestoneStatus.NOT_STARTED, None
    if words in STATUS_WORDS:
        return STATUS_WORDS[words], None
    percent = _percent(value, words)
    if percent is not None:
        if percent >= 100:
            return MilestoneStatus.DONE, None
        return (MilestoneStatus.IN_PROGRESS if percent > 0 else MilestoneStatus.NOT_STARTED), None
    return (
        MilestoneStatus.NOT_STARTED,
        f"status {_quoted(value)} not understood; set to not started",
    )


def _percent(value: Any, words: str) -> float | None:
    """A progress figure: 40%, 40 %, or a fraction cell (0.4) from a percent column."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) * 100 if 0 <= value <= 1 else None
    match = re.fullmatch(r"(\d{1,3}(?:[.,]\d+)?)\s*%", words)
    return float(match[1].replace(",", ".")) if match else None


# fmt: off
_SIDE_WORDS = {
    Side.SELLER: (
        "seller", "sellers", "vendor", "supplier", "provider", "sales", "seller side",
        "anbieter", "lieferant", "verkäufer", "auftragnehmer", "hersteller",
    ),
    Side.BUYER: (
        "buyer", "buyers", "customer", "client", "purchaser", "buyer side",
        "kunde", "käufer", "auftraggeber",
    ),
    Side.JOINT: (
        "joint", "both", "shared", "all", "together", "mutual", "both sides",
        "beide", "gemeinsam", "alle",
    ),
}
# fmt: on
SIDE_WORDS = {word: side for side, words in _SIDE_WORDS.items() for word in words}


def read_side(
    value: Any, buyer_org: str = "", seller_org: str = ""
) -> tuple[str | None, str | None]:
    """(side or None when empty or unknown, note). The plan's organisation names count."""
    words = _words(value)
    if not words:
        return None, None
    if words in SIDE_WORDS:
        return SIDE_WORDS[words], None
    if same_organisation(cell_text(value), seller_org):
        return Side.SELLER, None
    if same_organisation(cell_text(value), buyer_org):
        return Side.BUYER, None
    # "Vendor / Customer", "Kunde + Anbieter": both sides named is a joint milestone.
    parts = [p for p in re.split(r"\s*(?:[/+&,]|\band\b|\bund\b)\s*", words) if p]
    if len(parts) > 1:
        sides = {side_word(p, buyer_org, seller_org) for p in parts}
        if None not in sides:
            return (Side.JOINT if len(sides) > 1 else sides.pop()), None
    return None, f"side {_quoted(value)} not understood (seller, buyer or joint)"


def side_word(value: Any, buyer_org: str = "", seller_org: str = "") -> str | None:
    """The side a cell names when it is nothing but a side word (or an organisation)."""
    return read_side(value, buyer_org, seller_org)[0]


def read_days(value: Any) -> int | None:
    """A lead time in working days: 5, '5', '5 days', '5d', '2 weeks'."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(f"{_quoted(value)} is not a number of days")
    if isinstance(value, int | float):
        if value != value or not float(value).is_integer():
            raise CellProblem(f"{_quoted(value)} is not a whole number of days")
        number = int(value)
    else:
        text = " ".join(cell_text(value).casefold().split())
        if not text:
            return None
        match = re.fullmatch(
            r"(\d+)(?:[.,]0+)?\s*(d|days?|wd|working days?|business days?|w|wks?|weeks?)?\.?",
            text,
        )
        if not match:
            raise CellProblem(f"{_quoted(value)} is not a number of days")
        number = int(match[1])
        if match[2] in ("w", "wk", "wks", "week", "weeks"):
            number *= 5  # a working week
    if not 0 <= number <= 2000:
        raise CellProblem(f"{number} days is not a plausible lead time")
    return number
