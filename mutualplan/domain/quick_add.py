"""One typed line becomes a milestone: "Security review — buyer — Priya — 12 Mar".

The first part is the title; the other parts, in any order, name the side, the owner
and the dates. Parts are separated by an em or en dash, " - ", "|" or ";". Anything
the line cannot mean raises `QuickAddError` with a sentence for the person typing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .changes import Change
from .edits import add_milestone, add_person
from .marks import N_, Gettext
from .marks import english as _english
from .model import Person, Side
from .names import folded
from .state import PlanState


class QuickAddError(ValueError):
    """The line cannot be read as a milestone; the message says why. It is a template
    marked for the catalogue and its values, so a caller can word it (`worded`)."""

    def __init__(self, template: str, **values: Any) -> None:
        super().__init__(template.format(**values))
        self.template = template
        self.values = values

    def worded(self, gettext: Gettext = _english) -> str:
        """The message in the language of `gettext` (English when none is given)."""
        # A month's name in a value is a word of the message too ("31. Februar").
        values = {k: gettext(v) if k == "month_name" else v for k, v in self.values.items()}
        return gettext(self.template).format(**values)


@dataclass(frozen=True)
class QuickAdd:
    title: str
    side: str
    owner_id: str | None = None
    new_owner_name: str | None = None  # someone not in the plan yet, added with the milestone
    due: dt.date | None = None
    start: dt.date | None = None
    new_owner_side: str | None = None
    phase: str = ""


# An em dash, en dash or horizontal bar (spaced or not), a spaced hyphen, "--", "|", ";".
PART_SEPARATOR = re.compile(r"\s*(?:[\u2014\u2013\u2015|;]|--+)\s*|\s+-\s+")

SIDE_WORDS = {
    **dict.fromkeys(("seller", "sellers", "vendor", "supplier", "provider"), Side.SELLER),
    **dict.fromkeys(("buyer", "buyers", "customer", "client", "purchaser"), Side.BUYER),
    **dict.fromkeys(("joint", "both", "together", "shared", "mutual"), Side.JOINT),
    # German, folded (Verkäufer -> verkaufer).
    **dict.fromkeys(
        ("anbieter", "anbieterseite", "verkaufer", "lieferant", "auftragnehmer"), Side.SELLER
    ),
    **dict.fromkeys(("kunde", "kundenseite", "kaufer", "auftraggeber"), Side.BUYER),
    **dict.fromkeys(("gemeinsam", "beide", "zusammen"), Side.JOINT),
}

# English names written out: `calendar.month_name` follows the process's LC_TIME, which
# Qt sets from the system, so a German desktop would have made them German here.
MONTH_NAMES = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    name: number
    for number, month in enumerate(MONTH_NAMES, 1)
    for name in (month.casefold(), month[:3].casefold())
}
MONTHS["sept"] = 9
# German month names and their abbreviations, folded (März -> marz, Jänner in Austria).
_GERMAN_MONTHS = (
    ("januar", "janner", "jan"), ("februar", "feb"), ("marz", "mrz"), ("april", "apr"),
    ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"), ("dezember", "dez"),
)
MONTHS.update({name: n for n, names in enumerate(_GERMAN_MONTHS, 1) for name in names})
WEEKDAYS = {
    name: number
    for number in range(7)
    for name in (_WEEKDAY_NAMES[number], _WEEKDAY_NAMES[number][:3])
}
WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})
_GERMAN_WEEKDAYS = (
    ("montag",), ("dienstag",), ("mittwoch",), ("donnerstag",), ("freitag",),
    ("samstag", "sonnabend"), ("sonntag",),
)
WEEKDAYS.update({name: n for n, names in enumerate(_GERMAN_WEEKDAYS) for name in names})
# German date words as the English ones the patterns below read ("in zwei Wochen" is
# "in 2 weeks", "nächsten Freitag" is "next friday"), word by word after folding.
_GERMAN_DATE_WORDS = {
    "heute": "today",
    "morgen": "tomorrow",
    **dict.fromkeys(
        ("nachsten", "nachster", "nachste", "nachstes", "kommenden", "kommender"), "next"
    ),
    **dict.fromkeys(("diesen", "dieser", "diese"), "this"),
    "am": "on",
    **dict.fromkeys(("tag", "tage", "tagen"), "days"),
    **dict.fromkeys(("arbeitstag", "arbeitstage", "arbeitstagen", "werktag", "werktage",
                     "werktagen"), "working days"),
    "woche": "week",
    "wochen": "weeks",
    **dict.fromkeys(("monat", "monate", "monaten"), "months"),
    **dict.fromkeys(("ein", "eine", "einem", "einer"), "1"),
    "zwei": "2", "drei": "3", "vier": "4", "funf": "5", "sechs": "6", "sieben": "7",
    "acht": "8", "neun": "9", "zehn": "10", "elf": "11", "zwolf": "12",
}
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
DUE_WORDS = ("due", "by", "on", "until", "before", "bis", "fallig", "am")
OWNER_PREFIX = re.compile(r"^(?:@|owner:?\s+|owned\s+by\s+|by\s+)", re.IGNORECASE)
START_WORDS = ("from", "start", "starts", "starting", "begins", "ab", "beginn")
FURTHEST = 5000  # days ahead "in N days" may reach; beyond that it is a typing slip

_ORDINAL = r"(?:st|nd|rd|th)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?", re.ASCII)
_DAY_MONTH = re.compile(  # "12 Mar", "12th of March 2027", "26. März 2027"
    rf"(\d{{1,2}})(?:{_ORDINAL}|\.)\s*(?:of\s+)?([a-z]+)\.?(?:,?\s+(\d{{4}}))?", re.ASCII
)
_MONTH_DAY = re.compile(rf"([a-z]+)\.?\s+(\d{{1,2}}){_ORDINAL}(?:,?\s+(\d{{4}}))?", re.ASCII)
_DAYS_MONTH = re.compile(rf"(\d{{1,2}}){_ORDINAL}\s*-\s*(\d{{1,2}}{_ORDINAL}\s*[a-z]+.*)", re.ASCII)
_RELATIVE = re.compile(
    r"in\s+(\d+|[a-z]+)\s+(working\s+|business\s+)?(day|week|month)s?(?:\s+time)?", re.ASCII
)
_WEEKDAY = re.compile(r"(?:(next|this|on)\s+)?([a-z]+)", re.ASCII)
_RANGE_WORDS = re.compile(r"\s+(?:to|until|till|through|bis)\s+|\s*\.\.\s*")

_FOLD = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)


def fold(text: str) -> str:
    """Lower case, accents and case removed, whitespace collapsed: 'Søren  Østergaard'
    and 'soren ostergaard' fold alike."""
    return folded(text).translate(_FOLD)


def _clean(text: str) -> str:
    """One line of text without control characters."""
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(kept.split())


# -- dates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Day:
    """A date as typed; without a year until it is placed against today or the other
    end of a range."""

    day: int
    month: int
    year: int | None
    typed: str

    def on_or_after(self, reference: dt.date) -> dt.date:
        return self._nearest(reference, range(reference.year, reference.year + 9))

    def on_or_before(self, reference: dt.date) -> dt.date:
        return self._nearest(reference, range(reference.year, reference.year - 9, -1))

    def _nearest(self, reference: dt.date, years: range) -> dt.date:
        if self.year is not None:
            return _checked(self.year, self.month, self.day, self.typed)
        if not 1 <= self.day <= calendar.monthrange(2024, self.month)[1]:
            raise QuickAddError(
                N_("There is no {day} {month_name}."),
                day=self.day,
                month_name=MONTH_NAMES[self.month - 1],
            )
        after = years.step > 0
        for year in years:  # 29 February comes round within eight years
            if 1 <= year <= 9999 and calendar.monthrange(year, self.month)[1] >= self.day:
                day = dt.date(year, self.month, self.day)
                if (day >= reference) if after else (day <= reference):
                    return _in_range(day, self.typed)
        raise QuickAddError(N_("“{typed}” is not a plausible date."), typed=self.typed)


@dataclass(frozen=True)
class _DayOfMonth:
    """The "1" of "1–12 Mar": a start day in the due date's month (or the month before,
    as in "28 Feb–3 Mar" written "28–3 Mar")."""

    day: int
    typed: str

    def before(self, due: dt.date) -> dt.date:
        month = due.replace(day=1)
        if self.day > due.day:
            month = _add_months(month, -1)
        return _checked(month.year, month.month, self.day, self.typed)


Term = dt.date | _Day | _DayOfMonth


def _in_range(day: dt.date, typed: str) -> dt.date:
    if not 1900 <= day.year <= 2200:
        raise QuickAddError(N_("“{typed}” is not a plausible date."), typed=typed)
    return day


def _checked(year: int, month: int, day: int, typed: str) -> dt.date:
    if not 1 <= month <= 12:
        raise QuickAddError(
            N_("“{typed}” is not a date: there is no month {month}."), typed=typed, month=month
        )
    if not 1900 <= year <= 2200:
        raise QuickAddError(N_("“{typed}” is not a plausible date."), typed=typed)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise QuickAddError(
            N_("There is no {day} {month_name} {year}."),
            day=day,
            month_name=MONTH_NAMES[month - 1],
            year=year,
        )
    return dt.date(year, month, day)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if not 1900 <= year <= 2200:
        raise QuickAddError(N_("That date is too far away."))
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _relative(match: re.Match[str], today: dt.date, typed: str) -> dt.date:
    amount, working, unit = match.groups()
    count = int(amount) if amount.isdigit() else NUMBER_WORDS.get(amount)
    if count is None:
        raise QuickAddError(
            N_("“{typed}”: write the number in digits, like “in 3 weeks”."), typed=typed
        )
    if unit == "month":
        if count > FURTHEST // 30:
            raise QuickAddError(N_("“{typed}” is too far away."), typed=typed)
        return _add_months(today, count)
    days = count * (7 if unit == "week" else 1)
    if days > FURTHEST:
        raise QuickAddError(N_("“{typed}” is too far away."), typed=typed)
    if working:
        return _in_range(_add_working_days(today, days), typed)
    return _in_range(today + dt.timedelta(days=days), typed)


def _typed_day(text: str, typed: str) -> _Day | None:
    """A calendar date as written (12 Mar, March 12 2027, 12/03, 2027-03-12), or None
    when the text is no such date at all."""
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
        _checked(year, month, day, typed)
        return _Day(day, month, year, typed)
    if match := _NUMERIC.fullmatch(text):
        day, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise QuickAddError(
                N_("“{typed}” is not a date (day/month): there is no month {month}."),
                typed=typed,
                month=month,
            )
        return _Day(day, month, _year(match[3]), typed)
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        match = pattern.fullmatch(text)
        if match and match[month_group] in MONTHS:
            return _Day(int(match[day_group]), MONTHS[match[month_group]], _year(match[3]), typed)
    return None


def _in_english(text: str) -> str:
    """German date words as their English counterparts; other words as they are."""
    return " ".join(_GERMAN_DATE_WORDS.get(word, word) for word in text.split())


def _single_date(text: str, today: dt.date, typed: str) -> dt.date | _Day | None:
    """One date, or None when `text` is not a date."""
    text = _in_english(text)
    if text == "today":
        return today
    if text in ("tomorrow", "tmrw"):
        return _in_range(today + dt.timedelta(days=1), typed)
    if text == "next week":  # due next week: by the end of its working week
        return _in_range(today + dt.timedelta(days=11 - today.weekday()), typed)
    if match := _RELATIVE.fullmatch(text):
        return _relative(match, today, typed)
    if (match := _WEEKDAY.fullmatch(text)) and match[2] in WEEKDAYS:
        ahead = (WEEKDAYS[match[2]] - today.weekday() - 1) % 7 + 1  # 1..7 days ahead
        return _in_range(today + dt.timedelta(days=ahead), typed)
    return _typed_day(text, typed)


def _dates(text: str, today: dt.date, typed: str) -> tuple[Term, ...] | None:
    """One date, or a range (start, due) written in one part: "1 Mar to 12 Mar",
    "1-12 Mar". None when the part is not about dates."""
    ends = _RANGE_WORDS.split(text)
    if len(ends) == 2:
        first = _single_date(ends[0], today, typed)
        if first is not None:
            second = _single_date(ends[1], today, typed)
            if second is None:
                raise QuickAddError(
                    N_("“{typed}”: the end of the range is not a date."), typed=typed
                )
            return first, second
    if match := _DAYS_MONTH.fullmatch(text):
        due = _typed_day(match[2], typed)
        if due is not None:
            return _DayOfMonth(int(match[1]), typed), due
    single = _single_date(text, today, typed)
    return None if single is None else (single,)


def _resolve(
    start: Term | None, due: Term | None, today: dt.date
) -> tuple[dt.date | None, dt.date | None]:
    """Dates as the calendar has them. A due date without a year is the next such day
    (after the start, when the start is later than today); a start without a year is
    the last such day before the due date."""
    if isinstance(due, _DayOfMonth):
        raise QuickAddError(
            N_("“{typed}” is not a date on its own: write “{day} Mar”."),
            typed=due.typed,
            day=due.day,
        )
    fixed_start = start if isinstance(start, dt.date) else None
    if isinstance(start, _Day) and start.year is not None:
        fixed_start = start.on_or_after(today)
    if isinstance(due, _Day):
        due = due.on_or_after(max(today, fixed_start) if fixed_start else today)
    if isinstance(start, _DayOfMonth):
        if due is None:
            raise QuickAddError(
                N_("“{typed}” is not a date on its own: write “{day} Mar”."),
                typed=start.typed,
                day=start.day,
            )
        start = start.before(due)
    elif isinstance(start, _Day):
        start = start.on_or_before(due) if due is not None else start.on_or_after(today)
    return start, due


_STEP = re.compile(r"([+-])\s*(\d{1,4})\s*([dwm])", re.ASCII)


def parse_date(text: str, today: dt.date, *, month_first: bool = False) -> dt.date | None:
    """One date typed into a date field, read as quick add reads it: "12 Mar",
    "12/03/2027" (day first unless the user's locale writes the month first),
    "2027-03-12", "next Friday", "T" for today, "+3d" or "+2w" from today. An empty
    field is no date (None); anything else unreadable raises `QuickAddError`."""
    typed = _clean(text)
    folded = fold(typed).rstrip(".")
    if not folded:
        return None
    if folded == "t":
        return today
    if match := _STEP.fullmatch(folded):
        sign, amount, unit = match.groups()
        count = int(amount) * (-1 if sign == "-" else 1)
        if unit == "m":
            return _add_months(today, count)
        days = count * (7 if unit == "w" else 1)
        if abs(days) > FURTHEST:
            raise QuickAddError(N_("“{typed}” is too far away."), typed=typed)
        return _in_range(today + dt.timedelta(days=days), typed)
    if month_first and (match := _NUMERIC.fullmatch(folded)):
        folded = f"{match[2]}/{match[1]}" + (f"/{match[3]}" if match[3] else "")
    day = _single_date(folded, today, typed)
    if day is None:
        raise QuickAddError(
            N_(
                "“{typed}” is not a date. Try 12 Mar, {example}, 2027-03-12, next "
                "Friday, T (today) or +2w."
            ),
            typed=typed,
            example="03/12/2027" if month_first else "12/03/2027",
        )
    if isinstance(day, _Day):
        return day.on_or_after(today)
    return day


# -- people ----------------------------------------------------------------------------


def _match_person(state: PlanState, typed: str) -> Person | None:
    """The plan's person meant by `typed`: by full name, first name, or a prefix of the
    name or of one of its words; None when nobody matches."""
    key = fold(typed)
    if not key:
        return None
    names: list[tuple[Person, str]] = [
        (person, fold(person.name)) for person in state.ordered("person")
    ]
    rules: tuple[Callable[[str], bool], ...] = (
        lambda name: name == key,
        lambda name: name.split()[:1] == [key],
        lambda name: (
            len(key) >= 2 and (name.startswith(key) or any(w.startswith(key) for w in name.split()))
        ),
    )
    for rule in rules:
        found = [person for person, name in names if name and rule(name)]
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(p.name for p in found[:-1]) + f" or {found[-1].name}"
            raise QuickAddError(
                N_("“{typed}” could be {listed}: type more of the name."),
                typed=typed,
                listed=listed,
            )
    return None


def _looks_like_a_name(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.isdigit() for c in text)


# -- the line --------------------------------------------------------------------------


def _without_prefix(text: str, words: tuple[str, ...]) -> str | None:
    for word in words:
        if text.startswith(word + " "):
            return text[len(word) + 1 :]
    return None


PHASE_PREFIX = re.compile(r"(?:phase|stage)\b\s*:?\s*", re.IGNORECASE)


def split_parts(text: str) -> list[str]:
    return [_clean(part) for part in PART_SEPARATOR.split(text)]


def parse_quick_add(
    text: str, state: PlanState, today: dt.date, my_side: str = Side.SELLER
) -> QuickAdd:
    """Read one line; `my_side` is the local user's side (a new person named without a
    side is taken to be on the other one)."""
    parts = split_parts(text)
    title = parts[0]
    if not title:
        raise QuickAddError(N_("Start with the milestone's title, then — side — owner — date."))
    side: str | None = None
    owner: Person | None = None
    new_owner: str | None = None
    start: Term | None = None
    due: Term | None = None
    loose: list[Term] = []  # dates not marked "from" or "due", in the order written

    phase = ""
    # The plan's phases, found by name; "phase: X" or "stage X" names a new one.
    phases = {fold(m.phase): m.phase for m in state.milestones.values() if m.phase}
    for part in parts[1:]:
        if not part:
            continue
        folded = fold(part)
        marked_phase = PHASE_PREFIX.match(part)
        if marked_phase or folded in phases:
            if phase:
                raise QuickAddError(
                    N_("Two phases given: {phase} and {part}."), phase=phase, part=part
                )
            named = _clean(part[marked_phase.end() :]) if marked_phase else phases[folded]
            if not named:
                raise QuickAddError(N_("Name the phase after “phase”, as in “phase: Validate”."))
            phase = phases.get(fold(named), named)
            continue
        plain = folded.removesuffix(" side")
        if plain in SIDE_WORDS:
            if side is not None and side != SIDE_WORDS[plain]:
                raise QuickAddError(
                    N_("Two sides given: {side} and {side_words}."),
                    side=side,
                    side_words=SIDE_WORDS[plain],
                )
            side = SIDE_WORDS[plain]
            continue
        if folded.isascii() and folded.isdigit() and 1 <= int(folded) <= 31:
            loose.append(_DayOfMonth(int(folded), part))  # the "1" of "1 – 12 Mar"
            continue
        marked_start = _without_prefix(folded, START_WORDS)
        marked_due = _without_prefix(folded, DUE_WORDS)
        marked = marked_start if marked_start is not None else marked_due
        dates = _dates(marked if marked is not None else folded, today, part)
        if dates is not None:
            if marked_start is not None and len(dates) == 1:
                if start is not None:
                    raise QuickAddError(N_("Two start dates given."))
                start = dates[0]
            elif marked_due is not None and len(dates) == 1:
                if due is not None:
                    raise QuickAddError(N_("Two due dates given."))
                due = dates[0]
            else:
                loose.extend(dates)
            continue
        name = _clean(OWNER_PREFIX.sub("", part, count=1))
        if OWNER_PREFIX.match(part) is None and marked is not None:
            raise QuickAddError(N_("“{part}” is not a date."), part=part)
        if not _looks_like_a_name(name):
            raise QuickAddError(N_("“{part}” is not a side, a person or a date."), part=part)
        if owner is not None or new_owner is not None:
            raise QuickAddError(
                N_("Two owners given: a milestone has one owner (“{part}”)."), part=part
            )
        owner = _match_person(state, name)
        if owner is None:
            new_owner = name

    start, due = _resolve(*_place_dates(loose, start, due), today)
    if start is not None and due is not None and due < start:
        raise QuickAddError(
            N_("It would be due ({due:%d %b %Y}) before it starts ({start:%d %b %Y})."),
            due=due,
            start=start,
        )
    new_side = None
    if new_owner is not None:
        new_side = side if side in (Side.SELLER, Side.BUYER) else _other_side(my_side)
    if side is None:
        side = owner.side if owner is not None else new_side or Side.JOINT
    return QuickAdd(
        title=title,
        side=str(side),
        owner_id=owner.id if owner is not None else None,
        new_owner_name=new_owner,
        due=due,
        start=start,
        new_owner_side=str(new_side) if new_side else None,
        phase=phase,
    )


def _other_side(side: str) -> str:
    return Side.BUYER if side != Side.BUYER else Side.SELLER


def _place_dates(
    loose: list[Term], start: Term | None, due: Term | None
) -> tuple[Term | None, Term | None]:
    """Dates written without "from" or "due": one is the due date (or the start, when
    the due date is marked), two are the start and the due date."""
    if not loose:
        return start, due
    if len(loose) == 1:
        if due is None:
            return start, loose[0]
        if start is None:
            return loose[0], due
    elif len(loose) == 2 and start is None and due is None:
        return loose[0], loose[1]
    raise QuickAddError(N_("Too many dates: give a due date, or a start and a due date."))


def quick_add_changes(
    state: PlanState, quick: QuickAdd, after_id: str | None = None
) -> list[Change]:
    """The changes that add the milestone (after `after_id`), and its new owner first
    when the line named someone not yet in the plan: one edit, undone as one."""
    work = state.copy()
    changes: list[Change] = []
    owner_id = quick.owner_id
    if quick.new_owner_name:
        person = add_person(
            work, {"name": quick.new_owner_name, "side": quick.new_owner_side or Side.BUYER}
        )
        work.apply_all(person)
        changes.extend(person)
        owner_id = person[0].entity_id
    values = {
        "title": quick.title,
        "side": quick.side,
        "owner_id": owner_id,
        "start": quick.start,
        "due": quick.due,
        # A line naming no phase continues the phase of the milestone it follows.
        "phase": quick.phase or (work.milestones[after_id].phase if after_id else ""),
    }
    changes.extend(add_milestone(work, values, after_id=after_id))
    return changes
