"""Words the domain leaves to its callers, worded in German: answers from review copies,
the health summary and date-entry errors; and the empty string never becomes the
catalogue's header."""

from __future__ import annotations

import datetime as dt

import pytest

from mutualplan import i18n
from mutualplan.domain.health import assess
from mutualplan.domain.quick_add import QuickAddError, parse_date
from mutualplan.domain.responses import CHANGE, Proposal, Reviewer, describe, outcome_lines


@pytest.fixture
def german():
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def _proposal(plan) -> Proposal:
    milestone = plan.milestone_order()[0]
    return Proposal(
        plan_id=plan.id,
        revision_sha256="0" * 64,
        revision_number=1,
        reviewer=Reviewer("Zoë Müller", "buyer"),
        entity="milestone",
        entity_id=milestone.id,
        verdict=CHANGE,
        values={"due": "2027-04-14"},
        comment="Eine Woche später, bitte.",
    )


def test_an_answer_is_worded_in_german(plan, german) -> None:
    proposal = _proposal(plan)
    assert describe(proposal, plan, i18n._) == (
        "Schlägt vor: Fälligkeit 2027-04-14: “Eine Woche später, bitte.”"
    )
    assert outcome_lines([proposal, proposal], plan, i18n._, i18n.ngettext) == [
        "2 Antworten von Zoë Müller: 2 offen"
    ]
    # Without a language the domain still speaks English, as before.
    assert describe(proposal, plan).startswith("Proposes due 2027-04-14")


def test_the_health_summary_is_worded_in_german(plan, german) -> None:
    summary = assess(plan, dt.date(2030, 1, 1)).summary(i18n._)
    assert summary.startswith("0/") and "erledigt" in summary and "überfällig" in summary
    assert "done" not in summary and "overdue" not in summary


def test_a_date_that_cannot_be_read_is_told_in_german(german) -> None:
    with pytest.raises(QuickAddError) as caught:
        parse_date("im Frühling", dt.date(2027, 3, 1))
    assert caught.value.worded(i18n._).startswith("„im Frühling“ ist kein Datum.")
    assert str(caught.value).startswith("“im Frühling” is not a date.")  # English by default


def test_the_empty_string_stays_empty(german) -> None:
    assert i18n._("") == ""


def test_who_made_the_changes_an_import_took_is_worded_in_german():
    from mutualplan import i18n
    from mutualplan.domain.changes import attributed
    from mutualplan.domain.model import Author

    zoe = Author("Zoë Müller", "buyer")
    priya = Author("Priya Raghunathan", "seller")
    german = i18n.translations("de").gettext
    assert attributed(zoe, None) == "by Zoë Müller (buyer)"
    assert attributed(zoe, None, german) == "von Zoë Müller (Kunde)"
    assert attributed(zoe, priya, german) == (
        "vorgeschlagen von Zoë Müller (Kunde), erfasst von Priya Raghunathan (Anbieter)"
    )
