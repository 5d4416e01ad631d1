"""Reading a plan PDF as the signing and verifying code needs it: its revisions, its
signature fields, and the plan data embedded in it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.reader import PdfFileReader

from ..exchange.plan_data import ATTACHMENT_NAME, PlanData, PlanDataError, decode_plan_data
from ..i18n import _, check_language

SIDES = ("seller", "buyer")
IN_PERSON_ATTACHMENT = "in-person-signature-{side}.json"


class NotAPlanPdfError(Exception):
    """The file cannot be read as a MutualPlan plan PDF; the message says why."""


def entry(dictionary: Any, key: str, default: Any = None) -> Any:
    """A PDF dictionary's value with references resolved (dict.get would not)."""
    if dictionary is None or key not in dictionary:
        return default
    return dictionary[key]


def pdf_language(reader: PdfFileReader) -> str:
    """The language the document is written in (its /Lang), English when unsaid or
    one we do not have."""
    try:
        return check_language(str(entry(reader.root, "/Lang", "en")))
    except ValueError:
        return "en"


def field_name(side: str) -> str:
    return f"{side}_signature"


def side_of_field(name: str) -> str | None:
    for side in SIDES:
        if name == field_name(side):
            return side
    return None


def open_reader(data: bytes) -> PdfFileReader:
    """A pyHanko reader, tolerant of the layouts other signing tools write (poppler
    reuses object numbers, which the strict reader refuses)."""
    if not data.startswith(b"%PDF-"):
        raise NotAPlanPdfError(_("the file is not a PDF"))
    try:
        return PdfFileReader(io.BytesIO(data))
    except (misc.PdfReadError, misc.PdfStrictReadError, ValueError, KeyError):
        pass
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure means the same to the user
        raise NotAPlanPdfError(
            _("the PDF is damaged or truncated ({detail})").format(detail=exc)
        ) from None


@contextmanager
def damaged_pdf_is_not_a_plan() -> Iterator[None]:
    """pyHanko reads objects lazily, so damage surfaces wherever a damaged object is
    first touched, as any of many exception types; to the user it is one fact."""
    try:
        yield
    except NotAPlanPdfError:
        raise
    except Exception as exc:  # noqa: BLE001 - see above
        raise NotAPlanPdfError(
            _("the PDF is damaged or truncated ({detail})").format(
                detail=f"{type(exc).__name__}: {exc}"
            )[:300]
        ) from None


@dataclass
class FieldInfo:
    name: str
    page: int  # 0-based
    rect: tuple[float, float, float, float]
    signed: bool


def _field_refs(root: generic.DictionaryObject) -> list[Any]:
    try:
        return list(root["/AcroForm"].raw_get("/Fields"))
    except KeyError:
        return []


def _key(ref: Any) -> tuple[int, int] | None:
    return (ref.idnum, ref.generation) if isinstance(ref, generic.IndirectObject) else None


def signature_fields(reader: PdfFileReader) -> dict[str, FieldInfo]:
    """The two signature fields of a plan, by name, as the newest revision has them."""
    # Which page holds each widget: found through the pages' annotation lists, which
    # every viewer uses (a field's own /P entry is optional).
    page_of: dict[tuple[int, int], int] = {}
    for number, (_key_of_page, page) in enumerate(page_tree(reader.root)[0]):
        for ref in entry(page, "/Annots", ()) if "/Annots" in page else ():
            key = _key(ref)
            if key is not None:
                page_of[key] = number
    found: dict[str, FieldInfo] = {}
    for ref in _field_refs(reader.root):
        field = ref.get_object()
        name = str(entry(field, "/T", ""))
        if side_of_field(name) is None or entry(field, "/FT") != "/Sig":
            continue
        number = _page_number(page_of, ref, -1)
        for kid in entry(field, "/Kids", ()) if number < 0 else ():
            number = _page_number(page_of, kid, number)
        # A Rect of other than four numbers is damage (reported as such by the caller).
        x0, y0, x1, y1 = (float(v) for v in entry(field, "/Rect", (0, 0, 0, 0)))
        found[name] = FieldInfo(name, number, (x0, y0, x1, y1), signed="/V" in field)
    return found


def _page_number(page_of: dict[tuple[int, int], int], ref: Any, default: int) -> int:
    key = _key(ref)
    return default if key is None else page_of.get(key, default)


def carries_signatures(reader: PdfFileReader) -> bool:
    """Whether any signature field holds a value. The same walk pyHanko makes to collect
    embedded signatures, without loading its signing and validation stack (~0.3 s)."""
    from pyhanko.pdf_utils.form_tools import enumerate_fields_in

    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return False
    filled = enumerate_fields_in(
        fields, filled_status=True, refs_seen=set(), target_field_type="/Sig"
    )
    return next(filled, None) is not None


PageKey = tuple[int, int]


def page_tree(
    root: generic.DictionaryObject,
) -> tuple[list[tuple[PageKey | None, generic.DictionaryObject]], set[PageKey]]:
    """The pages in order, each with its object key, and the keys of the tree's inner
    nodes: walked without recursion, every node once, so a tree that loops back on
    itself (an attacker's) ends rather than running for ever."""
    pages: list[tuple[PageKey | None, generic.DictionaryObject]] = []
    nodes: set[PageKey] = set()
    seen: set[PageKey] = set()
    stack = [root.raw_get("/Pages")] if "/Pages" in root else []
    while stack:
        raw = stack.pop()
        key = _key(raw)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        node = raw.get_object()
        if not isinstance(node, generic.DictionaryObject):
            continue
        if entry(node, "/Type") == "/Pages" or "/Kids" in node:
            if key is not None:
                nodes.add(key)
            kids = entry(node, "/Kids")
            if isinstance(kids, generic.ArrayObject):
                stack.extend(reversed([kids.raw_get(i) for i in range(len(kids))]))
        else:
            pages.append((key, node))
    return pages, nodes


def attachments(root: generic.DictionaryObject) -> dict[str, bytes]:
    """Embedded files by name, read through whichever revision `root` belongs to."""
    found: dict[str, bytes] = {}
    try:
        tree = root["/Names"]["/EmbeddedFiles"]
    except KeyError:
        return found

    seen: set[int] = set()

    def walk(node: generic.DictionaryObject) -> None:
        if id(node) in seen:
            return  # a name tree that loops back on itself
        seen.add(id(node))
        if "/Names" in node:
            names = node["/Names"]
            for i in range(0, len(names) - 1, 2):
                spec = names[i + 1].get_object()
                try:
                    stream = spec["/EF"]["/F"].get_object()
                    found[str(names[i])] = stream.data
                except (KeyError, AttributeError):
                    continue
        for kid in entry(node, "/Kids", ()):
            walk(kid.get_object())

    walk(tree.get_object())
    return found


def plan_data_in(root: generic.DictionaryObject, *, with_changes: bool = True) -> PlanData:
    files = attachments(root)
    if ATTACHMENT_NAME not in files:
        raise NotAPlanPdfError(
            _("the PDF carries no MutualPlan plan data: it is not a plan PDF")
        )
    try:
        return decode_plan_data(files[ATTACHMENT_NAME], with_changes=with_changes)
    except PlanDataError as exc:
        raise NotAPlanPdfError(str(exc)) from None
