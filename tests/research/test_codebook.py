"""Codebooks: CSV and YAML read alike, every problem named by its line, inference written out."""

from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest

from reflectkit import CheckinValidationError
from reflectkit.research import Design, infer_codebook, load_study, read_codebook
from reflectkit.research.codebook import codebook_csv

CSV = """# design: days=14; prompts=main:5, evening:1
name,column,label,type,role,min,max,direction,questionnaire,levels
participant,pid,,text,,,,,,
answered,answered_at,When answering began,timestamp,,,,,,
stress,,Stress right now,numeric,,0,100,up,main,
neg_mood,,Negative mood,ordinal,,-3,0,down,evening,
company,,With whom,categorical,,,,,main,1=Alone; 2=With one person I know
age,,Age,numeric,quasi_identifier,16,99,,intake,
email,,,text,identifier,,,,,
"""

YAML = """design:
  days: 14
  prompts: {main: 5, evening: 1}
items:
  - {name: participant, column: pid, type: text}
  - {name: answered, column: answered_at, type: timestamp, label: When answering began}
  - name: stress
    type: numeric
    min: 0
    max: 100
    questionnaire: main
  - {name: neg_mood, type: ordinal, min: -3, max: 0, direction: down, questionnaire: evening}
  - name: company
    type: categorical
    levels: {1: Alone, 2: With one person I know}
  - {name: age, type: numeric, role: quasi_identifier, min: 16, max: 99}
  - {name: email, type: text, role: identifier}
"""


def test_csv_and_yaml_describe_the_same_study(tmp_path):
    (tmp_path / "c.csv").write_text(CSV)
    (tmp_path / "c.yaml").write_text(YAML)
    a, b = read_codebook(tmp_path / "c.csv"), read_codebook(tmp_path / "c.yaml")
    assert a.design == b.design == Design(days=14, prompts=(("main", 5), ("evening", 1)))
    assert a["neg_mood"].minimum == -3 and a["neg_mood"].maximum == 0
    assert a["neg_mood"].direction == "down"
    assert a["company"].levels == (("1", "Alone"), ("2", "With one person I know"))
    assert a["company"].levels == b["company"].levels
    assert a["participant"].source == "pid"
    assert a.numeric() == ["stress", "neg_mood"]  # identifiers and quasi-identifiers are not items
    assert [i.role for i in a.items] == [i.role for i in b.items]


def test_a_codebook_round_trips_through_csv(tmp_path):
    (tmp_path / "c.csv").write_text(CSV)
    book = read_codebook(tmp_path / "c.csv")
    (tmp_path / "again.csv").write_text(codebook_csv(book))
    assert read_codebook(tmp_path / "again.csv").items == book.items
    assert read_codebook(tmp_path / "again.csv").design == book.design


@pytest.mark.parametrize(
    ("line", "text", "message"),
    [
        (5, "stress,,,nmeric,,0,100,,,", r"c.csv line 5: `type` must be one of numeric, ordinal"),
        (5, "stress,,,numeric,,100,0,,,", r"c.csv line 5: `min` must not be above `max`"),
        (5, "stress,,,numeric,,0,ten,,,", r"c.csv line 5: `max` must be a number"),
        (5, "stress,,,numeric,,0,100,sideways,,", r"c.csv line 5: `direction` must be up"),
        (5, "stress,,,categorical,,,,,,1=a; 1=b", r"c.csv line 5: `levels` name each code once"),
        (5, "stress,,,numeric,boss,,,,,", r"c.csv line 5: `role` must be one of item"),
        (
            5,
            "answered,,,numeric,,,,,,",
            r"`answered` has a fixed meaning and must be of type timestamp",
        ),
        (5, "participant,,,text,,,,,,", r"c.csv line 5: `name` is declared already on line 3"),
    ],
)
def test_every_codebook_problem_names_its_line(tmp_path, line, text, message):
    lines = CSV.splitlines()
    lines[line - 1] = text
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(CheckinValidationError, match=message):
        read_codebook(tmp_path / "c.csv")


def test_a_codebook_without_participant_or_day_says_what_is_missing(tmp_path):
    (tmp_path / "c.csv").write_text("name,type\nstress,numeric\n")
    with pytest.raises(CheckinValidationError) as err:
        read_codebook(tmp_path / "c.csv")
    text = str(err.value)
    assert "needs a `participant` row" in text and "needs a `date` row" in text


def test_yaml_problems_name_the_line_of_the_item(tmp_path):
    (tmp_path / "c.yaml").write_text(
        YAML.replace("type: numeric\n    min: 0", "type: number\n    min: 0")
    )
    with pytest.raises(CheckinValidationError, match=r"c.yaml line 7: `type` must be one of"):
        read_codebook(tmp_path / "c.yaml")


def test_inference_tells_numbers_dates_and_categories_apart():
    frame = pd.DataFrame(
        {
            "id": ["a", "a", "b", "b"],
            "day": ["2024-01-01", "2024-01-02", "2024-01-01", "2024-01-02"],
            "seq": ["1", "2", "1", "2"],
            "stress": ["10", "55.5", "0", "100"],
            "company": ["alone", "friends", "alone", "friends"],
            "diary": ["a walk", "slept", "tired", "fine"],
            "age": ["31", "31", "47", "47"],
        }
    )
    book = infer_codebook(frame)
    kinds = {i.name: (i.type, i.role, i.source) for i in book.items}
    assert kinds["participant"] == ("text", "item", "id")
    assert kinds["date"] == ("timestamp", "item", "day")
    assert kinds["seq"][0] == "numeric"  # a number column is never "free text"
    assert book["stress"].minimum == 0 and book["stress"].maximum == 100
    assert kinds["company"][0] == "categorical"
    assert kinds["diary"][0] == "text"
    assert kinds["age"][1] == "quasi_identifier"


def test_without_a_codebook_one_is_inferred_written_beside_the_data_and_never_over_one(tmp_path):
    data = tmp_path / "diary.csv"
    data.write_text("id,day,seq,stress\na,2024-01-01,1,10\na,2024-01-02,2,20\n")
    with pytest.warns(UserWarning, match="inferred and written to .*diary.codebook.csv"):
        study = load_study(data)
    written = tmp_path / "diary.codebook.csv"
    assert oct(os.stat(written).st_mode & 0o777) == "0o600"
    assert study.data["seq"].dtype == "float64"
    assert read_codebook(written)["stress"].type == "numeric"
    written.write_text("# mine\n" + written.read_text())
    with pytest.warns(UserWarning, match="already exists and was left as it is"):
        load_study(data)
    assert written.read_text().startswith("# mine")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_study(data, written)  # the checked codebook: no warning
