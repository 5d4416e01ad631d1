"""Spreadsheets nobody wrote by hand: random cells under random headings, random
bytes, and real exports with bytes flipped, cut or repeated. Whatever arrives, the
import either works whole or stops with SpreadsheetError, and then the database is
exactly as it was."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sheet_helpers import change_count, database_digest

from mutualplan.domain.model import Author, Plan
from mutualplan.domain.state import PlanState
from mutualplan.exchange.cells import MONTH_NAMES, CellProblem, read_date
from mutualplan.exchange.columns import FIELD_LABELS, SYNONYMS
from mutualplan.exchange.sheet_export import csv_bytes, xlsx_bytes
from mutualplan.exchange.spreadsheet import (
    SpreadsheetError,
    guess_mapping,
    import_milestones,
    parse_rows,
    read_table,
)
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan

TODAY = dt.date(2027, 1, 4)
AUTHOR = Author("Priya Raghunathan", "seller")
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def planned(tmp_path_factory) -> tuple[Store, str]:
    """One database with the sample plan, shared by a test's examples: a failed import
    must leave it as it was, a good one only adds."""
    store = Store(tmp_path_factory.mktemp("fuzz") / "plans.sqlite")
    state = add_sample_plan(store, today=dt.date(2026, 10, 1))
    yield store, state.id
    store.close()


@cache
def sample_exports() -> dict[str, bytes]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "s.sqlite") as store:
        state = add_sample_plan(store, today=dt.date(2026, 10, 1))
        return {".csv": csv_bytes(state), ".xlsx": xlsx_bytes(state)}


def attempt(store: Store, plan_id: str | None, path: Path, mapping_draw=None) -> None:
    """Read, map, parse and import one file (into the plan, or a new plan when None);
    check the database's all-or-nothing."""
    digest, changes = database_digest(store), change_count(store)
    new_plan = None
    try:
        table = read_table(path)
        mapping = guess_mapping(table.headings) if mapping_draw is None else mapping_draw(table)
        if plan_id is None:
            # A buyer of its own each time: one active plan per buyer is the rule.
            new_plan = {"title": path.stem, "buyer_org": uuid.uuid4().hex, "seller_org": "S"}
            state = PlanState(Plan(id="", **new_plan))
        else:
            state = store.load(plan_id)
        parsed = parse_rows(table, mapping, state, TODAY)
        report = import_milestones(store, AUTHOR, parsed, plan_id, new_plan)
    except SpreadsheetError as exc:
        event(f"refused: {str(exc).split(';')[0].split('(')[0][-40:]}")
        assert str(exc)  # a message for the user, always
        assert database_digest(store) == digest
        assert change_count(store) == changes
        return
    event(f"imported {min(report.milestones, 3)}+ milestones")
    assert change_count(store) == changes + report.changes
    again = store.load(report.plan_id)
    assert len(again.milestones) >= report.milestones
    assert report.milestones + report.updated + report.unchanged >= 1


# -- cells people might type ---------------------------------------------------------

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
date_text = st.builds(
    lambda d, form: form.format(
        d=d.day, m=d.month, y=d.year, yy=d.year % 100, mon=MONTH_NAMES[d.month - 1]
    ),
    dates,
    st.sampled_from(
        [
            "{y}-{m:02}-{d:02}",
            "{d}/{m}/{y}",
            "{m}/{d}/{y}",
            "{d:02}.{m:02}.{yy:02}",
            "{d} {mon} {y}",
            "{mon} {d}, {y}",
            "{d}/{m}/{y}0",  # a five-digit year
            "31/{m}/{y}",
            "{d}-{mon}-{yy}",
        ]
    ),
)
words = st.sampled_from(
    [
        "Done",
        "WIP",
        "amber",
        "blocked",
        "Frozen",
        "Seller",
        "Buyer",
        "joint",
        "customer",
        "5 days",
        "2 weeks",
        "#1",
        "1, 2",
        "3FS+2d",
        "Alex Morgan",
        "Зоя",
        "↳ a step",
        "  indented",
        "=1+1",
        "'=SUM(A1)",
        "",
    ]
)
cells = st.one_of(
    st.text(max_size=15),
    date_text,
    words,
    st.integers(min_value=-5, max_value=120_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
headings = st.one_of(
    st.sampled_from(sorted({s for synonyms in SYNONYMS.values() for s in synonyms})),
    st.sampled_from(["Milestone", "Due date", "Lead (days)", "Owner's side", "Done when"]),
    st.text(max_size=10),
)


@st.composite
def header_rows(draw):
    """Headings, nearly always with one that names the titles somewhere among them."""
    found = draw(st.lists(headings, min_size=1, max_size=8))
    if draw(st.integers(min_value=0, max_value=9)):
        found.insert(draw(st.integers(min_value=0, max_value=len(found))), "Milestone")
    return found


def mapping_strategy(data):
    """A mapping someone chose by hand: any field to any column, or to none."""

    def draw(table):
        width = len(table.headings)
        chosen = {}
        for name in FIELD_LABELS:
            column = data.draw(st.none() | st.integers(min_value=0, max_value=width + 1))
            if column is not None:
                chosen[name] = column
        return chosen

    return draw


@SETTINGS
@given(
    header=header_rows(),
    rows=st.lists(st.lists(cells, max_size=9), max_size=12),
    into_new_plan=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    data=st.data(),
)
def test_random_cells_under_random_headings(
    planned, tmp_path_factory, header, rows, into_new_plan, delimiter, encoding, data
):
    store, plan_id = planned
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    path = tmp_path_factory.mktemp("csv") / "random.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    by_hand = data.draw(st.booleans())
    target = None if into_new_plan else plan_id
    attempt(store, target, path, mapping_strategy(data) if by_hand else None)


_ILLEGAL_IN_XLSX = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r")


@SETTINGS
@given(
    header=header_rows(),
    rows=st.lists(
        st.lists(
            st.one_of(
                cells.map(lambda t: t.translate({ord(c): None for c in _ILLEGAL_IN_XLSX})),
                dates,
                st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2300, 1, 1)),
                st.integers(min_value=-(10**6), max_value=10**6),
                st.floats(allow_nan=False, allow_infinity=False),
                st.booleans(),
                st.none(),
            ),
            max_size=9,
        ),
        max_size=12,
    ),
)
def test_random_cells_in_a_workbook(planned, tmp_path_factory, header, rows):
    import openpyxl

    store, plan_id = planned
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [[h.translate({ord(c): None for c in _ILLEGAL_IN_XLSX}) for h in header], *rows]:
        sheet.append(row)
    path = tmp_path_factory.mktemp("xlsx") / "random.xlsx"
    workbook.save(path)
    attempt(store, plan_id, path)


@SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=3000).map(lambda b: b"\xef\xbb\xbf" + b),
        st.binary(max_size=3000).map(lambda b: b"\xff\xfe" + b),
    ),
    suffix=st.sampled_from([".csv", ".xlsx", ".tsv"]),
)
def test_random_bytes(planned, tmp_path_factory, content, suffix):
    store, plan_id = planned
    path = tmp_path_factory.mktemp("bytes") / f"random{suffix}"
    path.write_bytes(content)
    attempt(store, plan_id, path)


def mutate(data: bytes, seed: int, how: str) -> bytes:
    rng = random.Random(seed)
    buffer = bytearray(data)
    if how == "flip":
        for _ in range(rng.randint(1, 8)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif how == "cut":
        start = rng.randrange(len(buffer))
        del buffer[start : start + rng.randint(1, 400)]
    elif how == "repeat":
        start = rng.randrange(len(buffer))
        piece = buffer[start : start + rng.randint(1, 400)]
        buffer[start:start] = piece
    elif how == "truncate":
        del buffer[rng.randrange(len(buffer)) :]
    elif how == "swap-lines":
        lines = bytes(buffer).split(b"\n")
        rng.shuffle(lines)
        return b"\n".join(lines)
    return bytes(buffer)


@SETTINGS
@given(
    suffix=st.sampled_from([".csv", ".xlsx"]),
    how=st.sampled_from(["flip", "cut", "repeat", "truncate", "swap-lines"]),
    seed=st.integers(min_value=0, max_value=2**32),
    into_new_plan=st.booleans(),
)
def test_mutated_real_exports(planned, tmp_path_factory, suffix, how, seed, into_new_plan):
    store, plan_id = planned
    path = tmp_path_factory.mktemp("mutated") / f"plan{suffix}"
    path.write_bytes(mutate(sample_exports()[suffix], seed, how))
    attempt(store, None if into_new_plan else plan_id, path)


# -- dates -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | date_text)
def test_any_text_is_a_date_or_a_reason(text):
    try:
        day = read_date(text)
    except CellProblem as problem:
        assert str(problem)
    else:
        assert day is None or 1900 <= day.year <= 2200


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2199, 12, 31)),
    form=st.sampled_from(
        [
            ("{y}-{m:02}-{d:02}", True),
            ("{d}/{m}/{y}", True),
            ("{m}/{d}/{y}", False),
            ("{d:02}.{m:02}.{y}", True),
            ("{d} {mon} {y}", True),
            ("{d} {mon3} {y}", True),
            ("{mon} {d}, {y}", True),
            ("{serial}", True),
        ]
    ),
)
def test_every_date_written_in_a_known_form_reads_back(day, form):
    pattern, day_first = form
    text = pattern.format(
        d=day.day,
        m=day.month,
        y=day.year,
        mon=MONTH_NAMES[day.month - 1],
        mon3=MONTH_NAMES[day.month - 1][:3],
        serial=(day - dt.date(1899, 12, 30)).days,
    )
    assert read_date(text, day_first=day_first) == day
