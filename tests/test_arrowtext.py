"""Whole-column text questions on Arrow arrays: exact "no", careful "yes"."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectkit.arrowtext import characters_in, longest_bytes, may_contain


def test_may_contain_finds_the_character_and_never_misses_it():
    assert may_contain(pd.Series(["walk", "a | b", None], dtype="str"), "|")
    assert not may_contain(pd.Series(["walk", "café", None], dtype="str"), "|")
    assert may_contain(pd.Series(["walk", ["a|b"][0]], dtype=object), "|")


def test_may_contain_says_look_closer_for_bytes_a_slice_hides():
    assert may_contain(pa.array(["a|b", "c"]).slice(1), "|")  # a "yes" the caller checks


def test_may_contain_looks_for_ascii_only():
    with pytest.raises(ValueError, match="ASCII"):
        may_contain(pd.Series(["é"], dtype="str"), "é")


label_text = st.lists(
    st.sampled_from(["a", "b", "é", " ", "\t", "|", ";", "🌱", "x y"]), max_size=12
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), label_text), min_size=1, max_size=40))
def test_rejoining_tags_on_arrays_equals_joining_each_value(values):
    from reflectkit.arrowtext import rejoin_tags
    from reflectkit.schema import join_tags

    expected = [None if v is None else join_tags(v.replace("|", ";")) for v in values]
    assert rejoin_tags(pd.Series(values, dtype="str")).to_pylist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet="0123456789: ", max_size=8)), max_size=20))
def test_the_clock_fast_path_agrees_with_the_pattern(values):
    from reflectkit.clock import ZERO_PADDED, clock_minutes

    padded = ZERO_PADDED.to_pylist()[::97]
    mixed = pd.Series([*values, *padded], dtype="str")
    got = clock_minutes(mixed)
    for value, minutes in zip(mixed, got, strict=True):
        text = None if pd.isna(value) else str(value).strip()
        if text and re.fullmatch(r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?", text):
            h, m = text.split(":")[:2]
            assert minutes == int(h) * 60 + int(m)
        else:
            assert np.isnan(minutes)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_rejoining_a_few_texts_repeated_equals_joining_each_value(data):
    """The usual history: a few tag texts, repeated (each distinct text is rewritten once)."""
    from reflectkit.arrowtext import rejoin_tags
    from reflectkit.schema import join_tags

    pool = data.draw(st.lists(st.one_of(st.none(), label_text), min_size=1, max_size=4))
    values = data.draw(st.lists(st.sampled_from(pool), min_size=9, max_size=60))
    expected = [None if v is None else join_tags(v.replace("|", ";")) for v in values]
    assert rejoin_tags(pd.Series(values, dtype="str")).to_pylist() == expected


def test_characters_in_answers_several_characters_and_looks_into_categories():
    assert characters_in(pa.array(["a", "b\rc"]), "\n\r") == {"\r"}
    assert characters_in(pa.array(["a b", None, "é"]), "\n\r") == set()
    categories = pa.array(["none", "a\nb", "none"]).dictionary_encode()
    assert characters_in(pa.chunked_array([categories]), "\n\r") == {"\n"}
    assert not may_contain(pa.array(["none", "message"]).dictionary_encode(), "\n")


@given(
    st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=20),
    st.integers(0, 20),
    st.integers(0, 20),
)
def test_longest_bytes_is_the_longest_value_in_utf8_bytes(values, start, length):
    """Read from the offsets alone; the reference is each value encoded by Python."""
    array = pa.array(values, type=pa.string()).slice(start, length)
    shown = [v for v in array.to_pylist() if v is not None]
    assert longest_bytes(array) == max((len(v.encode()) for v in shown), default=0)
    assert longest_bytes(pa.chunked_array([array, array], type=pa.string())) == longest_bytes(array)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_rejoining_only_values_with_the_old_separator_leaves_the_others_as_written(data):
    """Both ways through: few distinct texts repeated (looked up) and all distinct."""
    from reflectkit.arrowtext import rejoin_tags
    from reflectkit.schema import join_tags

    pool = data.draw(st.lists(st.one_of(st.none(), label_text), min_size=1, max_size=30))
    repeat = data.draw(st.booleans())
    values = data.draw(st.lists(st.sampled_from(pool), min_size=9, max_size=60)) if repeat else pool
    expected = [v if v is None or "|" not in v else join_tags(v.replace("|", ";")) for v in values]
    got = rejoin_tags(pd.Series(values, dtype="str"), only_with="|").to_pylist()
    assert got == expected


def test_longest_bytes_of_other_string_layouts_is_still_an_upper_bound():
    views = pa.array(["abc", None, "é"], type=pa.string_view())
    assert longest_bytes(views) == 3


@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="ab '\n\r\té", max_size=8)), max_size=15),
    st.integers(0, 15),
    st.booleans(),
)
def test_characters_in_never_misses_a_character(values, start, as_categories):
    from reflectkit.arrowtext import characters_in

    array = pa.array(values, type=pa.string()).slice(start)
    if as_categories:
        array = array.dictionary_encode()
    found = characters_in(pa.chunked_array([array, array.slice(0, 0)]), "\n\r'")
    shown = "".join(v for v in pa.array(values, type=pa.string()).slice(start).to_pylist() if v)
    assert {c for c in "\n\r'" if c in shown} <= found
    if start == 0 and not as_categories:  # nothing hidden by a slice or a dictionary
        assert found == {c for c in "\n\r'" if c in shown}
