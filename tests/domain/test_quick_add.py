"""Quick add: one typed line -> a milestone, its owner and its dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualplan.domain import edits
from mutualplan.domain.model import Plan, Side
from mutualplan.domain.quick_add import (
    QuickAdd,
    QuickAddError,
    fold,
    parse_quick_add,
    quick_add_changes,
)
from mutualplan.domain.state import PlanState

TODAY = dt.date(2027, 3, 10)  # a Wednesday
PEOPLE = (
    ("Priya Raghunathan", Side.SELLER),
    ("Søren Østergaard", Side.SELLER),
    ("Łukasz Wiśniewski", Side.BUYER),
    ("Олена Коваль", Side.BUYER),
    ("Zoë Müller", Side.BUYER),
    ("Katrin Hoffmann", Side.BUYER),
    ("Kate Brown", Side.SELLER),
)


def people_plan() -> PlanState:
    state = PlanState(Plan(id="p", title="Plan", buyer_org="Nordwind", seller_org="Brightline"))
    for name, side in PEOPLE:
        state.apply_all(edits.add_person(state, {"name": name, "side": side}))
    state.apply_all(edits.add_milestone(state, {"title": "Discovery"}))
    return state


STATE = people_plan()


def person(name: str) -> str:
    return next(p.id for p in STATE.people.values() if p.name == name)


def parse(text: str, today: dt.date = TODAY, my_side: str = Side.SELLER) -> QuickAdd:
    return parse_quick_add(text, STATE, today, my_side)


def test_the_example_from_the_issue() -> None:
    quick = parse("Security review — buyer — Priya — 12 Mar")
    assert quick == QuickAdd(
        title="Security review",
        side=Side.BUYER,
        owner_id=person("Priya Raghunathan"),
        due=dt.date(2027, 3, 12),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Security review — buyer — Priya — 12 Mar",
        "Security review – buyer – Priya – 12 Mar",
        "Security review - buyer - Priya - 12 Mar",
        "Security review | buyer | Priya | 12 Mar",
        "Security review; buyer; Priya; 12 Mar",
        "Security review -- buyer -- Priya -- 12 Mar",
        "Security review—buyer—Priya—12 Mar",
        "  Security   review  —  12 Mar — Priya — buyer  ",
        "Security review — Priya — 12 Mar — buyer",
        "Security review — customer — priya — 12 March",
    ],
)
def test_separators_and_order_do_not_matter(text: str) -> None:
    quick = parse(text)
    assert (quick.title, quick.side, quick.owner_id, quick.due) == (
        "Security review",
        Side.BUYER,
        person("Priya Raghunathan"),
        dt.date(2027, 3, 12),
    )


def test_a_hyphen_inside_the_title_is_kept() -> None:
    assert parse("Go-live readiness review — joint").title == "Go-live readiness review"


@pytest.mark.parametrize(
    ("word", "side"),
    [
        ("seller", Side.SELLER),
        ("Vendor", Side.SELLER),
        ("supplier", Side.SELLER),
        ("buyer", Side.BUYER),
        ("CUSTOMER", Side.BUYER),
        ("client", Side.BUYER),
        ("joint", Side.JOINT),
        ("both", Side.JOINT),
        ("together", Side.JOINT),
        ("buyer side", Side.BUYER),
    ],
)
def test_side_words_and_synonyms(word: str, side: str) -> None:
    assert parse(f"Workshop — {word}").side == side


def test_without_a_side_the_owner_s_side_is_taken_else_joint() -> None:
    assert parse("Legal review — Łukasz").side == Side.BUYER
    assert parse("Demo — Priya").side == Side.SELLER
    assert parse("Steering meeting").side == Side.JOINT


def test_two_different_sides_are_refused() -> None:
    with pytest.raises(QuickAddError, match="Two sides"):
        parse("Workshop — buyer — seller")


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Priya Raghunathan", "Priya Raghunathan"),
        ("priya", "Priya Raghunathan"),
        ("Pri", "Priya Raghunathan"),
        ("Raghu", "Priya Raghunathan"),
        ("soren", "Søren Østergaard"),
        ("Søren", "Søren Østergaard"),
        ("ostergaard", "Søren Østergaard"),
        ("lukasz", "Łukasz Wiśniewski"),
        ("Wisniewski", "Łukasz Wiśniewski"),
        ("zoe muller", "Zoë Müller"),
        ("ZOË", "Zoë Müller"),
        ("олена", "Олена Коваль"),
        ("Коваль", "Олена Коваль"),
        ("Katrin", "Katrin Hoffmann"),
        ("Kate", "Kate Brown"),
        ("@priya", "Priya Raghunathan"),
        ("by Priya", "Priya Raghunathan"),
        ("owner: Kate", "Kate Brown"),
    ],
)
def test_people_are_found_by_name_first_name_or_prefix_without_accents(
    typed: str, name: str
) -> None:
    assert parse(f"Review — {typed}").owner_id == person(name)


def test_an_ambiguous_prefix_names_the_candidates() -> None:
    with pytest.raises(QuickAddError, match="Katrin Hoffmann or Kate Brown"):
        parse("Review — Kat")


def test_an_unknown_name_proposes_a_new_person_on_the_other_side() -> None:
    quick = parse("Reference call — Maria Lopez — 20 Mar")
    assert quick.owner_id is None
    assert (quick.new_owner_name, quick.new_owner_side, quick.side) == (
        "Maria Lopez",
        Side.BUYER,
        Side.BUYER,
    )
    mine = parse("Reference call — Maria Lopez", my_side=Side.BUYER)
    assert (mine.new_owner_side, mine.side) == (Side.SELLER, Side.SELLER)


def test_a_new_person_takes_the_side_given() -> None:
    quick = parse("Pricing proposal — seller — Jonas Weber")
    assert (quick.new_owner_name, quick.new_owner_side, quick.side) == (
        "Jonas Weber",
        Side.SELLER,
        Side.SELLER,
    )
    joint = parse("Workshop — joint — Jonas Weber")
    assert (joint.new_owner_side, joint.side) == (Side.BUYER, Side.JOINT)


def test_two_owners_are_refused() -> None:
    with pytest.raises(QuickAddError, match="one owner"):
        parse("Review — Priya — Kate")


@pytest.mark.parametrize(
    ("typed", "due"),
    [
        ("12 Mar", dt.date(2027, 3, 12)),
        ("12 March", dt.date(2027, 3, 12)),
        ("12th of March", dt.date(2027, 3, 12)),
        ("March 12", dt.date(2027, 3, 12)),
        ("Mar 12, 2028", dt.date(2028, 3, 12)),
        ("12 March 2027", dt.date(2027, 3, 12)),
        ("2027-03-12", dt.date(2027, 3, 12)),
        ("12/03", dt.date(2027, 3, 12)),
        ("12.03.2027", dt.date(2027, 3, 12)),
        ("12/3/27", dt.date(2027, 3, 12)),
        ("10 Mar", dt.date(2027, 3, 10)),  # today is still "the next 10 March"
        ("9 Mar", dt.date(2028, 3, 9)),  # yesterday's date means next year's
        ("5 Jan", dt.date(2028, 1, 5)),
        ("29 Feb", dt.date(2028, 2, 29)),  # the next leap day
        ("1 sept", dt.date(2027, 9, 1)),
        ("today", TODAY),
        ("tomorrow", dt.date(2027, 3, 11)),
        ("friday", dt.date(2027, 3, 12)),
        ("next friday", dt.date(2027, 3, 12)),
        ("this fri", dt.date(2027, 3, 12)),
        ("wednesday", dt.date(2027, 3, 17)),  # a week on, not today
        ("next week", dt.date(2027, 3, 19)),  # by the end of next week
        ("in 2 weeks", dt.date(2027, 3, 24)),
        ("in two weeks", dt.date(2027, 3, 24)),
        ("in a week", dt.date(2027, 3, 17)),
        ("in 10 days", dt.date(2027, 3, 20)),
        ("in 3 working days", dt.date(2027, 3, 15)),
        ("in 1 month", dt.date(2027, 4, 10)),
        ("due 12 Mar", dt.date(2027, 3, 12)),
        ("by Friday", dt.date(2027, 3, 12)),
    ],
)
def test_due_dates_as_people_write_them(typed: str, due: dt.date) -> None:
    quick = parse(f"Review — {typed}")
    assert (quick.due, quick.start) == (due, None)


def test_in_a_month_from_the_31st_is_the_end_of_the_next_month() -> None:
    assert parse("Review — in 1 month", today=dt.date(2027, 1, 31)).due == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("typed", "start", "due"),
    [
        ("1 Mar – 12 Mar", dt.date(2027, 3, 1), dt.date(2027, 3, 12)),
        ("1 Mar - 12 Mar", dt.date(2027, 3, 1), dt.date(2027, 3, 12)),
        ("1 Mar to 12 Mar", dt.date(2027, 3, 1), dt.date(2027, 3, 12)),
        ("1–12 Mar", dt.date(2027, 3, 1), dt.date(2027, 3, 12)),
        ("1-12 Mar", dt.date(2027, 3, 1), dt.date(2027, 3, 12)),
        ("28-3 Mar", dt.date(2028, 2, 28), dt.date(2028, 3, 3)),  # 3 March 2027 is past
        ("20 Dec – 10 Jan", dt.date(2027, 12, 20), dt.date(2028, 1, 10)),
        ("from 3 Apr — due 20 Apr", dt.date(2027, 4, 3), dt.date(2027, 4, 20)),
        ("due 20 Apr — from 3 Apr", dt.date(2027, 4, 3), dt.date(2027, 4, 20)),
        ("tomorrow to friday", dt.date(2027, 3, 11), dt.date(2027, 3, 12)),
        ("1 Mar 2028 – 12 Mar", dt.date(2028, 3, 1), dt.date(2028, 3, 12)),
    ],
)
def test_date_ranges_give_a_start_and_a_due_date(typed: str, start: dt.date, due: dt.date) -> None:
    quick = parse(f"Proof of concept — joint — {typed}")
    assert (quick.start, quick.due) == (start, due)


def test_a_start_alone_leaves_the_due_date_open() -> None:
    quick = parse("Pilot — from 3 Apr")
    assert (quick.start, quick.due) == (dt.date(2027, 4, 3), None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31 Feb", "There is no 31 February"),
        ("30/02", "There is no 30 February"),
        ("2027-02-29", "There is no 29 February 2027"),
        ("32 Mar", "There is no 32 March"),
        ("12/13", "no month 13"),
        ("2027-13-01", "no month 13"),
        ("12 Mar 1850", "not a plausible date"),
        ("in 99999 days", "too far"),
        ("in 9999 months", "too far"),
        ("in several days", "digits"),
        ("due soon", "not a date"),
        ("version 2", "not a side, a person or a date"),  # "phase 2" names a phase
        ("12 Smarch", "not a side, a person or a date"),
        ("3", "not a date on its own"),
        ("1 Mar — 5 Mar — 9 Mar", "Too many dates"),
        ("2027-03-12 to 2027-03-01", "before it starts"),
        ("1 Mar to Priya", "end of the range is not a date"),
        ("from 1 Mar — from 2 Mar", "Two start dates"),
        ("፩", "not a side, a person or a date"),  # a digit, but not one of ours
        ("١٢ Mar", "not a side, a person or a date"),
    ],
)
def test_dates_that_make_no_sense_are_refused_with_a_message(typed: str, message: str) -> None:
    with pytest.raises(QuickAddError, match=message):
        parse(f"Review — {typed}")


@pytest.mark.parametrize("text", ["", "   ", "— buyer — 12 Mar", "|", "\t\n"])
def test_a_line_without_a_title_is_refused(text: str) -> None:
    with pytest.raises(QuickAddError, match="title"):
        parse(text)


def test_the_title_is_one_line_without_control_characters() -> None:
    assert parse("Security\treview\x00 now\n — buyer").title == "Security review now"


def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Søren   ØSTERGAARD ") == fold("soren ostergaard") == "soren ostergaard"
    assert fold("Łukasz") == "lukasz"
    assert fold("Straße") == "strasse"


def test_the_changes_add_the_new_person_first_then_the_milestone_after_the_current() -> None:
    state = STATE.copy()
    first = state.milestone_order()[0]
    state.apply_all(edits.add_milestone(state, {"title": "Go-live"}))
    quick = parse("Reference call — Maria Lopez — 20 Mar")
    changes = quick_add_changes(state, quick, after_id=first.id)
    assert [c.entity for c in changes] == ["person", "milestone"]
    state.apply_all(changes)
    new_person = state.people[changes[0].entity_id]
    assert (new_person.name, new_person.side) == ("Maria Lopez", Side.BUYER)
    assert [m.title for m in state.milestone_order()] == ["Discovery", "Reference call", "Go-live"]
    added = state.milestones[changes[1].entity_id]
    assert (added.owner_id, added.due, added.side) == (new_person.id, dt.date(2027, 3, 20), "buyer")


def test_a_known_owner_adds_only_the_milestone() -> None:
    state = STATE.copy()
    changes = quick_add_changes(state, parse("Kickoff — Kate — 1-12 Apr"))
    assert [c.entity for c in changes] == ["milestone"]
    state.apply_all(changes)
    added = state.milestones[changes[0].entity_id]
    assert (added.owner_id, added.start, added.due) == (
        person("Kate Brown"),
        dt.date(2027, 4, 1),
        dt.date(2027, 4, 12),
    )


# -- whatever is typed: a milestone the plan accepts, or QuickAddError -----------------

WORDS = st.sampled_from(
    [
        "buyer",
        "seller",
        "joint",
        "vendor",
        "Priya",
        "Kat",
        "Søren",
        "Maria Lopez",
        "@",
        "by",
        "from",
        "due",
        "to",
        "in",
        "next",
        "friday",
        "weeks",
        "working",
        "days",
        "month",
        "Mar",
        "February",
        "29",
        "31",
        "1",
        "12",
        "2027",
        "0",
        "99999",
        "12/03",
        "2027-02-29",
        "1-12",
        "..",
        "—",
        "–",
        " - ",
        "|",
        ";",
        "--",
        " ",
        "\n",
        "\x00",
        "ǅ",
        "²",
        "١٢",
        "፩",
        "𝟐",
    ]
)
lines = st.one_of(
    st.text(max_size=60),
    st.lists(WORDS, max_size=12).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=6)), max_size=12).map("".join),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=lines,
    today=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
    my_side=st.sampled_from([Side.SELLER, Side.BUYER]),
)
def test_any_line_gives_a_milestone_the_plan_accepts_or_a_quick_add_error(
    text: str, today: dt.date, my_side: str
) -> None:
    try:
        quick = parse_quick_add(text, STATE, today, my_side)
    except QuickAddError as exc:
        assert str(exc)
        return
    assert quick.title and "\n" not in quick.title
    assert quick.side in tuple(Side)
    if quick.start and quick.due:
        assert quick.start <= quick.due
    state = STATE.copy()
    state.apply_all(quick_add_changes(state, quick))  # the plan's rules accept it


def test_a_phase_is_named_or_marked() -> None:
    """ "phase: Validate" names a phase; a part that is one of the plan's phases is it."""
    from mutualplan.domain.model import Plan
    from mutualplan.domain.quick_add import parse_quick_add as parse_line
    from mutualplan.domain.quick_add import quick_add_changes as changes_of
    from mutualplan.domain.state import PlanState as State

    state = State(Plan(id="p", title="P", buyer_org="B", seller_org="S"))
    today = dt.date(2027, 1, 4)
    quick = parse_line("Security review — buyer — phase: Validate — 12 Mar", state, today)
    assert (quick.phase, quick.side, quick.due) == ("Validate", "buyer", dt.date(2027, 3, 12))
    state.apply_all(changes_of(state, quick))
    assert [m.phase for m in state.milestone_order()] == ["Validate"]
    again = parse_line("Pilot | validate | joint", state, today)
    assert again.phase == "Validate"  # the plan's own spelling
    assert parse_line("Pilot — joint", state, today).phase == ""


def test_country_of_an_organisation_from_its_legal_form() -> None:
    from mutualplan.domain.names import country_of_organisation

    assert country_of_organisation("Nordwind Logistics GmbH") == "DE"
    assert country_of_organisation("Contoso Ltd.") == "GB"
    assert country_of_organisation("Acme sp. z o.o.") == "PL"
    assert country_of_organisation("Brightline Analytics") == ""


def test_a_date_field_reads_what_quick_add_reads() -> None:
    import datetime as dt

    import pytest

    from mutualplan.domain.quick_add import QuickAddError, parse_date

    today = dt.date(2026, 11, 27)  # a Friday
    assert parse_date("15 Apr 2027", today) == dt.date(2027, 4, 15)
    assert parse_date("12/03/2027", today) == dt.date(2027, 3, 12)
    assert parse_date("03/12/2027", today, month_first=True) == dt.date(2027, 3, 12)
    assert parse_date("2027-03-12", today) == dt.date(2027, 3, 12)
    assert parse_date("12 Mar", today) == dt.date(2027, 3, 12)
    assert parse_date("next Friday", today) == dt.date(2026, 12, 4)
    assert parse_date("T", today) == today
    assert parse_date("+3d", today) == dt.date(2026, 11, 30)
    assert parse_date("+2w", today) == dt.date(2026, 12, 11)
    assert parse_date("  ", today) is None
    for typed in ("soonish", "31 Feb 2027", "13/13/2027"):
        with pytest.raises(QuickAddError):
            parse_date(typed, today)
