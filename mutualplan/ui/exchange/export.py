"""File ▸ Export PDF…: freeze the revision, render on a worker thread with progress,
write the file, then preview it inside the app.

reportlab, pyHanko and QtPdf are imported here only when the user exports, so the
window starts as fast as a bare Qt window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Author
from ...i18n import _
from ...store import Store, StoreError
from ..common.background import Background
from ..common.screens import resize_within_screen

if TYPE_CHECKING:
    from ..contract import App, OpenPlan


def default_paper() -> str:
    """Letter where people measure in inches, A4 everywhere else."""
    imperial = QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "letter" if imperial else "a4"


def suggested_name(title: str, revision: int) -> str:
    safe = re.sub(r"[^\w\- ]+", "", title).strip() or "plan"
    return f"{safe} - revision {revision}.pdf"


class PdfPreview(QDialog):
    """The exported document as the buyer will see it."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        super().__init__(parent)
        self.setWindowTitle(_("{name} — preview").format(name=path.name))
        resize_within_screen(self, 900, 1000)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setAccessibleName(_("PDF preview"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Pages are transparent: show them on white paper, on a grey desk.
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("white"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#6b6b6b"))
        self.view.setPalette(palette)
        self.view.viewport().setAutoFillBackground(True)
        pages = self.document.pageCount()
        self.info = QLabel(
            _("{pages} pages · saved as {name} in {parent}").format(
                pages=pages, name=path.name, parent=path.parent
            )
        )
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A file deep in folders must not widen the preview past the screen: the name
        # comes first, a long folder is cut at the edge, and the whole path is on hover.
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.info.setToolTip(str(path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)
        layout.addWidget(buttons)


class PdfExporter(QObject):
    """Runs one export for the main window."""

    exported = Signal(Path)

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.store = store
        self.window = parent
        self.path: Path | None = None
        self.task: Background | None = None
        self.progress: QProgressDialog | None = None
        self.preview: PdfPreview | None = None

    def ask_path(self, title: str, revision: int) -> Path | None:
        start = Path.home() / suggested_name(title, revision)
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, _("Export the plan as PDF"), str(start), _("PDF documents (*.pdf)")
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def start(
        self,
        plan_id: str,
        author: Author,
        path: Path,
        paper: str | None = None,
        *,
        review: bool = False,
    ) -> bool:
        """Export in the background; `review=True` writes a review copy (a response form
        for the other side, no signature fields)."""
        from ...pdf.export import prepare_export

        try:
            job = prepare_export(self.store, plan_id, author)
        except StoreError as exc:
            QMessageBox.warning(self.window, _("MutualPlan could not export"), str(exc))
            return False
        self.path = path
        self.progress = QProgressDialog(_("Preparing the document…"), "", 0, 100, self.window)
        self.progress.setWindowTitle(_("Writing the review copy") if review else _("Exporting PDF"))
        self.progress.setCancelButton(None)
        self.progress.setMinimumDuration(300)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setValue(0)
        from ...pdf.export import render, render_review

        chosen_paper = paper or default_paper()
        make = render_review if review else render
        self.task = Background(
            lambda report: make(job, chosen_paper, report),
            lambda pdf: self._on_finished(path, pdf),
            self._on_error,
            self._on_progress,
            self,
        )
        self.task.start()
        return True

    @Slot(str, float)
    def _on_progress(self, stage: str, fraction: float) -> None:
        if self.progress is not None:
            self.progress.setLabelText(stage)
            self.progress.setValue(int(fraction * 100))

    def _on_finished(self, path: Path, pdf: bytes) -> None:
        from ...pdf.export import ExportError, write_atomically

        self._close_progress()
        try:
            write_atomically(path, bytes(pdf))
        except ExportError as exc:
            QMessageBox.warning(self.window, _("MutualPlan could not export"), str(exc))
            return
        self.exported.emit(path)
        self.preview = PdfPreview(path, self.window)
        self.preview.show()

    def _on_error(self, error: BaseException) -> None:
        self._on_failed(_("The PDF could not be made: {error}").format(error=error))
        if not isinstance(error, Exception):
            raise error

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._close_progress()
        QMessageBox.warning(self.window, _("MutualPlan could not export"), message)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None


@dataclass
class Exports:
    """What File ▸ Export PDF… keeps between exports."""

    last_path: Path | None = None  # where File ▸ Sign… looks first
    exporter: PdfExporter | None = None  # the export running or last run


def after_export(app: App, path: Path) -> None:
    """The file is written: remember where, and edits are the user's own again."""
    app.state(Exports).last_path = path
    app.return_to_me()
    if app.plan_view is not None:
        app.plan_view.header.refresh()
    app.say(_("Exported to {path}").format(path=path), 8000)


def export_pdf(plan: OpenPlan, path: Path | None = None) -> PdfExporter | None:
    """Ask where (unless `path`), then export; the preview opens when the file is written."""
    app = plan.app
    app.save_open_edit()
    state = plan.session.state.plan
    exporter = PdfExporter(app.store, app.widget)
    path = path or exporter.ask_path(state.title, app.store.revision_of(state.id))
    if path is None:
        return None

    exporter.exported.connect(lambda written: after_export(app, written))
    if not exporter.start(state.id, plan.session.author, path):
        return None
    app.state(Exports).exporter = exporter
    return exporter
