"""Everything the buyer-ready document shows, gathered from the store in one go.

The document is built from this plain data alone, so it can be rendered on a worker
thread (no database connection crosses threads) and in tests without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain.changes import RecordedChange
from ..domain.model import Revision
from ..domain.state import PlanState

# (what is happening, fraction done 0..1); called from whichever thread renders.
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class SignatureSlot:
    """One empty signature field of the signature page: who is expected to sign."""

    side: str  # "seller" or "buyer"
    field_name: str  # the PDF form field, e.g. "seller_signature"
    signer_name: str  # "" when the plan names nobody on that side
    signer_title: str
    organisation: str


@dataclass(frozen=True)
class SignatureBox:
    """Where the document drew a signature slot: page index (0-based) and rectangle
    (x1, y1, x2, y2) in PDF points from the bottom-left corner of that page."""

    field_name: str
    page: int
    rect: tuple[float, float, float, float]


@dataclass
class ExportJob:
    state: PlanState  # the plan exactly as frozen in `revision`
    revision: Revision
    signature_state: str  # "draft, not signed yet", ... (English: the catalogue's key)
    signers: list[SignatureSlot]
    history: list[RecordedChange]  # the whole change log, oldest first (embedded)
    # The last signed revision, if any: its plan (for slips) and the changes since it.
    baseline: PlanState | None = None
    baseline_revision: Revision | None = None
    changes_since_baseline: list[RecordedChange] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    unsettled_conflicts: int = 0  # merges waiting for the humans (exchange)
    review: bool = False  # a review copy: a response form, no signature fields
    language: str = "en"  # the document's words and dates (i18n.LANGUAGES)
    # What became of the other side's answers from review copies, one line per reviewer
    # ("5 answers from Zoë Müller: 3 accepted, 1 changed since, 1 open"), then each
    # answer as (item, answer, what happened).
    answer_lines: list[str] = field(default_factory=list)
    answer_details: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def short_hash(self) -> str:
        return self.revision.sha256[:16]
