"""Weekly summaries: counts of days with care, not totals or scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY
from . import care
from .calendar import CHECKED_IN, daily
from .dates import as_dates
from .sleep import sleep_midpoint

WEEK_STARTS = {
    "MON": "W-SUN",
    "TUE": "W-MON",
    "WED": "W-TUE",
    "THU": "W-WED",
    "FRI": "W-THU",
    "SAT": "W-FRI",
    "SUN": "W-SAT",
}
SUMMARY_COLUMNS = [
    "days_with_checkin",
    "days_with_movement",
    "days_recording_movement",
    "median_sleep_hours",
    "sleep_midpoint_sd_hours",
    "mean_mood",
    "mean_feeling_access",
    "moments_noticed",
    "days_with_social_contact",
    "days_recording_contact",
]


def weekly_summary(checkins: pd.DataFrame, *, week_start: str = "MON") -> pd.DataFrame:
    """One row per week (per participant): days with a check-in; days with movement and
    with contact, and the days on which each was recorded at all (see
    :mod:`reflectkit.trends.care`: an app that never records movement has none, not zero);
    median sleep; the spread of the sleep midpoint (SD of each night's distance to the
    week's circular mean, in hours); mean mood and feeling access; moments noticed.

    Weeks are labelled by their first day. Every week inside a person's span is a row: a
    week without a check-in has 0 days with a check-in and empty (NaN) measures, so an
    average over weeks counts it (weeks of 7, 0, 7 and 7 days average 5.25 days, not 7).
    ``days_with_checkin`` is an integer; the other columns are floats, NaN for such weeks.
    Works on check-ins or on :func:`daily` output.
    """
    if week_start.upper() not in WEEK_STARTS:
        raise ValueError(f"week_start must be one of {', '.join(WEEK_STARTS)}, got {week_start!r}")
    frame = checkins.reset_index() if s.DATE not in checkins.columns else checkins
    if "checked_in" in frame.columns:
        frame = frame[frame["checked_in"]]
    frame = frame.assign(**{s.DATE: as_dates(frame[s.DATE])})
    by_person = s.PARTICIPANT in frame.columns and frame[s.PARTICIPANT].notna().any()
    day_keys = [s.PARTICIPANT, s.DATE] if by_person else [s.DATE]
    if frame.duplicated(day_keys).any():  # several check-ins a day: combined as daily() does
        combined = daily(frame if by_person else frame.assign(**{s.PARTICIPANT: None}))
        frame = combined[combined[CHECKED_IN]].reset_index()
    week = frame[s.DATE].dt.to_period(WEEK_STARTS[week_start.upper()]).dt.start_time
    moved, contact = care.moved(frame), care.contact(frame)
    has_times = frame[s.BEDTIME].notna().any()
    midpoint = sleep_midpoint(frame) if has_times else pd.Series(np.nan, index=frame.index)
    moments = frame[s.MOMENTS].str.count(";").add(1).where(frame[s.MOMENTS].notna(), 0)
    parts = pd.DataFrame(
        {
            "participant": frame[s.PARTICIPANT] if by_person else "",
            "week": week,
            "day": frame[s.DATE],
            "moved": moved.fillna(False).astype(bool),
            "movement_recorded": moved.notna().to_numpy(),
            "sleep": frame[s.SLEEP_HOURS],
            "midpoint": midpoint,
            "mood": frame[s.MOOD],
            "access": frame[s.FEELING_ACCESS],
            "moments": moments,
            "contact": contact.fillna(False).astype(bool),
            "contact_recorded": contact.notna().to_numpy(),
        }
    )
    keys = ["participant", "week"] if by_person else ["week"]
    parts["midpoint"] = _from_circular_mean(parts, keys)
    out = parts.groupby(keys, sort=True, observed=True).agg(
        days_with_checkin=("day", "size"),
        days_with_movement=("moved", "sum"),
        days_recording_movement=("movement_recorded", "sum"),
        median_sleep_hours=("sleep", "median"),
        sleep_midpoint_sd_hours=("midpoint", "std"),
        mean_mood=("mood", "mean"),
        mean_feeling_access=("access", "mean"),
        moments_noticed=("moments", "sum"),
        days_with_social_contact=("contact", "sum"),
        days_recording_contact=("contact_recorded", "sum"),
    )
    out = out.astype({c: "float64" for c in SUMMARY_COLUMNS}).astype({"days_with_checkin": "int64"})
    return _with_empty_weeks(out, by_person=bool(by_person))


def _from_circular_mean(parts: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Each midpoint's distance (hours) to its week's circular mean, the short way round:
    their standard deviation is the week's spread, right for night and day sleepers alike
    (midpoints 13:00 and 11:00 are 2 h apart, not 22)."""
    angle = parts["midpoint"] / MINUTES_PER_DAY * 2 * np.pi
    sin = np.sin(angle).groupby([parts[k] for k in keys], observed=True).transform("mean")
    cos = np.cos(angle).groupby([parts[k] for k in keys], observed=True).transform("mean")
    mean = np.arctan2(sin, cos) / (2 * np.pi) * MINUTES_PER_DAY
    half = MINUTES_PER_DAY / 2
    return ((parts["midpoint"] - mean + half) % MINUTES_PER_DAY - half) / 60


def _with_empty_weeks(weeks: pd.DataFrame, *, by_person: bool) -> pd.DataFrame:
    """Add the weeks without a check-in between each person's first and last week."""
    if weeks.empty:
        return weeks
    if not by_person:
        every = pd.date_range(weeks.index.min(), weeks.index.max(), freq="7D", name="week")
        return weeks if len(every) == len(weeks) else _no_checkin_weeks_zero(weeks.reindex(every))
    people = weeks.index.get_level_values("participant")
    starts = weeks.index.get_level_values("week")
    span = starts.to_series(index=people).groupby(level=0, sort=True).agg(["min", "max"])
    days = (span["max"] - span["min"]).dt.days.to_numpy()
    count = days // 7 + 1
    if count.sum() == len(weeks):
        return weeks
    # every person's weeks at once: each first week, then 0, 1, 2, ... weeks after it
    step = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    first = pd.DatetimeIndex(np.repeat(span["min"].to_numpy(), count))
    every = (first + pd.to_timedelta(step * 7, unit="D")).rename("week")
    index = pd.MultiIndex.from_arrays([span.index.repeat(count).rename("participant"), every])
    return _no_checkin_weeks_zero(weeks.reindex(index))


def _no_checkin_weeks_zero(full: pd.DataFrame) -> pd.DataFrame:
    full["days_with_checkin"] = full["days_with_checkin"].fillna(0).astype("int64")
    return full
