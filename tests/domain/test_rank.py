"""Sort keys: any insert position yields a key strictly between its neighbours."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mutualplan.domain.rank import DIGITS, FIRST, rank_between, ranks_for


def assert_valid_order(keys: list[str]) -> None:
    assert all(low < high for low, high in zip(keys, keys[1:], strict=False)), keys
    assert all(key and not key.endswith("0") for key in keys), keys
    assert all(set(key) <= set(DIGITS) for key in keys), keys


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=5),
    positions=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=80),
)
def test_random_insert_positions_keep_keys_strictly_ordered(
    start: int, positions: list[int]
) -> None:
    keys = ranks_for(start)
    for position in positions:
        index = position % (len(keys) + 1)
        low = keys[index - 1] if index > 0 else None
        high = keys[index] if index < len(keys) else None
        key = rank_between(low, high)
        assert (low is None or low < key) and (high is None or key < high)
        keys.insert(index, key)
        assert_valid_order(keys)


@given(st.integers(min_value=1, max_value=60))
def test_inserting_always_at_the_front_or_always_at_the_end_stays_ordered(count: int) -> None:
    front, back = [rank_between(None, None)], [rank_between(None, None)]
    for _ in range(count):
        front.insert(0, rank_between(None, front[0]))
        back.append(rank_between(back[-1], None))
    assert_valid_order(front)
    assert_valid_order(back)


def test_keys_for_a_long_list_built_at_once_are_ordered_across_digit_carries() -> None:
    keys = ranks_for(3000)
    assert keys[0] == FIRST
    assert_valid_order(keys)
    assert len(set(keys)) == 3000


@pytest.mark.parametrize(("low", "high"), [("i001", "i001"), ("i002", "i001"), ("b", "a")])
def test_no_key_between_bounds_that_are_not_ascending(low: str, high: str) -> None:
    with pytest.raises(ValueError, match="no key between"):
        rank_between(low, high)


def test_a_key_between_a_key_and_its_own_extension_exists() -> None:
    key = rank_between("a", "a1")
    assert "a" < key < "a1"
    assert not key.endswith("0")
