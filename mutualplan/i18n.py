"""English and German: one gettext catalogue for MutualPlan's fixed words, and dates as
each language writes them.

The catalogue is `locale/<language>/LC_MESSAGES/mutualplan.po`, compiled to `.mo` next to
it (`make messages` extracts, `make catalogues` compiles); English is the source text, so
English needs no catalogue.

Where words are translated. The domain imports nothing of ours, and its values (health
flags, states) are data that must not change with the reader's language. So the domain
only *marks* its fixed words with `N_` (defined in domain/wording.py, a no-op that the
extractor knows), and the callers (pdf/, cli, ui/) word them with `_()` when they show
them. Where the domain composes a sentence itself (the change log's sentences) it takes a
`gettext`-style callable from the caller, defaulting to English.

Two languages can be active at once: the app's (`set_language`, for the window and the
command line) and a document's (`use_language`, for one PDF export on whichever thread
renders it), so exporting a German PDF from an English window changes nothing else.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext as _gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "de")
DOMAIN = "mutualplan"
LOCALE_DIR = Path(__file__).with_name("locale")
# The language a buyer in these countries reads (the plan's PDF defaults to it).
COUNTRY_LANGUAGES = {
    **dict.fromkeys(("DE", "AT", "CH", "LI", "LU"), "de"),
    **dict.fromkeys(("GB", "US", "IE", "AU", "NZ", "CA"), "en"),
}

_app_language = "en"
# The language of the document being rendered on this thread or task, if any.
_document_language: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "document_language", default=None
)


def check_language(code: str) -> str:
    """`code` as one of LANGUAGES ("de_DE.UTF-8" -> "de"); ValueError if unsupported."""
    short = code.replace("-", "_").split("_")[0].split(".")[0].lower()
    if short not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not “{code}”")
    return short


def system_language() -> str:
    """The language the system asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), if we
    have it; else English."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for wanted in os.environ.get(variable, "").split(":"):
            try:
                return check_language(wanted)
            except ValueError:
                continue
    return "en"


def set_language(code: str) -> None:
    """The app's language: the window's and the command line's words."""
    global _app_language
    _app_language = check_language(code)


def language() -> str:
    """The language words come out in here and now."""
    return _document_language.get() or _app_language


@contextmanager
def use_language(code: str) -> Iterator[None]:
    """Words inside the block in `code` (one document), the app's language untouched."""
    token = _document_language.set(check_language(code))
    try:
        yield
    finally:
        _document_language.reset(token)


@cache
def translations(code: str) -> _gettext.NullTranslations:
    if code == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])


def _(message: str) -> str:
    """`message` in the current language."""
    if not message:  # gettext("") is the catalogue's header, never a word to show
        return message
    return translations(language()).gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the name the extractor knows
    """Marks `message` for the catalogue; it is translated where it is shown."""
    return message


# -- dates ------------------------------------------------------------------------------

# Babel's CLDR patterns, chosen so a document reads as its language writes dates:
# "26. März 2027", "26 Mar 2027". Months without a day: "März 2027", "Mar 2027".
_DAY_PATTERNS = {"de": ("de_DE", "d. MMM y"), "en": ("en_GB", "d MMM y")}
_MONTH_PATTERNS = {"de": ("de_DE", "MMM y", "MMM"), "en": ("en_GB", "MMM y", "MMM")}


def format_day(day: dt.date, code: str | None = None) -> str:
    """A date as the language writes it in a document ("26. März 2027")."""
    from babel.dates import format_date  # heavy (CLDR data): only when a date is worded

    locale, pattern = _DAY_PATTERNS[code or language()]
    return format_date(day, pattern, locale=locale)


def format_month(day: dt.date, with_year: bool, code: str | None = None) -> str:
    """A month as the timeline labels it ("März 2027", or "März" within a year)."""
    from babel.dates import format_date

    locale, with_year_pattern, alone = _MONTH_PATTERNS[code or language()]
    return format_date(day, with_year_pattern if with_year else alone, locale=locale)


def format_date_for_locale(day: dt.date, locale: str, length: str = "medium") -> str:
    """A date in a region's own form: "26. März 2027" (de_DE, long), "Mar 26, 2027"
    (en_US), "26 Mar 2027" (en_GB)."""
    from babel.dates import format_date

    return format_date(day, length, locale=locale)


def month_first(locale: str) -> bool:
    """Whether the region writes the month before the day in short dates (3/26/2027)."""
    from babel import Locale

    region = Locale.parse(locale.replace("-", "_").split(".")[0])
    pattern: str = region.date_formats["short"].pattern
    return pattern.index("M") < pattern.index("d")


# -- the plan's document language --------------------------------------------------------


def buyer_language(countries: list[str]) -> str | None:
    """The language of a buyer in `countries` (ISO codes, most telling first), if known:
    the first country we know a language for decides."""
    for country in countries:
        if found := COUNTRY_LANGUAGES.get(country.upper()):
            return found
    return None


def pdf_language_setting(plan_id: str) -> str:
    """The local setting that remembers the language a plan's PDF was last exported in."""
    return f"pdf_language:{plan_id}"
