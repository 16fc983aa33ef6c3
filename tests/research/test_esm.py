"""Several prompts a day: compliance, daily means, beep lags, MSSD, ICC and the model on any
declared item. Reference values by hand, or computed independently in the test."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reflectkit.research import (
    Design,
    beep_compliance,
    daily_means,
    icc,
    lag,
    mssd_by_person,
    person_center,
    within_person_model,
)


def beeps(rows):
    """(participant, date, HH:MM, stress or None) -> a study frame listing unanswered beeps."""
    frame = pd.DataFrame(rows, columns=["participant", "date", "time", "stress"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["scheduled"] = frame["date"] + pd.to_timedelta(frame["time"] + ":00")
    frame["answered"] = frame["scheduled"].where(frame["stress"].notna()) + pd.Timedelta(minutes=2)
    frame["stress"] = frame["stress"].astype("float64")
    return frame


@pytest.fixture
def two_days():
    return beeps(
        [
            ("a", "2024-01-01", "09:00", 2),
            ("a", "2024-01-01", "13:00", 4),
            ("a", "2024-01-01", "17:00", None),
            ("a", "2024-01-01", "21:00", 6),
            ("a", "2024-01-02", "09:00", 3),
            ("a", "2024-01-02", "13:00", 6),
            ("a", "2024-01-02", "17:00", 5),
            ("a", "2024-01-02", "21:00", None),
            ("b", "2024-01-01", "09:00", None),
            ("b", "2024-01-01", "13:00", 1),
        ]
    )


def test_compliance_against_the_beeps_sent_per_participant_day_and_time(two_days):
    table = beep_compliance(two_days)
    assert table.loc["a"].tolist() == [8, 6, 0.75]
    assert table.loc["b"].tolist() == [2, 1, 0.5]
    by_day = beep_compliance(two_days, by="day")
    assert by_day.loc[("a", pd.Timestamp("2024-01-02")), "compliance"] == 0.75
    by_time = beep_compliance(two_days, by="time_of_day", hours=6)
    # 06-12: a 2/2, b 0/1; 12-18: a 3/4, b 1/1; 18-24: a 1/2
    assert by_time["answered"].to_dict() == {"06:00-12:00": 2, "12:00-18:00": 4, "18:00-00:00": 1}
    assert by_time["expected"].to_dict() == {"06:00-12:00": 3, "12:00-18:00": 5, "18:00-00:00": 2}


def test_compliance_against_the_design_when_only_answers_are_listed(two_days):
    answered = two_days[two_days["stress"].notna()]
    with pytest.raises(Exception, match="give the design"):
        beep_compliance(answered)
    design = Design(days=3, prompts=(("", 4),))
    table = beep_compliance(answered, design=design)
    assert table.loc["a"].tolist() == [12, 6, 0.5]  # 3 days x 4 prompts, whatever the rows
    assert table.loc["b", "expected"] == 12 and table.loc["b", "answered"] == 1


def test_daily_means_of_beeps(two_days):
    days = daily_means(two_days, "stress").set_index(["participant", "date"])
    assert days.loc[("a", pd.Timestamp("2024-01-01")), "stress"] == 4.0  # (2 + 4 + 6) / 3
    assert days.loc[("a", pd.Timestamp("2024-01-02")), "beeps_answered"] == 3
    assert days.loc[("b", pd.Timestamp("2024-01-01")), "stress"] == 1.0


def test_lags_within_and_across_days_by_beep_and_by_day(two_days):
    a = two_days["participant"] == "a"
    within = lag(two_days, "stress", by="beep")["stress_lag1"][a].tolist()
    assert within == pytest.approx([np.nan, 2, 4, np.nan, np.nan, 3, 6, 5], nan_ok=True)
    across = lag(two_days, "stress", by="beep", across_days=True)["stress_lag1"][a].tolist()
    assert across[4] == 6  # the first prompt of day 2 meets the last one of day 1
    daily = lag(daily_means(two_days, "stress"), "stress")
    assert (
        daily.set_index(["participant", "date"]).loc[
            ("a", pd.Timestamp("2024-01-02")), "stress_lag1"
        ]
        == 4.0
    )


def test_a_beep_lag_on_data_that_lists_answers_only_is_refused(two_days):
    with pytest.raises(Exception, match="lists answered beeps only"):
        lag(two_days[two_days["stress"].notna()], "stress", by="beep")


def test_mssd_by_prompt_never_crosses_an_unanswered_prompt_or_the_night(two_days):
    table = mssd_by_person(two_days, "stress", by="prompt")
    # a: day 1 pairs (2,4) only, 6 follows an unanswered prompt; day 2 (3,6), (6,5): (4+9+1)/3
    assert table.loc["a", "mssd"] == pytest.approx(14 / 3)


def test_person_centring_and_icc_on_a_custom_item_match_an_independent_computation(rng):
    people, per = 30, 40
    frame = pd.DataFrame(
        {
            "participant": np.repeat([f"p{i}" for i in range(people)], per),
            "stress": np.repeat(rng.normal(50, 10, people), per) + rng.normal(0, 10, people * per),
        }
    )
    centred = person_center(frame, "stress")
    assert centred.groupby("participant")["stress_cw"].mean().abs().max() < 1e-9
    import statsmodels.api as sm

    fit = sm.MixedLM(frame["stress"], np.ones(len(frame)), groups=frame["participant"]).fit(
        reml=True
    )
    tau, sigma = float(fit.cov_re.iloc[0, 0]), float(fit.scale)
    assert icc(frame, "stress") == pytest.approx(tau / (tau + sigma), rel=1e-6)
    assert 0.35 < icc(frame, "stress") < 0.65  # simulated with equal variances


def simulated_beeps(rng, *, within=0.5, previous=False, people=40, days=10, prompts=5):
    rows = []
    for i in range(people):
        own = rng.normal(0, 1)
        x = rng.normal(own, 1, (days, prompts))
        driver = np.concatenate([np.full((days, 1), np.nan), x[:, :-1]], axis=1) if previous else x
        y = (
            3
            + 0.8 * own
            + within * (driver - own)
            + rng.normal(0, 0.5)
            + rng.normal(0, 1, (days, prompts))
        )
        for d in range(days):
            for k in range(prompts):
                rows.append(
                    (
                        f"p{i}",
                        pd.Timestamp("2024-01-01") + pd.Timedelta(days=d),
                        f"{9 + 3 * k:02d}:00",
                        x[d, k],
                        y[d, k],
                    )
                )
    frame = pd.DataFrame(rows, columns=["participant", "date", "time", "calm", "stress"])
    frame["scheduled"] = frame["date"] + pd.to_timedelta(frame["time"] + ":00")
    frame["answered"] = frame["scheduled"]
    frame.loc[frame.sample(frac=0.1, random_state=1).index, ["answered", "calm", "stress"]] = np.nan
    return frame


def test_the_within_person_model_recovers_a_slope_between_prompts(rng):
    same = within_person_model(
        simulated_beeps(rng), outcome="stress", predictor="calm", lag_by="beep"
    )
    row = same.table.iloc[1]
    assert row["ci_low"] < 0.5 < row["ci_high"]
    assert same.sentence.startswith("At prompts with one unit more calm")
    before = simulated_beeps(rng, previous=True)
    lagged = within_person_model(before, outcome="stress", predictor="calm", lag=1, lag_by="beep")
    row = lagged.table.iloc[1]
    assert row["ci_low"] < 0.5 < row["ci_high"]
    assert "the prompt before" in lagged.sentence
