"""At 1366×768 the milestone table keeps most of the height: the header folds to one
line with the objective still visible, and the side panels fold to their tabs."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication

from mutualplan.ui.exchange.export import export_pdf


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


def _within_screen(dialog, *parts) -> None:
    """The dialog, frame and all, is no larger than the screen's available area, and
    each of `parts` is shown whole inside it (within reach, not cut off)."""
    QApplication.processEvents()
    available = dialog.screen().availableGeometry().size()
    frame = dialog.frameGeometry().size()
    assert frame.width() <= available.width() and frame.height() <= available.height(), (
        frame,
        available,
    )
    inside = dialog.rect()
    for part in parts:
        assert part.isVisible()
        where = part.geometry().translated(part.parentWidget().mapTo(dialog, QPoint(0, 0)))
        assert inside.contains(where), (part, where, inside)


def test_the_export_preview_fits_even_when_saved_deep_in_folders(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    deep = tmp_path.joinpath(*["a-folder-with-a-rather-long-name-for-its-contents"] * 6)
    deep.mkdir(parents=True)
    exporter = export_pdf(window.opened(), deep / "plan.pdf")
    qtbot.waitUntil(lambda: exporter.preview is not None, timeout=30_000)
    preview = exporter.preview
    qtbot.waitExposed(preview)
    close = preview.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    _within_screen(preview, close, preview.info)
    assert preview.info.text().startswith(f"{preview.document.pageCount()} pages")
    assert str(deep / "plan.pdf") in preview.info.toolTip()  # the whole path, on hover
    preview.close()


def test_the_verification_dialog_fits_with_its_buttons_in_reach(qtbot, window, store, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from mutualplan.domain.model import Author
    from mutualplan.pdf.export import export_pdf
    from mutualplan.signing.identity import create_identity
    from mutualplan.ui.signing.verification_dialog import VerificationDialog
    from mutualplan.workflows import verifying
    from mutualplan.workflows.signing import sign_document

    path = tmp_path / ("a plan with a long file name " * 4 + ".pdf")
    author = Author("Alex Morgan", "seller", organisation="Northwind Software")
    export_pdf(store, window.session.plan_id, path, author)
    identity = create_identity(
        "Alexandra Konstantinopoulou-Montgomery",
        "Northwind Software",
        "seller",
    )
    signed = sign_document(path.read_bytes(), identity, "seller")
    pdf = getattr(signed, "pdf", signed)
    report = verifying.verify(store, pdf)
    dialog = VerificationDialog(report, pdf, path, store, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    _within_screen(dialog, close, dialog.import_button, dialog.verdict, dialog.table)
    assert "Alexandra Konstantinopoulou-Montgomery" in dialog.model.index(0, 1).data()
    # A long name makes the table scroll sideways: its scroll bar never hides the row.
    table = dialog.table
    assert table.horizontalScrollBar().isVisible()
    row = table.visualRect(dialog.model.index(0, 1))
    assert row.bottom() < table.viewport().height(), (row, table.viewport().rect())


def test_the_spreadsheet_dialog_fits_and_keeps_titles_readable(qtbot, window, tmp_path):
    """Sixteen column choices used to push the Import button off a 1280×720 projector at
    125%: the choices scroll instead, and the preview keeps room for the titles."""
    import csv

    from mutualplan.exchange.columns import read_table
    from mutualplan.ui.exchange.spreadsheet_dialog import TITLE_WIDTH, SpreadsheetImportDialog

    path = tmp_path / "steps.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        rows = csv.writer(out)
        rows.writerow(["Milestone", "Owner", "Due"])
        for n in range(40):
            rows.writerow(
                [f"Step {n} with a title long enough to read", "Zoë Müller", "2027-03-12"]
            )
    dialog = SpreadsheetImportDialog(window.session, read_table(path), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _within_screen(dialog, dialog.import_button)
    assert dialog.preview.columnWidth(1) >= TITLE_WIDTH
