"""The text a page shows, read from the objects pyHanko has already parsed.

Verifying reads the hash printed on the first and last pages. Reading them with a
second PDF library would parse the whole file again; the pages MutualPlan writes
need far less: text shown by Tj, TJ, ' and " in fonts whose /ToUnicode maps every
code. A page that uses anything more (inherited resources, form XObjects, inline
images, a font without /ToUnicode, codes of mixed widths) raises `UnreadablePage`,
and the caller reads that page with pypdf as before. A code a font's map lacks reads
as U+FFFD, so no text is made up that the page does not show.
"""

from __future__ import annotations

import re
from typing import Any

from pyhanko.pdf_utils import generic

_WHITESPACE = b"\x00\t\n\x0c\r "
# One token after any whitespace; its group says which kind: 1 comment, 2 dictionary
# bracket, 3 hex string, 4 array opened, 5 array closed, 6 literal string opened,
# 7 name, 8 number or operator. A number ends where its characters do, as viewers read
# it: `12Tf` is 12 and Tf.
_TOKEN = re.compile(
    rb"[\x00\t\n\x0c\r ]*(?:(%[^\r\n]*)|(<<|>>)|(<[0-9A-Fa-f\x00\t\n\x0c\r ]*>)|(\[)|(\])|(\()"
    rb"|(/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)|([+\-.0-9]+|[^\x00\t\n\x0c\r ()<>\[\]{}/%]+))"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_NUMBER_STARTS = frozenset(b"0123456789+-.")
_SPACES = re.compile(rb"[\x00\t\n\x0c\r ]")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
    ord("("): b"(",
    ord(")"): b")",
    ord("\\"): b"\\",
}
_SHOWING = {b"Tj", b"'", b'"', b"TJ"}
# Operators after which this reader would no longer see all the text: pypdf decides.
_BEYOND = {b"Do", b"BI", b"ID", b"EI", b"d0", b"d1"}
# A /ToUnicode CMap's tokens: a hex string, an array opened or closed, a section keyword.
_CMAP_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>|(\[)|(\])"
    rb"|((?:begin|end)(?:codespacerange|bfchar|bfrange))"
)
_MOST_CODES = 1 << 16
# A map's strings: a code and its text for each of a font's codes, and then some.
_MOST_MAP_STRINGS = 4 * _MOST_CODES
# The tokens of a page's content read at most: as many as pypdf reads (a flate stream
# of kilobytes may decode to 256 MB); past them, pypdf decides.
_MOST_TOKENS = 2_000_000
# A page's content read at most, decoded: as much as pypdf decodes.
_MOST_CONTENT = 75_000_000
# A page's text held at most: far above any plan's page, far below what a map whose
# codes each spell a long text could make of a page's strings.
_MOST_TEXT = 1 << 24


class UnreadablePage(Exception):
    """The page uses something this reader does not follow."""


class _Font:
    def __init__(self, width: int, codes: dict[bytes, str]) -> None:
        self.width = width
        self.codes = codes

    def decode(self, raw: bytes) -> str:
        if len(raw) % self.width:
            raise UnreadablePage("a string of part of a code")
        step = self.width
        return "".join(
            self.codes.get(raw[i : i + step], "\ufffd") for i in range(0, len(raw), step)
        )


def page_texts(pages: list[generic.DictionaryObject]) -> list[str]:
    """Each page's text in content order, each code through its font's /ToUnicode (a
    font the pages share is read once)."""
    read: dict[tuple[int, int], _Font] = {}
    texts = []
    for page in pages:
        if "/Resources" not in page:
            raise UnreadablePage("inherited resources")
        resources = page["/Resources"]
        fonts = resources.raw_get("/Font") if "/Font" in resources else None
        texts.append("".join(_shown(_contents(page), _Fonts(fonts, read))))
    return texts


class _Fonts:
    """A page's fonts by name, read when first used."""

    def __init__(self, fonts: Any, read: dict[tuple[int, int], _Font]) -> None:
        fonts = fonts.get_object() if fonts is not None else generic.DictionaryObject()
        if not isinstance(fonts, generic.DictionaryObject):
            raise UnreadablePage("a page's fonts that are not a dictionary")
        self.fonts = fonts
        self.read = read  # by reference, across pages
        self.here: dict[str, _Font] = {}

    def get(self, name: str) -> _Font:
        if name not in self.here:
            if name not in self.fonts:
                raise UnreadablePage(f"an unknown font {name}")
            raw = self.fonts.raw_get(name)
            key = (raw.idnum, raw.generation) if isinstance(raw, generic.IndirectObject) else None
            font = self.read.get(key) if key is not None else None
            if font is None:
                font = _font(name, raw.get_object())
                if key is not None:
                    self.read[key] = font
            self.here[name] = font
        return self.here[name]


def _font(name: str, font: Any) -> _Font:
    if not isinstance(font, generic.DictionaryObject) or "/ToUnicode" not in font:
        raise UnreadablePage(f"font {name} has no /ToUnicode")
    if font.get("/Subtype") == "/Type3":
        raise UnreadablePage(f"font {name} is a Type 3 font")
    stream = font["/ToUnicode"]
    if not isinstance(stream, generic.StreamObject):
        raise UnreadablePage(f"font {name}'s /ToUnicode is not a stream")
    read = _to_unicode(stream.data)
    # The font, not its map, says how many bytes a code takes: one in a simple font,
    # two in a Type 0 font through an identity encoding (others are not followed).
    if font.get("/Subtype") == "/Type0":
        width = 2 if font.get("/Encoding") in ("/Identity-H", "/Identity-V") else 0
    else:
        width = 1
    if read.width != width:
        raise UnreadablePage(f"font {name}'s /ToUnicode codes are not the font's codes")
    return read


def _contents(page: generic.DictionaryObject) -> bytes:
    if "/Contents" not in page:
        return b""
    contents = page["/Contents"]
    parts = contents if isinstance(contents, generic.ArrayObject) else [contents]
    data = []
    size = 0
    for part in parts:
        stream = part.get_object()
        if not isinstance(stream, generic.StreamObject):
            raise UnreadablePage("page contents that are not a stream")
        data.append(stream.data)
        size += len(data[-1]) + 1
        if size > _MOST_CONTENT:
            raise UnreadablePage("content longer than pypdf reads")
    return b"\n".join(data)


def _to_unicode(cmap: bytes) -> _Font:
    """A /ToUnicode CMap of one code width: its bfchar and bfrange entries, a later entry
    for a code replacing an earlier one. Read in one pass over its tokens, so that no
    map, however malformed, is searched again from each of its keywords."""
    sections: list[tuple[bytes, list[bytes | list[bytes]]]] = []
    section: bytes | None = None
    items: list[bytes | list[bytes]] = []
    array: list[bytes] | None = None
    strings = 0
    for hit in _CMAP_TOKEN.finditer(cmap):
        hex_digits, opened, closed, keyword = hit.groups()
        if keyword is not None:
            kind = keyword.removeprefix(b"begin").removeprefix(b"end")
            if keyword.startswith(b"begin"):
                if section is not None:
                    raise UnreadablePage("a /ToUnicode section opened inside another")
                section, items = kind, []
            else:
                if section != kind or array is not None:
                    raise UnreadablePage("a /ToUnicode section closed that was not open")
                sections.append((kind, items))
                section = None
        elif section is None:
            continue
        elif opened is not None:
            if array is not None:
                raise UnreadablePage("a /ToUnicode array inside an array")
            array = []
        elif closed is not None:
            if array is None:
                raise UnreadablePage("a /ToUnicode array closed that was not open")
            items.append(array)
            array = None
        else:
            strings += 1
            if strings > _MOST_MAP_STRINGS:
                raise UnreadablePage("a /ToUnicode with more entries than a font has codes")
            (items if array is None else array).append(_SPACES.sub(b"", hex_digits))
    if section is not None:
        raise UnreadablePage("a /ToUnicode section that does not end")
    widths = {
        len(code) // 2
        for kind, entries in sections
        if kind == b"codespacerange"
        for code in entries
        if isinstance(code, bytes)
    }
    if len(widths) != 1 or not 1 <= min(widths) <= 4:
        raise UnreadablePage("a /ToUnicode of mixed or unknown code widths")
    width = widths.pop()
    codes: dict[bytes, str] = {}
    spanned = 0  # codes the ranges name, repeats included: a map has at most 2**16
    for kind, entries in sections:
        if kind == b"bfchar":
            if len(entries) % 2:
                raise UnreadablePage("a /ToUnicode bfchar without its value")
            for code, text in zip(entries[::2], entries[1::2], strict=True):
                if not isinstance(code, bytes) or not isinstance(text, bytes):
                    raise UnreadablePage("a /ToUnicode bfchar of arrays")
                codes[_code(code, width)] = _utf16(text)
        elif kind == b"bfrange":
            if len(entries) % 3:
                raise UnreadablePage("a /ToUnicode bfrange without its values")
            for i in range(0, len(entries), 3):
                spanned += _bfrange(entries[i], entries[i + 1], entries[i + 2], width, codes)
                if spanned > _MOST_CODES:
                    raise UnreadablePage("a /ToUnicode with more codes than a font has")
    return _Font(width, codes)


def _bfrange(
    low: bytes | list[bytes],
    high: bytes | list[bytes],
    targets: bytes | list[bytes],
    width: int,
    codes: dict[bytes, str],
) -> int:
    """Add one bfrange entry's codes; how many it names."""
    if not isinstance(low, bytes) or not isinstance(high, bytes):
        raise UnreadablePage("a /ToUnicode bfrange without its codes")
    start, end = int(low, 16), int(high, 16)
    if end < start or end - start >= _MOST_CODES:
        raise UnreadablePage("a /ToUnicode bfrange out of order")
    if isinstance(targets, list):
        if len(targets) != end - start + 1:
            raise UnreadablePage("a /ToUnicode bfrange of the wrong length")
        for offset, text in enumerate(targets):
            codes[(start + offset).to_bytes(width, "big")] = _utf16(text)
        return len(targets)
    first = _utf16(targets)
    for offset in range(end - start + 1):
        code = (start + offset).to_bytes(width, "big")
        codes[code] = first[:-1] + chr(ord(first[-1]) + offset) if first else ""
    return end - start + 1


def _code(code: bytes, width: int) -> bytes:
    if len(code) != 2 * width:
        raise UnreadablePage("a /ToUnicode code of another width")
    return bytes.fromhex(code.decode("ascii"))


def _utf16(text: bytes) -> str:
    if len(text) % 4:
        raise UnreadablePage("a /ToUnicode value that is not UTF-16")
    return bytes.fromhex(text.decode("ascii")).decode("utf-16-be", "replace")


def _shown(content: bytes, fonts: _Fonts) -> list[str]:
    """Walk the content stream: operands collected, text operators decoded. A string is
    kept as bytes, a name as text, any other operand as None. Only what an operator can
    use is held: the last two operands, and the strings of the outermost array (TJ
    shows no others), so hostile content takes memory in proportion to its text."""
    shown: list[str] = []
    held = 0  # the length of the text shown
    operands: list[Any] = []
    array: list[bytes] = []  # the strings of the outermost array open
    depth = 0  # how many arrays are open
    font: _Font | None = None
    saved: list[_Font | None] = []  # the font at each q not yet restored by its Q
    position, length = 0, len(content)
    match_token = _TOKEN.match
    tokens = 0
    while position < length:
        tokens += 1
        if tokens > _MOST_TOKENS:
            raise UnreadablePage("content of more tokens than pypdf reads")
        match = match_token(content, position)
        if match is None:
            if content[position:].strip(_WHITESPACE):
                raise UnreadablePage("content this reader cannot tokenise")
            break
        position = match.end()
        kind = match.lastindex
        value: Any = None
        if kind == 8:
            token = match.group(8)
            if token[0] in _NUMBER_STARTS:
                pass
            elif depth:
                raise UnreadablePage("an operator inside an array")
            else:
                if token in _BEYOND:
                    raise UnreadablePage(f"the {token.decode('latin-1')} operator")
                if token == b"Tf":
                    name = operands[-2] if len(operands) >= 2 else None
                    if not isinstance(name, str):
                        raise UnreadablePage("Tf without a font")
                    font = fonts.get(name)
                elif token in _SHOWING:
                    shown.append(_decode(token, operands, font))
                    held += len(shown[-1])
                    if held > _MOST_TEXT:
                        raise UnreadablePage("more text than a page holds")
                elif token == b"q":
                    saved.append(font)
                elif token == b"Q" and saved:
                    font = saved.pop()
                operands = []
                continue
        elif kind == 6:
            value, position = _literal(content, position)
        elif kind == 7:
            value = _name(match.group(7))
        elif kind == 3:
            digits = _SPACES.sub(b"", match.group(3)[1:-1])
            value = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
        elif kind == 4:
            depth += 1
            if depth == 1:
                array = []
            continue
        elif kind == 5:
            if not depth:
                raise UnreadablePage("an array closed that was not open")
            depth -= 1
            if depth:
                continue
            value = array
        elif kind == 1:
            continue
        if depth:
            if depth == 1 and isinstance(value, bytes):
                array.append(value)
            continue
        operands.append(value)
        if len(operands) > 2:
            del operands[0]
    return shown


def _name(token: bytes) -> str | None:
    """A name as the font dictionaries spell it (escapes read); None for a name of
    other bytes than printable ASCII, whose reading differs between readers."""
    if b"#" in token:
        token = _NAME_ESCAPE.sub(lambda hit: bytes([int(hit.group(1), 16)]), token)
    if not all(0x21 <= byte <= 0x7E for byte in token) or token.count(b"#"):
        return None
    return token.decode("ascii")


def _literal(content: bytes, position: int) -> tuple[bytes, int]:
    """A literal string whose opening parenthesis ends before `position`: its bytes, and
    where it ends."""
    out = bytearray()
    depth = 1
    length = len(content)
    while position < length:
        byte = content[position]
        position += 1
        if byte == 0x5C:  # backslash
            if position >= length:
                break
            byte = content[position]
            position += 1
            if byte in _ESCAPES:
                out += _ESCAPES[byte]
            elif 0x30 <= byte <= 0x37:
                digits = bytes([byte])
                while len(digits) < 3 and position < length and 0x30 <= content[position] <= 0x37:
                    digits += content[position : position + 1]
                    position += 1
                out.append(int(digits, 8) & 0xFF)
            elif byte == 0x0D:  # a line continued
                if position < length and content[position] == 0x0A:
                    position += 1
            elif byte != 0x0A:
                out.append(byte)
            continue
        if byte == 0x28:
            depth += 1
        elif byte == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), position
        elif byte == 0x0D:  # an end of line in a string reads as one newline
            if position < length and content[position] == 0x0A:
                position += 1
            byte = 0x0A
        out.append(byte)
    raise UnreadablePage("a string that does not end")


def _decode(operator: bytes, operands: list[Any], font: _Font | None) -> str:
    if font is None:
        raise UnreadablePage("text shown before a font was set")
    value = operands[-1] if operands else None
    if operator == b"TJ":
        if not isinstance(value, list):
            raise UnreadablePage("TJ without an array")
        return "".join(font.decode(item) for item in value if isinstance(item, bytes))
    if not isinstance(value, bytes):
        raise UnreadablePage("text shown that is not a string")
    return font.decode(value)
