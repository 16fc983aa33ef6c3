"""Importing again adds only what is new or changed; an import can be taken back whole."""

from __future__ import annotations

import pandas as pd
import pytest

from reflectkit import CheckinStore, ReflectkitError, import_daylio
from reflectkit.io.imports import import_history, import_into, undo_last_import

HEADER = "full_date,date,weekday,time,mood,activities,note_title,note\n"
EXPORT = (
    HEADER + "2024-03-03,x,x,21:00,good,friends | run,,\n"
    "2024-03-02,x,x,21:00,meh,work,,a note\n"
    "2024-03-01,x,x,21:00,rad,,,\n"
)


def daylio(write_csv, text: str = EXPORT):
    path = write_csv(text, "daylio.csv")
    return import_daylio(path)


def test_the_same_export_twice_adds_nothing(store, write_csv):
    first = import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    before = store.path.read_bytes()
    again = import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    assert (first.new, first.unchanged) == (3, 0)
    assert (again.new, again.changed, again.unchanged, again.added) == (0, 0, 3, 0)
    assert "3 days already there, 0 new" in again.summary()
    assert store.path.read_bytes() == before  # not a byte added
    assert len(import_history(store)) == 1  # an import that adds nothing is not logged


def test_an_updated_export_adds_only_new_and_changed_days_as_revisions(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    updated = EXPORT.replace(",meh,work,,a note", ",good,work,,a note") + (
        "2024-03-04,x,x,08:00,awful,,,\n"
    )
    result = import_into(store, daylio(write_csv, updated), app="daylio", source="daylio.csv")
    assert (result.new, result.changed, result.unchanged) == (1, 1, 2)
    assert "2 days already there, 1 new, 1 changed (added as revisions" in result.summary()
    history = store.history("2024-03-02")
    assert history["mood"].tolist() == [5.5, 7.75]  # the earlier value is kept
    assert len(store.load()) == 4


def test_a_change_keeps_what_was_added_in_reflectkit(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    day = store.latest("2024-03-02").to_dict()
    store.save({"date": "2024-03-02", "time": "21:00", "mood": 5.5, "note": "a note", "energy": 4})
    assert day["energy"] != day["energy"]  # the import had none
    changed = EXPORT.replace(",meh,work,,a note", ",bad,work,,a note")
    result = import_into(store, daylio(write_csv, changed), app="daylio", source="daylio.csv")
    assert result.changed == 1
    latest = store.latest("2024-03-02")
    assert latest["mood"] == 3.25 and latest["energy"] == 4


def test_undo_takes_back_the_last_import_and_deletes_nothing(store, write_csv):
    store.save({"date": "2024-03-02", "time": "21:00", "mood": 2, "note": "mine"})
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    assert store.latest("2024-03-02")["mood"] == 5.5
    size = store.path.stat().st_size
    undone = undo_last_import(store)
    assert (undone.new, undone.changed, undone.source) == (2, 1, "daylio.csv")
    assert store.path.stat().st_size == size  # the store file is untouched
    frame = store.load()
    assert frame["note"].tolist() == ["mine"] and frame["mood"].tolist() == [2]
    assert len(store.history("2024-03-02")) == 1
    assert import_history(store)[0].undone_at is not None
    # importing again after an undo brings the days back
    again = import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    assert (again.new, again.changed) == (2, 1)
    undo_last_import(store)
    with pytest.raises(ReflectkitError, match="Nothing to undo"):
        undo_last_import(store)


def test_undo_keeps_what_was_saved_after_the_import(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    store.save({"date": "2024-03-03", "time": "21:00", "mood": 9, "note": "edited later"})
    undo_last_import(store)
    frame = store.load()
    assert frame["note"].tolist() == ["edited later"]


def test_undo_undoes_one_import_at_a_time(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="first.csv")
    more = HEADER + "2024-03-05,x,x,21:00,bad,,,\n"
    import_into(store, daylio(write_csv, more), app="daylio", source="second.csv")
    assert undo_last_import(store).source == "second.csv"
    assert len(store.load()) == 3
    assert undo_last_import(store).source == "first.csv"
    assert store.load().empty


def test_the_import_log_lives_beside_the_store_and_is_private(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    log = store.folder / "imports.csv"
    assert log.is_file() and oct(log.stat().st_mode & 0o777) == "0o600"
    assert log.read_text().startswith("recorded_at,action,app,source,new,changed,unchanged")
    other = CheckinStore(store.folder / "study.csv")
    assert other.imports.path.name == "study-imports.csv"


def test_a_damaged_import_log_hides_nothing(store, write_csv):
    import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    with (store.folder / "imports.csv").open("a") as log:
        log.write("not,a,record\n")
    with pytest.warns(UserWarning, match="not import records"):
        assert len(store.load()) == 3


def test_extra_columns_and_empty_days_are_named_not_stored(store):
    frame = pd.DataFrame(
        {"date": ["2024-01-01", "2024-01-02"], "mood": [5.0, None], "steps": [100.0, 2000.0]}
    )
    result = import_into(store, frame, app="test", source="x.csv")
    assert result.new == 1 and result.empty == 1 and result.left_out == {"steps": 2}
    assert "Not stored (the check-ins have no column for them): steps (2 days)" in result.summary()
    assert "1 day held nothing else" in result.summary()
    assert "steps" not in store.load().columns


def test_contact_tags_fill_social_contact_and_movement_tags_are_reported(store, write_csv):
    result = import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    assert store.latest("2024-03-03")["social_contact"] == "time together"
    assert pd.isna(store.latest("2024-03-02")["social_contact"])
    text = result.summary()
    assert "'friends' -> contact 'time together' on 1 day" in text
    assert "'run' counts as movement in your charts (no minutes recorded)" in text
    assert pd.isna(store.latest("2024-03-03")["movement_minutes"])  # minutes never invented


def test_io_reads_the_vocabulary_upstream_and_never_imports_trends():
    import ast
    from pathlib import Path

    import reflectkit.io
    from reflectkit import vocabulary
    from reflectkit.trends import care

    assert care.MOVEMENT_WORDS is vocabulary.MOVEMENT_WORDS
    assert care.CONTACT_WORDS is vocabulary.CONTACT_WORDS
    for path in Path(reflectkit.io.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                assert "trends" not in (node.module or ""), path.name


def test_a_store_with_a_damaged_row_still_takes_an_import(store, write_csv):
    store.save({"date": "2024-01-01", "mood": 5})
    with store.path.open("ab") as file:
        file.write(b"2024-01-02,,,,,,,,,,,,12,,,,,,\r\n")  # mood 12, typed by hand
    with pytest.warns(UserWarning, match="left out 1 of 2 rows"):
        result = import_into(store, daylio(write_csv), app="daylio", source="daylio.csv")
    assert result.new == 3
    assert store.path.read_bytes().count(b"2024-01-02,,,,,,,,,,,,12") == 1  # kept as it was
