"""Exporting a plan: freeze the revision, gather the job, render, write atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import files
from ..domain.canonical import state_from_snapshot
from ..domain.model import Author, Person, Side
from ..domain.names import country_of_organisation
from ..domain.responses import Proposal, describe, outcome, outcome_lines
from ..domain.state import PlanState
from ..exchange.plan_data import encode_plan_data
from ..i18n import (
    N_,
    _,
    buyer_language,
    check_language,
    language,
    ngettext,
    pdf_language_setting,
    use_language,
)
from ..store import Store
from .job import ExportJob, Progress, SignatureSlot

PAPERS = ("a4", "letter")


class ExportError(Exception):
    """The document could not be written where the user asked; says why."""


def expected_signer(state: PlanState, side: str) -> Person | None:
    """The signatory chosen in People for `side`; never guessed from roles."""
    return state.signatory(side)


def signature_slots(state: PlanState) -> list[SignatureSlot]:
    slots = []
    for side, organisation in (
        (Side.SELLER, state.plan.seller_org),
        (Side.BUYER, state.plan.buyer_org),
    ):
        person = expected_signer(state, side)
        slots.append(
            SignatureSlot(
                side=side.value,
                field_name=f"{side.value}_signature",
                signer_name=person.name if person else "",
                signer_title=person.title if person else "",
                organisation=organisation,
            )
        )
    return slots


def document_language(store: Store, state: PlanState) -> str:
    """The language a plan's PDF comes out in unless the user says otherwise: the one it
    was last exported in on this machine, else the buyer's (from their calendar's country
    or their organisation's legal form), else the app's."""
    from ..domain.calendars import CalendarSettings

    remembered = store.setting(pdf_language_setting(state.id))
    if isinstance(remembered, str):
        try:
            return check_language(remembered)
        except ValueError:
            pass
    calendars = CalendarSettings.from_json(store.setting(CalendarSettings.KEY))
    countries = [calendars.buyer.country, country_of_organisation(state.plan.buyer_org)]
    return buyer_language(countries) or language()


def prepare_export(
    store: Store, plan_id: str, author: Author, language: str | None = None
) -> ExportJob:
    """Freeze the plan as a revision (reusing it when nothing changed) and gather all
    the document needs. Runs on the thread that owns the store.

    The document speaks as of the revision's day (overdue marks, the 'as of' line), so
    exporting one revision again, on any later day, gives the very same bytes. Its
    words are in `language` (else `document_language`), which is remembered for the
    plan on this machine; the plan data does not depend on it.
    """
    state = store.load(plan_id)
    if language is None:
        language = document_language(store, state)
    else:
        language = check_language(language)
        store.set_setting(pdf_language_setting(plan_id), language)
    revision, _snapshot = store.freeze_revision(state, author)
    as_of = dt.date.fromisoformat(revision.created_at[:10])
    job = ExportJob(
        state=state,
        revision=revision,
        signature_state=signature_state(store.signed_sides(plan_id, revision.sha256)),
        signers=signature_slots(state),
        history=store.history(plan_id),
        today=as_of,
        unsettled_conflicts=len(store.conflicts_of(plan_id)),
        language=language,
    )
    with use_language(language):
        job.answer_lines, job.answer_details = answers_report(store.proposals_of(plan_id), state)
    committed = store.last_committed_revision(plan_id)
    if committed is not None:
        job.baseline = state_from_snapshot(store.revision_snapshot(plan_id, committed.sha256))
        job.baseline_revision = committed
        job.changes_since_baseline = store.history_since(plan_id, committed.log_position)
    return job


def answers_report(
    proposals: list[Proposal], state: PlanState
) -> tuple[list[str], list[tuple[str, str, str]]]:
    """What became of each answer from review copies, for the document."""
    lines = outcome_lines(proposals, state, _, ngettext)
    details = []
    words = {
        "accepted": _("accepted"),
        "declined": _("declined"),
        "answered": _("answered"),
        "changed": _("open; the item changed since"),
        "open": _("open"),
    }
    for proposal in proposals:
        if proposal.entity == "milestone" and proposal.entity_id in state.milestones:
            item = f"#{state.milestone_number(proposal.entity_id)} "
            item += state.milestones[proposal.entity_id].title
        elif proposal.entity == "evidence" and proposal.entity_id in state.evidence:
            item = state.evidence[proposal.entity_id].title
        elif proposal.entity == "plan":
            item = _("The plan")
        else:
            item = _("(removed since)")
        result = words[outcome(proposal, state)]
        if proposal.reply and proposal.status != "open":
            result += f": “{proposal.reply}”"
        answer = _("{name}, revision {number}: ").format(
            name=proposal.reviewer.name, number=proposal.revision_number
        )
        details.append((item, answer + describe(proposal, state, _), result))
    return lines, details


def signature_state(sides: set[str]) -> str:
    """The document's signing state, in English: the catalogue words it per document."""
    if sides >= {"seller", "buyer"}:
        return N_("mutually committed: signed by both sides")
    if "seller" in sides:
        return N_("signed by the seller; waiting for the other side")
    if "buyer" in sides:
        return N_("signed by the buyer; waiting for the other side")
    return N_("draft, not signed yet")


def render(job: ExportJob, paper: str = "a4", progress: Progress | None = None) -> bytes:
    """The finished PDF bytes. Pure: safe on a worker thread."""
    from ..domain.canonical import snapshot
    from .document import build_document
    from .finish import finish

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    with use_language(job.language):
        document, boxes = build_document(job, paper, progress)
    if progress:
        progress("Attaching the plan data and signature fields", 0.95)
    data = encode_plan_data(job.revision, snapshot(job.state), job.history)
    moment = dt.datetime.fromisoformat(job.revision.created_at.replace("Z", "+00:00"))
    pdf = finish(document, boxes, job.signers, data, moment, job.language)
    if progress:
        progress("Done", 1.0)
    return pdf


def render_review(job: ExportJob, paper: str = "a4", progress: Progress | None = None) -> bytes:
    """A review copy's PDF bytes: the document with a response form, no signature
    fields. Pure: safe on a worker thread."""
    from ..domain.canonical import snapshot
    from .document import build_document
    from .review import ReviewForm
    from .review_form import finish_review, review_description

    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    job.review = True
    form = ReviewForm()
    with use_language(job.language):
        document, _boxes = build_document(job, paper, progress, form)
    if progress:
        progress("Adding the response form", 0.95)
    data = encode_plan_data(job.revision, snapshot(job.state), job.history)
    moment = dt.datetime.fromisoformat(job.revision.created_at.replace("Z", "+00:00"))
    review = {
        "plan_id": job.state.id,
        "revision_sha256": job.revision.sha256,
        "revision_number": job.revision.number,
        **review_description(form),
    }
    pdf = finish_review(document, form, data, review, moment)
    if progress:
        progress("Done", 1.0)
    return pdf


def write_atomically(path: Path, data: bytes) -> None:
    """Write the whole file or nothing: a half-written PDF never replaces a good one."""
    files.write_atomically(path, data, error=ExportError)


def export_pdf(
    store: Store,
    plan_id: str,
    out: Path,
    author: Author,
    paper: str = "a4",
    progress: Progress | None = None,
    *,
    review: bool = False,
    language: str | None = None,
) -> ExportJob:
    """Write the plan's document; `review=True` writes a review copy instead. `language`
    ("en", "de") chooses its words; None takes the plan's (`document_language`)."""
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
    job = prepare_export(store, plan_id, author, language)
    pdf = render_review(job, paper, progress) if review else render(job, paper, progress)
    write_atomically(out, pdf)
    return job
