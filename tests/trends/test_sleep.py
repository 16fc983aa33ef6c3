"""Sleep timing reference values from metrics.md."""

import numpy as np
import pandas as pd
import pytest

from reflectkit.clock import format_clock
from reflectkit.trends import (
    midpoint_variability,
    sleep_midpoint,
    sleep_regularity_index,
    social_jetlag,
)


def test_midpoint_is_bedtime_plus_half_the_night():
    frame = pd.DataFrame({"bedtime": ["23:30"], "wake_time": ["07:15"], "sleep_hours": [np.nan]})
    assert format_clock(sleep_midpoint(frame).iloc[0]) == "03:22:30"


def test_midpoint_variability_is_circular():
    assert round(midpoint_variability(pd.Series([23.5 * 60, 0.5 * 60])), 2) == 0.71
    assert round(float(np.std([23.5, 0.5], ddof=1)), 2) == 16.26  # what plain clock numbers give


def test_sleep_regularity_index_reference():
    nights = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "bedtime": ["23:00", "23:00"],
            "wake_time": ["06:00", "07:00"],
        }
    )
    assert round(sleep_regularity_index(nights), 2) == 91.67


def test_sleep_regularity_leaves_unknown_days_out():
    nights = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-01", "2024-01-03"]),
            "bedtime": ["23:00", "23:00"],
            "wake_time": ["07:00", "07:00"],
        }
    )
    assert np.isnan(sleep_regularity_index(nights))  # no two consecutive known days


@pytest.mark.parametrize(
    ("free", "work", "hours"), [(4.5, 23.5, 5.0), (23.5, 4.5, 5.0), (3, 1, 2.0)]
)
def test_social_jetlag_takes_the_short_way_round(free, work, hours):
    assert social_jetlag(free * 60, work * 60) == hours
