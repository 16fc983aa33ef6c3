"""What a day's tags say about care: the per-text search equals a search per row."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from reflectkit.trends.care import _names
from reflectkit.vocabulary import CONTACT, MOVEMENT, OUTDOORS

TAG = st.sampled_from(
    ["walk", "Watched sports", "long walk", "walkman", "gym", "friends", "garden", "TV: football",
     "tea", "Park", "phone call", "", " ", "x | run", "yoga; family"]
)  # fmt: skip
TAGS = st.lists(st.one_of(st.none(), st.lists(TAG, max_size=3).map("; ".join)), max_size=40)


@given(TAGS, st.sampled_from([MOVEMENT, OUTDOORS, CONTACT]))
def test_each_distinct_text_searched_once_gives_what_a_search_per_row_gives(
    tags: list[str | None], words: re.Pattern[str]
):
    for dtype in (object, "string[pyarrow]"):
        series = pd.Series(tags, dtype=dtype, index=range(10, 10 + len(tags)))
        expected = [text is not None and words.search(text) is not None for text in tags]
        got = _names(series, words)
        assert got.tolist() == expected
        assert got.index.equals(series.index)


def test_tags_given_as_lists_are_read_as_their_text():
    tags = pd.Series([["walk", "tea"], None, ["tea"]])
    assert _names(tags, MOVEMENT).tolist() == [True, False, False]
