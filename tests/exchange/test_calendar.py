"""The plan's dates as iCalendar, read back with the icalendar package as a calendar
program would read them."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from mutualplan.domain import edits
from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.exchange.calendar import FALLBACK_STAMP, PRODID, ics_bytes, write_ics
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan

AUTHOR = Author("Priya Raghunathan", "seller")


@pytest.fixture
def sample(store: Store) -> PlanState:
    return add_sample_plan(store, today=dt.date(2026, 10, 1))


def events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    found = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT"))  # every UID once
    return found


def export(store: Store, plan_id: str) -> bytes:
    return ics_bytes(store.load(plan_id), store.history(plan_id))


def test_one_all_day_event_per_dated_milestone_and_action(tmp_path, store, sample):
    write_ics(sample, tmp_path / "plan.ics", store.history(sample.id))
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    assert str(calendar["prodid"]) == PRODID
    assert str(calendar["version"]) == "2.0"
    found = events((tmp_path / "plan.ics").read_bytes())

    dated = [m for m in sample.milestones.values() if m.start or m.due]
    dated_actions = [a for a in sample.actions.values() if a.due]
    assert set(found) == {f"{item.id}@mutualplan" for item in [*dated, *dated_actions]}
    for m in dated:
        event = found[f"{m.id}@mutualplan"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is dt.date and type(end) is dt.date  # all-day
        assert start == (m.start or m.due)
        assert end == (m.due or m.start) + dt.timedelta(days=1)
        assert m.title in str(event["summary"])
    for a in dated_actions:
        event = found[f"{a.id}@mutualplan"]
        assert event.decoded("dtstart") == a.due
        assert event.decoded("dtend") == a.due + dt.timedelta(days=1)


def test_summary_names_side_and_owner_and_description_the_exit_criteria(store, sample):
    found = events(export(store, sample.id))
    m = next(m for m in sample.milestone_order() if m.owner_id and m.exit_criteria)
    event = found[f"{m.id}@mutualplan"]
    owner = sample.people[m.owner_id].name
    summary = str(event["summary"])
    assert m.side.capitalize() in summary and owner in summary
    description = str(event["description"])
    assert m.exit_criteria in description
    assert sample.plan.title in description


def test_a_milestone_with_only_a_due_date_is_one_day(store, sample, author):
    m = sample.milestone_order()[0]
    store.commit(sample, edits.set_field(sample, "milestone", m.id, "start", None), author)
    event = events(export(store, sample.id))[f"{m.id}@mutualplan"]
    assert event.decoded("dtstart") == m.due
    assert event.decoded("dtend") == m.due + dt.timedelta(days=1)


def test_the_same_plan_gives_the_same_bytes(store, sample):
    assert export(store, sample.id) == export(store, sample.id)


def test_an_edit_raises_sequence_and_stamp_of_that_event_only(store, sample, author):
    before = events(export(store, sample.id))
    m, other = sample.milestone_order()[3], sample.milestone_order()[4]
    store.commit(
        sample,
        edits.set_field(sample, "milestone", m.id, "due", m.due + dt.timedelta(days=7)),
        author,
    )
    after = events(export(store, sample.id))

    uid = f"{m.id}@mutualplan"
    assert int(after[uid]["sequence"]) == int(before[uid]["sequence"]) + 1
    assert after[uid].decoded("dtstamp") >= before[uid].decoded("dtstamp")  # to the second
    assert after[uid].decoded("dtend") == m.due + dt.timedelta(days=1)
    last = store.history(sample.id)[-1]
    assert after[uid].decoded("dtstamp") == dt.datetime.fromisoformat(
        last.at.replace("Z", "+00:00")
    ).replace(microsecond=0)
    untouched = f"{other.id}@mutualplan"
    assert after[untouched].to_ical() == before[untouched].to_ical()


def test_a_removed_milestone_is_cancelled_under_its_uid(store, sample, author):
    m = sample.milestone_order()[-1]
    before = events(export(store, sample.id))[f"{m.id}@mutualplan"]
    store.commit(sample, edits.delete(sample, "milestone", m.id), author)
    after = events(export(store, sample.id))[f"{m.id}@mutualplan"]
    assert str(after["status"]) == "CANCELLED"
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == m.due


def test_a_milestone_whose_dates_were_cleared_is_cancelled(store, sample, author):
    m = sample.milestone_order()[0]
    for name in ("start", "due"):
        store.commit(sample, edits.set_field(sample, "milestone", m.id, name, None), author)
    event = events(export(store, sample.id))[f"{m.id}@mutualplan"]
    assert str(event["status"]) == "CANCELLED"


def test_without_a_change_log_every_stamp_is_fixed(sample):
    found = events(ics_bytes(sample))
    assert {e.decoded("dtstamp") for e in found.values()} == {FALLBACK_STAMP}
    assert ics_bytes(sample) == ics_bytes(sample)


def test_a_plan_without_dates_is_an_empty_calendar(store, author):
    state = store.create_plan(
        {"title": "Undated", "buyer_org": "B", "seller_org": "S"},
        author,
        build=lambda s: edits.add_milestone(s, {"title": "Someday"}),
    )
    assert events(ics_bytes(state, store.history(state.id))) == {}


def test_a_reorder_rewrites_no_event_and_an_owner_rename_raises_sequence(store, sample):
    """Event text without milestone numbers: moving one milestone leaves every other
    event's text alone. Renaming an owner changes their events' text, so their
    SEQUENCE goes up and a calendar takes the new text."""
    before = events(export(store, sample.id))
    order = sample.milestone_order()
    moved = order[-1]
    store.commit(sample, edits.move(sample, "milestone", moved.id, 0), AUTHOR)
    after = events(export(store, sample.id))
    assert order[0].id != moved.id
    for uid, event in before.items():
        if uid.startswith(moved.id):
            continue
        assert str(after[uid]["description"]) == str(event["description"]), uid
        assert str(after[uid]["summary"]) == str(event["summary"]), uid

    owned = next(m for m in order if m.owner_id and (m.start or m.due))
    person = sample.people[owned.owner_id]
    uid = f"{owned.id}@mutualplan"
    sequence = int(after[uid]["sequence"])
    store.commit(
        sample, edits.set_field(sample, "person", person.id, "name", "Renamed Person"), AUTHOR
    )
    renamed = events(export(store, sample.id))
    assert "Renamed Person" in str(renamed[uid]["summary"])
    assert int(renamed[uid]["sequence"]) == sequence + 1
    assert "#" not in str(renamed[uid]["description"]).split("\n")[0]
