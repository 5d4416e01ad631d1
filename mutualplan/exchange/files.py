"""Writing an exported file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ExchangeFileError(Exception):
    """A file that could not be read or written as asked; str() tells the user why."""


def write_atomically(path: Path | str, data: bytes) -> None:
    """Write the whole file or nothing: a half-written export never replaces a good one."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExchangeFileError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise ExchangeFileError(f"cannot write to {path.parent}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ExchangeFileError(f"cannot write {path}: {exc.strerror}") from exc
