"""The main window: menus, toolbar, the "editing as" chooser, and the open plan."""

from __future__ import annotations

import linecache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..domain import edits
from ..domain.model import Author, Milestone, Side, label
from ..domain.state import PlanRuleError
from ..store import Store, StoreError
from ..store.errors import ActivePlanExistsError
from .common.icons import apply_icons
from .common.overlay import MessageArea
from .common.theme import add_theme_menu
from .editor.milestone_model import ID_ROLE, KIND_ROLE, TITLE_COLUMN
from .editor.plan_view import PlanView
from .session import PlanSession
from .workshop.scheduling import offer_to_move_dependents

if TYPE_CHECKING:
    from .exchange.export import PdfExporter
    from .welcome import WelcomePage

# PySide6 reads the whole source of every module imported after it, looking for the
# word "PySide6" (shibokensupport.feature._mod_uses_pyside, through inspect.getsource),
# and the text stays in linecache: ~3 MB at start that only a traceback would reuse.
linecache.clearcache()

PERSON_LINKS_SETTING = "person_links"  # plan id -> the person the local user is
COMPACT_BELOW = 900  # screen height (logical pixels) below which the window is compact

# A red tint over the palette's own background, and the palette's text colour: readable
# on the light and on the dark theme alike.
BANNER_STYLE = (
    "QLabel { background: rgba(220, 53, 40, 38); border: 1px solid rgba(220, 53, 40, 150);"
    " padding: 6px 10px; }"
)


# Amber: changes entered now are someone else's proposals, not the user's own.
PROXY_STYLE = (
    "QLabel { background: rgba(224, 165, 38, 70); border: 1px solid rgba(190, 120, 0, 200);"
    " padding: 3px 8px; margin-left: 6px; }"
)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, me: Author, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.me = me
        self.session: PlanSession | None = None
        self.plan_view: PlanView | None = None
        self.last_export_path: Path | None = None
        self.user_templates_dir: Path | None = None  # None: beside the default database
        self.undo_group = QUndoGroup(self)
        # The Responses panel (ui/exchange/responses.py), made when first shown, and the exporter
        # of the last review copy.
        self.responses_dock: QDockWidget | None = None
        self.review_exporter: PdfExporter | None = None
        self.setWindowTitle("MutualPlan")
        self.resize(1400, 860)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Message")
        self.banner.hide()
        self._banner_timer = QTimer(self)
        self._banner_timer.setSingleShot(True)
        self._banner_timer.timeout.connect(self.banner.hide)

        # The welcome page (while no plan is open) is made when first shown: at start
        # the last plan usually opens straight away.
        self._welcome: WelcomePage | None = None
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # Bars float over the bottom of the content so that nothing under the pointer
        # moves when one appears or goes.
        self.message_area = MessageArea(central)
        self.message_area.add(self.banner)

        self.author_box = QComboBox()
        self.author_box.setAccessibleName("Editing as")
        self.author_box.setToolTip("Every change is attributed to this person")
        self.author_box.setMinimumContentsLength(24)
        self.author_box.activated.connect(self._author_chosen)
        # Said while the user enters changes for someone else, in the toolbar so that
        # nothing under the pointer moves when it appears.
        self.proxy_note = QLabel()
        self.proxy_note.setObjectName("proxyNote")
        self.proxy_note.setAccessibleName("Entering changes for someone else")
        self.proxy_note.setStyleSheet(PROXY_STYLE)
        self._authors: list[Author] = []
        self._build_actions()
        self._update_enabled()
        from .common.watch import OutsideChangesWatcher

        self.watcher = OutsideChangesWatcher(self)

    # -- menus and toolbar -----------------------------------------------------------

    def _action(self, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(
                f"{text.replace('&', '').rstrip('…')} ({', '.join(map(str, shortcuts))})"
                if shortcuts
                else tip
            )
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_plan_action = self._action(
            "&New plan…",
            self.new_plan,
            [QKeySequence.StandardKey.New],
            "Start a plan from a template",
        )
        self.open_plan_action = self._action(
            "&Open plan…", self.choose_plan, [QKeySequence.StandardKey.Open], "Open another plan"
        )
        self.export_action = self._action(
            "&Export PDF…",
            self.export_pdf,
            ["Ctrl+E"],
            "Export the buyer-ready PDF that both sides sign",
        )
        self.review_action = self._action(
            "Send for &review…",
            self.send_for_review,
            [],
            "A review copy of the plan: a form the other side fills in any PDF reader",
        )
        self.responses_action = self._action(
            "&Responses",
            self.show_responses,
            ["Ctrl+Shift+R"],
            "The other side's answers from review copies: accept, decline or answer them",
        )
        self.sign_action = self._action(
            "&Sign a plan PDF…",
            self.sign_pdf,
            ["Ctrl+Shift+S"],
            "Sign an exported plan PDF for your side (or capture a signature in person)",
        )
        self.verify_action = self._action(
            "&Verify a plan PDF…",
            self.verify_pdf,
            ["Ctrl+Shift+V"],
            "Check every signature and the plan data of a plan PDF",
        )
        self.import_action = self._action(
            "&Import plan PDF…",
            self.import_plan_pdf,
            ["Ctrl+I"],
            "Import the other side's plan PDF (create the plan or merge it into yours), or the "
            "answers of a filled review copy",
        )
        self.import_sheet_action = self._action(
            "Import milestones from a &spreadsheet…",
            self.import_spreadsheet,
            [],
            "Read milestones from a CSV or XLSX file",
        )
        self.new_from_sheet_action = self._action(
            "New plan from a spreads&heet…",
            self.new_plan_from_spreadsheet,
            [],
            "A new plan from a CSV or XLSX plan: its title block and its milestones",
        )
        self.export_other_action = self._action(
            "Export as spreadsheet or &calendar…",
            self.export_other,
            [],
            "The plan as CSV or XLSX, or its dates as an iCalendar file",
        )
        self.conflicts_action = self._action(
            "Settle &conflicts…",
            self.settle_conflicts,
            ["Ctrl+Shift+C"],
            "Decide, side by side, what both sides changed since the copies last met",
        )
        self.identity_action = self._action("&Who am I…", self.edit_identity)
        self.signing_identity_action = self._action(
            "My &signing identity…",
            self.edit_signing_identity,
            ["Ctrl+Shift+I"],
            "Create, import or export the identity you sign plans with",
        )
        quit_action = self._action("&Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.add_milestone_action = self._action(
            "Add &milestone",
            self.add_milestone,
            ["Ctrl+Shift+M", "Insert"],
            "Add a milestone after the selected one (Enter in the table does the same)",
        )
        self.add_action_action = self._action(
            "Add &action", self.add_action, ["Ctrl+Shift+A"], "Add an action under the milestone"
        )
        self.add_person_action = self._action(
            "Add &person", self.add_person, ["Ctrl+Shift+P"], "Add a person on either side"
        )
        self.add_evidence_action = self._action(
            "Add &evidence", self.add_evidence, ["Ctrl+Shift+E"], "Add an evidence item"
        )
        self.delete_action = self._action(
            "&Delete",
            self.delete_selected,
            [QKeySequence.StandardKey.Delete],
            "Remove the selected row (undo brings it back)",
        )
        self.move_up_action = self._action(
            "Move &up", lambda: self.move_selected(-1), ["Ctrl+Up"], "Move the row up"
        )
        self.move_down_action = self._action(
            "Move do&wn", lambda: self.move_selected(1), ["Ctrl+Down"], "Move the row down"
        )
        about_action = self._action("&About MutualPlan", self.about)
        # The workshop: each feature lives in its own module, imported when first used.
        self.timeline_action = self._action(
            "&Timeline", self.toggle_timeline, ["Ctrl+T"], "Show the timeline beside the table"
        )
        self.timeline_action.setCheckable(True)
        self.present_action = self._action(
            "&Present", self.present, ["F5"], "Full screen, large type, for a projector"
        )
        self.find_action = self._action(
            "&Find and filter…",
            self.find,
            [QKeySequence.StandardKey.Find],
            "Filter milestones by text, side, owner or status",
        )
        self.quick_add_action = self._action(
            "&Quick add…",
            self.quick_add,
            ["Ctrl+L"],
            "Type a milestone in one line: “Security review — buyer — Priya — 12 Mar”",
        )
        self.schedule_action = self._action(
            "Schedule &back from target…",
            self.schedule_back,
            ["Ctrl+Shift+B"],
            "Propose every date back from the target date, with slack and critical path",
        )
        self.calendars_action = self._action(
            "Working &calendars…",
            self.edit_calendars,
            [],
            "Weekends and holidays of each side",
        )
        self.save_template_action = self._action(
            "Save as &template…", self.save_as_template, [], "Keep this plan's shape to reuse"
        )
        self.shortcuts_action = self._action(
            "&Keyboard shortcuts", self.show_shortcuts, ["F1"], "Every shortcut on one sheet"
        )
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self.new_plan_action)
        file_menu.addAction(self.open_plan_action)
        self.recent_menu = file_menu.addMenu("&Recent plans")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.export_other_action)
        file_menu.addAction(self.review_action)
        file_menu.addAction(self.sign_action)
        file_menu.addAction(self.verify_action)
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_sheet_action)
        file_menu.addAction(self.new_from_sheet_action)
        file_menu.addAction(self.conflicts_action)
        file_menu.addAction(self.responses_action)
        file_menu.addSeparator()
        file_menu.addAction(self.identity_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        for action in (
            self.add_milestone_action,
            self.add_action_action,
            self.add_person_action,
            self.add_evidence_action,
            self.delete_action,
            self.move_up_action,
            self.move_down_action,
        ):
            edit_menu.addAction(action)
        for action in (self.find_action, self.quick_add_action):
            edit_menu.addAction(action)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.timeline_action)
        view_menu.addAction(self.present_action)
        add_theme_menu(self, view_menu)
        plan_menu = menu.addMenu("&Plan")
        for action in (self.schedule_action, self.calendars_action, self.save_template_action):
            plan_menu.addAction(action)
        settings_menu = menu.addMenu("&Settings")
        settings_menu.addAction(self.signing_identity_action)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(about_action)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (
            self.new_plan_action,
            self.open_plan_action,
            self.export_action,
            None,
            self.undo_action,
            self.redo_action,
            None,
            self.add_milestone_action,
            self.add_action_action,
            self.delete_action,
            self.move_up_action,
            self.move_down_action,
            None,
        ):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel("Editing as "))
        toolbar.addWidget(self.author_box)
        self.proxy_action = toolbar.addWidget(self.proxy_note)
        self.proxy_action.setVisible(False)
        self.addToolBar(toolbar)
        self.statusBar()
        apply_icons(self)

    def _update_enabled(self) -> None:
        has_plan = self.session is not None
        for action in (
            self.timeline_action,
            self.present_action,
            self.find_action,
            self.quick_add_action,
            self.schedule_action,
            self.calendars_action,
            self.save_template_action,
            self.export_action,
            self.export_other_action,
            self.review_action,
            self.responses_action,
            self.import_sheet_action,
            self.conflicts_action,
            self.add_milestone_action,
            self.add_action_action,
            self.add_person_action,
            self.add_evidence_action,
            self.delete_action,
            self.move_up_action,
            self.move_down_action,
        ):
            action.setEnabled(has_plan)
        self.author_box.setEnabled(has_plan)

    # -- opening plans ---------------------------------------------------------------

    def open_plan(self, plan_id: str) -> bool:
        try:
            state = self.store.load(plan_id)
            self.store.note_opened(plan_id)
        except StoreError as exc:
            self.show_store_error(str(exc))
            return False
        if self.plan_view is not None:
            self.stack.removeWidget(self.plan_view)
            self.plan_view.deleteLater()
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.deleteLater()
        self.session = PlanSession(self.store, state, self._default_author(state), self)
        self.session.editRefused.connect(self.show_refusal)
        self.session.refusalCleared.connect(self.banner.hide)
        self.session.storeFailed.connect(self.show_store_error)
        self.session.changesApplied.connect(self._after_change)
        self.session.planReloaded.connect(self._refresh_authors)
        offer_to_move_dependents(self)  # "also move what depends on it?"
        from .editor.done_actions import offer_to_tick_open_actions

        self.open_actions_offer = offer_to_tick_open_actions(self)  # "tick them too?"
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.plan_view = PlanView(self.session)
        screen = self.screen()
        if screen is not None and screen.availableGeometry().height() < COMPACT_BELOW:
            self.plan_view.set_compact(True)  # a laptop or projector: the table first
        self.plan_view.tree.addRequested.connect(self.add_milestone)
        self.plan_view.header.conflictsRequested.connect(self.settle_conflicts)
        self.stack.addWidget(self.plan_view)
        self.stack.setCurrentWidget(self.plan_view)
        if self.timeline_action.isChecked():  # the next plan opens with its timeline too
            from .timeline.timeline import show_timeline

            show_timeline(self, True)
        self.setWindowTitle(f"{state.plan.title} — MutualPlan")
        if self.responses_dock is not None:
            self.responses_dock.widget().set_session(self.session)
        self._refresh_authors()
        self._update_enabled()
        first = self.plan_view.milestones.first_milestone(TITLE_COLUMN)
        if first.isValid():
            self.plan_view.tree.setCurrentIndex(first)
        self.plan_view.tree.setFocus()
        return True

    def _default_author(self, state) -> Author:
        """The user as a person of this plan: the same name once accents and case are
        folded, or the same e-mail; asked once (and remembered) when several match."""
        person = self._linked_person(state)
        if person is None:
            return self.me
        return Author(person.name, person.side, person.id, self.me.organisation, self.me.email)

    def _linked_person(self, state, ask: bool = True):  # noqa: ANN001, ANN202 - Person | None
        me = self.me
        try:
            links = dict(self.store.setting(PERSON_LINKS_SETTING) or {})
        except StoreError:
            links = {}
        remembered = links.get(state.id)
        if remembered in state.people:
            return state.people[remembered]
        candidates = state.people_matching(me.name, me.email, me.side)
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        if not ask:
            return None
        chosen = self.ask_which_person(candidates)
        if chosen is not None:
            links[state.id] = chosen.id
            try:
                self.store.set_setting(PERSON_LINKS_SETTING, links)
            except StoreError as exc:
                self.show_store_error(str(exc))
        return chosen

    def ask_which_person(self, candidates: list):  # noqa: ANN201 - Person | None
        """Several of the plan's people could be the user: ask once which one."""
        from PySide6.QtWidgets import QInputDialog

        names = [f"{p.name} — {p.title or label(p.role or p.side)}" for p in candidates]
        choice, ok = QInputDialog.getItem(
            self,
            "Which one is you?",
            f"Several people in this plan could be you ({self.me.name}). Changes you make "
            "are attributed to the one you choose:",
            names,
            0,
            False,
        )
        return candidates[names.index(choice)] if ok and choice in names else None

    @property
    def empty(self) -> WelcomePage:
        """The page shown while no plan is open."""
        if self._welcome is None:
            from .welcome import WelcomePage

            page = WelcomePage(self.me.side)
            page.openPdfRequested.connect(self.import_plan_pdf)
            page.newPlanRequested.connect(self.new_plan)
            page.openPlanRequested.connect(self.choose_plan)
            page.samplePlanRequested.connect(self.open_sample)
            self.stack.insertWidget(0, page)
            self._welcome = page
        return self._welcome

    def show_welcome(self) -> None:
        """No plan open: the welcome page, its first choice under the keyboard."""
        try:
            has_plans = bool(self.store.plans())
        except StoreError:
            has_plans = False
        self.empty.set_side(self.me.side, has_plans)
        self.stack.setCurrentWidget(self.empty)
        self.empty.first_button().setFocus()

    @Slot()
    def open_sample(self) -> bool:
        from ..store.sample import add_sample_plan

        try:
            state = add_sample_plan(self.store)
        except (StoreError, ActivePlanExistsError) as exc:
            self.show_store_error(str(exc))
            return False
        return self.open_plan(state.id)

    @Slot()
    def choose_plan(self) -> None:
        from .common.dialogs import OpenPlanDialog

        dialog = OpenPlanDialog(self.store.plans(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen_id():
            self.open_plan(dialog.chosen_id())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        titles = {p.id: p for p in self.store.plans()}
        for plan_id in self.store.recent_plans():
            plan = titles.get(plan_id)
            if plan:
                action = self.recent_menu.addAction(f"{plan.title} ({plan.buyer_org})")
                action.triggered.connect(lambda _=False, pid=plan_id: self.open_plan(pid))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent plans").setEnabled(False)

    @Slot()
    def new_plan(self) -> None:
        from .common.dialogs import NewPlanDialog
        from .editor.templates import available_templates
        from .workshop.scheduling import load_calendar_settings

        try:
            settings = load_calendar_settings(self.store)
            kept = {side: settings.side(side).country for side in (Side.SELLER, Side.BUYER)}
        except StoreError:
            kept = {}
        dialog = NewPlanDialog(available_templates(self), self.me, self, kept_countries=kept)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_plan(dialog.values(), dialog.chosen_template(), dialog.chosen_countries())

    def create_plan(
        self, values: dict, template=None, countries: dict[str, str] | None = None
    ) -> bool:
        """Create and open a plan. A template's milestones are dated back from the target,
        or forward from today when that would start in the past (then the user is offered
        to move the target); `countries` give each side's public holidays."""
        import datetime as dt

        from ..domain.templates import template_dating
        from .workshop.scheduling import calendars_of, keep_countries, start_organisation_calendars

        today = dt.date.today()
        if countries:
            keep_countries(self, countries, values.get("target_date"), today)
        else:  # not asked (a spreadsheet's title block said it all): told by the names
            start_organisation_calendars(self, values, today)
        calendars = calendars_of(self)
        dating = None
        build = None
        if template:
            dating, _ = template_dating(template, values.get("target_date"), today, calendars)

            def build(state):
                from ..domain.templates import template_changes

                return template_changes(state, template, today=today, calendars=calendars)

        while True:
            try:
                state = self.store.create_plan(values, self.me, build)
                break
            except ActivePlanExistsError as exc:
                from .common import dialogs

                status = dialogs.ask_to_close_active_plan(self, str(exc), exc.title)
                if status is None:
                    return False
                try:
                    other = self.store.load(exc.plan_id)
                    changes = edits.set_field(other, "plan", other.id, "status", status)
                    self.store.commit(other, changes, self.me)
                except (StoreError, PlanRuleError) as inner:
                    self.show_store_error(str(inner))
                    return False
            except PlanRuleError as exc:
                self.show_refusal(str(exc))
                return False
            except StoreError as exc:
                self.show_store_error(str(exc))
                return False
        opened = self.open_plan(state.id)
        if opened and dating is not None and dating.shifted_days:
            self._offer_to_move_target(dating)
        return opened

    def _offer_to_move_target(self, dating) -> None:
        """Said plainly when a template plan had to start from today: by how much the
        target is then missed, and the choice to move it."""
        from .common.values import format_date

        weeks = dating.shifted_days // 7
        text = (
            f"Scheduled back from the target date ({format_date(dating.target)}), the first "
            f"milestone would have started in the past, so the plan starts from today "
            f"({format_date(dating.first_start)}); every date moved {weeks} "
            f"week{'s' if weeks != 1 else ''} later."
        )
        if dating.late_by_days:
            text += (
                f"\n\nThe last milestone is now due {format_date(dating.last_due)}: "
                f"{dating.late_by_days} days after the target."
            )
        from PySide6.QtWidgets import QMessageBox  # message boxes load when first needed

        box = QMessageBox(QMessageBox.Icon.Information, "Plan starts from today", text, parent=self)
        box.setObjectName("targetOffer")
        move = None
        if dating.late_by_days:
            move = box.addButton(
                f"Move the target to {format_date(dating.last_due)}",
                QMessageBox.ButtonRole.AcceptRole,
            )
            box.addButton("Keep the target", QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)

        def done(_result: int) -> None:
            if move is not None and box.clickedButton() is move and self.session is not None:
                state = self.session.state
                changes = edits.set_field(
                    state, "plan", state.plan.id, "target_date", dating.last_due
                )
                self.session.apply(changes, "Move the target date")
            if self.plan_view is not None:
                self.plan_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

        box.finished.connect(done)
        self.target_offer = box
        box.open()

    @Slot()
    def edit_identity(self) -> None:
        from .common.dialogs import IdentityDialog

        dialog = IdentityDialog(self, self.me)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.me = dialog.author()
            try:
                self.store.set_local_user(self.me)
            except StoreError as exc:
                self.show_store_error(str(exc))
            self._refresh_authors()

    # Each of these opens a feature that lives in its own module, imported when used.

    @Slot()
    def sign_pdf(self) -> None:
        from .signing.signing_dialogs import sign_plan_pdf

        self.return_to_me()  # whoever signs, later edits are this copy's user's own again
        sign_plan_pdf(self)

    @Slot()
    def verify_pdf(self) -> None:
        from .signing.signing_dialogs import verify_plan_pdf

        verify_plan_pdf(self)

    @Slot()
    def import_plan_pdf(self) -> None:
        from .exchange.conflicts import import_plan_pdf

        import_plan_pdf(self)

    @Slot()
    def send_for_review(self) -> None:
        from .exchange.responses import send_for_review

        send_for_review(self)

    @Slot()
    def show_responses(self) -> None:
        from .exchange.responses import show_responses

        show_responses(self)

    @Slot()
    def settle_conflicts(self) -> None:
        from .exchange.conflicts import settle_conflicts

        settle_conflicts(self)

    @Slot()
    def import_spreadsheet(self) -> None:
        from .exchange.spreadsheet import import_spreadsheet

        import_spreadsheet(self)

    @Slot()
    def new_plan_from_spreadsheet(self) -> None:
        from .exchange.spreadsheet import new_plan_from_spreadsheet

        new_plan_from_spreadsheet(self)

    @Slot()
    def export_other(self) -> None:
        from .exchange.spreadsheet import export_spreadsheet_or_calendar

        export_spreadsheet_or_calendar(self)

    @Slot()
    def toggle_timeline(self) -> None:
        from .timeline.timeline import toggle_timeline

        toggle_timeline(self)

    @Slot()
    def present(self) -> None:
        from .workshop.presentation import present

        present(self)

    @Slot()
    def find(self) -> None:
        from .workshop.find import find

        find(self)

    @Slot()
    def quick_add(self) -> None:
        from .workshop.quick_add import quick_add

        quick_add(self)

    @Slot()
    def schedule_back(self) -> None:
        from .workshop.scheduling import schedule_back

        schedule_back(self)

    @Slot()
    def edit_calendars(self) -> None:
        from .workshop.scheduling import edit_calendars

        edit_calendars(self)

    @Slot()
    def save_as_template(self) -> None:
        from .editor.templates import save_as_template

        save_as_template(self)

    @Slot()
    def show_shortcuts(self) -> None:
        from .common.shortcuts import show_shortcuts

        show_shortcuts(self)

    @Slot()
    def edit_signing_identity(self) -> None:
        from .signing.identity_dialog import SigningIdentityDialog  # cryptography only when asked

        dialog = SigningIdentityDialog(self.store, self.me, self)
        dialog.exec()
        dialog.deleteLater()

    def save_open_edit(self) -> None:
        """Save an edit still open in a cell or the header, then give the keyboard back
        to the table: never, when a dialog closes, to the next field in the tab order
        with all its text selected (one Delete from wiping the plan's title)."""
        focus = self.focusWidget()
        if focus is None:
            return
        focus.clearFocus()
        if self.plan_view is not None:
            self.plan_view.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def export_pdf(self, path: Path | None = None) -> PdfExporter | None:
        """Ask where, then export; the preview opens when the file is written."""
        from .exchange.export import PdfExporter

        if self.session is None:
            return None
        self.save_open_edit()
        plan = self.session.state.plan
        exporter = PdfExporter(self.store, self)
        path = path or exporter.ask_path(plan.title, self.store.revision_of(plan.id))
        if path is None:
            return None
        exporter.exported.connect(self._exported)
        if not exporter.start(plan.id, self.session.author, path):
            return None
        self._exporter = exporter
        return exporter

    @Slot(Path)
    def _exported(self, path: Path) -> None:
        self.last_export_path = path  # where File ▸ Sign… looks first
        self.return_to_me()
        if self.plan_view is not None:
            self.plan_view.header.refresh()
        self.statusBar().showMessage(f"Exported to {path}", 8000)

    # -- "editing as" ------------------------------------------------------------------

    def _refresh_authors(self) -> None:
        self.author_box.clear()
        self._authors = []
        if self.session is None:
            self._show_proxy_note()
            return
        current = self.session.author
        self._authors.append(self.me)
        mine = self._linked_person(self.session.state, ask=False)
        me = (
            self.me
            if mine is None
            else Author(mine.name, mine.side, mine.id, self.me.organisation, self.me.email)
        )
        self._authors[0] = me
        self.author_box.addItem(f"{me.name} (you, {label(me.side)})")
        for person in self.session.state.ordered("person"):
            author = Author(person.name, person.side, person.id)
            if mine is not None and person.id == mine.id:
                continue
            self._authors.append(author)
            self.author_box.addItem(f"{person.name} ({label(person.side)})")
        for position, author in enumerate(self._authors):
            if (author.person_id, author.name) == (current.person_id, current.name):
                self.author_box.setCurrentIndex(position)
                break
        else:
            self.author_box.setCurrentIndex(0)
            self.session.set_author(self._authors[0])
        self._show_proxy_note()

    @Slot(int)
    def _author_chosen(self, position: int) -> None:
        if self.session is not None and 0 <= position < len(self._authors):
            self.session.set_author(self._authors[position])
            self.statusBar().showMessage(
                f"Changes are now attributed to {self._authors[position].name}", 4000
            )
        self._show_proxy_note()

    def _show_proxy_note(self) -> None:
        author = self.session.author if self.session is not None else None
        for_someone = author is not None and bool(self._authors) and author != self._authors[0]
        if for_someone:
            self.proxy_note.setText(
                f"Entering for {author.name} ({label(author.side)}): proposed by them, "
                f"entered by you"
            )
        self.proxy_action.setVisible(for_someone)

    def return_to_me(self) -> None:
        """Changes are this copy's user's own again (after exporting, signing, closing)."""
        if self.session is not None and self._authors:
            self.author_box.setCurrentIndex(0)
            self.session.set_author(self._authors[0])
        self._show_proxy_note()

    def editing_as(self, name: str) -> None:
        """Attribute the next changes to the person called `name` (used by tests and scripts)."""
        for position, author in enumerate(self._authors):
            if author.name == name:
                self.author_box.setCurrentIndex(position)
                self._author_chosen(position)
                return
        raise KeyError(name)

    @Slot(list)
    def _after_change(self, changes) -> None:
        self.banner.hide()
        if any(c.entity == "person" for c in changes):
            self._refresh_authors()
        if any(c.entity == "plan" and c.field == "title" for c in changes):
            self.setWindowTitle(f"{self.session.state.plan.title} — MutualPlan")

    # -- messages ----------------------------------------------------------------------

    @Slot(str)
    def show_refusal(self, message: str) -> None:
        """A rule refused an edit: say why in the window, without a modal interruption."""
        self.banner.setText(f"Not saved: {message}")
        self.banner.show()
        self._banner_timer.start(12000)

    @Slot(str)
    def show_store_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, "MutualPlan could not save", message)

    @Slot()
    def about(self) -> None:
        from PySide6.QtCore import qVersion
        from PySide6.QtWidgets import QMessageBox

        from ..versions import component_versions

        parts = " · ".join(f"{k} {v}" for k, v in component_versions(qVersion()).items())
        QMessageBox.about(
            self,
            "About MutualPlan",
            f"<b>MutualPlan {__version__}</b><br>One committed course of action, written by "
            f"seller and buyer together.<br><br>{parts}<br>Database: {self.store.path}",
        )

    # -- editing -------------------------------------------------------------------------

    def _selected(self) -> tuple[str | None, str | None, QAbstractItemView | None]:
        """(kind, id, view) of the row the user is working on."""
        view_ = self.plan_view
        if view_ is None:
            return None, None, None
        for view, kind in ((view_.people, "person"), (view_.evidence, "evidence")):
            if view.hasFocus() and view.currentIndex().isValid():
                return kind, view.currentIndex().data(ID_ROLE), view
        index = view_.tree.currentIndex()
        if index.isValid():
            return index.data(KIND_ROLE), index.data(ID_ROLE), view_.tree
        return None, None, view_.tree

    def _edit_title(self, entity_id: str) -> None:
        view = self.plan_view
        index = view.milestones.index_of(entity_id, TITLE_COLUMN)
        if index.isValid():
            view.tree.setCurrentIndex(index)
            view.tree.scrollTo(index)
            view.tree.setFocus()
            view.tree.edit(index)

    @Slot()
    def add_milestone(self) -> None:
        if self.session is None:
            return
        kind, entity_id, _view = self._selected()
        state = self.session.state
        after = entity_id if kind == "milestone" else None
        if kind == "action":
            after = state.actions[entity_id].milestone_id
        elif kind is None and self.plan_view is not None:  # on a phase heading: its last
            after = self.plan_view.milestones.last_under(self.plan_view.tree.currentIndex())
        values = {"title": "New milestone"}
        if after in state.milestones and state.milestones[after].phase:
            values["phase"] = state.milestones[after].phase  # the next step, same phase
        changes = edits.add_milestone(state, values, after_id=after)
        if self.session.apply(changes, "Add milestone"):
            self._edit_title(changes[0].entity_id)

    @Slot()
    def add_action(self) -> None:
        if self.session is None:
            return
        kind, entity_id, _view = self._selected()
        state = self.session.state
        if kind == "milestone":
            milestone_id, after = entity_id, None
        elif kind == "action":
            milestone_id, after = state.actions[entity_id].milestone_id, entity_id
        else:
            self.show_refusal("Select a milestone first: actions belong to a milestone.")
            return
        changes = edits.add_action(state, milestone_id, {"title": "New action"}, after_id=after)
        if self.session.apply(changes, "Add action"):
            self._edit_title(changes[0].entity_id)

    def _add_row(self, kind: str, values: dict, tab_view: QAbstractItemView) -> None:
        if self.session is None:
            return
        state = self.session.state
        adder = edits.add_person if kind == "person" else edits.add_evidence
        changes = adder(state, values)
        if self.session.apply(changes, f"Add {kind}"):
            model = tab_view.model()
            self.plan_view.tabs.setCurrentWidget(tab_view)
            index = model.index(model.row_of(changes[0].entity_id), 0 if kind == "person" else 1)
            tab_view.setCurrentIndex(index)
            tab_view.setFocus()
            tab_view.edit(index)

    @Slot()
    def add_person(self) -> None:
        if self.plan_view:
            side = "buyer" if self.me.side == "seller" else "seller"
            self._add_row("person", {"name": "New person", "side": side}, self.plan_view.people)

    @Slot()
    def add_evidence(self) -> None:
        if self.plan_view:
            kind, entity_id, _ = self._selected()
            values = {"title": "New evidence"}
            if kind == "milestone":
                values["milestone_id"] = entity_id
            self._add_row("evidence", values, self.plan_view.evidence)

    @Slot()
    def delete_selected(self) -> None:
        if self.session is None:
            return
        kind, entity_id, view = self._selected()
        if kind is None or entity_id is None:
            return
        row = view.currentIndex().row() if view else 0
        parent = view.currentIndex().parent() if view else QModelIndex()
        changes = edits.delete(self.session.state, kind, entity_id)
        if self.session.apply(changes) and view is not None:
            model = view.model()
            count = model.rowCount(parent)
            if count:
                view.setCurrentIndex(
                    model.index(
                        min(row, count - 1),
                        TITLE_COLUMN if view is self.plan_view.tree else 0,
                        parent,
                    )
                )
            self.statusBar().showMessage(
                f"Removed. {self.undo_action.text()} brings it back.", 5000
            )

    def move_selected(self, delta: int) -> None:
        if self.session is None:
            return
        kind, entity_id, view = self._selected()
        if kind is None:
            return
        state = self.session.state
        entity = state.get(kind, entity_id)
        siblings = (
            state.actions_of(entity.milestone_id) if kind == "action" else state.ordered(kind)
        )
        position = siblings.index(entity) + delta
        column = view.currentIndex().column() if view is not None else 0
        if self.session.apply(edits.move(state, kind, entity_id, position)) and view is not None:
            if view is self.plan_view.tree:
                index = self.plan_view.milestones.index_of(entity_id, column)
            else:
                index = view.model().index(view.model().row_of(entity_id), column)
            view.setCurrentIndex(index)

    def current_milestone(self) -> Milestone | None:
        kind, entity_id, _ = self._selected()
        return self.session.state.milestones.get(entity_id) if kind == "milestone" else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Commit an edit still open in a cell or the header before the window goes.
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        event.accept()
