"""Made-up histories of every shape the charts must fit, for image tests and the gallery.

Seeded, so the same history (and the same picture) comes out every time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..sample import personal_history
from ..validate import validate_checkins

SHAPES = (
    "five_days",
    "three_weeks_with_gap",
    "six_months",
    "three_years",
    "mood_only_import",
    "very_low_mood",
    "sleep_only",
)


def history(shape: str, *, end: str = "2026-06-30") -> pd.DataFrame:
    """A typed history of one of :data:`SHAPES`, ending on ``end``."""
    rng = np.random.default_rng(SHAPES.index(shape) + 11)
    if shape == "five_days":
        frame = _full(pd.date_range(end=end, periods=5), rng)
    elif shape == "three_weeks_with_gap":
        dates = pd.date_range(end=end, periods=21)
        frame = _full(dates[np.r_[0:8, 14:21]], rng)
    elif shape == "six_months":
        frame = personal_history(
            days=182, start=str(pd.Timestamp(end) - pd.Timedelta(days=181))[:10]
        )
    elif shape == "three_years":
        dates = pd.date_range(end=end, periods=3 * 365)
        keep = rng.random(len(dates)) > 0.15
        keep[400:430] = False  # a month away
        frame = _full(dates[keep], rng)
    elif shape == "mood_only_import":  # what a Daylio export gives: moods and activity tags
        dates = pd.date_range(end=end, periods=61)
        dates = dates[rng.random(len(dates)) > 0.1]
        activities = [
            s.join_tags(
                list(
                    rng.choice(
                        ["friends", "gym", "biking", "work", "reading", "family"],
                        size=rng.integers(0, 3),
                        replace=False,
                    )
                )
            )
            for _ in dates
        ]
        frame = pd.DataFrame(
            {
                s.DATE: dates.strftime("%Y-%m-%d"),
                s.TIME: "21:00",
                s.MOOD: rng.choice(
                    [3.25, 5.5, 7.75, 10.0, 1.0], len(dates), p=[0.2, 0.35, 0.3, 0.1, 0.05]
                ),
                s.ACTIVITIES: activities,
            }
        )
    elif shape == "very_low_mood":
        dates = pd.date_range(end=end, periods=120)
        frame = _full(dates[rng.random(len(dates)) > 0.2], rng)
        frame[s.MOOD] = rng.choice([1.0, 1.0, 2.0, 2.0, 3.0], len(frame))
        frame[s.FEELING_ACCESS] = rng.choice([0.0, 1.0, 1.0, 2.0], len(frame))
    elif shape == "sleep_only":
        dates = pd.date_range(end=end, periods=45)
        beds = [
            f"{(23 * 60 + int(m)) // 60 % 24:02d}:{(23 * 60 + int(m)) % 60:02d}"
            for m in rng.normal(0, 40, len(dates))
        ]
        frame = pd.DataFrame(
            {s.DATE: dates.strftime("%Y-%m-%d"), s.BEDTIME: beds, s.WAKE_TIME: "07:10"}
        )
    else:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {shape!r}")
    typed, problems = validate_checkins(frame)
    if len(problems):
        raise AssertionError(problems)
    return typed


def _full(dates: pd.DatetimeIndex, rng: np.random.Generator) -> pd.DataFrame:
    n = len(dates)
    t = np.linspace(0, 1, n)
    bed = (23 * 60 + 20 + rng.normal(0, 35, n)) % 1440
    hours = np.clip(6.6 + 0.6 * t + rng.normal(0, 0.7, n), 3, 11)
    wake = (bed + hours * 60) % 1440
    clock = lambda m: f"{int(m) // 60:02d}:{int(m) % 60:02d}"  # noqa: E731
    return pd.DataFrame(
        {
            s.DATE: dates.strftime("%Y-%m-%d"),
            s.BEDTIME: [clock(m) for m in bed],
            s.WAKE_TIME: [clock(m) for m in wake],
            s.SLEEP_QUALITY: np.clip(np.round(3 + rng.normal(0, 1, n)), 1, 5),
            s.MEALS: np.clip(np.round(2.5 + rng.normal(0, 0.7, n)), 0, 5),
            s.MOVEMENT_MINUTES: np.where(
                rng.random(n) < 0.5,
                np.round(rng.gamma(2, 15, n)),
                np.where(rng.random(n) < 0.5, 0, np.nan),
            ),
            s.OUTDOORS_MINUTES: np.where(
                rng.random(n) < 0.4, np.round(rng.gamma(2, 20, n)), np.nan
            ),
            s.ACTIVITIES: [
                s.join_tags([a for a in s.SUGGESTED_ACTIVITIES if rng.random() < 0.3])
                for _ in range(n)
            ],
            s.MOOD: np.clip(np.round(5 + 1.5 * t + rng.normal(0, 1.2, n)), 1, 10),
            s.ENERGY: np.clip(np.round(3 + rng.normal(0, 0.8, n)), 1, 5),
            s.FEELING_ACCESS: np.clip(np.round(4 + 2 * t + rng.normal(0, 1.2, n)), 0, 10),
            s.MOMENTS: [
                s.join_tags([m for m in s.SUGGESTED_MOMENTS if rng.random() < 0.2])
                for _ in range(n)
            ],
            s.SOCIAL_CONTACT: rng.choice(s.SOCIAL_CONTACT_LEVELS, n, p=[0.3, 0.4, 0.2, 0.1]),
        }
    )
