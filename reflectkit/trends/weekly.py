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

    Weeks are labelled by their first day. Works on check-ins or on :func:`daily` output.
    """
    if week_start.upper() not in WEEK_STARTS:
        raise ValueError(f"week_start must be one of {', '.join(WEEK_STARTS)}, got {week_start!r}")
    frame = checkins.reset_index() if s.DATE not in checkins.columns else checkins
    if "checked_in" in frame.columns:
        frame = frame[frame["checked_in"]]
    by_person = s.PARTICIPANT in frame.columns and frame[s.PARTICIPANT].notna().any()
    week = frame[s.DATE].dt.to_period(WEEK_STARTS[week_start.upper()]).dt.start_time
    moved = (frame[s.MOVEMENT_MINUTES] > 0) if s.MOVEMENT_MINUTES in frame else False
    if s.ACTIVITIES in frame:
        moved = moved | frame[s.ACTIVITIES].str.contains(r"\bwalk|stretch", regex=True).fillna(
            False
        )
    midpoint = (
        (sleep_midpoint(frame) - 12 * 60) % MINUTES_PER_DAY / 60
        if s.BEDTIME in frame and frame[s.BEDTIME].notna().any()
        else pd.Series(np.nan, index=frame.index)
    )
    moments = frame[s.MOMENTS].str.count(";").add(1).where(frame[s.MOMENTS].notna(), 0)
    contact = frame[s.SOCIAL_CONTACT].isin(s.SOCIAL_CONTACT_LEVELS[1:])
    parts = pd.DataFrame(
        {
            "day": frame[s.DATE],
            "moved": moved,
            "sleep": frame[s.SLEEP_HOURS],
            "midpoint": midpoint,
            "mood": frame[s.MOOD],
            "access": frame[s.FEELING_ACCESS],
            "moments": moments,
            "contact": contact,
        }
    )
    keys = (
        [frame[s.PARTICIPANT].rename(s.PARTICIPANT), week.rename("week")]
        if by_person
        else [week.rename("week")]
    )
    grouped = parts.groupby(keys, sort=True, observed=True)
    day_level = parts.assign(**{k.name: k for k in keys}).drop_duplicates(
        [*(k.name for k in keys), "day"]
    )
    days = day_level.groupby([k.name for k in keys], sort=True)
    out = pd.DataFrame(
        {
            "days_with_checkin": days["day"].count(),
            "days_with_movement": days["moved"].sum(),
            "median_sleep_hours": grouped["sleep"].median(),
            "sleep_midpoint_sd_hours": grouped["midpoint"].std(),
            "mean_mood": grouped["mood"].mean(),
            "mean_feeling_access": grouped["access"].mean(),
            "moments_noticed": grouped["moments"].sum(),
            "days_with_social_contact": days["contact"].sum(),
        }
    )
    return out.astype(
        {
            "days_with_movement": "int64",
            "moments_noticed": "int64",
            "days_with_social_contact": "int64",
        }
    )
