"""Foundation benchmarks: loading, saving and importing the package."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from reflectkit import CheckinStore, load_checkins
from reflectkit import schema as s

from ._harness import Result, interleaved


def cohort_csv(path: Path, *, rows: int, seed: int = 1) -> Path:
    """A valid check-in CSV with ``rows`` rows over every schema column, written fast."""
    rng = np.random.default_rng(seed)
    days = 500
    people = -(-rows // days)
    participant = np.repeat([f"P{i:05d}" for i in range(people)], days)[:rows]
    dates = np.tile(pd.date_range("2020-01-01", periods=days).strftime("%Y-%m-%d"), people)[:rows]
    bed = rng.integers(21 * 60, 25 * 60, rows) % 1440
    wake = (bed + rng.integers(300, 600, rows)) % 1440
    frame = pd.DataFrame(
        {
            s.DATE: dates,
            s.TIME: "",
            s.PARTICIPANT: participant,
            s.BEDTIME: [f"{m // 60:02d}:{m % 60:02d}" for m in bed],
            s.WAKE_TIME: [f"{m // 60:02d}:{m % 60:02d}" for m in wake],
            s.SLEEP_HOURS: np.round(rng.uniform(4, 10, rows), 2),
            s.SLEEP_QUALITY: rng.integers(1, 6, rows),
            s.MEALS: rng.integers(0, 5, rows),
            s.MOVEMENT_MINUTES: rng.integers(0, 120, rows),
            s.OUTDOORS_MINUTES: rng.integers(0, 120, rows),
            s.ACTIVITIES: rng.choice(["walk", "walk; warm shower", "", "stretching"], rows),
            s.MOOD: rng.integers(1, 11, rows),
            s.ENERGY: rng.integers(1, 6, rows),
            s.FEELING_ACCESS: rng.integers(0, 11, rows),
            s.MOMENTS: rng.choice(["calm", "", "laughter; mild interest"], rows),
            s.SOCIAL_CONTACT: rng.choice(list(s.SOCIAL_CONTACT_LEVELS), rows),
            s.CURIOSITY: "",
            s.NOTE: rng.choice(["", "a quiet day", "a walk, then tea"], rows),
            s.RECORDED_AT: "2024-01-01T20:00:00+00:00",
        }
    )
    frame.to_csv(path, index=False, lineterminator="\r\n")
    return path


def bench_load(folder: Path, *, rows: int, repeat: int) -> Result:
    path = cohort_csv(folder / "cohort.csv", rows=rows)
    base, ours = interleaved(
        lambda: pd.read_csv(path, engine="pyarrow", dtype_backend="pyarrow"),
        lambda: load_checkins(path),
        repeat=repeat,
    )
    return Result(f"load_checkins, {rows:,} rows", "pyarrow read_csv", base, ours, 2.0)


def bench_load_sleep_diary(folder: Path, *, rows: int, repeat: int) -> Result:
    """The shape of a sleep diary: bedtime and wake time, no hours (derived on load)."""
    source = (
        cohort_csv(folder / "cohort.csv", rows=rows)
        if not (folder / "cohort.csv").exists()
        else folder / "cohort.csv"
    )
    frame = pd.read_csv(source, dtype="str", keep_default_na=False)
    path = folder / "sleep-diary.csv"
    frame.drop(columns=[s.SLEEP_HOURS]).to_csv(path, index=False, lineterminator="\r\n")
    base, ours = interleaved(
        lambda: pd.read_csv(path, engine="pyarrow", dtype_backend="pyarrow"),
        lambda: load_checkins(path),
        repeat=repeat,
    )
    return Result(
        f"load_checkins, {rows:,} rows, no sleep_hours", "pyarrow read_csv", base, ours, 1.5
    )


def bench_load_pipe_tags(folder: Path, *, rows: int, repeat: int) -> Result:
    """Tags written with the old ``|`` separator (other apps' exports): rewritten on load."""
    frame = pd.read_csv(folder / "cohort.csv", dtype="str", keep_default_na=False)
    for column in (s.ACTIVITIES, s.MOMENTS):
        frame[column] = frame[column].str.replace("; ", " | ", regex=False)
    path = folder / "pipe-tags.csv"
    frame.to_csv(path, index=False, lineterminator="\r\n")
    base, ours = interleaved(
        lambda: pd.read_csv(path, engine="pyarrow", dtype_backend="pyarrow"),
        lambda: load_checkins(path),
        repeat=repeat,
    )
    return Result(f"load_checkins, {rows:,} rows, tags with |", "pyarrow read_csv", base, ours, 2.0)


def bench_load_multiline_notes(folder: Path, *, rows: int, repeat: int) -> Result:
    """Every third note spans two lines (a journal's notes): the read must follow quotes
    across lines, so the baseline is Arrow's quote-aware read of the same file."""
    import pyarrow.csv as pacsv

    frame = pd.read_csv(folder / "cohort.csv", dtype="str", keep_default_na=False)
    frame[s.NOTE] = np.where(np.arange(len(frame)) % 3 == 0, "a walk,\nthen tea", frame[s.NOTE])
    path = folder / "multiline-notes.csv"
    frame.to_csv(path, index=False, lineterminator="\r\n")
    quote_aware = pacsv.ParseOptions(newlines_in_values=True)
    base, ours = interleaved(
        lambda: pacsv.read_csv(path, parse_options=quote_aware).to_pandas(
            types_mapper=pd.ArrowDtype
        ),
        lambda: load_checkins(path),
        repeat=repeat,
    )
    return Result(
        f"load_checkins, {rows:,} rows, notes over two lines",
        "pyarrow read_csv, newlines_in_values",
        base,
        ours,
        1.5,
    )


def bench_save(folder: Path, *, saves: int, repeat: int) -> Result:
    years = CheckinStore(folder / "ten-years")
    start = dt.date(2010, 1, 1)
    history = [
        {"date": start + dt.timedelta(days=i), "mood": 1 + i % 10, "note": "x" * 40}
        for i in range(3653)
    ]
    years.save_many(history)
    empty_count = [0]

    def into(store_factory, first_day: dt.date):
        def run():
            store = store_factory()
            for i in range(saves):
                store.save({"date": first_day + dt.timedelta(days=i), "mood": 5, "note": "a walk"})

        return run

    def fresh_empty() -> CheckinStore:
        empty_count[0] += 1
        return CheckinStore(folder / f"empty-{empty_count[0]}")

    offset = [0]

    def ten_years() -> CheckinStore:
        offset[0] += 1
        return years

    base_times, our_times = [], []
    for k in range(repeat):
        b, o = interleaved(
            into(fresh_empty, dt.date(2030, 1, 1)),
            into(ten_years, dt.date(2040 + k, 1, 1)),
            repeat=1,
        )
        base_times.append(b)
        our_times.append(o)
    base, ours = float(np.median(base_times)), float(np.median(our_times))
    return Result(
        f"CheckinStore.save, {saves} saves into 10 years",
        "into an empty store",
        base / saves,
        ours / saves,
        1.5,
    )


def bench_import(*, repeat: int) -> Result:
    def run(code: str):
        return lambda: subprocess.run([sys.executable, "-c", code], check=True)

    # ``import reflectkit`` alone loads nothing heavy (its names load when first used), so
    # what is measured is what a notebook's first line does: one name that needs pandas.
    first_line = "from reflectkit import load_checkins"
    base, ours = interleaved(run("import pandas"), run(first_line), repeat=repeat)
    return Result(f"python -c '{first_line}'", "import pandas", base, ours, 1.2)


def run(*, quick: bool) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        return [
            bench_load(folder, rows=20_000 if quick else 1_000_000, repeat=2 if quick else 11),
            bench_load_sleep_diary(
                folder, rows=20_000 if quick else 1_000_000, repeat=2 if quick else 11
            ),
            bench_load_pipe_tags(
                folder, rows=20_000 if quick else 1_000_000, repeat=2 if quick else 11
            ),
            bench_load_multiline_notes(
                folder, rows=20_000 if quick else 1_000_000, repeat=2 if quick else 11
            ),
            bench_save(folder, saves=5 if quick else 100, repeat=1 if quick else 5),
            bench_import(repeat=2 if quick else 7),
        ]
