"""Reference values from metrics.md, 'Diary / experience-sampling research'."""

import numpy as np
import pandas as pd
import pytest
from research_data import simulate, typed

from reflectkit.research import (
    compliance,
    icc,
    lag,
    mssd_by_person,
    person_center,
    within_person_model,
)


def test_compliance_uses_the_study_design_not_the_rows(stress_panel):
    result = compliance(stress_panel, days=5, column="energy")
    assert result["compliance"].round(2).tolist() == [0.8, 0.6, 1.0, 1.0]
    assert (result["expected"] == 5).all()
    present_rows = compliance(stress_panel.dropna(subset=["energy"]), days=5)
    assert present_rows["compliance"].round(2).tolist() == [0.8, 0.6, 1.0, 1.0]


def test_person_mean_centring(stress_panel):
    centred = person_center(stress_panel, "energy")
    one = centred[centred["participant"] == "1"]
    assert one["energy_pm"].iloc[0] == 2.75
    assert one["energy_cw"].tolist()[:2] == [-0.75, 0.25]
    assert np.isnan(one["energy_cw"].iloc[2])
    assert one["energy_cw"].tolist()[3:] == [1.25, -0.75]


def test_lags_are_gap_aware():
    frame = typed(
        pd.DataFrame(
            {
                "participant": "a",
                "date": ["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-05"],
                "mood": [1, 2, 4, 5],
            }
        )
    )
    lagged = lag(frame, "mood", periods=1)
    assert lagged["mood_lag1"].tolist()[:2] == [None, 1.0] or np.isnan(lagged["mood_lag1"].iloc[0])
    assert np.isnan(lagged["mood_lag1"].iloc[2])  # day 4: day 3 is missing, day 2 is not used
    assert lagged["mood_lag1"].iloc[3] == 4


def test_mssd_per_person_does_not_bridge_gaps():
    frame = typed(
        pd.DataFrame(
            {
                "participant": "a",
                "date": ["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-05"],
                "mood": [3, 5, 4, 6],
            }
        )
    )
    assert mssd_by_person(frame, "mood").loc["a", "mssd"] == 4.0


def test_within_person_slope_is_recovered_and_described_as_association(rng):
    result = within_person_model(simulate(rng), outcome="mood", predictor="sleep_hours")
    within = result.table.iloc[1]
    assert within["ci_low"] <= 0.5 <= within["ci_high"]
    between = result.table.iloc[2]
    assert between["estimate"] < 0.2  # the between-person slope was simulated as -0.4
    assert "association" in result.sentence and "cause" in result.sentence
    assert "causes" not in result.sentence.replace("not evidence that one causes", "")
    assert list(result.table.columns) == [
        "term",
        "estimate",
        "std_error",
        "ci_low",
        "ci_high",
        "p_value",
        "p",
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_icc_with_equal_variances_is_about_one_half(seed):
    rng = np.random.default_rng(seed)
    people, days = 45, 32
    rows = []
    for i in range(people):
        level = 5.5 + rng.normal(0, 1)
        rows += [
            {"participant": f"p{i}", "date": d, "mood": level + rng.normal(0, 1)}
            for d in pd.date_range("2024-01-01", periods=days).strftime("%Y-%m-%d")
        ]
    frame = pd.DataFrame(rows)
    frame = typed(frame[frame["mood"].between(1, 10)])
    assert 0.35 <= icc(frame, "mood") <= 0.65
