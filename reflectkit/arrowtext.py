"""Whole-column questions about text, answered on Arrow arrays without a pass in Python.

Loading a large file asks a few yes/no questions of every text column (is any value
escaped? does any tag list use ``|``? how long is the longest value?). These helpers
answer them on the Arrow data directly, which is many times faster than a string kernel
or a pandas mask.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Text: TypeAlias = "pd.Series | pa.Array | pa.ChunkedArray"


def arrow_text(values: Text) -> pa.Array | pa.ChunkedArray:
    """The Arrow array behind ``values`` (no copy for pyarrow-backed strings)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    return pa.array(values.array, type=pa.string(), from_pandas=True)


def may_contain(values: Text, char: str) -> bool:
    """Whether any value may contain ``char``, a single ASCII character.

    Scans the raw UTF-8 bytes of the values at memory speed. An ASCII byte is never part
    of a multi-byte character, so "no" is exact; "yes" can come from bytes a sliced array
    no longer shows, so callers treat it as "look closer".
    """
    return char in characters_in(values, char)


def characters_in(values: Text, chars: str) -> frozenset[str]:
    """Which of ``chars`` (ASCII characters) any value may contain, in one pass.

    As :func:`may_contain`, for several questions in one pass: "not in" is exact;
    dictionary-encoded values are answered from their dictionary.
    """
    codes = {c: ord(c) for c in chars}
    if not codes or max(codes.values()) > 127:
        raise ValueError(f"characters_in looks for ASCII characters, not {chars!r}")
    found: set[str] = set()
    for data in _text_bytes(arrow_text(values)):
        if data is None:
            return frozenset(chars)  # another layout: say "look closer" for all
        if len(data) == 0:
            continue
        lowest = int(data.min())
        for char, code in codes.items():
            if char not in found and code >= lowest and bool((data == code).any()):
                found.add(char)
        if len(found) == len(codes):
            break
    return frozenset(found)


def _chunks(array: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return array.chunks if isinstance(array, pa.ChunkedArray) else [array]


def _text_bytes(array: pa.Array | pa.ChunkedArray) -> Iterator[np.ndarray | None]:
    """The UTF-8 bytes of each chunk's values (None for a layout that is not text)."""
    for chunk in _chunks(array):
        if pa.types.is_dictionary(chunk.type):
            chunk = chunk.dictionary
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            yield None
            continue
        data = chunk.buffers()[2]
        yield np.frombuffer(data, np.uint8) if data is not None else np.empty(0, np.uint8)


def longest_bytes(values: Text) -> int:
    """An upper bound of the UTF-8 length of the longest value, from the offsets alone."""
    longest = 0
    for chunk in _chunks(arrow_text(values)):
        if len(chunk) == 0:
            continue
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            as_text = pc.cast(chunk, pa.large_string())  # e.g. a string view
            longest = max(longest, int(pc.max(pc.binary_length(as_text)).as_py() or 0))
            continue
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        offsets = np.frombuffer(chunk.buffers()[1], width)[
            chunk.offset : chunk.offset + len(chunk) + 1
        ]
        longest = max(longest, int(np.diff(offsets).max()))
    return longest


def rejoin_tags(
    values: Text, *, separator: str = "; ", only_with: str | None = None
) -> pa.ChunkedArray:
    """Tag lists written with ``|`` or ``;`` in the stored form, on whole Arrow arrays.

    The same as :func:`reflectkit.schema.join_tags` on each value with ``|`` read as ``;``:
    labels split at ``;``, ASCII white space trimmed and collapsed (join_tags also collapses
    other Unicode spaces), empty labels and repeats left out (the first kept), joined by
    ``"; "``; a value with no label left is missing. With ``only_with``, only values that
    contain it are rewritten; the others stay as they are.
    """
    array = arrow_text(values)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    # A history repeats a few dozen tag texts: rewrite each distinct text once, then look up.
    encoded = pc.dictionary_encode(array)
    if len(encoded.dictionary) * 2 < len(array):
        distinct = _rejoin_some(encoded.dictionary, separator, only_with)
        return pa.chunked_array([distinct.take(encoded.indices)], type=pa.string())
    return pa.chunked_array([_rejoin_some(array, separator, only_with)], type=pa.string())


def _rejoin_some(chunk: pa.Array, separator: str, only_with: str | None) -> pa.Array:
    rewritten = _rejoin_one(chunk, separator)
    if only_with is None:
        return rewritten
    return pc.if_else(pc.match_substring(chunk, only_with), rewritten, chunk)


def _rejoin_one(chunk: pa.Array, separator: str) -> pa.Array:
    """:func:`rejoin_tags` of one array, value by value in Arrow's kernels."""
    lists = pc.split_pattern(pc.replace_substring(chunk, "|", ";"), ";")
    labels = lists.flatten()
    if pc.any(pc.match_substring_regex(labels, r"\s\s|[\t\n\r]")).as_py():
        labels = pc.replace_substring_regex(labels, r"\s+", " ")
    labels = pc.utf8_trim_whitespace(labels)
    parents = pc.list_parent_indices(lists)
    keep = pc.greater(pc.utf8_length(labels), 0)
    labels, parents = labels.filter(keep), parents.filter(keep)
    # a repeated label in a row: keep the first (hash of row and label code, no sorting)
    codes = np.asarray(pc.dictionary_encode(labels).indices, dtype=np.int64)
    rows = np.asarray(parents, dtype=np.int64)
    repeated = pd.Series(rows * (int(codes.max(initial=0)) + 1) + codes).duplicated()
    if repeated.any():
        first = pa.array(~repeated.to_numpy())
        labels, rows = labels.filter(first), rows[~repeated.to_numpy()]
    counts = np.bincount(rows, minlength=len(chunk))
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    if isinstance(labels, pa.ChunkedArray):
        labels = labels.combine_chunks()
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, labels), separator)
    return pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.string()), joined)
