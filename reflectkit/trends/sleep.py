"""Sleep timing: midpoint, its variability, the Sleep Regularity Index, social jetlag.

Clock arithmetic is done in minutes after midnight, always modulo 24 h, and variability is
measured around the circular mean, so nights either side of midnight are close together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY, clock_minutes

NOON = 12 * 60


def sleep_midpoint(checkins: pd.DataFrame) -> pd.Series:
    """Minutes after midnight halfway through each night: bedtime + duration / 2 (mod 24 h).

    Needs the bedtime; the duration comes from the wake time, or from ``sleep_hours`` when
    the wake time is missing. NaN otherwise.
    """
    bed = clock_minutes(checkins[s.BEDTIME])
    minutes = (clock_minutes(checkins[s.WAKE_TIME]) - bed) % MINUTES_PER_DAY
    hours = (minutes / 60).where(minutes != 0)  # equal times are ambiguous: no duration
    hours = hours.fillna(checkins[s.SLEEP_HOURS]) if s.SLEEP_HOURS in checkins else hours
    return ((bed + hours * 60 / 2) % MINUTES_PER_DAY).rename("sleep_midpoint")


def midpoint_variability(midpoints: pd.Series) -> float:
    """Standard deviation of sleep midpoints in hours, on a circular clock.

    Each midpoint's distance to the circular mean is taken the shorter way round the clock,
    so [23:30, 00:30] gives 0.71 h, not the 16.26 h of plain clock numbers.
    """
    minutes = midpoints.dropna().to_numpy(dtype=float)
    if len(minutes) < 2:
        return float("nan")
    angles = minutes / MINUTES_PER_DAY * 2 * np.pi
    mean_angle = np.arctan2(np.sin(angles).mean(), np.cos(angles).mean())
    mean_minutes = mean_angle / (2 * np.pi) * MINUTES_PER_DAY
    deviation = (
        minutes - mean_minutes + MINUTES_PER_DAY / 2
    ) % MINUTES_PER_DAY - MINUTES_PER_DAY / 2
    return float(np.std(deviation / 60, ddof=1))


def sleep_regularity_index(checkins: pd.DataFrame) -> float:
    """Sleep Regularity Index (Phillips et al. 2017), from -100 to 100.

    The chance of being in the same state (asleep or awake) at two moments 24 h apart,
    rescaled as ``-100 + 200 * agreement``. Each check-in's night is a minute-level vector
    from noon the day before to noon on its date; minutes of days without times are unknown
    and left out. Needs at least two consecutive days with bedtime and wake time.
    """
    frame = checkins[[s.DATE, s.BEDTIME, s.WAKE_TIME]].dropna().drop_duplicates(s.DATE)
    if len(frame) < 2:
        return float("nan")
    frame = frame.set_index(s.DATE).sort_index()
    days = pd.date_range(frame.index.min(), frame.index.max(), freq="D")
    bed = clock_minutes(frame[s.BEDTIME]).reindex(days).to_numpy()
    wake = clock_minutes(frame[s.WAKE_TIME]).reindex(days).to_numpy()
    known = ~np.isnan(bed) & ~np.isnan(wake)
    start = np.where(known, (bed - NOON) % MINUTES_PER_DAY, 0).astype(int)[:, None]
    end = np.where(known, (wake - NOON) % MINUTES_PER_DAY, 0).astype(int)[:, None]
    minute = np.arange(MINUTES_PER_DAY)[None, :]
    asleep = (minute >= start) & (minute < np.where(end > start, end, MINUTES_PER_DAY))
    pairs = known[:-1] & known[1:]
    if not pairs.any():
        return float("nan")
    agreement = (asleep[:-1][pairs] == asleep[1:][pairs]).mean()
    return float(-100 + 200 * agreement)


def social_jetlag(free_day_midpoint: float, work_day_midpoint: float) -> float:
    """Hours between midpoints on free and work days, the shorter way round the clock."""
    gap = abs(free_day_midpoint - work_day_midpoint) % MINUTES_PER_DAY
    return float(min(gap, MINUTES_PER_DAY - gap) / 60)
