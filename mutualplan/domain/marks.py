"""Words marked for the catalogue. The domain imports nothing of ours, so its fixed words
are marked with `N_` (a no-op the extractor knows) and a caller passes the `gettext`
that words them in its language (English when none is given)."""

from __future__ import annotations

from collections.abc import Callable

Gettext = Callable[[str], str]


def N_(message: str) -> str:  # noqa: N802 - the name the catalogue's extractor knows
    """Marks `message` for the catalogue; the caller translates it where it is shown."""
    return message


def english(message: str) -> str:
    return message
