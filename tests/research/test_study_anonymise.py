"""Anonymise by the codebook: items kept by type, text and identifiers dropped (with the
reason), quasi-identifiers coarsened and measured, every timestamp moved with the date."""

from __future__ import annotations

import secrets
from pathlib import Path

import pandas as pd
import pytest

from reflectkit.research import Study, anonymise_study, read_mpath
from reflectkit.research.anonymise import date_shift_days

DATA = Path(__file__).resolve().parents[1] / "data" / "mpath"


@pytest.fixture(scope="module")
def study():
    loaded = read_mpath(DATA / "example_basic_slice.csv", DATA / "example_meta.csv")
    extra = loaded.data.assign(seq=range(len(loaded.data)))  # a column nobody declared
    return Study(extra, loaded.codebook, loaded.source)


@pytest.fixture(scope="module")
def key():
    return bytes.fromhex(secrets.token_hex(32))


def test_the_codebook_decides_what_is_kept_and_the_report_says_why(study, key):
    out, report = anonymise_study(study, key=key)
    for kept in ("slider_happy", "step_count", "context_company", "questionnaire", "answered"):
        assert kept in out.columns
    for gone in (
        "code",
        "alias",
        "initials",
        "legacy_code",
        "positive_description",
        "context_location_text",
        "seq",
    ):
        assert gone not in out.columns
    assert report.dropped["alias"] == "an identifier in the codebook: never leaves the study"
    assert report.dropped["positive_description"].startswith("text in the codebook")
    assert report.dropped["seq"] == "not in the codebook"
    assert set(report.quasi_identifiers) == {"utc_offset_seconds", "gender", "age"}
    assert report.k is not None and report.k >= 1
    assert set(out["age"].dropna()) == {"20-29", "40-49", "50-59"}


def test_text_is_kept_only_on_request(study, key):
    out, report = anonymise_study(study, key=key, keep_text=["positive_description"])
    assert "/" in out["positive_description"].tolist()
    assert any("free text kept on request" in w for w in report.warnings)
    with pytest.raises(Exception, match="does not declare"):
        anonymise_study(study, key=key, keep_text=["nonsense"])


def test_every_timestamp_moves_with_the_participants_date(study, key):
    out, _ = anonymise_study(study, key=key)
    source = study.data.sort_values(["participant", "answered"]).reset_index(drop=True)
    for person in source["participant"].unique():
        offset = pd.Timedelta(days=date_shift_days(person, key=key))
        mine = source[source["participant"] == person]
        theirs = out[out["participant"] == out["participant"].iloc[0]]  # any one, for shape
        assert len(theirs) >= 1
        shifted = out[out["answered"].isin(mine["answered"] + offset)]
        assert len(shifted) == mine["answered"].notna().sum()
        assert set((shifted["answered"] - shifted["date"]).dt.days) <= {0}
        for column in ("scheduled", "sent", "finished"):
            moved = mine[column].dropna() + offset
            assert moved.isin(out[column]).all(), column
