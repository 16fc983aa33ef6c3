"""Day-to-day change: MSSD and RMSSD, never across a gap."""

from __future__ import annotations

import numpy as np
import pandas as pd


def mssd(values: pd.Series) -> float:
    """Mean of squared differences between consecutive calendar days.

    ``values`` is indexed by date (a daily calendar, or dates with gaps). A pair counts only
    when both days are present: [3, 5, NaN, 4, 6] gives 4.0, not a value bridging the gap.
    """
    series = values.dropna()
    if not isinstance(series.index, pd.DatetimeIndex):
        series = values  # already consecutive positions, NaN marking gaps
        diffs = series.diff()
    else:
        series = series.sort_index()
        if not len(series):
            return float("nan")
        calendar = pd.date_range(series.index.min(), series.index.max(), freq="D")
        diffs = series.reindex(calendar).diff()
    squared = diffs.dropna() ** 2
    return float(squared.mean()) if len(squared) else float("nan")


def rmssd(values: pd.Series) -> float:
    """Square root of :func:`mssd`."""
    return float(np.sqrt(mssd(values)))
