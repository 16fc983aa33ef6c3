"""Days, weeks or months: the resolution that fits the length of a history.

A few weeks read best day by day; a few months as weekly means; years as monthly means, so
that neither five days nor three years turn into a wall of marks.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

Resolution = Literal["day", "week", "month"]
#: Longest history (days) shown day by day, and week by week.
DAILY_UP_TO = 91
WEEKLY_UP_TO = 730


def resolution_for(dates: pd.Index) -> Resolution:
    """``"day"`` up to 13 weeks of history, ``"week"`` up to two years, else ``"month"``."""
    if len(dates) == 0:
        return "day"
    span = (pd.Timestamp(dates.max()) - pd.Timestamp(dates.min())).days + 1
    return "day" if span <= DAILY_UP_TO else "week" if span <= WEEKLY_UP_TO else "month"


def period_starts(dates: pd.DatetimeIndex, resolution: Resolution) -> pd.DatetimeIndex:
    """The first day of each date's period (weeks start on Monday)."""
    if resolution == "day":
        return dates
    freq = "W-SUN" if resolution == "week" else "M"
    return dates.to_period(freq).start_time.as_unit("ns")


def period_length(resolution: Resolution) -> pd.Timedelta:
    """A typical period's length, for bar widths and axis ends."""
    return pd.Timedelta(days={"day": 1, "week": 7, "month": 30}[resolution])


def period_means(values: pd.Series, resolution: Resolution) -> pd.Series:
    """Means of daily values per period; a period without any value stays NaN (a gap)."""
    if resolution == "day":
        return values
    starts = period_starts(pd.DatetimeIndex(values.index), resolution)
    means = values.groupby(starts).mean()
    return means.reindex(_all_periods(starts, resolution))


def period_days(flags: pd.Series, resolution: Resolution) -> pd.DataFrame:
    """Per period: ``recorded`` (days with an answer) and ``yes`` (days answering True).

    ``flags`` is True / False / NA per day (see :mod:`reflectkit.trends.care`).
    """
    starts = period_starts(pd.DatetimeIndex(flags.index), resolution)
    frame = pd.DataFrame(
        {"recorded": flags.notna().to_numpy(), "yes": flags.fillna(False).astype(bool).to_numpy()},
        index=starts,
    )
    counts = frame.groupby(level=0).sum()
    return counts.reindex(_all_periods(starts, resolution), fill_value=0)


def _all_periods(starts: pd.DatetimeIndex, resolution: Resolution) -> pd.DatetimeIndex:
    if len(starts) == 0:
        return starts
    freq = "7D" if resolution == "week" else "MS" if resolution == "month" else "D"
    return pd.date_range(starts.min(), starts.max(), freq=freq)
