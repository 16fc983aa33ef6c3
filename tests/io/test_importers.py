"""Importers, on small fixtures that reproduce the real exports' quirks."""

from __future__ import annotations

import pandas as pd
import pytest

from reflectkit import (
    ImportFormatError,
    UnknownLabelsError,
    import_bearable,
    import_daylio,
    import_fitbit,
)

DAYLIO_8 = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    '2023-09-30,Sep 30,Saturday,11:32 PM,good,friends | # | > 15 mins  | lotion,"","walk <br>home"\n'
    '2023-09-30,Sep 30,Saturday,9:05\u202fAM,meh,"",Title,""\n'
    '2023-09-29,29 sept.,vendredi,12:00 AM,Rad,work,"",""\n'
)


def test_daylio_eight_columns_times_and_several_entries_a_day(write_csv):
    frame = import_daylio(write_csv(DAYLIO_8))
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2023-09-29",
        "2023-09-30",
        "2023-09-30",
    ]
    assert frame["time"].tolist() == ["00:00", "09:05", "23:32"]
    assert frame["mood"].tolist() == [10.0, 5.5, 7.75]
    assert frame["activities"].iloc[2] == "friends; #; > 15 mins; lotion"
    assert frame["note"].iloc[2] == "walk \nhome"
    assert frame["note"].iloc[1] == "Title"


def test_daylio_old_layout_with_year_and_bom(write_csv):
    text = '\ufeffyear,date,weekday,time,mood,activities,note\n2018,June 22,Friday,20:39,bad,"work | Bike",""\n'
    frame = import_daylio(write_csv(text))
    assert frame.loc[0, "date"] == pd.Timestamp("2018-06-22")
    assert frame.loc[0, "time"] == "20:39"
    assert frame.loc[0, "activities"] == "work; Bike"


def test_daylio_nine_columns_with_scales(write_csv):
    text = (
        "full_date,date,weekday,time,mood,activities,scales,note_title,note\n"
        '2026-04-12,April 12,Sunday,12:00,rad,"","Sleep Quality: 8/10 points | Sleep Time: 7:45","",""\n'
    )
    assert import_daylio(write_csv(text)).loc[0, "sleep_hours"] == 7.75


def test_daylio_blank_extra_field_after_activities(write_csv):
    text = (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        '2022-10-26,October 26,Wednesday,10:00 PM,rad,board game,,"T","N"\n'
    )
    assert import_daylio(write_csv(text)).loc[0, "note"] == "T\nN"


def test_daylio_unknown_moods_are_listed_with_the_way_to_map_them(write_csv):
    text = DAYLIO_8.replace(",good,", ",Solid,").replace(",meh,", ",almost Rad,")
    with pytest.raises(
        UnknownLabelsError, match=r"'Solid' \(1x\), 'almost Rad' \(1x\).*mood_scale=\{'Solid': 7"
    ):
        import_daylio(write_csv(text))
    frame = import_daylio(write_csv(text), mood_scale={"solid": 7, "Almost rad": 9})
    assert sorted(frame["mood"]) == [7, 9, 10]


def test_not_a_daylio_file(write_csv):
    with pytest.raises(ImportFormatError, match="does not look like a Daylio export"):
        import_daylio(write_csv("a,b\n1,2\n"))


BEARABLE = (
    "date,weekday,time of day,category,rating/amount,detail,notes\n"
    '"22nd Sep 2020","Tuesday","03:00","Mood","6","Meh | Anxious",""\n'
    '"22nd Sep 2020","Tuesday","12:30","Mood","8","Good",""\n'
    '"22nd Sep 2020","Tuesday","5:49","Energy","4","Good",""\n'
    '"22nd Sep 2020","Tuesday","","Sleep","7:45","Asleep 23:30 - 07:15. In bed 23:00 - 07:30",""\n'
    '"22nd Sep 2020","Tuesday","","Sleep quality","4","Good",""\n'
    '"22nd Sep 2020","Tuesday","pm","Factors","","Little social contact | Shower | With friends",""\n'
    '"23rd Sep 2020","Wednesday","mid","Factors","","No social contact","a quiet day"\n'
    '"23rd Sep 2020","Wednesday","3:04","Meds/Supplements","50","Something (mg)",""\n'
)


def test_bearable_long_format_to_one_row_a_day(write_csv):
    frame = import_bearable(write_csv(BEARABLE))
    assert len(frame) == 2
    day = frame.iloc[0]
    assert day["mood"] == 7 and day["energy"] == 4 and day["sleep_quality"] == 4
    assert day["sleep_hours"] == 7.75 and (day["bedtime"], day["wake_time"]) == ("23:30", "07:15")
    assert day["social_contact"] == "time together"
    assert day["activities"] == "Shower"
    assert day["moments"] == "Meh; Anxious; Good"
    assert frame.iloc[1]["social_contact"] == "none"
    assert frame.iloc[1]["note"] == "a quiet day"
    assert "Something" not in frame.to_string()


def test_bearable_bad_date_names_the_line(write_csv):
    with pytest.raises(ImportFormatError, match="line 2: `date` must look like '22nd Sep 2020'"):
        import_bearable(write_csv(BEARABLE.replace("22nd Sep 2020", "2020-09-22", 1)))


def test_fitbit_movement_sleep_participants_gaps_and_duplicates(write_csv):
    activity = write_csv(
        "Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes,SedentaryMinutes\r\n"
        "15,4/12/2016,13162,25,13,328,728\r\n"
        "15,4/13/2016,0,0,0,0,1440\r\n"
        "22,4/12/2016,500,0,0,30,1000\r\n",
        "dailyActivity_merged.csv",
    )
    sleep = write_csv(
        "Id,SleepDay,TotalSleepRecords,TotalMinutesAsleep,TotalTimeInBed\r\n"
        "15,4/12/2016 12:00:00 AM,1,327,346\r\n"
        "15,4/12/2016 12:00:00 AM,1,327,346\r\n"
        "15,4/14/2016 12:00:00 AM,1,420,446\r\n",
        "sleepDay_merged.csv",
    )
    frame = import_fitbit(activity, sleep)
    assert frame["participant"].tolist() == ["15", "15", "22"]
    assert frame["movement_minutes"].tolist()[:1] == [366]
    assert frame["sleep_hours"].iloc[0] == 5.45
    # the zero-step day (tracker not worn) is a gap, not zero movement
    assert pd.Timestamp("2016-04-13") not in set(frame["date"])
    assert pd.isna(frame.loc[frame["date"] == "2016-04-14", "movement_minutes"]).all()


def test_fitbit_wrong_file_order(write_csv):
    sleep = write_csv("Id,SleepDay,TotalMinutesAsleep\n1,4/12/2016 12:00:00 AM,300\n")
    with pytest.raises(ImportFormatError, match="Pass the dailyActivity file first"):
        import_fitbit(sleep)


def test_one_unknown_mood_however_it_is_spelled(write_csv):
    from reflectkit.io.daylio import unknown_daylio_moods

    path = write_csv(
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2024-03-03,Mar 3,Sunday,21:00,Solid,,,\n"
        "2024-03-02,Mar 2,Saturday,21:00,solid ,,,\n"
        "2024-03-01,Mar 1,Friday,21:00,SOLID,,,\n"
        "2024-02-29,Feb 29,Thursday,21:00,Solid,,,\n"
        "2024-02-28,Feb 28,Wednesday,21:00,good,,,\n"
    )
    assert unknown_daylio_moods(path) == {"Solid": 4}
