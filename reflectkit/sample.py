"""Seeded sample data: a personal history and a pseudonymous research cohort.

The personal history runs about 180 days. Sleep becomes more regular, movement days and
moments noticed slowly grow, with realistic noise, a few dips, single missing days and two
multi-day gaps. The cohort has 40+ participants over 56 days with varying compliance.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as s
from .io.csvfile import table_csv
from .io.private import write_output

PERSONAL_FILE = "checkins.csv"
COHORT_FILE = "cohort.csv"


def personal_history(*, days: int = 180, start: str = "2026-01-05", seed: int = 7) -> pd.DataFrame:
    """A made-up person's check-ins, slowly finding their way back (all values plausible)."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, periods=days, freq="D")
    progress = np.linspace(0, 1, days)
    dip = np.exp(-((np.arange(days) - days * 0.55) ** 2) / 60)  # a harder stretch midway
    keep = rng.random(days) > 0.06
    for gap_start, gap_len in ((int(days * 0.3), 5), (int(days * 0.72), 8)):
        keep[gap_start : gap_start + gap_len] = False

    bed_spread = 75 - 55 * progress  # minutes: bedtimes settle
    bed = (23 * 60 + 40 + rng.normal(0, 1, days) * bed_spread) % 1440
    sleep = np.clip(6.2 + 1.2 * progress + rng.normal(0, 0.7, days) - 0.8 * dip, 3, 11)
    wake = (bed + sleep * 60) % 1440
    moving = rng.random(days) < 0.25 + 0.5 * progress - 0.2 * dip
    movement = np.where(moving, rng.gamma(2.0, 12 + 10 * progress), np.nan)
    outdoors = np.where(rng.random(days) < 0.3 + 0.4 * progress, rng.gamma(2.0, 15), np.nan)
    mood = np.clip(np.round(4 + 2.2 * progress - 1.5 * dip + rng.normal(0, 1.0, days)), 1, 10)
    access = np.clip(np.round(2 + 4 * progress - 1.5 * dip + rng.normal(0, 1.2, days)), 0, 10)
    energy = np.clip(np.round(2 + 1.5 * progress + rng.normal(0, 0.7, days)), 1, 5)
    quality = np.clip(np.round(2.3 + 1.5 * progress + rng.normal(0, 0.8, days)), 1, 5)
    meals = np.clip(np.round(2 + progress + rng.normal(0, 0.5, days)), 0, 5)
    social = rng.choice(s.SOCIAL_CONTACT_LEVELS, days, p=[0.35, 0.35, 0.2, 0.1])

    def tags(choices: tuple[str, ...], rate: np.ndarray) -> list[str | None]:
        return [
            s.join_tags([c for c in choices if rng.random() < r]) for r in np.clip(rate, 0, 0.9)
        ]

    frame = pd.DataFrame(
        {
            s.DATE: dates.strftime("%Y-%m-%d"),
            s.BEDTIME: [f"{int(m // 60):02d}:{int(m % 60):02d}" for m in bed],
            s.WAKE_TIME: [f"{int(m // 60):02d}:{int(m % 60):02d}" for m in wake],
            s.SLEEP_QUALITY: quality,
            s.MEALS: meals,
            s.MOVEMENT_MINUTES: np.round(movement),
            s.OUTDOORS_MINUTES: np.round(outdoors),
            s.ACTIVITIES: tags(s.SUGGESTED_ACTIVITIES, 0.15 + 0.4 * progress),
            s.MOOD: mood,
            s.ENERGY: energy,
            s.FEELING_ACCESS: access,
            s.MOMENTS: tags(s.SUGGESTED_MOMENTS, 0.05 + 0.3 * progress - 0.05 * dip),
            s.SOCIAL_CONTACT: social,
        }
    )
    # Not every field every day: a check-in with one field filled is a good check-in.
    for column in (s.BEDTIME, s.SLEEP_QUALITY, s.MEALS, s.ENERGY, s.FEELING_ACCESS):
        frame.loc[rng.random(days) < 0.08, column] = None
    frame.loc[frame[s.BEDTIME].isna(), s.WAKE_TIME] = None
    return frame[keep].reset_index(drop=True)


def cohort(
    *, participants: int = 42, days: int = 56, start: str = "2026-02-02", seed: int = 11
) -> pd.DataFrame:
    """A pseudonymous study cohort: one row per completed daily check-in.

    Each person has their own level of sleep and mood; within a person a shorter night goes
    with a lower mood on the day after it (slope 0.5 per hour), so the research notebooks have
    something to find. As the schema says, a row's ``sleep_hours`` is the night that ended on
    the morning of its date, so that mood depends on the same row's sleep. Compliance varies
    from about 45 % to 100 %.
    """
    rng = np.random.default_rng(seed)
    frames = []
    for i in range(participants):
        compliance = rng.uniform(0.45, 1.0)
        sleep_mean, mood_mean = rng.normal(7.1, 0.6), rng.normal(6, 1.0)
        sleep = np.clip(sleep_mean + rng.normal(0, 1.0, days), 3, 11)
        last_night = sleep - sleep_mean  # the row's own night: the one before this day
        mood = np.clip(mood_mean + 0.5 * last_night + rng.normal(0, 0.8, days), 1, 10)
        movement = np.clip(rng.gamma(2, 15 + 10 * rng.random(), days), 0, 300)
        frames.append(
            pd.DataFrame(
                {
                    s.PARTICIPANT: f"P{i + 1:03d}",
                    s.DATE: pd.date_range(start, periods=days).strftime("%Y-%m-%d"),
                    s.SLEEP_HOURS: np.round(sleep, 2),
                    s.MOVEMENT_MINUTES: np.round(movement),
                    s.MOOD: np.round(mood, 1),
                    s.ENERGY: np.clip(np.round(rng.normal(3, 0.8, days)), 1, 5),
                    s.FEELING_ACCESS: np.clip(np.round(rng.normal(5, 2, days)), 0, 10),
                    s.SOCIAL_CONTACT: rng.choice(s.SOCIAL_CONTACT_LEVELS, days),
                }
            )[rng.random(days) < compliance]
        )
    return pd.concat(frames, ignore_index=True)


def write_csv(
    frame: pd.DataFrame, path: Path, *, columns: list[str] | None = None, force: bool = False
) -> Path:
    """Write made-up check-ins in reflectkit's CSV form (every schema column, by default)."""
    columns = list(s.COLUMNS) if columns is None else columns
    return write_output(path, table_csv(frame, columns=columns), force=force, private=False)


def write_sample_data(folder: str | Path, *, force: bool = False) -> list[Path]:
    """Write ``checkins.csv`` and ``cohort.csv`` into ``folder``; return their paths.

    Existing files are replaced only with ``force``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_csv(personal_history(), folder / PERSONAL_FILE, force=force),
        write_csv(cohort(), folder / COHORT_FILE, force=force),
    ]
