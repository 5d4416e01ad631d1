"""Small helpers shared by the signing tests."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
