"""Plan templates: the bundled one parses and is dated back from the target on working days."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from mutualplan.domain.model import Plan
from mutualplan.domain.state import PlanState
from mutualplan.domain.templates import (
    Template,
    TemplateError,
    load_templates,
    parse_template,
    template_changes,
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
