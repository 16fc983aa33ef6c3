"""Import Google Fit's "Daily activity metrics" CSV (Google Takeout > Fit).

Takeout's ``Fit/Daily activity metrics/`` folder holds ``Daily activity metrics.csv``, one
row per day: ``Date,Move Minutes count,Calories (kcal),Distance (m),Heart Points,Heart
Minutes,...,Step count,...`` (column names as public Takeout readers use them; a column
left empty means nothing was measured). The per-day files beside it (``2024-01-05.csv``,
15-minute rows from ``Start time``) are summed to a day the same way.

- ``Move Minutes count`` -> ``movement_minutes``;
- ``Step count`` -> ``steps``, an extra column (the check-ins have no column for steps).

A day with no steps counted (empty or 0) is a day the phone or watch was not carried: it
becomes no entry (a gap), never a day of zero movement, as for Fitbit. Other columns
(calories, distance, heart points, speeds, weight) are not read.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins
from ._text import read_rows

MOVE_MINUTES = "Move Minutes count"
STEP_COUNT = "Step count"
STEPS_COLUMN = "steps"
HINT = "Export it again with Google Takeout (Fit > Daily activity metrics)."
_DAY_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def import_google_fit(path: str | Path) -> pd.DataFrame:
    """Read Google Fit's daily activity metrics into one check-in per day (module docs)."""
    path = Path(path)
    header, records = read_rows(path, app="Google Fit")
    day_column = "Date" if "Date" in header else "Start time" if "Start time" in header else None
    missing = [c for c in (MOVE_MINUTES, STEP_COUNT) if c not in header]
    need = (["Date"] if day_column is None else []) + missing
    if need:
        raise ImportFormatError(
            f"{path.name} does not look like Google Fit's daily activity metrics: it has no "
            f"{', '.join(need)} column. {HINT}"
        )
    short = next(((line, f) for line, f in records if len(f) < len(header)), None)
    if short is not None:
        raise ImportFormatError(
            f"{path.name} line {short[0]} has {len(short[1])} fields where the header has "
            f"{len(header)}: the file may be cut off or damaged. {HINT}"
        )
    table = pd.DataFrame([f[: len(header)] for _, f in records], columns=header, dtype=object)
    lines = np.array([line for line, _ in records])
    if day_column == "Date":
        days = table["Date"].str.strip()
    else:  # a per-day file: its name holds the date, its rows are 15-minute spans
        found = _DAY_FILE.search(path.stem)
        if found is None:
            raise ImportFormatError(
                f"{path.name} has 15-minute rows but no date in its name (such files are named "
                "like 2024-01-05.csv): import 'Daily activity metrics.csv' instead."
            )
        days = pd.Series(found[1], index=table.index)
    parsed = pd.to_datetime(days, format="%Y-%m-%d", errors="coerce")
    if parsed.isna().any():
        first = int(np.flatnonzero(parsed.isna().to_numpy())[0])
        raise ImportFormatError(
            f"{path.name} line {lines[first]}: `{day_column}` must be a date like 2024-01-05, "
            f"got {days.iloc[first][:40]!r}."
        )
    numbers = {
        c: _numbers(table[c], c, lines, source=path.name) for c in (MOVE_MINUTES, STEP_COUNT)
    }
    daily = pd.DataFrame({s.DATE: parsed, **numbers}).groupby(s.DATE).sum(min_count=1).reset_index()
    worn = daily[daily[STEP_COUNT] > 0]
    frame = pd.DataFrame(
        {
            s.DATE: worn[s.DATE].dt.strftime("%Y-%m-%d"),
            s.MOVEMENT_MINUTES: worn[MOVE_MINUTES].astype("float64"),
            STEPS_COLUMN: worn[STEP_COUNT].astype("float64"),
        }
    )
    checkins, problems = validate_checkins(frame.reset_index(drop=True))
    raise_for_problems(problems, source=path.name, hint=HINT)
    return checkins.sort_values(s.DATE).reset_index(drop=True)


def _numbers(column: pd.Series, name: str, lines: np.ndarray, *, source: str) -> pd.Series:
    text = column.fillna("").str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = values.isna() & (text != "") | (values < 0)
    if bad.any():
        first = int(np.flatnonzero(bad.to_numpy())[0])
        raise ImportFormatError(
            f"{source} line {lines[first]}: `{name}` must be a number of 0 or more, got "
            f"{text.iloc[first][:40]!r}. {HINT}"
        )
    return values.astype("float64")
