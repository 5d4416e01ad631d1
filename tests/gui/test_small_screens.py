"""At 1366×768 the milestone table keeps most of the height: the header folds to one
line with the objective still visible, and the side panels fold to their tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def _rows_visible(tree) -> int:
    rows, index = 0, tree.indexAt(tree.viewport().rect().topLeft())
    while index.isValid() and tree.visualRect(index).bottom() <= tree.viewport().height():
        rows += 1
        index = tree.indexBelow(index)
    return rows


def _laptop(window) -> None:
    window.resize(1366, 768)
    window.plan_view.set_compact(True)
    QApplication.processEvents()


def test_compact_header_is_one_line_with_the_objective(qtbot, window):
    _laptop(window)
    header = window.plan_view.header
    assert not header.details.isVisible()
    assert header.objective_line.isVisible()
    assert header.objective_line.text().startswith("Objective: ")
    header.toggle.click()  # and back, by the button
    assert header.details.isVisible() and not header.objective_line.isVisible()


def test_at_least_fifteen_rows_show_even_with_the_header_expanded(qtbot, window):
    _laptop(window)
    window.plan_view.header.set_collapsed(False)
    QApplication.processEvents()
    assert _rows_visible(window.plan_view.tree) >= 15


def test_a_folded_panel_opens_again_from_its_tab(qtbot, window):
    _laptop(window)
    view = window.plan_view
    assert view.splitter.sizes()[1] < 60
    view.tabs.tabBarClicked.emit(1)
    assert view.splitter.sizes()[1] >= 200
