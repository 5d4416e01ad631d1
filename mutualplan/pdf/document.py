"""The buyer-ready document, laid out with reportlab platypus.

`build_document` turns an `ExportJob` into PDF bytes and tells where it drew the
signature boxes; attaching the plan data and adding the signature fields over those
boxes is the finishing step's job (finish.py). The same job always gives the same
bytes: reportlab's invariant mode, and no clock read here (the cover shows the
revision's own date, `job.today` only decides what is overdue).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from ..domain.health import assess
from ..i18n import _
from .changelog import changes_section
from .job import ExportJob, Progress, SignatureBox
from .milestones import milestone_tables
from .pages import SignatureBlock, numbered_canvas
from .review import REVIEW_NOTICE, ReviewForm, review_section
from .sections import answers_section, cover, evidence, health_summary, objective, people
from .styles import (
    MARGIN,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MONO,
    PAGE_SIZES,
    SANS,
    Styles,
    make_styles,
)
from .text import esc
from .timeline import timeline_flowables


def build_document(
    job: ExportJob,
    paper: str = "a4",
    progress: Progress | None = None,
    form: ReviewForm | None = None,
) -> tuple[bytes, list[SignatureBox]]:
    """The document's PDF bytes and where each signer's box is, in `job.signers` order.

    With `form`, a review copy: the response form instead of the signature page (its
    fields reported into `form`), and the review notice on every page.
    """
    if paper not in PAGE_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAGE_SIZES)}, not {paper!r}")

    def report(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    report("Laying out the plan", 0.05)
    styles = make_styles()
    page_width, page_height = PAGE_SIZES[paper]
    width = page_width - 2 * MARGIN
    plan = job.state.plan
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(page_width, page_height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=_("{title} — mutual action plan").format(title=plan.title),
        author=_("{buyer} and {seller}").format(buyer=plan.buyer_org, seller=plan.seller_org),
        subject=_("Mutual action plan, revision {number} (SHA-256 {sha256})").format(
            number=job.revision.number, sha256=job.revision.sha256
        ),
        creator="MutualPlan",
        keywords=[_("mutual action plan"), plan.buyer_org, plan.seller_org],
        invariant=1,
        # Otherwise the canvas starts in Helvetica and lists it as a (never used) font.
        initialFontName=SANS,
        initialFontSize=9.5,
    )
    frame = Frame(
        MARGIN,
        MARGIN_BOTTOM,
        width,
        page_height - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    health = assess(job.state, job.today)
    story: list[Flowable] = [*cover(job, styles, width), PageBreak()]
    story += objective(job, styles)
    story += health_summary(job, health, styles)
    story += people(job, styles, width)
    report("Drawing the timeline", 0.15)
    story += _timeline(job, styles, width, page_height - MARGIN_TOP - MARGIN_BOTTOM - 60)
    report("Listing milestones, evidence and changes", 0.25)
    story += milestone_tables(job, health, styles, width, form)
    story += evidence(job, styles, width, form)
    story += changes_section(job, styles, width)
    story += answers_section(job, styles)
    placed: dict[str, SignatureBox] = {}
    if form is None:
        story += _signature_page(job, styles, placed)
    else:
        story += review_section(job, styles, form)

    report("Typesetting the pages", 0.35)
    if progress is not None:
        doc.setProgressCallBack(_typesetting_progress(report, 0.35, 0.9))
    notice = _(REVIEW_NOTICE) if form is not None else None
    canvas = numbered_canvas(job.revision.number, job.short_hash, plan.title, notice)
    doc.build(story, canvasmaker=canvas)
    # The caller goes on to attach the plan data and add the signature fields.
    report("Document laid out", 0.9)
    if form is not None:
        form.areas += form.row_areas(MARGIN_BOTTOM)
    boxes = [placed[slot.field_name] for slot in job.signers if slot.field_name in placed]
    return buffer.getvalue(), boxes


def _typesetting_progress(report: Progress, start: float, end: float) -> Callable[[str, int], None]:
    """reportlab's build progress (flowables placed of the total) as our fractions, in
    steps of a twentieth so a long plan does not flood the caller."""
    total = 1
    last = start

    def on_progress(kind: str, value: int) -> None:
        nonlocal total, last
        if kind == "SIZE_EST":
            total = max(value, 1)
        elif kind == "PROGRESS":
            fraction = start + (end - start) * min(value / total, 1.0)
            if fraction - last >= (end - start) / 20:
                last = fraction
                report("Typesetting the pages", round(fraction, 3))

    return on_progress


def _timeline(job: ExportJob, styles: Styles, width: float, height: float) -> list[Flowable]:
    charts = timeline_flowables(
        job.state, job.today, width, baseline=job.baseline, height=height
    )
    story: list[Flowable] = [PageBreak(), Paragraph(_("Timeline"), styles.h1)]
    if not charts:
        return [*story, Paragraph(_("No milestones yet."), styles.note)]
    story.append(charts[0])
    for chart in charts[1:]:
        story += [PageBreak(), chart]
    story.append(PageBreak())
    return story


def _signature_page(
    job: ExportJob, styles: Styles, placed: dict[str, SignatureBox]
) -> list[Flowable]:
    revision = job.revision
    intro: list[Flowable] = [
        Paragraph(_("Signatures"), styles.h1),
        Paragraph(
            _(
                "Signing with a digital signature covers this revision (SHA-256 {sha256}). "
                "Any later change produces a new revision."
            ).format(sha256=f"<font name='{MONO}' size=8>{revision.sha256}</font>"),
            styles.body,
        ),
        Spacer(1, 4),
        Paragraph(
            _("Revision {number}, state: {state}.").format(
                number=revision.number, state=esc(_(job.signature_state))
            ),
            styles.note,
        ),
        Spacer(1, 16),
    ]
    blocks: list[Flowable] = []
    for slot in job.signers:
        blocks += [SignatureBlock(slot, styles, placed), Spacer(1, 22)]
    if not blocks:
        blocks.append(Paragraph(_("No signers are expected for this plan."), styles.note))
    return [PageBreak(), KeepTogether(intro + blocks)]
