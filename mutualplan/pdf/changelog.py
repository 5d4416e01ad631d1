"""The list of changes: since the last signed revision, or the latest ones of a plan
nobody has signed yet, each with who proposed it and from what to what."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, LongTable, Paragraph

from ..domain.changes import CREATE, DELETE, REORDER, RecordedChange
from ..domain.model import field_spec, label
from ..domain.state import PlanState
from .cells import Cells
from .job import ExportJob
from .sections import SPLIT_IN_ROW, columns, grid_style, header_row
from .styles import MUTED, SHADE, Styles, hex_of, side_colour
from .text import date_of, esc, fmt_date, shorten, side_name

# Without a signed revision the whole log would be listed; the document shows the
# latest ones and the embedded plan data keeps them all.
LATEST_CHANGES = 200
VALUE_LIMIT = 160


# A person's `title` is their job title; what names them is `name`.
_NAME_FIELD = {"person": "name"}


def _name_in(kind: str, values: dict[str, Any] | None) -> str:
    return str((values or {}).get(_NAME_FIELD.get(kind, "title")) or "")


class _Names:
    """What to call an entity in a sentence, including ones since deleted."""

    def __init__(self, state: PlanState, history: list[RecordedChange]) -> None:
        self.state = state
        self.known: dict[tuple[str, str], str] = {}
        for record in history:
            change = record.change
            key = (change.entity, change.entity_id)
            if change.op in (CREATE, DELETE):
                name = _name_in(change.entity, change.new if change.op == CREATE else change.old)
                if name:
                    self.known[key] = name
            elif change.field == _NAME_FIELD.get(change.entity, "title") and change.new:
                self.known[key] = change.new

    def title(self, kind: str, entity_id: str) -> str:
        entity = self.state.get(kind, entity_id)
        name = getattr(entity, _NAME_FIELD.get(kind, "title"), "") if entity else ""
        return name or self.known.get((kind, entity_id), "")

    def milestone(self, milestone_id: str) -> str:
        title = shorten(self.title("milestone", milestone_id), 60) or "a removed milestone"
        if milestone_id in self.state.milestones:
            return f"#{self.state.milestone_number(milestone_id)} “{title}”"
        return f"“{title}”"

    def person(self, person_id: str) -> str:
        return self.title("person", person_id) or "someone no longer in the plan"

    def value(self, kind: str, field: str, value: Any) -> str:
        spec = field_spec(kind, field)
        if value is None or value == "" or value == ():
            return "(empty)"
        if spec.kind == "date":
            return fmt_date(value)
        if spec.kind == "choice":
            return label(value)
        if spec.kind == "bool":
            return "yes" if value else "no"
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
        return f"“{shorten(self.title('milestone', milestone_id), 40)}”"


def describe(record: RecordedChange, names: _Names) -> str:
    """'Change milestone due — #4 “Proof of concept”: 12 Mar 2026 → 19 Mar 2026' (markup)."""
    change = record.change
    what = esc(change.describe())
    if change.op in (CREATE, DELETE):
        values = change.new if change.op == CREATE else change.old
        verb = "Add" if change.op == CREATE else "Remove"
        name = shorten(_name_in(change.entity, values), 80)
        text = f"{verb} {change.entity}" + (f" “{name}”" if name else "")
        if change.entity == "action" and values and values.get("milestone_id"):
            text += f" to {names.milestone(values['milestone_id'])}"
        return esc(text)
    if change.entity == "milestone":
        subject = names.milestone(change.entity_id)
    else:
        subject = f"“{shorten(names.title(change.entity, change.entity_id), 60)}”"
    if change.op == REORDER:
        return f"{what} {esc(subject)}"
    old = names.value(change.entity, change.field or "", change.old)
    new = names.value(change.entity, change.field or "", change.new)
    muted = hex_of(MUTED)
    return f"{what} — {esc(subject)}<br/><font color='{muted}'>{esc(old)}</font> → {esc(new)}"


def changes_section(job: ExportJob, styles: Styles, width: float) -> list[Flowable]:
    if job.baseline_revision is not None:
        signed = job.baseline_revision
        title = (
            f"Changes since the last signed revision "
            f"(revision {signed.number}, {signed.sha256[:8]})"
        )
        records = job.changes_since_baseline
        story: list[Flowable] = [Paragraph(esc(title), styles.h1)]
        if not records:
            story.append(
                Paragraph("Nothing has changed since that revision was signed.", styles.note)
            )
            return story
    else:
        story = [Paragraph("Changes so far (no revision signed yet)", styles.h1)]
        records = job.history[-LATEST_CHANGES:]
        earlier = len(job.history) - len(records)
        if earlier:
            story.append(
                Paragraph(
                    f"The latest {len(records)} changes, oldest first; …and {earlier} earlier "
                    "changes, all in the embedded plan data.",
                    styles.note,
                )
            )
        if not records:
            story.append(Paragraph("No changes recorded.", styles.note))
            return story
    names = _Names(job.state, job.history)
    rows = [header_row(styles, "When", "What changed", "Proposed by")]
    cell = Cells()
    for record in records:
        side = record.author.side
        who = (
            f"{esc(record.author.name)} <font color='{hex_of(side_colour(side))}'>"
            f"· {esc(side_name(side))}</font>"
        )
        if record.entered_by is not None:
            who += f"<br/><font size='7'>entered by {esc(record.entered_by.name)}</font>"
        rows.append(
            [
                cell(fmt_date(date_of(record.at)), styles.cell),
                cell(describe(record, names), styles.cell),
                cell(who, styles.cell),
            ]
        )
    table = LongTable(
        rows,
        colWidths=columns(width, 13, 62, 25),
        repeatRows=1,
        hAlign="LEFT",
        splitInRow=SPLIT_IN_ROW,
    )
    table.setStyle(grid_style(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, SHADE])))
    story.append(table)
    return story
