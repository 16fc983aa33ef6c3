import pandas as pd
import pytest

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
