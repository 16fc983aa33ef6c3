"""Apple Health (streamed), Google Fit daily metrics and Loop Habit Tracker."""

from __future__ import annotations

import gc
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from reflectkit import (
    ImportFormatError,
    import_apple_health,
    import_google_fit,
    import_loop,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"


# -- Apple Health ----------------------------------------------------------------------------


def test_apple_health_sleep_steps_exercise_and_mindful_minutes():
    frame = import_apple_health(DATA / "applehealth_export.xml").set_index("date")
    night = frame.loc["2024-01-02"]
    # The Watch's night (4 h + 3.5 h asleep, the 20 minutes awake left out), not the
    # iPhone's rougher one, and never the two added together; the 14:00 nap is left out.
    assert night["sleep_hours"] == 7.5
    assert (night["bedtime"], night["wake_time"]) == ("22:40", "06:50")  # bed from InBed
    assert night["steps"] == 2000  # the Watch's day total, not Watch + iPhone
    assert night["movement_minutes"] == 21
    assert night["activities"] == "mindful minutes" and night["mindful_minutes"] == 5
    # a night recorded only as time in bed (older iPhones) gives bed and wake times
    in_bed = frame.loc["2024-01-04"]
    assert (in_bed["bedtime"], in_bed["wake_time"]) == ("23:30", "06:45")
    assert pd.isna(frame.loc["2024-01-03", "sleep_hours"])
    assert frame.loc["2024-01-03", "steps"] == 400


def test_apple_health_export_zip_is_read_as_it_comes(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "applehealth_export.xml", "apple_health_export/export.xml")
        z.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
    assert import_apple_health(archive)["sleep_hours"].iloc[0] == 7.5


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not complete XML"),
        (b"<HealthData><Record type='x'", "not complete XML"),
        (b"<Other/>", "not an Apple Health export"),
        (
            b'<HealthData><Record type="HKQuantityTypeIdentifierStepCount" sourceName="a" '
            b'startDate="2024-01-01 08:00:00 +0000" endDate="2024-01-01 08:00:00 +0000" '
            b'value="many"/></HealthData>',
            "value='many'",
        ),
        (
            b'<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;'
            b'&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;'
            b'&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;'
            b'&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
            b'<HealthData><Record type="&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"/></HealthData>',
            "not complete XML",
        ),
    ],
    ids=["empty", "cut off", "other XML", "bad value", "entity expansion"],
)
def test_a_damaged_apple_health_file_is_refused_whole(tmp_path, content, expected):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=expected):
        import_apple_health(path)


def _health_file(path: Path, days: int, per_day: int) -> Path:
    """An export.xml with ``per_day`` step records and a night of sleep per day."""
    record = (
        '<Record type="HKQuantityTypeIdentifierStepCount" sourceName="iPhone" unit="count" '
        'creationDate="{d} 10:00:00 +0100" startDate="{d} {h:02d}:{m:02d}:00 +0100" '
        'endDate="{d} {h:02d}:{m:02d}:30 +0100" value="25"><MetadataEntry key="k" value="v"/>'
        "</Record>\n"
    )
    sleep = (
        '<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="Watch" '
        'startDate="{d} 00:30:00 +0100" endDate="{d} 07:00:00 +0100" '
        'value="HKCategoryValueSleepAnalysisAsleepCore"/>\n'
    )
    with path.open("w") as out:
        out.write('<?xml version="1.0"?>\n<HealthData locale="en_GB">\n')
        for day in pd.date_range("2000-01-01", periods=days).strftime("%Y-%m-%d"):
            out.write(sleep.format(d=day))
            for i in range(per_day):
                out.write(record.format(d=day, h=i * 24 // per_day, m=i % 60))
        out.write("</HealthData>\n")
    return path


def _peak(path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        import_apple_health(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_apple_health_is_streamed_memory_does_not_grow_with_the_file(tmp_path):
    # the same 30 days, 16 times the records: only the records (the file) grow
    small = _health_file(tmp_path / "small.xml", 30, 40)
    large = _health_file(tmp_path / "large.xml", 30, 640)  # ~5 MB
    assert large.stat().st_size > 15 * small.stat().st_size
    _peak(small)  # warm up imports and caches
    small_peak, large_peak = _peak(small), _peak(large)
    assert large_peak < 1.25 * small_peak, (small_peak, large_peak)
    assert large_peak < large.stat().st_size / 20


# -- Google Fit --------------------------------------------------------------------------------


def test_google_fit_move_minutes_and_steps_with_gaps_for_days_without_steps():
    frame = import_google_fit(DATA / "googlefit_daily_activity_metrics.csv")
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-01",
        "2024-01-03",
        "2024-01-04",
    ]
    assert frame["movement_minutes"].tolist() == [34, 0, 61]  # 0 on a day with 65 steps
    assert frame["steps"].tolist() == [4321, 65, 9876]


def test_google_fit_per_day_file_sums_its_quarter_hours(write_csv):
    path = write_csv(
        "Start time,End time,Move Minutes count,Calories (kcal),Step count\n"
        "00:00:00.000+01:00,00:15:00.000+01:00,,1.5,\n"
        "08:00:00.000+01:00,08:15:00.000+01:00,7,20,800\n"
        "08:15:00.000+01:00,08:30:00.000+01:00,5,15,600\n",
        "2024-02-03.csv",
    )
    frame = import_google_fit(path)
    assert frame["date"].tolist() == [pd.Timestamp("2024-02-03")]
    assert frame["movement_minutes"].tolist() == [12] and frame["steps"].tolist() == [1400]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Date,Calories (kcal)\n2024-01-01,5\n", "no Move Minutes count, Step count column"),
        ("Date,Move Minutes count,Step count\n01/02/2024,3,4\n", "line 2: `Date`"),
        ("Date,Move Minutes count,Step count\n2024-01-02,lots,4\n", "line 2: `Move Minutes"),
        ("Date,Move Minutes count,Step count\n2024-01-02,3\n", "line 2 has 2 fields"),
    ],
)
def test_google_fit_problems_name_the_line(write_csv, text, expected):
    with pytest.raises(ImportFormatError, match=expected):
        import_google_fit(write_csv(text, "Daily activity metrics.csv"))


# -- Loop Habit Tracker ------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["zip", "folder", "Checkmarks.csv"])
def test_loop_habits_done_become_tags(given):
    path = {
        "zip": DATA / "loop_habits_csv.zip",
        "folder": DATA / "loop",
        "Checkmarks.csv": DATA / "loop" / "Checkmarks.csv",
    }[given]
    frame = import_loop(path).set_index(pd.Index(["03", "05", "07"]))
    assert frame["activities"].tolist() == ["Walk; See friends", "See friends", "Walk"]
    # the measurable habit is extra numeric data, not a tag; "not due" and "no" are nothing
    assert frame["loop_water"].tolist()[1:] == [3.5, 6.0]


def test_loop_without_habits_csv_takes_every_habit_as_yes_or_no(tmp_path):
    shutil.copy(DATA / "loop" / "Checkmarks.csv", tmp_path / "Checkmarks.csv")
    frame = import_loop(tmp_path / "Checkmarks.csv")
    assert "loop_water" not in frame and len(frame) == 3


def test_loop_refuses_another_file(write_csv):
    with pytest.raises(ImportFormatError, match="not Loop Habit Tracker's Checkmarks.csv"):
        import_loop(write_csv("Name,Value\nx,1\n"))
