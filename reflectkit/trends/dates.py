"""The ``date`` column as calendar days, whatever form it arrives in.

Ordering, differencing or reindexing text silently gives wrong numbers, so every measure
that depends on which days follow each other starts here. A date is the day as written:
``2024-03-02``, ``2024-03-02 21:15`` and ``2013-03-28 00:00:00-04:00`` are all 2 March /
28 March, never shifted by a time zone.
"""

from __future__ import annotations

from typing import Final

import pandas as pd

from ..errors import ReflectkitError

DATE_TYPE: Final = "datetime64[ns]"


def as_dates(column: pd.Series) -> pd.Series:
    """Calendar days (``datetime64[ns]`` at midnight) from dates, timestamps or text.

    Raises
    ------
    ReflectkitError
        Naming the first value that is not a date.
    """
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = column.dt.tz_localize(None) if getattr(column.dt, "tz", None) else column
        return values.dt.normalize().astype(DATE_TYPE)
    text = column.astype("str").str.strip()
    # the date as written, before any time or time zone
    parsed = pd.to_datetime(text.str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
    rest = text.str.slice(10)
    looks_like_time = rest.str.match(r"^(?:$|[T ]\d)").fillna(True).astype(bool)
    bad = (parsed.isna() | ~looks_like_time) & column.notna()
    if bad.any():
        raise ReflectkitError(
            f"`date` must hold dates (YYYY-MM-DD); got {column[bad].iloc[0]!r}. Load the data "
            "with reflectkit.load_checkins, which types every column."
        )
    return parsed.astype(DATE_TYPE)
