"""Plan ▸ Schedule back from target… and Working calendars…, and the offer to move
what depends on a milestone that moved later: the entry points the window calls.

Each feature lives in its own module: the proposal in `schedule_dialog`, the calendars
setting in `working_calendars` (its dialog in `calendars_dialog`) and the offer in
`dependents_offer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from .dependents_offer import DependentsOffer
from .schedule_dialog import ScheduleDialog
from .working_calendars import (
    calendars_of,
    keep_countries,
    load_calendar_settings,
    start_organisation_calendars,
)

if TYPE_CHECKING:
    from ..main_window import MainWindow


# -- entry points (the window's slots call these) --------------------------------------


def schedule_back(window: MainWindow) -> ScheduleDialog | None:
    """Open the proposal for the open plan (window-modal, returns at once)."""
    if window.session is None:
        return None
    dialog = ScheduleDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def edit_calendars(window: MainWindow) -> QDialog | None:
    from .calendars_dialog import CalendarsDialog

    if window.session is None:
        return None
    dialog = CalendarsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def dependents_offer(window: MainWindow) -> DependentsOffer:
    """The window's offer to move dependents (made on first use)."""
    offer = window.findChild(DependentsOffer, "dependentsOffer")
    if offer is None:
        offer = DependentsOffer(window)
    return offer


def offer_to_move_dependents(window: MainWindow) -> None:
    """Called when a plan opens: watch its session for milestones moved later."""
    if window.session is not None:
        dependents_offer(window).attach(window.session)


__all__ = [
    "DependentsOffer",
    "ScheduleDialog",
    "calendars_of",
    "dependents_offer",
    "edit_calendars",
    "load_calendar_settings",
    "keep_countries",
    "offer_to_move_dependents",
    "schedule_back",
    "start_organisation_calendars",
]
