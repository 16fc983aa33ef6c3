"""What the numbers mean: which night meets which day, text dates, prompts, compliance.

Every expected value is computed by hand (in the comments) or is the truth a simulation
was built with, never this code's own output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from research_data import simulate, typed

from reflectkit import ReflectkitError
from reflectkit.research import (
    compliance,
    format_p,
    lag,
    mssd_by_person,
    within_person_model,
)
from reflectkit.trends import mssd


def test_the_default_pairs_each_day_with_the_night_before_it(rng):
    """Schema-shaped data: mood(d) depends on row d's sleep, the night before day d."""
    data = simulate(rng, within=0.5)
    same_row = within_person_model(data, outcome="mood", predictor="sleep_hours")
    row = same_row.table.iloc[1]
    assert row["ci_low"] <= 0.5 <= row["ci_high"]  # the simulated truth
    assert "On days after a night with one hour more sleep" in same_row.sentence
    assert "points higher" in same_row.sentence
    night_before_last = within_person_model(data, outcome="mood", predictor="sleep_hours", lag=1)
    row = night_before_last.table.iloc[1]
    assert row["ci_low"] <= 0.0 <= row["ci_high"]  # no link was simulated there
    assert "On days 2 nights after a night" in night_before_last.sentence
    assert "not clearly different" in night_before_last.sentence


def test_lag_one_finds_a_link_built_with_the_night_before_the_previous_day(rng):
    data = simulate(rng, within=0.5, nights_before=1)
    row = within_person_model(data, outcome="mood", predictor="sleep_hours", lag=1).table.iloc[1]
    assert row["ci_low"] <= 0.5 <= row["ci_high"]


def test_the_sentence_names_the_same_day_for_daytime_predictors(rng):
    data = (
        simulate(rng)
        .drop(columns="movement_minutes")
        .rename(columns={"sleep_hours": "movement_minutes"})
    )
    result = within_person_model(data, outcome="mood", predictor="movement_minutes")
    assert "On days with ten minutes more movement" in result.sentence


@pytest.mark.parametrize(
    ("p", "text"), [(0.0000001, "p < 0.001"), (0.0421, "p = 0.042"), (np.nan, "p not available")]
)
def test_p_values_never_print_as_zero(p, text):
    assert format_p(p) == text


# -- text dates are converted, or refused ------------------------------------------------

GAPPY = {
    "participant": "a",
    "date": ["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-05"],
    "mood": [3.0, 5.0, 4.0, 6.0],
}
# pairs (Jan 1, 2) and (Jan 4, 5): ((5 - 3)^2 + (6 - 4)^2) / 2 = 4.0; bridging Jan 2 -> 4 would give 3.0


def test_mssd_with_text_dates_does_not_bridge_the_gap():
    text = pd.DataFrame(GAPPY)  # dates as text, as read by pandas or a Dask CSV reader
    assert mssd_by_person(text, "mood").loc["a", "mssd"] == 4.0
    assert mssd(pd.Series(GAPPY["mood"], index=GAPPY["date"])) == 4.0
    assert mssd(pd.Series(GAPPY["mood"], index=[1, 2, 4, 5])) == 4.0  # study days


def test_lag_with_text_dates_equals_lag_with_dates():
    text = pd.DataFrame(GAPPY)
    lagged = lag(text, "mood", periods=1)["mood_lag1"].tolist()
    assert np.isnan(lagged[0]) and lagged[1] == 3.0 and np.isnan(lagged[2]) and lagged[3] == 4.0


def test_the_model_with_text_dates_equals_the_model_with_dates(rng):
    data = simulate(rng, people=20, days=20)
    as_text = data.assign(date=data["date"].dt.strftime("%Y-%m-%d"))
    for lag_days in (0, 1):
        typed_fit = within_person_model(data, lag=lag_days).table
        text_fit = within_person_model(as_text, lag=lag_days).table
        pd.testing.assert_frame_equal(typed_fit, text_fit)


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "01/02/2024x"])
def test_text_that_is_not_a_date_is_refused(bad):
    frame = pd.DataFrame({"participant": "a", "date": ["2024-01-01", bad], "mood": [3.0, 4.0]})
    for run in (
        lambda: mssd_by_person(frame, "mood"),
        lambda: lag(frame, "mood"),
        lambda: compliance(frame, days=2),
    ):
        with pytest.raises(ReflectkitError, match=r"`date` must hold dates"):
            run()
    with pytest.raises(ReflectkitError, match="indexed by date or by day number"):
        mssd(pd.Series([3.0, 4.0], index=["2024-01-01", bad]))


# -- several check-ins a day -----------------------------------------------------------------


def prompts() -> pd.DataFrame:
    return typed(
        pd.DataFrame(
            {
                "participant": "a",
                "date": ["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-02", "2024-01-02"],
                "time": ["09:00", "15:00", "09:00", "13:00", "18:00"],
                "mood": [2.0, 4.0, 3.0, 6.0, 5.0],
            }
        )
    )


def test_mssd_of_several_prompts_a_day_by_day_and_by_prompt():
    frame = prompts()
    # daily means 3.0 and 4.667: (4.667 - 3)^2 = 2.778
    assert round(mssd_by_person(frame, "mood").loc["a", "mssd"], 3) == 2.778
    # within day 1: (4 - 2)^2 = 4; day 2: (6 - 3)^2 = 9, (5 - 6)^2 = 1; overnight 4 -> 3 not used
    assert round(mssd_by_person(frame, "mood", by="prompt").loc["a", "mssd"], 3) == round(14 / 3, 3)


def test_compliance_counts_days_not_rows():
    days = pd.date_range("2024-01-01", periods=56)
    rng = np.random.default_rng(5)
    answered = sorted(rng.choice(56, size=26, replace=False))
    extra = list(answered[:10])  # ten of those days have a second check-in
    dates = [days[i].strftime("%Y-%m-%d") for i in answered + extra]
    frame = pd.DataFrame({"participant": "a", "date": dates, "mood": 5.0})
    assert len(frame) == 36
    result = compliance(frame, days=56)
    assert result.loc["a", "completed"] == 26
    assert round(result.loc["a", "compliance"], 2) == 0.46  # 26 / 56, not 36 / 56 = 0.64


def test_compliance_with_several_prompts_counts_each_prompt_once_and_never_exceeds_one():
    frame = prompts()  # day 1: 2 prompts, day 2: 3 prompts; the design has 2 a day
    doubled = pd.concat([frame, frame.iloc[[0]]])  # the same prompt saved twice
    result = compliance(doubled, days=2, prompts_per_day=2)
    assert result.loc["a", "completed"] == 4  # 2 + min(3, 2)
    assert result.loc["a", "compliance"] == 1.0
    with pytest.raises(ReflectkitError, match="needs its `time`"):
        compliance(frame.assign(time=None), days=2, prompts_per_day=2)


def test_compliance_above_the_design_is_capped():
    frame = pd.DataFrame(
        {
            "participant": "a",
            "date": pd.date_range("2024-01-01", periods=10).strftime("%Y-%m-%d"),
            "mood": 5.0,
        }
    )
    assert compliance(frame, days=7).loc["a", "compliance"] == 1.0


def test_lag_takes_the_days_value_not_its_last_row():
    frame = pd.DataFrame(
        {
            "participant": "a",
            "date": ["2024-01-01", "2024-01-01", "2024-01-02"],
            "sleep_hours": [7.0, np.nan, 8.0],  # an evening row without sleep on Jan 1
        }
    )
    lagged = lag(frame, "sleep_hours")["sleep_hours_lag1"].tolist()
    assert lagged[2] == 7.0


def test_compliance_lists_a_participant_with_nothing_answered():
    frame = pd.DataFrame(
        {"participant": ["a", "b"], "date": ["2024-01-01", "2024-01-01"], "mood": [5.0, np.nan]}
    )
    result = compliance(frame, days=5, column="mood")
    assert result["compliance"].to_dict() == {"a": 0.2, "b": 0.0}  # the cohort mean is 0.1, not 0.2


def test_mssd_by_prompt_counts_each_prompt_once_and_orders_by_clock_time():
    frame = prompts()
    doubled = pd.concat([frame, frame.iloc[[4]]], ignore_index=True)  # the 18:00 prompt saved twice
    assert round(mssd_by_person(doubled, "mood", by="prompt").loc["a", "mssd"], 3) == round(
        14 / 3, 3
    )
    unpadded = frame.assign(time=["9:00", "15:00", "9:00", "13:00", "18:00"])
    assert round(mssd_by_person(unpadded, "mood", by="prompt").loc["a", "mssd"], 3) == round(
        14 / 3, 3
    )


def test_a_nap_logged_as_a_second_check_in_does_not_move_the_night():
    from reflectkit.trends import midpoint_change, sleep_regularity_index

    rows = pd.DataFrame(
        {
            "date": ["2024-01-02", "2024-01-03", "2024-01-03", "2024-01-04"],
            "bedtime": ["23:00", "23:00", "14:00", "23:00"],
            "wake_time": ["07:00", "07:00", "15:00", "07:00"],
        }
    )
    assert midpoint_change(rows) == 0.0
    # the nap is sleep: 60 minutes of Jan 3 afternoon differ from Jan 2's and Jan 4's:
    # 120 of 2880 pairs disagree -> agreement 95.83 %, SRI 91.67
    assert round(sleep_regularity_index(rows), 2) == 91.67
    assert (
        round(sleep_regularity_index(rows.iloc[[3, 2, 1, 0]]), 2) == 91.67
    )  # order does not matter
