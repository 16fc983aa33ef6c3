"""The openESM layout, on rows of openESM dataset 0001 (Fried, Papanikolaou & Epskamp 2022;
data CC-BY 4.0; openesm-project/openesm-cleaning, data/clean/0001_fried_ts.tsv and
data/metadata/0001_fried_metadata.json): a few columns of participants 1 and 2's first days."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from reflectkit import ImportFormatError
from reflectkit.research import beep_compliance, lag, read_openesm

HEADER = "id\tscheduled\tissued\tresponse\tduration\trelax\tirritable\tworry\ttime\tday\tbeep\tdate"
ROWS = """1	2020-03-16 12:00:00	2020-03-16 12:00:00 CET	2020-03-16 12:04:45 CET	285.734	1	1	2	2020-03-16 12:00:00	1	1	2020-03-16T11:04:45Z
1	2020-03-16 15:00:00	2020-03-16 15:00:00 CET	2020-03-16 15:30:22 CET	1822.742	2	1	2	2020-03-16 15:00:00	1	2	2020-03-16T14:30:22Z
1	2020-03-16 18:00:00	2020-03-16 18:00:00 CET	2020-03-16 18:03:58 CET	238.774	1	1	3	2020-03-16 18:00:00	1	3	2020-03-16T17:03:58Z
1	2020-03-16 21:00:00	2020-03-16 21:00:00 CET	2020-03-16 21:16:07 CET	967.132	1	1	3	2020-03-16 21:00:00	1	4	2020-03-16T20:16:07Z
1	2020-03-17 12:00:00	2020-03-17 12:00:00 CET	2020-03-17 12:33:15 CET	1995.54	1	1	2	2020-03-17 12:00:00	2	1	2020-03-17T11:33:15Z
1	2020-03-17 15:00:00	2020-03-17 15:00:00 CET	2020-03-17 15:12:01 CET	721.237	3	2	2	2020-03-17 15:00:00	2	2	2020-03-17T14:12:01Z
1	2020-03-17 18:00:00	2020-03-17 18:00:00 CET	2020-03-17 19:00:00 CET	Expired	NA	NA	NA	2020-03-17 18:00:00	2	3	2020-03-17T18:00:00Z
1	2020-03-17 21:00:00	2020-03-17 21:00:00 CET	2020-03-17 21:05:12 CET	312.475	1	2	1	2020-03-17 21:00:00	2	4	2020-03-17T20:05:12Z
2	2020-03-16 12:00:00	2020-03-16 12:00:00 CET	2020-03-16 12:02:22 CET	142.741	2	1	2	2020-03-16 12:00:00	1	1	2020-03-16T11:02:22Z
2	2020-03-16 15:00:00	2020-03-16 15:00:00 CET	2020-03-16 15:14:29 CET	869.538	2	1	3	2020-03-16 15:00:00	1	2	2020-03-16T14:14:29Z
2	2020-03-16 18:00:00	2020-03-16 18:00:00 CET	2020-03-16 18:02:09 CET	129.318	2	1	2	2020-03-16 18:00:00	1	3	2020-03-16T17:02:09Z
2	2020-03-16 21:00:00	2020-03-16 21:15:00 CET	2020-03-16 21:18:45 CET	1125.869	2	1	2	2020-03-16 21:00:00	1	4	2020-03-16T20:18:45Z
"""
LABELS = "1 = Not at all \n2 = Slightly\n3 = Moderately\n4 = Very\n5 = Extremly"
META = {
    "first_author": "Fried",
    "dataset_id": "0001",
    "license": "CC-BY4.0",
    "n_beeps_per_day": "4",
    "features": [
        {"name": "id", "description": "Participant ID", "variable_type": "categorical"},
        {"name": "scheduled", "description": "Time of beep schedule", "variable_type": "PosixCt"},
        {
            "name": "relax",
            "description": "Difficulties relaxing",
            "variable_type": "rating_scale",
            "answer_categories": "5",
            "labels": LABELS,
            "assessment_type": "ESM",
        },
        {
            "name": "irritable",
            "description": "Irritable",
            "variable_type": "rating_scale",
            "answer_categories": "5",
            "labels": LABELS,
            "assessment_type": "ESM",
        },
        {
            "name": "worry",
            "description": "Worried",
            "variable_type": "rating_scale",
            "answer_categories": "5",
            "labels": LABELS,
            "assessment_type": "ESM",
        },
    ],
}


@pytest.fixture
def study(tmp_path):
    (tmp_path / "0001_fried_ts.tsv").write_text(HEADER + "\n" + ROWS)
    (tmp_path / "meta.json").write_text(json.dumps(META))
    return read_openesm(tmp_path / "0001_fried_ts.tsv", tmp_path / "meta.json")


def test_the_layout_maps_onto_the_long_format(study):
    data = study.data
    assert data["participant"].tolist()[:1] == ["1"]
    assert data["date"].dt.strftime("%Y-%m-%d").tolist()[4] == "2020-03-17"
    assert data["time"].tolist()[:2] == ["12:00", "15:00"]
    assert data["sent"].iloc[0] == pd.Timestamp("2020-03-16 12:00:00")  # "CET" removed
    expired = data.iloc[6]
    assert pd.isna(expired["answered"]) and pd.isna(expired["relax"])  # the expiry is no answer
    assert pd.isna(expired["duration_seconds"])
    assert study.codebook["relax"].type == "ordinal"
    assert (study.codebook["relax"].minimum, study.codebook["relax"].maximum) == (1, 5)
    assert study.codebook.design.prompts == (("", 4),)


def test_compliance_counts_the_listed_beeps(study):
    table = beep_compliance(study.data)  # the data lists its unanswered beep: no design needed
    assert table.loc["1", "answered"] == 7 and table.loc["1", "expected"] == 8
    assert table.loc["2", "compliance"] == 1.0
    by_time = beep_compliance(study.data, by="time_of_day", hours=3)
    assert (
        by_time.loc["18:00-21:00", "answered"] == 2 and by_time.loc["18:00-21:00", "expected"] == 3
    )
    assert by_time.loc["21:00-00:00", "compliance"] == 1.0


def test_beep_lags_never_bridge_an_unanswered_beep(study):
    within = lag(study.data, "relax", by="beep")["relax_lag1"]
    across = lag(study.data, "relax", by="beep", across_days=True)["relax_lag1"]
    one = study.data["participant"] == "1"
    # relax, day 1: 1 2 1 1; day 2: 1 3 (unanswered) 1
    assert within[one].tolist()[4:] == pytest.approx(
        [float("nan"), 1, 3, float("nan")], nan_ok=True
    )
    assert across[one].tolist()[4] == 1  # day 2's first beep meets day 1's last
    assert pd.isna(across[one].tolist()[0])  # nothing before the first day


def test_a_table_without_id_is_refused(tmp_path):
    (tmp_path / "x.tsv").write_text("who\tday\n1\t1\n")
    with pytest.raises(ImportFormatError, match="no `id` column"):
        read_openesm(tmp_path / "x.tsv")
