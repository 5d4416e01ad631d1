"""Evil Annotation / Sneaky Signature: the second signer, or anyone after both, changes
what the first signed through annotations and form widgets."""

from __future__ import annotations

from pathlib import Path

from pyhanko.pdf_utils import generic
from signing_helpers import name, numbers, pages, raw_sign, rejected, update

from mutualplan.signing.verify import verify_pdf


def _amendment(writer, rect) -> generic.IndirectObject:  # noqa: ANN001
    return writer.add_object(
        generic.DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name("/FreeText"),
                name("/T"): generic.TextStringObject("buyer_signature"),
                name("/Rect"): rect,
                name("/DA"): generic.TextStringObject("/Helv 14 Tf 0 g"),
                name("/Contents"): generic.TextStringObject(
                    "Amendment agreed by both sides: the fee doubles from 2028."
                ),
            }
        )
    )


def test_the_buyer_replaces_its_own_widget_with_a_free_text_amendment_then_signs(
    seller_signed: bytes, buyer_identity, tmp_path: Path
) -> None:
    def replace_widget(writer) -> None:  # noqa: ANN001
        for page, _ in pages(writer):
            annots = page.get("/Annots")
            if annots is None:
                continue
            for index, ref in enumerate(list(annots)):
                if ref.get_object().get("/T") == "buyer_signature":
                    annots[index] = _amendment(writer, ref.get_object()["/Rect"])
                    writer.update_container(annots if annots.container_ref else page)
                    writer.update_container(page)

    forged = raw_sign(update(seller_signed, replace_widget), buyer_identity, "buyer_signature")
    report = rejected(forged, tmp_path, "the buyer's signature field: it was replaced by a")
    seller = report.signatures[0]
    assert seller.side == "seller" and seller.tampered
    assert any("/FreeText" in change for change in seller.later_changes)


def test_an_annotation_added_after_both_signatures_is_named_by_its_page(
    both_signed: bytes, tmp_path: Path
) -> None:
    def annotate(writer) -> None:  # noqa: ANN001
        page, _ = pages(writer)[2]
        note = _amendment(writer, numbers(72, 600, 400, 650))
        annots = page.get("/Annots")
        annots = generic.ArrayObject(list(annots) if annots is not None else [])
        annots.append(note)
        page["/Annots"] = annots
        writer.update_container(page)

    rejected(update(both_signed, annotate), tmp_path, "page 3: annotations were added")


def test_moving_the_buyers_widget_before_it_signs_is_caught(
    seller_signed: bytes, buyer_identity, tmp_path: Path
) -> None:
    def move(writer) -> None:  # noqa: ANN001
        for field in writer.root["/AcroForm"]["/Fields"]:
            widget = field.get_object()
            if widget.get("/T") == "buyer_signature":
                widget["/Rect"] = numbers(40, 700, 560, 800)  # over the plan's text
                writer.update_container(widget)

    forged = raw_sign(update(seller_signed, move), buyer_identity, "buyer_signature")
    rejected(forged, tmp_path, "the buyer's signature field: a value changed (at Rect")


def test_a_javascript_name_and_an_open_action_added_later_are_caught(
    both_signed: bytes, tmp_path: Path
) -> None:
    def script(writer) -> None:  # noqa: ANN001
        action = writer.add_object(
            generic.DictionaryObject(
                {
                    name("/S"): name("/JavaScript"),
                    name("/JS"): generic.TextStringObject("app.alert('Signed under protest')"),
                }
            )
        )
        writer.root["/OpenAction"] = action
        writer.update_root()

    report = rejected(update(both_signed, script), tmp_path, "/OpenAction was added")
    assert all(s.tampered for s in report.signatures)


def test_our_own_signatures_in_either_order_show_no_later_change(
    both_signed: bytes, exported: bytes, seller_identity, buyer_identity
) -> None:
    from mutualplan.signing.sign import sign

    for pdf in (both_signed, sign(sign(exported, buyer_identity), seller_identity)):
        report = verify_pdf(pdf)
        assert report.ok, report.reasons()
        assert all(not s.later_changes for s in report.signatures)


def test_xmp_metadata_updated_by_a_signing_reader_is_not_a_change(
    both_signed: bytes, tmp_path: Path
) -> None:
    """Acrobat rewrites the XMP dates when it signs; pyHanko's own policy allows it too.
    Metadata that is not XMP is a change like any other."""

    def metadata(value):  # noqa: ANN001, ANN202
        def change(writer) -> None:  # noqa: ANN001
            writer._update_meta = lambda: None  # else pyHanko writes XMP of its own there
            writer.root["/Metadata"] = writer.add_object(value)
            writer.update_root()

        return change

    xmp = generic.StreamObject(
        {name("/Type"): name("/Metadata"), name("/Subtype"): name("/XML")},
        stream_data=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>",
    )
    other = generic.DictionaryObject({name("/S"): name("/JavaScript")})
    assert verify_pdf(update(both_signed, metadata(xmp))).ok
    rejected(update(both_signed, metadata(other)), tmp_path, "/Metadata was added")
