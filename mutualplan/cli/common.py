"""What every command shares: the database, who acts, one-line failures, counts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..domain.model import Author
from ..i18n import N_, _
from ..store.database import default_database_path
from ..store.errors import StoreError
from ..store.repository import Store

PROG = "mutualplan"


def database_path(args: argparse.Namespace) -> Path:
    return Path(args.db).expanduser() if args.db else default_database_path()


class NoLocalUserError(StoreError):
    """This copy does not know who uses it yet, so it cannot attribute an edit."""


def acting_author(store: Store) -> Author:
    """Who the command line acts as: this copy's user (never the account name)."""
    me = store.local_user()
    if me is None:
        raise NoLocalUserError(
            _(
                "this copy does not know who you are yet, so it cannot attribute the change: "
                "run `{command}` (or open the app once) first"
            ).format(command=f"{PROG} identity new --name N --org O --side seller|buyer")
        )
    return me


def revision_author(store: Store, plan_id: str) -> Author:
    """Who a revision frozen by the command line is credited to: this copy's user, else
    whoever made the plan's last change (exporting is not an edit)."""
    me = store.local_user()
    if me is not None:
        return me
    history = store.history(plan_id)
    if not history:
        return acting_author(store)
    last = history[-1].author
    return Author(name=last.name, side=last.side, person_id=last.person_id)


def read_pdf(path_text: str) -> bytes:
    path = Path(path_text).expanduser()
    if not path.is_file():
        raise FileNotFoundError(2, _("no such file"), str(path))
    return path.read_bytes()


def fail(message: str) -> int:
    """Tell the user in one line (messages may wrap for dialogs; here they must not)."""
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return 2


_SIDE_NAMES = {"seller": N_("seller"), "buyer": N_("buyer")}


def side_name(side: str | None) -> str:
    """A side as the reader's language names it ("Anbieter"); unknown ones as they are."""
    return _(_SIDE_NAMES[side]) if side in _SIDE_NAMES else side or "?"
