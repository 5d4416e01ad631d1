"""The top of the plan: what the buyer wants to achieve and how both sides will know."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from ...domain import edits
from ...domain.changes import Change
from ...domain.health import PlanHealth
from ...domain.model import Plan, PlanStatus, label
from ...i18n import N_, _, ngettext
from ..common.theme import alert_colour, caution_colour, muted_colour
from ..common.values import rich_text
from ..session import PlanSession
from .delegates import DateLineEdit


class NoteEdit(QPlainTextEdit):
    """Multi-line text that commits when focus leaves it, or on Ctrl+Enter."""

    editingFinished = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.editingFinished.emit()
            return
        super().keyPressEvent(event)


class PlanHeader(QWidget):
    conflictsRequested = Signal()  # the conflicts badge was clicked

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLineEdit()
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.buyer = QLineEdit()
        self.seller = QLineEdit()
        self.status = QComboBox()
        for status in PlanStatus:
            self.status.addItem(_(label(status)), str(status))
        # Typed as quick add reads dates (12 Mar, +2w, T); shown whole: there is room.
        self.target = DateLineEdit(long=True)
        self.objective = NoteEdit(_("What is the buyer trying to achieve, and by when?"))
        self.criteria = NoteEdit(_("How will both sides know it worked? One criterion per line."))
        for note in (self.objective, self.criteria):
            note.setMaximumHeight(note.fontMetrics().lineSpacing() * 4 + 12)
        self.health = QLabel()
        self.health.setObjectName("plan_health")
        self.health.setAccessibleName(_("Plan health"))
        self.health.setWordWrap(True)  # long lines wrap rather than widen the window
        self.health.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.revision = QLabel()
        self.revision.setTextFormat(Qt.TextFormat.RichText)
        self.revision.linkActivated.connect(lambda _link: self.conflictsRequested.emit())
        for line in (self.buyer, self.seller):
            line.setMinimumWidth(line.fontMetrics().averageCharWidth() * 30)

        self._editors: dict[str, QWidget] = {
            "title": self.title,
            "buyer_org": self.buyer,
            "seller_org": self.seller,
            "status": self.status,
            "target_date": self.target,
            "objective": self.objective,
            "success_criteria": self.criteria,
        }
        for name, editor in self._editors.items():
            editor.setAccessibleName(_(Plan.FIELDS[name].label))
            editor.setObjectName(f"plan_{name}")

        # One line instead of the whole header (a small screen, a projector): the title,
        # the objective, and a button to open the rest again.
        self.objective_line = QLabel()
        self.objective_line.setObjectName("objectiveLine")
        self.objective_line.setAccessibleName(_("Buyer's objective"))
        self.objective_line.setTextFormat(Qt.TextFormat.PlainText)
        self.objective_line.hide()
        self.toggle = QToolButton()
        self.toggle.setObjectName("headerToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self.set_collapsed)
        self._details: list[QWidget] = []

        layout = QGridLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.title, 0, 0, 1, 4)
        layout.addWidget(self.toggle, 0, 4)
        layout.addWidget(self.objective_line, 1, 0, 1, 5)
        parties = QFormLayout()
        parties.addRow(_("&Buyer"), self.buyer)
        parties.addRow(_("S&eller"), self.seller)
        parties.addRow(_("Tar&get date"), self.target)
        parties.addRow(_("&Status"), self.status)
        self.details = QWidget()
        details = QGridLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(parties, 0, 0)
        objective = QFormLayout()
        objective.addRow(_("Buyer's &objective"), self.objective)
        objective.addRow(_("Success &criteria"), self.criteria)
        details.addLayout(objective, 0, 1)
        details.setColumnStretch(1, 3)
        layout.addWidget(self.details, 2, 0, 1, 5)
        layout.addWidget(self.revision, 3, 0)
        layout.addWidget(self.health, 3, 1, 1, 4)
        layout.setColumnStretch(1, 3)
        self.set_collapsed(False)

        self.title.editingFinished.connect(lambda: self._commit("title", self.title.text()))
        self.buyer.editingFinished.connect(lambda: self._commit("buyer_org", self.buyer.text()))
        self.seller.editingFinished.connect(lambda: self._commit("seller_org", self.seller.text()))
        self.objective.editingFinished.connect(
            lambda: self._commit("objective", self.objective.toPlainText())
        )
        self.criteria.editingFinished.connect(
            lambda: self._commit("success_criteria", self.criteria.toPlainText())
        )
        self.status.activated.connect(lambda: self._commit("status", self.status.currentData()))
        self.target.editingFinished.connect(self._target_typed)
        self.target.textChanged.connect(self._target_changing)
        session.changesApplied.connect(self._on_changes)
        session.planReloaded.connect(self.refresh)
        self.refresh()
        self._ready = True

    _ready = False
    _link_colour = ""

    @Slot()
    def _target_typed(self) -> None:
        ok, value, message = self.target.understood()
        if ok:
            self._commit("target_date", value)
        else:  # kept as typed, to be corrected; nothing saved
            self.session.editRefused.emit(f"{_('Target date')}: {message}")

    @Slot()
    def _target_changing(self) -> None:
        if self.target.understood()[0]:
            self.session.refusalCleared.emit()

    @Slot(bool)
    def set_collapsed(self, collapsed: bool) -> None:
        """The header as one line (title, objective) or whole; the button toggles it."""
        if self.toggle.isChecked() != collapsed:
            self.toggle.setChecked(collapsed)  # comes back here through `toggled`
            return
        focus = self.focusWidget()
        if collapsed and focus is not None and self.details.isAncestorOf(focus):
            focus.clearFocus()  # what was typed there is saved first
        self.details.setVisible(not collapsed)
        self.objective_line.setVisible(collapsed)
        self.toggle.setText(_("Show details ▾") if collapsed else _("Hide details ▴"))
        self.toggle.setToolTip(
            _("Show the parties, target date and success criteria")
            if collapsed
            else _("Keep the header to one line: more rows of the plan show")
        )
        self._show_objective_line()

    def _show_objective_line(self) -> None:
        text = " ".join(self.session.state.plan.objective.split()) or _("No objective yet")
        self.objective_line.setToolTip(self.session.state.plan.objective)
        metrics = self.objective_line.fontMetrics()
        width = max(self.width() - 24, 200)
        self.objective_line.setText(
            metrics.elidedText(
                _("Objective: {text}").format(text=text), Qt.TextElideMode.ElideRight, width
            )
        )

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if self.objective_line.isVisible():
            self._show_objective_line()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if self._ready and event.type() == QEvent.Type.PaletteChange:
            # The light or dark theme: the same lines in its colours, without reading the
            # database (this also runs while a window is closing).
            new = alert_colour(self).name()
            if self._link_colour and new != self._link_colour:
                self.revision.setText(self.revision.text().replace(self._link_colour, new))
            self._link_colour = new
            self.refresh_health()

    def _commit(self, name: str, value: Any) -> None:
        if isinstance(value, str) and name != "objective" and name != "success_criteria":
            value = value.strip()
        state = self.session.state
        changes = edits.set_field(state, "plan", state.id, name, value)
        if changes and not self.session.apply(changes):
            self.refresh()  # show what the plan still holds

    @Slot(list)
    def _on_changes(self, changes: list[Change]) -> None:
        if any(c.entity == "plan" for c in changes):
            self.refresh()
        else:
            self.refresh_health()
            self.refresh_revision()

    @Slot()
    def refresh(self) -> None:
        plan = self.session.state.plan
        self._set_text(self.title, plan.title)
        self._set_text(self.buyer, plan.buyer_org)
        self._set_text(self.seller, plan.seller_org)
        if self.objective.toPlainText() != plan.objective:
            self.objective.setPlainText(plan.objective)
        if self.criteria.toPlainText() != plan.success_criteria:
            self.criteria.setPlainText(plan.success_criteria)
        self.status.setCurrentIndex(max(self.status.findData(str(plan.status)), 0))
        if not self.target.hasFocus():
            self.target.blockSignals(True)
            self.target.set_value(plan.target_date, select=False)
            self.target.blockSignals(False)
        self.refresh_revision()
        self.refresh_health()
        if self.objective_line.isVisible():
            self._show_objective_line()

    def refresh_revision(self) -> None:
        store, plan = self.session.store, self.session.state.plan
        number = store.revision_of(plan.id)
        frozen = {r.number: r for r in store.revisions(plan.id)}.get(number)
        if frozen is None:
            state = _("draft, not exported yet")
        else:
            sides = store.signed_sides(plan.id, frozen.sha256)
            by_hand = {
                row["side"]
                for row in store.signatures_of(plan.id, frozen.sha256)
                if row["kind"] == "in person"
            } - sides
            sha = frozen.sha256[:8]
            if sides >= {"seller", "buyer"}:
                state = _("<b>mutually committed</b> ({sha}, signed by both sides)").format(sha=sha)
            elif sides:
                state = (
                    _("exported as {sha}, signed by the seller")
                    if "seller" in sides
                    else _("exported as {sha}, signed by the buyer")
                ).format(sha=sha)
            else:
                state = _("exported as {sha}, not signed yet").format(sha=sha)
            for side in sorted(by_hand):
                # A drawing captured in person acknowledges; it is not a signature.
                said = (
                    _("acknowledged in person by the seller")
                    if side == "seller"
                    else _("acknowledged in person by the buyer")
                )
                state += (
                    f", <span style='color:{caution_colour(self).name()}'><b>{said}</b> "
                    f"{_('(not a digital signature)')}</span>"
                )
        committed = store.last_committed_revision(plan.id)
        if committed is not None and committed is not frozen and committed.number != number:
            state += " · " + _("last committed: revision {label}").format(label=committed.label)
        conflicts = len(store.conflicts_of(plan.id))
        self._link_colour = alert_colour(self).name()
        if conflicts:
            state += (
                f" · <a href='conflicts' style='color:{self._link_colour}'>"
                "<b>"
                + ngettext("{count} conflict to settle", "{count} conflicts to settle", conflicts)
                .format(count=conflicts)
                + "</b></a>"
            )
        self.revision.setText(_("Revision {number} · {state}").format(number=number, state=state))

    def refresh_health(self) -> None:
        health = self.session.health()
        self.health.setText(health_line(health, self))
        self.health.setAccessibleDescription(health_words(health))

    @staticmethod
    def _set_text(editor: QLineEdit, text: str) -> None:
        if editor.text() != text:
            editor.setText(text)


def _health_counts(health: PlanHealth) -> list[tuple[int, str, str]]:
    """(count, what, kind): the four a workshop watches always, blocked when there are."""
    counts = [
        (health.overdue, N_("{count} overdue"), "alert"),
        (health.unowned, N_("{count} unowned"), "caution"),
        (health.undated, N_("{count} undated"), "caution"),
        (health.at_risk, N_("{count} at risk"), "alert"),
    ]
    if health.blocked:
        counts.append((health.blocked, N_("{count} blocked"), "alert"))
    return counts


def _problems(health: PlanHealth) -> list[str]:
    """The plan-wide problems in the window's language."""
    return [_(template).format(**values) for template, values in health.problem_templates]


def health_words(health: PlanHealth) -> str:
    """'2/10 done · 3 overdue · 1 unowned · 0 undated · 0 at risk · no target date'."""
    parts = [_("{done}/{total} done").format(done=health.done, total=health.total)]
    parts += [_(what).format(count=count) for count, what, _kind in _health_counts(health)]
    return " · ".join(parts + _problems(health))


def health_line(health: PlanHealth, widget: QWidget) -> str:
    """The counts of `assess` in one glance: what needs attention in colour and bold,
    zeros muted, then the plan-wide problems (too many steps, past the target)."""
    colours = {
        "alert": alert_colour(widget).name(),
        "caution": caution_colour(widget).name(),
        "muted": muted_colour(widget).name(),
    }
    done = _("{done}/{total} done").format(done=health.done, total=health.total)
    parts = [f"<b>{_('Health')}</b> &nbsp;{done}"]
    for count, what, kind in _health_counts(health):
        said = _(what).format(count=count)
        if count:
            parts.append(f"<span style='color:{colours[kind]}'><b>{said}</b></span>")
        else:
            parts.append(f"<span style='color:{colours['muted']}'>{said}</span>")
    for problem in _problems(health):
        parts.append(f"<span style='color:{colours['alert']}'><b>{rich_text(problem)}</b></span>")
    return " · ".join(parts)
