"""Pending conflicts, told to people and settled by them.

A merge keeps a conflict pending where both sides changed the same thing since their
copies last met (see merge.py). `describe` turns the pending ones into what a person
needs to decide: what it is about, each side's value with who and when, and the value
both copies last agreed on. Settling records one change that has seen every
candidate, so it wins in every copy it reaches and the conflict is gone everywhere:

- a field: a set to the chosen value, made even when the plan already shows that
  value (the tie-break may have picked it; the humans had not);
- a removal made apart from an edit: "remove" removes it again, as an ordinary edit;
  "keep" records a create of the entity as it is now, in the log only (the plan still
  holds it: a merge keeps whatever was edited).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Protocol

from ..domain import edits
from ..domain.changes import CREATE, DELETE, REORDER, SET, Change, RecordedChange
from ..domain.entity_names import EntityNames, name_field
from ..domain.model import (
    ACTIVE_PLAN_STATUSES,
    CHILD_KINDS,
    ENTITY_TYPES,
    Author,
    FieldSpec,
    MilestoneStatus,
    PlanStatus,
    field_spec,
    label,
    values_of,
)
from ..domain.state import PlanRuleError, PlanState
from ..i18n import _
from ..store import Store
from .merge import ACTIVE, EXISTS, latest, saw

KEEP = "keep"
REMOVE = "remove"
EMPTY = "(empty)"
NO_COMMON = "—"
KIND_LABELS = {
    "plan": "Plan",
    "person": "Person",
    "milestone": "Milestone",
    "action": "Action",
    "evidence": "Evidence",
}


class Register(Protocol):
    """What a conflict is about: one field of one entity, or its existence (EXISTS).
    Read-only, so a frozen ConflictView is one."""

    @property
    def entity(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def field(self) -> str: ...


@dataclass(frozen=True)
class Candidate:
    """One competing change, as a person reads it."""

    record: RecordedChange
    value: Any  # the value it wrote (field conflicts); None for a removal question
    shown: str  # that value readably, or what the change did
    ours: bool  # made in this copy

    @property
    def author(self) -> str:
        return self.record.author.name

    @property
    def side(self) -> str:
        return self.record.author.side

    @property
    def replica(self) -> str:
        return self.record.replica

    @property
    def key(self) -> str:
        return self.record.key

    @property
    def when(self) -> str:
        return local_time(self.record.at)

    @property
    def removes(self) -> bool:
        return self.record.change.op == DELETE


@dataclass(frozen=True)
class ConflictView:
    """A pending conflict with everything the person settling it needs to see."""

    entity: str
    entity_id: str
    field: str  # EXISTS: removed on one side, edited on the other
    kind_label: str  # "Milestone"
    name: str  # the entity's title or name
    field_label: str  # "Due"; "" for a removal question
    spec: FieldSpec | None
    current: Any  # the value the plan shows until someone decides
    current_shown: str
    common: Any
    common_shown: str  # the value both copies last agreed on, or "—"
    candidates: tuple[Candidate, ...]
    # Other conflicts on the same entity, to settle before keeping it (keeping it
    # re-asserts every field as it is now).
    blocked_by: tuple[str, ...] = ()
    number: int | None = None  # a milestone's number in the plan (#4)
    # A removal question: what keeping the entity brings back with it (its actions,
    # the dependencies on it, the evidence linked to it), as a person reads it.
    comes_back: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.entity, self.entity_id, self.field)

    @property
    def is_removal(self) -> bool:
        return self.field == EXISTS

    @property
    def subject(self) -> str:
        """'Milestone #4 “Pilot”'."""
        kind = _(self.kind_label)
        text = kind if self.number is None else f"{kind} #{self.number}"
        return f"{text} “{self.name}”" if self.name else text

    @property
    def question(self) -> str:
        if self.is_removal:
            return _("Removed on one side, changed on the other")
        return _(self.field_label)

    @property
    def what(self) -> str:
        if self.is_removal:
            return _("{subject}: removed on one side, changed on the other").format(
                subject=self.subject
            )
        return f"{self.subject}: {_(self.field_label)}"

    @property
    def theirs(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if not c.ours)

    @property
    def ours(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.ours)

    def sides(self) -> list[tuple[bool, tuple[Candidate, ...]]]:
        """The candidates grouped by the copy they were made in, theirs first:
        (ours, candidates) per copy."""
        groups: dict[str, list[Candidate]] = {}
        for candidate in sorted(self.candidates, key=lambda c: c.ours):
            groups.setdefault(candidate.replica, []).append(candidate)
        return [(group[0].ours, tuple(group)) for group in groups.values()]


def field_label(kind: str, name: str) -> str:
    # The table heads a milestone's title "Milestone"; here it is one of its fields.
    return "Title" if name == "title" and kind != "person" else field_spec(kind, name).label


def local_time(utc_text: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    except ValueError:
        return utc_text
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


class _Names(EntityNames):
    """What to call an entity, including one the plan no longer holds."""

    def number(self, kind: str, entity_id: str) -> int | None:
        if kind == "milestone" and entity_id in self.state.milestones:
            return self.state.milestone_number(entity_id)
        return None

    def milestone(self, milestone_id: str) -> str:
        title = self.name("milestone", milestone_id) or "a removed milestone"
        if milestone_id in self.state.milestones:
            return f"#{self.state.milestone_number(milestone_id)} {title}"
        return title

    def value(self, spec: FieldSpec, value: Any) -> str:
        """A field value as a person reads it."""
        if value is None or value == "" or value == ():
            return EMPTY
        if spec.kind == "date":
            return value.strftime("%d %b %Y") if isinstance(value, dt.date) else str(value)
        if spec.kind == "choice":
            return label(str(value))
        if spec.kind == "bool":
            return "Yes" if value else "No"
        if spec.kind == "person":
            return self.name("person", value) or "someone no longer in the plan"
        if spec.kind == "milestone":
            return self.milestone(value)
        if spec.kind == "milestones":
            return ", ".join(self.milestone(mid) for mid in value)
        return str(value)


def _register(history: list[RecordedChange], kind: str, entity_id: str, name: str) -> list:
    """The changes that wrote one field: its creates and its sets."""
    written = []
    for record in history:
        change = record.change
        if change.entity != kind or change.entity_id != entity_id:
            continue
        if (change.op == CREATE and name in (change.new or {})) or (
            change.op in (SET, REORDER) and change.field == name
        ):
            written.append(record)
    return written


def _written(record: RecordedChange, name: str) -> Any:
    change = record.change
    return change.new.get(name) if change.op == CREATE else change.new


def common_value(
    history: list[RecordedChange], kind: str, entity_id: str, name: str, candidates: tuple
) -> tuple[bool, Any]:
    """(found, value) of the last change to a field that both copies agreed on before
    they went apart: one every candidate had seen, and that no change any candidate
    had seen was made apart from (a value a copy only held as one side of an earlier
    conflict was never agreed on, even if both copies had it)."""
    keys = {c.key for c in candidates}
    register = [r for r in _register(history, kind, entity_id, name) if r.key not in keys]
    views = [[r for r in register if saw(c, r)] for c in candidates]

    def agreed(record: RecordedChange) -> bool:
        return all(
            record in view
            and all(
                other.key == record.key or saw(other, record) or saw(record, other)
                for other in view
            )
            for view in views
        )

    found = [r for r in register if agreed(r)]
    if not found:
        return False, None
    ancestor = max(latest(found), key=lambda r: (r.at, r.replica, r.seq))
    return True, _written(ancestor, name)


def _subject(names: _Names, kind: str, entity_id: str) -> str:
    name = names.name(kind, entity_id)
    return f"{KIND_LABELS[kind].lower()} “{name}”" if name else f"a {kind}"


def _what_it_did(names: _Names, kind: str, entity_id: str, record: RecordedChange) -> str:
    """One change in a removal question, in words: 'Removed it', 'Due: 01 May 2026'."""
    change = record.change
    own = (change.entity, change.entity_id) == (kind, entity_id)
    other = _subject(names, change.entity, change.entity_id)
    if change.op == DELETE:
        return "Removed it" if own else f"Removed {other}"
    if change.op == CREATE:
        return "Kept it (added it again)" if own else f"Added {other}"
    if change.op == REORDER:
        return "Moved it" if own else f"Moved {other}"
    spec = field_spec(change.entity, change.field or "")
    text = f"{field_label(change.entity, spec.name)}: {names.value(spec, change.new)}"
    return text if own else f"{other[:1].upper()}{other[1:]}, {text[:1].lower()}{text[1:]}"


def _order(state: PlanState, view: ConflictView) -> tuple:
    kinds = ("plan", *CHILD_KINDS)
    position = 0
    if view.entity != "plan":
        ordered = state.ordered(view.entity)
        ids = [e.id for e in ordered]
        position = ids.index(view.entity_id) if view.entity_id in ids else len(ids)
    fields = list(ENTITY_TYPES[view.entity].FIELDS)
    field_position = fields.index(view.field) if view.field in fields else len(fields)
    return (kinds.index(view.entity), position, view.entity_id, field_position)


def describe(store: Store, state: PlanState, plan_id: str) -> list[ConflictView]:
    """The plan's pending conflicts, in the plan's order (an entity's removal question
    after the questions about its fields)."""
    pending = store.conflicts_of(plan_id)
    if not pending:
        return []
    history = store.history(plan_id)
    by_key = {r.key: r for r in history}
    names = _Names(state, history)
    fields_in_question: dict[tuple[str, str], list[str]] = {}
    for kind, entity_id, name, _keys in pending:
        if name != EXISTS:
            fields_in_question.setdefault((kind, entity_id), []).append(name)
    views = []
    for kind, entity_id, name, keys in pending:
        if name == ACTIVE:
            views.append(_active_view(store, state, keys))
            continue
        entity = state.get(kind, entity_id)
        records = tuple(by_key[k] for k in keys if k in by_key)
        if entity is None or not records:
            continue  # nothing left to decide (the merge no longer reports these)
        if name == EXISTS:
            blocked_by = fields_in_question.get((kind, entity_id), [])
            views.append(_removal_view(store, names, history, kind, entity_id, records, blocked_by))
        else:
            views.append(_field_view(store, names, history, entity, kind, name, records))
    # One entity is called one thing throughout (what both sides knew it as, when its
    # name is itself in question).
    called = {(v.entity, v.entity_id): v.name for v in views if v.field == name_field(v.entity)}
    views = [
        replace(v, name=called[(v.entity, v.entity_id)]) if (v.entity, v.entity_id) in called else v
        for v in views
    ]
    views.sort(key=lambda v: _order(state, v))
    return views


def _status_record(store: Store, plan_id: str) -> RecordedChange | None:
    """The change that last set a plan's status (its creation when none did)."""
    found = None
    for record in store.history(plan_id):
        change = record.change
        if change.entity != "plan":
            continue
        if (change.op == SET and change.field == "status") or change.op == CREATE:
            found = record
    return found


def _active_view(store: Store, state: PlanState, rivals: list[str]) -> ConflictView:
    """Which plan is the buyer's one active plan: this one, or the other one(s) another
    copy took up or started. Settled with this plan's status: an active status keeps
    this plan and sets the others aside; any other sets this one aside."""
    spec = field_spec("plan", "status")
    plan = state.plan
    candidates = []
    own = _status_record(store, plan.id)
    if own is not None:
        candidates.append(
            Candidate(
                record=own,
                value=plan.status,
                shown=f"“{plan.title}” stays active ({label(plan.status)}); the other is set aside",
                ours=own.replica == store.replica,
            )
        )
    for rival_id in rivals:
        rival = store.load(rival_id).plan
        record = _status_record(store, rival_id)
        if record is None:
            continue
        candidates.append(
            Candidate(
                record=record,
                value=PlanStatus.ABANDONED,
                shown=f"“{rival.title}” is the active plan ({label(rival.status)}); this one "
                "is set aside",
                ours=record.replica == store.replica,
            )
        )
    return ConflictView(
        entity="plan",
        entity_id=plan.id,
        field=ACTIVE,
        kind_label="Plan",
        name=plan.title,
        field_label=f"Which plan is {plan.buyer_org}'s one active plan",
        spec=spec,
        current=plan.status,
        current_shown=label(plan.status),
        common=None,
        common_shown="One active plan per buyer: a buyer follows one course of action",
        candidates=tuple(candidates),
    )


def _field_view(
    store: Store,
    names: _Names,
    history: list[RecordedChange],
    entity: Any,
    kind: str,
    name: str,
    records: tuple[RecordedChange, ...],
) -> ConflictView:
    spec = field_spec(kind, name)
    found, common = common_value(history, kind, entity.id, name, records)
    current = getattr(entity, name)
    called = names.name(kind, entity.id)
    if name == name_field(kind) and found and common:
        called = common  # its name is in question: call it what both sides knew it as
    return ConflictView(
        entity=kind,
        entity_id=entity.id,
        field=name,
        kind_label=KIND_LABELS[kind],
        name=called,
        number=names.number(kind, entity.id),
        field_label=field_label(kind, name),
        spec=spec,
        current=current,
        current_shown=names.value(spec, current),
        common=common,
        common_shown=names.value(spec, common) if found else NO_COMMON,
        candidates=tuple(
            Candidate(
                record=r,
                value=_written(r, name),
                shown=names.value(spec, _written(r, name)),
                ours=r.replica == store.replica,
            )
            for r in records
        ),
    )


def _removal_view(
    store: Store,
    names: _Names,
    history: list[RecordedChange],
    kind: str,
    entity_id: str,
    records: tuple[RecordedChange, ...],
    blocked_by: list[str],
) -> ConflictView:
    # What both copies agreed on: the entity was there, with these values of the
    # fields edited since (the fields nobody touched need no reminder).
    agreed, edited = [], set()
    for record in records:
        change = record.change
        if change.op == SET and (change.entity, change.entity_id) == (kind, entity_id):
            spec = field_spec(kind, change.field or "")
            if spec.name in edited:
                continue
            edited.add(spec.name)
            found, value = common_value(history, kind, entity_id, spec.name, records)
            if found:
                agreed.append(f"{field_label(kind, spec.name)}: {names.value(spec, value)}")
    return ConflictView(
        entity=kind,
        entity_id=entity_id,
        field=EXISTS,
        kind_label=KIND_LABELS[kind],
        name=names.name(kind, entity_id),
        number=names.number(kind, entity_id),
        field_label="",
        spec=None,
        current=True,
        current_shown="In the plan until someone decides",
        common=True,
        common_shown="\n".join(["In the plan", *agreed]),
        candidates=tuple(
            Candidate(
                record=r,
                value=None,
                shown=_what_it_did(names, kind, entity_id, r),
                ours=r.replica == store.replica,
            )
            for r in records
        ),
        blocked_by=tuple(field_label(kind, f) for f in blocked_by),
        comes_back=tuple(
            what for _change, what in restoration(names.state, history, kind, entity_id, records)
        ),
    )


def restoration(
    state: PlanState,
    history: list[RecordedChange],
    kind: str,
    entity_id: str,
    candidates: tuple[RecordedChange, ...],
) -> list[tuple[Change, str]]:
    """The edits that bring back what the removal of an entity took with it (the
    removal's own batch: its actions, the dependencies on it, the evidence linked to it,
    what a removed person owned), each with what it brings back in words. Only what
    is still missing, and only what the plan's rules accept, in that order."""
    deletes = [
        r
        for r in candidates
        if r.change.op == DELETE and (r.change.entity, r.change.entity_id) == (kind, entity_id)
    ]
    batches = {d.batch for d in deletes}
    own = {d.key for d in deletes}
    trial = state.copy()
    found: list[tuple[Change, str]] = []
    for record in history:
        if record.batch not in batches or record.key in own:
            continue
        step = _bring_back(trial, record.change, entity_id)
        if step is None:
            continue
        change, what = step
        try:
            trial.apply_all([change])
        except PlanRuleError:
            continue  # the plan has moved on (a cycle it would close): left as it is
        found.append((change, what))
    return found


def _bring_back(state: PlanState, change: Change, entity_id: str) -> tuple[Change, str] | None:
    if change.op == DELETE and change.old is not None:
        if state.get(change.entity, change.entity_id) is not None:
            return None
        values = dict(change.old)
        for name, spec in ENTITY_TYPES[change.entity].FIELDS.items():
            if spec.kind == "person" and values.get(name) not in state.people:
                values[name] = None
        if change.entity == "action" and values.get("milestone_id") != entity_id:
            return None
        title = values.get("title", "")
        return (
            Change(CREATE, change.entity, change.entity_id, new=values),
            f"{KIND_LABELS[change.entity]} “{title}”",
        )
    if change.op != SET or change.field is None:
        return None
    entity = state.get(change.entity, change.entity_id)
    if entity is None:
        return None
    current = getattr(entity, change.field)
    name = getattr(entity, name_field(change.entity), "")
    subject = f"{KIND_LABELS[change.entity]} “{name}”"
    spec = field_spec(change.entity, change.field)
    if spec.kind == "milestones" and entity_id in (change.old or ()) and entity_id not in current:
        wanted = tuple(sorted({*current, entity_id}))
        return (
            Change(SET, change.entity, entity.id, change.field, current, wanted),
            f"{subject} depends on it again",
        )
    if spec.kind in ("milestone", "person") and change.old == entity_id and current is None:
        what = (
            "is linked to it again"
            if spec.kind == "milestone"
            else (f"has it as {spec.label.lower()} again")
        )
        return Change(
            SET, change.entity, entity.id, change.field, None, entity_id
        ), f"{subject} {what}"
    return None


# -- settling --------------------------------------------------------------------------


def settlement(
    state: PlanState, conflict: Register, choice: Any, today: dt.date | None = None
) -> list[Change]:
    """The edit that settles `conflict` with `choice` (a field's value, or REMOVE).

    PlanRuleError, with the message for the person, when the plan's rules refuse it.
    Keeping an entity is not an edit of the plan: see `reassertion`.
    """
    kind, entity_id = conflict.entity, conflict.entity_id
    entity = state.get(kind, entity_id)
    if entity is None:
        raise PlanRuleError(f"This {kind} is no longer in the plan.")
    if conflict.field == EXISTS:
        if choice != REMOVE:
            raise ValueError("keeping an entity is recorded with reassertion(), not an edit")
        changes = edits.delete(state, kind, entity_id)
    else:
        spec = field_spec(kind, conflict.field)
        if spec.kind == "milestones" and isinstance(choice, list | tuple | set | frozenset):
            choice = tuple(sorted(set(choice)))
        # Made even when the plan already shows `choice`: the person decided, and the
        # change must have seen every candidate to settle it in every copy.
        changes = [Change(SET, kind, entity_id, spec.name, getattr(entity, spec.name), choice)]
        if kind == "milestone" and spec.name == "status":
            changes += _done_date_follows(entity, choice, today)
    trial = state.copy()
    trial.apply_all(changes)  # the plan's rules, without touching the plan
    return changes


def _done_date_follows(milestone: Any, status: Any, today: dt.date | None) -> list[Change]:
    """A milestone settled as done has a done date; one settled as anything else has
    none (the table makes the same knock-on edits)."""
    if status == MilestoneStatus.DONE and milestone.done_on is None:
        done_on = today or dt.date.today()
        return [Change(SET, "milestone", milestone.id, "done_on", None, done_on)]
    if status != MilestoneStatus.DONE and milestone.done_on is not None:
        return [Change(SET, "milestone", milestone.id, "done_on", milestone.done_on, None)]
    return []


def reassertion(state: PlanState, conflict: Register) -> Change:
    """The change that keeps an entity removed on one side and edited on the other: a
    create of it with the values the plan shows."""
    entity = state.get(conflict.entity, conflict.entity_id)
    if entity is None:
        raise PlanRuleError(f"This {conflict.entity} is no longer in the plan.")
    return Change(CREATE, conflict.entity, conflict.entity_id, new=values_of(entity))


def blocking(store: Store, state: PlanState, conflict: Register) -> list[str]:
    """Labels of the other fields of the entity still in conflict."""
    return [
        field_label(kind, name)
        for kind, entity_id, name, _keys in store.conflicts_of(state.id)
        if (kind, entity_id) == (conflict.entity, conflict.entity_id) and name != EXISTS
    ]


def settle_active(
    store: Store, state: PlanState, status: Any, author: Author
) -> list[RecordedChange]:
    """Settle which plan is the buyer's active one with this plan's `status`: an active
    status sets every rival aside (abandoned) and keeps this one; any other status sets
    this one aside. One transaction."""
    recorded: list[RecordedChange] = []
    with store.transaction():
        if status in ACTIVE_PLAN_STATUSES:
            for rival_id in store.active_rivals(state.id):
                rival = store.load(rival_id)
                recorded += store.commit(
                    rival,
                    edits.set_field(rival, "plan", rival_id, "status", PlanStatus.ABANDONED),
                    author,
                )
        if state.plan.status != status:
            recorded += store.commit(
                state, edits.set_field(state, "plan", state.id, "status", status), author
            )
        store.clear_active_conflict(state.id)
    return recorded


def settle(
    store: Store, state: PlanState, conflict: Register, choice: Any, author: Author
) -> list[RecordedChange]:
    """Settle one conflict: a field with the chosen value; a removal question with KEEP
    or REMOVE. Saved in one transaction; PlanRuleError (nothing saved) if refused."""
    if conflict.field == ACTIVE:
        return settle_active(store, state, choice, author)
    if conflict.field == EXISTS and choice == KEEP:
        pending = blocking(store, state, conflict)
        if pending:
            raise PlanRuleError(
                f"First settle the other question about this {conflict.entity} "
                f"({', '.join(pending)}): keeping it keeps it as the plan shows it now."
            )
        history = store.history(state.id)
        candidates = tuple(
            r
            for r in history
            for k, i, f, keys in store.conflicts_of(state.id)
            if (k, i, f) == (conflict.entity, conflict.entity_id, EXISTS) and r.key in keys
        )
        back = restoration(state, history, conflict.entity, conflict.entity_id, candidates)
        with store.transaction():  # the entity and all it brings back, or nothing
            recorded = [store.reassert(state, reassertion(state, conflict), author)]
            if back:
                recorded += store.commit(state, [change for change, _what in back], author)
        return recorded
    if conflict.field == EXISTS and choice != REMOVE:
        raise ValueError(f"a removal question is settled with {KEEP!r} or {REMOVE!r}")
    return store.commit(state, settlement(state, conflict, choice), author)
