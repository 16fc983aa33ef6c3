"""Anonymisation: nothing identifying leaks into any output."""

from __future__ import annotations

import hashlib
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from anon_data import KEY, OTHER_KEY
from research_data import typed

from reflectkit.research import anonymise, read_or_create_key
from reflectkit.research.anonymise import pseudonym


@pytest.fixture
def panel() -> pd.DataFrame:
    rows = []
    for i, person in enumerate(["1001", "1002", "1003", "1004", "1005", "1006"]):
        for day in pd.date_range("2024-03-04", periods=4):
            rows.append(
                {
                    "participant": person,
                    "date": day.strftime("%Y-%m-%d"),
                    "mood": 5 + i % 3,
                    "note": f"secret diary of {person} with Alice",
                    "curiosity": "Why Bob?",
                    "moments": "calm; met Carol",
                    "age": 20 + 7 * i,
                    "gender": "f" if i % 2 else "m",
                    "city": "Springfield" if i < 5 else "Shelbyville",
                    "email": f"p{person}@example.org",
                }
            )
    frame = pd.DataFrame(rows)
    out = typed(frame.drop(columns=["age", "gender", "city", "email"]))
    for column in ["age", "gender", "city", "email"]:
        out[column] = frame[column].to_numpy()
    return out


def all_output_bytes(tmp_path: Path, frame: pd.DataFrame, report) -> bytes:
    frame.to_csv(tmp_path / "out.csv", index=False)
    frame.to_parquet(tmp_path / "out.parquet", index=False)
    (tmp_path / "report.md").write_text(report.to_markdown())
    return b"".join(
        p.read_bytes()
        for p in (tmp_path / "out.csv", tmp_path / "out.parquet", tmp_path / "report.md")
    )


def test_no_original_id_date_or_free_text_in_any_output(tmp_path, panel):
    out, report = anonymise(panel, key=KEY)
    data = all_output_bytes(tmp_path, out, report)
    for person in panel["participant"].unique():
        assert person.encode() not in data
    for day in panel["date"].dt.strftime("%Y-%m-%d").unique():
        assert day.encode() not in data
    for text in ["secret diary", "Alice", "Bob", "Carol", "example.org"]:
        assert text.encode() not in data
    assert KEY not in data and KEY.hex().encode() not in data


def test_keyless_hashes_of_ids_match_no_pseudonym(panel):
    out, _ = anonymise(panel, key=KEY)
    pseudonyms = set(out["participant"])
    for person in panel["participant"].unique():
        for algorithm in ("md5", "sha1", "sha256"):
            digest = hashlib.new(algorithm, person.encode()).hexdigest()
            assert not any(digest.startswith(p[1:]) or p[1:] in digest for p in pseudonyms)


def test_same_key_same_output_other_key_other_output(panel):
    first, _ = anonymise(panel, key=KEY)
    again, _ = anonymise(panel, key=KEY)
    other, _ = anonymise(panel, key=OTHER_KEY)
    pd.testing.assert_frame_equal(first, again)
    assert set(first["participant"]).isdisjoint(set(other["participant"]))
    assert not first["date"].equals(other["date"])


def test_dates_move_by_whole_weeks_keeping_weekdays_and_intervals(panel):
    out, report = anonymise(panel, key=KEY)
    original = panel.assign(code=panel["participant"].map(lambda p: pseudonym(p, key=KEY)))
    merged = original.sort_values(["code", "date"]).reset_index(drop=True)
    shifted = out.sort_values(["participant", "date"]).reset_index(drop=True)
    delta = (shifted["date"] - merged["date"]).dt.days
    assert (delta % 7 == 0).all() and (delta != 0).all()
    assert (shifted["date"].dt.day_of_week == merged["date"].dt.day_of_week).all()
    assert (
        "whole number of weeks" in report.to_markdown()
        and str(int(delta.iloc[0])) not in report.date_policy
    )


def test_study_day_option_replaces_dates(panel):
    out, _ = anonymise(panel, key=KEY, dates="study_day")
    assert "date" not in out.columns and out["study_day"].min() == 1 and out["study_day"].max() == 4


def test_free_text_is_kept_only_on_request(panel):
    out, report = anonymise(panel, key=KEY, keep_text=("note",))
    assert "note" in out.columns and "curiosity" not in out.columns and "email" not in out.columns
    assert out["moments"].unique().tolist() == ["calm"]  # own words removed from tags
    assert "curiosity" in report.dropped and "email" in report.dropped
    assert "free text kept on request" in report.actions["note"]


def test_k_anonymity_is_measured_on_a_crafted_table(panel):
    _, report = anonymise(panel, key=KEY)
    # By hand: ages 20, 27, 34, 41, 48, 55 -> bands 20-29 (p0, p1), 30-39 (p2), 40-49 (p3, p4),
    # 50-59 (p5). Genders m/f alternate, 3 each: fewer than 5 participants, so both 'other'.
    # City: Springfield (p0-p4, 5 people) stays, Shelbyville (p5) becomes 'other'.
    # Groups (age, gender, city): {p0, p1}, {p2}, {p3, p4}, {p5} -> k = 1, all 6 in small groups.
    # age alone: 2, 1, 2, 1 -> 1; gender alone: all 'other' -> 6; city alone: 5 and 1 -> 1.
    # without age: (other, Springfield) 5, (other, other) 1 -> 1; without gender: as all -> 1;
    # without city: the age groups -> 1.
    assert report.quasi_identifiers == ["age", "gender", "city"]
    assert report.k == 1 and report.in_small_groups == 6
    assert report.k_alone == {"age": 1, "gender": 6, "city": 1}
    assert report.k_without == {"age": 1, "gender": 1, "city": 1}
    text = report.to_markdown()
    for value in ("Shelbyville", "Springfield", "20-29", "30-39", "50-59", "| m", "| f"):
        assert value not in text  # no group's values, small or not
    coarse = panel.assign(age=30, gender="x", city="Springfield")
    _, report = anonymise(coarse, key=KEY)
    assert report.k == 6 and report.in_small_groups == 0
    assert "**k = 6**" in report.to_markdown()


def test_key_file_is_private_and_reused(tmp_path):
    path = tmp_path / "keys" / "study.key"
    key = read_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key) == 32
    assert read_or_create_key(path) == key


def test_anonymise_command(tmp_path):
    root = Path(__file__).resolve().parents[2]
    exe = Path(sys.executable).parent / "reflectkit"
    out, key, report = tmp_path / "anon.csv", tmp_path / "study.key", tmp_path / "report.md"
    result = subprocess.run(
        [
            str(exe),
            "anonymise",
            str(root / "sample_data" / "cohort.csv"),
            "--out",
            str(out),
            "--key-file",
            str(key),
            "--report",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "P001" not in text and key.read_text().strip() not in text + report.read_text()
    assert (
        "# Anonymisation report" in report.read_text() and "reflectkit 0.1.0" in report.read_text()
    )
