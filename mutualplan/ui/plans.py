"""Starting, opening and leaving plans (File ▸ New, Open, Who am I, Quit; Help ▸ About)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from .. import __version__
from ..domain import edits
from ..domain.model import Side
from ..domain.state import PlanRuleError, PlanState
from ..i18n import _, language, ngettext
from ..store import StoreError
from ..store.errors import ActivePlanExistsError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from ..domain.templates import Template, TemplateDating
    from .contract import App


@dataclass
class TargetOffer:
    """The last "plan starts from today" notice (kept so that it stays open)."""

    box: QMessageBox | None = None


def new_plan(app: App) -> None:
    from .common.dialogs import NewPlanDialog
    from .editor.templates import available_templates
    from .workshop.scheduling import load_calendar_settings

    try:
        settings = load_calendar_settings(app.store)
        kept: dict[str, str] = {
            side: settings.side(side).country for side in (Side.SELLER, Side.BUYER)
        }
    except StoreError:
        kept = {}
    dialog = NewPlanDialog(available_templates(app), app.me, app.widget, kept_countries=kept)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    create_plan(app, dialog.values(), dialog.chosen_template(), dialog.chosen_countries())


def create_plan(
    app: App,
    values: dict[str, Any],
    template: Template | None = None,
    countries: dict[str, str] | None = None,
) -> bool:
    """Create and open a plan. A template's milestones are dated back from the target,
    or forward from today when that would start in the past (then the user is offered
    to move the target); `countries` give each side's public holidays."""
    from ..domain.templates import template_dating
    from .workshop.scheduling import calendars_of, keep_countries, start_organisation_calendars

    today = dt.date.today()
    if countries:
        keep_countries(app, countries, values.get("target_date"), today)
    else:  # not asked (a spreadsheet's title block said it all): told by the names
        start_organisation_calendars(app, values, today)
    calendars = calendars_of(app)
    dating = None
    build = None
    if template:
        dating, _shifted = template_dating(template, values.get("target_date"), today, calendars)
        chosen = template

        def build(state: PlanState) -> list[Any]:
            from ..domain.templates import template_changes

            return template_changes(state, chosen, today=today, calendars=calendars)

    while True:
        try:
            state = app.store.create_plan(values, app.me, build)
            break
        except ActivePlanExistsError as exc:
            from .common import dialogs

            status = dialogs.ask_to_close_active_plan(app.widget, str(exc), exc.title)
            if status is None:
                return False
            try:
                other = app.store.load(exc.plan_id)
                changes = edits.set_field(other, "plan", other.id, "status", status)
                app.store.commit(other, changes, app.me)
            except (StoreError, PlanRuleError) as inner:
                app.show_store_error(str(inner))
                return False
        except PlanRuleError as exc:
            app.show_refusal(str(exc))
            return False
        except StoreError as exc:
            app.show_store_error(str(exc))
            return False
    opened = app.open_plan(state.id)
    if opened and dating is not None and dating.shifted_days:
        _offer_to_move_target(app, dating)
    return opened


def _offer_to_move_target(app: App, dating: TemplateDating) -> None:
    """Said plainly when a template plan had to start from today: by how much the
    target is then missed, and the choice to move it."""
    from .common.values import format_date

    weeks = dating.shifted_days // 7
    text = ngettext(
        "Scheduled back from the target date ({target}), the first milestone would have "
        "started in the past, so the plan starts from today ({start}); every date moved "
        "{weeks} week later.",
        "Scheduled back from the target date ({target}), the first milestone would have "
        "started in the past, so the plan starts from today ({start}); every date moved "
        "{weeks} weeks later.",
        weeks,
    ).format(
        target=format_date(dating.target), start=format_date(dating.first_start), weeks=weeks
    )
    if dating.late_by_days:
        text += "\n\n" + ngettext(
            "The last milestone is now due {due}: {days} day after the target.",
            "The last milestone is now due {due}: {days} days after the target.",
            dating.late_by_days,
        ).format(due=format_date(dating.last_due), days=dating.late_by_days)
    from PySide6.QtWidgets import QMessageBox  # message boxes load when first needed

    box = QMessageBox(
        QMessageBox.Icon.Information, _("Plan starts from today"), text, parent=app.widget
    )
    box.setObjectName("targetOffer")
    move = None
    if dating.late_by_days:
        move = box.addButton(
            _("Move the target to {date}").format(date=format_date(dating.last_due)),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(_("Keep the target"), QMessageBox.ButtonRole.RejectRole)
    else:
        box.addButton(QMessageBox.StandardButton.Ok)

    def done(_result: int) -> None:
        if move is not None and box.clickedButton() is move and app.session is not None:
            state = app.session.state
            changes = edits.set_field(state, "plan", state.plan.id, "target_date", dating.last_due)
            app.session.apply(changes, _("Move the target date"))
        if app.plan_view is not None:
            app.plan_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    box.finished.connect(done)
    app.state(TargetOffer).box = box
    box.open()


def open_sample(app: App) -> bool:
    from ..store.sample import add_sample_plan

    try:
        state = add_sample_plan(app.store, language=language())  # in the window's words
    except (StoreError, ActivePlanExistsError) as exc:
        app.show_store_error(str(exc))
        return False
    return app.open_plan(state.id)


def choose_plan(app: App) -> None:
    from .common.dialogs import OpenPlanDialog

    dialog = OpenPlanDialog(app.store.plans(), app.widget)
    chosen = dialog.chosen_id() if dialog.exec() == QDialog.DialogCode.Accepted else None
    if chosen:
        app.open_plan(chosen)


def edit_identity(app: App) -> None:
    from .common.dialogs import IdentityDialog

    dialog = IdentityDialog(app.widget, app.me)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        app.set_me(dialog.author())


def quit_app(app: App) -> None:
    app.widget.close()


def about(app: App) -> None:
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QMessageBox

    from ..versions import component_versions

    parts = " · ".join(f"{k} {v}" for k, v in component_versions(qVersion()).items())
    QMessageBox.about(
        app.widget,
        _("About MutualPlan"),
        f"<b>MutualPlan {__version__}</b><br>"
        + _("One committed course of action, written by seller and buyer together.")
        + f"<br><br>{parts}<br>"
        + _("Database: {path}").format(path=app.store.path),
    )
