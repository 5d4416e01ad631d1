"""The last step of the document: the plan data as an attached file, then one empty
signature field per side, added with pyHanko before anyone signs (an attachment added
after a signature would invalidate it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from ..exchange.plan_data import ATTACHMENT_NAME
from .job import SignatureBox, SignatureSlot


class _ReproducibleWriter(IncrementalPdfFileWriter):
    """pyHanko gives each update a random second document ID and today's modification
    date; ours derives the ID from the document it extends and dates the update at the
    revision, so one revision always exports to the same bytes."""

    def __init__(self, document: bytes, moment: dt.datetime) -> None:
        super().__init__(io.BytesIO(document))
        self._moment = moment

    def _update_meta(self) -> None:
        super()._update_meta()
        info = self._info.get_object() if self._info is not None else None
        if info is not None:
            # reportlab's reproducible mode dates documents 2000-01-01; the revision's
            # own time is the truthful date, and just as reproducible.
            for key in ("/CreationDate", "/ModDate"):
                info[key] = generic.pdf_date(self._moment)

    @classmethod
    def _handle_id(cls, prev):  # noqa: ANN001 - pyHanko's hook
        ids = super()._handle_id(prev)
        seed = hashlib.md5(prev.stream.getvalue(), usedforsecurity=False).digest()
        return generic.ArrayObject([ids[0], generic.ByteStringObject(seed)])


def finish(
    document: bytes,
    boxes: list[SignatureBox],
    slots: list[SignatureSlot],
    plan_data: bytes,
    moment: dt.datetime,
    language: str = "en",
) -> bytes:
    """`document` with the plan data attached and the empty signature fields placed.

    `moment` dates the attachment (the revision's time, never the wall clock).
    `language` is recorded as the document's /Lang, so whoever signs it later stamps
    the signature in the document's language.
    """
    writer = _ReproducibleWriter(document, moment)
    writer.root["/Lang"] = generic.TextStringObject(language)
    writer.update_root()
    params = embed.EmbeddedFileParams(
        embed_size=True,
        embed_checksum=True,
        creation_date=moment,
        modification_date=moment,
    )
    data = embed.EmbeddedFileObject.from_file_data(
        writer, data=plan_data, mime_type="application/json", params=params
    )
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=ATTACHMENT_NAME,
            file_name=ATTACHMENT_NAME,
            embedded_data=data,
            description="MutualPlan plan data: this revision and its change log, to import",
        ),
    )
    by_name = {slot.field_name: slot for slot in slots}
    for box in boxes:
        x0, y0, x1, y1 = (round(v) for v in box.rect)
        slot = by_name[box.field_name]
        who = slot.signer_name or f"the {slot.side}"
        append_signature_field(
            writer,
            SigFieldSpec(
                box.field_name,
                on_page=box.page,
                box=(x0, y0, x1, y1),
                readable_field_name=f"{slot.side.capitalize()}: {who}, {slot.organisation}",
            ),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
