"""Rolling means that carry the line in charts, without bridging long gaps."""

from __future__ import annotations

import pandas as pd

#: window (days) -> fewest days with values before a mean is shown
WINDOWS = {7: 3, 28: 7}
#: the longest run of days without a value that a rolling mean may carry across
SHORT_GAP_DAYS = 2


def rolling_means(
    daily_values: pd.Series,
    *,
    windows: dict[int, int] | None = None,
    short_gap: int = SHORT_GAP_DAYS,
) -> pd.DataFrame:
    """Trailing means over calendar windows, e.g. columns ``7d`` and ``28d``.

    ``daily_values`` is one calendar day per row (see :func:`reflectkit.trends.daily`). A
    mean is shown only when its window holds enough days with values, and never on a day
    inside a run of more than ``short_gap`` days without a value: long gaps break the line.
    """
    windows = WINDOWS if windows is None else windows
    in_long_gap = long_gaps(daily_values, short_gap=short_gap)
    return pd.DataFrame(
        {
            f"{days}d": daily_values.rolling(days, min_periods=least).mean().mask(in_long_gap)
            for days, least in windows.items()
        },
        index=daily_values.index,
    )


def long_gaps(daily_values: pd.Series, *, short_gap: int = SHORT_GAP_DAYS) -> pd.Series:
    """True on days inside a run of more than ``short_gap`` days without a value."""
    missing = daily_values.isna()
    run_id = (missing != missing.shift()).cumsum()
    run_length = missing.groupby(run_id).transform("size")
    return missing & (run_length > short_gap)
