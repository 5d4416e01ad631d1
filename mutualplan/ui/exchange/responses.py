"""The other side's answers from review copies: File ▸ Send for review…, importing a
filled copy (File ▸ Import plan PDF… hands review copies here), and showing the
Responses panel (responses_panel.py), where the seller accepts, declines or answers
each one. The workflow itself is Qt-free (workflows/reviewing.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QInputDialog, QMessageBox, QWidget

from ...domain.model import Person
from ...i18n import _, ngettext
from ...store import StoreError
from .responses_panel import ResponsesPanel

if TYPE_CHECKING:
    from ...exchange.review_import import ChoosePerson
    from ..contract import App, OpenPlan
    from .export import PdfExporter


# -- sending and importing -------------------------------------------------------------


@dataclass
class Reviews:
    """The Responses panel (made when first shown) and the last review copy's exporter."""

    dock: QDockWidget | None = None
    exporter: PdfExporter | None = None


def send_for_review(plan: OpenPlan) -> None:
    """Export the open plan as a review copy (a response form, no signature fields)."""
    from .export import PdfExporter, suggested_name

    window = plan.app
    session = plan.session
    name = suggested_name(session.state.plan.title, session.store.revision_of(session.plan_id))
    start = Path.home() / name.replace(".pdf", " - review copy.pdf")
    chosen, _filter = QFileDialog.getSaveFileName(
        window.widget, _("Send the plan for review"), str(start), _("PDF documents (*.pdf)")
    )
    if not chosen:
        return
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
    exporter = PdfExporter(window.store, window.widget)
    window.state(Reviews).exporter = exporter
    exporter.start(session.plan_id, session.author, path, review=True)


def choose_reviewer(parent: QWidget) -> ChoosePerson:
    """Asked once, when the name on a form fits several people of that side."""

    def choose(name: str, candidates: list[Person]) -> str | None:
        labels = [f"{p.name} ({p.title or p.role or _(p.side)})" for p in candidates]
        keep = _("Nobody of these: keep the answers under “{name}”").format(name=name)
        chosen, ok = QInputDialog.getItem(
            parent,
            _("Who answered this review copy?"),
            _(
                "The form was answered by “{name}”, which fits several people of "
                "the plan. Who is it? (MutualPlan remembers the answer.)"
            ).format(name=name),
            [*labels, keep],
            0,
            False,
        )
        if not ok:
            from ...exchange.review_import import ReviewImportError

            raise ReviewImportError("nobody was chosen as the reviewer; nothing was imported")
        return None if chosen == keep else candidates[labels.index(chosen)].id

    return choose


def import_review_file(window: App, path: Path, pdf: bytes) -> None:
    from ...workflows.reviewing import FilledTwiceError, ReviewImportError, import_review

    try:
        try:
            summary = import_review(window.store, pdf, choose_reviewer(window.widget))
        except FilledTwiceError as exc:
            reason = str(exc).split(" Nothing was imported")[0]
            asked = QMessageBox.question(
                window.widget,
                _("This review copy was answered before"),
                _(
                    "{reason}\n\nKeep these answers beside the earlier ones? Nothing "
                    "is overwritten; both stay in the Responses panel."
                ).format(reason=reason),
            )
            if asked != QMessageBox.StandardButton.Yes:
                return
            summary = import_review(window.store, pdf, choose_reviewer(window.widget), again=True)
    except (ReviewImportError, StoreError) as exc:
        reason = str(exc).strip().rstrip(".")
        QMessageBox.warning(
            window.widget,
            _("MutualPlan could not import the review copy"),
            _("{name} was not imported: {reason}.\n\nNothing in your database was changed.").format(
                name=path.name, reason=reason
            ),
        )
        return
    who = summary.reviewer
    lines = [
        _(
            "<b>Answers from {name}</b> ({side}, {organisation}) to revision {number} of "
            "“{title}”."
        ).format(
            name=escape(who.name),
            side=escape(_(who.side)),
            organisation=escape(who.organisation),
            number=summary.revision_number,
            title=escape(summary.title),
        )
    ]
    if summary.added:
        lines.append(
            ngettext(
                "{n} answer kept as a proposal. Nothing in the plan changes until you accept it.",
                "{n} answers kept as proposals. Nothing in the plan changes until you accept "
                "them.",
                summary.added,
            ).format(n=summary.added)
        )
    if summary.already:
        lines.append(
            ngettext(
                "{n} was imported before and was not added again.",
                "{n} were imported before and were not added again.",
                summary.already,
            ).format(n=summary.already)
        )
    if not summary.proposals:
        lines.append(_("The form was not filled in: there was nothing to import."))
    QMessageBox.information(window.widget, _("Review copy imported"), "<br><br>".join(lines))
    if window.session is None or window.session.plan_id != summary.plan_id:
        window.open_plan(summary.plan_id)
    opened = window.opened()
    if opened is not None:
        show_responses(opened)


def show_responses(plan: OpenPlan) -> ResponsesPanel:
    """Show the Responses panel beside the plan (made on first use)."""
    window = plan.app
    reviews = window.state(Reviews)
    dock = reviews.dock
    if dock is None:
        dock = QDockWidget(_("Responses"), window.widget)
        dock.setObjectName("responses_dock")
        panel = ResponsesPanel(window, dock)
        dock.setWidget(panel)
        window.widget.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        reviews.dock = dock
        # The panel follows the plan the window opens next.
        window.when_plan_opens(lambda opened: panel.set_session(opened.session))
    shown = dock.widget()
    assert isinstance(shown, ResponsesPanel)
    shown.set_session(plan.session)
    dock.show()
    dock.raise_()
    return shown
