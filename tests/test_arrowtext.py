"""Whole-column text questions on Arrow arrays: exact "no", careful "yes"."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from reflectkit.arrowtext import all_in, may_contain

TIMES = pa.array(["07:05", "23:30"])


def test_may_contain_finds_the_character_and_never_misses_it():
    assert may_contain(pd.Series(["walk", "a | b", None], dtype="str"), "|")
    assert not may_contain(pd.Series(["walk", "café", None], dtype="str"), "|")
    assert may_contain(pd.Series(["walk", ["a|b"][0]], dtype=object), "|")


def test_may_contain_says_look_closer_for_bytes_a_slice_hides():
    assert may_contain(pa.array(["a|b", "c"]).slice(1), "|")  # a "yes" the caller checks


def test_may_contain_looks_for_ascii_only():
    with pytest.raises(ValueError, match="ASCII"):
        may_contain(pd.Series(["é"], dtype="str"), "é")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["07:05", None, "23:30"], True),
        ([None, None], True),
        ([], True),
        (["7:05"], False),
        (["07:05", "07:05:00"], False),
    ],
)
def test_all_in_skips_missing_values(values, expected):
    assert all_in(pd.Series(values, dtype="str"), TIMES) is expected
