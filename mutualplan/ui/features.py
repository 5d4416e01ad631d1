"""Every feature the main window offers, declared once.

The window builds its actions, menus, toolbar and enabled states from this table, and
Help ▸ Keyboard shortcuts lists it. A feature runs as "module:function", imported when
first used so that the window starts without reportlab, pyHanko or the dialogs it does
not need for its first paint. The function takes the window's `App` (ui/contract.py),
or an `OpenPlan` when `needs_plan` (the action is disabled while no plan is open).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from ..i18n import N_

type Key = str | QKeySequence.StandardKey

# The menus in the menu bar, in order. The window adds its own items to some of them:
# File ▸ Recent plans after "open_plan", Undo and Redo at the top of Edit, View ▸ Theme.
# Named in English here (the table's keys); shown translated (`_`).
MENUS = (N_("&File"), N_("&Edit"), N_("&View"), N_("&Plan"), N_("&Settings"), N_("&Help"))


@dataclass(frozen=True)
class Feature:
    """One thing the app can do: its menu entry, shortcuts, and the function that runs it."""

    key: str
    text: str  # as in the menu, "&" before the access key; English, shown with _()
    menu: str  # one of MENUS
    run: str  # "package.module:function"
    shortcuts: tuple[Key, ...] = ()
    tip: str = ""  # status tip; also the tooltip when there is no shortcut
    needs_plan: bool = False
    checkable: bool = False
    toolbar: bool = False  # on the main toolbar, grouped by menu, in table order
    icon: str = ""  # resources/icons/<icon>.svg, shown from its PNGs (icons.py)
    icon_only: bool = False  # on the toolbar: the glyph alone (the name stays in its tip)
    separator_before: bool = False  # in the menu

    def function(self) -> Callable[..., object]:
        """The function that runs the feature (imports its module)."""
        module, _, name = self.run.partition(":")
        found: Callable[..., object] = getattr(importlib.import_module(module), name)
        return found


_UI = "mutualplan.ui"

FEATURES: tuple[Feature, ...] = (
    # File
    Feature(
        "new_plan",
        N_("&New plan…"),
        "&File",
        f"{_UI}.plans:new_plan",
        (QKeySequence.StandardKey.New,),
        N_("Start a plan from a template"),
        toolbar=True,
        icon="new",
    ),
    Feature(
        "open_plan",
        N_("&Open plan…"),
        "&File",
        f"{_UI}.plans:choose_plan",
        (QKeySequence.StandardKey.Open,),
        N_("Open another plan"),
        toolbar=True,
        icon="open",
    ),
    Feature(
        "export",
        N_("&Export PDF…"),
        "&File",
        f"{_UI}.exchange.export:export_pdf",
        ("Ctrl+E",),
        N_("Export the buyer-ready PDF that both sides sign"),
        needs_plan=True,
        toolbar=True,
        icon="export",
        separator_before=True,
    ),
    Feature(
        "export_other",
        N_("Export as spreadsheet or &calendar…"),
        "&File",
        f"{_UI}.exchange.spreadsheet:export_spreadsheet_or_calendar",
        tip=N_("The plan as CSV or XLSX, or its dates as an iCalendar file"),
        needs_plan=True,
    ),
    Feature(
        "review",
        N_("Send for &review…"),
        "&File",
        f"{_UI}.exchange.responses:send_for_review",
        tip=N_("A review copy of the plan: a form the other side fills in any PDF reader"),
        needs_plan=True,
    ),
    Feature(
        "sign",
        N_("&Sign a plan PDF…"),
        "&File",
        f"{_UI}.signing.signing_dialogs:sign_plan_pdf",
        ("Ctrl+Shift+S",),
        N_("Sign an exported plan PDF for your side (or capture a signature in person)"),
        icon="sign",
    ),
    Feature(
        "verify",
        N_("&Verify a plan PDF…"),
        "&File",
        f"{_UI}.signing.signing_dialogs:verify_plan_pdf",
        ("Ctrl+Shift+V",),
        N_("Check every signature and the plan data of a plan PDF"),
        icon="verify",
    ),
    Feature(
        "import",
        N_("&Import plan PDF…"),
        "&File",
        f"{_UI}.exchange.plan_import:import_plan_pdf",
        ("Ctrl+I",),
        N_(
            "Import the other side's plan PDF (create the plan or merge it into yours), or "
            "the answers of a filled review copy"
        ),
        icon="import",
        separator_before=True,
    ),
    Feature(
        "import_sheet",
        N_("Import milestones from a &spreadsheet…"),
        "&File",
        f"{_UI}.exchange.spreadsheet:import_spreadsheet",
        tip=N_("Read milestones from a CSV or XLSX file"),
        needs_plan=True,
    ),
    Feature(
        "new_from_sheet",
        N_("New plan from a spreads&heet…"),
        "&File",
        f"{_UI}.exchange.spreadsheet:new_plan_from_spreadsheet",
        tip=N_("A new plan from a CSV or XLSX plan: its title block and its milestones"),
    ),
    Feature(
        "conflicts",
        N_("Settle &conflicts…"),
        "&File",
        f"{_UI}.exchange.conflicts:settle_conflicts",
        ("Ctrl+Shift+C",),
        N_("Decide, side by side, what both sides changed since the copies last met"),
        needs_plan=True,
    ),
    Feature(
        "responses",
        N_("&Responses"),
        "&File",
        f"{_UI}.exchange.responses:show_responses",
        ("Ctrl+Shift+R",),
        N_("The other side's answers from review copies: accept, decline or answer them"),
        needs_plan=True,
    ),
    Feature(
        "identity",
        N_("&Who am I…"),
        "&File",
        f"{_UI}.plans:edit_identity",
        separator_before=True,
    ),
    Feature(
        "quit",
        N_("&Quit"),
        "&File",
        f"{_UI}.plans:quit_app",
        (QKeySequence.StandardKey.Quit,),
        separator_before=True,
    ),
    # Edit (after Undo and Redo)
    Feature(
        "add_milestone",
        N_("Add &milestone"),
        "&Edit",
        f"{_UI}.editor.editing:add_milestone",
        ("Ctrl+Shift+M", "Insert"),
        N_("Add a milestone after the selected one (Enter in the table does the same)"),
        needs_plan=True,
        toolbar=True,
        icon="add-milestone",
        separator_before=True,
    ),
    Feature(
        "add_action",
        N_("Add &action"),
        "&Edit",
        f"{_UI}.editor.editing:add_action",
        ("Ctrl+Shift+A",),
        N_("Add an action under the milestone"),
        needs_plan=True,
        toolbar=True,
        icon="add-action",
    ),
    Feature(
        "add_person",
        N_("Add &person"),
        "&Edit",
        f"{_UI}.editor.editing:add_person",
        ("Ctrl+Shift+P",),
        N_("Add a person on either side"),
        needs_plan=True,
    ),
    Feature(
        "add_evidence",
        N_("Add &evidence"),
        "&Edit",
        f"{_UI}.editor.editing:add_evidence",
        ("Ctrl+Shift+E",),
        N_("Add an evidence item"),
        needs_plan=True,
    ),
    Feature(
        "delete",
        N_("&Delete"),
        "&Edit",
        f"{_UI}.editor.editing:delete_selected",
        (QKeySequence.StandardKey.Delete,),
        N_("Remove the selected row (undo brings it back)"),
        needs_plan=True,
        toolbar=True,
        icon="delete",
    ),
    Feature(
        "move_up",
        N_("Move &up"),
        "&Edit",
        f"{_UI}.editor.editing:move_up",
        ("Ctrl+Up",),
        N_("Move the row up"),
        needs_plan=True,
        toolbar=True,
        icon="move-up",
        icon_only=True,
    ),
    Feature(
        "move_down",
        N_("Move do&wn"),
        "&Edit",
        f"{_UI}.editor.editing:move_down",
        ("Ctrl+Down",),
        N_("Move the row down"),
        needs_plan=True,
        toolbar=True,
        icon="move-down",
        icon_only=True,
    ),
    Feature(
        "find",
        N_("&Find and filter…"),
        "&Edit",
        f"{_UI}.workshop.find:find",
        (QKeySequence.StandardKey.Find,),
        N_("Filter milestones by text, side, owner or status"),
        needs_plan=True,
        icon="find",
    ),
    Feature(
        "quick_add",
        N_("&Quick add…"),
        "&Edit",
        f"{_UI}.workshop.quick_add:quick_add",
        ("Ctrl+L",),
        N_("Type a milestone in one line: “Security review — buyer — Priya — 12 Mar”"),
        needs_plan=True,
        icon="quick-add",
    ),
    # View (then View ▸ Theme)
    Feature(
        "timeline",
        N_("&Timeline"),
        "&View",
        f"{_UI}.timeline.timeline:toggle_timeline",
        ("Ctrl+T",),
        N_("Show the timeline beside the table"),
        needs_plan=True,
        checkable=True,
        icon="timeline",
    ),
    Feature(
        "present",
        N_("&Present"),
        "&View",
        f"{_UI}.workshop.presentation:present",
        ("F5",),
        N_("Full screen, large type, for a projector"),
        needs_plan=True,
        icon="present",
    ),
    # Plan
    Feature(
        "schedule",
        N_("Schedule &back from target…"),
        "&Plan",
        f"{_UI}.workshop.scheduling:schedule_back",
        ("Ctrl+Shift+B",),
        N_("Propose every date back from the target date, with slack and critical path"),
        needs_plan=True,
    ),
    Feature(
        "calendars",
        N_("Working &calendars…"),
        "&Plan",
        f"{_UI}.workshop.scheduling:edit_calendars",
        tip=N_("Weekends and holidays of each side"),
        needs_plan=True,
    ),
    Feature(
        "save_template",
        N_("Save as &template…"),
        "&Plan",
        f"{_UI}.editor.templates:save_as_template",
        tip=N_("Keep this plan's shape to reuse"),
        needs_plan=True,
        icon="template",
    ),
    # Settings
    Feature(
        "signing_identity",
        N_("My &signing identity…"),
        "&Settings",
        f"{_UI}.signing.identity_dialog:edit_signing_identity",
        ("Ctrl+Shift+I",),
        N_("Create, import or export the identity you sign plans with"),
    ),
    # Help
    Feature(
        "shortcuts",
        N_("&Keyboard shortcuts"),
        "&Help",
        f"{_UI}.common.shortcuts:show_shortcuts",
        ("F1",),
        N_("Every shortcut on one sheet"),
        icon="keyboard",
    ),
    Feature("about", N_("&About MutualPlan"), "&Help", f"{_UI}.plans:about"),
)

# Undo and Redo come from the window's undo group rather than from a function: their
# text names the edit they would undo.
UNDO_KEYS: tuple[Key, ...] = ("Ctrl+Z",)
REDO_KEYS: tuple[Key, ...] = ("Ctrl+Shift+Z", "Ctrl+Y")


def feature(key: str) -> Feature:
    for entry in FEATURES:
        if entry.key == key:
            return entry
    raise KeyError(key)


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    return [QKeySequence(key) for key in keys]
