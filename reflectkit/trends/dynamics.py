"""Day-to-day change: MSSD and RMSSD, never across a gap.

MSSD is the mean of squared successive differences (von Neumann et al. 1941; for diary and
experience-sampling data, Jahng, Wood & Trull 2008, Psychological Methods 13:354). Here the
successive pairs are consecutive *calendar* days: a day without a value breaks the chain.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ReflectkitError


def mssd(values: pd.Series) -> float:
    """Mean of squared differences between consecutive calendar days.

    Parameters
    ----------
    values
        Indexed by day: dates (``datetime64`` or ``YYYY-MM-DD`` text) or whole day numbers
        (e.g. study days). Several values on one day are averaged first (the day's mean).

    Returns
    -------
    float
        A pair counts only when both days are present: [3, 5, NaN, 4, 6] on five
        consecutive days gives 4.0, and so do [3, 5, 4, 6] on Jan 1, 2, 4 and 5. NaN when
        no two consecutive days have values.

    Raises
    ------
    ReflectkitError
        When the index is neither dates nor day numbers (text that is not a date).
    """
    days = day_numbers(values.index)
    daily = pd.Series(values.to_numpy(dtype=float), index=days).dropna()
    if not len(daily):
        return float("nan")
    daily = daily.groupby(level=0).mean()
    calendar = np.arange(daily.index.min(), daily.index.max() + 1)
    diffs = daily.reindex(calendar).diff()
    squared = diffs.dropna() ** 2
    return float(squared.mean()) if len(squared) else float("nan")


def rmssd(values: pd.Series) -> float:
    """Square root of :func:`mssd` (same units as the values)."""
    return float(np.sqrt(mssd(values)))


def day_numbers(index: pd.Index) -> np.ndarray:
    """Whole day numbers for an index of dates or of day numbers; text must be dates."""
    if isinstance(index, pd.MultiIndex):
        raise ReflectkitError("mssd takes one series indexed by day, not a MultiIndex.")
    if pd.api.types.is_datetime64_any_dtype(index.dtype):
        dates = pd.DatetimeIndex(index)
        if dates.tz is not None:
            dates = dates.tz_localize(None)
        return (dates.normalize().to_numpy().astype("datetime64[D]").astype(np.int64)).astype(
            np.int64
        )
    if pd.api.types.is_integer_dtype(index.dtype):
        return index.to_numpy(dtype=np.int64)
    parsed = pd.to_datetime(pd.Series(index, dtype=object), errors="coerce", format="ISO8601")
    if parsed.isna().any():
        bad = index[np.flatnonzero(parsed.isna().to_numpy())[0]]
        raise ReflectkitError(
            f"The values must be indexed by date or by day number; {bad!r} is neither. "
            "Load the data with reflectkit.load_checkins (or pd.to_datetime the index)."
        )
    return day_numbers(pd.DatetimeIndex(parsed))
