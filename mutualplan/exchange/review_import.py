"""Reading a filled review copy: each answer becomes a proposal of the reviewer,
against the revision the copy was made for (workflows/reviewing.py keeps them).

The form is read by name (`milestone.3.due`), as any reader saved it; notes a reader
added with its comment tool become comments on the item whose area they sit on. A
copy whose printed pages, fields or plan data were changed beyond filling the form
is refused whole.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain.model import Person
from ..domain.names import folded
from ..domain.responses import (
    ACCEPT,
    AGREE,
    CHANGE,
    COMMENT,
    DISPUTE,
    Proposal,
    Reviewer,
    find_person,
    seen_values,
)
from ..i18n import _
from .plan_data import ATTACHMENT_NAME, PlanData, PlanDataError, decode_plan_data
from .review_data import REVIEW_ATTACHMENT, ReviewDataError, decode_review_data

RADIO_VALUES = {
    "answer": {"agree", "change", "accept", "dispute"},
    "side": {"buyer", "seller"},
}
# Annotation kinds that are part of the page's furniture, not a reader's note.
NOT_NOTES = {"/Widget", "/Link", "/Popup"}


class ReviewImportError(Exception):
    """The review copy cannot be imported; nothing was. The message says why."""


class NotAReviewCopyError(ReviewImportError):
    """The PDF carries no review form (it may be a plan PDF to merge instead)."""


class FilledTwiceError(ReviewImportError):
    """The reviewer answered this revision before, differently. Importing anyway (when a
    person says so) keeps both answers: the earlier ones are not overwritten."""


class AmbiguousReviewerError(ReviewImportError):
    """The reviewer's name fits several people of that side: someone must say which."""

    def __init__(self, message: str, candidates: list[Person]) -> None:
        super().__init__(message)
        self.candidates = candidates


# Asked once when a reviewer's name fits several people: returns the chosen person's
# id, or None to keep the answers under the name as written.
ChoosePerson = Callable[[str, list[Person]], str | None]


@dataclass
class Note:
    """A comment a reader added as an annotation."""

    page: int
    rect: tuple[float, float, float, float]
    text: str
    author: str


@dataclass
class FilledCopy:
    """What a filled review copy says, before it meets a database."""

    plan: PlanData
    review: dict[str, Any]
    values: dict[str, str]  # terminal field name -> value as filled ("" when empty)
    notes: list[Note] = field(default_factory=list)


# -- reading the file ------------------------------------------------------------------


def is_review_copy(pdf: bytes) -> bool:
    """Whether the PDF carries a review form description (cheap: no form is read)."""
    try:
        return REVIEW_ATTACHMENT in _attachments(_reader(pdf))
    except ReviewImportError:
        return False


def _reader(pdf: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not pdf.startswith(b"%PDF-"):
        raise ReviewImportError(_("the file is not a PDF"))
    try:
        return PdfReader(io.BytesIO(pdf), strict=False)
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise ReviewImportError(
            _("the PDF is damaged or truncated ({exc})").format(exc=exc)
        ) from None


def _attachments(reader: Any) -> dict[str, bytes]:
    try:
        return {name: data[0] for name, data in reader.attachments.items() if data}
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same to the user
        raise ReviewImportError(
            _("the PDF is damaged or truncated ({exc})").format(exc=exc)
        ) from None


def read_filled_copy(pdf: bytes) -> FilledCopy:
    """Read a filled review copy and check it was only filled in."""
    reader = _reader(pdf)
    files = _attachments(reader)
    if REVIEW_ATTACHMENT not in files:
        raise NotAReviewCopyError(_("the PDF is not a MutualPlan review copy"))
    if ATTACHMENT_NAME not in files:
        raise ReviewImportError(_("the review copy carries no plan data; it was altered"))
    try:
        plan = decode_plan_data(files[ATTACHMENT_NAME], with_changes=False)
        review = decode_review_data(files[REVIEW_ATTACHMENT])
    except (PlanDataError, ReviewDataError) as exc:
        raise ReviewImportError(
            _("the review copy cannot be read: {exc}").format(exc=exc)
        ) from None
    if review["plan_id"] != plan.state.id or review["revision_sha256"] != plan.revision.sha256:
        raise ReviewImportError(
            _(
                "the review copy's form belongs to another plan or revision than its plan data; "
                "it was altered, and nothing was imported"
            )
        )
    try:
        _check_pages(reader, review, plan)
        values = _form_values(reader, review)
        notes = _notes(reader)
        _refuse_two_reviewers(pdf, values.get("reviewer.name", ""))
    except ReviewImportError:
        raise
    except Exception as exc:  # noqa: BLE001 - damage surfaces wherever it is touched
        raise ReviewImportError(
            f"the PDF is damaged or truncated ({type(exc).__name__}: {exc})"[:300]
        ) from None
    return FilledCopy(plan=plan, review=review, values=values, notes=notes)


def _tampered(what: str) -> ReviewImportError:
    return ReviewImportError(
        _(
            "the review copy was changed beyond filling in its form ({what}); nothing was imported"
        ).format(what=what)
    )


def _refuse_two_reviewers(pdf: bytes, name: str) -> None:
    """A copy one person filled and saved, then another filled over (readers that save
    incrementally keep each save): whose answers would these be? Refused, not guessed."""
    from pypdf import PdfReader

    ends = [m.end() for m in re.finditer(rb"%%EOF\s*", pdf)][:-1]
    names = {folded(name)} if name else set()
    shown = [name] if name else []
    for end in ends[-20:]:
        try:
            fields = PdfReader(io.BytesIO(pdf[:end]), strict=False).get_fields() or {}
        except Exception:  # noqa: BLE001 - an earlier save that is not a whole PDF
            continue
        earlier = " ".join(str((fields.get("reviewer.name") or {}).get("/V") or "").split())
        if earlier and folded(earlier) not in names:
            names.add(folded(earlier))
            shown.append(earlier)
    if len(names) > 1:
        raise ReviewImportError(
            _(
                "this copy was filled twice, by {join} and by {shown}; whose "
                "answers it holds cannot be told apart, so nothing was imported. "
                "Ask each reviewer to fill their own copy"
            ).format(join=" and then by ".join(reversed(shown[1:])), shown=shown[0])
        )


def _check_pages(reader: Any, review: dict[str, Any], plan: PlanData) -> None:
    import hashlib

    pages = reader.pages
    if len(pages) != len(review["pages"]):
        raise _tampered(f"it has {len(pages)} pages where {len(review['pages'])} were sent")
    texts = review.get("texts") or [None] * len(pages)
    for number, (page, expected, text) in enumerate(
        zip(pages, review["pages"], texts, strict=True), 1
    ):
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        if hashlib.sha256(data).hexdigest() == expected:
            continue
        # Some readers rewrite a page's drawing operators when they save; what the page
        # says must still be what was sent.
        said = hashlib.sha256("".join((page.extract_text() or "").split()).encode("utf-8"))
        if text is None or said.hexdigest() != text:
            raise _tampered(f"the printed content of page {number} differs")
    footer = re.sub(r"\s+", "", pages[0].extract_text() or "")
    if plan.revision.sha256[:16] not in footer:
        raise _tampered("the plan data does not match the revision printed on its pages")


def _form_values(reader: Any, review: dict[str, Any]) -> dict[str, str]:
    fields = reader.get_fields() or {}
    expected = {name: kind for name, kind in review["fields"]}
    found: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, info in fields.items():
        kind = info.get("/FT")
        if kind is None:
            continue  # a branch of the field tree (`milestone.3`)
        found[name] = str(kind)
        raw = info.get("/V")
        if kind == "/Btn":
            value = str(raw).lstrip("/") if raw is not None else ""
            value = "" if value == "Off" else value
            allowed = RADIO_VALUES.get(name.rsplit(".", 1)[-1], set())
            if value and value not in allowed:
                raise _tampered(f"the field {name} holds “{value}”, which it does not offer")
        else:
            value = str(raw) if raw is not None else ""
        values[name] = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    for name, kind in expected.items():
        wanted = "/Btn" if kind == "radio" else "/Tx"
        if name not in found:
            raise _tampered(f"the field {name} is missing")
        if found[name] != wanted:
            raise _tampered(f"the field {name} is not the kind it was")
    extra = sorted(set(found) - set(expected))
    if extra:
        raise _tampered(f"a field was added: {extra[0]}")
    return values


def _notes(reader: Any) -> list[Note]:
    notes = []
    for number, page in enumerate(reader.pages):
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        for ref in annotations.get_object():
            annotation = ref.get_object()
            if annotation.get("/Subtype") in NOT_NOTES:
                continue
            text = str(annotation.get("/Contents") or "").strip()
            if not text:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation.get("/Rect", (0, 0, 0, 0)))
            notes.append(Note(number, (x0, y0, x1, y1), text, str(annotation.get("/T") or "")))
    return notes


# -- turning answers into proposals ------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january", "januar", "jänner"),
            ("feb", "february", "februar"),
            ("mar", "march", "mär", "märz", "maerz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "dez", "dezember"),
        ),
        start=1,
    )
    for name in names
}


def parse_date(text: str) -> dt.date:
    """A date as people write it in a form: 2027-04-14, 14.04.2027, 14 Apr 2027,
    April 14, 2027. Slashes are refused: 03/04/2027 means different days to the two
    sides of many deals. Raises ValueError."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    match = re.fullmatch(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", text)
    if match:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    match = re.fullmatch(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})", text)
    if match and match[2].casefold() in MONTHS:
        return dt.date(int(match[3]), MONTHS[match[2].casefold()], int(match[1]))
    match = re.fullmatch(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text)
    if match and match[1].casefold() in MONTHS:
        return dt.date(int(match[3]), MONTHS[match[1].casefold()], int(match[2]))
    raise ValueError(text)


def _number_of(name: str) -> int:
    return int(name.split(".")[1])


def _area_of(note: Note, review: dict[str, Any]) -> tuple[str, str]:
    """The item whose answer area holds the note's centre; else the plan."""
    x = (note.rect[0] + note.rect[2]) / 2
    y = (note.rect[1] + note.rect[3]) / 2
    for area in review["areas"]:
        x1, y1, x2, y2 = area["rect"]
        if area["page"] == note.page and x1 <= x <= x2 and y1 <= y <= y2:
            return area["entity"], area["entity_id"]
    return "plan", ""


def proposals_from(copy: FilledCopy, reviewer: Reviewer) -> list[Proposal]:
    """Every answer in the copy as a proposal; ReviewImportError on a date that cannot
    be read (nothing is taken from a copy that cannot be read whole)."""
    state = copy.plan.state
    values = copy.values
    revision = copy.plan.revision
    proposals: list[Proposal] = []
    problems: list[str] = []

    def make(entity: str, entity_id: str, verdict: str, **more: Any) -> Proposal:
        return Proposal(
            plan_id=state.id,
            revision_sha256=revision.sha256,
            revision_number=revision.number,
            reviewer=reviewer,
            entity=entity,
            entity_id=entity_id,
            verdict=verdict,
            seen=seen_values(state, entity, entity_id),
            **more,
        )

    for m in state.milestone_order():
        number = state.milestone_number(m.id)
        base = f"milestone.{number}"
        answer = values.get(f"{base}.answer", "")
        comment = values.get(f"{base}.comment", "")
        proposed: dict[str, Any] = {}
        owner_text = ""
        for name in ("start", "due"):
            text = values.get(f"{base}.{name}", "")
            if not text:
                continue
            try:
                proposed[name] = parse_date(text).isoformat()
            except ValueError:
                words = "start" if name == "start" else "due date"
                problems.append(
                    f"milestone #{number}: the proposed {words} “{text}” is not a date "
                    "(write it as 2027-04-14)"
                )
        owner = values.get(f"{base}.owner", "")
        if owner:
            person = find_person(state, owner)
            if person is not None:
                proposed["owner_id"] = person.id
            else:
                owner_text = owner
        if proposed or owner_text or answer == "change":
            proposals.append(
                make("milestone", m.id, CHANGE, values=proposed, owner_text=owner_text,
                     comment=comment)
            )
        elif answer == "agree":
            proposals.append(make("milestone", m.id, AGREE, comment=comment))
        elif comment:
            proposals.append(make("milestone", m.id, COMMENT, comment=comment))
    for number, item in enumerate(state.ordered("evidence"), start=1):
        base = f"evidence.{number}"
        answer = values.get(f"{base}.answer", "")
        why = values.get(f"{base}.why", "")
        if answer in ("accept", "dispute"):
            verdict = ACCEPT if answer == "accept" else DISPUTE
            proposals.append(make("evidence", item.id, verdict, comment=why))
        elif why:
            proposals.append(make("evidence", item.id, COMMENT, comment=why))
    overall = values.get("plan.comment", "")
    if overall:
        proposals.append(make("plan", "", COMMENT, comment=overall))
    for note in copy.notes:
        entity, entity_id = _area_of(note, copy.review)
        proposals.append(make(entity, entity_id, COMMENT, comment=note.text, source="annotation"))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReviewImportError(
            _(
                "{problems}{more}; nothing was imported. Correct the form and import it again"
            ).format(problems=problems[0], more=more)
        )
    return proposals
