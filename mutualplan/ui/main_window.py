"""The main window: menus and toolbar built from the feature table (ui/features.py), the
"editing as" chooser, and the open plan. The features themselves live in their own
modules and see the window only as an `App` (ui/contract.py)."""

from __future__ import annotations

import linecache
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Author, label
from ..i18n import _
from ..store import Store, StoreError
from .common.icons import icon
from .common.language import add_language_menu, add_pdf_language_menu
from .common.overlay import MessageArea
from .common.theme import add_theme_menu
from .contract import OpenPlan
from .editor.milestone_model import TITLE_COLUMN
from .editor.plan_view import PlanView
from .features import FEATURES, MENUS, REDO_KEYS, UNDO_KEYS, Feature, feature, key_sequences
from .session import PlanSession
from .workshop.dependents_offer import offer_to_move_dependents

if TYPE_CHECKING:
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


def _icons_when_shown(menu: QMenu, pending: list[tuple[QAction, str]]) -> None:
    """Give the actions in `pending` their icons just before `menu` first shows."""
    if not pending:
        return

    def draw() -> None:
        menu.aboutToShow.disconnect(draw)
        for action, name in pending:
            action.setIcon(icon(name))

    menu.aboutToShow.connect(draw)


class MainWindow(QMainWindow):
    def __init__(self, store: Store, me: Author, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.me = me
        self.session: PlanSession | None = None
        self.plan_view: PlanView | None = None
        self.undo_group = QUndoGroup(self)
        self._actions: dict[str, QAction] = {}
        self._feature_states: dict[type, Any] = {}  # each feature's own state object
        self._on_open: list[Callable[[OpenPlan], None]] = []
        self.setWindowTitle("MutualPlan")
        self.resize(1400, 860)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(_("Message"))
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
        self.message_area.add(self.banner, BANNER_STYLE)

        self.author_box = QComboBox()
        self.author_box.setAccessibleName(_("Editing as"))
        self.author_box.setToolTip(_("Every change is attributed to this person"))
        self.author_box.setMinimumContentsLength(24)
        self.author_box.activated.connect(self._author_chosen)
        # Said while the user enters changes for someone else, in the toolbar so that
        # nothing under the pointer moves when it appears.
        self.proxy_note = QLabel()
        self.proxy_note.setObjectName("proxyNote")
        self.proxy_note.setAccessibleName(_("Entering changes for someone else"))
        self._authors: list[Author] = []
        self._build_actions()
        self._update_enabled()
        from .common.watch import OutsideChangesWatcher

        self.watcher = OutsideChangesWatcher(self)

    # -- menus and toolbar, from the feature table -------------------------------------

    def _make_action(self, entry: Feature) -> QAction:
        text, tip = _(entry.text), _(entry.tip) if entry.tip else ""
        action = QAction(text, self)
        sequences = key_sequences(entry.shortcuts)
        action.setShortcuts(sequences)
        if tip:
            action.setStatusTip(tip)
            # The keys as the platform writes them ("Ctrl+N"), not the enum's name.
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys})" if keys else tip)
        action.setCheckable(entry.checkable)
        if entry.icon and entry.toolbar:
            action.setIcon(icon(entry.icon))
        action.triggered.connect(lambda _=False, key=entry.key: self.run(key))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        undo = self.undo_group.createUndoAction(self, _("&Undo"))
        undo.setShortcuts(key_sequences(UNDO_KEYS))
        redo = self.undo_group.createRedoAction(self, _("&Redo"))
        redo.setShortcuts(key_sequences(REDO_KEYS))
        for action, name, text in ((undo, "undo", _("Undo")), (redo, "redo", _("Redo"))):
            action.setIcon(icon(name))
            action.setIconText(text)  # the menu keeps "Undo Add milestone"
            self.addAction(action)
        self._actions = {"undo": undo, "redo": redo}
        for entry in FEATURES:
            self._actions[entry.key] = self._make_action(entry)

        menus = {title: self.menuBar().addMenu(_(title)) for title in MENUS}
        menus["&Edit"].addActions([undo, redo])
        for entry in FEATURES:
            menu = menus[entry.menu]
            if entry.separator_before:
                menu.addSeparator()
            menu.addAction(self._actions[entry.key])
            if entry.key == "open_plan":
                self.recent_menu = menu.addMenu(_("&Recent plans"))
                self.recent_menu.aboutToShow.connect(self._fill_recent)
            if entry.key == "export":
                self.pdf_language_menu = add_pdf_language_menu(self, menu)
        add_theme_menu(self, menus["&View"])
        add_language_menu(self, menus["&View"])
        # The icons of actions shown only in a menu are read when the menu first opens:
        # at start only the toolbar's are on screen (each icon is five PNG files).
        for title, menu in menus.items():
            menu_only = [e for e in FEATURES if e.menu == title and e.icon and not e.toolbar]
            _icons_when_shown(menu, [(self._actions[e.key], e.icon) for e in menu_only])

        toolbar = QToolBar(_("Main"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        # One group per menu, each closed by a separator; Undo and Redo before Edit's.
        group = None
        for entry in FEATURES:
            if not entry.toolbar:
                continue
            if group is not None and entry.menu != group:
                toolbar.addSeparator()
            if entry.menu == "&Edit" and group != "&Edit":
                toolbar.addActions([undo, redo])
                toolbar.addSeparator()
            group = entry.menu
            toolbar.addAction(self._actions[entry.key])
        toolbar.addSeparator()
        # Toolbar buttons whose glyph says it all (their names stay in the tooltip, the
        # menu and for screen readers): the toolbar then fits a 1152-pixel-wide screen.
        icon_only = [undo, redo] + [self._actions[e.key] for e in FEATURES if e.icon_only]
        for action in icon_only:
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton) and not action.icon().isNull():
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, spacer.sizePolicy().verticalPolicy())
        toolbar.addWidget(spacer)
        toolbar.addWidget(QLabel(_("Editing as") + " "))
        toolbar.addWidget(self.author_box)
        self.proxy_action = toolbar.addWidget(self.proxy_note)
        self.proxy_action.setVisible(False)
        self.statusBar()

    def _update_enabled(self) -> None:
        has_plan = self.session is not None
        for entry in FEATURES:
            if entry.needs_plan:
                self._actions[entry.key].setEnabled(has_plan)
        self.author_box.setEnabled(has_plan)
        self.pdf_language_menu.setEnabled(has_plan)

    # -- what features use (ui/contract.py) ------------------------------------------

    @property
    def widget(self) -> QMainWindow:
        return self

    def action(self, key: str) -> QAction:
        return self._actions[key]

    def state[T](self, kind: type[T]) -> T:
        if kind not in self._feature_states:
            self._feature_states[kind] = kind()
        found: T = self._feature_states[kind]
        return found

    def say(self, message: str, timeout_ms: int = 6000) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def opened(self) -> OpenPlan | None:
        if self.session is None or self.plan_view is None:
            return None
        return OpenPlan(self, self.session, self.plan_view)

    def when_plan_opens(self, callback: Callable[[OpenPlan], None]) -> None:
        """Call `callback` with each plan opened from now on (once per callback)."""
        if callback not in self._on_open:
            self._on_open.append(callback)

    def run(self, key: str) -> object:
        """Run the feature `key`: with the open plan if it needs one (None without)."""
        entry = feature(key)
        if not entry.needs_plan:
            return entry.function()(self)
        opened = self.opened()
        return entry.function()(opened) if opened is not None else None

    def set_me(self, author: Author) -> None:
        self.me = author
        try:
            self.store.set_local_user(author)
        except StoreError as exc:
            self.show_store_error(str(exc))
        self._refresh_authors()

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
        if self.session is not None:
            self.undo_group.removeStack(self.session.undo_stack)
            self.session.deleteLater()
        self.session = PlanSession(self.store, state, self._default_author(state), self)
        self.session.editRefused.connect(self.show_refusal)
        self.session.refusalCleared.connect(self.banner.hide)
        self.session.storeFailed.connect(self.show_store_error)
        self.session.changesApplied.connect(self._after_change)
        self.session.planReloaded.connect(self._refresh_authors)
        offer_to_move_dependents(self, self.session)  # "also move what depends on it?"
        from .editor.done_actions import offer_to_tick_open_actions

        offer_to_tick_open_actions(self, self.session)  # "tick them too?"
        self.undo_group.addStack(self.session.undo_stack)
        self.undo_group.setActiveStack(self.session.undo_stack)
        self.plan_view = PlanView(self.session)
        screen = self.screen()
        if screen is not None and screen.availableGeometry().height() < COMPACT_BELOW:
            self.plan_view.set_compact(True)  # a laptop or projector: the table first
        self.plan_view.tree.addRequested.connect(lambda: self.run("add_milestone"))
        self.plan_view.header.conflictsRequested.connect(lambda: self.run("conflicts"))
        self.stack.addWidget(self.plan_view)
        self.stack.setCurrentWidget(self.plan_view)
        opened = OpenPlan(self, self.session, self.plan_view)
        if self.action("timeline").isChecked():  # the next plan opens with its timeline too
            from .timeline.timeline import show_timeline

            show_timeline(opened, True)
        self.setWindowTitle(f"{state.plan.title} — MutualPlan")
        for callback in self._on_open:
            callback(opened)
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

        names = [
            f"{p.name} — {p.title or (label(p.role) if p.role else _(label(p.side)))}"
            for p in candidates
        ]
        choice, ok = QInputDialog.getItem(
            self,
            _("Which one is you?"),
            _(
                "Several people in this plan could be you ({name}). Changes you make are "
                "attributed to the one you choose:"
            ).format(name=self.me.name),
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
            page.openPdfRequested.connect(lambda: self.run("import"))
            page.newPlanRequested.connect(lambda: self.run("new_plan"))
            page.openPlanRequested.connect(lambda: self.run("open_plan"))
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

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        titles = {p.id: p for p in self.store.plans()}
        for plan_id in self.store.recent_plans():
            plan = titles.get(plan_id)
            if plan:
                action = self.recent_menu.addAction(f"{plan.title} ({plan.buyer_org})")
                action.triggered.connect(lambda _=False, pid=plan_id: self.open_plan(pid))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(_("No recent plans")).setEnabled(False)

    @Slot()
    def open_sample(self) -> bool:
        from .plans import open_sample

        return open_sample(self)

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
        self.author_box.addItem(
            _("{name} (you, {side})").format(name=me.name, side=_(label(me.side)))
        )
        for person in self.session.state.ordered("person"):
            author = Author(person.name, person.side, person.id)
            if mine is not None and person.id == mine.id:
                continue
            self._authors.append(author)
            self.author_box.addItem(f"{person.name} ({_(label(person.side))})")
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
            self.say(
                _("Changes are now attributed to {name}").format(
                    name=self._authors[position].name
                ),
                4000,
            )
        self._show_proxy_note()

    def _show_proxy_note(self) -> None:
        author = self.session.author if self.session is not None else None
        for_someone = author is not None and bool(self._authors) and author != self._authors[0]
        if author is not None and for_someone:
            if not self.proxy_note.styleSheet():  # set when first needed, as bars' are
                self.proxy_note.setStyleSheet(PROXY_STYLE)
            self.proxy_note.setText(
                _("Entering for {name} ({side}): proposed by them, entered by you").format(
                    name=author.name, side=_(label(author.side))
                )
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
        if self.session is not None and any(
            c.entity == "plan" and c.field == "title" for c in changes
        ):
            self.setWindowTitle(f"{self.session.state.plan.title} — MutualPlan")

    # -- messages ----------------------------------------------------------------------

    @Slot(str)
    def show_refusal(self, message: str) -> None:
        """A rule refused an edit: say why in the window, without a modal interruption."""
        self.banner.setText(_("Not saved: {reason}").format(reason=message))
        self.banner.show()
        self._banner_timer.start(12000)

    @Slot(str)
    def show_store_error(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, _("MutualPlan could not save"), message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Commit an edit still open in a cell or the header before the window goes.
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        event.accept()
