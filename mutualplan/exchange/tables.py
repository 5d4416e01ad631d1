"""The cells of a CSV file or an XLSX workbook, row by row, as the user's program shows
them (row numbers included, so a problem can be reported as "row 7").

openpyxl is imported only when a workbook is read, so the app starts without it.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import ExchangeFileError

# A mutual plan has tens of milestones; a file far larger is not one, and reading it
# whole would only make the window wait.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
DELIMITERS = (",", ";", "\t")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class SpreadsheetError(ExchangeFileError):
    """A file that cannot be read (or written) as a plan table; the message says why."""


@dataclass
class RawSheet:
    """Every row of one sheet: (row number as the user's program shows it, cells)."""

    name: str  # the file name
    sheet: str | None  # the worksheet read, for a workbook
    rows: list[tuple[int, list[Any]]]


def read_rows(path: Path | str) -> RawSheet:
    """The rows of a .csv (or tab-separated text) file or of an .xlsx workbook (the
    sheet named most like a plan; `read_sheets` gives every one).

    What the bytes are decides, not the suffix, so a workbook saved as .csv still reads.
    """
    sheets = read_sheets(path)
    return min(sheets, key=lambda s: sheet_preference(s.sheet or ""))  # first among equals


def read_sheets(path: Path | str) -> list[RawSheet]:
    """Every sheet of a workbook, in the workbook's order; a CSV file is one sheet."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise SpreadsheetError(f"{path} is not a file")
        if size > MAX_BYTES:
            raise SpreadsheetError(
                f"{path.name} is {size // (1024 * 1024)} MB, too large to be a plan "
                "(a plan has tens of milestones)"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpreadsheetError(f"{path}: no such file") from None
    except OSError as exc:
        raise SpreadsheetError(f"{path}: {exc.strerror or exc}") from None
    if data.startswith(_ZIP):
        return _read_xlsx(path.name, data)
    if data.startswith(_OLE):
        raise SpreadsheetError(
            f"{path.name} is an old-style Excel (.xls) file; save it as .xlsx or .csv first"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise SpreadsheetError(f"{path.name} is not an XLSX workbook (it is not a zip archive)")
    return [RawSheet(path.name, None, _read_csv(path.name, data))]


# -- CSV -------------------------------------------------------------------------------


def decode_text(name: str, data: bytes) -> str:
    """UTF-16 as Excel's "Unicode text" writes it; UTF-8 (a byte-order mark says so for
    sure, and then a damaged byte only costs its letter); else Windows-1252, the
    encoding older Excel uses for CSV."""
    binary = SpreadsheetError(f"{name} is not a text (CSV) file: it holds binary data")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [("utf-16", "strict")]
    elif b"\x00" in data:
        raise binary
    elif data.startswith(codecs.BOM_UTF8):
        attempts = [("utf-8-sig", "replace")]
    else:
        attempts = [("utf-8", "strict"), ("cp1252", "strict")]
    for encoding, errors in attempts:
        try:
            text = data.decode(encoding, errors)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise binary
        return text
    raise SpreadsheetError(
        f"{name} is neither UTF-8 nor Windows-1252 text; save it again as “CSV UTF-8”"
    )


def choose_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines most evenly:
    the most rows with the same number of cells, and more cells when that ties."""
    sample = "\n".join(text.splitlines()[:30])
    best, best_score = ",", (-1, -1)
    for delimiter in DELIMITERS:
        try:
            widths = [
                len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row
            ]
        except csv.Error:
            continue
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    text = decode_text(name, data)
    delimiter = choose_delimiter(text)
    rows: list[tuple[int, list[Any]]] = []
    try:
        # Numbered by record, as a spreadsheet program numbers the rows it shows (a
        # quoted cell may span several lines of the file).
        for number, row in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1
        ):
            if number > MAX_ROWS:
                raise SpreadsheetError(f"{name} has more than {MAX_ROWS} rows; that is not a plan")
            rows.append((number, list(row)))
    except csv.Error as exc:
        raise SpreadsheetError(f"{name} is not a readable CSV file ({exc})") from None
    return rows


# -- XLSX ------------------------------------------------------------------------------


def sheet_preference(title: str) -> int:
    """Which sheet holds the plan: one named for milestones, then for the plan, then the
    first (a lower number is preferred)."""
    folded = title.casefold()
    if "milestone" in folded or "meilenstein" in folded:
        return 0
    if "plan" in folded:
        return 1
    return 2


def _read_xlsx(name: str, data: bytes) -> list[RawSheet]:
    from openpyxl import load_workbook

    # A damaged workbook makes openpyxl (zipfile, the XML parser) raise almost anything;
    # all of it means the same to the user. Only the library's calls are guarded.
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise SpreadsheetError(f"{name} is not a readable XLSX workbook ({_reason(exc)})") from None
    try:
        sheets = [s for s in workbook.worksheets if hasattr(s, "iter_rows")]  # not charts
        if not sheets:
            raise SpreadsheetError(f"{name} has no worksheet")
        read: list[RawSheet] = []
        total = 0
        for sheet in sheets:
            sheet.reset_dimensions()  # the size a file declares may be wrong; read every row
            rows: list[tuple[int, list[Any]]] = []
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
                total += 1
                if total > MAX_ROWS:
                    raise SpreadsheetError(
                        f"{name} has more than {MAX_ROWS} rows; that is not a plan"
                    )
                rows.append((number, list(cells)))
            read.append(RawSheet(name, sheet.title, rows))
    except SpreadsheetError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise SpreadsheetError(f"{name} is not a readable XLSX workbook ({_reason(exc)})") from None
    finally:
        workbook.close()
    return read


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__
