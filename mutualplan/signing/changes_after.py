"""What changed in a PDF after a signature, at any depth.

The revision a signature covers and the file as it stands now are walked side by side
as two object graphs, from the document catalog and the document information: every
reference followed however deep, each pair of objects compared once (so cycles end),
with an explicit stack (so depth costs no recursion). Object numbers do not matter,
only what each object holds and where it is reached from: a tool that renumbers or
reuses numbers when it fills a field (poppler does) changes nothing, while a page
whose /Parent now points at a new node, a lowered /Count or a form XObject rewritten
twelve levels down is a difference.

What a later signer may change is exactly what signing its own, so far empty, field
writes: that field's /V and /M and its widget's /AP and /AS (the appearance is drawn
inside the widget's /Rect, which must stay where it was); the catalog's /DSS, /Perms
and /Extensions, and its XMP metadata stream (Acrobat updates the dates in it); the
form's /SigFlags, /NeedAppearances and /DR; the document information's /ModDate and
/Producer. Everything else is reported in plain words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic

from .pdf import page_tree

Key = tuple[int, int]

CATALOG_FREE = frozenset({"/DSS", "/Perms", "/Extensions"})
ACROFORM_FREE = frozenset({"/SigFlags", "/NeedAppearances", "/DR"})
INFO_FREE = frozenset({"/ModDate", "/Producer"})
FILLING = frozenset({"/V", "/M", "/AP", "/AS"})
MAX_PROBLEMS = 12  # enough to say what happened; an attack can make thousands

# How the catalog's entries are named for people.
_CATALOG_PLACES = {
    "/Pages": "the page tree",
    "/AcroForm": "the form",
    "/Names": "the document's names (attached files, destinations, scripts)",
    "/Outlines": "the outline (bookmarks)",
    "/OpenAction": "the action run when the document opens",
    "/AA": "the document's actions",
    "/OCProperties": "the optional content (layers)",
    "/StructTreeRoot": "the document's structure",
    "/Dests": "the named destinations",
}
_NAME_TREE_PLACES = {
    "/EmbeddedFiles": "the attached files (the embedded plan data)",
    "/JavaScript": "the document's scripts",
}


@dataclass
class _Pair:
    before: Any  # raw: an IndirectObject or a direct object
    after: Any
    where: str  # the place, in words: "page 3", "the form"
    path: str  # the keys from that place down to this pair
    skip: frozenset[str] = frozenset()  # entries a later signer may change here


def _key(raw: Any) -> Key | None:
    return (raw.idnum, raw.generation) if isinstance(raw, generic.IndirectObject) else None


def _kind(value: Any) -> str:
    if isinstance(value, generic.StreamObject):
        return "stream"
    if isinstance(value, generic.DictionaryObject):
        return "dictionary"
    if isinstance(value, generic.ArrayObject):
        return "array"
    if isinstance(value, (generic.NumberObject, generic.FloatObject)):
        return "number"
    if isinstance(value, generic.NameObject):
        return "name"
    if isinstance(value, (generic.TextStringObject, generic.ByteStringObject)):
        return "string"
    if isinstance(value, generic.BooleanObject):
        return "boolean"
    if isinstance(value, generic.NullObject) or value is None:
        return "null"
    return type(value).__name__


def _scalar(value: Any) -> Any:
    kind = _kind(value)
    if kind == "number":
        return round(float(value), 6)
    if kind == "string":
        return bytes(value.original_bytes)
    if kind == "boolean":
        return bool(value.value)
    return str(value)


def _entry(dictionary: Any, key: str) -> Any:
    try:
        return dictionary[key] if key in dictionary else None  # noqa: SIM401 - resolves
    except Exception:  # noqa: BLE001 - a damaged entry is simply absent here
        return None


def _field_keys(root: generic.DictionaryObject, name: str) -> set[Key]:
    """The field called `name` and its widgets, by key, in the revision of `root`."""
    form = _entry(root, "/AcroForm")
    fields = _entry(form, "/Fields") if form is not None else None
    found: set[Key] = set()
    for raw in fields if isinstance(fields, generic.ArrayObject) else ():
        field = raw.get_object()
        if isinstance(field, generic.DictionaryObject) and str(_entry(field, "/T")) == name:
            key = _key(raw)
            if key is not None:
                found.add(key)
            kids = _entry(field, "/Kids")
            for kid in kids if isinstance(kids, generic.ArrayObject) else ():
                kid_key = _key(kid)
                if kid_key is not None:
                    found.add(kid_key)
    return found


class _Comparison:
    def __init__(
        self,
        before: Any,
        after: Any,
        free_field: str | None,
        free_side: str | None,
        unchanged: Callable[[Key], bool],
        untouched: Callable[[Key], bool],
    ) -> None:
        self.before_root = before.root
        self.after_root = after.root
        self.before, self.after = before, after
        self.free_side = free_side
        self.unchanged = unchanged
        self.untouched = untouched
        pages, self.page_nodes = page_tree(self.before_root)
        self.pages = {key: n for n, (key, _) in enumerate(pages, 1) if key is not None}
        self.free = _field_keys(self.before_root, free_field) if free_field else set()
        self.seen: set[tuple[Key, Key]] = set()
        self.problems: list[str] = []

    # -- reporting -------------------------------------------------------------------

    def differ(self, pair: _Pair, what: str) -> None:
        message = f"{pair.where}: {what}" + (f" (at {pair.path})" if pair.path else "")
        if message not in self.problems and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    # -- the walk --------------------------------------------------------------------

    def run(self) -> list[str]:
        stack: list[_Pair] = []
        before_trailer, after_trailer = self.before.trailer_view, self.after.trailer_view
        if "/Info" in before_trailer or "/Info" in after_trailer:
            stack.append(
                _Pair(
                    before_trailer.raw_get("/Info") if "/Info" in before_trailer else None,
                    after_trailer.raw_get("/Info") if "/Info" in after_trailer else None,
                    "the document information",
                    "",
                    INFO_FREE,
                )
            )
        self._catalog(stack)
        while stack:
            self._step(stack.pop(), stack)
        return self.problems

    def _catalog(self, stack: list[_Pair]) -> None:
        before, after = self.before_root, self.after_root
        for key in sorted((set(before) | set(after)) - CATALOG_FREE, reverse=True):
            if key == "/Metadata" and _is_xmp(_entry(after, key)):
                continue  # readers that sign (Acrobat) update the XMP dates, as pyHanko allows
            place = _CATALOG_PLACES.get(key, f"the document catalog's {key}")
            pair = _Pair(None, None, place, "")
            if key not in before:
                self.differ(pair, f"{key} was added to the document catalog")
            elif key not in after:
                self.differ(pair, f"{key} was removed from the document catalog")
            else:
                skip = ACROFORM_FREE if key == "/AcroForm" else frozenset()
                stack.append(_Pair(before.raw_get(key), after.raw_get(key), place, "", skip))

    def _step(self, pair: _Pair, stack: list[_Pair]) -> None:
        before_key, after_key = _key(pair.before), _key(pair.after)
        same_object = False
        if before_key is not None and after_key is not None:
            if (before_key, after_key) in self.seen:
                return
            self.seen.add((before_key, after_key))
            if before_key == after_key and self.untouched(before_key):
                return  # the same bytes, and nothing they lead to was rewritten
            same_object = before_key == after_key and self.unchanged(before_key)
        if before_key is not None:
            number = self.pages.get(before_key)
            if number is not None:
                pair.where, pair.path = f"page {number}", ""
            elif before_key in self.page_nodes:
                pair.where, pair.path = "the page tree", ""
        before = pair.before.get_object() if pair.before is not None else None
        after = pair.after.get_object() if pair.after is not None else None
        if before_key is not None and before_key in self.free:
            self._free_field(pair, before, after, stack)
            return
        self._compare(pair, before, after, pair.skip, same_object, stack)

    def _compare(
        self,
        pair: _Pair,
        before: Any,
        after: Any,
        skip: frozenset[str],
        same_object: bool,
        stack: list[_Pair],
    ) -> None:
        kind, kind_after = _kind(before), _kind(after)
        if kind != kind_after:
            self.differ(pair, f"a {kind} was replaced by a {kind_after}")
            return
        if kind == "stream" and not same_object and _stream_bytes(before) != _stream_bytes(after):
            self.differ(pair, _stream_change(pair))
        if kind in ("stream", "dictionary"):
            for name in sorted((set(before) | set(after)) - skip - {"/Length"}, reverse=True):
                if name not in before:
                    self.differ(pair, _added(name))
                elif name not in after:
                    self.differ(pair, f"{name} was removed")
                else:
                    child = self._child(pair, str(name))
                    child.before, child.after = before.raw_get(name), after.raw_get(name)
                    stack.append(child)
        elif kind == "array":
            if len(before) != len(after):
                self.differ(pair, _array_change(pair, len(before), len(after)))
                return
            for index in reversed(range(len(before))):
                child = self._child(pair, f"[{index}]")
                child.before, child.after = before.raw_get(index), after.raw_get(index)
                stack.append(child)
        elif not same_object and _scalar(before) != _scalar(after):
            self.differ(pair, "a value changed")

    def _child(self, pair: _Pair, step: str) -> _Pair:
        if pair.where.startswith("the document's names") and not pair.path:
            place = _NAME_TREE_PLACES.get(step)
            if place is not None:
                return _Pair(None, None, place, "")
        separator = "" if step.startswith("[") else "/"
        path = f"{pair.path}{separator}{step.lstrip('/')}" if pair.path else step.lstrip("/")
        return _Pair(None, None, pair.where, path)

    def _free_field(self, pair: _Pair, before: Any, after: Any, stack: list[_Pair]) -> None:
        """The other side's empty field: it may be signed, nothing else."""
        who = f"the {self.free_side}'s signature field" if self.free_side else "the free field"
        place = _Pair(None, None, f"{pair.where}, {who}", "")
        if not isinstance(after, generic.DictionaryObject) or not isinstance(
            before, generic.DictionaryObject
        ):
            self.differ(place, "it was replaced by something else")
            return
        for name in ("/Subtype", "/FT"):
            if name in before and _entry(after, name) != _entry(before, name):
                self.differ(place, f"it was replaced by a {_entry(after, name)} annotation")
                return
        if "/V" in before and "/V" in after:
            self._compare(place, before, after, frozenset(), False, stack)
            return
        value = _entry(after, "/V")
        if value is not None and not _is_signature(value):
            self.differ(place, "it holds something other than a signature")
        self._compare(place, before, after, FILLING, False, stack)


def _is_xmp(value: Any) -> bool:
    return (
        isinstance(value, generic.StreamObject)
        and _entry(value, "/Type") == "/Metadata"
        and _entry(value, "/Subtype") == "/XML"
    )


def _is_signature(value: Any) -> bool:
    return (
        isinstance(value, generic.DictionaryObject)
        and _entry(value, "/Type") in (None, "/Sig")
        and "/ByteRange" in value
        and "/Contents" in value
    )


def _stream_bytes(stream: generic.StreamObject) -> bytes:
    return stream.encoded_data if stream.encoded_data is not None else stream.data


def _stream_change(pair: _Pair) -> str:
    if pair.path.startswith("Contents"):
        return "the content changed"
    return "a stream's content changed"


def _added(name: str) -> str:
    if name == "/Annots":
        return "annotations were added"
    return f"{name} was added"


def _array_change(pair: _Pair, before: int, after: int) -> str:
    counts = f"{before} before, {after} now"
    last = pair.path.rsplit("/", 1)[-1]
    if last == "Annots":
        return f"annotations were added or removed ({counts})"
    if pair.where == "the page tree" and last == "Kids":
        return f"pages were added or removed ({counts})"
    if pair.where == "the form" and last == "Fields":
        return f"form fields were added or removed ({counts})"
    return f"entries were added or removed ({counts})"


def differences(
    before: Any,
    after: Any,
    free_field: str | None = None,
    free_side: str | None = None,
    rewritten: set[Key] | None = None,
    graph: ReferenceGraph | None = None,
) -> list[str]:
    """What differs between two revisions (pyHanko handlers: a HistoricalResolver for the
    signed one, the reader for now), in words; [] when only the free field was signed.

    `rewritten`: the objects written or freed by the updates between the two, when
    known; an object outside it is byte for byte the same in both, so its own values
    need no comparing, and with `graph` (the file as it stands) neither does anything
    it leads to unless that reaches a rewritten object.
    """
    if rewritten is None:
        return _Comparison(
            before, after, free_field, free_side, lambda key: False, lambda key: False
        ).run()
    touched = graph.reaching(rewritten) if graph is not None else None
    return _Comparison(
        before,
        after,
        free_field,
        free_side,
        lambda key: key not in rewritten,
        (lambda key: key not in touched) if touched is not None else (lambda key: False),
    ).run()


class ReferenceGraph:
    """Who refers to whom among the objects reachable from a file's trailer, read once:
    which objects can reach a given set of others is then a walk up from those."""

    def __init__(self, handler: Any) -> None:
        self.parents: dict[Key, set[Key]] = {}
        trailer = handler.trailer_view
        stack: list[tuple[Key | None, Any]] = [
            (None, trailer.raw_get(key)) for key in ("/Root", "/Info") if key in trailer
        ]
        seen: set[Key] = set()
        while stack:
            parent, raw = stack.pop()
            key = _key(raw)
            if key is not None:
                if parent is not None:
                    self.parents.setdefault(key, set()).add(parent)
                if key in seen:
                    continue
                seen.add(key)
                parent = key
                raw = raw.get_object()
            if isinstance(raw, generic.DictionaryObject):  # streams too
                stack.extend((parent, raw.raw_get(name)) for name in raw)
            elif isinstance(raw, generic.ArrayObject):
                stack.extend((parent, raw.raw_get(i)) for i in range(len(raw)))

    def reaching(self, targets: set[Key]) -> set[Key]:
        """`targets` and every object from which one of them can be reached."""
        found: set[Key] = set()
        stack = list(targets)
        while stack:
            key = stack.pop()
            if key not in found:
                found.add(key)
                stack.extend(self.parents.get(key, ()))
        return found


def objects_rewritten(reader: Any, after_revision: int) -> set[Key]:
    """Every object written or freed by an update after `after_revision`."""
    xrefs = reader.xrefs
    return {
        (ref.idnum, ref.generation)
        for later in range(after_revision + 1, xrefs.total_revisions)
        for ref in _refs(xrefs, later)
    }


def _refs(xrefs: Any, revision: int) -> Iterator[Any]:
    yield from xrefs.explicit_refs_in_revision(revision)
    yield from xrefs.refs_freed_in_revision(revision)
