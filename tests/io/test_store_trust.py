"""The store never loses a byte: files edited elsewhere, links, shared folders, full disks."""

from __future__ import annotations

import csv
import errno
import io
import os
import stat
import tracemalloc
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit import (
    CheckinStore,
    CheckinValidationError,
    ReflectkitError,
    StoreError,
    load_checkins,
)
from reflectkit import schema as s
from reflectkit.io import appendfile

SHARED_GROUP = 65534  # "nogroup" on Debian: the user "nobody" is in it

DAYS = [
    {"date": f"2024-03-{d:02d}", "mood": 1 + d % 10, "note": f'day {d}, "quoted"\nand more'}
    for d in range(1, 11)
]


def stored(store: CheckinStore) -> list[tuple]:
    """The rows as comparable tuples (date, mood, note)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = store.load()
    return [(str(r.date.date()), r.mood, r.note) for r in frame.itertuples()]


def expected(days: list[dict]) -> list[tuple]:
    return [(d["date"], float(d["mood"]), d["note"]) for d in days]


def _lf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n")


def _cr(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\r")


def _bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def _no_final_newline(data: bytes) -> bytes:
    return data.rstrip(b"\r\n")


def _spreadsheet(data: bytes) -> bytes:
    """Every value quoted, LF line ends, no final line break: what a spreadsheet may save."""
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return out.getvalue().rstrip("\n").encode()


EDITS = {
    "lf": _lf,
    "cr": _cr,
    "bom": _bom,
    "no-final-newline": _no_final_newline,
    "lf-no-final-newline": lambda d: _no_final_newline(_lf(d)),
    "bom-lf": lambda d: _bom(_lf(d)),
    "spreadsheet": _spreadsheet,
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_file_edited_elsewhere_loads_fully_and_the_next_save_appends_after_it(store, edit):
    store.save_many(DAYS)
    edited = EDITS[edit](store.path.read_bytes())
    store.path.write_bytes(edited)
    assert stored(store) == expected(DAYS)
    store.save({"date": "2024-04-01", "mood": 3, "note": "after the edit"})
    assert store.path.read_bytes().startswith(edited)  # not one byte rewritten
    assert stored(store) == expected(
        [*DAYS, {"date": "2024-04-01", "mood": 3, "note": "after the edit"}]
    )


def test_the_validate_command_and_the_store_agree_on_an_lf_file(store):
    store.save_many(DAYS)
    store.path.write_bytes(_lf(store.path.read_bytes()))
    assert len(load_checkins(store.path)) == len(store.load()) == 10


def test_a_csv_written_by_pandas_keeps_every_row_when_imported_into(tmp_path):
    target = tmp_path / "mine" / "export.csv"
    target.parent.mkdir(mode=0o700)
    frame = pd.DataFrame(DAYS).reindex(columns=list(s.COLUMNS))
    frame.to_csv(target, index=False)  # LF line ends
    before = target.read_bytes()
    store = CheckinStore(target)
    store.save({"date": "2024-05-01", "mood": 8})
    assert target.read_bytes().startswith(before)
    assert len(store.load()) == 11


@pytest.mark.parametrize(
    "content",
    [b"a,b\r\n1,2", b"a,b\n1,2\n", b"x", b"\xef\xbb\xbfnot,ours\r\n", b"date,mood\r\n2024-03-02,5"],
    ids=["crlf-no-final-newline", "lf", "one-byte", "bom", "subset-of-columns"],
)
def test_a_file_with_another_header_is_never_touched(tmp_path, content):
    other = tmp_path / "notes.csv"
    other.write_bytes(content)
    with pytest.raises(StoreError, match="does not start with reflectkit's header"):
        CheckinStore(other).save({"date": "2024-03-02", "mood": 5})
    assert other.read_bytes() == content
    assert list(tmp_path.glob("notes-*")) == []


def test_a_store_that_is_a_link_is_refused_and_its_target_left_alone(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.csv"
    target.write_bytes(b"precious\n")
    target.chmod(0o644)
    (folder / "checkins.csv").symlink_to(target)
    store = CheckinStore(folder)
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.save({"date": "2024-03-02", "mood": 5})
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.load()
    assert target.read_bytes() == b"precious\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722, 0o1777])
def test_a_folder_others_can_write_to_is_refused_with_the_fix(tmp_path, monkeypatch, mode):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    if mode & 0o020 and not mode & 0o002:  # group-writable: a group with someone else in it
        if os.geteuid() != 0:
            pytest.skip("giving a folder to another group needs root")
        os.chown(folder, -1, SHARED_GROUP)
    monkeypatch.setenv("REFLECTKIT_HOME", str(folder))
    with pytest.raises(StoreError, match=rf"can be changed by other users .*chmod 700 {folder}"):
        CheckinStore().save({"date": "2024-03-02", "mood": 5})
    with pytest.raises(StoreError, match="can be changed by other users"):
        CheckinStore().load()
    assert list(folder.iterdir()) == []


def test_a_group_of_one_may_write_to_the_folder(tmp_path, monkeypatch):
    """Many Linux systems give each user a private group and make folders 0775."""
    import grp
    import pwd

    mine = pwd.getpwuid(os.geteuid())
    group = grp.getgrgid(mine.pw_gid)
    others = [u for u in pwd.getpwall() if u.pw_gid == mine.pw_gid and u.pw_uid != mine.pw_uid]
    if group.gr_mem or others:
        pytest.skip("this user's group has other members")
    folder = tmp_path / "mine"
    folder.mkdir()
    folder.chmod(0o775)
    CheckinStore(folder).save({"date": "2024-03-02", "mood": 5})
    assert len(CheckinStore(folder).load()) == 1


def test_a_new_home_is_private_whatever_the_umask(tmp_path, monkeypatch):
    old = os.umask(0)
    try:
        store = CheckinStore(tmp_path / "a" / "b")
        store.save({"date": "2024-03-02", "mood": 5})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o700
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_an_existing_file_keeps_the_permissions_its_owner_gave_it(store):
    store.save({"date": "2024-03-01", "mood": 5})
    store.path.chmod(0o640)
    store.save({"date": "2024-03-02", "mood": 6})
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o640


def test_a_note_longer_than_the_limit_is_refused_at_save_and_at_load(store, write_csv):
    long_note = "x" * (s.MAX_TEXT_LENGTH + 1)
    with pytest.raises(
        CheckinValidationError,
        match=r"`note` must be at most 20,000 characters.*got 'xxx.*\(20,001 characters\)",
    ):
        store.save({"date": "2024-03-02", "note": long_note})
    assert not store.path.exists()
    path = write_csv(f"date,note\n2024-03-02,{long_note}\n")
    with pytest.raises(CheckinValidationError, match="line 2: `note` must be at most 20,000"):
        load_checkins(path)


def test_a_huge_note_is_refused_without_copying_it_around(store):
    huge = "y" * 50_000_000
    tracemalloc.start()
    try:
        with pytest.raises(CheckinValidationError, match="at most 20,000 characters"):
            store.save({"date": "2024-03-02", "note": huge})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # well under one copy of the note


worst_case_text = st.text(
    alphabet=st.sampled_from(['"', ",", "\n", "\r", "'", "=", "🌱", "é", " ", "a", ";"]),
    min_size=1,
    max_size=40,
).map(lambda t: (t * (s.MAX_TEXT_LENGTH // len(t) + 1))[: s.MAX_TEXT_LENGTH])  # the longest allowed


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
        HealthCheck.too_slow,
    ],
)
@given(note=worst_case_text)
def test_the_loader_reads_the_longest_record_the_store_can_write(tmp_path_factory, note):
    store = CheckinStore(tmp_path_factory.mktemp("long"))
    note = note.strip() or "x"
    entry = {
        "date": "2024-03-02",
        "note": note,
        "curiosity": note,
        "activities": "walk",
        "moments": "calm",
    }
    store.save(entry)
    loaded = store.load().iloc[0]
    assert loaded["note"] == note.replace("\r\n", "\n").replace("\r", "\n")
    assert len(load_checkins(store.path)) == 1


# -- interrupted saves --------------------------------------------------------------------


def _interrupted_save(store: CheckinStore, entry: dict, *, landed: int) -> bytes:
    """Leave the store as a writer killed after ``landed`` bytes of its append would."""
    from reflectkit.io.csvfile import format_records

    records = format_records(
        [{**entry, "recorded_at": pd.Timestamp("2024-03-05T10:00:00Z")}], list(s.COLUMNS)
    ).encode()
    file = store._file
    offset = store.path.stat().st_size
    file._write_journal(offset, records)
    with open(store.path, "ab") as f:
        f.write(records[:landed])
    return records


@pytest.mark.parametrize("landed", [0, 1, 17, -1])
def test_an_interrupted_save_is_completed_by_the_next_reader(store, landed):
    store.save({"date": "2024-03-01", "mood": 5})
    records = _interrupted_save(
        store,
        {"date": "2024-03-02", "mood": 6, "note": 'half "a"\nnote'},
        landed=landed if landed >= 0 else 10**6,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = store.load()
    assert frame["mood"].tolist() == [5, 6]
    assert frame["note"].iloc[1] == 'half "a"\nnote'
    assert not store._file.journal.exists()
    assert store.path.read_bytes().endswith(records)


def test_an_interrupted_save_of_a_file_changed_meanwhile_is_kept_in_a_side_file(store):
    store.save({"date": "2024-03-01", "mood": 5})
    records = _interrupted_save(store, {"date": "2024-03-02", "mood": 6}, landed=10)
    with open(store.path, "r+b") as f:  # someone edits the file before the next save
        f.seek(-10, os.SEEK_END)
        f.write(b"X" * 10)
    edited = store.path.read_bytes()
    with pytest.warns(UserWarning, match="was changed after a save was interrupted"):
        store.save({"date": "2024-03-03", "mood": 7})
    kept = store.path.read_bytes()
    (tail,) = store.folder.glob("checkins-unfinished-*.csv")  # the edited, cut-off last line
    assert kept.startswith(edited[: -len(tail.read_bytes())])
    assert tail.read_bytes() == b"X" * 10
    (side,) = store.folder.glob("checkins-unsaved-*.csv")
    assert side.read_bytes().endswith(records)
    assert load_checkins(side)["mood"].tolist() == [6]


def test_a_journal_cut_off_before_the_append_began_changes_nothing(store):
    store.save({"date": "2024-03-01", "mood": 5})
    before = store.path.read_bytes()
    store._file.journal.write_bytes(appendfile._JOURNAL_MAGIC + b"0 999 abc\n2024")
    assert store.load()["mood"].tolist() == [5]
    assert store.path.read_bytes() == before and not store._file.journal.exists()


def test_a_failed_write_takes_back_exactly_its_own_bytes(store, monkeypatch):
    store.save_many(DAYS)
    before = store.path.read_bytes()
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd, data):
        calls["n"] += 1
        if calls["n"] == 2:  # the journal lands, the append gets 5 bytes in
            real_write(fd, bytes(data[:5]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(appendfile.os, "write", full_disk)
    with pytest.raises(OSError):
        store.save({"date": "2024-04-01", "mood": 5})
    monkeypatch.undo()
    assert store.path.read_bytes() == before
    assert not store._file.journal.exists()


def test_a_full_disk_says_so_and_loses_nothing(tiny_disk, fill):
    disk = tiny_disk("256k")
    store = CheckinStore(disk / "home")
    store.save_many(DAYS)
    before = store.path.read_bytes()
    filler = fill(disk)
    with pytest.raises(StoreError, match=r"disk holding .* is full, so nothing was written"):
        store.save({"date": "2024-04-01", "mood": 5, "note": "n" * 5000})
    assert store.path.read_bytes() == before
    filler.unlink()
    store.save({"date": "2024-04-01", "mood": 5})
    assert len(store.load()) == 11


# -- the property: whatever happens to the file, no stored row is lost or altered ----------

entries = st.lists(
    st.fixed_dictionaries(
        {
            "date": st.dates(
                min_value=pd.Timestamp("2000-01-01").date(),
                max_value=pd.Timestamp("2030-12-31").date(),
            ).map(str),
            "mood": st.integers(1, 10),
            "note": st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
                max_size=40,
            ).map(lambda t: t.strip() or "-"),
        }
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda e: e["date"],
)
junk = st.one_of(
    st.just(b""),
    st.binary(max_size=60),
    st.sampled_from(
        [b'2031-01-01,,,,,,,,,,,6,,,,,,"half', b"\r\n\r\n", b'"', b"\xff\xfe", b"2031-01-02"]
    ),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(first=entries, second=entries, edit=st.sampled_from(sorted(EDITS)), tail=junk)
def test_no_stored_row_is_ever_lost_or_altered(tmp_path_factory, first, second, edit, tail):
    folder = tmp_path_factory.mktemp("prop")
    store = CheckinStore(folder)
    store.save_many(first)
    edited = EDITS[edit](store.path.read_bytes())
    if tail:  # whatever an editor or a crash leaves, on a line of its own
        edited += (b"" if edited.endswith((b"\n", b"\r")) else b"\n") + tail
    store.path.write_bytes(edited)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            store.save_many(second)
        except StoreError as err:  # refused: then nothing at all was changed
            assert "\n" not in str(err)
            assert store.path.read_bytes() == edited
            return
    after = store.path.read_bytes()
    sides = [p.read_bytes() for p in folder.glob("checkins-unfinished-*.csv")]
    if after.startswith(edited):
        assert not sides
    else:  # only an unfinished last record may leave, and it is kept byte for byte
        (side,) = sides
        assert edited.endswith(side) and after.startswith(edited[: -len(side)])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            every = store._read(revisions="all")  # a date saved twice is a revision: keep both
    except ReflectkitError:
        return  # junk that is not a check-in is reported, never silently dropped
    rows = [(str(r.date.date()), r.mood, r.note) for r in every.itertuples()]
    for row in expected(first) + expected(second):
        assert row in rows


# -- found by an adversarial review ------------------------------------------------------------


PLAIN = [{"date": f"2024-03-{d:02d}", "mood": 5, "note": f"day {d}"} for d in range(1, 11)]


def test_an_unclosed_quote_early_in_the_file_is_refused_never_moved_aside(store):
    store.save_many(PLAIN)
    edited = store.path.read_bytes().replace(b",day 3,", b',"so-called good day 3,', 1)
    store.path.write_bytes(edited)
    with pytest.raises(StoreError, match=r"line 4 opens a quoted value .* never closed"):
        store.load()
    with pytest.raises(StoreError, match="nothing was changed"):
        store.save({"date": "2024-05-01", "mood": 5})
    assert store.path.read_bytes() == edited
    assert list(store.folder.glob("checkins-*")) == []


def test_a_stray_quote_cannot_hide_a_cut_off_record(store):
    store.save({"date": "2024-01-01", "note": "plain"})
    with open(store.path, "ab") as f:  # a stray quote in an unquoted note, then a cut-off note
        f.write(
            b'2024-01-01,,,,,,,,,,,,,,,,,he is 5" tall,\r\n2024-01-02,,,,,,,,,,,,,,,,,"cut off mid no'
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        store.save({"date": "2024-01-03", "note": 'she said "hi" today'})
    assert "she said" in store.load().set_index("date").loc["2024-01-03", "note"]
    (side,) = store.folder.glob("checkins-unfinished-*.csv")
    assert side.read_bytes() == b'2024-01-02,,,,,,,,,,,,,,,,,"cut off mid no'


def test_a_cut_off_record_without_quotes_is_moved_aside(store):
    store.save({"date": "2024-01-01", "mood": 5})
    with open(store.path, "ab") as f:
        f.write(b"2024-01-02,,,,,,")  # what a crash of an older version could leave
    with pytest.warns(UserWarning, match="moved, unchanged"):
        store.save({"date": "2024-01-03", "mood": 6})
    assert store.load()["mood"].tolist() == [5, 6]


def test_zeros_left_by_a_power_cut_are_rewritten_from_the_journal(store):
    store.save({"date": "2024-01-01", "mood": 5})
    from reflectkit.io.csvfile import format_records

    records = format_records(
        [{"date": "2024-01-02", "mood": 6, "recorded_at": pd.Timestamp("2024-01-02T10:00Z")}],
        list(s.COLUMNS),
    ).encode()
    store._file._write_journal(store.path.stat().st_size, records)
    with open(store.path, "ab") as f:
        f.write(b"\0" * len(records))  # the new length landed, the data did not
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert store.load()["mood"].tolist() == [5, 6]
    assert b"\0" not in store.path.read_bytes()


def test_a_leftover_journal_in_a_folder_we_may_not_change_does_not_block_loading(
    store, monkeypatch
):
    store.save({"date": "2024-01-01", "mood": 5})
    _interrupted_save(store, {"date": "2024-01-02", "mood": 6}, landed=10**6)
    from pathlib import Path as RealPath

    real_unlink = RealPath.unlink

    def refused(self, *args, **kwargs):
        if self.name.endswith(".pending"):
            raise PermissionError(13, "Permission denied")
        return real_unlink(self, *args, **kwargs)

    monkeypatch.setattr(RealPath, "unlink", refused)
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert store.load()["mood"].tolist() == [5, 6]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_a_device_is_refused_not_waited_on(tmp_path, kind):
    folder = tmp_path / "home"
    folder.mkdir(mode=0o700)
    target = folder / "checkins.csv"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    with pytest.raises((StoreError, ReflectkitError)):
        CheckinStore(folder).load()
    source = target if kind == "fifo" else Path("/dev/zero")
    with pytest.raises(ReflectkitError, match="not a regular file"):
        load_checkins(source)


def test_empty_columns_a_spreadsheet_added_are_kept_for_every_new_row(store):
    store.save_many(DAYS[:3])
    wide = store.path.read_bytes().replace(b"\r\n", b",,\r\n")
    store.path.write_bytes(wide)
    store.save({"date": "2024-04-01", "mood": 3})
    assert store.path.read_bytes().startswith(wide)
    assert store.path.read_bytes().endswith(b",,\r\n")
    assert len(store.load()) == 4


def test_a_relative_home_is_made_absolute(tmp_path, monkeypatch):
    from reflectkit.io.store import default_home

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REFLECTKIT_HOME", "relhome")
    assert default_home() == tmp_path / "relhome"


def test_save_returns_what_the_file_holds(store):
    saved = store.save({"date": "2024-01-01", "note": "one\r\ntwo\rthree"})
    assert saved["note"] == "one\ntwo\nthree" == store.load()["note"].iloc[0]


def test_line_numbers_in_a_file_with_cr_line_ends(store):
    store.save_many(PLAIN[:3])
    store.path.write_bytes(
        store.path.read_bytes().replace(b"\r\n", b"\r") + b'2024-05-05,,,,,,,,,,,,,,,,,"half'
    )
    with pytest.warns(UserWarning, match=r"from line 5\)"):
        store.load()
