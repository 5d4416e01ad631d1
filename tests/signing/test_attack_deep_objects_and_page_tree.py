"""Shadow attacks below any fixed depth, and page-tree edits viewers obey: what is
shown changes, so the signatures must say so."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from signing_helpers import name, numbers, pages, rejected, update

from mutualplan.signing.sign import sign
from mutualplan.signing.verify import verify_pdf

DEPTH = 12


def _nest(writer) -> None:  # noqa: ANN001
    """Before anyone signs: page 1 draws a form XObject nested DEPTH levels deep whose
    innermost stream prints the fee."""
    font = writer.add_object(
        generic.DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type1"),
                name("/BaseFont"): name("/Helvetica"),
            }
        )
    )
    inner = None
    for level in reversed(range(DEPTH)):
        if inner is None:
            data = b"BT /F 9 Tf 400 40 Td (Fee: EUR 10,000) Tj ET"
            resources = {name("/Font"): generic.DictionaryObject({name("/F"): font})}
        else:
            data = b"/X Do"
            resources = {name("/XObject"): generic.DictionaryObject({name("/X"): inner})}
        stream = generic.StreamObject(
            {
                name("/Type"): name("/XObject"),
                name("/Subtype"): name("/Form"),
                name("/BBox"): numbers(0, 0, 600, 800),
                name("/Resources"): generic.DictionaryObject(resources),
                name("/Name"): name(f"/Level{level}"),
            },
            stream_data=data,
        )
        inner = writer.add_object(stream)
    page, _ = pages(writer)[0]
    resources = generic.DictionaryObject(dict(page["/Resources"]))
    xobjects = generic.DictionaryObject(dict(resources.get("/XObject", {})))
    xobjects[name("/Deep")] = inner
    resources[name("/XObject")] = xobjects
    page[name("/Resources")] = resources
    contents = page.raw_get("/Contents")
    extra = writer.add_object(generic.StreamObject(stream_data=b"q /Deep Do Q"))
    page[name("/Contents")] = generic.ArrayObject(
        [*(contents if isinstance(contents, generic.ArrayObject) else [contents]), extra]
    )
    writer.update_container(page)


def _deepest(writer) -> generic.StreamObject:  # noqa: ANN001
    node = pages(writer)[0][0]["/Resources"]["/XObject"]["/Deep"]
    while "/XObject" in node["/Resources"]:
        node = node["/Resources"]["/XObject"]["/X"]
    return node


@pytest.fixture(scope="module")
def nested_and_signed(exported: bytes, seller_identity, buyer_identity) -> bytes:
    prepared = update(exported, _nest)
    return sign(sign(prepared, seller_identity), buyer_identity)


def test_the_nested_file_verifies_before_anyone_touches_it(nested_and_signed: bytes) -> None:
    assert verify_pdf(nested_and_signed).ok


def test_a_form_xobject_a_dozen_levels_deep_rewritten_after_both_signatures_is_caught(
    nested_and_signed: bytes, tmp_path: Path
) -> None:
    def raise_fee(writer) -> None:  # noqa: ANN001
        deepest = _deepest(writer)
        deepest._data = b"BT /F 9 Tf 400 40 Td (Fee: EUR 99,000) Tj ET"
        deepest._encoded_data = None
        writer.mark_update(deepest.container_ref)

    report = rejected(update(nested_and_signed, raise_fee), tmp_path, "page 1: a stream's content")
    seller = report.signatures[0].later_changes
    assert any(change.count("XObject/") >= DEPTH - 1 for change in seller), seller


def test_lowering_the_page_count_after_both_signatures_is_caught(
    both_signed: bytes, tmp_path: Path
) -> None:
    def hide_pages(writer) -> None:  # noqa: ANN001
        tree = writer.root["/Pages"]
        tree["/Count"] = generic.NumberObject(2)
        writer.update_container(tree)

    rejected(update(both_signed, hide_pages), tmp_path, "the page tree: a value changed (at Count)")


def test_a_new_parent_node_that_crops_a_page_is_caught(both_signed: bytes, tmp_path: Path) -> None:
    def crop(writer) -> None:  # noqa: ANN001
        page, ref = pages(writer)[1]
        node = writer.add_object(
            generic.DictionaryObject(
                {
                    name("/Type"): name("/Pages"),
                    name("/Kids"): generic.ArrayObject([ref]),
                    name("/Count"): generic.NumberObject(1),
                    name("/Parent"): writer.root.raw_get("/Pages"),
                    name("/CropBox"): numbers(0, 0, 200, 200),
                }
            )
        )
        page["/Parent"] = node
        writer.update_container(page)

    rejected(update(both_signed, crop), tmp_path, "/CropBox was added")


def test_a_page_added_after_both_signatures_is_caught(both_signed: bytes, tmp_path: Path) -> None:
    def add_page(writer) -> None:  # noqa: ANN001
        tree = writer.root["/Pages"]
        page = writer.add_object(
            generic.DictionaryObject(
                {
                    name("/Type"): name("/Page"),
                    name("/Parent"): writer.root.raw_get("/Pages"),
                    name("/MediaBox"): numbers(0, 0, 595, 842),
                    name("/Contents"): writer.add_object(
                        generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 720 Td (Annex) Tj ET")
                    ),
                }
            )
        )
        tree["/Kids"].append(page)
        tree["/Count"] = generic.NumberObject(tree["/Count"] + 1)
        writer.update_container(tree)

    rejected(update(both_signed, add_page), tmp_path, "pages were added or removed")


def test_bytes_appended_without_a_cross_reference_section_are_reported(
    both_signed: bytes, tmp_path: Path
) -> None:
    appended = both_signed + b"\n999 0 obj\n<< /Type /Annot /Subtype /Text >>\nendobj\n"
    rejected(appended, tmp_path, "bytes follow the last signed revision")


@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "both-signed"])
def test_a_page_tree_that_loops_back_on_itself_ends_in_a_plain_answer(
    exported: bytes, both_signed: bytes, tmp_path: Path, signed: bool
) -> None:
    """A node listed twice among its own kids once made the page walk run for ever."""

    def loop(writer) -> None:  # noqa: ANN001
        tree = writer.root["/Pages"]
        tree["/Kids"].extend([writer.root.raw_get("/Pages")] * 2)
        writer.update_container(tree)

    if signed:
        rejected(update(both_signed, loop), tmp_path, "pages were added or removed")
    else:
        report = verify_pdf(update(exported, loop))
        assert not report.ok and report.missing == ["seller", "buyer"]
