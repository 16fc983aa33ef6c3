"""The personal store: nothing lost, nothing leaked, nothing rewritten."""

from __future__ import annotations

import datetime as dt
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit import CheckinStore, CheckinValidationError, StoreError
from reflectkit.io.store import default_home


def test_default_location_is_reflectkit_home_and_never_the_repository(home):
    assert CheckinStore().folder == home
    repo = Path(__file__).resolve().parents[2]
    assert repo not in CheckinStore().path.parents


def test_default_location_without_override_is_the_user_data_folder(monkeypatch):
    monkeypatch.delenv("REFLECTKIT_HOME")
    assert "reflectkit" in str(default_home()).lower()
    assert Path(__file__).resolve().parents[2] not in default_home().parents


def test_save_then_load_keeps_only_what_was_given(store):
    store.save({"date": "2024-03-02", "mood": 6})
    frame = store.load()
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["mood"] == 6
    assert pd.isna(row["sleep_hours"]) and pd.isna(row["note"]) and pd.isna(row["meals"])
    assert row["recorded_at"].tzinfo is not None


def test_files_are_private(store):
    store.save({"date": "2024-03-02", "mood": 6})
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700


def test_saving_a_date_again_adds_a_revision(store):
    store.save({"date": dt.date(2024, 3, 2), "mood": 5, "note": "first"})
    store.save({"date": "2024-03-02", "mood": 7, "note": "second"})
    assert store.load()["note"].tolist() == ["second"]
    history = store.history("2024-03-02")
    assert history["note"].tolist() == ["first", "second"]
    assert history["recorded_at"].is_monotonic_increasing
    assert store.latest("2024-03-02")["mood"] == 7
    assert store.latest("2024-03-09") is None


def test_several_check_ins_a_day_are_kept_by_time(store):
    store.save({"date": "2024-03-02", "time": "09:00", "mood": 4})
    store.save({"date": "2024-03-02", "time": "21:00", "mood": 6})
    assert store.load()["mood"].tolist() == [4, 6]


def test_invalid_save_raises_and_writes_nothing(store):
    store.save({"date": "2024-03-01", "mood": 5})
    before = store.path.read_bytes()
    with pytest.raises(
        CheckinValidationError, match=r"`mood` must be a number from 1 to 10, got 11"
    ) as err:
        store.save({"date": "2024-03-02", "mood": 11, "note": "kept in the form"})
    assert "Nothing was saved" in str(err.value)
    assert store.path.read_bytes() == before
    with pytest.raises(CheckinValidationError, match="`feelings` is not a check-in field"):
        store.save({"date": "2024-03-02", "feelings": 3})
    assert store.path.read_bytes() == before


def test_first_invalid_save_creates_no_file(store):
    with pytest.raises(CheckinValidationError):
        store.save({"date": "2024-03-02", "bedtime": "07:00", "wake_time": "07:00"})
    assert not store.path.exists()


@pytest.mark.parametrize(
    "note", ["=SUM(A1:A9)", "+1", "-2", "@cmd", "'=already quoted", "''-twice"]
)
def test_formula_like_text_is_defused_in_the_file_and_round_trips(store, note):
    store.save({"date": "2024-03-02", "note": note})
    line = store.path.read_text().splitlines()[1]
    assert ",'" in line  # stored behind an apostrophe, so a spreadsheet shows text
    assert store.load()["note"].iloc[0] == note


def test_a_file_that_is_not_a_store_is_left_alone(tmp_path):
    other = tmp_path / "notes.csv"
    other.write_bytes(b"a,b\r\n1,2\r\n")
    with pytest.raises(StoreError, match="does not start with reflectkit's header"):
        CheckinStore(other).save({"date": "2024-03-02", "mood": 5})
    assert other.read_bytes() == b"a,b\r\n1,2\r\n"


def test_an_unfinished_record_is_left_out_then_moved_aside_never_cut_away(store):
    store.save({"date": "2024-03-01", "mood": 5, "note": "two\nlines"})
    tail = b'2024-03-02,,,,,,,,,,,6,,,,,,"half a note\n'
    with open(store.path, "ab") as f:  # what a crash of an older version leaves behind
        f.write(tail)
    with pytest.warns(UserWarning, match=r"last record \(from line 4\) is unfinished"):
        assert store.load()["date"].tolist() == [pd.Timestamp("2024-03-01")]
    with pytest.warns(UserWarning, match="moved, unchanged, to .*checkins-unfinished-"):
        store.save({"date": "2024-03-03", "mood": 7})
    frame = store.load()
    assert frame["mood"].tolist() == [5, 7]
    assert frame["note"].iloc[0] == "two\nlines"
    (side,) = store.folder.glob("checkins-unfinished-*.csv")
    assert side.read_bytes() == tail
    assert stat.S_IMODE(side.stat().st_mode) == 0o600


WRITER = textwrap.dedent(
    """
    import sys, datetime as dt
    from reflectkit import CheckinStore
    store = CheckinStore(sys.argv[1])
    first, count = int(sys.argv[2]), int(sys.argv[3])
    print("ready", flush=True)
    for i in range(first, first + count):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=i)
        store.save({"date": day, "mood": 1 + i % 10, "note": f"entry {i}, with \\"quotes\\"\\nand a line"})
        print(i, flush=True)
    """
)


def _writer(folder: Path, first: int, count: int) -> subprocess.Popen:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(first), str(count)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"  # imports done, however slow the machine
    return writer


@pytest.mark.slow
def test_concurrent_saves_from_four_processes_all_land(home):
    writers = [_writer(home, k * 250, 250) for k in range(4)]
    for w in writers:
        assert w.wait(timeout=300) == 0
    frame = CheckinStore(home).load()
    assert len(frame) == 1000
    assert frame["date"].is_unique
    assert frame["note"].str.startswith("entry ").all()


@pytest.mark.slow
def test_a_writer_killed_at_random_moments_loses_no_returned_save(home, rng):
    confirmed: set[int] = set()
    for attempt in range(6):
        writer = _writer(home, attempt * 10_000, 10_000)
        assert writer.stdout is not None
        first = int(writer.stdout.readline())  # saving has begun, however slow the machine
        time.sleep(rng.random() * 0.5)  # kill during saves
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        confirmed |= {first, *(int(x) for x in out.split())}
        frame = CheckinStore(home)._read(revisions="all")  # must always load
        stored = {(d - pd.Timestamp("2000-01-01")).days for d in frame["date"]}
        assert confirmed <= stored
    assert confirmed, "the writer never got to save; the test proved nothing"


notes = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    min_size=1,
    max_size=200,
).filter(lambda t: t.strip() == t and t != "")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    note=st.one_of(notes, st.sampled_from(["=1+1", "a,b", 'say "hi"', "x\ny", "🌱 ok", "-", "@@"]))
)
def test_any_note_round_trips_exactly(tmp_path, note):
    store = CheckinStore(tmp_path / f"s{abs(hash(note))}")
    store.save({"date": "2024-03-02", "note": note})
    assert store.load()["note"].iloc[0] == note
