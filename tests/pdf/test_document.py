"""The buyer-ready document, read back as a reader (pdftotext, pypdf) sees it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
from pdf_helpers import TODAY, add_milestones, export_job, pdftotext, placed_words, words
from pypdf import PdfReader

from mutualplan.domain import edits
from mutualplan.domain.model import Author, Side
from mutualplan.domain.state import PlanState
from mutualplan.pdf.document import build_document
from mutualplan.pdf.job import SignatureSlot
from mutualplan.pdf.styles import MARGIN_BOTTOM, MARGIN_TOP, PAGE_SIZES
from mutualplan.pdf.timeline import MAX_ROWS, timeline_flowables
from mutualplan.store.repository import Store

SCRIPT_NAMES = ("Zoë Müller", "Łukasz Wiśniewski", "Олена Коваль", "Γιώργος Παπαδόπουλος")


def tokens(text: str) -> list[str]:
    words = unicodedata.normalize("NFC", text).split()
    return [word.strip("“”") for word in words if word.strip("“”")]


def appears(phrase: str, stream: list[str], gap: int = 16) -> bool:
    """`phrase`'s words in order in `stream`, each within `gap` words of the one before.

    Table cells wrap and pdftotext may read a neighbouring cell's line in between, so a
    title is looked for word by word rather than as one string.
    """
    wanted = tokens(phrase)
    for start, word in enumerate(stream):
        if word != wanted[0]:
            continue
        at = start
        for next_word in wanted[1:]:
            window = stream[at + 1 : at + 1 + gap]
            if next_word not in window:
                break
            at += 1 + window.index(next_word)
        else:
            return True
    return False


def read(pdf: bytes, tmp_path: Path) -> tuple[list[str], list[str]]:
    pages = pdftotext(pdf, tmp_path, layout=True)
    return pages, tokens("\n".join(pages))


def section(pages: list[str], heading: str, next_heading: str) -> list[str]:
    """The words of the pages from the one with `heading` to the one with `next_heading`."""
    first = next(n for n, page in enumerate(pages) if heading in words(page))
    last = next(n for n, page in enumerate(pages) if next_heading in words(page))
    return tokens("\n".join(pages[first : last + 1]))


def test_every_milestone_action_and_person_is_printed(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    pdf, _boxes = build_document(export_job(store, sample, author))
    pages = pdftotext(pdf, tmp_path, layout=True)
    table = section(pages, "Milestones and actions", "Evidence register")
    people = section(pages, "People on both sides", "Timeline")
    evidence = section(pages, "Evidence register", "Changes so far")
    missing = [
        text
        for text, where in (
            *((m.title, table) for m in sample.milestone_order()),
            *((a.title, table) for a in sample.ordered("action")),
            *((p.name, people) for p in sample.ordered("person")),
            *((e.title, evidence) for e in sample.ordered("evidence")),
        )
        if not appears(text, where)
    ]
    assert missing == []
    assert not appears("Nobody mentioned this milestone", table)


def test_names_in_any_script_print_as_written(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    pdf, _boxes = build_document(export_job(store, sample, author))
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    for name in SCRIPT_NAMES:
        assert name in unicodedata.normalize("NFC", text)
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), "every font is embedded"
    assert fonts and all("DejaVu" in name for name in fonts)


def test_footer_on_every_page(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    job = export_job(store, sample, author)
    pdf, _boxes = build_document(job)
    pages = pdftotext(pdf, tmp_path)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 5
    for number, page in enumerate(pages, start=1):
        text = words(page)
        assert f"Page {number} of {len(pages)}" in text
        assert f"Revision {job.revision.number}" in text
        assert job.short_hash in text


def test_sections_come_in_order_objective_first(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    pdf, _boxes = build_document(export_job(store, sample, author))
    pages = [words(page) for page in pdftotext(pdf, tmp_path)]
    text = " ".join(pages)
    assert "Route-cost analytics rollout" in pages[0]
    assert "MUTUAL ACTION PLAN" in pages[0]
    # Straight after the cover: what the buyer wants, and how both sides will know.
    assert pages[1].startswith("What Nordwind Logistics GmbH wants to achieve")
    assert "Dispatchers plan 90% of daily tours in the new tool" in pages[1]
    headings = [
        "What Nordwind Logistics GmbH wants to achieve",
        "How both sides will know it worked",
        "Plan health",
        "People on both sides",
        "Timeline",
        "Milestones and actions",
        "Evidence register",
        "Changes so far (no revision signed yet)",
        "Signatures",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_cover_shows_the_revision_not_the_clock(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    job = export_job(store, sample, author)
    job.revision = dataclasses.replace(job.revision, created_at="2024-05-06T10:00:00Z")
    pdf, _boxes = build_document(job)
    cover = words(pdftotext(pdf, tmp_path)[0])
    assert "Revision date 6 May 2024" in cover
    assert f"Revision {job.revision.number} ({job.revision.sha256[:8]})" in cover
    assert "Draft, not signed yet" in cover
    assert "Nordwind Logistics GmbH" in cover and "Brightline Analytics" in cover
    assert "unsettled" not in cover


def test_same_job_gives_the_same_bytes(store: Store, sample: PlanState, author: Author) -> None:
    job = export_job(store, sample, author)
    first, first_boxes = build_document(job)
    second, second_boxes = build_document(job)
    assert first == second
    assert first_boxes == second_boxes
    info = PdfReader(io.BytesIO(first)).metadata
    assert info.title == "Route-cost analytics rollout — mutual action plan"
    assert info.author == "Nordwind Logistics GmbH and Brightline Analytics"
    assert job.revision.sha256 in info.subject


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_signature_boxes_on_the_last_page(
    store: Store, sample: PlanState, author: Author, tmp_path: Path, paper: str
) -> None:
    job = export_job(store, sample, author)
    pdf, boxes = build_document(job, paper)
    reader = PdfReader(io.BytesIO(pdf))
    width, height = PAGE_SIZES[paper]
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (width, height), abs=0.01
        )
    assert [box.field_name for box in boxes] == [slot.field_name for slot in job.signers]
    for box in boxes:
        x1, y1, x2, y2 = box.rect
        assert box.page == len(reader.pages) - 1
        assert 0 < x1 < x2 < width and MARGIN_BOTTOM <= y1 < y2 <= height - MARGIN_TOP
        assert x2 - x1 >= 220 and y2 - y1 >= 70
    first, second = (box.rect for box in boxes)
    assert first[1] >= second[3] or second[1] >= first[3], "the boxes overlap"
    last = words(pdftotext(pdf, tmp_path)[-1])
    assert "Seller — signed for Brightline Analytics by Priya Raghunathan, Account Director" in (
        last
    )
    assert "Buyer — signed for Nordwind Logistics GmbH by Zoë Müller" in last
    assert f"(SHA-256 {job.revision.sha256})" in last
    assert "Any later change produces a new revision." in last
    # Nothing is printed inside a box: the signature field goes there.
    placed = placed_words(pdf, tmp_path, len(reader.pages))
    assert len(placed) > 20
    for x1, y1, x2, y2 in placed:
        for box in boxes:
            bx1, by1, bx2, by2 = box.rect
            assert x2 <= bx1 or x1 >= bx2 or y2 <= by1 or y1 >= by2, f"text in {box.field_name}"


def test_a_plan_with_health_problems_exports_and_says_so(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    changes = edits.add_milestone(
        sample, {"title": "Data protection impact assessment", "side": Side.BUYER}
    )
    store.commit(sample, changes, author)
    pdf, _boxes = build_document(export_job(store, sample, author))
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    assert "Needs attention" in text
    assert "No owner (2): #7 Works council agreement on telematics data; #13 Data protection" in (
        text
    )
    assert "No due date (1): #13 Data protection impact assessment" in text
    assert "Overdue (due date passed, not done) (1): #5 Security questionnaire answered" in text
    assert "not dated" in text  # the timeline lists it rather than drawing it


def test_slips_and_changes_since_the_signed_revision(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    signed_revision, _snapshot = store.freeze_revision(sample, author)
    signed = (sample.copy(), signed_revision.log_position)
    review = sample.milestone_order()[5]
    changes = edits.set_field(
        sample, "milestone", review.id, "due", review.due + dt.timedelta(days=9)
    )
    store.commit(sample, changes, Author("Γιώργος Παπαδόπουλος", Side.BUYER))
    job = export_job(store, sample, author, signed=signed)
    assert job.revision.number == signed_revision.number + 1
    pdf, _boxes = build_document(job)
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    heading = (
        f"Changes since the last signed revision (revision {signed_revision.number}, "
        f"{signed_revision.sha256[:8]})"
    )
    assert heading in text
    assert "slipped 9 days" in text
    old, new = review.due - dt.timedelta(days=9), review.due
    # Grouped under the milestone, in a sentence that reads naturally.
    assert (
        f"Changed the due date of #6 “Security review sign-off” from {old.day} {old:%b %Y} "
        f"to {new.day} {new:%b %Y}"
    ) in text
    assert text.index("#6 “Security review sign-off”") < text.index("Changed the due date")
    assert "Γιώργος Παπαδόπουλος · Buyer" in text
    assert "Changes so far" not in text


def test_an_unsigned_plans_history_is_summarised_not_listed(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    add_milestones(store, sample, author, 210)
    job = export_job(store, sample, author)
    pdf, _boxes = build_document(job)
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    first = job.history[0]
    created = dt.date.fromisoformat(first.at[:10])
    assert (
        f"Created by {first.author.name} on {created.day} {created:%b %Y}: "
        f"{len(sample.milestones)} milestones, {len(sample.people)} people, "
        f"{len(sample.evidence)} evidence items; {len(job.history)} changes by"
    ) in text
    assert "Add person" not in text and "added the person" not in text.lower()


def test_page_count_grows_with_the_plan(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    small, _boxes = build_document(export_job(store, sample, author))
    add_milestones(store, sample, author, 300)
    big_job = export_job(store, sample, author)
    big, boxes = build_document(big_job)
    small_pages = len(PdfReader(io.BytesIO(small)).pages)
    big_pages = len(PdfReader(io.BytesIO(big)).pages)
    assert big_pages > small_pages + 20
    pages, stream = read(big, tmp_path)
    text = words("\n".join(pages))
    total = len(sample.milestones)
    for begin in range(1, total + 1, 35):
        assert f"Milestones {begin}–{min(begin + 34, total)} of {total}" in text
    missing = [m.title for m in sample.milestone_order() if not appears(m.title, stream)]
    assert missing == []
    assert all(box.page == big_pages - 1 for box in boxes)
    assert f"Page {big_pages} of {big_pages}" in words(pages[-1])


def test_timeline_pieces_fit_a_page(sample: PlanState, store: Store, author: Author) -> None:
    add_milestones(store, sample, author, 100)
    for paper, (width, height) in PAGE_SIZES.items():
        charts = timeline_flowables(sample, TODAY, width - 100)
        assert len(charts) == -(-len(sample.milestones) // MAX_ROWS), paper
        frame = height - MARGIN_TOP - MARGIN_BOTTOM
        for chart in charts:
            _w, chart_height = chart.wrap(width - 100, frame)
            assert chart_height < frame - 40  # room for the section heading too


def test_markup_in_plan_text_is_printed_literally(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    title = "Check <b>R&D</b> & pricing <Hamburg>"
    changes = edits.add_milestone(
        sample,
        {"title": title, "description": "Costs < 5% & > 2%\nSecond line", "side": Side.JOINT},
    )
    store.commit(sample, changes, author)
    pdf, _boxes = build_document(export_job(store, sample, author))
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    assert title in text
    assert "Costs < 5% & > 2%" in text


def test_a_very_long_description_still_prints(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    description = " ".join(f"word{n}" for n in range(1500))
    changes = edits.add_milestone(
        sample, {"title": "Long one", "description": description, "side": Side.SELLER}
    )
    store.commit(sample, changes, author)
    pdf, _boxes = build_document(export_job(store, sample, author))
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    assert "word0 word1" in text and "word1498 word1499" in text


def test_an_empty_plan_with_nobody_to_sign(store: Store, author: Author, tmp_path: Path) -> None:
    state = store.create_plan(
        {"title": "Blank", "buyer_org": "Contoso Ltd", "seller_org": "Northwind"}, author
    )
    job = export_job(store, state, author)
    assert job.signers == [
        SignatureSlot("seller", "seller_signature", "", "", "Northwind"),
        SignatureSlot("buyer", "buyer_signature", "", "", "Contoso Ltd"),
    ]
    job.unsettled_conflicts = 2
    seen: list[tuple[str, float]] = []
    pdf, boxes = build_document(job, progress=lambda stage, part: seen.append((stage, part)))
    pages = [words(page) for page in pdftotext(pdf, tmp_path)]
    text = " ".join(pages)
    assert "This plan has 2 unsettled changes from a merge" in pages[0]
    assert "No objective written yet." in text
    assert "No milestones yet." in text
    assert "No target date." in text
    assert "Seller — signed for Northwind" in pages[-1]
    assert "Nobody on this side is named as the signer in the plan yet." in pages[-1]
    assert len(boxes) == 2
    fractions = [part for _stage, part in seen]
    assert len(seen) >= 3 and fractions == sorted(fractions) and 0 < fractions[-1] < 1


def test_milestones_are_grouped_under_their_phases(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    """A plan with phases prints each phase as a heading above its milestones; one
    without (every test above) prints none."""

    order = sample.milestone_order()
    phases = ["Scoping stage"] * 3 + ["Proving stage"] * (len(order) - 3)
    changes = []
    work = sample.copy()
    for m, phase in zip(order, phases, strict=True):
        step = edits.set_field(work, "milestone", m.id, "phase", phase)
        work.apply_all(step)
        changes += step
    store.commit(sample, changes, author)
    pdf, _boxes = build_document(export_job(store, store.load(sample.id), author))
    table = words(" ".join(section_pages(pdftotext(pdf, tmp_path), "Milestones and actions")))
    discover, validate = table.index("Scoping stage"), table.index("Proving stage")
    assert discover < table.index(order[0].title) < table.index(order[2].title) < validate
    assert validate < table.index(order[3].title)
    assert table.count("Scoping stage") == 1 and table.count("Proving stage") == 1
    # The timeline shows a band per phase, named.
    pages = pdftotext(pdf, tmp_path)
    first = next(n for n, page in enumerate(pages) if "Timeline" in words(page))
    last = next(n for n, page in enumerate(pages) if "Milestones and actions" in words(page))
    timeline = words(" ".join(pages[first : last + 1]).split("Milestones and actions")[0])
    assert "Scoping stage" in timeline and "Proving stage" in timeline


def section_pages(pages: list[str], heading: str) -> list[str]:
    first = next(n for n, page in enumerate(pages) if heading in words(page))
    last = next(n for n, page in enumerate(pages) if "Evidence register" in words(page))
    return pages[first : last + 1]


def test_a_person_added_since_the_signed_revision_is_listed_once_by_their_name(
    store: Store, sample: PlanState, author: Author, tmp_path: Path
) -> None:
    signed_revision, _snapshot = store.freeze_revision(sample, author)
    signed = (sample.copy(), signed_revision.log_position)
    added = edits.add_person(sample, {"name": "New person", "side": Side.BUYER})
    store.commit(sample, added, author)
    person_id = added[0].entity_id
    for field, value in (("name", "Ines Duarte"), ("role", "legal")):
        store.commit(sample, edits.set_field(sample, "person", person_id, field, value), author)
    job = export_job(store, sample, author, signed=signed)
    pdf, _boxes = build_document(job)
    text = words("\n".join(pdftotext(pdf, tmp_path)))
    assert "Added the person “Ines Duarte”" in text
    assert "New person" not in text
    assert "Changed the name" not in text
