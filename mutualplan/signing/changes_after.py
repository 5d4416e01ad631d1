"""What changed in a PDF after a signature, judged on what the document *means*.

pyHanko's own difference analysis judges object by object; other signing tools (poppler,
used by Okular and Evince) reuse object numbers and add keys when they fill a field,
which it then calls a modification. Here each revision is reduced to what a reader
sees and what a program can act on (pages and their content, annotations, form
fields, attachments, document-level actions) with every reference resolved, and two
revisions are compared on that. The only change allowed after a signature is the
other side filling its own, so far empty, signature field.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pyhanko.pdf_utils import generic

from .pdf import entry

# Catalog entries that carry no content: versions, form plumbing compared separately,
# validation data added by long-term signatures, and descriptive metadata.
CATALOG_FREE = {"/AcroForm", "/Pages", "/DSS", "/Version", "/Metadata", "/Names", "/Type"}
# Keys of the AcroForm dictionary that filling a signature field may touch.
ACROFORM_FREE = {"/Fields", "/SigFlags", "/DR", "/DA", "/NeedAppearances"}
# Keys of a signature field (merged with its widget) that signing sets.
FILLING_KEYS = {"/V", "/M", "/AS", "/AP", "/F", "/DA", "/MK", "/Lock", "/SV"}
# Back-references that would make the normal form infinite.
BACK_LINKS = {"/Parent", "/P"}
MAX_DEPTH = 40


Key = tuple[int, int]


class _Normaliser:
    """Hashable, reference-free pictures of PDF objects, each referenced object worked
    out once per revision (the same font serves every page).

    An object whose whole subtree no later update wrote (`volatile` lists what one
    did) is the same in every revision, so its picture is shared between revisions.
    """

    def __init__(self, shared: dict[Key, Any] | None = None, volatile: set[Key] | None = None):
        self._own: dict[Key, tuple[Any, bool]] = {}
        self._shared = shared if shared is not None and volatile is not None else self._own
        self._volatile = volatile if volatile is not None else set()

    def __call__(self, obj: Any) -> Any:
        return self._picture(obj, 0)[0]

    def _picture(self, obj: Any, depth: int) -> tuple[Any, bool]:
        """(picture, whether anything in it was rewritten later)."""
        if depth > MAX_DEPTH:
            return "…", False
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            for memo in (self._shared, self._own):
                if key in memo:
                    return memo[key]
            self._own[key] = ("…", True)  # a cycle not through a back-link ends here
            value, touched = self._picture(obj.get_object(), depth + 1)
            touched = touched or key in self._volatile
            del self._own[key]
            (self._own if touched else self._shared)[key] = (value, touched)
            return value, touched
        if isinstance(obj, generic.StreamObject):
            # The encoded bytes: a stream re-encoded to the same content still counts
            # as changed, which is the safe side to err on.
            data = obj.encoded_data if obj.encoded_data is not None else obj.data
            header, touched = self._picture(
                generic.DictionaryObject({k: v for k, v in obj.items() if k != "/Length"}),
                depth + 1,
            )
            return ("stream", hashlib.sha256(data).hexdigest(), header), touched
        if isinstance(obj, generic.DictionaryObject):
            items, touched = [], False
            for key in obj:
                if key in BACK_LINKS:
                    items.append((str(key), "↑"))
                    continue
                value, inner = self._picture(obj.raw_get(key), depth + 1)
                items.append((str(key), value))
                touched = touched or inner
            return tuple(sorted(items)), touched
        if isinstance(obj, generic.ArrayObject):
            pictures = [self._picture(item, depth + 1) for item in obj]
            return tuple(p for p, _ in pictures), any(t for _, t in pictures)
        if isinstance(obj, (generic.FloatObject, generic.NumberObject)):
            return round(float(obj), 4), False
        if isinstance(obj, generic.ByteStringObject):
            return ("bytes", bytes(obj).hex()), False
        return str(obj), False


def _pages(root: generic.DictionaryObject) -> list[generic.DictionaryObject]:
    found: list[generic.DictionaryObject] = []

    def walk(node: Any, inherited: dict[str, Any], depth: int) -> None:
        node = node.get_object()
        if depth > MAX_DEPTH:
            return
        own = {
            k: node.raw_get(k)
            for k in ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
            if k in node
        }
        if entry(node, "/Type") == "/Pages":
            for kid in entry(node, "/Kids", ()):
                walk(kid, {**inherited, **own}, depth + 1)
        else:
            page = generic.DictionaryObject({**inherited, **{k: node.raw_get(k) for k in node}})
            found.append(page)

    walk(root.raw_get("/Pages"), {}, 0)
    return found


def _field_name(annotation: generic.DictionaryObject) -> str | None:
    if "/T" in annotation:
        return str(annotation["/T"])
    parent = entry(annotation, "/Parent")
    if parent is not None and "/T" in parent:
        return str(parent["/T"])
    return None


def picture(
    root: generic.DictionaryObject, free_field: str | None, normal: _Normaliser | None = None
) -> dict[str, Any]:
    """What the revision shows and does, minus the field `free_field` (looked at apart)."""
    _normal = normal or _Normaliser()  # noqa: N806 - reads as the function it stands for
    pages = []
    free_widget_pages = []
    for number, page in enumerate(_pages(root)):
        body = {k: _normal(page.raw_get(k)) for k in page if k not in ("/Annots", "/Parent")}
        annots = []
        for ref in entry(page, "/Annots", ()):
            annotation = ref.get_object()
            if free_field is not None and _field_name(annotation) == free_field:
                free_widget_pages.append(number)  # looked at apart, but must not move
                continue
            annots.append(_normal(annotation))
        pages.append((tuple(sorted(body.items())), tuple(annots)))
    catalog = {str(k): _normal(root.raw_get(k)) for k in root if k not in CATALOG_FREE}
    names = entry(root, "/Names")
    name_trees = {str(k): _normal(names.raw_get(k)) for k in names} if names is not None else {}
    form = entry(root, "/AcroForm")
    form_rest, fields = {}, {}
    if form is not None:
        form_rest = {str(k): _normal(form.raw_get(k)) for k in form if k not in ACROFORM_FREE}
        for ref in entry(form, "/Fields", ()):
            field = ref.get_object()
            name = str(entry(field, "/T", ""))
            if name != free_field:
                fields[name] = _normal(field)
    return {
        "pages": pages,
        "free_widget_pages": free_widget_pages,
        "catalog": catalog,
        "names": name_trees,
        "form": form_rest,
        "fields": fields,
    }


def _field(root: generic.DictionaryObject, name: str) -> generic.DictionaryObject | None:
    form = entry(root, "/AcroForm")
    for ref in entry(form, "/Fields", ()) if form is not None else ():
        field = ref.get_object()
        if str(entry(field, "/T", "")) == name:
            return field
    return None


def differences(
    before: generic.DictionaryObject,
    after: generic.DictionaryObject,
    free_field: str | None,
    rewritten: set[Key] | None = None,
) -> list[str]:
    """What changed between two revisions' catalogs, in words; [] when only the field
    `free_field` went from empty to signed (or nothing changed at all).

    `rewritten`: the objects written or freed by the updates between the two (when
    known), which lets both pictures share the work for everything else.
    """
    problems: list[str] = []
    shared: dict[Key, Any] = {}
    old = picture(before, free_field, _Normaliser(shared, rewritten))
    new = picture(after, free_field, _Normaliser(shared, rewritten))
    if len(old["pages"]) != len(new["pages"]):
        problems.append("pages were added or removed")
    else:
        for number, (was, now) in enumerate(zip(old["pages"], new["pages"], strict=True), 1):
            if was[0] != now[0]:
                problems.append(f"the content of page {number} changed")
            if was[1] != now[1]:
                problems.append(f"annotations on page {number} were added, removed or changed")
    if old["free_widget_pages"] != new["free_widget_pages"]:
        problems.append(f"the field {free_field} moved to another page")
    if old["names"] != new["names"]:
        problems.append("the attached files (the embedded plan data) changed")
    if old["catalog"] != new["catalog"]:
        keys = sorted(set(old["catalog"]) ^ set(new["catalog"])) or sorted(
            k for k in new["catalog"] if old["catalog"].get(k) != new["catalog"][k]
        )
        problems.append(f"document-level entries changed ({', '.join(keys)})")
    if old["form"] != new["form"]:
        problems.append("the form's settings changed")
    if old["fields"] != new["fields"]:
        problems.append("other form fields (or an existing signature) changed")
    if free_field is not None:
        normal_was, normal_now = _Normaliser(), _Normaliser()  # one per revision
        was, now = _field(before, free_field), _field(after, free_field)
        if (was is None) != (now is None):
            problems.append(f"the field {free_field} was added or removed")
        elif was is not None and now is not None:
            if "/V" in was and normal_was(was) != normal_now(now):
                problems.append(f"the signed field {free_field} changed")
            elif "/V" not in was:
                changed = {
                    str(k)
                    for k in set(was) | set(now)
                    if k not in FILLING_KEYS | BACK_LINKS
                    and normal_was(was.raw_get(k) if k in was else None)
                    != normal_now(now.raw_get(k) if k in now else None)
                }
                if changed:
                    problems.append(
                        f"the field {free_field} changed beyond being signed "
                        f"({', '.join(sorted(changed))})"
                    )
                value = entry(now, "/V")
                if value is not None and entry(value, "/Type", "/Sig") != "/Sig":
                    problems.append(
                        f"the field {free_field} holds something other than a signature"
                    )
    return problems
