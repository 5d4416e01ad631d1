"""The plan's dates as an iCalendar file: one all-day event per dated milestone and
per dated action.

Each event's UID is the item's id, so importing the file again into a calendar
updates the events instead of adding copies. DTSTAMP and LAST-MODIFIED are the time
of the item's last change in the plan's change log (RFC 5545 §3.8.7.2: in a file
without a METHOD, DTSTAMP is when the information was last revised), and SEQUENCE
counts the item's changes, so a calendar sees a later export as the newer version.
Exporting an unchanged plan twice gives the same bytes. Items the log shows were
dated once and are gone now (removed, or their date cleared) are written as
cancelled events, so the calendar drops them too.

icalendar is imported only when a file is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.changes import CREATE, DELETE, SET, RecordedChange
from ..domain.model import Action, Milestone, label
from ..domain.state import PlanState
from .files import write_atomically

PRODID = "-//MutualPlan//EN"
UID_DOMAIN = "mutualplan"
# Without a change log (a plan built in memory) every stamp is this fixed moment, so
# the output still depends on the plan alone.
FALLBACK_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_DATED_FIELDS = {"start", "due"}


def uid_of(entity_id: str) -> str:
    return f"{entity_id}@{UID_DOMAIN}"


@dataclass
class _Revisions:
    """What the change log says about one item."""

    stamp: dt.datetime | None = None
    sequence: int = 0
    last_dated: dict[str, Any] | None = None  # its values when it last had a date
    kind: str = ""


def _at(record: RecordedChange) -> dt.datetime:
    moment = dt.datetime.fromisoformat(record.at.replace("Z", "+00:00"))
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _revisions(history: Iterable[RecordedChange]) -> dict[str, _Revisions]:
    found: dict[str, _Revisions] = {}
    values: dict[str, dict[str, Any]] = {}
    for record in history:
        change = record.change
        if change.entity not in ("milestone", "action"):
            continue
        entry = found.setdefault(change.entity_id, _Revisions(kind=change.entity))
        moment = _at(record)
        # Merged logs hold other copies' changes in arrival order, not time order.
        entry.stamp = moment if entry.stamp is None else max(entry.stamp, moment)
        if change.op == CREATE:
            values[change.entity_id] = dict(change.new or {})
        elif change.op == DELETE:
            values.pop(change.entity_id, None)
            entry.sequence += 1
            continue
        else:
            entry.sequence += 1 if change.op == SET else 0
            if change.entity_id in values and change.field:
                values[change.entity_id][change.field] = change.new
        current = values.get(change.entity_id)
        if current and any(current.get(name) for name in _DATED_FIELDS):
            entry.last_dated = dict(current)
    return found


def _owner(state: PlanState, person_id: str | None) -> str:
    """The owner's name as events show it (a rename changes the event's text)."""
    return _name_of(state, person_id)


def _owner_renames(
    state: PlanState, history: list[RecordedChange], revisions: dict[str, _Revisions]
) -> None:
    """An owner renamed (or moved to the other side) changes the text of every event
    they own: each such change raises those events' SEQUENCE and stamp too."""
    shown = {"name", "side"}
    for record in history:
        change = record.change
        if change.entity != "person" or change.op != SET or change.field not in shown:
            continue
        for kind in ("milestone", "action"):
            items = state.milestones if kind == "milestone" else state.actions
            for item in items.values():
                if item.owner_id != change.entity_id:
                    continue
                entry = revisions.setdefault(item.id, _Revisions(kind=kind))
                entry.sequence += 1
                moment = _at(record)
                entry.stamp = moment if entry.stamp is None else max(entry.stamp, moment)


def _name_of(state: PlanState, person_id: str | None) -> str:
    person = state.people.get(person_id) if person_id else None
    return person.name if person else ""


def _milestone_event(state: PlanState, m: Milestone) -> dict[str, Any] | None:
    first = m.start or m.due
    last = m.due or m.start
    if first is None or last is None:
        return None
    owner = _owner(state, m.owner_id)
    who = f"{label(m.side)} · {owner}" if owner else label(m.side)
    done = "✓ " if m.status == "done" else ""
    # No milestone number: a reorder would otherwise rewrite every event's text.
    lines = [
        f"Milestone of “{state.plan.title}” ({state.plan.buyer_org} with {state.plan.seller_org})",
        f"Side: {label(m.side)} · Owner: {owner or 'nobody yet'} · Status: {label(m.status)}",
    ]
    if m.start and m.due and m.start != m.due:
        lines.append(f"From {m.start.isoformat()}, due {m.due.isoformat()}")
    if m.exit_criteria:
        lines += ["", f"Done when: {m.exit_criteria}"]
    if m.description:
        lines += ["", m.description]
    return {
        "uid": uid_of(m.id),
        "summary": f"{done}{m.title} ({who})",
        "description": "\n".join(lines),
        "start": first,
        "end": last + dt.timedelta(days=1),  # all-day events end the day after
        "categories": ["MutualPlan", label(m.side)],
    }


def _action_event(state: PlanState, a: Action) -> dict[str, Any] | None:
    if a.due is None:
        return None
    milestone = state.milestones.get(a.milestone_id)
    owner = _owner(state, a.owner_id)
    person = state.people.get(a.owner_id) if a.owner_id else None
    who = f"{label(person.side)} · {owner}" if person else "no owner yet"
    lines = [
        f"Action of milestone “{milestone.title if milestone else ''}” in “{state.plan.title}”",
        f"Owner: {owner or 'nobody yet'} · {'Done' if a.done else 'To do'}",
    ]
    return {
        "uid": uid_of(a.id),
        "summary": f"{'✓ ' if a.done else ''}{a.title} ({who})",
        "description": "\n".join(lines),
        "start": a.due,
        "end": a.due + dt.timedelta(days=1),
        "categories": ["MutualPlan", "Action"],
    }


def ics_bytes(state: PlanState, history: Iterable[RecordedChange] | None = None) -> bytes:
    """The calendar; `history` (the plan's change log) gives each event its stamp and
    sequence, and the cancelled events of items no longer dated."""
    from icalendar import Calendar, Event

    history = list(history or ())
    revisions = _revisions(history)
    _owner_renames(state, history, revisions)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{state.plan.title} — MutualPlan")

    events: list[tuple[str, dict[str, Any] | None]] = []
    for m in state.milestone_order():
        events.append((m.id, _milestone_event(state, m)))
        for a in state.actions_of(m.id):
            events.append((a.id, _action_event(state, a)))
    written = set()
    for entity_id, event in events:
        if event is None:
            continue
        calendar.add_component(_event(Event, event, revisions.get(entity_id)))
        written.add(entity_id)
    # Items once dated that are gone or undated now: cancel their events.
    for entity_id, entry in sorted(revisions.items()):
        if entity_id in written or entry.last_dated is None:
            continue
        old = entry.last_dated
        day = old.get("due") or old.get("start")
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        if not isinstance(day, dt.date):
            continue
        cancelled = {
            "uid": uid_of(entity_id),
            "summary": f"Cancelled: {old.get('title', '')}",
            "description": f"No longer a dated {entry.kind} of “{state.plan.title}”.",
            "start": day,
            "end": day + dt.timedelta(days=1),
            "categories": ["MutualPlan"],
            "status": "CANCELLED",
        }
        calendar.add_component(_event(Event, cancelled, entry))
    return calendar.to_ical()


def _event(event_type: type, values: dict[str, Any], entry: _Revisions | None) -> Any:
    entry = entry or _Revisions()
    stamp = entry.stamp or FALLBACK_STAMP
    event = event_type()
    event.add("uid", values["uid"])
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", entry.sequence)
    event.add("summary", values["summary"])
    event.add("description", values["description"])
    event.add("dtstart", values["start"])
    event.add("dtend", values["end"])
    event.add("categories", values["categories"])
    event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: it blocks no time
    if "status" in values:
        event.add("status", values["status"])
    return event


def write_ics(
    state: PlanState, path: Path | str, history: Iterable[RecordedChange] | None = None
) -> None:
    write_atomically(Path(path), ics_bytes(state, history))
