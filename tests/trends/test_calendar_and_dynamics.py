import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflectkit.schema import join_tags
from reflectkit.trends import (
    baseline_band,
    compare_to_baseline,
    daily,
    mssd,
    rmssd,
    rolling_means,
    weekly_summary,
)
from reflectkit.validate import validate_checkins


def checkins(**columns):
    typed, problems = validate_checkins(pd.DataFrame(columns))
    assert problems.empty
    return typed


def test_daily_calendar_keeps_gaps_as_nan_never_zero():
    days = daily(checkins(date=["2024-01-01", "2024-01-02", "2024-01-05"], mood=[3, 5, 4]))
    assert len(days) == 5
    assert days["mood"].isna().tolist() == [False, False, True, True, False]
    assert days["checked_in"].tolist() == [True, True, False, False, True]


def test_several_check_ins_a_day_are_combined_as_documented():
    days = daily(
        checkins(
            date=["2024-01-01", "2024-01-01"],
            time=["09:00", "21:00"],
            mood=[4, 6],
            moments=["calm", "laughter; calm"],
            social_contact=["message", "none"],
            note=["morning", "evening"],
        )
    )
    row = days.iloc[0]
    assert row["mood"] == 5
    assert row["moments"] == "calm; laughter"
    assert row["social_contact"] == "message"
    assert row["note"] == "morning\nevening"


def test_daily_per_participant_calendar():
    days = daily(
        checkins(
            participant=["a", "a", "b"],
            date=["2024-01-01", "2024-01-03", "2024-02-01"],
            mood=[1, 2, 3],
        )
    )
    assert days.index.names == ["participant", "date"]
    assert len(days.loc["a"]) == 3 and len(days.loc["b"]) == 1


@pytest.mark.parametrize(("values", "expected"), [([3, 5, 4], 2.5), ([3, 5, np.nan, 4, 6], 4.0)])
def test_mssd_reference_values(values, expected):
    series = pd.Series(values, index=pd.date_range("2024-01-01", periods=len(values)), dtype=float)
    assert mssd(series) == expected


def test_mssd_never_bridges_missing_calendar_days():
    series = pd.Series(
        [3.0, 5.0, 4.0, 6.0],
        index=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-04", "2024-01-05"]),
    )
    assert mssd(series) == 4.0
    assert (
        round(rmssd(pd.Series([3.0, 5.0, 4.0], index=pd.date_range("2024-01-01", periods=3))), 3)
        == 1.581
    )


def test_rolling_means_show_short_histories_but_break_at_long_gaps():
    index = pd.date_range("2024-01-01", periods=20)
    values = pd.Series([5.0] * 4 + [np.nan] * 10 + [6.0] * 6, index=index)
    means = rolling_means(values)
    assert means["7d"].iloc[3] == 5.0  # three days are enough to show something
    assert means["7d"].iloc[4:14].isna().all()  # the long gap is not bridged, not even partly
    assert means["7d"].iloc[-1] == 6.0
    short = rolling_means(pd.Series([5.0, 5.0, 5.0, np.nan, 5.0], index=index[:5]))
    assert short["7d"].iloc[3] == 5.0  # a single missing day may be carried across


def test_baseline_band_is_the_persons_own_previous_weeks():
    values = pd.Series(
        np.r_[np.full(28, 5.0), [9.0]], index=pd.date_range("2024-01-01", periods=29)
    )
    band = baseline_band(values)
    assert band["mean"].iloc[-1] == 5.0  # the band excludes the day itself


def test_change_is_named_only_beyond_normal_variation(rng):
    index = pd.date_range("2024-01-01", periods=35)
    flat = pd.Series(5 + rng.normal(0, 1, 35), index=index)
    assert compare_to_baseline(flat).words == "about the same as your usual"
    risen = pd.Series(np.r_[5 + rng.normal(0, 0.5, 28), 8 + rng.normal(0, 0.5, 7)], index=index)
    change = compare_to_baseline(risen)
    assert change.different and change.low > 0
    assert change.words == "noticeably higher than your usual"
    assert compare_to_baseline(flat.head(3)).words.startswith("not enough days")


def test_weekly_summary_counts_days_not_totals():
    typed = checkins(
        date=["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-09"],
        movement_minutes=[10, None, 0, 30],
        activities=[None, "walk", None, None],
        moments=["calm; laughter", None, "brief sadness", None],
        social_contact=["none", "message", None, "time together"],
        sleep_hours=[7, 8, 6, 7],
        mood=[4, 5, 6, 7],
    )
    weeks = weekly_summary(typed)
    first = weeks.iloc[0]
    assert first["days_with_checkin"] == 3
    assert first["days_with_movement"] == 2  # minutes on one day, a walk on another
    assert first["moments_noticed"] == 3
    assert first["days_with_social_contact"] == 1
    assert first["median_sleep_hours"] == 7
    assert weeks.index[1] == pd.Timestamp("2024-01-08")
    with pytest.raises(ValueError, match="week_start must be one of"):
        weekly_summary(typed, week_start="FUNDAY")


def test_weeks_without_a_check_in_are_rows_with_no_measures():
    days = [
        *pd.date_range("2024-01-01", periods=7),  # a full week
        *pd.date_range("2024-01-15", periods=14),  # a week without any, then two full weeks
    ]
    frame, problems = validate_checkins(
        pd.DataFrame({"date": [d.strftime("%Y-%m-%d") for d in days], "mood": 6.0})
    )
    assert problems.empty
    weeks = weekly_summary(frame)
    assert weeks["days_with_checkin"].tolist() == [7, 0, 7, 7]
    assert weeks["days_with_checkin"].mean() == 5.25  # (7 + 0 + 7 + 7) / 4, not 7
    empty = weeks.loc[pd.Timestamp("2024-01-08")]
    assert np.isnan(empty["mean_mood"]) and np.isnan(empty["days_with_movement"])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", None]),  # a row without a participant belongs to no day
            st.integers(0, 3),
            st.one_of(st.none(), st.sampled_from(["walk", " walk ;tea", "tea;  tea", ";", ""])),
            st.one_of(st.none(), st.sampled_from(["", "morning", "a\nb", "évening"])),
            st.one_of(st.none(), st.floats(1, 10)),
            st.one_of(st.none(), st.floats(1, 12)),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_several_check_ins_a_day_combine_as_a_person_would_by_hand(rows):
    """Reference: each day by hand, its rows in order of the longest sleep first."""
    frame = pd.DataFrame(
        rows, columns=["participant", "day", "activities", "note", "mood", "sleep_hours"]
    )
    frame["date"] = [f"2024-01-{1 + d:02d}" for d in frame.pop("day")]
    typed = checkins(**{c: frame[c].tolist() for c in frame.columns})
    days = daily(typed)
    keyed = typed[typed["participant"].notna()]
    combined = typed.duplicated(["participant", "date"]).any()  # else the rows stay as given
    if not len(keyed):
        return
    for (person, day), group in keyed.groupby(["participant", "date"]):
        got = days.loc[(person, day)]
        ordered = group.assign(_h=group["sleep_hours"].fillna(-1)).sort_values(
            "_h", ascending=False, kind="stable"
        )
        tags = join_tags(";".join(ordered["activities"].dropna()))
        notes = "\n".join(ordered["note"].dropna()) or None
        if not combined:
            tags, notes = (None if pd.isna(v) else v for v in group[["activities", "note"]].iloc[0])
        moods = ordered["mood"].dropna()
        assert (None if pd.isna(got["activities"]) else got["activities"]) == tags
        assert (None if pd.isna(got["note"]) else got["note"]) == notes
        assert got["mood"] == pytest.approx(moods.mean()) if len(moods) else pd.isna(got["mood"])
        first_hours = ordered["sleep_hours"].dropna()
        if len(first_hours):
            assert got["sleep_hours"] == first_hours.max()


def test_days_are_combined_only_from_text_and_say_so_otherwise():
    with pytest.raises(TypeError, match="validate the check-ins first"):
        daily(pd.DataFrame({"date": ["2024-01-01", "2024-01-01"], "note": [1.5, "x"]}))
