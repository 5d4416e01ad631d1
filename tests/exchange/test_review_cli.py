"""The command line of review copies: export --review, import a filled copy, responses."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from review_helpers import fill_with_pypdf

from mutualplan.cli import main
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plans.sqlite"
    with Store(path) as store:
        add_sample_plan(store, today=dt.date(2026, 3, 4))
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_review_import_and_responses(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader

    copy = tmp_path / "review.pdf"
    code, out, _ = _run(capsys, "--db", str(db), "export", "Route", "--review", "--out", str(copy))
    assert code == 0 and "review copy" in out and "not signing" in out
    reader = PdfReader(copy)
    assert "milestone.1.due" in (reader.get_fields() or {})
    assert set(reader.attachments) == {"plan.json", "review.json"}

    filled = tmp_path / "filled.pdf"
    filled.write_bytes(
        fill_with_pypdf(
            copy.read_bytes(),
            {
                "reviewer.name": "Zoë Müller",
                "milestone.2.answer": "change",
                "milestone.2.due": "2026-02-13",
                "milestone.2.comment": "Eine Woche später, bitte.",
                "evidence.3.answer": "dispute",
                "evidence.3.why": "Zu wenig Daten.",
            },
        )
    )
    code, out, _ = _run(capsys, "--db", str(db), "import", str(filled))
    assert code == 0
    assert "answered by Zoë Müller" in out and "2 answers kept as proposals" in out
    code, out, _ = _run(capsys, "--db", str(db), "import", str(filled))
    assert code == 0 and "2 answers were imported before; not added again" in out

    code, out, _ = _run(capsys, "--db", str(db), "responses", "Route")
    assert code == 0
    assert out.splitlines()[0] == "2 answers from Zoë Müller: 2 open"
    assert "Milestone #2 Success criteria signed off" in out
    assert "Proposes due 2026-02-13: “Eine Woche später, bitte.”" in out
    assert "Disputes the evidence: “Zu wenig Daten.”" in out

    code, out, _ = _run(capsys, "--db", str(db), "responses", "Route", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    change = next(r for r in rows if r["verdict"] == "change")
    assert change["milestone_number"] == 2 and change["proposed"] == {"due": "2026-02-13"}
    assert change["reviewer"]["name"] == "Zoë Müller" and change["reviewer"]["side"] == "buyer"
    assert change["status"] == "open" and change["outcome"] == "open"
    assert len(change["revision"]["sha256"]) == 64


def test_plain_errors_for_review_copies(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys, "--db", str(db), "export", "Route", "--review", "--out", str(tmp_path / "r.csv")
    )
    assert code == 2 and err.count("\n") == 1 and "a review copy is a PDF" in err
    copy = tmp_path / "review.pdf"
    assert main(["--db", str(db), "export", "Route", "--review", "--out", str(copy)]) == 0
    capsys.readouterr()
    unsigned = tmp_path / "nobody.pdf"
    unsigned.write_bytes(fill_with_pypdf(copy.read_bytes(), {"plan.comment": "Fine"}))
    code, _, err = _run(capsys, "--db", str(db), "import", str(unsigned))
    assert code == 2 and err.count("\n") == 1 and "who answered" in err
    code, _, err = _run(capsys, "--db", str(tmp_path / "empty.sqlite"), "import", str(copy))
    assert code == 2 and "a plan this database does not hold" in err
    with Store(db) as store:
        assert store.proposals_of(store.plans()[0].id) == []


def test_a_review_copy_exports_the_same_bytes_for_one_revision(
    db: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["--db", str(db), "export", "Route", "--review", "--out", str(first)]) == 0
    assert main(["--db", str(db), "export", "Route", "--review", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


def test_the_reviewer_is_named_on_the_command_line_when_ambiguous(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mutualplan.domain import edits
    from mutualplan.domain.model import Author

    with Store(db) as store:
        state = store.load(store.plans()[0].id)
        store.commit(
            state, edits.add_person(state, {"name": "Zoë Schmidt", "side": "buyer"}),
            Author("Priya Raghunathan", "seller"),
        )
    copy = tmp_path / "review.pdf"
    assert main(["--db", str(db), "export", "Route", "--review", "--out", str(copy)]) == 0
    filled = tmp_path / "filled.pdf"
    filled.write_bytes(fill_with_pypdf(copy.read_bytes(), {"reviewer.name": "Zoë",
                                                           "plan.comment": "Ok"}))
    capsys.readouterr()
    code, _, err = _run(capsys, "--db", str(db), "import", str(filled))
    assert code == 2 and "--reviewer" in err and "“Zoë Schmidt”" in err
    code, out, _ = _run(capsys, "--db", str(db), "import", str(filled), "--reviewer",
                        "Zoë Schmidt")
    assert code == 0 and "answered by Zoë Schmidt" in out


def test_responses_of_a_plan_without_answers(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "--db", str(db), "responses", "Route")
    assert code == 0 and "No answers yet" in out
    code, out, _ = _run(capsys, "--db", str(db), "responses", "Route", "--json")
    assert code == 0 and json.loads(out) == []




def test_a_second_different_filling_needs_again(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "review.pdf"
    assert main(["--db", str(db), "export", "Route", "--review", "--out", str(copy)]) == 0
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    first.write_bytes(fill_with_pypdf(copy.read_bytes(), {"reviewer.name": "Zoë Müller",
                                                          "plan.comment": "Gut."}))
    second.write_bytes(fill_with_pypdf(copy.read_bytes(), {"reviewer.name": "Zoë Müller",
                                                           "plan.comment": "Doch nicht."}))
    assert main(["--db", str(db), "import", str(first)]) == 0
    capsys.readouterr()
    code, _, err = _run(capsys, "--db", str(db), "import", str(second))
    assert code == 2 and "filled twice" in err and "--again" in err
    code, out, _ = _run(capsys, "--db", str(db), "import", str(second), "--again")
    assert code == 0 and "1 answer kept as a proposal" in out
    with Store(db) as store:
        comments = [p.comment for p in store.proposals_of(store.plans()[0].id)]
    assert comments == ["Gut.", "Doch nicht."]
