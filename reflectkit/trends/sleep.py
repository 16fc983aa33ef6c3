"""Sleep timing: midpoint, its variability and night-to-night change, the Sleep Regularity
Index, social jetlag.

A row's sleep fields describe the night that ended on the morning of its ``date``. Clock
arithmetic is done in minutes after midnight, modulo 24 h; means and spreads are taken
around the circle, so nights either side of midnight are close together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY, clock_minutes
from ..errors import ReflectkitError


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


def sleep_periods(checkins: pd.DataFrame) -> pd.DataFrame:
    """Each night on an absolute timeline: ``start`` and ``end`` timestamps, one row a date.

    A row's sleep fields describe the night that ended on the morning of its ``date`` (the
    schema's rule), so a night ends at ``date + wake_time`` and starts ``(wake - bedtime) mod
    24 h`` earlier, or ``sleep_hours`` earlier when the bedtime is missing. Nothing is cut at
    noon or midnight: a lie-in until 13:00 and a day-sleeper's 09:00-17:00 count whole.
    """
    if s.PARTICIPANT in checkins and checkins[s.PARTICIPANT].nunique() > 1:
        raise ReflectkitError("Sleep timing describes one person: pass one participant's rows.")
    dates = _dates(checkins[s.DATE])
    wake = clock_minutes(checkins[s.WAKE_TIME])
    length = (wake - clock_minutes(checkins[s.BEDTIME])) % MINUTES_PER_DAY
    length = length.where(length != 0)
    if s.SLEEP_HOURS in checkins:
        length = length.fillna((checkins[s.SLEEP_HOURS] * 60).round())
    end = dates + pd.to_timedelta(wake, unit="min")
    frame = pd.DataFrame(
        {"date": dates, "start": end - pd.to_timedelta(length, unit="min"), "end": end}
    ).dropna()
    return frame.drop_duplicates("date", keep="last").sort_values("date").reset_index(drop=True)


def sleep_regularity_index(checkins: pd.DataFrame) -> float:
    """Sleep Regularity Index (Phillips et al. 2017, Scientific Reports 7:3216), -100 to 100.

    The chance of being in the same state (asleep or awake) at two moments 24 h apart,
    rescaled as ``-100 + 200 * agreement``, from minute-level states on an absolute timeline
    (:func:`sleep_periods`). A recorded night makes its minutes "asleep" and the following
    day "awake" until the next recorded night begins, or for 24 h after its bedtime when the
    next date has no record; every other minute is unknown and left out, as are pairs with
    an unknown side. NaN when no pair is known.

    Reference: two nights from 23:00, waking at 06:00 and at 07:00, agree on 1380 of 1440
    minute pairs (95.83 %): SRI 91.67.
    """
    nights = sleep_periods(checkins)
    if len(nights) < 2:
        return float("nan")
    origin = nights["start"].min().floor("D")
    start = ((nights["start"] - origin) / pd.Timedelta(minutes=1)).round().astype(np.int64)
    end = ((nights["end"] - origin) / pd.Timedelta(minutes=1)).round().astype(np.int64)
    following = nights["date"].shift(-1) == nights["date"] + pd.Timedelta(days=1)
    known_end = np.where(
        following,
        np.maximum(start + MINUTES_PER_DAY, start.shift(-1, fill_value=0)),
        start + MINUTES_PER_DAY,
    )
    span = int(max(known_end.max(), end.max())) + 1
    asleep = _covered(span, start.to_numpy(), end.to_numpy())
    known = _covered(span, start.to_numpy(), known_end) | asleep
    pairs = known[:-MINUTES_PER_DAY] & known[MINUTES_PER_DAY:]
    if not pairs.any():
        return float("nan")
    same = asleep[:-MINUTES_PER_DAY] == asleep[MINUTES_PER_DAY:]
    return float(-100 + 200 * same[pairs].mean())


def _covered(span: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Minutes inside any of the intervals [start, end)."""
    steps = np.zeros(span + 1, dtype=np.int64)
    np.add.at(steps, starts, 1)
    np.add.at(steps, ends, -1)
    return np.cumsum(steps)[:span] > 0


def midpoint_change(checkins: pd.DataFrame) -> float:
    """How far the middle of sleep moved from one night to the next, in hours.

    The mean absolute difference between the sleep midpoints of consecutive calendar nights,
    the shorter way round the clock; a night without times breaks the chain. A steady
    10-minute drift gives 0.17 h; nights alternating one hour earlier and later give 2 h.
    (:func:`midpoint_variability` is the spread around the usual midpoint instead.)
    """
    dates = _dates(checkins[s.DATE])
    midpoints = pd.Series(sleep_midpoint(checkins).to_numpy(), index=dates).dropna()
    if len(midpoints) < 2:
        return float("nan")
    midpoints = midpoints[~midpoints.index.duplicated(keep="last")].sort_index()
    calendar = pd.date_range(midpoints.index.min(), midpoints.index.max(), freq="D")
    steps = midpoints.reindex(calendar).diff().dropna()
    if not len(steps):
        return float("nan")
    shortest = (steps + MINUTES_PER_DAY / 2) % MINUTES_PER_DAY - MINUTES_PER_DAY / 2
    return float(shortest.abs().mean() / 60)


FREE_DAYS = ("Sat", "Sun")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def social_jetlag(checkins: pd.DataFrame, *, free_days: tuple[str, ...] | str = FREE_DAYS) -> float:
    """Social jetlag in hours: |midpoint on free days - midpoint on work days| (MCTQ).

    As in the Munich ChronoType Questionnaire (Wittmann et al. 2006, Chronobiology
    International 23:497; Roenneberg et al. 2012), sleep "on free days" is sleep *before* a
    free day. A row's night ended on the morning of its ``date``, so the rows dated on a free
    day hold exactly those nights (with Saturday and Sunday free: Friday's and Saturday's
    nights). Each group's midpoint is their circular mean, so 23:30 and 00:30 average to
    00:00, never 12:00.

    Parameters
    ----------
    free_days
        Weekday names (``"Sat"``, ``"Sun"``, ...) of the free days, or the name of a column
        of True/False flags saying which dates were free.

    Returns
    -------
    float
        Hours, the shorter way round the clock (04:30 vs 23:30 is 5.0 h, not 19 h); NaN
        unless both kinds of day have a night with times.
    """
    dates = _dates(checkins[s.DATE])
    if isinstance(free_days, str):
        free = checkins[free_days].fillna(False).astype(bool).to_numpy()
    else:
        unknown = [d for d in free_days if d not in _WEEKDAYS]
        if unknown:
            raise ReflectkitError(
                f"free_days takes weekday names ({', '.join(_WEEKDAYS)}), got {unknown}."
            )
        free = dates.dt.day_of_week.isin([_WEEKDAYS.index(d) for d in free_days]).to_numpy()
    midpoints = sleep_midpoint(checkins).to_numpy()
    on_free, on_work = circular_mean(midpoints[free]), circular_mean(midpoints[~free])
    return clock_gap_hours(on_free, on_work)


def circular_mean(minutes: np.ndarray | pd.Series) -> float:
    """The mean clock time of ``minutes`` after midnight, around the circle (NaN when empty)."""
    values = np.asarray(minutes, dtype=float)
    values = values[~np.isnan(values)]
    if not len(values):
        return float("nan")
    angles = values / MINUTES_PER_DAY * 2 * np.pi
    mean = np.arctan2(np.sin(angles).mean(), np.cos(angles).mean())
    return float(mean / (2 * np.pi) * MINUTES_PER_DAY % MINUTES_PER_DAY)


def clock_gap_hours(first: float, second: float) -> float:
    """Hours between two clock times (minutes after midnight), the shorter way round."""
    gap = abs(first - second) % MINUTES_PER_DAY
    return float(min(gap, MINUTES_PER_DAY - gap) / 60)


def _dates(column: pd.Series) -> pd.Series:
    """Dates as ``datetime64``; text must be dates (a silent misread would give wrong numbers)."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        values = column.dt.tz_localize(None) if getattr(column.dt, "tz", None) else column
        return values.dt.normalize()
    parsed = pd.to_datetime(column, errors="coerce", format="ISO8601")
    bad = parsed.isna() & column.notna()
    if bad.any():
        raise ReflectkitError(
            f"`date` must hold dates (YYYY-MM-DD); got {column[bad].iloc[0]!r}. Load the data "
            "with reflectkit.load_checkins, which types every column."
        )
    return parsed.dt.normalize()
