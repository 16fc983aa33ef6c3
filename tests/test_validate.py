import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectkit import CheckinValidationError
from reflectkit.validate import empty_checkins, validate_checkins


def check(**columns):
    return validate_checkins(
        pd.DataFrame(columns), lines=list(range(2, 2 + len(next(iter(columns.values())))))
    )


def test_valid_rows_are_typed_and_sleep_hours_derived():
    typed, problems = check(date=["2024-03-02"], bedtime=["23:30"], wake_time=["7:15"], mood=["6"])
    assert problems.empty
    assert typed.loc[0, "sleep_hours"] == 7.75
    assert typed.loc[0, "wake_time"] == "07:15"
    assert typed["date"].dtype == "datetime64[ns]"
    assert typed["mood"].dtype == "float64"


def test_given_sleep_hours_win_over_derived():
    typed, _ = check(date=["2024-03-02"], bedtime=["23:30"], wake_time=["07:15"], sleep_hours=[6.5])
    assert typed.loc[0, "sleep_hours"] == 6.5


@pytest.mark.parametrize(
    ("column", "value", "problem"),
    [
        ("mood", "12", "must be a number from 1 to 10"),
        ("mood", "high", "must be a number from 1 to 10"),
        ("meals", "2.5", "must be a whole number from 0 to 10"),
        ("sleep_hours", "25.5", "must be a number from 0 to 24"),
        ("bedtime", "25:00", "must be a clock time HH:MM"),
        ("social_contact", "hugs", "must be one of 'none', 'message'"),
        ("date", "2024-02-30", "must be a date written YYYY-MM-DD"),
        ("date", "", "is required"),
    ],
)
def test_each_problem_names_line_column_value_and_rule(column, value, problem):
    row = {"date": ["2024-03-02"], column: [value]}
    _, problems = check(**row)
    assert problems.loc[0, "line"] == 2
    assert problems.loc[0, "column"] == column
    assert problem in problems.loc[0, "problem"]
    assert list(problems.columns) == ["line", "column", "value", "problem"]


def test_equal_bed_and_wake_time_is_refused_unless_hours_given():
    _, problems = check(date=["2024-03-02"], bedtime=["07:00"], wake_time=["07:00"])
    assert "0 or 24 hours" in problems.loc[0, "problem"]
    typed, problems = check(
        date=["2024-03-02"], bedtime=["07:00"], wake_time=["07:00"], sleep_hours=["24"]
    )
    assert problems.empty and typed.loc[0, "sleep_hours"] == 24


def test_missing_date_column_is_explained():
    with pytest.raises(CheckinValidationError, match="add a `date` column"):
        validate_checkins(pd.DataFrame({"mood": [5]}))


def test_empty_frame_has_every_schema_column():
    frame = empty_checkins()
    assert frame.empty and "feeling_access" in frame.columns


@pytest.mark.parametrize("hours_on_one_row", [False, True])
def test_a_sleep_diary_derives_hours_and_names_the_row_with_equal_times(hours_on_one_row):
    """Times on every row and no hours (one path), or hours on one row (the other)."""
    typed, problems = check(
        date=["2024-03-01", "2024-03-02", "2024-03-03"],
        bedtime=["23:30", "07:00", "22:00"],
        wake_time=["07:15", "07:00", "06:00"],
        sleep_hours=["", "", "8.5" if hours_on_one_row else ""],
    )
    assert problems[["line", "column"]].values.tolist() == [[3, "wake_time"]]
    assert typed["sleep_hours"].iloc[0] == 7.75 and pd.isna(typed["sleep_hours"].iloc[1])
    assert typed["sleep_hours"].iloc[2] == (8.5 if hours_on_one_row else 8.0)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([("mood", 1, 10, False), ("meals", 0, 10, True)]),
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-3, 14).map(float),
            st.floats(allow_nan=True, allow_infinity=True, width=64),
        ),
        min_size=1,
        max_size=30,
    ),
)
def test_every_number_outside_the_rules_is_named_and_no_other(rule, values):
    """The schema checks run only when a quick look at each column's extremes says "maybe":
    the problems must still be exactly the cells a hand rule finds (mood: 1 to 10; meals:
    whole, 0 to 10)."""
    column, lowest, highest, whole = rule
    numbers = pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    _, problems = validate_checkins(
        pd.DataFrame({"date": ["2024-01-01"] * len(numbers), column: numbers}),
        lines=list(range(2, 2 + len(numbers))),
    )
    breaking = [
        i + 2
        for i, v in enumerate(numbers)
        if not math.isnan(v) and not (lowest <= v <= highest and (not whole or v.is_integer()))
    ]
    assert problems.loc[problems["column"] == column, "line"].tolist() == breaking


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(min_value=dt.datetime(1850, 1, 1), max_value=dt.datetime(2250, 12, 31)),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["s", "ms", "us", "ns"]),
)
def test_dates_given_as_datetimes_keep_their_day_and_the_range(values, unit):
    """A date with a time of day keeps its calendar day (also before 1970); one outside
    1900-2199 is named. Reference: the day written out by the standard library."""
    stamps = pd.Series(
        [np.datetime64("NaT") if v is None else np.datetime64(v, unit) for v in values],
        dtype=f"datetime64[{unit}]",
    )
    typed, problems = validate_checkins(
        pd.DataFrame({"date": stamps}), lines=list(range(2, 2 + len(stamps)))
    )
    inside = [v is not None and 1900 <= v.year <= 2199 for v in values]
    days = [f"{v:%Y-%m-%d}" if ok else None for v, ok in zip(values, inside, strict=True)]
    assert [None if pd.isna(d) else f"{d:%Y-%m-%d}" for d in typed["date"]] == days
    outside = [i + 2 for i, v in enumerate(values) if v is not None and not inside[i]]
    named = problems.loc[problems["problem"].str.startswith("must be"), "line"].tolist()
    assert named == outside


def test_dates_in_arrow_types_keep_their_local_day():
    """A frame read with ``dtype_backend="pyarrow"``: the day is the one where it was written."""
    import pyarrow as pa

    tokyo = pd.ArrowDtype(pa.timestamp("ns", tz="Asia/Tokyo"))
    late = pd.Timestamp("2024-01-01 23:30", tz="UTC")  # 08:30 on 2 January in Tokyo
    dates = pd.Series(pd.array([late, None], dtype=tokyo))
    days = pd.Series(pd.array([dt.date(2024, 1, 3), None], dtype=pd.ArrowDtype(pa.date32())))
    for column, expected in ((dates, "2024-01-02"), (days, "2024-01-03")):
        typed, problems = validate_checkins(pd.DataFrame({"date": column}))
        assert f"{typed['date'].iloc[0]:%Y-%m-%d}" == expected
        assert pd.isna(typed["date"].iloc[1]) and problems["column"].tolist() == ["date"]
    stamps = pd.Series(pd.array([late], dtype=tokyo))
    typed, problems = validate_checkins(
        pd.DataFrame({"date": ["2024-01-02"], "recorded_at": stamps})
    )
    assert typed["recorded_at"].iloc[0] == late and problems.empty


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1439), st.integers(0, 1439)), min_size=1, max_size=25))
def test_a_sleep_diary_gets_the_hours_of_each_night_and_names_each_equal_pair(nights):
    """Reference: (wake - bed) mod 24 h by hand; equal times named, whatever their place."""
    clock = [(f"{b // 60:02d}:{b % 60:02d}", f"{w // 60:02d}:{w % 60:02d}") for b, w in nights]
    typed, problems = check(
        date=[f"2024-01-{1 + i % 28:02d}" for i in range(len(nights))],
        bedtime=[b for b, _ in clock],
        wake_time=[w for _, w in clock],
    )
    expected = [((w - b) % 1440) / 60 if w != b else None for b, w in nights]
    got = [None if math.isnan(h) else h for h in typed["sleep_hours"]]
    assert got == pytest.approx(expected)
    equal = [i + 2 for i, (b, w) in enumerate(nights) if b == w]
    assert problems.loc[problems["column"] == "wake_time", "line"].tolist() == equal


def test_an_arrow_date_out_of_range_is_shown_as_written():
    import pyarrow as pa

    days = pd.Series(pd.array([dt.date(1899, 12, 31)], dtype=pd.ArrowDtype(pa.date32())))
    _, problems = validate_checkins(pd.DataFrame({"date": days}), lines=[2])
    assert problems["value"].tolist() == ["1899-12-31"]


def test_an_empty_frame_and_a_frame_of_times_written_loosely():
    typed, problems = validate_checkins(pd.DataFrame({"date": pd.Series([], dtype="str")}))
    assert typed.empty and problems.empty
    typed, problems = check(
        date=["2024-01-01", "2024-01-02"], bedtime=[" 23:30", "7:00"], wake_time=["7:15 ", "07:00"]
    )
    assert typed["bedtime"].tolist() == ["23:30", "07:00"]
    assert typed["sleep_hours"].iloc[0] == 7.75 and pd.isna(typed["sleep_hours"].iloc[1])
    assert problems[["line", "column"]].values.tolist() == [[3, "wake_time"]]
