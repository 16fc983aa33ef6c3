"""Scale-out benchmark: a 20,000,000-row study in partitioned Parquet, Dask vs pandas.

Two workloads on 20 M rows each: the weekly cohort summary of daily check-ins, and the ESM
summary of a study with several prompts a day (:data:`PROMPTS` beeps a day over
:data:`ESM_DAYS` days, a fifth unanswered) and custom items (``stress`` 0-100, ``neg_mood`` 0
to -3): compliance per participant and day against the beeps sent, and daily means of the
items. Dask runs on a LocalCluster of 2
worker processes limited to 2 GB each; pandas runs in a child process so its peak memory can
be read. Reported: the time ratio, both peak memories, each worker's peak against its limit,
and whether the results are equal.
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
ESM_DAYS = 100
PROMPTS = 5


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


def write_study(folder: Path, *, rows: int, files: int = 40, seed: int = 5) -> Path:
    """Partitioned Parquet, written file by file so generation never holds it all in memory."""
    rng = np.random.default_rng(seed)
    per_person = ESM_DAYS * PROMPTS
    people = rows // per_person
    per_file = -(-people // files)
    folder.mkdir(parents=True, exist_ok=True)
    levels = np.array(s.SOCIAL_CONTACT_LEVELS)
    days = np.repeat(pd.date_range("2020-01-01", periods=ESM_DAYS).to_numpy(), PROMPTS)
    offsets = np.tile(
        pd.to_timedelta([9 + 3 * k for k in range(PROMPTS)], unit="h").to_numpy(), ESM_DAYS
    )
    clock = np.tile(np.array([f"{9 + 3 * k:02d}:00" for k in range(PROMPTS)]), ESM_DAYS)
    for f in range(files):
        ids = np.arange(f * per_file, min((f + 1) * per_file, people))
        if not len(ids):
            break
        n = len(ids) * per_person
        scheduled = np.tile(days + offsets, len(ids))
        answered = rng.random(n) >= 0.2

        def item(values: np.ndarray, answered: np.ndarray = answered) -> np.ndarray:
            return np.where(answered, values, np.nan)

        table = pa.table(
            {
                s.PARTICIPANT: np.repeat([f"P{i:06d}" for i in ids], per_person),
                s.DATE: np.tile(days, len(ids)),
                s.TIME: np.tile(clock, len(ids)),
                "scheduled": scheduled,
                "answered": pd.Series(scheduled).where(answered).to_numpy(),
                s.SLEEP_HOURS: item(np.round(rng.uniform(4, 10, n), 2)),
                s.MOVEMENT_MINUTES: item(rng.integers(0, 90, n).astype(float)),
                s.MOOD: item(rng.integers(1, 11, n).astype(float)),
                s.FEELING_ACCESS: item(rng.integers(0, 11, n).astype(float)),
                s.SOCIAL_CONTACT: levels[rng.integers(0, 4, n)],
                s.MOMENTS: np.where(rng.random(n) < 0.3, "calm", None),
                "stress": item(rng.integers(0, 101, n).astype(float)),
                "neg_mood": item(-rng.integers(0, 4, n).astype(float)),
            }
        )
        pq.write_table(table, folder / f"part-{f:03d}.parquet")
    return folder


def esm_summary(frame):
    """Compliance per participant and day against the beeps sent, and daily means of the
    custom items: the ESM workload (pandas or Dask)."""
    from reflectkit.research import beep_compliance, daily_means

    return beep_compliance(frame, by="day"), daily_means(frame, ["stress", "neg_mood"])


PANDAS_CHILD = """
import resource, sys, time
from reflectkit.research.summary import cohort_weekly_summary
from benchmarks.research import esm_summary
import pandas as pd
frame = pd.read_parquet(sys.argv[1])
start = time.perf_counter()
if sys.argv[3] == "weekly":
    summary = cohort_weekly_summary(frame)
    summary.sort_values(["participant", "week"]).reset_index(drop=True).to_parquet(sys.argv[2])
else:
    compliance, means = esm_summary(frame)
    compliance.reset_index().to_parquet(sys.argv[2] + ".compliance")
    means.sort_values(["participant", "date"]).reset_index(drop=True).to_parquet(sys.argv[2])
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def run(*, quick: bool) -> list[Result]:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from reflectkit.research.summary import cohort_weekly_summary

    rows = 200_000 if quick else 20_000_000
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        files = 4 if quick else 40
        cohort = write_cohort(Path(tmp) / "cohort", rows=rows, files=files)
        study = write_study(Path(tmp) / "study", rows=rows, files=files)
        for workload in ("weekly", "esm"):
            data = cohort if workload == "weekly" else study
            target = Path(tmp) / f"pandas-{workload}.parquet"
            child = subprocess.run(
                [sys.executable, "-c", PANDAS_CHILD, str(data), str(target), workload],
                capture_output=True,
                text=True,
                check=True,
                cwd=Path(__file__).resolve().parents[1],
            )
            pandas_seconds, pandas_peak = (float(x) for x in child.stdout.split()[-2:])
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
                frame = dd.read_parquet(str(data))
                start = time.perf_counter()
                if workload == "weekly":
                    result = client.compute(cohort_weekly_summary(frame)).result()
                    keys = ["participant", "week"]
                else:
                    compliance, means = esm_summary(frame)
                    compliance, result = client.compute([compliance, means], sync=True)
                    keys = ["participant", "date"]
                dask_seconds = time.perf_counter() - start
                peaks = client.run(
                    lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
                )
            equal = _equal(result, pd.read_parquet(target), keys)
            if workload == "esm":
                expected = pd.read_parquet(str(target) + ".compliance")
                equal = equal and _equal(compliance.reset_index(), expected, keys)
            under = all(peak < WORKER_LIMIT for peak in peaks.values())
            worker_text = ", ".join(f"{p / 1e9:.2f} GB" for p in peaks.values())
            extra = (
                f"peak memory: pandas {pandas_peak / 1e9:.2f} GB; Dask workers {worker_text} "
                f"(limit {WORKER_LIMIT / 1e9:.0f} GB each: {'all under' if under else 'OVER'}); "
                f"results equal: {equal}"
            )
            name = {
                "weekly": f"cohort summary on Dask, {rows:,} rows",
                "esm": f"ESM compliance + daily means, {rows:,} rows",
            }[workload]
            results.append(
                Result(
                    name,
                    "pandas",
                    pandas_seconds,
                    dask_seconds,
                    None,
                    extra=extra,
                    ok=under and equal,
                )
            )
    return results


def _equal(result: pd.DataFrame, expected: pd.DataFrame, keys: list[str]) -> bool:
    result = result.sort_values(keys).reset_index(drop=True)
    expected = expected.sort_values(keys).reset_index(drop=True)
    try:
        pd.testing.assert_frame_equal(result[expected.columns], expected, check_dtype=False)
    except AssertionError:
        return False
    return True
