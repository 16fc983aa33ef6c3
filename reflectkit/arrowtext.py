"""Whole-column questions about text, answered on Arrow arrays without a pass in Python.

Loading a large file asks a few yes/no questions of every text column (is any value
escaped? does any tag list use ``|``? is every time already ``HH:MM``?). These helpers
answer them on the Arrow data directly, which is many times faster than a string kernel
or a pandas mask.
"""

from __future__ import annotations

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
    code = ord(char)
    if code > 127:
        raise ValueError(f"may_contain looks for one ASCII character, not {char!r}")
    array = arrow_text(values)
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return True  # another layout: say "look closer"
        data = chunk.buffers()[2]
        if data is not None and bool((np.frombuffer(data, np.uint8) == code).any()):
            return True
    return False


def all_in(values: Text, allowed: pa.Array) -> bool:
    """Whether every non-missing value is one of ``allowed`` (a hash lookup per value)."""
    array = arrow_text(values)
    with_missing = pa.concat_arrays([allowed, pa.nulls(1, allowed.type)])
    found = pc.is_in(array, value_set=with_missing, skip_nulls=False)
    return bool(pc.all(found, min_count=0).as_py())
