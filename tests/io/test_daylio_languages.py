"""Daylio in any language: default moods, header-less files, U+202F times, scales, HTML."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reflectkit import ImportFormatError, UnknownLabelsError, import_daylio
from reflectkit.io.daylio import parse_scales, unknown_daylio_moods
from reflectkit.io.daylio_moods import DEFAULT_MOODS, STEPS, default_scale, mood_key

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"


def test_spanish_export_without_a_header_row_loads_by_its_shape():
    frame = import_daylio(DATA / "daylio_es_headerless.csv")
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-02-29",
        "2024-03-01",
        "2024-03-02",
        "2024-03-03",
        "2024-03-03",
    ]
    # 12-hour times written "9:15 p. m." with U+202F narrow no-break spaces
    assert frame["time"].tolist() == ["12:30", "19:00", "23:40", "08:05", "21:15"]
    # genial, bien, normal, mal, Fatal: Daylio's Spanish defaults, any case, no question
    assert frame["mood"].tolist() == [7.75, 1.0, 3.25, 5.5, 10.0]
    last = frame.iloc[-1]
    assert last["note"] == "Un buen día\ncon sol & mar"
    assert last["sleep_hours"] == 7.5
    assert last["daylio_sueño"] == 7  # a scale in Spanish is kept as extra numeric data
    assert frame.iloc[3]["note"] == "Mañana\ntranquila sin prisa"  # &nbsp; is a space
    assert frame.iloc[1]["note"] == "cansada\ndolor de cabeza"  # one line per list item


def test_german_default_moods_in_any_case():
    frame = import_daylio(DATA / "daylio_de.csv")
    assert frame.sort_values("date")["mood"].tolist() == [1.0, 3.25, 5.5, 7.75, 10.0]


@pytest.mark.parametrize("language", sorted(DEFAULT_MOODS))
def test_every_language_places_its_five_steps_like_the_english_ones(language, write_csv):
    names = [n for n in DEFAULT_MOODS[language] if n is not None]
    rows = "".join(
        f"2024-01-{i + 1:02d},x,x,21:00,{name.upper()},,,\n" for i, name in enumerate(names)
    )
    frame = import_daylio(
        write_csv("full_date,date,weekday,time,mood,activities,note_title,note\n" + rows)
    )
    expected = [step for n, step in zip(DEFAULT_MOODS[language], STEPS, strict=True) if n]
    assert frame["mood"].tolist() == expected


def test_no_label_means_two_different_steps_in_two_languages():
    seen: dict[str, float] = {}
    for names in DEFAULT_MOODS.values():
        for name, step in zip(names, STEPS, strict=True):
            if name is not None:
                assert seen.setdefault(mood_key(name), step) == step, name
    assert default_scale()["так себе"] == 5.5


def test_portuguese_middle_moods_are_asked_for_never_guessed(write_csv):
    path = write_csv(
        "full_date,date,weekday,time,mood,activities,note\n"
        "2024-01-01,1 jan,segunda,21:00,incrível,,\n2024-01-02,2 jan,terça,21:00,bem,,\n"
    )
    assert unknown_daylio_moods(path) == {"bem": 1}
    with pytest.raises(UnknownLabelsError, match=r"'bem' \(1x\)"):
        import_daylio(path)
    assert import_daylio(path, mood_scale={"bem": 7.75})["mood"].tolist() == [10.0, 7.75]


@pytest.mark.parametrize("value", [12, 0, "seven", float("nan")])
def test_a_wrong_mood_scale_names_mood_scale_not_daylio(value, write_csv):
    path = write_csv(
        "full_date,date,weekday,time,mood,activities,note\n2024-01-01,x,x,21:00,Solid,,\n"
    )
    with pytest.raises(ImportFormatError, match=r"mood_scale=\{'Solid': .*from 1 to 10") as err:
        import_daylio(path, mood_scale={"Solid": value})
    assert "in Daylio" not in str(err.value)


@pytest.mark.parametrize(
    ("layout", "row"),
    [
        ("7 fields", "2024-01-01,Jan 1,Monday,9:00 PM,good,walk,a note"),
        ("8 fields", "2024-01-01,Jan 1,Monday,9:00 PM,good,walk,title,a note"),
        ("9 fields", "2024-01-01,Jan 1,Monday,9:00 PM,good,walk,Sleep Time: 8:00,title,a note"),
        ("oldest", "2018,January 1,Monday,21:00,good,walk,a note"),
    ],
)
def test_each_layout_is_recognised_without_its_header(layout, row, write_csv):
    frame = import_daylio(write_csv(row + "\n"))
    assert frame.loc[0, "date"] == pd.Timestamp(row[:4] + "-01-01")
    assert frame.loc[0, "time"] == "21:00" and frame.loc[0, "activities"] == "walk"
    assert frame.loc[0, "note"].endswith("a note")


def test_a_file_of_another_shape_is_still_refused(write_csv):
    with pytest.raises(ImportFormatError, match="does not look like a Daylio export"):
        import_daylio(write_csv("2024-01-01,only,three\n"))


def test_scales_become_numbers():
    text = "Sleep Quality:\xa08/10\xa0points | Sleep Time:\xa07:45 | Awake mid-sleep:\xa01:30"
    assert parse_scales(text) == {
        "sleep quality": 8.0,
        "sleep time": 7.75,
        "awake mid-sleep": 1.5,
    }
    assert parse_scales("Mood: great | : 5 | Water: 3,5 glasses") == {"water": 3.5}
