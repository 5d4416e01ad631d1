"""The Responses panel: answers from two reviewers listed by milestone, accepted with
undo, declined with a reason; a filled review copy imported through File ▸ Import."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from mutualplan.domain.model import Author
from mutualplan.domain.state import PlanState
from mutualplan.pdf.export import export_pdf
from mutualplan.store import Store
from mutualplan.ui.exchange.responses import ResponsesPanel, Reviews, show_responses
from mutualplan.ui.exchange.responses_panel import PROPOSAL_ROLE
from mutualplan.ui.main_window import MainWindow
from mutualplan.workflows.reviewing import import_review


def _fill(pdf: bytes, values: dict[str, str]) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    prepared = {
        k: (f"/{v}" if k.endswith((".answer", ".side")) else v) for k, v in values.items()
    }
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, prepared, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def review_copy(store: Store, staffed_plan: PlanState, author: Author, tmp_path: Path) -> bytes:
    out = tmp_path / "review.pdf"
    export_pdf(store, staffed_plan.id, out, author, review=True)
    return out.read_bytes()


def _rows(panel: ResponsesPanel) -> list[tuple[str, list[str]]]:
    model = panel.model
    rows = []
    for group in range(model.rowCount()):
        top = model.index(group, 0)
        rows.append(
            (
                top.data(),
                [model.index(child, 0, top).data() for child in range(model.rowCount(top))],
            )
        )
    return rows


def _select(panel: ResponsesPanel, words: str) -> None:
    model = panel.model
    for group in range(model.rowCount()):
        top = model.index(group, 0)
        for child in range(model.rowCount(top)):
            index = model.index(child, 0, top)
            if words in index.data():
                panel.view.setCurrentIndex(index)
                assert index.data(PROPOSAL_ROLE) is not None
                return
    raise AssertionError(words)


def test_answers_from_two_reviewers_are_listed_accepted_undone_and_declined(
    window: MainWindow, store: Store, review_copy: bytes, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = window.session.state
    first, second = state.milestone_order()[:2]
    new_due = (first.due or dt.date(2026, 6, 1)) + dt.timedelta(days=7)
    import_review(
        store,
        _fill(
            review_copy,
            {
                "reviewer.name": "Олена Коваль",
                "milestone.1.answer": "change",
                "milestone.1.due": new_due.isoformat(),
                "milestone.1.comment": "Неделя нужна на выгрузку.",
                "milestone.2.answer": "agree",
            },
        ),
    )
    import_review(
        store,
        _fill(
            review_copy,
            {
                "reviewer.name": "Dana Whitfield",
                "reviewer.organisation": "Contoso Ltd",
                "milestone.1.comment": "Can procurement join this one?",
                "plan.comment": "Looks workable.",
            },
        ),
    )
    panel = show_responses(window.opened())
    dock = window.state(Reviews).dock
    assert dock is not None and dock.isVisible()
    rows = _rows(panel)
    assert rows[0][0] == f"#1 {first.title} (2)"
    assert rows[1][0] == f"#2 {second.title} (1)"
    assert rows[-1][0] == "The plan (1)"
    assert "Олена Коваль" in panel.summary.text() and "Dana Whitfield" in panel.summary.text()

    _select(panel, "Proposes due")
    assert panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, qtbot_button())
    assert window.session.state.milestones[first.id].due == new_due
    assert store.load(state.id).milestones[first.id].due == new_due
    history = store.history(state.id)
    assert history[-1].author.name == "Олена Коваль" and history[-1].author.side == "buyer"
    assert history[-1].entered_by is not None and history[-1].entered_by.name == "Alex Morgan"
    assert "Accepted" in _outcomes(panel)

    window.action("undo").trigger()
    assert store.load(state.id).milestones[first.id].due == first.due
    assert all(p.status == "open" for p in store.proposals_of(state.id))
    window.action("redo").trigger()
    assert store.load(state.id).milestones[first.id].due == new_due

    _select(panel, "Can procurement")
    assert not panel.decline_button.isEnabled()  # a comment is answered, not declined
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *a, **k: ("Yes, Katrin will join.", True)
    )
    qtbot.mouseClick(panel.answer_button, qtbot_button())
    answered = [p for p in store.proposals_of(state.id) if p.status == "answered"]
    assert [p.reply for p in answered] == ["Yes, Katrin will join."]
    assert "Answered" in _outcomes(panel)


def _outcomes(panel: ResponsesPanel) -> list[str]:
    model = panel.model
    found = []
    for group in range(model.rowCount()):
        top = model.index(group, 0)
        found += [model.index(child, 4, top).data() for child in range(model.rowCount(top))]
    return found


def qtbot_button():  # noqa: ANN201
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_a_milestone_changed_since_shows_todays_value(
    window: MainWindow, store: Store, review_copy: bytes
) -> None:
    from mutualplan.domain import edits

    state = window.session.state
    first = state.milestone_order()[0]
    import_review(
        store,
        _fill(review_copy, {"reviewer.name": "Олена Коваль", "milestone.1.owner": "Alex Morgan"}),
    )
    window.session.apply(edits.set_field(state, "milestone", first.id, "due", dt.date(2026, 9, 1)))
    panel = show_responses(window.opened())
    _select(panel, "Proposes owner Alex Morgan")
    assert "Open — changed since" in _outcomes(panel)
    assert "Changed since the review: due was" in panel.details.text()
    assert "today 2026-09-01" in panel.details.text()


def test_import_plan_pdf_reads_a_filled_review_copy_as_answers(
    window: MainWindow, store: Store, review_copy: bytes, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mutualplan.ui.exchange.plan_import import import_plan_file

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    path = tmp_path / "answered.pdf"
    path.write_bytes(_fill(review_copy, {"reviewer.name": "Олена Коваль",
                                         "plan.comment": "Согласна."}))
    contents = store.load(window.session.plan_id)
    import_plan_file(window, path)
    assert told and "1 answer kept as a proposal" in told[0]
    dock = window.state(Reviews).dock
    assert dock is not None and dock.isVisible()
    [proposal] = store.proposals_of(contents.id)
    assert proposal.comment == "Согласна." and proposal.reviewer.name == "Олена Коваль"


def test_send_for_review_writes_a_review_copy_and_previews_it(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader
    from PySide6.QtWidgets import QFileDialog

    asked: dict[str, str] = {}

    def fake_dialog(parent, caption, start, filters):  # noqa: ANN001, ANN202
        asked["start"] = start
        return str(tmp_path / "for Олена"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    assert window.action("review").isEnabled()
    window.action("review").trigger()
    exporter = window.state(Reviews).exporter
    assert exporter is not None
    qtbot.waitUntil(lambda: exporter.preview is not None, timeout=30_000)
    assert asked["start"].endswith("revision 1 - review copy.pdf")
    reader = PdfReader(tmp_path / "for Олена.pdf")
    fields = reader.get_fields() or {}
    assert "reviewer.name" in fields and "milestone.1.answer" in fields
    assert not any(str(f.get("/FT")) == "/Sig" for f in fields.values())
    assert "Review copy — for comments, not signing" in reader.pages[0].extract_text()
    assert exporter.preview.document.pageCount() == len(reader.pages)
    exporter.preview.close()


def test_a_second_filling_is_kept_beside_the_first_when_the_user_says_so(
    window: MainWindow, store: Store, review_copy: bytes, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mutualplan.ui.exchange.plan_import import import_plan_file

    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    asked: list[str] = []

    def question(_parent, _title, text):  # noqa: ANN001, ANN202
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    for number, comment in enumerate(("Ja.", "Doch nicht."), 1):
        path = tmp_path / f"answer{number}.pdf"
        path.write_bytes(_fill(review_copy, {"reviewer.name": "Олена Коваль",
                                             "plan.comment": comment}))
        import_plan_file(window, path)
    assert len(asked) == 1 and "filled twice" in asked[0]
    comments = [p.comment for p in store.proposals_of(window.session.plan_id)]
    assert comments == ["Ja.", "Doch nicht."]
