"""A review copy: the form it carries, read back as a PDF, and its answers imported as
proposals attributed to the reviewer, with nothing in the plan changed."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from review_helpers import SELLER, area_of, areas_of, export_review, fill_with_pypdf

from mutualplan.domain import edits
from mutualplan.domain.model import Author, EvidenceState
from mutualplan.domain.responses import (
    ACCEPT,
    AGREE,
    CHANGE,
    COMMENT,
    DISPUTE,
    changed_since,
    outcome,
    outcome_lines,
)
from mutualplan.domain.state import PlanRuleError, PlanState
from mutualplan.exchange.review_import import (
    AmbiguousReviewerError,
    FilledTwiceError,
    ReviewImportError,
    parse_date,
)
from mutualplan.store.repository import Store
from mutualplan.store.sample import add_sample_plan
from mutualplan.workflows import answering as answers
from mutualplan.workflows.reviewing import import_review

TODAY = dt.date(2026, 3, 4)
ZOE_ANSWERS = {
    "reviewer.name": "Zoë Müller",
    "reviewer.side": "buyer",
    "reviewer.organisation": "Nordwind Logistics GmbH",
    "milestone.1.answer": "agree",
    "milestone.2.answer": "change",
    "milestone.2.start": "2026-01-27",
    "milestone.2.due": "13.2.2026",
    "milestone.2.owner": "Łukasz Wiśniewski",
    "milestone.2.comment": "Wir brauchen eine Woche mehr — Łukasz übernimmt.",
    "milestone.3.comment": "Кто готовит выгрузку?",
    "evidence.1.answer": "accept",
    "evidence.3.answer": "dispute",
    "evidence.3.why": "Τα δεδομένα καλύπτουν μόνο δύο εβδομάδες.",
    "evidence.5.why": "Which diesel price?",
    "plan.comment": "Gut so — bitte Termine bestätigen.",
}


@pytest.fixture
def sample(store: Store) -> PlanState:
    return add_sample_plan(store, today=TODAY)


@pytest.fixture
def review_pdf(store: Store, sample: PlanState, tmp_path: Path) -> bytes:
    return export_review(store, sample.id, tmp_path / "review.pdf")


def _fields(pdf: bytes) -> dict[str, Any]:
    from pypdf import PdfReader

    return {
        name: info
        for name, info in (PdfReader(io.BytesIO(pdf)).get_fields() or {}).items()
        if "/FT" in info
    }


def _text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> list[str]:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    mode = ["-layout"] if layout else []
    out = subprocess.run(
        ["pdftotext", *mode, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return out.split("\f")[:-1]


# -- the form ------------------------------------------------------------------------


def test_the_review_copy_has_a_named_field_for_every_answer_and_no_signature_field(
    review_pdf: bytes, sample: PlanState
) -> None:
    fields = _fields(review_pdf)
    kinds = {name: str(info["/FT"]) for name, info in fields.items()}
    assert "/Sig" not in kinds.values()
    for number in range(1, len(sample.milestones) + 1):
        base = f"milestone.{number}"
        assert kinds[f"{base}.answer"] == "/Btn"
        for name in ("start", "due", "owner", "comment"):
            assert kinds[f"{base}.{name}"] == "/Tx"
        assert int(fields[f"{base}.comment"].get("/Ff", 0)) & (1 << 12)  # multiline
    for number in range(1, len(sample.evidence) + 1):
        assert kinds[f"evidence.{number}.answer"] == "/Btn"
        assert kinds[f"evidence.{number}.why"] == "/Tx"
    for name in ("plan.comment", "reviewer.name", "reviewer.organisation"):
        assert kinds[name] == "/Tx"
    assert kinds["reviewer.side"] == "/Btn"
    expected = 5 * len(sample.milestones) + 2 * len(sample.evidence) + 4
    assert len(kinds) == expected
    states = set(fields["milestone.1.answer"]["/_States_"])
    assert {"/agree", "/change"} <= states


def test_the_form_types_in_the_documents_own_font_with_every_script(review_pdf: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(review_pdf))
    form = reader.trailer["/Root"]["/AcroForm"]
    font = form["/DR"]["/Font"]["/DejaVu"].get_object()
    assert font["/Subtype"] == "/Type0" and font["/BaseFont"] == "/DejaVuSans"
    descendant = font["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"]
    cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
    for char in "ëŁΓД€":
        assert f"<{ord(char):04X}>" in cmap
    assert "/DejaVu" in str(form["/DA"])
    for page in reader.pages:  # every font embedded: DejaVu, nothing a reader substitutes
        for ref in page["/Resources"]["/Font"].values():
            assert "DejaVu" in str(ref.get_object()["/BaseFont"])


def test_every_page_says_it_is_for_comments_and_the_data_travels_with_it(
    review_pdf: bytes, sample: PlanState, tmp_path: Path, store: Store
) -> None:
    from pypdf import PdfReader

    pages = _text(review_pdf, tmp_path)
    assert len(pages) >= 8
    for page in pages:
        assert "Review copy — for comments, not signing" in page
    assert "Your response" in "".join(pages)
    revision = store.revisions(sample.id)[-1]
    assert revision.sha256 in "".join(pages[-1].split())
    names = set(PdfReader(io.BytesIO(review_pdf)).attachments)
    assert names == {"plan.json", "review.json"}


def test_the_form_sits_beside_each_milestone_it_answers(
    review_pdf: bytes, sample: PlanState
) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(review_pdf))
    page_index, rect = area_of(review_pdf, "milestone", 2)
    text = reader.pages[page_index].extract_text()
    title = sample.milestone_order()[1].title
    assert f"#2 {title}" in " ".join(text.split())
    due = _fields(review_pdf)["milestone.2.due"]
    widget = next(
        a.get_object()
        for a in reader.pages[page_index]["/Annots"]
        if a.get_object().get("/T") == "due"
        and a.get_object()["/Parent"].get_object()["/T"] == "2"
    )
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert rect[0] <= x1 < x2 <= rect[2] and rect[1] <= y1 < y2 <= rect[3]
    assert due["/FT"] == "/Tx"


def test_verify_says_a_review_copy_is_for_comments_not_signing(
    review_pdf: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mutualplan.cli import main
    from mutualplan.signing.verify import verify_pdf

    report = verify_pdf(review_pdf)
    assert report.review_copy and not report.ok and report.data_matches
    path = tmp_path / "copy.pdf"
    path.write_bytes(review_pdf)
    assert main(["verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "review copy, for comments, not signing" in out
    assert "signature field is missing" not in out


def test_a_review_copy_is_not_merged_as_a_plan(review_pdf: bytes, store: Store) -> None:
    from mutualplan.exchange.importer import ImportRefusedError
    from mutualplan.workflows.importing import import_pdf

    with pytest.raises(ImportRefusedError, match="review copy"):
        import_pdf(store, review_pdf)


# -- answers in, as proposals -------------------------------------------------------------


def _by_item(proposals: list, state: PlanState) -> dict[str, Any]:
    found: dict[str, Any] = {}
    evidence = [e.id for e in state.ordered("evidence")]
    for p in proposals:
        if p.entity == "milestone":
            key = f"m{state.milestone_number(p.entity_id)}"
        elif p.entity == "evidence":
            key = f"e{evidence.index(p.entity_id) + 1}"
        else:
            key = "plan"
        found[f"{key}.{p.source}"] = p
    return found


def test_every_answer_kind_becomes_a_proposal_of_the_reviewer_and_the_plan_is_unchanged(
    review_pdf: bytes,
    store: Store,
    sample: PlanState,
    contents_of: Callable[[PlanState], dict],
) -> None:
    before = contents_of(store.load(sample.id))
    history = len(store.history(sample.id))
    summary = import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))

    assert contents_of(store.load(sample.id)) == before
    assert len(store.history(sample.id)) == history
    zoe = next(p for p in sample.ordered("person") if p.name == "Zoë Müller")
    lukasz = next(p for p in sample.ordered("person") if p.name == "Łukasz Wiśniewski")
    assert summary.reviewer.person_id == zoe.id and summary.added == 7
    proposals = store.proposals_of(sample.id)
    revision = store.revisions(sample.id)[-1]
    assert {p.revision_sha256 for p in proposals} == {revision.sha256}
    assert {p.reviewer.name for p in proposals} == {"Zoë Müller"}
    item = _by_item(proposals, sample)
    assert item["m1.form"].verdict == AGREE
    change = item["m2.form"]
    assert change.verdict == CHANGE
    assert change.values == {"start": "2026-01-27", "due": "2026-02-13", "owner_id": lukasz.id}
    assert change.comment == "Wir brauchen eine Woche mehr — Łukasz übernimmt."
    assert item["m3.form"].verdict == COMMENT
    assert item["m3.form"].comment == "Кто готовит выгрузку?"
    assert item["e1.form"].verdict == ACCEPT
    assert item["e3.form"].verdict == DISPUTE
    assert item["e3.form"].comment == "Τα δεδομένα καλύπτουν μόνο δύο εβδομάδες."
    assert item["e5.form"].verdict == COMMENT
    assert item["plan.form"].comment == "Gut so — bitte Termine bestätigen."
    assert all(p.status == "open" for p in proposals)


def test_notes_added_in_a_reader_become_comments_on_the_item_they_sit_on(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    page, rect = area_of(review_pdf, "milestone", 4)
    evidence_page, evidence_rect = area_of(review_pdf, "evidence", 2)
    notes = [
        {"page": page, "x": rect[0] + 20, "y": rect[1] + 10, "text": "Who hosts the PoC?"},
        {"page": evidence_page, "x": evidence_rect[0] + 5, "y": evidence_rect[1] + 5,
         "text": "Call booked for Tuesday", "kind": "freetext"},
        {"page": 0, "x": 300, "y": 300, "text": "Nice cover — Олена", "kind": "highlight"},
    ]
    filled = fill_with_pypdf(review_pdf, {"reviewer.name": "Zoë Müller"}, notes)
    import_review(store, filled)
    item = _by_item(store.proposals_of(sample.id), sample)
    assert item["m4.annotation"].comment == "Who hosts the PoC?"
    assert item["e2.annotation"].comment == "Call booked for Tuesday"
    assert item["plan.annotation"].comment == "Nice cover — Олена"
    assert {p.verdict for p in item.values()} == {COMMENT}


def test_a_second_copy_from_the_same_reviewer_adds_only_its_new_answers(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    more = {**ZOE_ANSWERS, "milestone.5.comment": "Und noch etwas"}
    summary = import_review(store, fill_with_pypdf(review_pdf, more))
    assert (summary.added, summary.already) == (1, 7)


def test_a_note_on_a_milestones_row_in_the_plans_table_is_a_comment_on_it(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    from pypdf import PdfReader

    [_form, (page, rect)] = areas_of(review_pdf, "milestone", 5)
    [_form_e, (evidence_page, evidence_rect)] = areas_of(review_pdf, "evidence", 4)
    reader = PdfReader(io.BytesIO(review_pdf))
    title = sample.milestone_order()[4].title
    assert title.split()[0] in reader.pages[page].extract_text()
    x1, y1, x2, y2 = rect
    notes = [
        # On the milestone's own line, and low in its block (over one of its actions).
        {"page": page, "x": x1 + 200, "y": y2 - 14, "text": "Row note"},
        {"page": page, "x": x1 + 100, "y": y1 + 1, "text": "Action note"},
        {"page": evidence_page, "x": evidence_rect[0] + 250, "y": evidence_rect[3] - 16,
         "text": "Evidence row note"},
    ]
    import_review(store, fill_with_pypdf(review_pdf, {"reviewer.name": "Zoë Müller"}, notes))
    fifth = sample.milestone_order()[4].id
    fourth_evidence = sample.ordered("evidence")[3].id
    comments = {(p.entity_id, p.comment) for p in store.proposals_of(sample.id)}
    assert comments == {
        (fifth, "Row note"),
        (fifth, "Action note"),
        (fourth_evidence, "Evidence row note"),
    }


def test_importing_the_same_filled_copy_again_adds_nothing(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    filled = fill_with_pypdf(review_pdf, ZOE_ANSWERS)
    first = import_review(store, filled)
    again = import_review(store, filled)
    assert (first.added, again.added, again.already) == (7, 0, 7)
    assert len(store.proposals_of(sample.id)) == 7


def test_a_copy_filled_twice_differently_is_refused_whole(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    other = {**ZOE_ANSWERS, "milestone.2.due": "2026-02-20", "milestone.5.comment": "New"}
    refilled = fill_with_pypdf(review_pdf, other)
    with pytest.raises(FilledTwiceError, match="filled twice"):
        import_review(store, refilled)
    assert len(store.proposals_of(sample.id)) == 7
    # Said on purpose: both fillings kept, the earlier answers untouched.
    summary = import_review(store, refilled, again=True)
    assert (summary.added, summary.already) == (2, 6)
    dues = sorted(
        p.values.get("due", "") for p in store.proposals_of(sample.id) if p.verdict == CHANGE
    )
    assert dues == ["2026-02-13", "2026-02-20"]


def test_a_copy_one_reviewer_filled_over_anothers_is_refused(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    from pypdf import PdfReader, PdfWriter

    first = fill_with_pypdf(review_pdf, ZOE_ANSWERS)
    writer = PdfWriter(io.BytesIO(first), incremental=True)
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(
                page, {"reviewer.name": "Katrin Hoffmann"}, auto_regenerate=False
            )
    out = io.BytesIO()
    writer.write(out)
    refilled = out.getvalue()
    assert refilled.startswith(first)  # an incremental save: the first filling is kept
    assert PdfReader(io.BytesIO(refilled)).get_fields()["reviewer.name"]["/V"] == "Katrin Hoffmann"
    with pytest.raises(ReviewImportError, match="filled twice, by Zoë Müller") as refused:
        import_review(store, refilled)
    assert "Katrin Hoffmann" in str(refused.value)
    assert store.proposals_of(sample.id) == []


def test_two_reviewers_answer_the_same_copy_each_under_their_own_name(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    import_review(
        store,
        fill_with_pypdf(
            review_pdf,
            {"reviewer.name": "Олена Коваль", "milestone.3.answer": "change",
             "milestone.3.due": "20 Nov 2026"},
        ),
    )
    proposals = store.proposals_of(sample.id)
    assert len(proposals) == 8
    lines = outcome_lines(proposals, store.load(sample.id))
    assert lines == ["7 answers from Zoë Müller: 7 open", "1 answer from Олена Коваль: 1 open"]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2027-04-14", dt.date(2027, 4, 14)),
        ("14.4.2027", dt.date(2027, 4, 14)),
        ("14 Apr 2027", dt.date(2027, 4, 14)),
        ("April 14, 2027", dt.date(2027, 4, 14)),
        ("14. März 2027", dt.date(2027, 3, 14)),
    ],
)
def test_dates_as_people_write_them_in_forms(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["next Tuesday", "03/04/2027", "2027-02-30", "14 Foo 2027"])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


def test_an_unreadable_date_imports_nothing_and_says_which(
    review_pdf: bytes, store: Store, sample: PlanState, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from mutualplan.cli import main

    answers_ = {**ZOE_ANSWERS, "milestone.4.answer": "change", "milestone.4.due": "next Tuesday"}
    path = tmp_path / "filled.pdf"
    path.write_bytes(fill_with_pypdf(review_pdf, answers_))
    assert main(["--db", str(store.path), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "milestone #4" in err and "“next Tuesday” is not a date" in err
    assert store.proposals_of(sample.id) == []


def test_a_form_nobody_signed_with_a_name_is_refused(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    with pytest.raises(ReviewImportError, match="who answered"):
        import_review(store, fill_with_pypdf(review_pdf, {"plan.comment": "Fine"}))
    assert store.proposals_of(sample.id) == []


def test_a_review_copy_of_a_plan_this_database_lacks_is_refused(
    review_pdf: bytes, tmp_path: Path
) -> None:
    filled = fill_with_pypdf(review_pdf, ZOE_ANSWERS)
    with (
        Store(tmp_path / "other.sqlite") as other,
        pytest.raises(ReviewImportError, match="does not hold"),
    ):
        import_review(other, filled)


def _tamper_with_a_field(pdf: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for ref in page.get("/Annots", []):
            annotation = ref.get_object()
            if annotation.get("/T") == "owner":
                annotation[NameObject("/T")] = TextStringObject("owner_id")
                break
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewrite_page(pdf: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ContentStream

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    page = writer.pages[2]
    contents = page.get_contents()
    assert contents is not None
    changed = edit(contents.get_data())
    assert changed != contents.get_data()
    stream = ContentStream(None, writer)
    stream.set_data(changed)
    page.replace_contents(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _tamper_with_a_page(pdf: bytes) -> bytes:
    """A letter of a word printed on page 3 changed."""
    import re

    def edit(data: bytes) -> bytes:
        match = re.search(rb"\((?:[^()\\]|\\.){3,}\) Tj", data)
        assert match is not None
        text = bytearray(match.group(0))
        text[2] = text[3] if text[2] != text[3] else text[4]
        return data[: match.start()] + bytes(text) + data[match.end() :]

    return _rewrite_page(pdf, edit)


def test_a_page_a_reader_redrew_with_the_same_words_is_still_accepted(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    filled = _rewrite_page(
        fill_with_pypdf(review_pdf, ZOE_ANSWERS), lambda data: data.replace(b"\n", b"\n\n")
    )
    assert import_review(store, filled).added == 7


@pytest.mark.parametrize(
    ("tamper", "words"),
    [(_tamper_with_a_field, "field"), (_tamper_with_a_page, "page 3")],
    ids=["renamed field", "changed page"],
)
def test_a_copy_changed_beyond_filling_its_form_is_refused(
    review_pdf: bytes, store: Store, sample: PlanState, tamper: Callable[[bytes], bytes],
    words: str,
) -> None:
    filled = tamper(fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    with pytest.raises(ReviewImportError, match="beyond filling") as refused:
        import_review(store, filled)
    assert words in str(refused.value)
    assert store.proposals_of(sample.id) == []


def test_an_ambiguous_reviewer_is_asked_about_once(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    state = store.load(sample.id)
    store.commit(state, edits.add_person(state, {"name": "Zoë Schmidt", "side": "buyer"}),
                 SELLER)
    filled = fill_with_pypdf(review_pdf, {"reviewer.name": "Zoë", "plan.comment": "Hallo"})
    with pytest.raises(AmbiguousReviewerError) as asked:
        import_review(store, filled)
    assert {p.name for p in asked.value.candidates} == {"Zoë Müller", "Zoë Schmidt"}
    questions: list[str] = []

    def choose(name: str, candidates: list) -> str:  # noqa: ANN001
        questions.append(name)
        return next(p.id for p in candidates if p.name == "Zoë Schmidt")

    summary = import_review(store, filled, choose)
    assert summary.reviewer.name == "Zoë Schmidt" and questions == ["Zoë"]
    other = fill_with_pypdf(review_pdf, {"reviewer.name": "Zoë", "milestone.1.comment": "Ja"})
    again = import_review(store, other, choose)
    assert again.reviewer.name == "Zoë Schmidt" and questions == ["Zoë"]


# -- the seller settles them ----------------------------------------------------------------


def test_accepting_a_proposal_makes_it_the_reviewers_change_and_undo_takes_it_back(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    store.set_local_user(SELLER)
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    state = store.load(sample.id)
    item = _by_item(store.proposals_of(sample.id), state)
    change = item["m2.form"]
    milestone = state.milestones[change.entity_id]
    changes, recorded = answers.accept(store, state, change.id, SELLER)
    assert milestone.due == dt.date(2026, 2, 13) and milestone.start == dt.date(2026, 1, 27)
    # Proposed by the reviewer, entered by the seller at the keyboard: in the log.
    assert {r.author.name for r in recorded} == {"Zoë Müller"}
    assert {r.author.side for r in recorded} == {"buyer"}
    assert {(r.entered_by.name, r.entered_by.side) for r in recorded if r.entered_by} == {
        ("Priya Raghunathan", "seller")
    }
    assert len([r for r in store.history(sample.id)[-2:] if r.entered_by]) == 2
    kept = store.proposal(change.id)
    assert kept.status == "accepted" and kept.decided_by == "Priya Raghunathan"
    assert store.load(sample.id).milestones[milestone.id].due == dt.date(2026, 2, 13)

    answers.undo_accept(store, state, change.id, changes, SELLER)
    assert store.load(sample.id).milestones[milestone.id].due == dt.date(2026, 1, 30)
    assert store.proposal(change.id).status == "open"

    dispute = item["e3.form"]
    answers.accept(store, state, dispute.id, SELLER)
    evidence = store.load(sample.id).evidence[dispute.entity_id]
    assert evidence.state == EvidenceState.DISPUTED
    assert evidence.decision_note == "Τα δεδομένα καλύπτουν μόνο δύο εβδομάδες."
    assert state.people[evidence.decided_by].name == "Zoë Müller"


def test_declining_needs_a_reason_and_comments_are_answered(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    state = store.load(sample.id)
    item = _by_item(store.proposals_of(sample.id), state)
    with pytest.raises(PlanRuleError):
        answers.decline(store, item["m2.form"].id, "  ", SELLER)
    answers.decline(store, item["m2.form"].id, "The hub closes in November.", SELLER)
    answers.answer(store, item["m3.form"].id, "Олена, with our data team.", SELLER)
    with pytest.raises(PlanRuleError):
        answers.accept(store, state, item["m3.form"].id, SELLER)  # a comment
    with pytest.raises(PlanRuleError, match="declined already"):
        answers.accept(store, state, item["m2.form"].id, SELLER)
    assert store.proposal(item["m2.form"].id).reply == "The hub closes in November."
    assert store.proposal(item["m3.form"].id).status == "answered"


def test_a_proposal_whose_milestone_changed_since_is_shown_against_todays_value(
    review_pdf: bytes, store: Store, sample: PlanState
) -> None:
    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    state = store.load(sample.id)
    change = _by_item(store.proposals_of(sample.id), state)["m2.form"]
    author = Author("Priya Raghunathan", "seller")
    store.commit(
        state,
        edits.set_field(state, "milestone", change.entity_id, "due", dt.date(2026, 2, 6)),
        author,
    )
    assert outcome(change, state) == "changed"
    assert changed_since(change, state) == {"due": ("2026-01-30", "2026-02-06")}
    changes, _ = answers.accept(store, state, change.id, SELLER)
    due = next(c for c in changes if c.field == "due")
    assert (due.old, due.new) == (dt.date(2026, 2, 6), dt.date(2026, 2, 13))


def test_the_next_pdf_says_what_became_of_each_answer(
    review_pdf: bytes, store: Store, sample: PlanState, tmp_path: Path
) -> None:
    from mutualplan.pdf.export import export_pdf

    import_review(store, fill_with_pypdf(review_pdf, ZOE_ANSWERS))
    state = store.load(sample.id)
    item = _by_item(store.proposals_of(sample.id), state)
    for key in ("m1.form", "m2.form", "e1.form"):
        answers.accept(store, state, item[key].id, SELLER)
    answers.decline(store, item["e3.form"].id, "The pilot ran four weeks.", SELLER)
    out = tmp_path / "next.pdf"
    export_pdf(store, sample.id, out, SELLER, language="en")
    text = " ".join("".join(_text(out.read_bytes(), tmp_path, layout=False)).split())
    assert "Answers from review copies" in text
    assert "7 answers from Zoë Müller: 3 accepted, 1 declined, 3 open" in text
    assert "“The pilot ran four weeks.”" in text


def test_tab_goes_through_each_item_in_reading_order(review_pdf: bytes) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(review_pdf))
    page, _rect = area_of(review_pdf, "milestone", 1)
    names = []
    for ref in reader.pages[page]["/Annots"][:6]:
        widget = ref.get_object()
        field = widget if "/T" in widget else widget["/Parent"].get_object()
        names.append(f"{field['/Parent'].get_object()['/T']}.{field['/T']}")
    assert names == ["1.answer", "1.answer", "1.start", "1.due", "1.owner", "1.comment"]
