"""Scale-out benchmark: a 20,000,000-row cohort in partitioned Parquet, Dask vs pandas.

Dask runs on a LocalCluster of 2 worker processes limited to 2 GB each; pandas runs in a
child process so its peak memory can be read. Reported: the time ratio, both peak memories,
each worker's peak against its limit, and whether the summaries are equal.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from reflectkit import schema as s

from ._harness import Result

WORKER_LIMIT = 2_000_000_000
DAYS = 500


def write_cohort(folder: Path, *, rows: int, files: int = 40, seed: int = 5) -> Path:
    """Partitioned Parquet, written file by file so generation never holds it all in memory."""
    rng = np.random.default_rng(seed)
    people = rows // DAYS
    per_file = -(-people // files)
    folder.mkdir(parents=True, exist_ok=True)
    levels = np.array(s.SOCIAL_CONTACT_LEVELS)
    for f in range(files):
        ids = np.arange(f * per_file, min((f + 1) * per_file, people))
        if not len(ids):
            break
        n = len(ids) * DAYS
        table = pa.table(
            {
                s.PARTICIPANT: np.repeat([f"P{i:06d}" for i in ids], DAYS),
                s.DATE: np.tile(pd.date_range("2020-01-01", periods=DAYS).to_numpy(), len(ids)),
                s.SLEEP_HOURS: np.round(rng.uniform(4, 10, n), 2),
                s.MOVEMENT_MINUTES: rng.integers(0, 90, n).astype(float),
                s.MOOD: rng.integers(1, 11, n).astype(float),
                s.FEELING_ACCESS: rng.integers(0, 11, n).astype(float),
                s.SOCIAL_CONTACT: levels[rng.integers(0, 4, n)],
                s.MOMENTS: np.where(rng.random(n) < 0.3, "calm", None),
            }
        )
        pq.write_table(table, folder / f"part-{f:03d}.parquet")
    return folder


PANDAS_CHILD = """
import resource, sys, time
from reflectkit.research.summary import cohort_weekly_summary
import pandas as pd
start = time.perf_counter()
frame = pd.read_parquet(sys.argv[1])
summary = cohort_weekly_summary(frame)
summary.sort_values(["participant", "week"]).reset_index(drop=True).to_parquet(sys.argv[2])
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def run(*, quick: bool) -> list[Result]:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from reflectkit.research.summary import cohort_weekly_summary

    rows = 200_000 if quick else 20_000_000
    with tempfile.TemporaryDirectory() as tmp:
        data = write_cohort(Path(tmp) / "cohort", rows=rows, files=4 if quick else 40)
        child = subprocess.run(
            [sys.executable, "-c", PANDAS_CHILD, str(data), str(Path(tmp) / "pandas.parquet")],
            capture_output=True,
            text=True,
            check=True,
        )
        pandas_seconds, pandas_peak = (float(x) for x in child.stdout.split()[-2:])
        expected = pd.read_parquet(Path(tmp) / "pandas.parquet")

        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                memory_limit=WORKER_LIMIT,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster) as client,
        ):
            start = time.perf_counter()
            result = client.compute(cohort_weekly_summary(dd.read_parquet(str(data)))).result()
            dask_seconds = time.perf_counter() - start
            peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        result = result.sort_values(["participant", "week"]).reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(result[expected.columns], expected, check_dtype=False)
            equal = True
        except AssertionError:
            equal = False
    under = all(peak < WORKER_LIMIT for peak in peaks.values())
    worker_text = ", ".join(f"{p / 1e9:.2f} GB" for p in peaks.values())
    extra = (
        f"peak memory: pandas {pandas_peak / 1e9:.2f} GB; Dask workers {worker_text} "
        f"(limit {WORKER_LIMIT / 1e9:.0f} GB each: {'all under' if under else 'OVER'}); "
        f"summaries equal: {equal}"
    )
    name = f"cohort summary on Dask, {rows:,} rows"
    return [
        Result(name, "pandas", pandas_seconds, dask_seconds, None, extra=extra, ok=under and equal)
    ]
