"""The cohort functions give equal results on Dask (on a distributed.LocalCluster) and pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from reflectkit.paths import sample_data_folder
from reflectkit.research import cohort_weekly_summary, compliance, lag, load_cohort, person_center

dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cohort() -> pd.DataFrame:
    return load_cohort(sample_data_folder() / "cohort.csv")


def as_dask(frame: pd.DataFrame):
    return dd.from_pandas(frame, npartitions=4)


def same(result, expected: pd.DataFrame, keys: list[str]) -> None:
    got = result.compute().reset_index()
    want = expected.reset_index()
    got = got.sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got[want.columns], want, check_dtype=False, check_categorical=False
    )


@pytest.mark.slow
def test_compliance(client, cohort):
    same(compliance(as_dask(cohort), days=56), compliance(cohort, days=56), ["participant"])


@pytest.mark.slow
def test_person_means(client, cohort):
    keys = ["participant", "date"]
    expected = person_center(cohort, ["mood", "sleep_hours"])[
        [*keys, "mood_pm", "mood_cw", "sleep_hours_pm"]
    ]
    result = person_center(as_dask(cohort), ["mood", "sleep_hours"])[
        [*keys, "mood_pm", "mood_cw", "sleep_hours_pm"]
    ]
    same(result, expected.set_index(keys), keys)


@pytest.mark.slow
def test_gap_aware_lags(client, cohort):
    keys = ["participant", "date"]
    expected = lag(cohort, "sleep_hours")[[*keys, "sleep_hours_lag1"]]
    result = lag(as_dask(cohort), "sleep_hours")[[*keys, "sleep_hours_lag1"]]
    same(result, expected.set_index(keys), keys)


@pytest.mark.slow
def test_weekly_summaries(client, cohort):
    keys = ["participant", "week"]
    same(
        cohort_weekly_summary(as_dask(cohort)), cohort_weekly_summary(cohort).set_index(keys), keys
    )


@pytest.mark.slow
def test_text_dates_give_the_same_numbers_on_dask_as_typed_pandas(client, cohort, tmp_path):
    """dd.read_csv(dtype=str) hands partitions of text: dates must be converted, not sorted."""
    gappy = cohort[cohort["date"].dt.day_of_week != 2]  # a hole every week
    gappy = gappy[~gappy["date"].between("2026-02-09", "2026-02-15")]  # and a whole empty week
    path = tmp_path / "cohort.csv"
    gappy.assign(date=gappy["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    text = dd.read_csv(str(path), dtype="str", blocksize=20_000)
    keys = ["participant", "week"]
    expected = cohort_weekly_summary(gappy).set_index(keys)
    assert (expected.loc[(slice(None), pd.Timestamp("2026-02-09")), "days_with_checkin"] == 0).all()
    same(cohort_weekly_summary(text), expected, keys)
    typed_days = gappy[["participant", "date", "sleep_hours"]].reset_index(drop=True)
    text_days = text[["participant", "date", "sleep_hours"]].astype({"sleep_hours": "float64"})
    same(
        lag(text_days, "sleep_hours").drop(columns="date"),
        lag(typed_days, "sleep_hours").drop(columns="date").set_index("participant"),
        ["participant", "sleep_hours", "sleep_hours_lag1"],
    )
