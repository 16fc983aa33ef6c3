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
        if not _typed(frame):  # a Parquet partition of a few columns, or CSV read as text
            frame = validate_checkins(
                frame.assign(**{s.DATE: frame[s.DATE].astype("str").str[:10]})
            )[0]
        return weekly_summary(frame).reset_index()

    return per_participant(checkins, summarise)


def _typed(frame: pd.DataFrame) -> bool:
    """Whether every schema column is there with the schema's type (text dates are not)."""
    if not set(s.COLUMNS) <= set(frame.columns):
        return False
    numbers = [f.name for f in s.FIELDS if f.kind == "number"]
    return frame[s.DATE].dtype == "datetime64[ns]" and all(
        frame[c].dtype == "float64" for c in numbers
    )


def _empty_summary() -> pd.DataFrame:
    from ..trends.weekly import SUMMARY_COLUMNS

    frame = pd.DataFrame(
        {s.PARTICIPANT: pd.Series(dtype="str"), "week": pd.Series(dtype="datetime64[ns]")}
    )
    for column in SUMMARY_COLUMNS:
        frame[column] = pd.Series(dtype="int64" if column == "days_with_checkin" else "float64")
    return frame


def run_cohort_summary(
    data: str | Path,
    *,
    out: str | Path,
    use_dask: bool = False,
    scheduler: str | None = None,
    force: bool = False,
) -> Path:
    """Summarise a cohort (Parquet folder, Parquet file or CSV) into weekly rows; write ``out``.

    ``out`` ending in ``.parquet`` writes Parquet, anything else CSV (formula-like text
    defused; read it back with :func:`load_weekly_summary`). ``out`` is private (0600), is
    never the input or the store, and replaces an existing file only with ``force``. A
    ``scheduler`` must be on this machine or use TLS (see :func:`check_scheduler_address`).
    Progress is shown.
    """
    from ..io.csvfile import table_csv
    from ..io.private import check_output, output_file, write_output
    from ..io.store import CheckinStore
    from .cohort import load_cohort

    data, out = Path(data), Path(out)
    protected = [data, CheckinStore().path]
    check_output(out, protected=protected, force=force)
    if scheduler:
        check_scheduler_address(scheduler)
    if not use_dask:
        print(f"Loading {data} ...", flush=True)
        frame = load_cohort(data)
        print(f"Summarising {frame[s.PARTICIPANT].nunique()} participants ...", flush=True)
        result = cohort_weekly_summary(frame)
    else:
        result = _with_dask(data, scheduler)
    result = result.sort_values([s.PARTICIPANT, "week"]).reset_index(drop=True)
    if out.suffix == ".parquet":
        with output_file(out, protected=protected, force=force) as temporary:
            result.to_parquet(temporary, index=False)
    else:
        write_output(out, table_csv(result), protected=protected, force=force)
    print(f"Wrote {len(result)} weekly rows to {out}")
    return out


def load_weekly_summary(path: str | Path) -> pd.DataFrame:
    """Read a weekly summary written by :func:`run_cohort_summary` (CSV or Parquet)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ..io.csvfile import unescape_table

    path = Path(path)
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(
            column_types={s.PARTICIPANT: pa.string(), "week": pa.date32()},
            strings_can_be_null=True,
            null_values=[""],
        ),
    )
    frame = unescape_table(table).to_pandas(date_as_object=False)
    frame["week"] = frame["week"].astype("datetime64[ns]")
    return frame


#: Hosts a scheduler may have without TLS: this machine only.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def check_scheduler_address(address: str) -> None:
    """Refuse a Dask scheduler that would receive the data unencrypted over a network.

    Dask sends data between machines as pickles; in clear text anyone on the network can
    read them (personal data) or send the workers code to run. A scheduler on this machine
    (``tcp://127.0.0.1:8786``, ``localhost:8786``) is fine; any other must use ``tls://``
    with distributed's TLS settings (``distributed.comm.tls.*`` in the Dask config).
    """
    from urllib.parse import urlsplit

    from ..errors import ReflectkitError

    text = address if "://" in address else f"tcp://{address}"
    parts = urlsplit(text)
    host = parts.hostname or ""
    if parts.scheme == "tls":
        import dask

        tls = dask.config.get("distributed.comm.tls", default={}) or {}
        client = tls.get("client", {}) or {}
        if tls.get("ca-file") and client.get("cert"):
            return
        raise ReflectkitError(
            f"--scheduler {address} uses TLS, but no TLS certificates are configured: set "
            "distributed.comm.tls.ca-file and distributed.comm.tls.client.cert (and key) in "
            "your Dask config (see docs/security.md)."
        )
    if parts.scheme in ("tcp", "inproc") and host in LOOPBACK_HOSTS:
        return
    raise ReflectkitError(
        f"--scheduler {address} is not on this machine, and Dask would send your data there "
        "unencrypted. Use a scheduler on 127.0.0.1, or a tls:// address with TLS configured "
        "(see docs/security.md)."
    )


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
