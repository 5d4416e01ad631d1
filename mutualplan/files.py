"""Writing a file whole or not at all, for every file MutualPlan writes for the user."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; str() says why in one sentence."""


def write_atomically(
    path: Path | str,
    data: bytes,
    *,
    mode: int = 0o644,
    overwrite: bool = True,
    error: type[Exception] = WriteError,
) -> None:
    """Write `data` to `path` through a temporary file beside it, so a half-written file
    never replaces a good one. Without `overwrite`, an existing file is never replaced,
    not even one that appears meanwhile. Failures raise `error` with the reason."""
    path = Path(path)
    if not path.parent.is_dir():
        raise error(f"Cannot write {path}: the folder {path.parent} does not exist.")
    if path.exists() and not overwrite:
        raise error(f"{path} already exists; nothing was written.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise error(f"Cannot write to {path.parent}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            os.chmod(temporary, mode)  # before any byte is written
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _place_without_replacing(temporary, path, error)
    except OSError as exc:
        raise error(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    finally:
        Path(temporary).unlink(missing_ok=True)


def _place_without_replacing(temporary: str, path: Path, error: type[Exception]) -> None:
    """os.replace, except that a file appearing at `path` meanwhile is never replaced."""
    try:
        os.link(temporary, path)  # fails if `path` exists, atomically
    except FileExistsError as exc:
        raise error(f"{path} already exists; nothing was written.") from exc
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if path.exists():
            raise error(f"{path} already exists; nothing was written.") from None
        os.replace(temporary, path)
