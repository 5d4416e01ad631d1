"""Shared by the whole suite: no display, no network, and never the user's real data."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Before anything imports Qt: the suite runs without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from mutualplan.domain.model import CHILD_KINDS, Author, values_of  # noqa: E402
from mutualplan.domain.state import PlanState  # noqa: E402
from mutualplan.domain.templates import Template, parse_template, template_changes  # noqa: E402
from mutualplan.paths import templates_dir  # noqa: E402
from mutualplan.store.repository import Store  # noqa: E402

NETWORK_REFUSED = "network use is not allowed"

# A Wednesday, so the template's dates exercise the weekend rule.
TARGET_DATE = dt.date(2026, 9, 30)

_RealSocket = socket.socket


class _LocalOnlySocket(_RealSocket):
    """socket.socket that only wraps the AF_UNIX pair `socket.socketpair()` made.

    asyncio's self-pipe (and so pyHanko's asyncio.run) needs socketpair; socketpair
    wraps the descriptors it got from the OS by calling the module's `socket` class,
    which this replaces. Opening any new socket is refused.
    """

    def __init__(
        self,
        family: int = -1,
        type: int = -1,  # noqa: A002 - the stdlib's parameter name
        proto: int = -1,
        fileno: int | None = None,
    ) -> None:
        if fileno is None or family != socket.AF_UNIX:
            raise RuntimeError(NETWORK_REFUSED)
        super().__init__(family, type, proto, fileno)


def _refuse_connection(*args: object, **kwargs: object) -> None:
    raise RuntimeError(NETWORK_REFUSED)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "socket", _LocalOnlySocket)
    monkeypatch.setattr(socket, "create_connection", _refuse_connection)


@pytest.fixture(autouse=True)
def _collect_garbage_between_tests() -> Iterator[None]:
    """Once a GUI test has moved the garbage collector to the GUI thread (as the app does,
    mutualplan/ui/common/collector.py), it runs only while an event loop turns; between tests it
    runs here, on the same thread, so later tests that turn none still collect as usual."""
    yield
    collector = sys.modules.get("mutualplan.ui.common.collector")
    running = collector.gui_thread_collector() if collector is not None else None
    if running is not None:
        running.collect_if_due()


@pytest.fixture(autouse=True)
def _private_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MUTUALPLAN_DB into the test's own folder, away from the user's data."""
    path = tmp_path / "default-plans.sqlite"
    monkeypatch.setenv("MUTUALPLAN_DB", str(path))
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "plans.sqlite") as opened:
        yield opened


@pytest.fixture
def author() -> Author:
    return Author(name="Alex Morgan", side="seller", organisation="Northwind Software")


@pytest.fixture
def enterprise_template() -> Template:
    path = templates_dir() / "enterprise-purchase.json"
    return parse_template(json.loads(path.read_text("utf-8")), path)


@pytest.fixture
def plan(store: Store, author: Author, enterprise_template: Template) -> PlanState:
    """A draft plan built from the bundled enterprise-purchase template."""
    return store.create_plan(
        {
            "title": "Contoso analytics rollout",
            "buyer_org": "Contoso Ltd",
            "seller_org": "Northwind Software",
            "objective": "Cut month-end close from ten days to three.",
            "target_date": TARGET_DATE,
        },
        author,
        build=lambda state: template_changes(state, enterprise_template),
    )


def plan_contents(state: PlanState) -> dict[str, Any]:
    """Everything a PlanState holds, as plain values to compare two states by."""
    contents: dict[str, Any] = {"plan": {"id": state.plan.id, **values_of(state.plan)}}
    for kind in CHILD_KINDS:
        contents[kind] = {
            entity_id: {"plan_id": entity.plan_id, **values_of(entity)}
            for entity_id, entity in state.table(kind).items()
        }
    return contents


@pytest.fixture
def contents_of() -> Callable[[PlanState], dict[str, Any]]:
    """`plan_contents`, for tests to compare whole plans (PlanState has no ==)."""
    return plan_contents
