"""The sample plan written in German: the same plan, every text of it in German."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mutualplan.cli import main
from mutualplan.domain.canonical import snapshot
from mutualplan.store import Store
from mutualplan.store.sample import add_sample_plan

TODAY = dt.date(2026, 3, 4)
# What the plan says rather than who is in it: these are written in a language.
WORDS = {
    "plan": ("title", "objective", "success_criteria"),
    "people": ("title", "role"),
    "milestones": ("title", "description", "exit_criteria"),
    "actions": ("title",),
    "evidence": ("title", "claim", "decision_note"),
}


def _texts(store: Store, language: str) -> dict[tuple[str, int, str], str]:
    state = add_sample_plan(store, today=TODAY, language=language)
    data = snapshot(state)
    texts = {}
    for kind, fields in WORDS.items():
        items = [data[kind]] if kind == "plan" else data[kind]
        for number, item in enumerate(items):
            for field in fields:
                if item.get(field):
                    texts[kind, number, field] = item[field]
    return texts


def test_the_german_sample_is_the_same_plan_with_every_text_in_german(tmp_path: Path) -> None:
    with Store(tmp_path / "en.sqlite") as english_store:
        english = _texts(english_store, "en")
        english_plan = english_store.load(english_store.plans()[0].id)
        english_history = len(english_store.history(english_plan.id))
    with Store(tmp_path / "de.sqlite") as german_store:
        german = _texts(german_store, "de")
        german_plan = german_store.load(german_store.plans()[0].id)
        assert len(german_store.history(german_plan.id)) == english_history
    assert english.keys() == german.keys()
    kept = {key for key in english if english[key] == german[key]}
    # Only the account director keeps her English job title, as German companies do.
    assert kept == {("people", 5, "title")}
    assert german["plan", 0, "title"] == "Einführung der Tourenkosten-Analyse"
    assert [m.due for m in german_plan.milestone_order()] == [
        m.due for m in english_plan.milestone_order()
    ]


def test_demo_writes_the_sample_in_german_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--language", "de", "--db", str(tmp_path / "d.sqlite")]) == 0
    assert "Einführung der Tourenkosten-Analyse" in capsys.readouterr().out
