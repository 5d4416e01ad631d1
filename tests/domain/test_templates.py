"""Plan templates: the bundled one parses and is dated back from the target on working days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from mutualplan.domain import edits
from mutualplan.domain.health import DEPENDENCY_LATE, assess
from mutualplan.domain.model import Plan
from mutualplan.domain.state import PlanState
from mutualplan.domain.templates import (
    Template,
    TemplateError,
    load_templates,
    parse_template,
    template_changes,
    template_file_name,
    template_from_plan,
    working_days_before,
)
from mutualplan.paths import templates_dir


def working_days(start: dt.date, end: dt.date) -> int:
    """Mon-Fri days in [start, end)."""
    return sum(1 for n in range((end - start).days) if (start + dt.timedelta(days=n)).weekday() < 5)


def planned(template: Template, target: dt.date | None) -> PlanState:
    state = PlanState(Plan(id="p", title="Plan", buyer_org="B", seller_org="S", target_date=target))
    state.apply_all(template_changes(state, template))
    return state


def test_the_bundled_templates_all_load() -> None:
    templates = load_templates(templates_dir())
    assert "Enterprise software purchase" in [t.name for t in templates]
    assert len(templates) == len(list(templates_dir().glob("*.json")))


def test_the_enterprise_template_describes_a_path_to_go_live(enterprise_template: Template) -> None:
    titles = [m.title for m in enterprise_template.milestones]
    assert titles[0] == "Discovery workshop" and titles[-1] == "Go-live"
    assert len(titles) == 10
    assert all(d < i for i, m in enumerate(enterprise_template.milestones) for d in m.depends_on)


# Wednesday, Saturday, Sunday, Monday: the weekend rule moves only weekend dates.
@pytest.mark.parametrize(
    "target",
    [dt.date(2026, 9, 30), dt.date(2026, 10, 3), dt.date(2026, 10, 4), dt.date(2026, 10, 5)],
)
def test_milestones_are_dated_back_from_the_target_on_working_days(
    enterprise_template: Template, target: dt.date
) -> None:
    state = planned(enterprise_template, target)
    for item, m in zip(enterprise_template.milestones, state.milestone_order(), strict=True):
        assert m.title == item.title
        assert item.before_target_days is not None
        nominal = target - dt.timedelta(days=item.before_target_days)
        # Due on the last working day on or before the nominal date.
        assert m.due is not None and m.due.weekday() < 5
        assert m.due <= nominal and (nominal - m.due).days < 3
        assert working_days(m.due, nominal + dt.timedelta(days=1)) == 1
        # Starts its lead time in working days before it is due.
        assert m.start is not None and m.start.weekday() < 5
        assert working_days(m.start, m.due) == item.lead_days
        assert m.lead_days == item.lead_days


def test_template_dependencies_and_actions_become_real_ones(enterprise_template: Template) -> None:
    state = planned(enterprise_template, dt.date(2026, 9, 30))
    order = state.milestone_order()
    for item, m in zip(enterprise_template.milestones, order, strict=True):
        assert m.depends_on == tuple(sorted(order[d].id for d in item.depends_on))
        actions = state.actions_of(m.id)
        assert [a.title for a in actions] == list(item.actions)
        assert all(a.due == m.due for a in actions)


def test_without_a_target_date_the_milestones_are_undated(enterprise_template: Template) -> None:
    state = planned(enterprise_template, None)
    assert len(state.milestones) == 10
    assert all(m.due is None and m.start is None for m in state.milestones.values())


def test_working_days_before_skips_the_weekend() -> None:
    monday = dt.date(2026, 10, 5)
    assert working_days_before(monday, 1) == dt.date(2026, 10, 2)
    assert working_days_before(monday, 5) == dt.date(2026, 9, 28)
    assert working_days_before(monday, 0) == monday


def good_template(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "mutualplan-template",
        "name": "Small",
        "milestones": [
            {"title": "Start", "lead_days": 2, "before_target_days": 10},
            {"title": "Finish", "depends_on": [0]},
        ],
    }
    data.update(changes)
    return data


def test_a_minimal_template_parses() -> None:
    template = parse_template(good_template())
    assert [m.title for m in template.milestones] == ["Start", "Finish"]
    assert template.milestones[1].depends_on == (0,)


def one_milestone(**item: Any) -> dict[str, Any]:
    return good_template(milestones=[{"title": "Only", **item}])


MALFORMED = [
    pytest.param([], id="not-an-object"),
    pytest.param({"name": "x", "milestones": []}, id="no-format"),
    pytest.param(good_template(format="something-else"), id="other-format"),
    pytest.param({"format": "mutualplan-template", "milestones": []}, id="no-name"),
    pytest.param({"format": "mutualplan-template", "name": "x"}, id="no-milestones"),
    pytest.param(good_template(milestones={"a": {"title": "A"}}), id="milestones-object"),
    pytest.param(good_template(milestones=5), id="milestones-number"),
    pytest.param(good_template(milestones=["Discovery"]), id="milestone-as-text"),
    pytest.param(good_template(milestones=[{"side": "joint"}]), id="milestone-without-title"),
    pytest.param(one_milestone(title="  "), id="blank-title"),
    pytest.param(one_milestone(side="vendor"), id="unknown-side"),
    pytest.param(one_milestone(depends_on=[0]), id="depends-on-itself"),
    pytest.param(one_milestone(depends_on=[3]), id="depends-on-later"),
    pytest.param(one_milestone(depends_on=["first"]), id="depends-on-name"),
    pytest.param(one_milestone(lead_days="5"), id="lead-days-text"),
    pytest.param(one_milestone(lead_days=-2), id="lead-days-negative"),
    pytest.param(one_milestone(before_target_days="a week"), id="before-target-text"),
    pytest.param(one_milestone(before_target_days=1.5), id="before-target-fraction"),
]


@pytest.mark.parametrize("data", MALFORMED)
def test_a_malformed_template_raises_template_error(data: Any) -> None:
    with pytest.raises(TemplateError):
        parse_template(data)


def test_broken_template_files_are_skipped_and_the_good_ones_offered(tmp_path: Path) -> None:
    (tmp_path / "a-good.json").write_text(json.dumps(good_template()), "utf-8")
    (tmp_path / "b-not-json.json").write_text("{ nope", "utf-8")
    (tmp_path / "c-malformed.json").write_text(
        json.dumps(good_template(milestones=["Discovery"])), "utf-8"
    )
    (tmp_path / "d-not-utf8.json").write_bytes(b"\xff\xfe\x00")
    templates = load_templates(tmp_path)
    assert [t.name for t in templates] == ["Small"]
    assert templates[0].path == tmp_path / "a-good.json"


# -- the three bundled templates, and saving a plan as a template -------------------------


def test_three_bundled_templates_cover_the_usual_paths() -> None:
    names = {t.name for t in load_templates(templates_dir())}
    assert {
        "Enterprise software purchase",
        "Proof-of-concept-led evaluation",
        "Renewal and expansion",
    } <= names


@pytest.mark.parametrize("template", load_templates(templates_dir()), ids=lambda t: t.name)
def test_every_bundled_template_is_a_followable_plan(template: Template) -> None:
    assert 6 <= len(template.milestones) <= 20  # the length teams can follow
    assert template.description
    state = planned(template, dt.date(2026, 9, 30))
    health = assess(state, dt.date(2026, 1, 1))
    assert not health.problems
    assert not any(DEPENDENCY_LATE in flags for flags in health.flags.values())
    assert all(m.exit_criteria for m in template.milestones)
    assert {"buyer", "joint"} <= {m.side for m in template.milestones}  # both sides commit


def test_a_plan_saved_as_a_template_starts_the_same_plan_again(
    enterprise_template: Template,
) -> None:
    original = planned(enterprise_template, dt.date(2026, 9, 30))
    data = template_from_plan(original, "  Our purchase  ", "How we buy software")
    assert json.loads(json.dumps(data)) == data  # plain JSON
    template = parse_template(data)
    assert (template.name, template.description) == ("Our purchase", "How we buy software")
    assert template.milestones == enterprise_template.milestones

    again = planned(template, dt.date(2027, 3, 31))
    shift = dt.date(2027, 3, 31) - dt.date(2026, 9, 30)
    for before, after in zip(original.milestone_order(), again.milestone_order(), strict=True):
        assert (after.title, after.side, after.lead_days) == (
            before.title,
            before.side,
            before.lead_days,
        )
        nominal = before.due + shift
        assert after.due <= nominal and (nominal - after.due).days < 3  # weekends move back


def test_saving_takes_lead_times_from_dates_and_keeps_only_backward_dependencies() -> None:
    state = PlanState(Plan(id="p", title="Plan", buyer_org="B", seller_org="S"))
    state.apply_all(
        edits.add_milestone(
            state,
            {"title": "Pilot", "start": dt.date(2027, 3, 1), "due": dt.date(2027, 3, 12)},
        )
    )
    pilot = state.milestone_order()[0]
    state.apply_all(edits.add_milestone(state, {"title": "Undated", "side": "buyer"}))
    state.apply_all(
        edits.add_milestone(
            state,
            {"title": "Review", "due": dt.date(2027, 3, 26), "depends_on": (pilot.id,)},
        )
    )
    review = state.milestone_order()[2]
    state.apply_all(edits.add_action(state, review.id, {"title": "Write it up"}))
    # The pilot waits for the review, listed after it: no index to point back to.
    state.apply_all(edits.move(state, "milestone", review.id, 0))
    data = template_from_plan(state, "Small", "")
    assert data["milestones"] == [
        {
            "title": "Review",
            "side": "joint",
            "before_target_days": 0,  # no target date: the last due date stands in
            "actions": ["Write it up"],
        },
        {"title": "Pilot", "side": "joint", "lead_days": 9, "before_target_days": 14},
        {"title": "Undated", "side": "buyer"},
    ]
    parse_template(data)


def test_a_step_after_the_target_date_round_trips() -> None:
    target = dt.date(2026, 9, 30)
    state = PlanState(Plan(id="p", title="P", buyer_org="B", seller_org="S", target_date=target))
    state.apply_all(
        edits.add_milestone(state, {"title": "Hypercare review", "due": dt.date(2026, 10, 14)})
    )
    template = parse_template(template_from_plan(state, "After", ""))
    assert template.milestones[0].before_target_days == -14
    assert planned(template, target).milestone_order()[0].due == dt.date(2026, 10, 14)


def test_a_template_needs_a_name() -> None:
    with pytest.raises(TemplateError):
        template_from_plan(planned(parse_template(good_template()), None), "  ")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Proof of concept — fast track", "proof-of-concept-fast-track.json"),
        ("Über-Plan 2027", "uber-plan-2027.json"),
        ("Продажа", "template.json"),
        ("../../etc/passwd", "etc-passwd.json"),
    ],
)
def test_template_file_names_are_plain_and_stay_in_their_folder(name: str, file_name: str) -> None:
    assert template_file_name(name) == file_name


def test_the_bundled_templates_name_their_natural_stages() -> None:
    """Each bundled template walks the stages discover, validate, decide, contract,
    deliver in that order, and a plan made from it carries them as phases."""
    stages = ["Discover", "Validate", "Decide", "Contract", "Deliver"]
    for template in load_templates(templates_dir()):
        phases = [m.phase for m in template.milestones]
        assert phases == sorted(phases, key=stages.index), template.name
        state = planned(template, dt.date(2027, 6, 30))
        assert [m.phase for m in state.milestone_order()] == phases
        again = parse_template(template_from_plan(state, "copy"))
        assert [m.phase for m in again.milestones] == phases
