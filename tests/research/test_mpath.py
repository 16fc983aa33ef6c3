"""m-Path's basic export, read from a slice of the mpathr example (tests/data/mpath/PROVENANCE.md).

Expected values are worked by hand from the rows of the file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from reflectkit import CheckinValidationError, ImportFormatError
from reflectkit.research import Design, beep_compliance, read_mpath

DATA = Path(__file__).resolve().parents[1] / "data" / "mpath"
BASIC, META = DATA / "example_basic_slice.csv", DATA / "example_meta.csv"
DESIGN = Design(prompts=(("main_questionnaire", 10), ("evening_questionnaire", 1)))


@pytest.fixture(scope="module")
def study():
    return read_mpath(BASIC, META, design=DESIGN)


def rows(study, participant):
    return study.data[study.data["participant"] == participant].reset_index(drop=True)


def test_timestamps_are_local_clock_times_and_zero_is_none(study):
    first = rows(study, "234609")
    intake, beep = first.iloc[0], first.iloc[1]
    assert intake["questionnaire"] == "Consent and intake questionnaire"
    assert pd.isna(intake["scheduled"])  # timeStampScheduled 0: the intake was not scheduled
    # timeStampScheduled 1713514593 = 2024-04-19 08:16:33 as m-Path's local seconds
    assert beep["scheduled"] == pd.Timestamp("2024-04-19 08:16:33")
    assert beep["answered"] == pd.Timestamp("2024-04-19 08:16:42")  # timeStampStart 1713514602
    assert beep["date"] == pd.Timestamp("2024-04-19") and beep["time"] == "08:16"


def test_answers_are_decoded_and_typed_by_their_column_names(study):
    first = rows(study, "234609")
    assert first["slider_happy"].tolist()[1:4] == [50.0, 50.0, 84.0]
    assert first["context_company"].tolist()[1:4] == ["1", "1", "3"]
    assert first["context_location_text"].iloc[5] == "Friend's place "  # as the participant typed
    evening = first[first["questionnaire"] == "evening_questionnaire"].iloc[0]
    assert evening["positive_description"] == "/"  # JSON "\/"
    assert evening["evening_context_activity"] == "1; 3; 4"
    assert evening["evening_context_activity_text"] == "Worked or studied; Travelled; Socialized"
    second = rows(study, "235458")
    assert "fun tine with colleagues\n" in second["positive_description"].tolist()
    assert first["age"].iloc[0] == 29.0 and second["age"].iloc[0] == 47.0
    book = study.codebook
    assert (
        book["slider_happy"].maximum == 100
        and book["slider_happy"].questionnaire == "main_questionnaire"
    )
    assert book["context_company"].levels[0] == ("1", "Alone")
    assert dict(book["context_location"].levels)["4"] == "(own words)"  # typed words differ
    assert book["age"].role == book["gender"].role == "quasi_identifier"
    assert {book[n].role for n in ("code", "alias", "initials", "legacy_code")} == {"identifier"}
    assert book["positive_description"].type == "text"
    assert book["slider_happy"].label == "How happy do you feel right now?"


def test_the_step_counter_becomes_steps_between_beeps_of_the_same_day(study):
    first = rows(study, "234609")
    assert first["step_count_counter"].tolist()[1:7] == [
        297072,
        297295,
        299983,
        301284,
        303612,
        303612,
    ]
    # the day's first beep has no steps before it; then 297295 - 297072 = 223, ...
    assert first["step_count"].tolist()[1:7][0] != first["step_count"].tolist()[1:7][0]
    assert first["step_count"].tolist()[2:7] == [223, 2688, 1301, 2328, 0]
    second = rows(study, "235458")
    after_reset = second[second["step_count_counter"] == 46]
    assert after_reset["step_count"].isna().all()  # 105774 -> 46: a restart, not -105728 steps
    assert rows(study, "234587")["step_count"].isna().all()  # a counter stuck at 0: no sensor


def test_compliance_counts_against_the_design_since_only_answered_beeps_are_listed(study):
    table = beep_compliance(study.data, design=DESIGN)
    main = table.xs("main_questionnaire", level="questionnaire")
    # 234609: beeps on 19-24 April (6 days x 10): 6 + 2 + 1 + 0 + 2 + 1 = 12 answered
    assert main.loc["234609", "expected"] == 60 and main.loc["234609", "answered"] == 12
    assert main.loc["234609", "compliance"] == pytest.approx(0.2)
    by_day = beep_compliance(study.data, by="day", design=DESIGN)
    day = by_day.loc[("234609", pd.Timestamp("2024-04-22"), "main_questionnaire")]
    assert (day["expected"], day["answered"]) == (10, 0)  # a day without answers is a row
    with pytest.raises(Exception, match="lists answered beeps only"):
        beep_compliance(study.data)


def test_a_bom_and_float_timestamps_read_the_same(tmp_path, study):
    text = BASIC.read_text()
    floats = re.sub(r";(17\d{8});", r";\1.0;", text)
    floats = re.sub(r";(17\d{8});", r";\1.0;", floats)
    assert floats != text
    path = tmp_path / "basic.csv"
    path.write_bytes(b"\xef\xbb\xbf" + floats.encode())
    again = read_mpath(path, META, design=DESIGN)
    pd.testing.assert_frame_equal(again.data, study.data)


def test_without_meta_the_types_come_from_the_column_names(study):
    plain = read_mpath(BASIC)
    assert plain.codebook["slider_happy"].maximum == 100
    assert plain.codebook["evening_context_activity"].type == "multiple_choice"
    pd.testing.assert_series_equal(plain.data["slider_happy"], study.data["slider_happy"])


def test_a_slider_out_of_range_is_named_by_its_line(tmp_path):
    lines = BASIC.read_text().splitlines()
    lines[2] = lines[2].replace(";50;0;0;50;0;30;70;", ";120;0;0;50;0;30;70;")
    path = tmp_path / "basic.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        CheckinValidationError,
        match=r"basic.csv line 3: `slider_happy` must be a number from 0 to 100",
    ):
        read_mpath(path, META)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"connectionId;code"\n"1;a"\n', "saved by a spreadsheet"),
        ("participant,date\n1,2024-01-01\n", "not an m-Path basic export"),
    ],
)
def test_files_that_are_not_m_path_exports_are_refused(tmp_path, text, message):
    path = tmp_path / "basic.csv"
    path.write_text(text)
    with pytest.raises(ImportFormatError, match=message):
        read_mpath(path)
