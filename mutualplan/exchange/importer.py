"""Importing a plan PDF: create the plan, or merge it field by field into ours, and
record the signatures it carries against the revision they cover."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..domain.canonical import digest, snapshot
from ..domain.changes import RecordedChange
from ..domain.model import ACTIVE_PLAN_STATUSES, CHILD_KINDS, Revision, values_of
from ..domain.state import PlanRuleError, PlanState, check_value
from ..store import Store
from ..store.errors import ActivePlanExistsError
from .merge import Conflict, materialize
from .plan_data import PlanData


class ImportRefusedError(Exception):
    """The file cannot be imported; the database is unchanged. The message says why."""


@dataclass
class ImportSummary:
    plan_id: str
    title: str
    created: bool
    taken: int  # changes new to this copy
    by_author: Counter = field(default_factory=Counter)  # RecordedChange.attribution() -> count
    conflicts: list[Conflict] = field(default_factory=list)
    revision: Revision | None = None
    signatures: list[str] = field(default_factory=list)  # sides newly recorded
    in_person: list[str] = field(default_factory=list)  # sides acknowledged by hand, recorded
    not_recorded: list[str] = field(default_factory=list)  # signatures left out, and why


def import_plan_data(
    store: Store, data: PlanData, signed_sides: dict[str, dict] | None = None
) -> ImportSummary:
    """Merge `data` into `store` in one transaction (all or nothing).

    `signed_sides` maps a side to its verified signature (signer, organisation,
    fingerprint, signed_at, kind), recorded against the imported revision.
    """
    plan = data.state.plan
    with store.transaction():
        created = not store.has_plan(plan.id)
        known = store.known_change_keys(plan.id) if not created else set()
        incoming = [r for r in data.changes if r.key not in known]
        local = store.history(plan.id) if not created else []
        if not incoming and _all_known(data.changes, local) and not store.conflicts_of(plan.id):
            # Nothing new and nothing pending: the plan stays what its log makes it, so
            # the file costs no merge; only its revision and signatures may be news.
            state, conflicts, merged = store.load(plan.id), [], None
        else:
            merged = materialize(plan, local + data.changes)
            state, conflicts = merged.state, merged.conflicts
            if created and digest(snapshot(state)) != data.revision.sha256:
                raise ImportRefusedError(
                    "the plan data and its change log disagree; the file was not imported"
                )
            _refuse_invalid(state)
        if state.plan.status in ACTIVE_PLAN_STATUSES:
            other = store.active_plan_for(state.plan.buyer_org, other_than=plan.id)
            if other is not None:
                raise ActivePlanExistsError(
                    f"{other.buyer_org} already has another active plan, “{other.title}”; "
                    "mark it achieved or abandoned before importing this one.",
                    other.id,
                    other.title,
                )
        taken = 0
        if merged is not None:
            store.replace_plan(state)
            taken = store.add_records(plan.id, incoming)
            store.set_conflicts(
                plan.id,
                [
                    (c.entity, c.entity_id, c.field, [r.key for r in c.candidates])
                    for c in conflicts
                ],
            )
        revision = store.add_revision(plan.id, data.revision, data.snapshot)
        store.settle_revision_number(state)
        recorded, in_person = [], []
        for side, signature in (signed_sides or {}).items():
            if store.record_signature(plan.id, revision.sha256, side, **signature):
                (recorded if signature["kind"] == "digital" else in_person).append(side)
    return ImportSummary(
        plan_id=plan.id,
        title=state.plan.title,
        created=created,
        taken=taken,
        by_author=Counter(r.attribution() for r in incoming),
        conflicts=conflicts,
        revision=revision,
        signatures=recorded,
        in_person=in_person,
    )


def _all_known(records: list[RecordedChange], local: list[RecordedChange]) -> bool:
    """True if every record is one of ours, word for word (a known key with other
    contents is not: the file must then be merged, and checked, in full)."""
    if not local:
        return False
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
                        f"the plan data fails validation ({subject}: {str(exc).rstrip('.')}); "
                        "the file was not imported"
                    ) from None
