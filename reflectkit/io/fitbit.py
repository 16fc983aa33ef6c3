"""Import Fitbit daily exports (the Fitabase ``dailyActivity`` and ``sleepDay`` files).

``movement_minutes`` = very + fairly + lightly active minutes; ``sleep_hours`` = minutes
asleep / 60; ``Id`` -> ``participant``. A day with zero steps is a day the tracker was not
worn, so it becomes no entry (a gap), never a day of zero movement. Exact duplicate rows
are dropped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins

ACTIVE_MINUTES = ("VeryActiveMinutes", "FairlyActiveMinutes", "LightlyActiveMinutes")


def import_fitbit(
    daily_activity_csv: str | Path, sleep_day_csv: str | Path | None = None
) -> pd.DataFrame:
    """Read Fitbit daily activity (and, optionally, sleep) into one check-in per person-day."""
    activity = _read(daily_activity_csv, ["Id", "ActivityDate", "TotalSteps", *ACTIVE_MINUTES])
    worn = activity[activity["TotalSteps"] > 0]
    moved = pd.DataFrame(
        {
            s.PARTICIPANT: worn["Id"].astype("str"),
            s.DATE: _dates(worn["ActivityDate"]),
            s.MOVEMENT_MINUTES: worn[list(ACTIVE_MINUTES)].sum(axis=1).astype("float64"),
        }
    )
    frame = moved
    if sleep_day_csv is not None:
        sleep = _read(sleep_day_csv, ["Id", "SleepDay", "TotalMinutesAsleep"])
        slept = pd.DataFrame(
            {
                s.PARTICIPANT: sleep["Id"].astype("str"),
                s.DATE: _dates(sleep["SleepDay"]),
                s.SLEEP_HOURS: sleep["TotalMinutesAsleep"].astype("float64") / 60,
            }
        ).drop_duplicates([s.PARTICIPANT, s.DATE])
        frame = moved.merge(slept, on=[s.PARTICIPANT, s.DATE], how="outer")
    frame = frame.sort_values([s.PARTICIPANT, s.DATE]).reset_index(drop=True)
    checkins, problems = validate_checkins(frame)
    raise_for_problems(problems, source=Path(daily_activity_csv).name)
    return checkins


def _read(path: str | Path, columns: list[str]) -> pd.DataFrame:
    path = Path(path)
    try:
        frame = pd.read_csv(path, encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"No Fitbit export at {path}: check the path.") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ImportFormatError(
            f"{path.name} has no {', '.join(missing)} column, so it is not a Fitbit "
            "dailyActivity / sleepDay export. Pass the dailyActivity file first, sleepDay second."
        )
    return frame.drop_duplicates().reset_index(drop=True)


def _dates(values: pd.Series) -> pd.Series:
    """``4/12/2016`` or ``4/12/2016 12:00:00 AM`` as ``2016-04-12``."""
    day = values.astype("str").str.split(" ").str[0]
    parsed = pd.to_datetime(day, format="%m/%d/%Y", errors="coerce")
    if parsed.isna().any():
        bad = values[parsed.isna()].iloc[0]
        raise ImportFormatError(f"Fitbit dates must look like 4/12/2016, got {bad!r}.")
    return parsed.dt.strftime("%Y-%m-%d")
