"""Sort keys that let one item move between two others with a single change.

Keys are strings over 0-9a-z compared as text. A key never ends in "0", which keeps
room between any two keys, so moving an item never renumbers its neighbours (and a
move merges like any other one-field edit).
"""

from __future__ import annotations

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE = len(DIGITS)
FIRST = "i001"


def rank_between(low: str | None, high: str | None) -> str:
    """A key strictly between `low` and `high` (None: no bound on that side)."""
    if low is not None and high is not None and not low < high:
        raise ValueError(f"no key between {low!r} and {high!r}")
    if high is None and low:
        return _after(low)
    low = low or ""
    result = []
    i = 0
    while True:
        a = DIGITS.index(low[i]) if i < len(low) else 0
        b = DIGITS.index(high[i]) if high is not None and i < len(high) else _BASE
        if b - a > 1:
            result.append(DIGITS[(a + b) // 2])
            return "".join(result)
        result.append(DIGITS[a])
        if b - a == 1:
            high = None  # any continuation above low's remainder now fits
        i += 1


def _after(low: str) -> str:
    """The next key after `low` at the same length, so long appends stay short."""
    digits = [DIGITS.index(ch) for ch in low]
    while True:
        pos = len(digits) - 1
        while pos >= 0 and digits[pos] == _BASE - 1:
            digits[pos] = 0
            pos -= 1
        if pos < 0:
            return low + "i"
        digits[pos] += 1
        if digits[-1] != 0:
            return "".join(DIGITS[d] for d in digits)


def ranks_for(count: int) -> list[str]:
    """`count` ascending keys for a list built in one go."""
    keys, key = [], None
    for _ in range(count):
        key = FIRST if key is None else _after(key)
        keys.append(key)
    return keys
