"""Load a research cohort: one CSV, a folder of per-participant CSVs, or Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import CheckinValidationError
from ..io.load import load_checkins
from ..validate import PROBLEM_COLUMNS, raise_for_problems, validate_checkins


def load_cohort(path: str | Path, *, skip_invalid: bool = False) -> pd.DataFrame:
    """Check-ins of many participants, validated with the check-in schema.

    ``path`` is a CSV, a folder of CSVs (one per participant, or any split), a Parquet file
    or a folder of (partitioned) Parquet. A ``participant`` on every row is required.
    """
    path = Path(path)
    if (path.is_dir() and any(path.rglob("*.parquet"))) or path.suffix == ".parquet":
        frame = _validated(pd.read_parquet(path), source=path.name, skip_invalid=skip_invalid)
    elif path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise FileNotFoundError(f"{path} holds no .csv or .parquet files: check the folder.")
        frame = pd.concat(
            [load_checkins(f, skip_invalid=skip_invalid) for f in files], ignore_index=True
        )
    else:
        frame = load_checkins(path, skip_invalid=skip_invalid)
    missing = frame[s.PARTICIPANT].isna()
    if len(frame) == 0 or missing.any():
        rows = [
            [
                None,
                s.PARTICIPANT,
                None,
                f"is required in cohort data: {int(missing.sum())} rows "
                "have none (every row needs the participant's code)",
            ]
        ]
        raise CheckinValidationError(pd.DataFrame(rows, columns=PROBLEM_COLUMNS), source=path.name)
    return frame.sort_values([s.PARTICIPANT, s.DATE], kind="stable").reset_index(drop=True)


def _validated(raw: pd.DataFrame, *, source: str, skip_invalid: bool) -> pd.DataFrame:
    raw = raw.reset_index(drop=True)
    for column in raw.columns:  # partition columns come back as categoricals
        if isinstance(raw[column].dtype, pd.CategoricalDtype) and column != s.SOCIAL_CONTACT:
            raw[column] = raw[column].astype("str")
    if s.DATE in raw and pd.api.types.is_datetime64_any_dtype(raw[s.DATE]):
        raw[s.DATE] = raw[s.DATE].dt.strftime("%Y-%m-%d")
    typed, problems = validate_checkins(raw, lines=lambda: raw.index.to_numpy() + 1)
    if len(problems) and not skip_invalid:
        raise_for_problems(problems, source=f"{source} (row numbers)")
    if len(problems):
        typed = typed.drop(index=[int(r) - 1 for r in problems["line"].unique()])
    return typed
