"""The StudentLife daily panel adapter: answer codes to units, the 3-day walking mean, rounding.

Expected values are worked by hand from the StudentLife codebook (EMA_definition.json):
Sleep ``hour`` [1] <3, [2] 3.5 ... [19] 12, so hours = 2.5 + 0.5 * code; ``rate`` 1 very
good .. 4 very bad onto sleep_quality 5, 4, 2, 1; Mood ``happy`` 1-4 onto mood 1-10.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reflectkit import CheckinValidationError, ImportFormatError
from reflectkit.research import studentlife

PANEL = "studentlife_daily/studentlife_daily_data_cleaned_w_sameday_08282021.csv"

HEADER = (
    "study_id,day,ema_Mood_happy,ema_Mood_happyornot,ema_Social_number,ema_Stress_level,"
    "ema_Sleep_hour,ema_Sleep_rate,act_running_ep_0,act_walking_ep_0,missing_days"
)
#: The panel's quirks in small: daily means of codes (7.5, 5.333...), the undefined code 0,
#: the top code 19, rates halfway between two answers, a "not happy at all" day carrying
#: happy = 1, walking as a mean over 1-3 days, empty EMA cells, a UTC offset on the day.
FIXTURE_ROWS = [
    "0,2013-03-28 00:00:00-04:00,,,,3.1666666666666665,7.5,1.5,0.0,7051.5,1",
    "0,2013-03-29 00:00:00-04:00,,,4.0,2.0,5.333333333333333,2.333333333333333,6.0,8259.333333333333,0",
    "8,2013-04-22 00:00:00-04:00,1.0,2.0,,,0.0,4.0,0.0,2400.0,2",
    "53,2013-05-13 00:00:00-04:00,4.0,1.0,6.0,5.0,19.0,3.5,0.0,120.0,0",
    "59,2013-05-03 00:00:00-04:00,2.5,1.0,1.0,1.0,1.0,2.5,0.0,0.0,0",
    "14,2013-05-12 00:00:00-04:00,,,,,,,86399.0,3600.0,2",
]


@pytest.fixture
def panel_file(write_csv):
    return write_csv("\n".join([HEADER, *FIXTURE_ROWS]) + "\n", name="studentlife_daily.csv")


@pytest.fixture
def panel(panel_file) -> pd.DataFrame:
    return studentlife(panel_file)


def test_fixture_rows_map_to_hand_computed_values(panel):
    assert panel["participant"].tolist() == ["S00", "S00", "S08", "S53", "S59", "S14"]
    assert panel["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2013-03-28",
        "2013-03-29",
        "2013-04-22",
        "2013-05-13",
        "2013-05-03",
        "2013-05-12",
    ]
    # 2.5 + 0.5 * code: 7.5 -> 6.25, 5.333 -> 5.1667, 0 -> not a code, 19 -> 12, 1 (<3 h) -> 3
    expected_hours = [6.25, 2.5 + 0.5 * 16 / 3, np.nan, 12.0, 3.0, np.nan]
    np.testing.assert_allclose(panel["sleep_hours"], expected_hours)
    # 1.5 -> 4.5 -> 5; 2.333 -> 3.333 -> 3; 4 -> 1; 3.5 -> 1.5 -> 2; 2.5 -> 3
    np.testing.assert_array_equal(panel["sleep_quality"], [5, 3, 1, 2, 3, np.nan])
    np.testing.assert_allclose(panel["mood"], [np.nan, np.nan, 1.0, 10.0, 5.5, np.nan])


def test_walking_is_kept_as_a_three_day_mean_and_movement_is_left_empty(panel):
    assert panel["movement_minutes"].isna().all()
    np.testing.assert_allclose(
        panel["walking_minutes_3day_mean"],
        [7051.5 / 60, 8259.333333333333 / 60, 40.0, 2.0, 0.0, 60.0],
    )
    assert panel["walking_days_in_mean"].tolist() == [2, 3, 1, 3, 3, 1]
    assert "act_running_ep_0" not in panel.columns  # 86399 s of "running": left out


def test_stress_and_social_codes_are_kept_under_honest_names(panel):
    assert "stress" not in panel.columns
    np.testing.assert_allclose(
        panel["stress_code_mean"], [3.1666666666666665, 2.0, np.nan, 5.0, 1.0, np.nan]
    )
    np.testing.assert_allclose(panel["social_number"], [np.nan, 4.0, np.nan, 6.0, 1.0, np.nan])
    extras = ["walking_minutes_3day_mean", "walking_days_in_mean"]
    assert panel.columns[-4:].tolist() == [*extras, "stress_code_mean", "social_number"]


@pytest.mark.parametrize(
    ("code", "hours"),
    [(1, 3.0), (2, 3.5), (7, 6.0), (9, 7.0), (11, 8.0), (12.5, 8.75), (19, 12.0), (0, None)],
)
def test_sleep_hour_codes(write_csv, code, hours):
    row = f"1,2013-04-01 00:00:00-04:00,,,,,{code},1,0,0,0"
    frame = studentlife(write_csv(f"{HEADER}\n{row}\n"))
    got = frame["sleep_hours"].iloc[0]
    assert math.isnan(got) if hours is None else got == pytest.approx(hours)


@pytest.mark.parametrize(
    ("rate", "quality"),
    [
        (1, 5),
        (4 / 3, 5),  # 4.667
        (1.5, 5),  # 4.5: halves round up
        (5 / 3, 4),  # 4.333
        (2, 4),
        (7 / 3, 3),  # 3.333
        (2.5, 3),  # halfway between fairly good (4) and fairly bad (2)
        (3, 2),
        (3.5, 2),  # 1.5: halves round up
        (4, 1),
    ],
)
def test_sleep_rate_means_round_halves_up(write_csv, rate, quality):
    row = f"1,2013-04-01 00:00:00-04:00,,,,,7,{rate!r},0,0,0"
    assert studentlife(write_csv(f"{HEADER}\n{row}\n"))["sleep_quality"].iloc[0] == quality


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("ema_Sleep_hour", "20", "a day's mean StudentLife answer code from 0 to 19"),
        ("ema_Sleep_hour", "-1", "a day's mean StudentLife answer code from 0 to 19"),
        ("ema_Sleep_hour", "seven", "a day's mean StudentLife answer code from 0 to 19"),
        ("ema_Sleep_rate", "5", "a day's mean StudentLife answer code from 1 to 4"),
        ("ema_Mood_happy", "0.5", "a day's mean StudentLife answer code from 1 to 4"),
        ("ema_Stress_level", "6", "a day's mean StudentLife answer code from 1 to 5"),
        ("ema_Social_number", "7", "a day's mean StudentLife answer code from 1 to 6"),
        ("act_walking_ep_0", "90000", "seconds of walking in a day from 0 to 86400"),
        ("missing_days", "3", "a count of unsensed days among 3 from 0 to 2"),
    ],
)
def test_values_outside_the_codebook_are_refused_with_file_line_and_column(
    write_csv, column, value, allowed
):
    values = ["1", "2013-04-01", "2", "1", "3", "2", "7", "2", "0", "60", "0"]
    good = dict(zip(HEADER.split(","), values, strict=True))
    rows = [",".join(good.values()), ",".join({**good, column: value}.values())]
    path = write_csv("\n".join([HEADER, *rows]) + "\n", name="panel.csv")
    with pytest.raises(CheckinValidationError) as err:
        studentlife(path)
    assert f"panel.csv line 3: `{column}` must be {allowed} (is this the StudentLife" in str(
        err.value
    )
    assert re.search(rf"got '?{re.escape(value)}'?\n", str(err.value))
    assert str(err.value).endswith(
        "pass studentlife_daily_data_cleaned_w_sameday_08282021.csv from CornellPACLab/data_heterogeneity (data/), unedited."
    )
    assert err.value.problems["column"].tolist()[0] == column


def test_a_file_that_is_not_the_panel_names_the_missing_columns(write_csv):
    path = write_csv("study_id,day,ema_Sleep_hour\n1,2013-04-01,7\n", name="other.csv")
    with pytest.raises(
        ImportFormatError,
        match=r"other.csv is not the StudentLife daily panel: column\(s\) \['ema_Sleep_rate', ",
    ):
        studentlife(path)


# ---- the real panel (skipped when ../shared/realdata is absent) ----


@functools.cache
def _adapted(path: Path) -> pd.DataFrame:
    return studentlife(path)


@functools.cache
def _as_published(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


@pytest.fixture
def real(realdata: Path) -> pd.DataFrame:
    return _adapted(realdata / PANEL)


@pytest.fixture
def published(realdata: Path) -> pd.DataFrame:
    return _as_published(realdata / PANEL)


def _row(frame: pd.DataFrame, study_id: int, day: str) -> pd.Series:
    hit = frame[(frame["participant"] == f"S{study_id:02d}") & (frame["date"] == day)]
    assert len(hit) == 1
    return hit.iloc[0]


def _published_row(frame: pd.DataFrame, study_id: int, day: str) -> pd.Series:
    hit = frame[(frame["study_id"] == study_id) & frame["day"].str.startswith(day)]
    assert len(hit) == 1
    return hit.iloc[0]


@pytest.mark.parametrize(
    ("study_id", "day", "sleep_code", "hours"),
    [
        (53, "2013-05-13", 19, 12.0),  # top answer: 12 h, read as 19 h before
        (44, "2013-05-16", 17, 11.0),
        (44, "2013-05-12", 12.5, 8.75),
        (0, "2013-03-28", 7.5, 6.25),
        (0, "2013-03-29", 16 / 3, 2.5 + 0.5 * 16 / 3),
        (0, "2013-05-29", 1, 3.0),  # "<3 hours"
        (8, "2013-04-22", 0, None),  # code 0: not in the codebook
    ],
)
def test_real_rows_sleep_hours(real, published, study_id, day, sleep_code, hours):
    assert _published_row(published, study_id, day)["ema_Sleep_hour"] == pytest.approx(sleep_code)
    got = _row(real, study_id, day)["sleep_hours"]
    assert math.isnan(got) if hours is None else got == pytest.approx(hours)


@pytest.mark.parametrize(
    ("study_id", "day", "rate_mean", "quality"),
    [
        (0, "2013-03-28", 1.5, 5),
        (0, "2013-04-15", 2.5, 3),  # rounded to even (2 -> 4) before
        (17, "2013-04-18", 3.5, 2),
        (0, "2013-03-29", 7 / 3, 3),
        (53, "2013-05-13", 4, 1),
    ],
)
def test_real_rows_sleep_quality(real, published, study_id, day, rate_mean, quality):
    assert _published_row(published, study_id, day)["ema_Sleep_rate"] == pytest.approx(rate_mean)
    assert _row(real, study_id, day)["sleep_quality"] == quality


@pytest.mark.parametrize(
    ("study_id", "day", "happy", "mood"),
    [
        (16, "2013-05-12", 4, 10.0),  # extremely
        (59, "2013-05-03", 2.5, 5.5),
        (2, "2013-05-19", 1, 1.0),  # every answer "not happy at all" (happyornot 2)
    ],
)
def test_real_rows_mood(real, published, study_id, day, happy, mood):
    assert _published_row(published, study_id, day)["ema_Mood_happy"] == happy
    assert _row(real, study_id, day)["mood"] == pytest.approx(mood)


@pytest.mark.parametrize(
    ("study_id", "day", "seconds", "days"),
    [
        (0, "2013-05-24", 3099.0, 1),  # missing_days 2: that day's own walking
        (0, "2013-05-26", 1863.0, 2),
        (0, "2013-03-29", 8259.333333333333, 3),
    ],
)
def test_real_rows_walking(real, published, study_id, day, seconds, days):
    source = _published_row(published, study_id, day)
    assert source["act_walking_ep_0"] == pytest.approx(seconds)
    assert source["missing_days"] == 3 - days
    row = _row(real, study_id, day)
    assert row["walking_minutes_3day_mean"] == pytest.approx(seconds / 60)
    assert row["walking_days_in_mean"] == days
    assert math.isnan(row["movement_minutes"])


def test_real_panel_as_a_whole(real, published):
    assert real["participant"].nunique() == 49
    assert len(real) == 1912
    assert real["date"].dt.year.unique().tolist() == [2013]
    # 1090 days with a Sleep answer, less the 10 whose every answer was the undefined code 0
    assert real["sleep_hours"].notna().sum() == 1080
    assert real["sleep_hours"].dropna().between(3, 12).all()
    assert (published["ema_Sleep_hour"] > 12).sum() == 28  # read as 12.5-19 h before
    assert not (real["sleep_hours"] > 12).any()
    assert real["sleep_quality"].dropna().isin([1, 2, 3, 4, 5]).all()
    assert real["mood"].dropna().between(1, 10).all()
    assert real["movement_minutes"].isna().all()
    # a mean of 1-3 daily sums of whole seconds: times the day count, whole seconds again
    seconds = real["walking_minutes_3day_mean"] * 60 * real["walking_days_in_mean"]
    np.testing.assert_allclose(seconds, seconds.round(), atol=1e-6)
    assert set(real["walking_days_in_mean"]) == {1, 2, 3}
