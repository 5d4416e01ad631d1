"""Plan ▸ Save as template, and the templates File ▸ New plan offers: the bundled ones
and those the user saved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.templates import (
    Template,
    TemplateError,
    load_templates,
    template_file_name,
    template_from_plan,
)
from ...i18n import _
from ...paths import templates_dir

if TYPE_CHECKING:
    from ..contract import App, OpenPlan


def user_templates_dir() -> Path:
    """Where saved templates go: a "templates" folder beside the default database, so
    the user's data folder normally, and the test's own folder under MUTUALPLAN_DB."""
    from ...store.database import default_database_path

    return default_database_path().parent / "templates"


@dataclass
class TemplateFolder:
    """Where this window saves templates; None: beside the default database."""

    folder: Path | None = None


def templates_folder(window: App) -> Path:
    return window.state(TemplateFolder).folder or user_templates_dir()


def available_templates(window: App) -> list[Template]:
    """The bundled templates, then the user's own."""
    bundled = load_templates(templates_dir())
    folder = templates_folder(window)
    return bundled + (load_templates(folder) if folder.is_dir() else [])


class SaveTemplateDialog(QDialog):
    def __init__(self, title: str, taken: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Save as template"))
        self.taken = taken
        intro = QLabel(
            _(
                "A template keeps this plan's shape: its milestones in order, their sides, "
                "lead times, dependencies, exit criteria and actions, and how long before the "
                "target date each is due. People and the buyer's objective stay with the plan."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(title)
        self.name.setAccessibleName(_("Template name"))
        self.description = QPlainTextEdit()
        self.description.setAccessibleName(_("Template description"))
        self.description.setPlaceholderText(_("When is this the right path? Who is it for?"))
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Name"), self.name)
        form.addRow(_("&Description"), self.description)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.name.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if not name:
            problem = _("Give the template a name.")
        elif name.casefold() in self.taken:
            problem = _("A bundled template has this name; choose another.")
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)


def write_template(folder: Path, data: dict) -> Path:
    """Write template data to `folder` (made if missing); the file is named after it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / template_file_name(data["name"])
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    temporary.replace(path)  # never a half-written template
    return path


def save_as_template(plan: OpenPlan, name: str | None = None, description: str = "") -> Path | None:
    """Ask for a name and description (unless given), then save the open plan's shape
    as a template the New plan dialog offers."""
    window = plan.app
    session = plan.session
    if name is None:
        taken = {t.name.casefold() for t in load_templates(templates_dir())}
        dialog = SaveTemplateDialog(session.state.plan.title, taken, window.widget)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        name, description = dialog.name.text(), dialog.description.toPlainText()
        dialog.deleteLater()
        if not accepted:
            return None
    try:
        data = template_from_plan(session.state, name, description)
    except TemplateError as exc:
        window.show_refusal(str(exc))
        return None
    folder = templates_folder(window)
    target = folder / template_file_name(data["name"])
    if target.exists():
        answer = QMessageBox.question(
            window.widget,
            _("Replace the template?"),
            _("There is already a saved template in {file}. Replace it?").format(file=target.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    try:
        path = write_template(folder, data)
    except OSError as exc:
        QMessageBox.warning(
            window.widget, _("The template was not saved"), f"{folder}: {exc.strerror or exc}"
        )
        return None
    window.say(
        _("Saved the template “{name}”; File ▸ New plan… offers it.").format(name=data["name"]),
        8000,
    )
    return path
