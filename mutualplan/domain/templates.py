"""Plan templates: a named list of milestones with lead times, placed back from the
target date when a plan is started from one."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .calendars import Calendars
from .changes import Change
from .edits import add_action, add_milestone
from .model import Side
from .state import PlanState


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class TemplateMilestone:
    title: str
    side: str
    lead_days: int | None
    before_target_days: int | None
    exit_criteria: str = ""
    depends_on: tuple[int, ...] = ()
    actions: tuple[str, ...] = ()
    phase: str = ""  # the stage it belongs to: discover, validate, decide, contract...


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    milestones: tuple[TemplateMilestone, ...]
    objective: str = ""
    success_criteria: str = ""
    path: Path | None = field(default=None, compare=False)


def parse_template(data: Any, path: Path | None = None) -> Template:
    if not isinstance(data, dict) or data.get("format") != "mutualplan-template":
        raise TemplateError("not a MutualPlan template")
    try:
        milestones = []
        if not isinstance(data["milestones"], list):
            raise TemplateError("malformed template: milestones must be a list")
        for index, item in enumerate(data["milestones"]):
            if not isinstance(item, dict):
                raise TemplateError(f"milestone {index + 1} is not a set of values")
            for key in ("lead_days", "before_target_days"):
                days = item.get(key)
                # A negative offset is a step after the target date (hypercare, a review).
                if days is not None and (
                    isinstance(days, bool)
                    or not isinstance(days, int)
                    or (days < 0 and key == "lead_days")
                ):
                    raise TemplateError(f"milestone {index + 1}: {key} must be a whole number")
            if not isinstance(item["title"], str) or not item["title"].strip():
                raise TemplateError(f"milestone {index + 1} has no title")
            deps = tuple(int(d) for d in item.get("depends_on", ()))
            if any(not 0 <= d < index for d in deps):
                raise TemplateError(
                    f"milestone {index + 1} depends on one that does not precede it"
                )
            side = item.get("side", Side.JOINT)
            if side not in tuple(Side):
                raise TemplateError(f"milestone {index + 1}: unknown side {side!r}")
            milestones.append(
                TemplateMilestone(
                    title=str(item["title"]),
                    side=side,
                    lead_days=item.get("lead_days"),
                    before_target_days=item.get("before_target_days"),
                    exit_criteria=str(item.get("exit_criteria", "")),
                    depends_on=deps,
                    actions=tuple(str(a) for a in item.get("actions", ())),
                    phase=" ".join(str(item.get("phase", "")).split()),
                )
            )
        return Template(
            name=str(data["name"]),
            description=str(data.get("description", "")),
            milestones=tuple(milestones),
            objective=str(data.get("objective", "")),
            success_criteria=str(data.get("success_criteria", "")),
            path=path,
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, TemplateError):
            raise
        raise TemplateError(f"malformed template: {exc}") from exc


def load_templates(folder: Path) -> list[Template]:
    templates = []
    for path in sorted(folder.glob("*.json")):
        try:
            templates.append(parse_template(json.loads(path.read_text("utf-8")), path))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, TemplateError):
            continue  # a broken template file must not stop the app; it is just not offered
    return templates


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The date `count` working days (Mon-Fri) before `day`."""
    while count > 0:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass(frozen=True)
class TemplateDating:
    """How a template's milestones were dated for a new plan: back from the target,
    or, when that would start in the past, forward from today."""

    shifted_days: int  # every date moved this many days later (whole weeks); 0: none
    first_start: dt.date | None
    last_due: dt.date | None
    target: dt.date | None

    @property
    def late_by_days(self) -> int:
        """Days the last milestone is due after the target (0 when on time)."""
        if self.last_due is None or self.target is None:
            return 0
        return max((self.last_due - self.target).days, 0)


def _template_dates(
    template: Template, target: dt.date | None, calendars: Calendars, shift: int
) -> list[tuple[dt.date | None, dt.date | None]]:
    dates: list[tuple[dt.date | None, dt.date | None]] = []
    for item in template.milestones:
        due = start = None
        if target and item.before_target_days is not None:
            calendar = calendars.for_side(item.side)
            due = target - dt.timedelta(days=item.before_target_days)
            due = calendar.on_or_before(due)
            if shift:
                due = calendar.on_or_after(due + dt.timedelta(days=shift))
            if item.lead_days:
                start = calendar.add_working_days(due, -item.lead_days)
        dates.append((start, due))
    return dates


def template_dating(
    template: Template,
    target: dt.date | None,
    today: dt.date | None = None,
    calendars: Calendars | None = None,
) -> tuple[TemplateDating, list[tuple[dt.date | None, dt.date | None]]]:
    """The template's (start, due) per milestone, dated back from `target`; moved
    later by whole weeks when that would start any milestone before `today`."""
    calendars = calendars or Calendars()
    shift = 0
    while True:
        dates = _template_dates(template, target, calendars, shift)
        days = [d for pair in dates for d in pair if d is not None]
        first = min(days) if days else None
        if today is None or first is None or first >= today or shift > 5000:
            break
        shift += -(-(today - first).days // 7) * 7 or 7
    dues = [due for _, due in dates if due is not None]
    dating = TemplateDating(shift, first, max(dues) if dues else None, target)
    return dating, dates


def template_changes(
    state: PlanState,
    template: Template,
    *,
    today: dt.date | None = None,
    calendars: Calendars | None = None,
) -> list[Change]:
    """Milestones and actions of the template, dated back from the plan's target date
    (forward from `today` when back-scheduling would start in the past)."""
    _, dates = template_dating(template, state.plan.target_date, today, calendars)
    work = state.copy()
    changes: list[Change] = []
    ids: list[str] = []
    for item, (start, due) in zip(template.milestones, dates, strict=True):
        values = {
            "title": item.title,
            "side": item.side,
            "lead_days": item.lead_days,
            "start": start,
            "due": due,
            "exit_criteria": item.exit_criteria,
            "depends_on": tuple(sorted(ids[d] for d in item.depends_on)),
            "phase": item.phase,
        }
        [create] = add_milestone(work, values)
        work.apply(create)
        changes.append(create)
        ids.append(create.entity_id)
        for title in item.actions:
            [action] = add_action(work, create.entity_id, {"title": title, "due": due})
            work.apply(action)
            changes.append(action)
    return changes


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Mon-Fri days from `start` up to, not including, `end` (the inverse of
    `working_days_before`)."""
    count, day = 0, start
    while day < end:
        if day.weekday() < 5:
            count += 1
        day += dt.timedelta(days=1)
    return count


def template_from_plan(state: PlanState, name: str, description: str = "") -> dict[str, Any]:
    """The plan's shape as template data: its milestones in order with their sides,
    lead times, exit criteria, action titles and dependencies, and each due date as an
    offset before the target date (or before the last due date when the plan has no
    target). Who owns what, and the plan's own objective, stay with the plan."""
    if not name.strip():
        raise TemplateError("A template needs a name.")
    order = state.milestone_order()
    position = {m.id: index for index, m in enumerate(order)}
    reference = state.plan.target_date or max((m.due for m in order if m.due), default=None)
    milestones: list[dict[str, Any]] = []
    for index, m in enumerate(order):
        item: dict[str, Any] = {"title": m.title, "side": str(m.side)}
        lead = m.lead_days
        if lead is None and m.start and m.due and m.start <= m.due:
            lead = working_days_between(m.start, m.due)
        if lead is not None:
            item["lead_days"] = lead
        if reference is not None and m.due is not None:
            item["before_target_days"] = (reference - m.due).days
        # A template lists a step after the steps it waits for; a dependency on a later
        # row (possible after reordering) has no index to point back at and is left out.
        earlier = sorted(position[d] for d in m.depends_on if position.get(d, index) < index)
        if earlier:
            item["depends_on"] = earlier
        if m.exit_criteria.strip():
            item["exit_criteria"] = m.exit_criteria
        if m.phase:
            item["phase"] = m.phase
        actions = [a.title for a in state.actions_of(m.id)]
        if actions:
            item["actions"] = actions
        milestones.append(item)
    return {
        "format": "mutualplan-template",
        "version": 1,
        "name": name.strip(),
        "description": description.strip(),
        "milestones": milestones,
    }


def template_file_name(name: str) -> str:
    """'Proof of concept — fast track' -> 'proof-of-concept-fast-track.json'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return f"{slug or 'template'}.json"
