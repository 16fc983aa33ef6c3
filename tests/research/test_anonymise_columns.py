"""Anonymisation keeps an allow-list: schema columns and declared columns, nothing else."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest
from anon_data import KEY, cohort
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit import schema as s
from reflectkit.research import AnonymisationError, anonymise, load_cohort
from reflectkit.research.anonymise import QUASI_IDENTIFIERS, pseudonym

PEOPLE = 8


def issue_extras() -> dict[str, list]:
    """The columns from the issue: an enrolment date, local save times and identifiers."""
    start = pd.Timestamp("2024-03-04")
    return {
        "start_date": [start] * PEOPLE,
        "recorded_local": [
            [start + pd.Timedelta(days=d, hours=21, minutes=15) for d in range(5)]
            for _ in range(PEOPLE)
        ],
        "birth_year": [1980 + 3 * i for i in range(PEOPLE)],
        "phone": [f"+44 7700 9001{i:02d}" for i in range(PEOPLE)],
        "student_no": [2023100 + i for i in range(PEOPLE)],
    }


@pytest.fixture
def parquet_cohort(tmp_path) -> pd.DataFrame:
    """The issue's case: a Parquet file whose extra columns arrive typed (dates, numbers)."""
    path = tmp_path / "study.parquet"
    cohort(PEOPLE, extra=issue_extras()).to_parquet(path, index=False)
    return load_cohort(path)


def in_output_order(frame: pd.DataFrame) -> pd.DataFrame:
    """The input rows in the order anonymise writes them (by pseudonym, then date)."""
    code = frame["participant"].map(lambda p: pseudonym(p, key=KEY))
    return frame.assign(_code=code).sort_values(["_code", "date"]).reset_index(drop=True)


def test_undeclared_columns_are_dropped_and_listed(parquet_cohort):
    out, report = anonymise(parquet_cohort, key=KEY)
    extras = ["start_date", "recorded_local", "birth_year", "phone", "student_no"]
    assert not set(extras) & set(out.columns)
    assert set(out.columns) <= set(s.COLUMNS)
    text = report.to_markdown()
    for column in extras:
        assert column in report.dropped and f"`{column}`" in text
    assert "dates" in report.dropped["start_date"] and "keep_dates" in report.dropped["start_date"]
    assert "numbers" in report.dropped["student_no"]
    csv = out.to_csv(index=False)
    assert "7700" not in csv and "2023100" not in csv


def test_declared_dates_move_with_the_participant_and_keep_their_distance(parquet_cohort):
    out, report = anonymise(
        parquet_cohort,
        key=KEY,
        keep_dates=("start_date", "recorded_local"),
        keep_numeric=("student_no",),
        quasi_identifiers=("birth_year",),
    )
    before = in_output_order(parquet_cohort)
    # date - start_date is what the issue used to read every offset: it must be unchanged,
    # and start_date itself must move (by the same offset as date).
    pd.testing.assert_series_equal(
        out["date"] - out["start_date"], before["date"] - before["start_date"]
    )
    pd.testing.assert_series_equal(
        out["recorded_local"] - out["date"], before["recorded_local"] - before["date"]
    )
    assert (out["start_date"] != before["start_date"]).all()
    assert (out["recorded_local"].dt.strftime("%H:%M") == "21:15").all()
    assert "2024-03" not in out.to_csv(index=False)
    assert set(out["birth_year"]) == {"1980-1989", "1990-1999", "2000-2009"}  # 1980..2001
    assert out["student_no"].dtype == "int64" and "phone" not in out
    assert report.actions["start_date"].startswith("shifted with the participant's `date`")
    assert any("`student_no` holds one value per participant" in w for w in report.warnings)


def test_declared_timestamps_keep_their_local_clock_and_lose_their_zone():
    # 21:15 every evening in Berlin, across the change to summer time on 2024-03-31: a UTC
    # offset (+01:00 / +02:00) in the output would show on which side of it each day was.
    days = [
        [pd.Timestamp(f"2024-03-{29 + d}" if d < 3 else f"2024-04-{d - 2:02d}") for d in range(5)]
        for _ in range(PEOPLE)
    ]
    local = [
        [pd.Timestamp(day.date().isoformat() + " 21:15", tz="Europe/Berlin") for day in person]
        for person in days
    ]
    frame = cohort(PEOPLE, start="2024-03-29", extra={"saved": local})
    frame["saved"] = pd.to_datetime(frame["saved"].tolist()).tz_convert("Europe/Berlin")
    out, report = anonymise(frame, key=KEY, keep_dates=("saved",))
    assert out["saved"].dt.tz is None
    assert (out["saved"].dt.strftime("%H:%M") == "21:15").all()
    assert ((out["saved"].dt.normalize() - out["date"]).dt.days == 0).all()
    assert "time zone removed" in report.actions["saved"]


def test_declared_dates_as_text_are_parsed_and_shifted():
    frame = cohort(PEOPLE, extra={"start_date": ["2024-03-04"] * PEOPLE})
    out, _ = anonymise(frame, key=KEY, keep_dates=("start_date",))
    assert (out["start_date"] == out.groupby("participant")["date"].transform("min")).all()


def test_study_days_replace_declared_dates_too():
    frame = cohort(PEOPLE, extra={"start_date": ["2024-03-04"] * PEOPLE})
    out, report = anonymise(frame, key=KEY, dates="study_day", keep_dates=("start_date",))
    assert "start_date" not in out and "date" not in out
    assert out["start_date_study_day"].eq(1).all()
    assert report.dropped["start_date"] == "replaced by `start_date_study_day`"


def test_quasi_identifiers_are_coarsened_and_missing_stays_missing():
    extra = {
        "age": [23, 35, np.nan, 91, 47, 58, 64, 72],
        "postcode": ["SW1A 1AA", None, "EC1A 1BB", "N1 9GU", "SW1A 2AA", "E1 6AN", None, "W1A"],
    }
    out, _ = anonymise(cohort(PEOPLE, extra=extra), key=KEY)
    by_person = in_output_order(cohort(PEOPLE, extra=extra))
    expected_age = by_person["age"].map(
        lambda a: (
            None if a != a else "90+" if a >= 90 else f"{int(a // 10 * 10)}-{int(a // 10 * 10) + 9}"
        )
    )
    assert out["age"].isna().tolist() == expected_age.isna().tolist()
    assert (out["age"].dropna() == expected_age.dropna()).all()
    assert out["postcode"].isna().sum() == by_person["postcode"].isna().sum()
    assert set(out["postcode"].dropna()) <= {"SW***", "EC***", "N1***", "E1***", "W1***"}


@given(ages=st.lists(st.one_of(st.none(), st.integers(0, 120)), min_size=PEOPLE, max_size=PEOPLE))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_age_bands_hold_the_age_and_never_invent_one(ages):
    frame = cohort(PEOPLE, days=1, extra={"age": [np.nan if a is None else a for a in ages]})
    out, _ = anonymise(frame, key=KEY)
    before = in_output_order(frame)
    for age, band in zip(before["age"], out["age"], strict=True):
        if age != age:
            assert band != band  # missing stays missing (never "90+")
        elif age >= 90:
            assert band == "90+"
        else:
            low, high = (int(x) for x in band.split("-"))
            assert low <= age <= high and high - low == 9 and low % 10 == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"keep_numeric": ("phone",)},
            r"`phone` was declared numeric, but 40 values are not numbers \(rows 1, 2, 3, 4, 5, ...\)",
        ),
        ({"keep_text": ("start_date",)}, r"`start_date` holds dates.*keep_dates"),
        ({"quasi_identifiers": ("start_date",)}, r"`start_date` holds dates"),
        ({"keep_numeric": ("start_date",)}, r"`start_date` holds dates"),
        ({"keep_dates": ("phone",)}, r"`phone` was declared as dates"),
        ({"keep_dates": ("student_no",)}, r"`student_no` was declared as dates, but holds numbers"),
        ({"keep_numeric": ("mood",)}, r"`mood` is a schema column"),
        ({"keep_dates": ("recorded_at",)}, r"`recorded_at` is a schema column"),
        ({"keep_text": ("participant",)}, r"`participant` is a schema column"),
        (
            {"quasi_identifiers": ("brith_year",)},
            r"names `brith_year`, which is not a column.*`birth_year`",
        ),
        (
            {"keep_numeric": ("birth_year",), "quasi_identifiers": ("birth_year",)},
            r"`birth_year` is declared in both keep_numeric and quasi_identifiers",
        ),
        ({"keep_text": "phone"}, r"keep_text takes a list of column names"),
    ],
)
def test_declarations_that_cannot_be_honoured_are_refused(parquet_cohort, options, message):
    with pytest.raises(AnonymisationError, match=message) as caught:
        anonymise(parquet_cohort, key=KEY, **options)
    assert "7700" not in str(caught.value)  # values (maybe identifiers) stay out of messages


def test_study_days_never_overwrite_a_column(parquet_cohort):
    frame = parquet_cohort.assign(start_date_study_day=1)
    with pytest.raises(AnonymisationError, match=r"`start_date_study_day`, which the data"):
        anonymise(frame, key=KEY, dates="study_day", keep_dates=("start_date",))


def test_utc_timestamps_are_kept_on_the_utc_clock_with_a_warning():
    frame = cohort(PEOPLE)
    frame["saved"] = (frame["date"] + pd.Timedelta(hours=20)).dt.tz_localize("UTC")
    out, report = anonymise(frame, key=KEY, keep_dates=("saved",))
    assert (out["saved"].dt.hour == 20).all() and out["saved"].dt.tz is None
    assert any("`saved` held times in UTC" in w for w in report.warnings)


def test_text_that_starts_with_a_date_is_still_text():
    frame = cohort(PEOPLE, extra={"diary": ["2024-03-04 was a calm day"] * PEOPLE})
    out, report = anonymise(frame, key=KEY, keep_text=("diary",))
    assert "diary" in out and any(
        "`diary` is free text kept on request" in w for w in report.warnings
    )


def test_a_declaration_wins_over_the_name_but_an_undeclared_name_is_still_reported(parquet_cohort):
    frame = parquet_cohort.assign(gender="f", country="NL")
    out, report = anonymise(frame, key=KEY, quasi_identifiers=("gender",))
    assert "country" not in out and "country" in report.dropped
    out, report = anonymise(frame, key=KEY)
    assert "found by its name" in report.actions["country"]
    assert report.quasi_identifiers == ["gender", "country"]


NAMES = st.text(string.ascii_lowercase + "_", min_size=3, max_size=12).filter(
    lambda n: n not in s.FIELD_BY_NAME and n not in QUASI_IDENTIFIERS and n != "study_day"
)
VALUES = st.sampled_from(["int", "float", "text", "date", "datetime", "bool", "empty"])


def column_of(kind: str, rows: int, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    if kind == "int":
        return pd.Series(rng.integers(0, 10**9, rows))
    if kind == "float":
        return pd.Series(rng.normal(size=rows))
    if kind == "text":
        return pd.Series([f"id-{v}" for v in rng.integers(0, 99, rows)])
    if kind == "date":
        return pd.Series(
            pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 99, rows), "D")
        )
    if kind == "datetime":
        return pd.Series(
            pd.Timestamp("2024-01-01 09:30") + pd.to_timedelta(rng.integers(0, 99, rows), "h")
        )
    if kind == "bool":
        return pd.Series(rng.integers(0, 2, rows).astype(bool))
    return pd.Series([None] * rows, dtype=object)


@given(columns=st.dictionaries(NAMES, VALUES, min_size=1, max_size=6), seed=st.integers(0, 2**16))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_undeclared_column_ever_reaches_the_output(columns, seed):
    frame = cohort(6, days=3)
    for i, (name, kind) in enumerate(columns.items()):
        frame[name] = column_of(kind, len(frame), seed + i).to_numpy()
    for dates in ("shift", "study_day"):
        out, report = anonymise(frame, key=KEY, dates=dates)
        assert set(out.columns) <= set(s.COLUMNS) | {"study_day"}
        assert set(columns) <= set(report.dropped)
        assert all(f"`{name}`" in report.to_markdown() for name in columns)
