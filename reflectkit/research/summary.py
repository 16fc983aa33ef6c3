"""The cohort summary behind `reflectkit cohort-summary`: weekly rows per participant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema as s
from ..trends import weekly_summary
from ..validate import validate_checkins
from .measures import per_participant


def cohort_weekly_summary(checkins: Any) -> Any:
    """:func:`reflectkit.trends.weekly_summary` per participant, for pandas or Dask input.

    With Dask, participants are shuffled into whole partitions and summarised partition by
    partition; the result (after ``.compute()``) equals the pandas one.
    """

    def summarise(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty:
            return _empty_summary()
        if not set(s.COLUMNS) <= set(frame.columns):  # e.g. a Parquet partition of a few columns
            frame = validate_checkins(
                frame.assign(**{s.DATE: frame[s.DATE].astype("str").str[:10]})
            )[0]
        return weekly_summary(frame).reset_index()

    return per_participant(checkins, summarise)


def _empty_summary() -> pd.DataFrame:
    from ..trends.weekly import SUMMARY_COLUMNS

    frame = pd.DataFrame(
        {s.PARTICIPANT: pd.Series(dtype="str"), "week": pd.Series(dtype="datetime64[ns]")}
    )
    for column in SUMMARY_COLUMNS:
        frame[column] = pd.Series(
            dtype="int64" if column.startswith(("days", "moments")) else "float64"
        )
    return frame


def run_cohort_summary(
    data: str | Path, *, out: str | Path, use_dask: bool = False, scheduler: str | None = None
) -> Path:
    """Summarise a cohort (Parquet folder, Parquet file or CSV) into weekly rows; write ``out``.

    ``out`` ending in ``.parquet`` writes Parquet, anything else CSV. Progress is shown.
    """
    from .cohort import load_cohort

    data, out = Path(data), Path(out)
    if not use_dask:
        print(f"Loading {data} ...", flush=True)
        frame = load_cohort(data)
        print(f"Summarising {frame[s.PARTICIPANT].nunique()} participants ...", flush=True)
        result = cohort_weekly_summary(frame)
    else:
        result = _with_dask(data, scheduler)
    result = result.sort_values([s.PARTICIPANT, "week"]).reset_index(drop=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        result.to_parquet(out, index=False)
    else:
        result.to_csv(out, index=False)
    print(f"Wrote {len(result)} weekly rows to {out}")
    return out


def _with_dask(data: Path, scheduler: str | None) -> pd.DataFrame:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster, progress

    parquet = data.is_dir() or data.suffix == ".parquet"
    frame = dd.read_parquet(str(data)) if parquet else dd.read_csv(str(data), dtype="str")
    cluster = (
        None
        if scheduler
        else LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",  # this machine only
        )
    )
    with Client(scheduler or cluster) as client:
        print(f"Dask dashboard: {client.dashboard_link}", flush=True)
        future = client.compute(cohort_weekly_summary(frame))
        progress(future)
        result = future.result()
    if cluster is not None:
        cluster.close()
    print()
    return result
