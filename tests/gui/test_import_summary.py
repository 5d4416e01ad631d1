"""The box that says what an import of a plan PDF did."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from mutualplan.domain.model import Revision
from mutualplan.exchange.importer import ImportSummary
from mutualplan.ui.exchange.plan_import import summary_box


def summary(**fields) -> ImportSummary:
    return ImportSummary(plan_id="p1", title="Rollout", created=False, taken=0, **fields)


def test_the_box_offers_to_open_a_plan_that_is_not_open(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = summary_box(parent, summary(), Path("plan.pdf"), is_open=False)
    assert box.open_button is not None and box.defaultButton() is box.open_button


def test_for_the_open_plan_with_nothing_to_settle_ok_is_the_default(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = summary_box(parent, summary(), Path("plan.pdf"), is_open=True)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Ok)


def test_recorded_signatures_name_the_revision_they_are_for(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    revision = Revision("p1", 4, "ab" * 32, "2026-05-01T10:00:00Z", "Ana", 12)
    box = summary_box(
        parent, summary(revision=revision, signatures=["buyer"]), Path("plan.pdf"), True
    )
    assert f"The buyer's signature was recorded for revision {revision.label}." in (
        box.informativeText()
    )
