"""The last-7-days table under the form: what is there, without a wall of absences."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from reflectkit.forms.checkin import recent_days_table

END = dt.date(2024, 3, 10)
JUDGING = re.compile(r"streak|missed|fail|broke|bad day|should|must|score", re.IGNORECASE)
COUNTS = re.compile(r"\d+\s*(of|/|out of)\s*\d+|\d+\s+days?\b", re.IGNORECASE)


def checkins(store, *entries: dict) -> pd.DataFrame:
    for entry in entries:
        store.save(entry)
    return store.load()


def rows(table: str) -> list[str]:
    return re.findall(r"<th scope='row'>([^<]*)</th>", table)


def test_the_first_save_shows_one_day_and_no_absences(store):
    table = recent_days_table(checkins(store, {"date": END, "mood": 5}), end=END)
    assert rows(table) == ["Sun 10 Mar"]
    assert "no entry" not in table
    assert "Days without a check-in are left out." in table
    assert "Your last 7 days" in table


def test_only_days_with_a_check_in_are_listed_in_order_latest_version(store):
    data = checkins(
        store,
        {"date": "2024-03-09", "sleep_hours": 7.25, "moments": "calm; laughter"},
        {"date": "2024-03-05", "mood": 4},
        {"date": "2024-03-03", "mood": 4},  # a week before END: just outside the 7 days
        {"date": "2024-03-11", "mood": 4},  # after END
        {"date": "2024-03-09", "sleep_hours": 6.5, "moments": "warmth", "activities": "walk"},
    )
    table = recent_days_table(data, end=END)
    assert rows(table) == ["Tue 05 Mar", "Sat 09 Mar"]
    assert "6.5 h" in table and "warmth" in table and "<td>walk</td>" in table
    assert "7.2 h" not in table and "laughter" not in table  # the earlier version is not shown


def test_a_full_week_needs_no_note(store):
    week = [{"date": END - dt.timedelta(days=i), "mood": 5} for i in range(7)]
    table = recent_days_table(checkins(store, *week), end=END)
    assert len(rows(table)) == 7 and "left out" not in table


def test_a_week_with_no_check_in_says_so_in_one_line(store):
    table = recent_days_table(checkins(store, {"date": "2024-01-01", "mood": 5}), end=END)
    assert rows(table) == [] and "<table" not in table
    assert "No check-ins in these days." in table


@pytest.mark.parametrize("days_with_entries", [1, 3, 6])
def test_the_table_never_counts_or_judges(store, days_with_entries):
    entries = [
        {"date": END - dt.timedelta(days=2 * i), "mood": 5} for i in range(days_with_entries)
    ]
    table = recent_days_table(checkins(store, *entries), end=END)
    text = re.sub(r"<[^>]+>", " ", table)
    assert not JUDGING.search(text)
    assert not COUNTS.search(text.replace("last 7 days", "")), text


def test_what_was_typed_is_escaped(store):
    table = recent_days_table(checkins(store, {"date": END, "moments": "<b>calm</b>"}), end=END)
    assert "&lt;b&gt;calm&lt;/b&gt;" in table and "<b>calm" not in table
