"""Importing a plan PDF: create the plan, or merge it field by field into ours, and
record the signatures it carries against the revision they cover."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..domain.canonical import digest, snapshot
from ..domain.changes import CREATE, RecordedChange
from ..domain.health import find_cycles
from ..domain.model import CHILD_KINDS, Author, Revision, values_of
from ..domain.state import PlanRuleError, PlanState, check_value
from ..i18n import _
from ..store import Store
from .merge import Conflict, materialize, saw
from .plan_data import PlanData


class ImportRefusedError(Exception):
    """The file cannot be imported; the database is unchanged. The message says why."""


@dataclass
class ImportSummary:
    plan_id: str
    title: str
    created: bool
    taken: int  # changes new to this copy
    # (author, entered_by) -> changes taken; worded with domain.changes.attributed
    by_author: Counter[tuple[Author, Author | None]] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    revision: Revision | None = None
    signatures: list[str] = field(default_factory=list)  # sides newly recorded
    in_person: list[str] = field(default_factory=list)  # sides acknowledged by hand, recorded
    not_recorded: list[str] = field(default_factory=list)  # signatures left out, and why
    # Other plans of the same buyer active too: which one stays is for people to settle.
    rivals: list[str] = field(default_factory=list)
    # Dependency loops the merge formed (each a list of titles, in the plan's order),
    # and milestones added on both sides under the same title: (ours, theirs).
    cycles: list[list[str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return len(self.conflicts) + (1 if self.rivals else 0) + len(self.cycles)


def import_plan_data(
    store: Store, data: PlanData, signed_sides: dict[str, dict] | None = None
) -> ImportSummary:
    """Merge `data` into `store` in one transaction (all or nothing).

    `signed_sides` maps a side to its verified signature (signer, organisation,
    fingerprint, signed_at, kind), recorded against the imported revision.
    """
    plan = data.state.plan
    if _nothing_new(store, data, signed_sides):
        # Nothing to take: not a byte is written, so no timestamp moves and no other
        # window sees a change to reload.
        state = store.load(plan.id)
        pending = store.conflicts_of(plan.id)
        return ImportSummary(
            plan_id=plan.id,
            title=state.plan.title,
            created=False,
            taken=0,
            # The merge runs only to name pending conflicts; with none, it is not needed.
            conflicts=materialize(plan, store.history(plan.id)).conflicts if pending else [],
            revision=next(r for r in store.revisions(plan.id) if r.sha256 == data.revision.sha256),
            rivals=[p.title for p in store.plans() if p.id in store.active_rivals(plan.id)],
        )
    with store.transaction():
        created = not store.has_plan(plan.id)
        known = store.known_change_keys(plan.id) if not created else set()
        incoming = [r for r in data.changes if r.key not in known]
        local = store.history(plan.id) if not created else []
        looped_before = find_cycles(store.load(plan.id)) if not created else set()
        merged = materialize(plan, local + data.changes)
        if created and digest(snapshot(merged.state)) != data.revision.sha256:
            raise ImportRefusedError(
                _("the plan data and its change log disagree; the file was not imported")
            )
        _refuse_invalid(merged.state)
        store.replace_plan(merged.state)
        taken = store.add_records(plan.id, incoming)
        store.set_conflicts(
            plan.id,
            [
                (c.entity, c.entity_id, c.field, [r.key for r in c.candidates])
                for c in merged.conflicts
            ],
        )
        # One active plan per buyer: a plan taken up on one side while the other started
        # a new one is a question for both sides, never a refusal to take their work.
        rivals = store.active_rivals(plan.id)
        titles = {p.id: p.title for p in store.plans()}
        if rivals:
            store.set_active_conflict(plan.id, rivals)
        revision = store.add_revision(plan.id, data.revision, data.snapshot)
        store.settle_revision_number(merged.state)
        recorded: list[str] = []
        in_person: list[str] = []
        for side, signature in (signed_sides or {}).items():
            if store.record_signature(plan.id, revision.sha256, side, **signature):
                (recorded if signature["kind"] == "digital" else in_person).append(side)
    return ImportSummary(
        cycles=_new_cycles(merged.state, looped_before),
        duplicates=_duplicates(merged.state, local, incoming),
        plan_id=plan.id,
        title=merged.state.plan.title,
        created=created,
        taken=taken,
        by_author=Counter((r.author, r.entered_by) for r in incoming),
        conflicts=merged.conflicts,
        revision=revision,
        signatures=recorded,
        in_person=in_person,
        rivals=[titles[r] for r in rivals],
    )


def _new_cycles(state: PlanState, before: set[str]) -> list[list[str]]:
    """The dependency loops of `state` that were not there before, each as its
    milestones' titles in the plan's order."""
    looped = find_cycles(state)
    if not looped - before:
        return []
    order = [m.id for m in state.milestone_order()]
    groups: list[set[str]] = []
    for mid in order:
        if mid not in looped or any(mid in g for g in groups):
            continue
        group, stack = {mid}, [mid]
        while stack:  # the loop's members: linked by dependencies either way
            current = stack.pop()
            linked = set(state.milestones[current].depends_on) | {
                m.id for m in state.milestones.values() if current in m.depends_on
            }
            for other in linked & looped - group:
                group.add(other)
                stack.append(other)
        groups.append(group)
    return [
        [state.milestones[m].title for m in order if m in group]
        for group in groups
        if group - before
    ]


def _duplicates(
    state: PlanState, local: list[RecordedChange], incoming: list[RecordedChange]
) -> list[tuple[str, str]]:
    """Milestones added apart on both sides under one title (case and spacing aside):
    (ours, theirs), for the people to merge or keep."""

    def created(records: list[RecordedChange]) -> list[RecordedChange]:
        return [
            r
            for r in records
            if r.change.op == CREATE
            and r.change.entity == "milestone"
            and r.change.entity_id in state.milestones
        ]

    def key(record: RecordedChange) -> str:
        return " ".join(str((record.change.new or {}).get("title", "")).casefold().split())

    ours = created(local)
    found = []
    for theirs in created(incoming):
        for mine in ours:
            if mine.change.entity_id == theirs.change.entity_id or key(mine) != key(theirs):
                continue
            if saw(theirs, mine) or saw(mine, theirs):
                continue
            found.append(
                (
                    state.milestones[mine.change.entity_id].title,
                    state.milestones[theirs.change.entity_id].title,
                )
            )
    return found


def possible_duplicates(state: PlanState, records: list[RecordedChange]) -> list[list[str]]:
    """Milestones of `state` created apart (neither author had seen the other's) that
    now carry one title (case and spacing aside): each group as its milestones' ids, in
    the plan's order. Telling them apart by a new title, or removing one, ends the group."""

    def key(title: str) -> str:
        return " ".join(title.casefold().split())

    made = {
        r.change.entity_id: r
        for r in records
        if r.change.op == CREATE
        and r.change.entity == "milestone"
        and r.change.entity_id in state.milestones
    }
    by_title: dict[str, list[str]] = {}
    for milestone in state.milestone_order():
        if milestone.id in made:
            by_title.setdefault(key(milestone.title), []).append(milestone.id)
    groups = []
    for ids in by_title.values():
        apart = [
            a
            for a in ids
            if any(
                b != a
                and made[a].replica != made[b].replica
                and not saw(made[a], made[b])
                and not saw(made[b], made[a])
                for b in ids
            )
        ]
        if apart:
            groups.append(apart)
    return groups


def _nothing_new(store: Store, data: PlanData, signed_sides: dict[str, dict] | None) -> bool:
    """Whether this copy already holds every change, the revision and each signature."""
    plan_id = data.state.plan.id
    if not store.has_plan(plan_id) or not _all_known(data.changes, store.history(plan_id)):
        return False
    sha = data.revision.sha256
    if not any(r.sha256 == sha for r in store.revisions(plan_id)):
        return False
    recorded = {s["side"] for s in store.signatures_of(plan_id, sha)}
    return all(side in recorded for side in signed_sides or {})


def _all_known(records: list[RecordedChange], local: list[RecordedChange]) -> bool:
    """True if every record is one of ours, word for word (a known key with other
    contents is not: the file must then be merged, and checked, in full)."""
    ours = {r.key: r for r in local}
    return all(ours.get(r.key) == r for r in records)


def _refuse_invalid(state: PlanState) -> None:
    """Refuse values no MutualPlan writes (a status it does not know, an empty title, a
    reference to nothing): the database would hold a plan it cannot show or edit."""
    for kind in ("plan", *CHILD_KINDS):
        for entity in state.ordered(kind) if kind != "plan" else [state.plan]:
            for name, value in values_of(entity).items():
                try:
                    check_value(state, kind, entity.id, name, value)
                except PlanRuleError as exc:
                    # A person's `title` is their job title; they are named by `name`.
                    what = getattr(entity, "name", "") or getattr(entity, "title", "")
                    subject = f"{kind} “{what}”" if what else f"a {kind}"
                    raise ImportRefusedError(
                        _(
                            "the plan data fails validation ({subject}: {rstrip}); the file "
                            "was not imported"
                        ).format(subject=subject, rstrip=str(exc).rstrip("."))
                    ) from None
