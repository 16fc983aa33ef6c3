"""Weekly summaries: counts of days with care, not totals or scores."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY
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
    "median_sleep_hours",
    "sleep_midpoint_sd_hours",
    "mean_mood",
    "mean_feeling_access",
    "moments_noticed",
    "days_with_social_contact",
]


def weekly_summary(checkins: pd.DataFrame, *, week_start: str = "MON") -> pd.DataFrame:
    """One row per week (per participant): days with a check-in, with movement, with contact,
    median sleep, sleep regularity (SD of the sleep midpoint, noon-anchored hours), mean
    mood and feeling access, and the number of moments noticed.

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
    by_person = s.PARTICIPANT in frame.columns and frame[s.PARTICIPANT].notna().any()
    week = frame[s.DATE].dt.to_period(WEEK_STARTS[week_start.upper()]).dt.start_time
    moved = frame[s.MOVEMENT_MINUTES].fillna(0) > 0
    care = frame[s.ACTIVITIES]
    moved |= (
        care.str.contains("walk", regex=False) | care.str.contains("stretch", regex=False)
    ).fillna(False)
    has_times = frame[s.BEDTIME].notna().any()
    midpoint = (
        (sleep_midpoint(frame) - 12 * 60) % MINUTES_PER_DAY / 60
        if has_times
        else pd.Series(np.nan, index=frame.index)
    )
    moments = frame[s.MOMENTS].str.count(";").add(1).where(frame[s.MOMENTS].notna(), 0)
    parts = pd.DataFrame(
        {
            "participant": frame[s.PARTICIPANT] if by_person else "",
            "week": week,
            "day": frame[s.DATE],
            "moved": moved.astype(bool),
            "sleep": frame[s.SLEEP_HOURS],
            "midpoint": midpoint,
            "mood": frame[s.MOOD],
            "access": frame[s.FEELING_ACCESS],
            "moments": moments,
            "contact": frame[s.SOCIAL_CONTACT].isin(s.SOCIAL_CONTACT_LEVELS[1:]),
        }
    )
    if parts.duplicated(["participant", "day"]).any():  # several check-ins a day: one row a day
        parts = (
            parts.groupby(["participant", "week", "day"], sort=False, observed=True)
            .agg(
                moved=("moved", "any"),
                sleep=("sleep", "mean"),
                midpoint=("midpoint", "first"),
                mood=("mood", "mean"),
                access=("access", "mean"),
                moments=("moments", "sum"),
                contact=("contact", "any"),
            )
            .reset_index()
        )
    keys = ["participant", "week"] if by_person else ["week"]
    out = parts.groupby(keys, sort=True, observed=True).agg(
        days_with_checkin=("day", "size"),
        days_with_movement=("moved", "sum"),
        median_sleep_hours=("sleep", "median"),
        sleep_midpoint_sd_hours=("midpoint", "std"),
        mean_mood=("mood", "mean"),
        mean_feeling_access=("access", "mean"),
        moments_noticed=("moments", "sum"),
        days_with_social_contact=("contact", "sum"),
    )
    out = out.astype({c: "float64" for c in SUMMARY_COLUMNS}).astype({"days_with_checkin": "int64"})
    return _with_empty_weeks(out, by_person=bool(by_person))


def _with_empty_weeks(weeks: pd.DataFrame, *, by_person: bool) -> pd.DataFrame:
    """Add the weeks without a check-in between each person's first and last week."""
    if weeks.empty:
        return weeks

    def fill(one: pd.DataFrame) -> pd.DataFrame:
        every = pd.date_range(one.index.min(), one.index.max(), freq="7D", name="week")
        if len(every) == len(one):
            return one
        full = one.reindex(every)
        full["days_with_checkin"] = full["days_with_checkin"].fillna(0).astype("int64")
        return full

    if not by_person:
        return fill(weeks)
    parts = {
        person: fill(group.droplevel("participant"))
        for person, group in weeks.groupby(level="participant", sort=True)
    }
    return pd.concat(parts, names=["participant"])
