"""Writing an exported file whole or not at all."""

from __future__ import annotations

from pathlib import Path

from .. import files


class ExchangeFileError(Exception):
    """A file that could not be read or written as asked; str() tells the user why."""


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write the whole file or nothing: a half-written export never replaces a good one."""
    files.write_atomically(path, data, error=ExchangeFileError)
