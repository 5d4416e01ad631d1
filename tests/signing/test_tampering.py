"""Every kind of tampering is caught: flipped bytes, later updates that change text,
add an annotation or replace the plan data, truncation, and rollback."""

from __future__ import annotations

import io
import json

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from mutualplan.signing.pdf import NotAPlanPdfError
from mutualplan.signing.verify import compare_with_records, verify_pdf


def _update(signed: bytes, change) -> bytes:  # noqa: ANN001
    """An incremental update made by `change(writer)`, as an attacker's tool would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _first_page(writer):  # noqa: ANN001, ANN202
    return writer.root["/Pages"]["/Kids"][0].get_object(), writer.root["/Pages"]["/Kids"][0]


def _assert_caught(data: bytes, words: str) -> None:
    report = verify_pdf(data)
    assert not report.ok
    said = " ".join(s.summary() for s in report.signatures) + " ".join(report.problems)
    assert words in said, said


def test_a_flipped_byte_inside_the_signed_range_breaks_both_signatures(both_signed: bytes) -> None:
    data = bytearray(both_signed)
    data[2000] ^= 0x20  # inside the first page's content, covered by both
    report = verify_pdf(bytes(data))
    assert [s.intact for s in report.signatures] == [False, False]
    assert not report.ok


def test_a_later_update_that_changes_page_text_is_caught(both_signed: bytes) -> None:
    def rewrite(writer):  # noqa: ANN001
        page, ref = _first_page(writer)
        stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 720 Td (Nothing agreed) Tj ET")
        page["/Contents"] = writer.add_object(stream)
        writer.update_container(page)

    _assert_caught(_update(both_signed, rewrite), "page 1: the content changed")


def test_a_later_update_that_adds_an_annotation_is_caught(both_signed: bytes) -> None:
    def annotate(writer):  # noqa: ANN001
        page, _ = _first_page(writer)
        note = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Annot"),
                pdf_name("/Subtype"): pdf_name("/FreeText"),
                pdf_name("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (72, 600, 400, 650)]
                ),
                pdf_name("/Contents"): generic.TextStringObject("Target date moved to 2030"),
            }
        )
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else generic.ArrayObject()
        annots.append(writer.add_object(note))
        page["/Annots"] = annots
        writer.update_container(page)

    _assert_caught(_update(both_signed, annotate), "page 1: annotations were added")


def test_a_later_update_that_replaces_the_embedded_plan_data_is_caught(both_signed: bytes) -> None:
    from pyhanko.pdf_utils import embed

    def replace_data(writer):  # noqa: ANN001
        forged = json.dumps({"format": "mutualplan-export", "version": 1}).encode()
        embed.embed_file(
            writer,
            embed.FileSpec(
                file_spec_string="plan.json",
                file_name="plan.json",
                embedded_data=embed.EmbeddedFileObject.from_file_data(writer, data=forged),
            ),
        )

    _assert_caught(_update(both_signed, replace_data), "attached files")


def test_an_update_after_one_signature_that_changes_text_is_caught_even_if_the_other_signs(
    seller_signed: bytes, buyer_identity
) -> None:
    """The buyer's software signs on top of an altered file: the seller's signature
    must still tell that more than a signature was added after it."""
    from mutualplan.signing.sign import async_sign

    def rewrite(writer):  # noqa: ANN001
        page, _ = _first_page(writer)
        page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=b"BT ET"))
        writer.update_container(page)

    altered = _update(seller_signed, rewrite)
    import asyncio

    from mutualplan.signing.sign import SigningError

    with pytest.raises(SigningError, match="not intact"):
        asyncio.run(async_sign(altered, buyer_identity))  # we refuse to sign on top of it
    report = verify_pdf(altered)
    assert "page 1: the content changed (at Contents)" in report.signatures[0].later_changes


@pytest.mark.parametrize("keep", [0.5, 0.9, 0.999])
def test_a_truncated_file_is_refused_or_reported_broken(both_signed: bytes, keep: float) -> None:
    truncated = both_signed[: int(len(both_signed) * keep)]
    try:
        report = verify_pdf(truncated)
    except NotAPlanPdfError:
        return
    assert not report.ok


def test_a_rollback_to_an_earlier_signed_copy_is_reported_as_missing_the_later_signature(
    seller_signed: bytes,
) -> None:
    report = verify_pdf(seller_signed)
    # This database has seen the same revision signed by both sides.
    compare_with_records(report, {"seller", "buyer"})
    assert not report.ok
    assert report.missing == ["buyer"]
    assert any("earlier copy" in p for p in report.problems)
