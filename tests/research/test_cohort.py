"""Loading cohorts, cohort charts and the cohort-summary command (StudentLife: test_studentlife.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from reflectkit import CheckinValidationError
from reflectkit.paths import sample_data_folder
from reflectkit.plots import alt_text
from reflectkit.research import (
    load_cohort,
    plot_cohort_lines,
    plot_compliance_calendar,
    plot_participants,
)

SAMPLE = sample_data_folder() / "cohort.csv"


@pytest.fixture(scope="module")
def cohort() -> pd.DataFrame:
    return load_cohort(SAMPLE)


def test_one_csv_a_folder_of_csvs_and_partitioned_parquet_load_alike(tmp_path, cohort):
    folder = tmp_path / "people"
    folder.mkdir()
    for person, rows in pd.read_csv(SAMPLE).groupby("participant"):
        rows.to_csv(folder / f"{person}.csv", index=False)
    cohort.to_parquet(tmp_path / "parquet", partition_cols=["participant"])
    for source in (folder, tmp_path / "parquet"):
        other = load_cohort(source)
        pd.testing.assert_frame_equal(
            other[["participant", "date", "mood", "sleep_hours"]],
            cohort[["participant", "date", "mood", "sleep_hours"]],
        )


def test_participant_is_required(write_csv):
    with pytest.raises(CheckinValidationError, match="`participant` is required in cohort data"):
        load_cohort(write_csv("date,mood\n2024-03-02,5\n"))


def test_cohort_charts(cohort):
    ax = plot_compliance_calendar(cohort)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["check-in", "no entry"]
    assert alt_text(ax).startswith("Check-ins of 42 participants")
    lines = plot_cohort_lines(cohort, column="sleep_hours")
    assert any(line.get_label() == "cohort mean" for line in lines.get_lines())
    fig = plot_participants(cohort, page=3, per_page=12)
    assert len([a for a in fig.axes if a.get_visible()]) == 6  # 42 = 3 pages of 12 + 6
    with pytest.raises(ValueError, match="page must be from 0 to 3"):
        plot_participants(cohort, page=4)


@pytest.mark.slow
@pytest.mark.parametrize("dask", [False, True])
def test_cohort_summary_command(tmp_path, cohort, dask):
    data = tmp_path / "parquet"
    cohort.to_parquet(data, partition_cols=["participant"])
    out = tmp_path / "summary.csv"
    exe = Path(sys.executable).parent / "reflectkit"
    cmd = [str(exe), "cohort-summary", str(data), "--out", str(out), *(["--dask"] if dask else [])]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    summary = pd.read_csv(out)
    assert summary["participant"].nunique() == 42
    assert {"days_with_checkin", "median_sleep_hours", "mean_mood"} <= set(summary.columns)
    assert "Wrote" in result.stdout
    if dask:
        assert "Dask dashboard" in result.stdout


@pytest.mark.slow
def test_cohort_summary_on_a_running_scheduler(tmp_path, cohort):
    distributed = pytest.importorskip("distributed")
    data = tmp_path / "cohort.parquet"
    cohort.to_parquet(data)
    out = tmp_path / "summary.parquet"
    exe = Path(sys.executable).parent / "reflectkit"
    with distributed.LocalCluster(
        n_workers=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=None
    ) as cluster:
        cmd = [
            str(exe),
            "cohort-summary",
            str(data),
            "--out",
            str(out),
            "--dask",
            "--scheduler",
            cluster.scheduler_address,
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert pd.read_parquet(out)["participant"].nunique() == 42
