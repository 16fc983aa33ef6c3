"""Sleep timing reference values from metrics.md."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectkit.clock import format_clock
from reflectkit.trends import (
    clock_gap_hours,
    midpoint_change,
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
    assert clock_gap_hours(free * 60, work * 60) == hours


def nights(dates, beds, wakes):
    return pd.DataFrame(
        {"date": pd.to_datetime(dates), "bedtime": beds, "wake_time": wakes, "sleep_hours": np.nan}
    )


@pytest.mark.parametrize(
    ("beds", "wakes", "expected"),
    [
        # a lie-in past noon: 13:00 vs 11:00 differ for 120 of 1440 minute pairs -> 83.33
        (["01:00", "01:00"], ["13:00", "11:00"], 83.33),
        # a day-sleeper: 09:00-17:00 vs 09:00-15:00 differ for 120 minutes -> 83.33
        (["09:00", "09:00"], ["17:00", "15:00"], 83.33),
        # a regular day-sleeper agrees on every pair
        (["09:00", "09:00"], ["17:00", "17:00"], 100.0),
    ],
)
def test_sleep_regularity_counts_any_sleep_window_whole(beds, wakes, expected):
    assert (
        round(sleep_regularity_index(nights(["2024-01-01", "2024-01-02"], beds, wakes)), 2)
        == expected
    )


def naive_sri(rows: list[tuple[str, str, str]]) -> float:
    """Phillips et al. 2017 minute by minute, with datetimes and sets (independent of the code).

    Each recorded night is asleep from bedtime to wake time (ending on its date); a recorded
    day is known for 24 h from its bedtime, and until the next night's bedtime when that
    next date is recorded too.
    """
    import datetime as dt

    minute = dt.timedelta(minutes=1)
    starts, asleep, known = {}, set(), set()
    parsed = []
    for date, bed, wake in rows:
        day = dt.datetime.fromisoformat(date)
        bh, bm = map(int, bed.split(":"))
        wh, wm = map(int, wake.split(":"))
        end = day + dt.timedelta(hours=wh, minutes=wm)
        length = ((wh * 60 + wm) - (bh * 60 + bm)) % 1440
        start = end - dt.timedelta(minutes=length)
        starts[day.date()] = start
        parsed.append((day.date(), start, end))
    for day, start, end in parsed:
        t = start
        while t < end:
            asleep.add(t)
            t += minute
        until = start + dt.timedelta(days=1)
        following = day + dt.timedelta(days=1)
        if following in starts:
            until = max(until, starts[following])
        t = start
        while t < until:
            known.add(t)
            t += minute
    day_later = dt.timedelta(days=1)
    pairs = [(t in asleep) == (t + day_later in asleep) for t in known if t + day_later in known]
    return -100 + 200 * sum(pairs) / len(pairs) if pairs else float("nan")


clock = st.builds(
    lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45])
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), clock, clock).filter(lambda n: n[1] != n[2]),
        min_size=2,
        max_size=6,
        unique_by=lambda n: n[0],
    )
)
def test_sleep_regularity_matches_a_minute_by_minute_reference(records):
    rows = [(f"2024-03-{1 + day:02d}", bed, wake) for day, bed, wake in sorted(records)]
    expected = naive_sri(rows)
    got = sleep_regularity_index(nights(*zip(*rows, strict=True)))
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected, abs=1e-9)


def test_sleep_regularity_reads_text_dates():
    frame = nights(["2024-01-01", "2024-01-02"], ["23:00", "23:00"], ["06:00", "07:00"])
    assert (
        round(sleep_regularity_index(frame.assign(date=["2024-01-01", "2024-01-02"])), 2) == 91.67
    )


def test_midpoint_change_is_the_step_from_night_to_night():
    days = pd.date_range("2024-01-01", periods=14).strftime("%Y-%m-%d")
    drift = [
        f"{(23 * 60 + 10 * i) // 60 % 24:02d}:{(23 * 60 + 10 * i) % 60:02d}" for i in range(14)
    ]
    wakes = [f"{(7 * 60 + 10 * i) // 60 % 24:02d}:{(7 * 60 + 10 * i) % 60:02d}" for i in range(14)]
    assert round(midpoint_change(nights(days, drift, wakes)), 2) == 0.17  # 10 minutes a night
    swing = nights(days, ["22:00", "00:00"] * 7, ["06:00", "08:00"] * 7)
    assert midpoint_change(swing) == 2.0  # an hour earlier, then an hour later: 2 h each step
    gap = nights(["2024-01-01", "2024-01-03"], ["22:00", "00:00"], ["06:00", "08:00"])
    assert np.isnan(midpoint_change(gap))  # no two consecutive nights


def test_social_jetlag_compares_nights_before_free_days_on_a_circle():
    days = pd.date_range("2024-01-01", periods=14)  # Monday Jan 1
    free = days.day_of_week >= 5  # rows dated Sat/Sun: the nights of Friday and Saturday
    beds = np.where(free, np.array(["01:00", "00:00"] * 7), "23:00")
    wakes = np.where(free, np.array(["09:00", "08:00"] * 7), "07:00")
    frame = nights(days, list(beds), list(wakes))
    # free midpoints 05:00 and 04:00 -> circular mean 04:30; work midpoint 03:00 -> 1.5 h
    assert round(social_jetlag(frame), 2) == 1.5
    around_midnight = nights(
        days,
        list(np.where(free, np.array(["19:30", "20:30"] * 7), "16:00")),
        list(np.where(free, np.array(["03:30", "04:30"] * 7), "00:00")),
    )
    # free midpoints 23:30 and 00:30 average to 00:00 (not 12:00); work midpoint 20:00 -> 4 h
    assert round(social_jetlag(around_midnight), 2) == 4.0
    flagged = frame.assign(holiday=free)  # or say which dates were free in a column
    assert round(social_jetlag(flagged, free_days="holiday"), 2) == 1.5
    with pytest.raises(Exception, match="weekday names"):
        social_jetlag(frame, free_days=("Saturday",))
