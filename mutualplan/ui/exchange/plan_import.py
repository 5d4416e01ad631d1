"""File ▸ Import plan PDF…: create the plan, or merge it field by field into this copy.

The import is one transaction: a file that cannot be imported changes nothing and
says why. What it did is told in one message, which offers to open the plan and to
settle its conflicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QWidget

from ...domain.changes import attributed
from ...domain.state import PlanRuleError
from ...i18n import _, ngettext
from ...store import StoreError
from ...store.errors import ActivePlanExistsError
from ..common.dialogs import ask_to_close_active_plan

if TYPE_CHECKING:
    from ...exchange.importer import ImportSummary
    from ..contract import App


def import_plan_pdf(window: App) -> ImportSummary | None:
    """Ask for a plan PDF and import it."""
    chosen, _filter = QFileDialog.getOpenFileName(
        window.widget,
        _("Import a plan PDF"),
        str(Path.home()),
        _("PDF documents (*.pdf);;All files (*)"),
    )
    if not chosen:
        return None
    return import_plan_file(window, Path(chosen))


def import_plan_file(window: App, path: Path) -> ImportSummary | None:
    """Import `path` into the window's database and tell the user what happened."""
    from ...exchange.importer import ImportRefusedError
    from ...signing.pdf import NotAPlanPdfError
    from ...workflows.importing import import_pdf

    window.save_open_edit()  # an edit still open in a cell is saved first
    try:
        pdf = path.read_bytes()
    except OSError as exc:
        _refuse(window.widget, path, f"it cannot be read ({exc.strerror or exc})")
        return None
    from ...exchange.review_import import is_review_copy

    if is_review_copy(pdf):
        from .responses import import_review_file

        import_review_file(window, path, pdf)
        return None
    changed_plans: set[str] = set()
    while True:
        try:
            # On the GUI thread: a plan of a few thousand changes merges in well under
            # a second, and the database must not change under an open window meanwhile.
            with _busy():
                summary = import_pdf(window.store, pdf)
            break
        except ActivePlanExistsError as exc:
            if not _close_other_plan(window, exc):
                return None
            changed_plans.add(exc.plan_id)
        except (NotAPlanPdfError, ImportRefusedError, StoreError) as exc:
            _refuse(window.widget, path, str(exc))
            return None

    session = window.session
    is_open = session is not None and session.plan_id == summary.plan_id
    if session is not None and (is_open or session.plan_id in changed_plans):
        session.reload()
    # Nothing open yet (a buyer's first plan PDF): show the plan itself, and say in the
    # status bar what was imported, rather than ask first.
    if session is None and not summary.conflicts and window.open_plan(summary.plan_id):
        done = (
            _("Opened “{title}” from {name}")
            if summary.created
            else _("Merged and opened “{title}” from {name}")
        )
        signed = "".join(
            "; " + (_("signed by the seller") if side == "seller" else _("signed by the buyer"))
            for side in summary.signatures
        )
        window.say(done.format(title=summary.title, name=path.name) + signed, 15000)
        return summary
    box = summary_box(window.widget, summary, path, is_open)
    box.exec()
    clicked = box.clickedButton()
    settle_now = clicked is not None and clicked is box.settle_button
    open_now = settle_now or (clicked is not None and clicked is box.open_button)
    if not is_open and open_now and not window.open_plan(summary.plan_id):
        return summary
    if settle_now:
        from .conflicts import settle_conflicts

        opened = window.opened()
        if opened is not None:
            settle_conflicts(opened)
    return summary


@contextmanager
def _busy() -> Iterator[None]:
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _close_other_plan(window: App, exc: ActivePlanExistsError) -> bool:
    """The buyer has another active plan: finish it or set it aside, as for a new plan."""
    from ...domain import edits

    status = ask_to_close_active_plan(window.widget, str(exc), exc.title)
    if status is None:
        return False
    try:
        other = window.store.load(exc.plan_id)
        window.store.commit(
            other, edits.set_field(other, "plan", other.id, "status", status), window.me
        )
    except (StoreError, PlanRuleError) as inner:
        window.show_store_error(str(inner))
        return False
    return True


def _refuse(window: QWidget, path: Path, reason: str) -> None:
    reason = reason.strip().rstrip(".")
    QMessageBox.warning(
        window,
        _("MutualPlan could not import the file"),
        _(
            "{name} was not imported: {lower}{reason}.\n\nNothing in your database was changed."
        ).format(name=path.name, lower=reason[:1].lower(), reason=reason[1:]),
    )


class ImportSummaryBox(QMessageBox):
    """What an import did; offers to open the plan and to settle its conflicts."""

    open_button: QPushButton | None = None
    settle_button: QPushButton | None = None


def summary_box(
    parent: QWidget, summary: ImportSummary, path: Path, is_open: bool
) -> ImportSummaryBox:
    box = ImportSummaryBox(parent)
    box.setWindowTitle(_("Plan imported"))
    box.setIcon(QMessageBox.Icon.Information)
    done = _("<b>Created “{title}”</b> from {name}.") if summary.created else _(
        "<b>Merged into “{title}”</b> from {name}."
    )
    box.setText(done.format(title=escape(summary.title), name=escape(path.name)))
    lines = []
    if summary.taken:
        who = ", ".join(
            f"{count} {escape(attributed(author, entered_by, _))}"
            for (author, entered_by), count in summary.by_author.most_common()
        )
        lines.append(
            ngettext("{n} change taken: {who}.", "{n} changes taken: {who}.", summary.taken).format(
                n=summary.taken, who=who
            )
        )
    else:
        lines.append(_("Nothing new: this copy already had every change in the file."))
    revision = summary.revision
    if revision is not None:  # signatures are recorded only against the file's revision
        for side in summary.signatures:
            recorded = (
                _("The seller's signature was recorded for revision {label}.")
                if side == "seller"
                else _("The buyer's signature was recorded for revision {label}.")
            )
            lines.append(recorded.format(label=revision.label))
    conflicts = summary.pending
    if summary.conflicts:
        box.setIcon(QMessageBox.Icon.Warning)
        count = len(summary.conflicts)
        lines.append(
            ngettext(
                "<b>{count} conflict</b>: both sides changed the same thing since the copies "
                "last met. Until you settle it, the plan shows the later change and its PDF "
                "says it has unsettled changes.",
                "<b>{count} conflicts</b>: both sides changed the same thing since the copies "
                "last met. Until you settle them, the plan shows the later change and its PDF "
                "says it has unsettled changes.",
                count,
            ).format(count=count)
        )
    for loop in summary.cycles:
        box.setIcon(QMessageBox.Icon.Warning)
        names = " → ".join(f"“{escape(t)}”" for t in [*loop, loop[0]])
        lines.append(
            _(
                "<b>A dependency cycle</b>: the merge joined {names}. Change one of these "
                "dependencies to break it (the table marks them)."
            ).format(names=names)
        )
    if summary.duplicates:
        pairs = "; ".join(
            _("“{first}” and “{second}”").format(first=escape(a), second=escape(b))
            for a, b in summary.duplicates
        )
        lines.append(
            _(
                "<b>Possible duplicates</b>, added apart on both sides: {pairs}. Both are "
                "kept; remove one if they are the same milestone."
            ).format(pairs=pairs)
        )
    if summary.rivals:
        box.setIcon(QMessageBox.Icon.Warning)
        others = ", ".join(f"“{escape(title)}”" for title in summary.rivals)
        lines.append(
            _(
                "<b>Two active plans</b>: this plan and {others} are both active for the "
                "same buyer (one side took one up while the other started the other). Settle "
                "which one stays; nothing was refused and nothing is lost."
            ).format(others=others)
        )
    box.setInformativeText("<br><br>".join(lines))
    if is_open:
        if conflicts:
            box.settle_button = box.addButton(_("Settle now…"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
    else:
        if conflicts:
            box.settle_button = box.addButton(
                _("Open and settle now…"), QMessageBox.ButtonRole.AcceptRole
            )
        box.open_button = box.addButton(_("Open the plan"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
    # Without a plan to open or conflicts to settle, OK is the box's only button.
    box.setDefaultButton(box.settle_button or box.open_button or QMessageBox.StandardButton.Ok)
    return box

