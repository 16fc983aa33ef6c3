"""Sleep duration across midnight: the reference values in metrics.md."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflectkit.clock import clock_minutes, format_clock, sleep_duration_hours, sleep_hours


@pytest.mark.parametrize(
    ("bed", "wake", "hours"),
    [("23:30", "07:15", 7.75), ("23:00", "08:00", 9.0), ("21:20", "03:45", 6.417)],
)
def test_duration_across_midnight(bed, wake, hours):
    assert round(sleep_hours(bed, wake), 3) == hours


def test_equal_times_are_refused_with_a_request_for_hours():
    with pytest.raises(ValueError, match="could be 0 or 24 hours.*enter the hours"):
        sleep_hours("07:00", "07:00")


def test_vectorised_duration_leaves_gaps_and_equal_times_empty():
    out = sleep_duration_hours(
        pd.Series(["23:30", None, "07:00"]), pd.Series(["07:15", "07:00", "07:00"])
    )
    assert out.iloc[0] == 7.75
    assert out.iloc[1:].isna().all()


def test_clock_parsing_and_formatting():
    assert clock_minutes(pd.Series(["7:05", "23:59", "24:00", "x", None])).tolist()[:2] == [
        425,
        1439,
    ]
    assert clock_minutes(pd.Series(["24:00", "x", None])).isna().all()
    assert format_clock(3 * 60 + 22.5) == "03:22:30"
    assert format_clock(-30) == "23:30"


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 1439)), st.one_of(st.none(), st.integers(0, 1439))
        ),
        max_size=30,
    )
)
def test_vectorised_duration_equals_a_minute_by_minute_count(pairs):
    """Reference: walk the clock a minute at a time from bedtime to wake time."""

    def text(minute):
        return None if minute is None else f"{minute // 60:02d}:{minute % 60:02d}"

    def walked(bed, wake):
        if bed is None or wake is None or bed == wake:
            return None
        steps, now = 0, bed
        while now != wake:
            now, steps = (now + 1) % 1440, steps + 1
        return steps / 60

    got = sleep_duration_hours(
        pd.Series([text(b) for b, _ in pairs], dtype=object),
        pd.Series([text(w) for _, w in pairs], dtype=object),
    )
    expected = [walked(b, w) for b, w in pairs]
    assert [None if pd.isna(x) else round(x, 9) for x in got] == [
        None if e is None else round(e, 9) for e in expected
    ]


def test_each_nights_two_times_are_paired_by_label_not_position():
    bed = pd.Series(["22:00", "23:00"], index=[0, 1])
    wake = pd.Series(["07:00", "08:00"], index=[1, 0])
    assert sleep_duration_hours(bed, wake).tolist() == [10.0, 8.0]


def test_minutes_can_be_changed_by_whoever_asked_for_them():
    from reflectkit.clock import clock_minutes

    for times in (["07:00", "08:00"], [" 7:00", "8:00"], ["07:00", None]):
        minutes = clock_minutes(pd.Series(times))
        minutes.iloc[0] = 1
        assert minutes.iloc[0] == 1
