"""load_study: any study by its codebook, with line-numbered problems like load_checkins."""

from __future__ import annotations

import pandas as pd
import pytest

from reflectkit import CheckinValidationError
from reflectkit.paths import sample_data_folder
from reflectkit.research import load_cohort, load_study, write_study

BOOK = """name,column,type,role,min,max,direction,questionnaire,levels
participant,pid,text,,,,,,
scheduled,,timestamp,,,,,,
answered,,timestamp,,,,,,
stress,,numeric,,0,100,,main,
neg_mood,,ordinal,,-3,0,down,evening,
company,,categorical,,,,,main,1=Alone; 2=Together
seq,,numeric,,,,,,
"""
DATA = (
    "pid;scheduled;answered;stress;neg_mood;company;seq\n"
    "p1;2024-03-01T09:00:00+01:00;2024-03-01T09:04:00+01:00;20;-1;1;1\n"
    "p1;2024-03-01 23:50:00 CET;2024-03-02T00:10:00+01:00;35;;2;2\n"
    "p1;2024-03-02T09:00:00;;;;;3\n"
)


@pytest.fixture
def files(tmp_path):
    (tmp_path / "book.csv").write_text(BOOK)
    (tmp_path / "esm.csv").write_bytes(b"\xef\xbb\xbf" + DATA.encode())
    return tmp_path


def test_columns_are_renamed_typed_and_placed_on_the_local_day(files):
    study = load_study(files / "esm.csv", files / "book.csv")
    data = study.data
    assert data["participant"].tolist() == ["p1", "p1", "p1"]
    # the zone is removed and the local clock kept; the day is the beep's scheduled day,
    # so a beep sent at 23:50 and answered after midnight stays on the day it was sent
    assert data["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-01",
        "2024-03-01",
        "2024-03-02",
    ]
    assert data["time"].tolist() == ["09:00", "23:50", "09:00"]
    assert data["answered"].iloc[1] == pd.Timestamp("2024-03-02 00:10")
    assert data["stress"].tolist()[:2] == [20.0, 35.0]
    assert data["seq"].dtype == "float64"  # declared numbers are numbers, never "free text"
    assert data["company"].tolist()[:2] == ["1", "2"]
    assert study.items == ["stress", "neg_mood", "seq"]


def test_every_problem_is_named_with_its_line_column_and_what_is_allowed(files):
    bad = DATA.replace(";20;-1;1;1", ";120;1;3;x")
    (files / "bad.csv").write_text(bad)
    with pytest.raises(CheckinValidationError) as err:
        load_study(files / "bad.csv", files / "book.csv")
    text = str(err.value)
    assert "bad.csv line 2: `stress` must be a number from 0 to 100, got '120'" in text
    assert "bad.csv line 2: `neg_mood` must be a number from -3 to 0, got '1'" in text
    assert "bad.csv line 2: `company` must be one of 1, 2, got '3'" in text
    assert "bad.csv line 2: `seq` must be a number, got 'x'" in text
    assert len(err.value.problems) == 4


def test_a_missing_column_and_a_row_without_participant_or_day_are_refused(files):
    (files / "gaps.csv").write_text(
        "pid;scheduled;answered;stress;neg_mood;company\n;2024-03-01T09:00;;1;;\np2;;;2;;\n"
    )
    with pytest.raises(CheckinValidationError) as err:
        load_study(files / "gaps.csv", files / "book.csv")
    text = str(err.value)
    assert "`seq` is declared in the codebook (book.csv) but is not a column of the data" in text


def test_rows_without_participant_or_day_name_their_lines(files):
    (files / "gaps.csv").write_text(
        "pid;scheduled;answered;stress;neg_mood;company;seq\n;2024-03-01T09:00;;1;;;\np2;;;2;;;\n"
    )
    with pytest.raises(CheckinValidationError) as err:
        load_study(files / "gaps.csv", files / "book.csv")
    text = str(err.value)
    assert "gaps.csv line 2: `pid` is required: every row needs its participant's code" in text
    assert "gaps.csv line 3: `scheduled` is needed for each row's day" in text


def test_skip_invalid_keeps_the_valid_rows_with_a_warning(files):
    (files / "bad.csv").write_text(DATA.replace(";35;", ";350;"))
    with pytest.warns(UserWarning, match="1 rows with problems were left out"):
        study = load_study(files / "bad.csv", files / "book.csv", skip_invalid=True)
    assert len(study.data) == 2


def test_reflectkit_cohort_files_need_no_codebook_and_match_load_cohort():
    study = load_study(sample_data_folder() / "cohort.csv")
    cohort = load_cohort(sample_data_folder() / "cohort.csv")
    assert study.codebook.source == "the check-in schema"
    for column in ("mood", "sleep_hours", "movement_minutes"):
        pd.testing.assert_series_equal(study.data[column], cohort[column], check_names=False)
    assert (study.data["date"] == cohort["date"]).all()


def test_a_written_study_loads_back_unchanged_and_privately(files, tmp_path):
    study = load_study(files / "esm.csv", files / "book.csv")
    data, book = write_study(study, tmp_path / "out" / "study.csv")
    assert book.name == "study.codebook.csv"
    assert oct(data.stat().st_mode & 0o777) == oct(book.stat().st_mode & 0o777) == "0o600"
    again = load_study(data, book)
    pd.testing.assert_frame_equal(again.data[study.data.columns], study.data, check_dtype=False)
    with pytest.raises(Exception, match="already exists"):
        write_study(study, data)


def test_text_that_looks_like_a_formula_round_trips(files, tmp_path):
    (files / "book2.csv").write_text(BOOK + "note_text,,text,,,,,,\n")
    (files / "esm2.csv").write_text(
        DATA.replace("seq\n", "seq;note_text\n", 1).replace(";1\n", ";1;=SUM(A1)\n", 1)
    )
    study = load_study(files / "esm2.csv", files / "book2.csv")
    data, book = write_study(study, tmp_path / "s.csv")
    assert "'=SUM(A1)" in data.read_text()
    assert load_study(data, book).data["note_text"].iloc[0] == "=SUM(A1)"
