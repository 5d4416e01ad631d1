"""The exported spreadsheet's columns are the declared fields, headed as declared: a
field added to the declaration gets a column, or is left out here on purpose."""

from __future__ import annotations

from mutualplan.domain.model import ENTITY_TYPES, Milestone, Plan
from mutualplan.domain.state import PlanState
from mutualplan.exchange.sheet_export import (
    EVIDENCE_HEADINGS,
    PEOPLE_HEADINGS,
    PLAN_LABELS,
    headings_of,
)

# Fields with no column of their own: the order of the rows is the sort key, the plan's
# status is the database's business, and who signs is chosen in MutualPlan.
LEFT_OUT = {
    "plan": {"status"},
    "person": {"rank", "signs"},
    "milestone": {"rank"},
    "evidence": {"rank"},
}


def _phased_plan() -> PlanState:
    state = PlanState(Plan(id="p"))
    state.add(Milestone(id="m", plan_id="p", title="Kick-off", phase="Discover"))
    return state


def test_every_declared_field_has_a_column_or_is_left_out_on_purpose() -> None:
    sheets = {
        "plan": tuple(heading for heading, _name in PLAN_LABELS),
        "person": PEOPLE_HEADINGS,
        "milestone": headings_of(_phased_plan()),
        "evidence": EVIDENCE_HEADINGS,
    }
    for kind, headings in sheets.items():
        fields = ENTITY_TYPES[kind].FIELDS
        exported = {name for name, spec in fields.items() if spec.heading in headings}
        assert exported | LEFT_OUT[kind] == set(fields), kind
        assert not exported & LEFT_OUT[kind], kind
