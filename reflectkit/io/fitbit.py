"""Import Fitbit daily exports (the Fitabase ``dailyActivity`` and ``sleepDay`` files).

``movement_minutes`` = very + fairly + lightly active minutes; ``sleep_hours`` = minutes
asleep / 60; ``Id`` -> ``participant``. A day with zero steps is a day the tracker was not
worn, so it becomes no entry (a gap), never a day of zero movement. Exact duplicate rows
are dropped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins
from ._text import read_rows

ACTIVE_MINUTES = ("VeryActiveMinutes", "FairlyActiveMinutes", "LightlyActiveMinutes")


def import_fitbit(
    daily_activity_csv: str | Path, sleep_day_csv: str | Path | None = None
) -> pd.DataFrame:
    """Read Fitbit daily activity (and, optionally, sleep) into one check-in per person-day."""
    name = Path(daily_activity_csv).name
    activity = _read(
        daily_activity_csv,
        ["Id", "ActivityDate", "TotalSteps", *ACTIVE_MINUTES],
        numbers=["TotalSteps", *ACTIVE_MINUTES],
    )
    worn = activity[activity["TotalSteps"] > 0]
    moved = pd.DataFrame(
        {
            s.PARTICIPANT: worn["Id"].astype("str"),
            s.DATE: _dates(worn, "ActivityDate", name=name),
            s.MOVEMENT_MINUTES: worn[list(ACTIVE_MINUTES)].sum(axis=1).astype("float64"),
        }
    )
    frame = moved
    if sleep_day_csv is not None:
        sleep = _read(
            sleep_day_csv, ["Id", "SleepDay", "TotalMinutesAsleep"], numbers=["TotalMinutesAsleep"]
        )
        slept = pd.DataFrame(
            {
                s.PARTICIPANT: sleep["Id"].astype("str"),
                s.DATE: _dates(sleep, "SleepDay", name=Path(sleep_day_csv).name),
                s.SLEEP_HOURS: sleep["TotalMinutesAsleep"].astype("float64") / 60,
            }
        ).drop_duplicates([s.PARTICIPANT, s.DATE])
        frame = moved.merge(slept, on=[s.PARTICIPANT, s.DATE], how="outer")
    frame = frame.sort_values([s.PARTICIPANT, s.DATE]).reset_index(drop=True)
    checkins, problems = validate_checkins(frame)
    raise_for_problems(problems, source=Path(daily_activity_csv).name)
    return checkins


def _read(path: str | Path, columns: list[str], *, numbers: list[str]) -> pd.DataFrame:
    """The export's rows (exact duplicates dropped), numbers checked, with their line."""
    path = Path(path)
    header, records = read_rows(path, app="Fitbit")
    missing = [c for c in columns if c not in header]
    if missing:
        raise ImportFormatError(
            f"{path.name} has no {', '.join(missing)} column, so it is not a Fitbit "
            "dailyActivity / sleepDay export. Pass the dailyActivity file first, sleepDay second."
        )
    short = next(((line, f) for line, f in records if len(f) < len(header)), None)
    if short is not None:
        raise ImportFormatError(
            f"{path.name} line {short[0]} has {len(short[1])} fields where the header has "
            f"{len(header)}: the file may be cut off or damaged. Export it again."
        )
    frame = pd.DataFrame([f[: len(header)] for _, f in records], columns=header, dtype=object)
    frame["line"] = [line for line, _ in records]
    frame = frame.drop_duplicates(subset=header).reset_index(drop=True)
    for column in numbers:
        values = pd.to_numeric(frame[column].str.strip(), errors="coerce")
        bad = values.isna() | (values < 0)
        if bad.any():
            first = int(np.flatnonzero(bad.to_numpy())[0])
            raise ImportFormatError(
                f"{path.name} line {frame['line'].iloc[first]}: `{column}` must be a number "
                f"of 0 or more, got {frame[column].iloc[first][:60]!r}. Export the file again "
                "from Fitbit, or correct that line."
            )
        frame[column] = values.astype("float64")
    return frame


def _dates(frame: pd.DataFrame, column: str, *, name: str) -> pd.Series:
    """``4/12/2016`` or ``4/12/2016 12:00:00 AM`` as ``2016-04-12``."""
    values = frame[column].astype("str")
    day = values.str.strip().str.split(" ").str[0]
    parsed = pd.to_datetime(day, format="%m/%d/%Y", errors="coerce")
    if parsed.isna().any():
        first = int(np.flatnonzero(parsed.isna().to_numpy())[0])
        raise ImportFormatError(
            f"{name} line {frame['line'].iloc[first]}: `{column}` must be a date like "
            f"4/12/2016 (month/day/year), got {values.iloc[first][:60]!r}."
        )
    return parsed.dt.strftime("%Y-%m-%d")
