"""Small cohort frames for the research tests."""

import numpy as np
import pandas as pd

from reflectkit.validate import validate_checkins


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    out, problems = validate_checkins(frame)
    assert problems.empty, problems
    return out


def simulate(
    rng, *, people=48, days=35, within=0.5, between=-0.4, tau00=1.0, sigma2=1.0, nights_before=0
) -> pd.DataFrame:
    """Sleep and mood with a known within-person slope (and another between-person one).

    Shaped like the schema: a row's ``sleep_hours`` is the night that ended on the morning of
    its date. With ``nights_before=0`` a day's mood depends on that night (the row's own
    sleep); with 1, on the night before the previous day.
    """
    frames = []
    for i in range(people):
        sleep_mean = rng.normal(7, 0.8)
        sleep = sleep_mean + rng.normal(0, 1, days)
        last = np.r_[[np.nan] * nights_before, sleep[: days - nights_before]]
        mood = (
            5.5
            + between * (sleep_mean - 7)
            + within * (last - sleep_mean)
            + rng.normal(0, np.sqrt(tau00))
            + rng.normal(0, np.sqrt(sigma2), days)
        )
        frames.append(
            pd.DataFrame(
                {
                    "participant": f"p{i:02d}",
                    "date": pd.date_range("2024-01-01", periods=days).strftime("%Y-%m-%d"),
                    "sleep_hours": sleep.clip(0, 24),
                    "mood": mood,
                }
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame = frame[frame["mood"].between(1, 10) | frame["mood"].isna()]
    return typed(frame)
