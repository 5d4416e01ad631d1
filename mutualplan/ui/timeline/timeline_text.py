"""The timeline's words: a bar's or tick's tooltip, and the label that follows a drag."""

from __future__ import annotations

import datetime as dt
import html

from ...domain.model import label
from ...domain.state import PlanState
from ...i18n import _
from ..common.values import format_date, person_name


def action_tooltip(state: PlanState, action_id: str) -> str:
    action = state.actions.get(action_id)
    if action is None:
        return ""
    owner = person_name(state, action.owner_id) or _("nobody yet")
    done = _("done") if action.done else _("not done")
    return (
        f"<b>{html.escape(action.title)}</b><br>"
        + _("Owner: {owner}").format(owner=html.escape(owner))
        + "<br>"
        + _("Due {date}").format(date=format_date(action.due))
        + f" · {done}"
    )


def milestone_tooltip(
    state: PlanState, milestone_id: str, baseline: PlanState | None, revision_label: str
) -> str:
    """Number, title, owner, dates and status; and the dates signed in the baseline
    revision (`revision_label`) when they were different."""
    milestone = state.milestones.get(milestone_id)
    if milestone is None:
        return ""
    owner = person_name(state, milestone.owner_id) or _("nobody yet")
    dates = (
        f"{format_date(milestone.start)} → {format_date(milestone.due)}"
        if milestone.start
        else _("Due {date}").format(date=format_date(milestone.due))
    )
    lines = [
        f"<b>#{state.milestone_number(milestone.id)} {html.escape(milestone.title)}</b>",
        _("Owner: {owner}").format(owner=html.escape(owner)) + f" · {_(label(milestone.side))}",
        f"{dates} · {_(label(milestone.status))}",
    ]
    before = baseline.milestones.get(milestone.id) if baseline else None
    if before is not None and (before.start, before.due) != (milestone.start, milestone.due):
        was = (
            f"{format_date(before.start)} → {format_date(before.due)}"
            if before.start
            else format_date(before.due)
        )
        signed = _("Signed in revision {label}: {dates}").format(label=revision_label, dates=was)
        lines.append(f"<i>{signed}</i>")
    return "<br>".join(lines)


def drag_text(mode: str, start: dt.date | None, due: dt.date, days: int) -> str:
    """“12 Mar 2027 → 19 Mar 2027 (+3 d)” beside a bar being dragged."""
    sign = "+" if days > 0 else "−" if days else "±"
    shift = sign + _("{days} d").format(days=abs(days))
    due_text = _("Due {date}").format(date=format_date(due))
    if mode == "end":
        text = f"{due_text} ({shift})"
        if start is not None and due < start:
            text += " — " + _("before the start")
        return text
    if start is not None:
        return f"{format_date(start)} → {format_date(due)} ({shift})"
    return f"{due_text} ({shift})"
