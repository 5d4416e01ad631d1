"""The list of changes: since the last signed revision, or the latest ones of a plan
nobody has signed yet, each with who proposed it and from what to what."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from ..domain.changes import CREATE, DELETE, RecordedChange
from ..domain.entity_names import EntityNames, name_in
from ..domain.model import field_spec
from ..domain.state import PlanState
from ..domain.wording import sentence
from ..i18n import _, gettext, ngettext
from .cells import Cells, CellTable
from .job import ExportJob
from .sections import SPLIT_IN_ROW, columns, grid_style, header_row
from .styles import SHADE, Styles, hex_of, side_colour
from .text import choice, date_of, esc, fmt_date, shorten, side_name

# Without a signed revision the whole log would be listed; the document shows the
# latest ones and the embedded plan data keeps them all.
LATEST_CHANGES = 200
VALUE_LIMIT = 160


class _Names(EntityNames):
    """What to call an entity in a sentence, including ones since deleted."""

    def milestone(self, milestone_id: str) -> str:
        title = shorten(self.name("milestone", milestone_id), 60) or _("a removed milestone")
        if milestone_id in self.state.milestones:
            return f"#{self.state.milestone_number(milestone_id)} “{title}”"
        return f"“{title}”"

    def person(self, person_id: str) -> str:
        return self.name("person", person_id) or _("someone no longer in the plan")

    def value(self, kind: str, field: str, value: Any) -> str:
        spec = field_spec(kind, field)
        if value is None or value == "" or value == ():
            return _("(empty)")
        if spec.kind == "date":
            return fmt_date(value)
        if spec.kind == "choice":
            return choice(value)
        if spec.kind == "bool":
            return _("yes") if value else _("no")
        if spec.kind == "person":
            return self.person(value)
        if spec.kind == "milestone":
            return self.milestone(value)
        if spec.kind == "milestones":
            return ", ".join(self._milestone_short(mid) for mid in value)
        if spec.kind in ("text", "longtext"):
            return f"“{shorten(str(value), VALUE_LIMIT)}”"
        return str(value)

    def _milestone_short(self, milestone_id: str) -> str:
        if milestone_id in self.state.milestones:
            return f"#{self.state.milestone_number(milestone_id)}"
        return f"“{shorten(self.name('milestone', milestone_id), 40)}”"


def describe(record: RecordedChange, names: _Names) -> str:
    """'Changed the due date of #4 “Proof of concept” from 12 Mar 2026 to 19 Mar 2026'
    (markup)."""
    change = record.change
    created = ""
    if change.op in (CREATE, DELETE):
        values = change.new if change.op == CREATE else change.old
        name = name_in(change.entity, values)
        if change.op == CREATE:  # as it is named now ("New person" was only a start)
            name = names.name(change.entity, change.entity_id) or name
        name = shorten(name, 80)
        created = f"“{name}”" if name else ""
        if change.entity == "action" and values and values.get("milestone_id"):
            created = _("{action} to {milestone}").format(
                action=created, milestone=names.milestone(values["milestone_id"])
            )
    if change.entity == "milestone":
        subject = names.milestone(change.entity_id)
    else:
        subject = f"“{shorten(names.name(change.entity, change.entity_id), 60)}”"
    field = change.field or ""
    return esc(
        sentence(
            change,
            "",
            subject,
            lambda v: names.value(change.entity, field, v),
            created.strip(),
            gettext,
        )
    )


def _group_of(record: RecordedChange, state: PlanState) -> str | None:
    """The milestone a change belongs with (its own, an action's, an evidence item's)."""
    change = record.change
    if change.entity == "milestone":
        return change.entity_id
    values = change.new if change.op == CREATE else change.old if change.op == DELETE else None
    entity = state.get(change.entity, change.entity_id)
    milestone_id = getattr(entity, "milestone_id", None) if entity else None
    if milestone_id is None and isinstance(values, dict):
        milestone_id = values.get("milestone_id")
    return milestone_id


def created_summary(job: ExportJob) -> str:
    """'Created by Priya Raghunathan on 27 Nov 2026: 12 milestones, 8 people, 7 evidence
    items; 134 changes by 3 people so far.'"""
    state, history = job.state, job.history
    first = history[0] if history else None
    counts = (
        ngettext("{n} milestone", "{n} milestones", len(state.milestones)).format(
            n=len(state.milestones)
        )
        + ", "
        + ngettext("{n} person", "{n} people", len(state.people)).format(n=len(state.people))
        + ", "
        + ngettext("{n} evidence item", "{n} evidence items", len(state.evidence)).format(
            n=len(state.evidence)
        )
    )
    if first is not None:
        text = _("Created by {name} on {date}: {counts}").format(
            name=first.author.name, date=fmt_date(date_of(first.at)), counts=counts
        )
    else:
        text = _("Created: {counts}").format(counts=counts)
    authors = {r.author.name for r in history}
    if history:
        text += _(
            "; {changes} by {people} so far, each kept with who proposed it in the embedded "
            "plan data."
        ).format(
            changes=ngettext("{n} change", "{n} changes", len(history)).format(n=len(history)),
            people=ngettext("{n} person", "{n} people", len(authors)).format(n=len(authors)),
        )
    return text


def _without_steps_of_new_items(records: list[RecordedChange]) -> list[RecordedChange]:
    """An item added in these changes is listed once, as added: the edits that filled
    it in afterwards ("New person" renamed, its role set) are part of adding it. An item
    added and removed again is not listed at all."""
    created = {
        (r.change.entity, r.change.entity_id) for r in records if r.change.op == CREATE
    }
    removed = {
        (r.change.entity, r.change.entity_id) for r in records if r.change.op == DELETE
    }
    kept = []
    for record in records:
        key = (record.change.entity, record.change.entity_id)
        if key in created and key in removed:
            continue
        if key in created and record.change.op not in (CREATE, DELETE):
            continue
        kept.append(record)
    return kept


def changes_section(job: ExportJob, styles: Styles, width: float) -> list[Flowable]:
    if job.baseline_revision is None:
        # A plan nobody has signed yet: what it holds and who made it, not the hundred
        # small steps of building it.
        return [
            Paragraph(_("Changes so far (no revision signed yet)"), styles.h1),
            Paragraph(esc(created_summary(job)), styles.body),
        ]
    signed = job.baseline_revision
    title = _("Changes since the last signed revision (revision {number}, {sha256})").format(
        number=signed.number, sha256=signed.sha256[:8]
    )
    records = job.changes_since_baseline
    story: list[Flowable] = [Paragraph(esc(title), styles.h1)]
    if not records:
        unchanged = _("Nothing has changed since that revision was signed.")
        story.append(Paragraph(unchanged, styles.note))
        return story
    names = _Names(job.state, job.history)
    # Grouped by milestone, in the plan's order; then the plan, its people and the rest.
    groups: dict[str | None, list[RecordedChange]] = {}
    for record in _without_steps_of_new_items(records):
        groups.setdefault(_group_of(record, job.state), []).append(record)
    order = [m.id for m in job.state.milestone_order()]
    keys = sorted(
        groups,
        key=lambda k: (k is None, order.index(k) if k in order else len(order), str(k)),
    )
    rows = [header_row(styles, _("When"), _("What changed"), _("Proposed by"))]
    cell = Cells()
    group_rows: list[int] = []
    for key in keys:
        heading = (
            names.milestone(key) if key is not None else _("The plan, its people and evidence")
        )
        group_rows.append(len(rows))
        rows.append([Paragraph(f"<b>{esc(heading)}</b>", styles.cell), "", ""])
        for record in groups[key]:
            rows.append(_row(record, names, styles, cell))
    spans = []
    for row in group_rows:
        spans += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), SHADE)]
    table = CellTable(
        rows,
        colWidths=columns(width, 13, 62, 25),
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=SPLIT_IN_ROW,
        style=grid_style(*spans),
    )
    story.append(table)
    return story


def _row(record: RecordedChange, names: _Names, styles: Styles, cell: Cells) -> list[Paragraph]:
    side = record.author.side
    who = (
        f"{esc(record.author.name)} <font color='{hex_of(side_colour(side))}'>"
        f"· {esc(side_name(side))}</font>"
    )
    if record.entered_by is not None:
        entered = _("entered by {name}").format(name=esc(record.entered_by.name))
        who += f"<br/><font size='7'>{entered}</font>"
    return [
        cell(fmt_date(date_of(record.at)), styles.cell),
        cell(describe(record, names), styles.cell),
        cell(who, styles.cell),
    ]
