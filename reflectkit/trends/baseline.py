"""The person's own baseline, and change against it with honest uncertainty.

Baseline: the 28 days before the period being described (at least 7 days with values).
"Normal variation" is the baseline's own day-to-day spread. A change is called different
from usual only when both hold: the 95 % interval of the difference excludes zero, and the
difference is larger than half the baseline's day-to-day standard deviation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

BASELINE_DAYS = 28
MIN_BASELINE_DAYS = 7


def baseline_band(daily_values: pd.Series, *, days: int = BASELINE_DAYS) -> pd.DataFrame:
    """For each day, the mean and spread of the ``days`` days before it.

    Returns columns ``mean``, ``low`` and ``high`` (mean -/+ one standard deviation: the
    person's usual range), NaN until ``MIN_BASELINE_DAYS`` days with values exist, and NaN
    inside a gap of more than two days without a value: the band ends where the data ends.
    """
    from .rolling import long_gaps

    prior = daily_values.shift(1).rolling(days, min_periods=MIN_BASELINE_DAYS)
    mean, sd = prior.mean(), prior.std()
    band = pd.DataFrame(
        {"mean": mean, "low": mean - sd, "high": mean + sd}, index=daily_values.index
    )
    return band.mask(long_gaps(daily_values), axis=0)


@dataclass(frozen=True)
class BaselineChange:
    """The recent period against the baseline before it."""

    recent_mean: float
    baseline_mean: float
    difference: float
    low: float  # 95 % interval of the difference
    high: float
    recent_days: int
    baseline_days: int
    baseline_sd: float  # the usual day-to-day spread
    different: bool

    @property
    def words(self) -> str:
        """Plain, neutral words: 'about the same as your usual', 'a little higher ...'."""
        if np.isnan(self.difference):
            return "not enough days yet to compare with your usual"
        if not self.different:
            return "about the same as your usual"
        size = "a little" if abs(self.difference) < self.baseline_sd else "noticeably"
        direction = "higher" if self.difference > 0 else "lower"
        return f"{size} {direction} than your usual"


def compare_to_baseline(
    daily_values: pd.Series, *, recent_days: int = 7, baseline_days: int = BASELINE_DAYS
) -> BaselineChange:
    """Compare the last ``recent_days`` calendar days with the ``baseline_days`` before them."""
    values = daily_values.sort_index()
    if isinstance(values.index, pd.DatetimeIndex) and len(values):
        end = values.index.max()
        recent = values[values.index > end - pd.Timedelta(days=recent_days)].dropna()
        start = end - pd.Timedelta(days=recent_days + baseline_days)
        base = values[
            (values.index > start) & (values.index <= end - pd.Timedelta(days=recent_days))
        ]
        base = base.dropna()
    else:
        recent, base = values.iloc[-recent_days:].dropna(), values.iloc[:-recent_days].dropna()
    if len(recent) < 2 or len(base) < MIN_BASELINE_DAYS:
        nan = float("nan")
        return BaselineChange(nan, nan, nan, nan, nan, len(recent), len(base), nan, False)
    diff = recent.mean() - base.mean()
    se = np.sqrt(recent.var(ddof=1) / len(recent) + base.var(ddof=1) / len(base))
    low, high = diff - 1.96 * se, diff + 1.96 * se
    spread = float(base.std(ddof=1))
    different = bool((low > 0 or high < 0) and abs(diff) > 0.5 * spread)
    return BaselineChange(
        recent_mean=float(recent.mean()),
        baseline_mean=float(base.mean()),
        difference=float(diff),
        low=float(low),
        high=float(high),
        recent_days=len(recent),
        baseline_days=len(base),
        baseline_sd=spread,
        different=different,
    )
