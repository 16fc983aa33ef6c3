"""k-anonymity: every participant, every combination in any of their rows, missing as a value."""

from __future__ import annotations

import math

import pandas as pd
from anon_data import KEY, cohort
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit.research import anonymise, k_anonymity


def issue_cohort() -> pd.DataFrame:
    """42 participants, 3 rows each, built so that the true k can be counted by hand.

    - P000-P037 (38 people): age 34, gender f, Springfield on every row.
    - P038, P039: age 52, gender f, Springfield.
    - P040: age 34, gender missing, Springfield.
    - P041: age 34, gender f; Springfield on the first row, Shelbyville on the later two
      (Shelbyville has one participant, fewer than 5, so it becomes 'other').
    """
    ages = [34] * 38 + [52, 52, 34, 34]
    genders = ["f"] * 40 + [None, "f"]
    cities = ["Springfield"] * 41 + [["Springfield", "Shelbyville", "Shelbyville"]]
    return cohort(42, days=3, extra={"age": ages, "gender": genders, "city": cities})


def test_k_of_the_issue_is_counted_over_every_row_and_missing_values():
    _, report = anonymise(issue_cohort(), key=KEY)
    # Groups by hand, (age band, gender, city):
    #   (30-39, f, Springfield)       P000-P037 and P041's first row -> 39 participants
    #   (50-59, f, Springfield)       P038, P039                    ->  2
    #   (30-39, missing, Springfield) P040                          ->  1
    #   (30-39, f, other)             P041's later rows              ->  1
    # k = 1 (the old count, first rows only and missing left out, said 2); in groups of
    # fewer than 5: P038, P039, P040, P041.
    assert report.k == 1
    assert report.in_small_groups == 4
    # One column at a time, by hand:
    #   age alone:    30-39 -> 40, 50-59 -> 2                   -> 2
    #   gender alone: f -> 41, missing -> 1                     -> 1
    #   city alone:   Springfield -> 42, other -> 1             -> 1
    #   without age:    (f, Spr) 41, (missing, Spr) 1, (f, other) 1   -> 1
    #   without gender: (30-39, Spr) 40, (50-59, Spr) 2, (30-39, other) 1 -> 1
    #   without city:   (30-39, f) 39, (50-59, f) 2, (30-39, missing) 1  -> 1
    assert report.k_alone == {"age": 2, "gender": 1, "city": 1}
    assert report.k_without == {"age": 1, "gender": 1, "city": 1}


def test_the_report_names_columns_not_the_values_of_a_small_group():
    _, report = anonymise(issue_cohort(), key=KEY)
    text = report.to_markdown()
    section = text[text.index("## k-anonymity") :]
    assert "**k = 1**" in section and "4 of 42 participants" in section
    assert "| `age` | 2 | 1 |" in section
    for value in ("50-59", "30-39", "Springfield", "Shelbyville", "other", "nan", "None"):
        assert value not in section
    assert "Shelbyville" not in text and "52" not in section


def test_columns_that_make_groups_small_stand_out():
    # 10 people share age band and gender, but each has their own height:
    # height alone and the full set give k = 1; without height, k = 10.
    extra = {"age": [30] * 10, "gender": ["f"] * 10, "height": [150.0 + i for i in range(10)]}
    _, report = anonymise(
        cohort(10, extra=extra), key=KEY, quasi_identifiers=("age", "gender", "height")
    )
    assert report.k == 1 and report.in_small_groups == 10
    assert report.k_alone == {"age": 10, "gender": 10, "height": 1}
    assert report.k_without == {"age": 1, "gender": 1, "height": 10}
    assert "kept as it is" in report.actions["height"]


def by_hand(rows: list[tuple[str, float, float]]) -> tuple[int, int]:
    """k and the number of participants in groups under 5, with plain sets and dicts."""
    groups: dict[tuple[object, object], set[str]] = {}
    for person, a, b in rows:
        combo = tuple("missing" if math.isnan(v) else v for v in (a, b))
        groups.setdefault(combo, set()).add(person)
    k = min(len(people) for people in groups.values())
    small = set().union(*(people for people in groups.values() if len(people) < 5))
    return k, len(small)


VALUE = st.sampled_from([1.0, 2.0, 3.0, math.nan])
PERSON = st.lists(st.tuples(VALUE, st.sampled_from([10.0, 20.0, math.nan])), min_size=1, max_size=4)


@given(people=st.lists(PERSON, min_size=1, max_size=12))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_k_matches_a_count_by_hand(people):
    rows = [(f"P{i:03d}", a, b) for i, person in enumerate(people) for a, b in person]
    frame = pd.DataFrame(rows, columns=["participant", "q1", "q2"])
    frame["date"] = pd.Timestamp("2024-03-04") + pd.to_timedelta(
        frame.groupby("participant").cumcount(), unit="D"
    )
    out, report = anonymise(frame, key=KEY, quasi_identifiers=("q1", "q2"))
    k, small = by_hand(rows)
    assert (report.k, report.in_small_groups) == (k, small)
    assert k_anonymity(frame, ["q1", "q2"]) == k_anonymity(out, ["q1", "q2"]) == k
    position = {"q1": 1, "q2": 2}
    for column, other in (("q1", "q2"), ("q2", "q1")):  # with two columns, without one = the other
        alone = by_hand([(r[0], r[position[column]], math.nan) for r in rows])[0]
        without = by_hand([(r[0], r[position[other]], math.nan) for r in rows])[0]
        assert report.k_alone[column] == alone and report.k_without[column] == without
