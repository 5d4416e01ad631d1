"""Settling the other side's answers: accept a proposal (it becomes ordinary changes,
proposed by the reviewer and entered by whoever accepts it), decline it with a reason,
answer a comment. Qt-free: the window's undo commands call these."""

from __future__ import annotations

import datetime as dt

from ..domain.changes import Change, RecordedChange, inverse_of
from ..domain.model import Author
from ..domain.responses import ACCEPTED, ANSWERED, DECLINED, OPEN, Proposal, changes_for
from ..domain.state import PlanRuleError, PlanState
from ..i18n import _
from ..store import Store


def _open(store: Store, proposal_id: int) -> Proposal:
    proposal = store.proposal(proposal_id)
    if proposal.status != OPEN:
        raise PlanRuleError(
            _("This answer was {status} already.").format(status=_(proposal.status))
        )
    return proposal


def proposer(proposal: Proposal) -> Author:
    """Who a change from an accepted proposal is attributed to: the reviewer."""
    reviewer = proposal.reviewer
    return Author(
        name=reviewer.name,
        side=reviewer.side,
        person_id=reviewer.person_id,
        organisation=reviewer.organisation,
    )


def accept(
    store: Store,
    state: PlanState,
    proposal_id: int,
    entered_by: Author,
    today: dt.date | None = None,
) -> tuple[list[Change], list[RecordedChange]]:
    """Apply the proposal to the plan as it is now, in one transaction with marking it
    accepted. The changes are the reviewer's; `entered_by` is kept on the answer."""
    from ..store.repository import utc_now

    proposal = _open(store, proposal_id)
    changes = changes_for(proposal, state, today)
    with store.transaction():
        recorded = store.commit(state, changes, proposer(proposal)) if changes else []
        store.set_proposal_status(
            proposal_id, ACCEPTED, decided_by=entered_by.name, decided_at=utc_now()
        )
    return changes, recorded


def undo_accept(
    store: Store, state: PlanState, proposal_id: int, changes: list[Change], by: Author
) -> list[RecordedChange]:
    """Take an accepted proposal back: its changes reverted (by `by`), the answer open."""
    with store.transaction():
        recorded = store.commit(state, inverse_of(changes), by) if changes else []
        store.set_proposal_status(proposal_id, OPEN)
    return recorded


def decline(store: Store, proposal_id: int, reason: str, by: Author) -> None:
    from ..store.repository import utc_now

    proposal = _open(store, proposal_id)
    if not reason.strip():
        raise PlanRuleError(_("Say why the proposal is declined: the other side will read it."))
    status = ANSWERED if proposal.is_comment else DECLINED
    store.set_proposal_status(
        proposal_id, status, reply=reason.strip(), decided_by=by.name, decided_at=utc_now()
    )


def answer(store: Store, proposal_id: int, text: str, by: Author) -> None:
    """Answer a comment (or any answer) in words; the plan is unchanged."""
    from ..store.repository import utc_now

    _open(store, proposal_id)
    if not text.strip():
        raise PlanRuleError(_("Write the answer first."))
    store.set_proposal_status(
        proposal_id, ANSWERED, reply=text.strip(), decided_by=by.name, decided_at=utc_now()
    )


def reopen(store: Store, proposal_id: int) -> None:
    store.set_proposal_status(proposal_id, OPEN)
