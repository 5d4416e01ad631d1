"""The suite's guards hold: no network, a private database, Qt without a display."""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

import pytest

from mutualplan.store.database import default_database_path


def test_opening_an_internet_socket_is_refused() -> None:
    with pytest.raises(RuntimeError, match="network use is not allowed"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)


def test_connecting_anywhere_is_refused() -> None:
    with pytest.raises(RuntimeError, match="network use is not allowed"):
        socket.create_connection(("127.0.0.1", 9))


def test_a_new_unix_socket_is_refused_too() -> None:
    with pytest.raises(RuntimeError, match="network use is not allowed"):
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)


def test_socketpair_still_works_so_asyncio_can_run() -> None:
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"ping")
        assert right.recv(4) == b"ping"

    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert asyncio.run(answer()) == 42


def test_the_default_database_is_inside_the_test_folder(tmp_path: Path) -> None:
    assert default_database_path().parent == tmp_path
    assert os.environ["MUTUALPLAN_DB"].startswith(str(tmp_path))


def test_qt_runs_offscreen_under_the_guards(qtbot) -> None:  # noqa: ANN001 - pytest-qt fixture
    from PySide6.QtWidgets import QApplication, QLineEdit

    assert QApplication.platformName() == "offscreen"
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "Go-live")
    assert edit.text() == "Go-live"
