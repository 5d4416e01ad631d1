"""What a person sees around a plan table before reading its rows: the title block above
it (customer, vendor, go-live, objective, the plan's title), the columns that are the
seller's own business (deal value, probability, forecast, competitors, discounts), the
column that says whether a row is shared with the customer, and where the table ends
(a blank gap then rows that do not fit, or a marker like "=== Internal forecast ===").

Everything here only reads cells; nothing is imported that these rules leave out, and
each thing left out comes with the reason a user is shown.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .cells import CellProblem, cell_text, one_line, read_date

# -- columns that never leave --------------------------------------------------------------

# Words (in a heading folded by `heading_key`) that make a column the seller's own:
# money, probability, forecast, competitors, discounts. Matched as parts of the heading.
# fmt: off
_INTERNAL_HEADING_PARTS: dict[str, tuple[str, ...]] = {
    "money": (
        "dealvalue", "dealsize", "value", "amount", "price", "pricing", "revenue", "arr",
        "acv", "tcv", "mrr", "budget", "cost", "margin", "commission", "quota", "eur",
        "usd", "gbp", "wert", "betrag", "preis", "umsatz", "kosten", "volumen",
        "euro", "dollar", "money", "bookings", "quote",
    ),
    "probability": (
        "probability", "likelihood", "winchance", "chance", "confidence", "percent",
        "wahrscheinlichkeit", "winrate", "winprob", "winpercent", "probpercent",
    ),
    "forecast": (
        "forecast", "weighted", "pipeline", "commitcategory", "prognose", "gewichtet",
        "closeplan", "closedate", "upside", "bestcase",
    ),
    "competitors": ("competitor", "competition", "competing", "wettbewerb", "konkurrenz"),
    "discounts": ("discount", "rabatt", "nachlass", "concession"),
    "internal": (
        "internal", "intern", "confidential", "vertraulich", "private", "salesonly",
        "sellernotes", "vendornotes", "ournotes", "donotshare",
    ),
}
# fmt: on
# Headings that are only these short words, matched exactly (as parts they would catch
# ordinary words: "arr" in "arrival", "eur" in "europe").
_EXACT_ONLY = {"arr", "acv", "tcv", "mrr", "eur", "usd", "gbp", "wert", "value", "percent"}
_REASON = {
    "money": "money is the seller's own business",
    "probability": "a win probability is the seller's own business",
    "forecast": "a forecast is the seller's own business",
    "competitors": "competitors are the seller's own business",
    "discounts": "discounts are the seller's own business",
    "internal": "it is marked internal",
}

# A column saying whether a row is shared with the other side (yes/no), or whether it
# is internal (then yes means not shared).
_SHARED_HEADINGS = (
    "shared", "sharedwithcustomer", "sharedwithbuyer", "sharedwithclient", "share",
    "customerfacing", "customervisible", "visibletocustomer", "visibletobuyer",
    "external", "extern", "geteilt", "kundensichtbar", "furkunden", "sichtbarfurkunden",
    "mitkundengeteilt", "shareable", "sharewithcustomer", "sharedwithcustomers",
    "visible", "public",
)  # fmt: skip
_INTERNAL_FLAG_HEADINGS = (
    "internal", "internalonly", "intern", "nurintern", "private", "confidential",
    "hidden", "donotshare",
)  # fmt: skip
_YES = {"yes", "y", "x", "true", "1", "ja", "j", "✓", "✔", "shared", "external", "extern"}
_NO = {
    "no", "n", "false", "0", "nein", "internal", "intern", "internal only", "no internal",
    "no - internal", "no (internal)", "not shared", "private", "confidential", "hidden",
    "do not share", "nicht teilen", "vertraulich", "nur intern", "no, internal",
}  # fmt: skip


def internal_reason(key: str) -> str | None:
    """Why a column (its heading as `heading_key` folds it) is never imported, or None.

    'Deal value (€)' -> 'dealvalue' -> money; 'Win %' -> 'winpercent' -> probability.
    """
    if not key:
        return None
    if key in _SHARED_HEADINGS or key in _INTERNAL_FLAG_HEADINGS:
        return None  # the sharing flag itself is read, not imported
    for kind, parts in _INTERNAL_HEADING_PARTS.items():
        for part in parts:
            if part in _EXACT_ONLY:
                if key == part or key.startswith(part) and not key[len(part) :].isalpha():
                    return _REASON[kind]
            elif part in key:
                return _REASON[kind]
    return None


def sharing_column(keys: list[str]) -> tuple[int, bool] | None:
    """(the column, whether "yes" there means shared) of a sharing flag, if any."""
    for column, key in enumerate(keys):
        if key in _SHARED_HEADINGS or key.startswith(("sharedwith", "visibleto", "geteiltmit")):
            return column, True
    for column, key in enumerate(keys):
        if key in _INTERNAL_FLAG_HEADINGS:
            return column, False
    return None


def _flag_words(value: Any) -> str:
    return " ".join(cell_text(value).casefold().replace("?", " ").split()).strip(".!")


def not_shared(value: Any, yes_means_shared: bool) -> bool:
    """Whether a sharing cell keeps its row home. A blank flag shares the row (the
    table is the plan); an unknown word keeps it home, as the careful reading."""
    words = _flag_words(value)
    if not words:
        return False
    if words in _YES:
        return not yes_means_shared
    if words in _NO:
        return yes_means_shared
    first = re.split(r"[\s,;:()\-–—/]+", words)[0]
    if first in _YES:
        return not yes_means_shared
    if first in _NO:
        return yes_means_shared
    return True


# -- the title block ---------------------------------------------------------------------

_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("buyer_org", ("customer", "client", "buyer", "kunde", "auftraggeber", "account", "käufer")),
    (
        "seller_org",
        ("vendor", "supplier", "seller", "anbieter", "lieferant", "provider", "auftragnehmer"),
    ),
    (
        "target_date",
        (
            "go-live", "go live", "golive", "target date", "target", "decision date",
            "decision", "signature target", "signature", "zieltermin", "ziel-termin",
            "go-live-termin", "entscheidung", "unterschrift", "launch", "live date",
        ),
    ),
    ("success_criteria", ("success criteria", "success", "erfolgskriterien", "erfolgskriterium")),
    ("objective", ("objective", "goal", "aim", "ziel", "purpose", "why")),
    ("title", ("plan", "title", "project", "projekt", "titel", "name")),
    ("ignore", (
        "legend", "legende", "key", "prepared by", "owner", "last updated", "updated",
        "stand", "version", "date", "datum", "erstellt", "author", "autor", "status",
        "note", "notes", "hinweis",
    )),
)  # fmt: skip
_FACTS_SPLIT = re.compile(r"\s*[;|]\s*(?=[^:;|=]{1,40}[:=])")
_LABEL_SPLIT = re.compile(r"^\s*([^:=]{1,40}?)\s*[:=]\s*(.*)$")


@dataclass
class TitleBlock:
    """What the lines above the table say about the plan."""

    title: str = ""
    buyer_org: str = ""
    seller_org: str = ""
    target_date: dt.date | None = None
    target_words: str = ""  # a target that names no day ("Q3 2027"), as written
    objective: str = ""
    success_criteria: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)  # (row, what it gave)

    def plan_values(self) -> dict[str, Any]:
        """The new plan's fields this block fills (empty ones left out)."""
        values: dict[str, Any] = {
            "title": self.title,
            "buyer_org": self.buyer_org,
            "seller_org": self.seller_org,
            "objective": self.objective,
            "success_criteria": self.success_criteria,
            "target_date": self.target_date,
        }
        return {k: v for k, v in values.items() if v}


def _label_of(text: str) -> str | None:
    folded = " ".join(text.casefold().replace("_", " ").split()).strip(" .:-–")
    folded = re.sub(r"\s*\(.*\)$", "", folded)
    for name, labels in _LABELS:
        if folded in labels:
            return name
    # "Target go-live", "Customer name", "Kunde (Firma)": the label's first word counts.
    for name, labels in _LABELS:
        for candidate in labels:
            if folded.startswith(candidate + " ") or folded.endswith(" " + candidate):
                return name
    return None


def read_title_block(rows: list[tuple[int, list[Any]]], day_first: bool = True) -> TitleBlock:
    """The plan's facts from the rows above the table: "Customer: Fabrikam" in one
    cell, or "Customer" | "Fabrikam" in two; the first line that is only a title is
    the plan's title. Lines that are neither (a legend, "Prepared by") are left alone."""
    block = TitleBlock()
    for number, row_cells in rows:
        # "Buyer: Umbrella; Seller: Wayne" in one cell is two facts.
        cells: list[Any] = []
        for value in row_cells:
            if isinstance(value, str):
                cells.extend(_FACTS_SPLIT.split(value))
            else:
                cells.append(value)
        texts = [one_line(c) for c in cells]
        filled = [(i, t) for i, t in enumerate(texts) if t]
        if not filled:
            continue
        pairs: list[tuple[str, Any]] = []
        first_col, first = filled[0]
        split = _LABEL_SPLIT.match(first)
        if split and _label_of(split[1]):
            pairs.append((split[1], split[2] or _next_value(cells, first_col)))
            rest = filled[1:] if split[2] else filled[2:]
        elif _label_of(first) and len(filled) > 1:
            pairs.append((first, cells[filled[1][0]]))
            rest = filled[2:]
        else:
            rest = filled[1:]
            if not block.title and len(filled) <= 2 and _title_like(first):
                block.title = first
                block.lines.append((number, f"plan title “{first}”"))
                continue
        # "Customer: Fabrikam | Vendor: Northwind" on one line.
        index = 0
        while index < len(rest):
            _col, text = rest[index]
            split = _LABEL_SPLIT.match(text)
            if split and _label_of(split[1]):
                pairs.append(
                    (split[1], split[2] or (rest[index + 1][1] if index + 1 < len(rest) else ""))
                )
                index += 1 if split[2] else 2
            elif _label_of(text) and index + 1 < len(rest):
                pairs.append((text, cells[rest[index + 1][0]]))
                index += 2
            else:
                index += 1
        for label_text, value in pairs:
            _fill(block, number, label_text, value, day_first)
    return block


def _next_value(cells: list[Any], column: int) -> Any:
    for value in cells[column + 1 :]:
        if one_line(value):
            return value
    return ""


def _title_like(text: str) -> bool:
    """A line a person reads as a title: words, not a legend or a date or a number."""
    if not any(ch.isalpha() for ch in text) or len(text) > 120:
        return False
    folded = text.casefold()
    return not folded.startswith(("legend", "legende", "key:", "note", "hinweis", "*", "("))


def _fill(block: TitleBlock, number: int, label_text: str, value: Any, day_first: bool) -> None:
    name = _label_of(label_text)
    text = one_line(value)
    if not name or name == "ignore" or not text:
        return
    if name == "target_date":
        if block.target_date or block.target_words:
            return
        try:
            found = read_date(value, day_first)
        except CellProblem:
            found = None
        if found:
            block.target_date = found
            block.lines.append((number, f"target date {found.isoformat()} ({label_text})"))
        else:
            block.target_words = text
            block.lines.append((number, f"target “{text}” names no day; left for you to set"))
        return
    if getattr(block, name):
        return
    if name in ("objective", "success_criteria"):
        text = "\n".join(line.strip() for line in cell_text(value).strip().splitlines())
    setattr(block, name, text)
    what = {
        "buyer_org": "buyer organisation",
        "seller_org": "seller organisation",
        "objective": "objective",
        "success_criteria": "success criteria",
        "title": "plan title",
    }[name]
    block.lines.append((number, f"{what} “{text}”"))


# -- where the table ends -----------------------------------------------------------------

_DECORATED = re.compile(r"^\s*(?:[=#*~_]{2,}|-{3,}|\[).*|.*(?:[=#*~_]{2,}|-{3,})\s*$")
_SECTION_WORDS = (
    "internal", "intern", "forecast", "confidential", "vertraulich", "do not share",
    "not for customer", "not for the customer", "sales only", "seller only", "vendor only",
    "nicht für kunden", "nicht teilen", "pipeline", "commercials", "deal", "prognose",
    "for our eyes", "team only", "private",
)  # fmt: skip
_SECTION_TITLES = (
    "notes", "note", "notizen", "anmerkungen", "comments", "appendix", "anhang", "backup",
    "parking lot", "open questions", "risks", "assumptions", "legend", "legende",
    "next steps (internal)", "summary", "totals", "total",
)  # fmt: skip


def section_marker(cells: list[Any]) -> str | None:
    """The text of a row that starts another section ("=== Internal ===", "Forecast",
    "Notes:"), or None. Only a row with a single short text can be one."""
    texts = [one_line(c) for c in cells if one_line(c)]
    if len(texts) != 1:
        return None
    text = texts[0]
    words = " ".join(re.sub(r"[=#*~_\-:\[\]()]+", " ", text).casefold().split())
    if not words:
        return text if _DECORATED.match(text) else None
    if _DECORATED.match(text) and len(words.split()) <= 8:
        return text
    if len(words.split()) <= 6 and any(w in words for w in _SECTION_WORDS):
        return text
    if words in _SECTION_TITLES:
        return text
    return None


_MONEY = re.compile(
    r"^[\s(]*(?:[€$£¥]|eur|usd|gbp|chf)\s*[\d.,]+\s*(?:k|m|mio|tsd)?\)?$"
    r"|^[\s(]*[\d.,]+\s*(?:k|m|mio|tsd)?\s*(?:[€$£¥]|eur|usd|gbp|chf)\)?$"
    r"|^\s*\d{1,3}(?:[.,]\d+)?\s*%\s*$",
    re.IGNORECASE,
)


def looks_like_money(value: Any) -> bool:
    """'€ 480,000', '192k €', '40%': figures no milestone is titled or owned by."""
    return bool(_MONEY.match(cell_text(value)))
