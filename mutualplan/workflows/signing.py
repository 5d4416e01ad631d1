"""Signing a plan PDF, for the command line and the window alike: sign, say whether the
signer is the person the plan names, and record the signature in this database at once
(through the import workflow, so what is recorded is what verification found)."""

from __future__ import annotations

from dataclasses import dataclass

from ..exchange.importer import ImportRefusedError, ImportSummary
from ..signing.identity import Identity
from ..signing.pdf import NotAPlanPdfError, open_reader, plan_data_in
from ..signing.sign import side_for, sign, signatory_check
from ..store import Store, StoreError
from .importing import import_pdf


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    side: str
    signer: str
    note: str  # "" when the signer is the plan's signatory for the side; else what differs


def sign_document(pdf: bytes, identity: Identity, side: str | None = None) -> Signed:
    """Sign `pdf` for the side `identity` may sign (SigningError / NotAPlanPdfError say
    why not). Any thread: nothing here touches a database."""
    state = plan_data_in(open_reader(pdf).root, with_changes=False).state
    plan = state.plan
    side = side_for(identity, plan.buyer_org, plan.seller_org, side)
    note = signatory_check(state, side, identity)
    return Signed(sign(pdf, identity, side), side, identity.name, note)


def record_own_signature(store: Store, signed_pdf: bytes) -> ImportSummary | None:
    """Record the signature just made in this database, when it holds the plan: the
    plan then shows its revision as signed without importing the file by hand. None
    when the plan is not in this database (importing the file adds it)."""
    try:
        plan_id = plan_data_in(open_reader(signed_pdf).root, with_changes=False).state.id
    except NotAPlanPdfError:
        return None
    if not store.has_plan(plan_id):
        return None
    return import_pdf(store, signed_pdf)


__all__ = [
    "ImportRefusedError",
    "Signed",
    "StoreError",
    "record_own_signature",
    "sign_document",
]
