"""Review copies exported from a real store, and filled by name the way other tools
fill them: pypdf here, pdf.js and MuPDF through tests/engines/."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from mutualplan.domain.model import Author
from mutualplan.pdf.export import export_pdf
from mutualplan.store.repository import Store

ENGINES = Path(__file__).resolve().parent.parent / "engines"
PDFJS = ENGINES / "node_modules" / "pdfjs-dist" / "legacy" / "build" / "pdf.mjs"
SELLER = Author("Priya Raghunathan", "seller", organisation="Brightline Analytics")


def export_review(store: Store, plan_id: str, out: Path) -> bytes:
    export_pdf(store, plan_id, out, SELLER, review=True, language="en")  # read in English
    return out.read_bytes()


def fill_with_pypdf(pdf: bytes, values: dict[str, str], notes: list[dict] | None = None) -> bytes:
    """Fill fields by qualified name (radio values as their export value, "change");
    `notes` adds sticky notes: {"page", "x", "y", "text"} in PDF points."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import FreeText, Highlight, Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    radios = {"answer", "side"}
    prepared = {
        name: f"/{value}" if name.rsplit(".", 1)[-1] in radios else value
        for name, value in values.items()
    }
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, prepared, auto_regenerate=False)
    for note in notes or []:
        x, y = note["x"], note["y"]
        rect = (x, y, x + 60, y + 20)
        kind = note.get("kind", "text")
        if kind == "freetext":
            annotation = FreeText(text=note["text"], rect=rect)
        elif kind == "highlight":
            quad = ArrayObject(
                [FloatObject(v) for v in (x, y + 20, x + 60, y + 20, x, y, x + 60, y)]
            )
            annotation = Highlight(rect=rect, quad_points=quad)
            annotation[NameObject("/Contents")] = TextStringObject(note["text"])
        else:
            annotation = Text(text=note["text"], rect=(x, y, x + 20, y + 20))
        writer.add_annotation(page_number=note["page"], annotation=annotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def node_with_pdfjs() -> str | None:
    node = shutil.which("node")
    return node if node and PDFJS.is_file() else None


def fill_with_pdfjs(pdf: bytes, values: dict[str, str], tmp: Path) -> bytes:
    source, target, spec = tmp / "pdfjs-in.pdf", tmp / "pdfjs-out.pdf", tmp / "pdfjs.json"
    source.write_bytes(pdf)
    spec.write_text(json.dumps(values, ensure_ascii=False), "utf-8")
    subprocess.run(
        [node_with_pdfjs() or "node", str(ENGINES / "fill_pdfjs.mjs"), str(source),
         str(target), str(spec)],
        check=True,
        capture_output=True,
        timeout=300,
        cwd=ENGINES,
    )
    return target.read_bytes()


def fill_with_mutool(
    pdf: bytes, values: dict[str, str], tmp: Path, notes: list[dict[str, Any]] | None = None
) -> bytes:
    source, target = tmp / "mutool-in.pdf", tmp / "mutool-out.pdf"
    source.write_bytes(pdf)
    spec = json.dumps({"fields": values, "notes": notes or []}, ensure_ascii=False)
    subprocess.run(
        ["mutool", "run", str(ENGINES / "fill_mutool.js"), str(source), str(target), spec],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target.read_bytes()


def areas_of(pdf: bytes, entity: str, number: int) -> list[tuple[int, tuple[float, ...]]]:
    """Every area the review copy gives an item, in the order it lists them: (page
    index, rectangle); its answer block first, then its rows in the plan's tables."""
    from pypdf import PdfReader

    from mutualplan.exchange.review_data import REVIEW_ATTACHMENT, decode_review_data

    reader = PdfReader(io.BytesIO(pdf))
    review = decode_review_data(reader.attachments[REVIEW_ATTACHMENT][0])
    found = [
        (area["page"], tuple(area["rect"]))
        for area in review["areas"]
        if area["entity"] == entity and area["number"] == number
    ]
    if not found:
        raise KeyError((entity, number))
    return found


def area_of(pdf: bytes, entity: str, number: int) -> tuple[int, tuple[float, ...]]:
    """Where the review copy put an item's answers: (page index, rectangle)."""
    return areas_of(pdf, entity, number)[0]
