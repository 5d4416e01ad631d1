"""The printed hash is read from the pages pyHanko has parsed: the same text pypdf reads
from MutualPlan's pages, a changed hash is seen as changed, no text is made up, and a
page drawn in ways this reading does not follow is read by pypdf, as before."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator

import pytest
from pyhanko.pdf_utils import generic
from pypdf import PdfReader
from signing_helpers import name, pages, update

from mutualplan.signing import page_text
from mutualplan.signing.page_text import UnreadablePage, page_texts
from mutualplan.signing.pdf import open_reader, page_tree
from mutualplan.signing.verify import verify_pdf


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _ours(pdf: bytes) -> list[str]:
    reader = open_reader(pdf)
    return page_texts([page for _key, page in page_tree(reader.root)[0]])


def test_every_page_reads_as_pypdf_reads_it(exported: bytes, both_signed: bytes) -> None:
    for pdf in (exported, both_signed):
        theirs = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        ours = _ours(pdf)
        assert len(ours) == len(theirs)
        for mine, pypdfs in zip(ours, theirs, strict=True):
            assert _flat(mine) == _flat(pypdfs)
    assert verify_pdf(both_signed).sha256 in _flat(_ours(both_signed)[-1])


def _with_contents(pdf: bytes, index: int, change) -> bytes:  # noqa: ANN001
    def edit(writer) -> None:  # noqa: ANN001
        page, _ref = pages(writer)[index]
        old = page["/Contents"]
        new = change(old.data)
        page[name("/Contents")] = writer.add_object(generic.StreamObject(stream_data=new))
        writer.update_container(page)

    return update(pdf, edit)


@pytest.mark.parametrize("index", [0, -1])
def test_a_changed_printed_hash_does_not_match(exported: bytes, index: int) -> None:
    sha = verify_pdf(exported).sha256.encode()
    other = bytes(reversed(sha))
    changed = _with_contents(exported, index, lambda data: data.replace(sha[:16], other[:16]))
    assert verify_pdf(exported).data_matches
    assert not verify_pdf(changed).data_matches


def test_a_page_drawn_through_a_form_is_read_by_pypdf(exported: bytes) -> None:
    """The signature page's content moved into a form XObject: this reading stops at
    `Do`, pypdf follows it and finds the hash as before."""

    def edit(writer) -> None:  # noqa: ANN001
        page, _ref = pages(writer)[-1]
        resources = page["/Resources"]
        form = generic.StreamObject(
            {
                name("/Type"): name("/XObject"),
                name("/Subtype"): name("/Form"),
                name("/BBox"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (0, 0, 612, 792)]
                ),
                name("/Resources"): resources,
            },
            stream_data=page["/Contents"].data,
        )
        resources[name("/XObject")] = generic.DictionaryObject(
            {name("/Text"): writer.add_object(form)}
        )
        page[name("/Contents")] = writer.add_object(
            generic.StreamObject(stream_data=b"q /Text Do Q")
        )
        writer.update_container(page)

    moved = update(exported, edit)
    with pytest.raises(UnreadablePage):
        _ours(moved)
    assert verify_pdf(moved).data_matches


def _font_page(content: bytes, cmap: bytes) -> generic.DictionaryObject:
    font = generic.DictionaryObject(
        {
            name("/Type"): name("/Font"),
            name("/Subtype"): name("/TrueType"),
            name("/ToUnicode"): generic.StreamObject(stream_data=cmap),
        }
    )
    return generic.DictionaryObject(
        {
            name("/Resources"): generic.DictionaryObject(
                {name("/Font"): generic.DictionaryObject({name("/F1"): font})}
            ),
            name("/Contents"): generic.StreamObject(stream_data=content),
        }
    )


_CMAP = (
    b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"2 beginbfchar <41> <0041> <42> <0042> endbfchar\n"
    b"1 beginbfrange <61> <63> <0061> endbfrange\n"
    b"1 beginbfrange <30> <31> [<0030> <D83DDE00>] endbfrange endcmap"
)


def test_strings_operators_and_maps() -> None:
    content = (
        rb"BT /F1 12 Tf (A\102\(\)\\) Tj [(a) -250 <6263>] TJ 1 2 (0) "
        rb'" (1) ' + b"' % a comment (A)\n<< /MCID 0 >> BDC (B) Tj EMC ET"
    )
    assert page_texts([_font_page(content, _CMAP)]) == ["AB\ufffd\ufffd\ufffdabc0\U0001f600B"]


def test_a_code_the_map_lacks_is_not_made_up() -> None:
    """Without its map a code could read as anything: it reads as U+FFFD, so no hash can
    be spelled from codes whose glyphs the map does not name."""
    assert page_texts([_font_page(b"BT /F1 12 Tf (AzB) Tj ET", _CMAP)]) == ["A\ufffdB"]


@pytest.mark.parametrize(
    "content",
    [
        b"BT (A) Tj ET",  # no font set
        b"BT /F2 12 Tf (A) Tj ET",  # a font the page does not have
        b"BT /F1 12 Tf (A Tj ET",  # a string that does not end
        b"BI /W 1 /H 1 ID \x00 EI",  # an inline image
        b"BT /F1 12 Tf [(A) Tj] ET",  # an operator inside an array
        b"BT /F1 12 Tf (A) Tj ET } {",  # not a content stream
    ],
)
def test_what_this_reading_does_not_follow_goes_to_pypdf(content: bytes) -> None:
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(content, _CMAP)])


def test_inherited_resources_go_to_pypdf() -> None:
    page = _font_page(b"BT /F1 12 Tf (A) Tj ET", _CMAP)
    del page["/Resources"]
    with pytest.raises(UnreadablePage):
        page_texts([page])


def test_a_map_of_endless_ranges_goes_to_pypdf() -> None:
    """Ranges that name more codes than a font can have are not expanded one by one."""
    ranges = b"<0000> <FFFF> <0041>\n" * 3
    cmap = (
        b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"3 beginbfrange " + ranges + b"endbfrange endcmap"
    )
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(b"BT /F1 12 Tf <0000> Tj ET", cmap)])


# An attacker's page: the text this reading takes must be the text a viewer draws.

_DIGITS = (
    b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap"
)
# A second font whose map reads every code as the next character: "0123" as "1234".
_NEXT = (
    b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
    b"1 beginbfrange <20> <7E> <0021> endbfrange endcmap"
)


def _two_fonts_page(content: bytes, second: str = "/F2") -> generic.DictionaryObject:
    page = _font_page(content, _DIGITS)
    fonts = page["/Resources"]["/Font"]
    fonts[name(second)] = generic.DictionaryObject(
        {
            name("/Type"): name("/Font"),
            name("/Subtype"): name("/TrueType"),
            name("/ToUnicode"): generic.StreamObject(stream_data=_NEXT),
        }
    )
    return page


def test_the_font_set_inside_q_ends_at_its_q() -> None:
    """The font is part of the graphics state: Q restores the one set before q."""
    content = b"BT /F1 12 Tf ET q BT /F2 12 Tf ET Q BT (0123) Tj ET"
    assert page_texts([_two_fonts_page(content)]) == ["0123"]


def test_a_number_and_an_operator_written_together_are_two_tokens() -> None:
    """`12Tf` selects the font, as in viewers (and pypdf): it is not one odd number."""
    content = b"BT /F1 12 Tf ET BT /F2 12Tf (0123) Tj ET"
    assert page_texts([_two_fonts_page(content)]) == ["1234"]


def test_a_font_name_is_read_with_its_escapes() -> None:
    """`/F#31` in a content stream is the font /F1, not the font whose name in the
    file is spelt `/F#2331` (read as "/F#31")."""
    content = b"BT /F#31 12 Tf (0123) Tj ET"
    assert page_texts([_two_fonts_page(content, second="/F#31")]) == ["0123"]


def test_a_map_applies_its_entries_in_order() -> None:
    """A later entry for a code replaces an earlier one, whichever kind each is."""
    cmap = (
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <0020> endbfrange\n"
        b"1 beginbfchar <30> <0039> endbfchar endcmap"
    )
    assert page_texts([_font_page(b"BT /F1 12 Tf (0123) Tj ET", cmap)]) == ["9123"]


def test_a_simple_font_shows_one_byte_codes() -> None:
    """A font that is not Type 0 takes one byte per code, whatever its map claims."""
    cmap = (
        b"begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <3030> <3039> <0041> endbfrange endcmap"
    )
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(b"BT /F1 12 Tf (0001) Tj ET", cmap)])


def test_a_map_of_sections_that_never_end_is_read_in_one_pass() -> None:
    """Two megabytes of sections opened and never closed: read once, not once for each
    opening (that took hours)."""
    cmap = (
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
        + b"beginbfchar beginbfrange <" * 80_000
    )
    try:
        texts = page_texts([_font_page(b"BT /F1 12 Tf (0) Tj ET", cmap)])
    except UnreadablePage:
        return
    assert texts == ["\ufffd"]


@contextlib.contextmanager
def _peak_memory() -> Iterator[list[int]]:
    """The most memory Python held inside the block, in bytes: `peak[0]` once it ends."""
    import tracemalloc

    peak = [0]
    tracemalloc.start()
    try:
        yield peak
        peak[0] = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 1_000_000,  # arrays opened inside each other
        b"/a " * 330_000,  # operands no operator uses
        b"[" + b"0 " * 500_000 + b"] TJ",  # an array of numbers
    ],
)
def test_hostile_content_takes_memory_in_proportion(content: bytes) -> None:
    """A page's content of a megabyte is read in a few megabytes: a flate stream may
    decode to 256 MB, which must not become gigabytes of Python objects."""
    page = _font_page(b"BT /F1 12 Tf " + content, _CMAP)
    with _peak_memory() as peak, contextlib.suppress(UnreadablePage):
        page_texts([page])
    assert peak[0] < 8 * len(content)


def test_a_map_of_more_entries_than_a_font_has_codes_goes_to_pypdf() -> None:
    """Its entries are not all held: past what a font can use, pypdf decides."""
    cmap = (
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"beginbfchar " + b"<00>" * 1_000_000 + b" endbfchar endcmap"
    )
    page = _font_page(b"BT /F1 12 Tf (0) Tj ET", cmap)
    with _peak_memory() as peak, pytest.raises(UnreadablePage):
        page_texts([page])
    assert peak[0] < 8 * len(cmap)


def test_content_of_more_tokens_than_pypdf_reads_goes_to_pypdf() -> None:
    """A stream of millions of operands (a flate stream of kilobytes may decode to 256
    MB) is read no further than pypdf reads it: pypdf, which stops there, decides."""
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(b"BT /F1 12 Tf " + b"0 " * 2_000_001 + b"ET", _CMAP)])


def test_a_page_tree_naming_a_page_twice_is_read_by_pypdf(exported: bytes) -> None:
    """The first page named again at the end of the tree: viewers show it again as the
    last page, which has no full hash. The tree is walked naming each page once, so
    it does not say which page viewers show last: pypdf decides, and refuses it."""

    def edit(writer) -> None:  # noqa: ANN001
        tree = writer.root["/Pages"]
        kids = tree["/Kids"]
        kids.append(kids.raw_get(0))
        tree[name("/Count")] = generic.NumberObject(len(kids))
        writer.update_container(tree)

    assert verify_pdf(exported).data_matches
    assert not verify_pdf(update(exported, edit)).data_matches


def test_content_longer_than_pypdf_reads_goes_to_pypdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page's content past pypdf's limit (75 MB decoded; pyHanko decodes up to 256 MB)
    is not read here either, one byte at a time."""
    monkeypatch.setattr(page_text, "_MOST_CONTENT", 100)
    page_texts([_font_page(b"BT /F1 12 Tf (" + b"A" * 70 + b") Tj ET", _CMAP)])
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(b"BT /F1 12 Tf (" + b"A" * 90 + b") Tj ET", _CMAP)])


def test_text_a_map_multiplies_goes_to_pypdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A map may spell a long text for one code: a page's text is held up to a bound
    (millions of characters, far above any plan's page), not to what a map multiplies."""
    monkeypatch.setattr(page_text, "_MOST_TEXT", 1000)
    cmap = (
        b"begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfchar <30> <" + b"0041" * 100 + b"> endbfchar endcmap"
    )
    assert page_texts([_font_page(b"BT /F1 12 Tf (000) Tj ET", cmap)]) == ["A" * 300]
    with pytest.raises(UnreadablePage):
        page_texts([_font_page(b"BT /F1 12 Tf (000000) Tj (00000) Tj ET", cmap)])
