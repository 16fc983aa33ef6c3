"""The command line, run as a person would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reflectkit import CheckinStore


def run(*args: str, env_home: Path | None = None, **kw) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    if env_home is not None:
        env["REFLECTKIT_HOME"] = str(env_home)
    exe = Path(sys.executable).parent / "reflectkit"
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, env=env, timeout=120, **kw
    )


def test_validate_reports_problems_and_exits_1(write_csv):
    result = run("validate", str(write_csv("date,mood\n2024-03-02,5\n2024-03-03,12\n")))
    assert result.returncode == 1
    assert "checkins.csv line 3: `mood` must be a number from 1 to 10, got 12" in result.stdout


def test_validate_clean_file_exits_0(write_csv):
    result = run("validate", str(write_csv("date,mood\n2024-03-02,5\n")))
    assert result.returncode == 0 and "no problems" in result.stdout


def test_import_daylio_into_the_personal_store(write_csv, tmp_path):
    path = write_csv(
        "full_date,date,weekday,time,mood,activities,note\n2024-03-02,March 2,Saturday,9:00 PM,Solid,walk,\n",
        "daylio.csv",
    )
    home = tmp_path / "home"
    failed = run("import", "daylio", str(path), env_home=home)
    assert failed.returncode == 1 and "--mood-scale" not in failed.stdout
    assert "Unknown Daylio moods" in failed.stderr
    done = run("import", "daylio", str(path), "--mood-scale", "Solid=7", env_home=home)
    assert done.returncode == 0, done.stderr
    assert "Imported 1 check-in from" in done.stdout
    assert CheckinStore(home).load()["mood"].tolist() == [7]


def test_import_fitbit_to_a_csv(write_csv, tmp_path):
    activity = write_csv(
        "Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes\n1,4/12/2016,10,1,2,3\n",
        "a.csv",
    )
    target = tmp_path / "out" / "fitbit.csv"
    result = run("import", "fitbit", str(activity), "--to", str(target))
    assert result.returncode == 0, result.stderr
    assert CheckinStore(target).load()["movement_minutes"].tolist() == [6]


def test_sample_writes_loadable_files(tmp_path):
    result = run("sample", "--out", str(tmp_path))
    assert result.returncode == 0
    assert run("validate", str(tmp_path / "cohort.csv")).returncode == 0


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version(args):
    assert run(*args).returncode == 0
