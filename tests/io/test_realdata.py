"""Every real export in ../shared/realdata loads, or fails with a clear message."""

from __future__ import annotations

import pandas as pd

from reflectkit import UnknownLabelsError, import_bearable, import_daylio, import_fitbit

CUSTOM_MOODS = {
    "Solid": 7,
    "okay": 5.5,
    "almost Rad": 9,  # DonnyDew's own labels
    "Depressed": 2,
    "Boring": 4.5,
    "Optimistic": 8,
    "Anxious": 3.5,
    "vaguely ok": 5.5,
    "vaguely good": 7,
    "vaguely bad": 4,
    "fatigued": 4,
    "captivated": 8,
    "tired": 4,
    "grateful": 8,
    "blissful": 10,
    "in awe": 9,
    "lifeless": 1.5,
    "hungry": 5,
    "helpless": 2,
    "laughing": 9,
    "rested": 8,
}


def test_every_daylio_export_loads_or_names_its_unknown_moods(realdata):
    files = sorted((realdata / "daylio").glob("*.csv"))
    assert files
    for path in files:
        try:
            import_daylio(path)
        except UnknownLabelsError as err:
            assert "mood_scale=" in str(err)
        frame = import_daylio(path, mood_scale=CUSTOM_MOODS)
        assert len(frame) > 0 and frame["date"].notna().all() and frame["mood"].between(1, 10).all()


def test_the_two_donnydew_exports_load_to_equal_frames(realdata):
    old = import_daylio(
        realdata / "daylio/donnydew_2023export_slice_daylio.csv", mood_scale=CUSTOM_MOODS
    )
    new = import_daylio(
        realdata / "daylio/donnydew_2024export_nnbsp_slice_daylio.csv", mood_scale=CUSTOM_MOODS
    )
    assert new["time"].str.fullmatch(r"\d\d:\d\d").all()  # U+202F before PM handled
    # Between the two exports the person renamed and added activity labels on past days
    # ("> 15 mins" became "< 15 mins"; "Volleyball" appeared), so activities are their own
    # edits; every other column, times included, must be identical.
    pd.testing.assert_frame_equal(old.drop(columns="activities"), new.drop(columns="activities"))
    assert old["activities"].notna().equals(new["activities"].notna())


def test_bearable_export_loads(realdata):
    frame = import_bearable(realdata / "bearable/andrewmiller_Bearable_Export_20210728.csv")
    assert frame["date"].is_unique and frame["mood"].dropna().between(1, 10).all()
    assert frame["sleep_hours"].notna().sum() > 10


def test_fitbit_exports_load(realdata):
    frame = import_fitbit(
        realdata / "fitbit/dailyActivity_merged.csv", realdata / "fitbit/sleepDay_merged.csv"
    )
    assert frame["participant"].nunique() == 33
    assert not frame.duplicated(["participant", "date"]).any()
    assert (frame["movement_minutes"].dropna() >= 0).all()
