"""The ESM functions give equal results on Dask (a distributed LocalCluster) and pandas, on
custom items with several prompts a day."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reflectkit.research import Design, beep_compliance, daily_means, lag, person_center

dd = pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def study() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    people, days, prompts = 24, 12, 5
    n = people * days * prompts
    date = np.tile(np.repeat(pd.date_range("2024-02-01", periods=days), prompts), people)
    clock = np.tile([f"{9 + 3 * k:02d}:00" for k in range(prompts)], people * days)
    frame = pd.DataFrame(
        {
            "participant": np.repeat([f"P{i:03d}" for i in range(people)], days * prompts),
            "date": date,
            "time": clock,
            "stress": rng.integers(0, 101, n).astype(float),
            "neg_mood": -rng.integers(0, 4, n).astype(float),
        }
    )
    frame["scheduled"] = frame["date"] + pd.to_timedelta(frame["time"] + ":00")
    unanswered = rng.random(n) < 0.2
    frame["answered"] = frame["scheduled"].where(~unanswered) + pd.Timedelta(minutes=3)
    frame.loc[unanswered, ["stress", "neg_mood"]] = np.nan
    gone = (frame["date"] == "2024-02-05") & (frame["participant"] == "P003")
    return frame[~gone].reset_index(drop=True)  # a day without beeps at all


def same(result, expected: pd.DataFrame, keys: list[str]) -> None:
    got = result.compute().reset_index()
    want = expected.reset_index()
    got = got.sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[want.columns], want, check_dtype=False)


def as_dask(frame):
    return dd.from_pandas(frame, npartitions=4)


@pytest.mark.slow
@pytest.mark.parametrize("by", ["participant", "day"])
def test_compliance_by_participant_and_day(client, study, by):
    keys = ["participant"] + (["date"] if by == "day" else [])
    same(beep_compliance(as_dask(study), by=by), beep_compliance(study, by=by), keys)
    design = Design(days=12, prompts=(("", 5),))
    answered = study[study["answered"].notna()]
    same(
        beep_compliance(as_dask(answered), by=by, design=design),
        beep_compliance(answered, by=by, design=design),
        keys,
    )


@pytest.mark.slow
def test_compliance_by_time_of_day(client, study):
    got = beep_compliance(as_dask(study), by="time_of_day")
    pd.testing.assert_frame_equal(got, beep_compliance(study, by="time_of_day"), check_dtype=False)


@pytest.mark.slow
def test_daily_means_of_custom_items(client, study):
    keys = ["participant", "date"]
    expected = daily_means(study, ["stress", "neg_mood"]).set_index(keys)
    same(daily_means(as_dask(study), ["stress", "neg_mood"]), expected, keys)


@pytest.mark.slow
@pytest.mark.parametrize("across", [False, True])
def test_beep_lags_and_centring_of_custom_items(client, study, across):
    keys = ["participant", "scheduled"]
    expected = lag(
        person_center(study, ["stress", "neg_mood"]), "stress", by="beep", across_days=across
    )
    result = lag(
        person_center(as_dask(study), ["stress", "neg_mood"]),
        "stress",
        by="beep",
        across_days=across,
    )
    columns = [*keys, "stress_lag1", "stress_cw", "neg_mood_pm"]
    same(result[columns], expected[columns].set_index(keys), keys)
