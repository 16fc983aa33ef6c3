"""Trends benchmarks: the overview chart, the weekly summary of a large cohort, the report."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from reflectkit import load_checkins
from reflectkit import schema as s
from reflectkit.paths import sample_data_folder
from reflectkit.plots import plot_overview
from reflectkit.report.sections import chart_count
from reflectkit.trends import weekly_summary
from reflectkit.validate import validate_checkins

from ._harness import Result, interleaved
from .foundation import cohort_csv


def ten_years(seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = 3653
    frame = pd.DataFrame(
        {
            s.DATE: pd.date_range("2015-01-01", periods=n).strftime("%Y-%m-%d"),
            s.SLEEP_HOURS: np.round(rng.normal(7, 1, n).clip(3, 11), 2),
            s.MOVEMENT_MINUTES: rng.integers(0, 60, n),
            s.MOOD: rng.integers(1, 11, n),
            s.FEELING_ACCESS: rng.integers(0, 11, n),
            s.MOMENTS: rng.choice(["calm", "laughter; calm", None], n),
            s.SOCIAL_CONTACT: rng.choice(list(s.SOCIAL_CONTACT_LEVELS), n),
        }
    )[rng.random(n) > 0.1]
    typed, _ = validate_checkins(frame)
    return typed


def bench_overview(*, repeat: int) -> Result:
    data = ten_years()
    dates = data[s.DATE]
    # The same five series as numbers: tags as label counts, contact as its level.
    series = {
        s.SLEEP_HOURS: data[s.SLEEP_HOURS],
        s.MOVEMENT_MINUTES: data[s.MOVEMENT_MINUTES],
        s.MOOD: data[s.MOOD],
        s.MOMENTS: data[s.MOMENTS].str.count(";").add(1),
        s.SOCIAL_CONTACT: data[s.SOCIAL_CONTACT].cat.codes,
    }

    def bare():
        fig, axes = plt.subplots(5, 1, figsize=(9, 11.5), sharex=True)
        for ax, values in zip(axes, series.values(), strict=True):
            ax.plot(dates, values)
        fig.savefig(Path(tempfile.gettempdir()) / "bare.png", dpi=80)
        plt.close(fig)

    def ours():
        fig = plot_overview(data)
        fig.savefig(Path(tempfile.gettempdir()) / "overview.png", dpi=80)
        plt.close(fig)

    base, mine = interleaved(bare, ours, repeat=repeat)
    return Result(
        "plot_overview, 10 years, drawn to PNG", "bare matplotlib, 5 panels", base, mine, 2.0
    )


def bench_weekly(folder: Path, *, rows: int, repeat: int) -> Result:
    data = load_checkins(cohort_csv(folder / "cohort.csv", rows=rows))
    columns = [s.MOVEMENT_MINUTES, s.SLEEP_HOURS, s.MOOD, s.FEELING_ACCESS]

    def plain():
        # groupby(...).resample("W") proper takes ~100 s here (it resamples group by group);
        # the same weekly grouping through pd.Grouper is the fast plain-pandas idiom.
        weekly = [s.PARTICIPANT, pd.Grouper(key=s.DATE, freq="W")]
        return data.groupby(weekly)[columns].agg(["count", "mean"])

    base, mine = interleaved(plain, lambda: weekly_summary(data), repeat=repeat)
    return Result(f"weekly_summary, {rows:,} rows", "groupby + Grouper(freq='W')", base, mine, 1.5)


def bare_notebook(path: Path, data: Path, *, charts: int) -> Path:
    """A notebook that reads ``data`` and draws ``charts`` plain line charts, one a cell."""
    import nbformat

    setup = (
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
        "import pandas as pd\n"
        f"data = pd.read_csv({str(data)!r}, parse_dates=['date'])\n"
        "columns = ['mood', 'sleep_quality', 'energy', 'feeling_access']"
    )
    draw = (
        "fig, ax = plt.subplots(figsize=(8, 3))\n"
        "ax.plot(data['date'], data[columns[{i} % 4]])\n"
        "ax.set_title(columns[{i} % 4])\n"
        "plt.show()"
    )
    cells = [nbformat.v4.new_code_cell(setup)]
    cells += [nbformat.v4.new_code_cell(draw.format(i=i)) for i in range(charts)]
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": kernel}), path)
    return path


def bench_report(folder: Path, *, repeat: int) -> Result:
    """`reflectkit report` as a person runs it, against a bare `jupyter nbconvert --execute` to
    HTML of a notebook drawing as many plain charts of the same data: both start from nothing
    (a new process) and end with an HTML page of charts."""
    charts = chart_count()
    data = sample_data_folder() / "checkins.csv"
    notebook = bare_notebook(folder / "bare.ipynb", data, charts=charts)
    bin_folder = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel draws inline
    env["REFLECTKIT_HOME"] = str(folder / "home")

    def command(*args: str):
        def run_it() -> None:
            done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=folder)
            if done.returncode:
                raise RuntimeError(f"{args[0]} stopped: {done.stderr[-2000:]}")

        return run_it

    bare = command(
        str(bin_folder / "jupyter"),
        "nbconvert",
        "--to",
        "html",
        "--execute",
        str(notebook),
        "--output",
        str(folder / "bare.html"),
    )
    ours = command(
        str(bin_folder / "reflectkit"),
        "report",
        str(data),
        "--out",
        str(folder / "report.html"),
        "--force",
    )
    base, mine = interleaved(bare, ours, repeat=repeat)
    return Result(
        f"reflectkit report, {charts} charts (sample)",
        f"nbconvert --execute, {charts} plain charts",
        base,
        mine,
        1.5,
    )


def run(*, quick: bool) -> list[Result]:
    with tempfile.TemporaryDirectory() as tmp:
        return [
            bench_overview(repeat=1 if quick else 5),
            bench_weekly(Path(tmp), rows=20_000 if quick else 1_000_000, repeat=2 if quick else 5),
            bench_report(Path(tmp), repeat=1 if quick else 5),
        ]
