"""Date shifts that a shared enrolment date does not undo, and a report that warns."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from anon_data import KEY, cohort
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit.research import AnonymisationError, anonymise
from reflectkit.research.anonymise import date_shift_days, pseudonym

ENROLMENT = pd.Timestamp("2024-03-04")
PEOPLE = 48

#: What anyone can read in the source code: the ranges, in weeks, of the per-participant
#: part and (since this policy) of the study-wide part of every offset.
policy = importlib.import_module("reflectkit.research.anonymise")
OWN_WEEKS = np.r_[-policy.MAX_SHIFT_WEEKS : 0, 1 : policy.MAX_SHIFT_WEEKS + 1]
_low, _high = getattr(policy, "STUDY_SHIFT_WEEKS", (0, 0))
STUDY_WEEKS = np.unique(np.r_[-_high : -_low + 1, _low : _high + 1])

KEYS = st.binary(min_size=32, max_size=32).filter(lambda k: len(set(k)) >= 16)


def candidate_starts(first_dates: pd.Series, *, study_weeks: np.ndarray) -> list[pd.Timestamp]:
    """Every enrolment date consistent with the shifted first dates and the known ranges.

    The attack from the issue: everyone began on the same day E, so each shifted first date
    is E + (study part + own part) weeks. A candidate E is kept when one study part makes
    every participant's own part fall inside its published range.
    """
    first = first_dates.sort_values()
    reach = int(np.abs(study_weeks).max() + OWN_WEEKS.max() + 1)
    lowest = first.iloc[0] - pd.Timedelta(weeks=reach)
    candidates = []
    for week in range(2 * reach + 1 + (first.iloc[-1] - first.iloc[0]).days // 7):
        start = lowest + pd.Timedelta(weeks=week)
        days = (first - start).dt.days.to_numpy()
        if (days % 7).any():  # whole weeks: the weekday is known
            continue
        weeks = days // 7
        own = weeks[None, :] - study_weeks[:, None]  # each study part x each participant
        fits = np.isin(own, OWN_WEEKS).all(axis=1)
        if fits.any():
            candidates.append(start)
    return candidates


def shifted_first_dates(key: bytes) -> pd.Series:
    out, _ = anonymise(cohort(PEOPLE, days=14), key=key)
    return out.groupby("participant")["date"].min()


def test_the_issue_attack_no_longer_narrows_the_start_down():
    first = shifted_first_dates(KEY)
    # The attack as the issue ran it, with the published "1 to 52 weeks" only: before this
    # policy it left 3 or 4 candidates, the real one among them. Now the real start is not
    # among whatever it finds.
    naive = candidate_starts(first, study_weeks=np.array([0]))
    assert ENROLMENT not in naive
    # An attacker who knows the whole policy (both ranges) but not the key: the real start
    # is among the candidates, but so are hundreds of other weeks over more than a decade.
    informed = candidate_starts(first, study_weeks=STUDY_WEEKS)
    assert ENROLMENT in informed
    assert len(informed) >= 500
    assert (informed[-1] - informed[0]).days > 10 * 365


@given(key=KEYS)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_no_key_lets_the_shared_start_be_narrowed_down(key):
    first = shifted_first_dates(key)
    assert ENROLMENT not in candidate_starts(first, study_weeks=np.array([0]))
    informed = candidate_starts(first, study_weeks=STUDY_WEEKS)
    assert ENROLMENT in informed and len(informed) >= 500


def test_a_shared_enrolment_is_warned_about_without_printing_offsets():
    _, report = anonymise(cohort(PEOPLE), key=KEY)
    text = report.to_markdown()
    assert any(
        f"{PEOPLE} of {PEOPLE} participants began within the same week" in w
        for w in report.warnings
    )
    assert "## Remaining risks" in text and "study days alike" in text
    for number in ("52", "53", "520", "1 to"):
        assert number not in report.date_policy
    _, report = anonymise(cohort(PEOPLE), key=KEY, dates="study_day")
    assert any("began within the same week" in w for w in report.warnings)


def test_staggered_enrolment_is_not_warned_about():
    _, report = anonymise(cohort(PEOPLE, stagger_days=9), key=KEY)
    assert not any("began within the same week" in w for w in report.warnings)


@given(key=KEYS, people=st.integers(1, 6))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_offset_is_whole_weeks_never_zero_and_the_same_for_every_date_column(key, people):
    frame = cohort(people, days=3, stagger_days=5, extra={"start_date": ["2024-03-04"] * people})
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    out, _ = anonymise(frame, key=key, keep_dates=("start_date",))
    code = frame["participant"].map(lambda p: pseudonym(p, key=key))
    before = frame.assign(_code=code).sort_values(["_code", "date"]).reset_index(drop=True)
    delta = (out["date"] - before["date"]).dt.days
    expected = before["participant"].map(lambda p: date_shift_days(p, key=key))
    assert (delta == expected).all() and (delta % 7 == 0).all() and (delta != 0).all()
    assert ((out["start_date"] - before["start_date"]).dt.days == delta).all()
    assert (out["date"].dt.day_of_week == before["date"].dt.day_of_week).all()


def test_shifted_dates_stay_inside_the_range_readers_handle():
    keys = (bytes((i * 37 + j * 11) % 256 for j in range(32)) for i in range(64))
    later = next(k for k in keys if date_shift_days("P000", key=k) > 0)
    late = cohort(1, days=3, start="2199-12-01")
    with pytest.raises(AnonymisationError, match=r"outside 1900-2199: use dates='study_day'"):
        anonymise(late, key=later)
    out, _ = anonymise(late, key=later, dates="study_day")
    assert out["study_day"].tolist() == [1, 2, 3]
