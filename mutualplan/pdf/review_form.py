"""The last step of a review copy: the plan data and the form's description attached,
then a standard AcroForm response form over the boxes the layout drew.

reportlab's own form fields only speak the 14 standard fonts and name fields flat; the
fields are made here instead, as a field tree (`milestone` › `3` › `due`), so every
reader shows them as `milestone.3.due`, with the document's DejaVu Sans for what is
typed in. No signature field is added: a review copy is for comments, not signing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from typing import Any

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.generic import pdf_name

from ..exchange.plan_data import ATTACHMENT_NAME
from ..exchange.review_data import REVIEW_ATTACHMENT, encode_review_data
from .finish import _ReproducibleWriter
from .review import ItemArea, PlacedField, ReviewForm

FONT_RESOURCE = "/DejaVu"
FONT_SIZE = 8
FLAG_MULTILINE = 1 << 12
FLAG_NO_TOGGLE_TO_OFF = 1 << 14
FLAG_RADIO = 1 << 15
FLAG_PRINT = 4
# Characters the form's font carries for what readers type: Latin (with its extended
# letters), Greek and Cyrillic, as the document's own text does.
FORM_CHARACTERS = "".join(
    chr(c)
    for start, end in ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF),
                       (0x2010, 0x2027), (0x20AC, 0x20AC))
    for c in range(start, end + 1)
)


def page_content_hashes(document: bytes) -> tuple[list[str], list[str]]:
    """For each page, the SHA-256 of its decoded content (what prints, which filling a
    form never touches; re-saving may recompress it, not change it) and of its text
    (for readers that rewrite the drawing operators themselves but keep what they say)."""
    from pypdf import PdfReader

    hashes, texts = [], []
    for page in PdfReader(io.BytesIO(document)).pages:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        hashes.append(hashlib.sha256(data).hexdigest())
        texts.append(text_hash(page.extract_text() or ""))
    return hashes, texts


def text_hash(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode("utf-8")).hexdigest()


def _attach(writer: Any, name: str, data: bytes, mime: str, description: str,
            moment: dt.datetime) -> None:
    params = embed.EmbeddedFileParams(
        embed_size=True, embed_checksum=True, creation_date=moment, modification_date=moment
    )
    stream = embed.EmbeddedFileObject.from_file_data(
        writer, data=data, mime_type=mime, params=params
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=name, file_name=name, embedded_data=stream, description=description
        ),
    )


def _form_font(writer: Any) -> generic.IndirectObject:
    """DejaVu Sans, whole, as a composite font: readers draw what is typed in any Latin,
    Greek or Cyrillic script with the document's own face (the whole font, not a
    subset, so a reader finds every letter through the font's own character map)."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from ..paths import resources_dir

    path = resources_dir() / "fonts" / "DejaVuSans.ttf"
    data = path.read_bytes()
    face = TTFontFile(str(path))
    scale = 1000 / face.unitsPerEm
    glyphs: dict[int, str] = {}
    for char in FORM_CHARACTERS:
        gid = face.charToGlyph.get(ord(char))
        if gid:
            glyphs.setdefault(gid, char)
    widths = generic.ArrayObject()
    for gid in sorted(glyphs):
        advance = face.hmetrics[gid][0] if gid < len(face.hmetrics) else face.hmetrics[-1][0]
        widths += [generic.NumberObject(gid), generic.ArrayObject(
            [generic.NumberObject(round(advance * scale))])]
    font_file = generic.StreamObject({pdf_name("/Length1"): generic.NumberObject(len(data))},
                                     stream_data=data)
    font_file.compress()
    name = pdf_name("/" + face.name.decode("ascii"))
    descriptor = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/FontDescriptor"),
            pdf_name("/FontName"): name,
            pdf_name("/Flags"): generic.NumberObject(32),
            pdf_name("/FontBBox"): generic.ArrayObject(
                [generic.NumberObject(round(v)) for v in face.bbox]
            ),
            pdf_name("/ItalicAngle"): generic.NumberObject(0),
            pdf_name("/Ascent"): generic.NumberObject(round(face.ascent)),
            pdf_name("/Descent"): generic.NumberObject(round(face.descent)),
            pdf_name("/CapHeight"): generic.NumberObject(round(face.capHeight)),
            pdf_name("/StemV"): generic.NumberObject(round(face.stemV)),
            pdf_name("/FontFile2"): writer.add_object(font_file),
        }
    )
    cid_font = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/CIDFontType2"),
            pdf_name("/BaseFont"): name,
            pdf_name("/CIDSystemInfo"): generic.DictionaryObject(
                {
                    pdf_name("/Registry"): generic.pdf_string("Adobe"),
                    pdf_name("/Ordering"): generic.pdf_string("Identity"),
                    pdf_name("/Supplement"): generic.NumberObject(0),
                }
            ),
            pdf_name("/FontDescriptor"): writer.add_object(descriptor),
            pdf_name("/DW"): generic.NumberObject(round(face.defaultWidth)),
            pdf_name("/W"): widths,
            pdf_name("/CIDToGIDMap"): pdf_name("/Identity"),
        }
    )
    to_unicode = generic.StreamObject(stream_data=_to_unicode_cmap(glyphs))
    to_unicode.compress()
    font = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Font"),
            pdf_name("/Subtype"): pdf_name("/Type0"),
            pdf_name("/BaseFont"): name,
            pdf_name("/Encoding"): pdf_name("/Identity-H"),
            pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
            pdf_name("/ToUnicode"): writer.add_object(to_unicode),
        }
    )
    return writer.add_object(font)


def _to_unicode_cmap(glyphs: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    pairs = sorted(glyphs.items())
    for start in range(0, len(pairs), 100):
        chunk = pairs[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{ord(char):04X}>" for gid, char in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _stream(writer: Any, rect: tuple[float, float, float, float], ops: bytes,
            resources: generic.DictionaryObject | None = None) -> generic.IndirectObject:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    stream = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(
                [generic.FloatObject(0), generic.FloatObject(0),
                 generic.FloatObject(round(width, 2)), generic.FloatObject(round(height, 2))]
            ),
            **({pdf_name("/Resources"): resources} if resources is not None else {}),
        },
        stream_data=ops,
    )
    return writer.add_object(stream)


def _circle_ops(size: float, dot: bool) -> bytes:
    """A ring, and a dot in it when chosen (Bézier approximation of circles)."""
    k = 0.5523
    c = size / 2

    def circle(r: float) -> str:
        m = k * r
        return (
            f"{c + r:.2f} {c:.2f} m "
            f"{c + r:.2f} {c + m:.2f} {c + m:.2f} {c + r:.2f} {c:.2f} {c + r:.2f} c "
            f"{c - m:.2f} {c + r:.2f} {c - r:.2f} {c + m:.2f} {c - r:.2f} {c:.2f} c "
            f"{c - r:.2f} {c - m:.2f} {c - m:.2f} {c - r:.2f} {c:.2f} {c - r:.2f} c "
            f"{c + m:.2f} {c - r:.2f} {c + r:.2f} {c - m:.2f} {c + r:.2f} {c:.2f} c "
        )

    ops = "q 0.37 0.4 0.44 RG 0.6 w " + circle(c - 0.5) + "S "
    if dot:
        ops += "0.12 0.14 0.16 rg " + circle(c * 0.5) + "f "
    return (ops + "Q").encode("ascii")


def _rect(values: tuple[float, float, float, float]) -> generic.ArrayObject:
    return generic.ArrayObject([generic.FloatObject(round(v, 2)) for v in values])


class _Tree:
    """The field hierarchy: `milestone.3.due` is field `due`, kid of `3`, kid of
    `milestone`. Non-terminal nodes hold only /T, /Kids and /Parent."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer
        self.nodes: dict[str, tuple[generic.DictionaryObject, generic.IndirectObject]] = {}
        self.roots: list[generic.IndirectObject] = []

    def node(self, qualified: str) -> tuple[generic.DictionaryObject, generic.IndirectObject]:
        if qualified in self.nodes:
            return self.nodes[qualified]
        parent, _, partial = qualified.rpartition(".")
        dictionary = generic.DictionaryObject(
            {
                pdf_name("/T"): generic.pdf_string(partial),
                pdf_name("/Kids"): generic.ArrayObject(),
            }
        )
        ref = self.writer.add_object(dictionary)
        self.attach(parent, dictionary, ref)
        self.nodes[qualified] = (dictionary, ref)
        return dictionary, ref

    def attach(self, parent: str, dictionary: generic.DictionaryObject,
               ref: generic.IndirectObject) -> None:
        if parent:
            parent_dict, parent_ref = self.node(parent)
            parent_dict["/Kids"].append(ref)
            dictionary[pdf_name("/Parent")] = parent_ref
        else:
            self.roots.append(ref)


def finish_review(
    document: bytes,
    form: ReviewForm,
    plan_data: bytes,
    review_data: dict[str, Any],
    moment: dt.datetime,
) -> bytes:
    """`document` with the plan data and the form description attached and the form
    fields in place. `review_data` is completed here with the page content hashes."""
    pages, texts = page_content_hashes(document)
    review_data = {**review_data, "pages": pages, "texts": texts}
    writer = _ReproducibleWriter(document, moment)
    _attach(writer, ATTACHMENT_NAME, plan_data, "application/json",
            "MutualPlan plan data: this revision and its change log, to import", moment)
    _attach(writer, REVIEW_ATTACHMENT, encode_review_data(review_data), "application/json",
            "MutualPlan review copy: which form field answers which item", moment)
    font = _form_font(writer)
    resources = generic.DictionaryObject(
        {pdf_name("/Font"): generic.DictionaryObject({pdf_name(FONT_RESOURCE): font})}
    )
    appearance = f"{FONT_RESOURCE} {FONT_SIZE} Tf 0.12 0.14 0.16 rg"
    tree = _Tree(writer)
    page_refs: dict[int, generic.IndirectObject] = {}

    def page_ref(index: int) -> generic.IndirectObject:
        if index not in page_refs:
            ref, _resources = writer.find_page_for_modification(index)
            page_refs[index] = ref
        return page_refs[index]

    # Widgets are listed on each page in the order they were laid out, which is the
    # order a reader's Tab key follows: each item's choice, then its boxes.
    groups: dict[str, tuple[generic.DictionaryObject, generic.IndirectObject]] = {}
    for placed in form.fields:
        parent, _, partial = placed.name.rpartition(".")
        if placed.kind == "radio":
            if placed.name not in groups:
                group = generic.DictionaryObject(
                    {
                        pdf_name("/FT"): pdf_name("/Btn"),
                        pdf_name("/T"): generic.pdf_string(partial),
                        pdf_name("/TU"): generic.pdf_string(placed.label.rsplit(":", 1)[0]),
                        pdf_name("/Ff"): generic.NumberObject(FLAG_RADIO | FLAG_NO_TOGGLE_TO_OFF),
                        pdf_name("/V"): pdf_name("/Off"),
                        pdf_name("/Kids"): generic.ArrayObject(),
                    }
                )
                groups[placed.name] = (group, writer.add_object(group))
                tree.attach(parent, *groups[placed.name])
            _add_button(writer, *groups[placed.name], placed, page_ref(placed.page))
            continue
        flags = FLAG_MULTILINE if placed.kind == "multiline" else 0
        widget = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/Widget"),
                pdf_name("/FT"): pdf_name("/Tx"),
                pdf_name("/T"): generic.pdf_string(partial),
                pdf_name("/TU"): generic.pdf_string(placed.label),
                pdf_name("/Ff"): generic.NumberObject(flags),
                pdf_name("/DA"): generic.pdf_string(appearance),
                pdf_name("/V"): generic.pdf_string(""),
                pdf_name("/Rect"): _rect(placed.rect),
                pdf_name("/F"): generic.NumberObject(FLAG_PRINT),
                pdf_name("/P"): page_ref(placed.page),
            }
        )
        widget[pdf_name("/AP")] = generic.DictionaryObject(
            {pdf_name("/N"): _stream(writer, placed.rect, b"/Tx BMC EMC", resources)}
        )
        ref = writer.add_object(widget)
        tree.attach(parent, widget, ref)
        writer.register_annotation(page_ref(placed.page), ref)

    root = writer.root
    root[pdf_name("/AcroForm")] = writer.add_object(
        generic.DictionaryObject(
            {
                pdf_name("/Fields"): generic.ArrayObject(tree.roots),
                pdf_name("/DR"): resources,
                pdf_name("/DA"): generic.pdf_string(appearance),
                # Every widget has its appearance (empty boxes, drawn buttons); a reader
                # draws what is typed when it is typed. Asking readers to redraw all
                # (NeedAppearances) would lose the buttons' drawings in some of them.
            }
        )
    )
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _add_button(
    writer: Any,
    group: generic.DictionaryObject,
    group_ref: generic.IndirectObject,
    button: PlacedField,
    page: generic.IndirectObject,
) -> None:
    """One button of a radio group, drawn on (a dot in a ring) and off (the ring)."""
    size = button.rect[2] - button.rect[0]
    kid = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/Parent"): group_ref,
            pdf_name("/TU"): generic.pdf_string(button.label),
            pdf_name("/Rect"): _rect(button.rect),
            pdf_name("/F"): generic.NumberObject(FLAG_PRINT),
            pdf_name("/P"): page,
            pdf_name("/AS"): pdf_name("/Off"),
            pdf_name("/AP"): generic.DictionaryObject(
                {
                    pdf_name("/N"): generic.DictionaryObject(
                        {
                            pdf_name("/" + button.value): _stream(
                                writer, button.rect, _circle_ops(size, True)
                            ),
                            pdf_name("/Off"): _stream(
                                writer, button.rect, _circle_ops(size, False)
                            ),
                        }
                    )
                }
            ),
        }
    )
    kid_ref = writer.add_object(kid)
    group["/Kids"].append(kid_ref)
    writer.register_annotation(page, kid_ref)


def review_description(form: ReviewForm) -> dict[str, Any]:
    """Which field answers which item, and the area of each item on its page."""
    return {
        "fields": sorted({(f.name, f.kind) for f in form.fields}),
        "areas": [_area(a) for a in form.areas],
    }


def _area(area: ItemArea) -> dict[str, Any]:
    return {
        "entity": area.entity,
        "entity_id": area.entity_id,
        "number": area.number,
        "page": area.page,
        "rect": list(area.rect),
    }
