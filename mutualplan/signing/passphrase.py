"""Where the command line gets a passphrase: the environment, else a terminal prompt.

The passphrase is returned to the caller and goes nowhere else: never printed,
logged, stored or put in an exception message.
"""

from __future__ import annotations

import getpass
import os
import sys

from .identity import IdentityError

ENVIRONMENT_VARIABLE = "MUTUALPLAN_PASSPHRASE"


def passphrase_from_environment_or_prompt(prompt: str, confirm: bool = False) -> bytes:
    """$MUTUALPLAN_PASSPHRASE if set, else asked for without echo (twice if `confirm`)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE)
    if value is not None:
        return value.encode("utf-8")
    if not (sys.stdin and sys.stdin.isatty()):
        # getpass would fall back to reading stdin with the passphrase echoed, or hang.
        raise IdentityError(
            f"A passphrase is needed: set {ENVIRONMENT_VARIABLE} or run in a terminal."
        )
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("The same passphrase again: ") != first:
            raise IdentityError("The two passphrases differ; nothing was written.")
    except (EOFError, KeyboardInterrupt):
        raise IdentityError("No passphrase was given.") from None
    return first.encode("utf-8")
