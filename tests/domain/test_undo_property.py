"""Any sequence of edits, undone newest first, brings the plan back exactly; redone, forward."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from mutualplan.domain import edits
from mutualplan.domain.changes import Change, inverse_of
from mutualplan.domain.model import ENTITY_TYPES, FieldSpec
from mutualplan.domain.state import PlanRuleError, PlanState

Contents = Callable[[PlanState], dict[str, Any]]
TODAY = dt.date(2026, 6, 1)
KINDS = ("plan", "person", "milestone", "action", "evidence")
dates = st.none() | st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))
texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


def value_for(data: st.DataObject, state: PlanState, spec: FieldSpec) -> Any:
    """A value for the field: mostly plausible, sometimes one the rules refuse."""
    people = sorted(state.people)
    milestones = sorted(state.milestones)
    if spec.kind in ("text", "longtext"):
        return data.draw(texts | st.just("Line one\nline two"))
    if spec.kind == "choice":
        return data.draw(st.sampled_from(spec.choices) | st.just("not a choice"))
    if spec.kind == "date":
        return data.draw(dates)
    if spec.kind == "int":
        return data.draw(st.none() | st.integers(min_value=-1, max_value=40))
    if spec.kind == "bool":
        return data.draw(st.booleans())
    if spec.kind == "person":
        return data.draw(st.sampled_from([None, "stranger", *people]))
    if spec.kind == "milestone":
        return data.draw(st.sampled_from([None, *milestones]))
    if spec.kind == "milestones":
        if not milestones:
            return ()
        return tuple(data.draw(st.lists(st.sampled_from(milestones), max_size=3)))
    # A rank: another item's key makes a tie, as merging two copies can.
    ranks = sorted({e.rank for kind in KINDS[1:] for e in state.table(kind).values()})
    return data.draw(st.sampled_from(ranks) | texts if ranks else texts)


def some_entity(data: st.DataObject, state: PlanState, kind: str) -> Any:
    entities = state.ordered(kind) if kind != "plan" else [state.plan]
    return data.draw(st.sampled_from(entities)) if entities else None


def draw_edit(data: st.DataObject, state: PlanState) -> list[Change]:
    what = data.draw(st.sampled_from(["set", "set", "set", "add", "delete", "move"]))
    if what == "add":
        kind = data.draw(st.sampled_from(["person", "milestone", "action", "evidence"]))
        fields = ENTITY_TYPES[kind].FIELDS
        names = data.draw(st.sets(st.sampled_from([n for n in fields if n != "rank"]), max_size=4))
        values = {name: value_for(data, state, fields[name]) for name in names}
        if kind == "milestone":
            after = some_entity(data, state, "milestone") if data.draw(st.booleans()) else None
            return edits.add_milestone(state, values, after.id if after else None)
        if kind == "action":
            parent = some_entity(data, state, "milestone")
            if parent is None:
                return []
            values.pop("milestone_id", None)
            return edits.add_action(state, parent.id, values)
        if kind == "person":
            return edits.add_person(state, values)
        return edits.add_evidence(state, values)
    kind = data.draw(st.sampled_from(KINDS if what == "set" else KINDS[1:]))
    entity = some_entity(data, state, kind)
    if entity is None:
        return []
    if what == "delete":
        return edits.delete(state, kind, entity.id)
    if what == "move":
        return edits.move(state, kind, entity.id, data.draw(st.integers(-1, 15)))
    name = data.draw(st.sampled_from(sorted(type(entity).FIELDS)))
    value = value_for(data, state, type(entity).FIELDS[name])
    return edits.set_field(state, kind, entity.id, name, value, TODAY)


def assert_actions_grouped(state: PlanState) -> None:
    """`actions_of` (grouped once, kept until actions come, go or move) agrees with a
    search of every action."""
    for milestone_id in [*state.milestones, "no such milestone"]:
        expected = [a for a in state.ordered("action") if a.milestone_id == milestone_id]
        assert state.actions_of(milestone_id) == expected


# The fixtures are only read: each example edits its own copy of the plan.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_edits_undone_newest_first_restore_the_plan_and_redo_replays_them(
    state: PlanState, contents_of: Contents, data: st.DataObject
) -> None:
    work = state.copy()
    start = contents_of(work)
    done: list[list[Change]] = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=25), label="edits")):
        changes = draw_edit(data, work)
        if not changes:
            continue
        before = contents_of(work)
        try:
            work.apply_all(changes)
        except PlanRuleError:
            event("an edit was refused")
            assert contents_of(work) == before, "a refused edit changed the plan"
            continue
        note(f"applied {changes}")
        done.append(changes)
        assert_actions_grouped(work)
    event(f"{min(len(done), 10)}+ edits applied" if len(done) >= 10 else f"{len(done)} applied")
    end = contents_of(work)

    for changes in reversed(done):
        work.apply_all(inverse_of(changes))
        assert_actions_grouped(work)
    assert contents_of(work) == start

    for changes in done:
        work.apply_all(changes)
    assert contents_of(work) == end
