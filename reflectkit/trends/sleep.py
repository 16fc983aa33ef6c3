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
from .dates import as_dates


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
    """The spread of sleep midpoints in hours: the standard deviation of each midpoint's
    distance to their circular mean, taken the shorter way round the clock.

    [23:30, 00:30] gives 0.71 h, not the 16.26 h of plain clock numbers. (This is not
    Fisher's circular standard deviation, which gives 0.50 h there: the distances are
    ordinary hours a person can picture.)
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
    """Each sleep on one continuous timeline: ``start`` and ``end`` timestamps.

    A row's sleep fields describe the sleep that ended on the morning of its ``date`` (the
    schema's rule), so it ends at ``date + wake_time`` and starts ``(wake - bedtime) mod
    24 h`` earlier, or ``sleep_hours`` earlier when the bedtime is missing. Nothing is cut at
    noon or midnight: a lie-in until 13:00 and a day-sleeper's 09:00-17:00 count whole.
    Times are wall-clock times (as the MCTQ takes them): a night across a clock change
    counts as its clock difference. Every sleep is kept (a nap logged as a second check-in
    too); ``main`` marks the longest of each date, the one timing measures use.
    """
    if s.PARTICIPANT in checkins and checkins[s.PARTICIPANT].nunique() > 1:
        raise ReflectkitError("Sleep timing describes one person: pass one participant's rows.")
    dates = as_dates(checkins[s.DATE])
    wake = clock_minutes(checkins[s.WAKE_TIME])
    length = (wake - clock_minutes(checkins[s.BEDTIME])) % MINUTES_PER_DAY
    length = length.where(length != 0)
    if s.SLEEP_HOURS in checkins:
        length = length.fillna((checkins[s.SLEEP_HOURS] * 60).round())
    end = dates + pd.to_timedelta(wake, unit="min")
    frame = pd.DataFrame(
        {"date": dates, "start": end - pd.to_timedelta(length, unit="min"), "end": end}
    ).dropna()
    frame = frame.drop_duplicates().sort_values(["date", "start"]).reset_index(drop=True)
    longest = (frame["end"] - frame["start"]).groupby(frame["date"]).idxmax()
    frame["main"] = frame.index.isin(longest.to_numpy())
    return frame


def sleep_regularity_index(checkins: pd.DataFrame) -> float:
    """Sleep Regularity Index (Phillips et al. 2017, Scientific Reports 7:3216), -100 to 100.

    The chance of being in the same state (asleep or awake) at two moments 24 h apart,
    rescaled as ``-100 + 200 * agreement``, from minute-level states on one continuous
    timeline of wall-clock minutes (:func:`sleep_periods`). Every recorded sleep (naps too)
    makes its minutes "asleep"; a date's main sleep makes the day after it known, "awake"
    outside sleep, until the next date's main sleep begins, or for 24 h after its bedtime
    when the next date has no record; every other minute is unknown and left out, as are
    pairs with an unknown side. NaN when no pair is known.

    Reference: two nights from 23:00, waking at 06:00 and at 07:00, agree on 1380 of 1440
    minute pairs (95.83 %): SRI 91.67.
    """
    periods = sleep_periods(checkins)
    nights = periods[periods["main"]].reset_index(drop=True)
    if len(nights) < 2:
        return float("nan")
    origin = periods["start"].min().floor("D")

    def minutes(times: pd.Series) -> pd.Series:
        return ((times - origin) / pd.Timedelta(minutes=1)).round().astype(np.int64)

    start = minutes(nights["start"])
    following = nights["date"].shift(-1) == nights["date"] + pd.Timedelta(days=1)
    known_end = np.where(
        following,
        np.maximum(start + MINUTES_PER_DAY, start.shift(-1, fill_value=0)),
        start + MINUTES_PER_DAY,
    )
    all_start, all_end = minutes(periods["start"]), minutes(periods["end"])
    span = int(max(known_end.max(), all_end.max())) + 1
    asleep = _covered(span, all_start.to_numpy(), all_end.to_numpy())  # naps are sleep too
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
    midpoints = main_midpoints(checkins)
    if len(midpoints) < 2:
        return float("nan")
    calendar = pd.date_range(midpoints.index.min(), midpoints.index.max(), freq="D")
    steps = midpoints.reindex(calendar).diff().dropna()
    if not len(steps):
        return float("nan")
    shortest = (steps + MINUTES_PER_DAY / 2) % MINUTES_PER_DAY - MINUTES_PER_DAY / 2
    return float(shortest.abs().mean() / 60)


def main_midpoints(checkins: pd.DataFrame) -> pd.Series:
    """Minutes after midnight halfway through each date's main (longest) sleep, by date."""
    periods = sleep_periods(checkins)
    main = periods[periods["main"]]
    middle = main["start"] + (main["end"] - main["start"]) / 2
    minutes = (middle - middle.dt.normalize()) / pd.Timedelta(minutes=1)
    return pd.Series(minutes.to_numpy(), index=pd.DatetimeIndex(main["date"]), name="midpoint")


FREE_DAYS = ("Sat", "Sun")
#: Fewest nights of each kind (before free days, before work days) for social jetlag.
MIN_JETLAG_NIGHTS = 2
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def social_jetlag(
    checkins: pd.DataFrame,
    *,
    free_days: tuple[str, ...] | str = FREE_DAYS,
    relative: bool = False,
) -> float:
    """Social jetlag in hours: |midpoint on free days - midpoint on work days| (MCTQ).

    As in the Munich ChronoType Questionnaire (Wittmann et al. 2006, Chronobiology
    International 23:497; Roenneberg et al. 2012), sleep "on free days" is sleep *before* a
    free day. A row's night ended on the morning of its ``date``, so the rows dated on a free
    day hold exactly those nights (with Saturday and Sunday free: Friday's and Saturday's
    nights). Each group's midpoint is the circular mean of its main sleeps' midpoints, so
    23:30 and 00:30 average to 00:00, never 12:00.

    Parameters
    ----------
    free_days
        Weekday names (``"Sat"``, ``"Sun"``, ...) of the free days, or the name of a column
        of True/False flags saying which dates were free.
    relative
        Return the signed difference (free minus work, MCTQ's SJLrel): positive when sleep
        before free days is later.

    Returns
    -------
    float
        Hours, the shorter way round the clock (04:30 vs 23:30 is 5.0 h, not 19 h); NaN
        unless each kind of day has at least two nights with times.
    """
    midpoints = main_midpoints(checkins)
    free = _free_dates(checkins, free_days).reindex(midpoints.index, fill_value=False)
    on_free, on_work = midpoints[free.to_numpy()], midpoints[~free.to_numpy()]
    if len(on_free) < MIN_JETLAG_NIGHTS or len(on_work) < MIN_JETLAG_NIGHTS:
        return float("nan")
    gap = clock_gap_hours(circular_mean(on_free), circular_mean(on_work))
    if not relative:
        return gap
    later = (
        circular_mean(on_free) - circular_mean(on_work)
    ) % MINUTES_PER_DAY < MINUTES_PER_DAY / 2
    return gap if later else -gap


def _free_dates(checkins: pd.DataFrame, free_days: tuple[str, ...] | str) -> pd.Series:
    """True for each free date, indexed by date."""
    dates = as_dates(checkins[s.DATE])
    if isinstance(free_days, str) and free_days in _WEEKDAYS:
        free_days = (free_days,)
    if isinstance(free_days, str):
        if free_days not in checkins:
            raise ReflectkitError(
                f"free_days is neither weekday names ({', '.join(_WEEKDAYS)}) nor a column of "
                f"the check-ins: {free_days!r}."
            )
        flags = checkins[free_days]
        if flags.dtype == object or isinstance(flags.dtype, pd.StringDtype):
            words = flags.astype("str").str.strip().str.lower()
            flags = words.map(
                {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
            )
        free = flags.fillna(False).astype(bool).to_numpy()
    else:
        unknown = [d for d in free_days if d not in _WEEKDAYS]
        if unknown:
            raise ReflectkitError(
                f"free_days takes weekday names ({', '.join(_WEEKDAYS)}), got {unknown}."
            )
        free = dates.dt.day_of_week.isin([_WEEKDAYS.index(d) for d in free_days]).to_numpy()
    return pd.Series(free, index=pd.DatetimeIndex(dates)).groupby(level=0).any()


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
