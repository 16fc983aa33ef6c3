"""Clock times written HH:MM, and sleep duration across midnight.

Duration follows the MCTQ scoring rule ``(wake - bedtime) mod 24 h``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

MINUTES_PER_DAY = 24 * 60
CLOCK_PATTERN = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
# Every clock time as the store writes it: a value in here needs no rewriting.
ZERO_PADDED = pa.array([f"{h:02d}:{m:02d}" for h in range(24) for m in range(60)])


def clock_minutes(values: pd.Series) -> pd.Series:
    """Minutes after midnight of ``HH:MM`` strings (float; NaN where empty or malformed).

    Runs in Arrow's compute kernels: a million times take milliseconds, not seconds. Times
    already written ``HH:MM`` (the store's own, and every time after validation) are found
    by a hash lookup in the 1,440 times of a day, whose position is the minute; only the
    rest go through the regular expression.
    """
    text = _arrow_text(values)
    padded = _padded_minutes(text, values.index)
    if padded is not None:
        return padded
    parts = pc.extract_regex(
        pc.if_else(pc.match_substring_regex(text, rf"^\s*{CLOCK_PATTERN}\s*$"), text, None),
        r"^\s*(?P<h>\d{1,2}):(?P<m>\d{2})",
    )
    hours = pc.cast(pc.struct_field(parts, [0]), pa.float64())
    minutes = pc.cast(pc.struct_field(parts, [1]), pa.float64())
    total = pc.add(pc.multiply(hours, 60.0), minutes)
    return pd.Series(np.asarray(total), index=values.index, dtype="float64")


def padded_minutes(values: pd.Series) -> pd.Series | None:
    """Minutes after midnight when every time is written zero-padded ``HH:MM`` (the store's
    own, and every time after validation); None when any time is written otherwise."""
    return _padded_minutes(_arrow_text(values), values.index)


def _padded_minutes(text: pa.ChunkedArray, index: pd.Index) -> pd.Series | None:
    # a hash lookup in the 1,440 times of a day, whose position is the minute
    found = pc.index_in(text, value_set=ZERO_PADDED)
    if found.null_count != text.null_count:
        return None
    minutes = pc.cast(found, pa.float64())
    return pd.Series(minutes.to_numpy(), index=index, dtype="float64")


def _arrow_text(values: pd.Series) -> pa.ChunkedArray:
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pa.chunked_array(values.array._pa_array)  # type: ignore[attr-defined]
    return pa.chunked_array([pa.array(values.astype("str"), type=pa.string(), from_pandas=True)])


def hours_between(bed_minutes: np.ndarray, wake_minutes: np.ndarray) -> np.ndarray:
    """(wake - bed) mod 24 h in hours, from minutes after midnight; NaN when equal or missing."""
    # on plain arrays, in place: both lie in [0, 1440), so one wrap suffices
    minutes = np.asarray(wake_minutes, dtype="float64") - np.asarray(bed_minutes, dtype="float64")
    minutes[minutes < 0] += MINUTES_PER_DAY
    minutes[minutes == 0] = np.nan
    minutes /= 60
    return minutes


def format_clock(minutes: float) -> str:
    """``HH:MM`` (or ``HH:MM:SS`` when there are seconds) for minutes after midnight."""
    total_seconds = round((minutes % MINUTES_PER_DAY) * 60)
    h, rest = divmod(total_seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" if s else f"{h:02d}:{m:02d}"


def sleep_duration_hours(bedtime: pd.Series, wake_time: pd.Series) -> pd.Series:
    """Hours from bedtime to wake time across midnight; NaN when either is missing.

    Equal times are ambiguous (0 or 24 h) and give NaN here; validation refuses them.
    """
    if not wake_time.index.equals(bedtime.index):  # each night's two times, by label
        wake_time = wake_time.reindex(bedtime.index)
    hours = hours_between(clock_minutes(bedtime).to_numpy(), clock_minutes(wake_time).to_numpy())
    return pd.Series(hours, index=bedtime.index, dtype="float64", copy=False)


def sleep_hours(bedtime: str, wake_time: str) -> float:
    """Hours slept between two clock times, e.g. ``sleep_hours("23:30", "07:15") == 7.75``."""
    if bedtime == wake_time:
        raise ValueError(
            f"bedtime and wake time are both {bedtime}: that could be 0 or 24 hours of sleep; "
            "enter the hours slept instead"
        )
    result = sleep_duration_hours(pd.Series([bedtime]), pd.Series([wake_time])).iloc[0]
    if np.isnan(result):
        raise ValueError(f"clock times must be written HH:MM, got {bedtime!r} and {wake_time!r}")
    return float(result)
