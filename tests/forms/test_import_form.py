"""The import form without a browser: choose a file, place moods, click, check store and words."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflectkit import schema as s
from reflectkit.forms import ImportForm
from reflectkit.forms import importing as form_module
from reflectkit.forms.importing import ASK_FOR_A_NUMBER, _PrivateCopy

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
OWN_MOODS = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2024-03-03,Mar 3,Sunday,21:00,Solid,walk,,\n"
    "2024-03-02,Mar 2,Saturday,20:00,good,,,\n"
    "2024-03-01,Mar 1,Friday,20:00,Solid,friends,,\n"
    "2024-02-29,Feb 29,Thursday,20:00,Foggy,,,\n"
)
BEARABLE = (
    "date,weekday,time of day,category,rating/amount,detail,notes\n"
    '"22nd Sep 2020","Tuesday","03:00","Mood","6","Meh",""\n'
    '"23rd Sep 2020","Wednesday","mid","Factors","","No social contact","a quiet day"\n'
)


@pytest.fixture
def own_moods(write_csv) -> Path:
    return write_csv(OWN_MOODS, "Daylio export.csv")


def test_own_moods_each_get_an_empty_box_and_nothing_is_imported_until_placed(store, own_moods):
    form = ImportForm(store, path=own_moods)
    assert list(form.mood_boxes) == ["Solid", "Foggy"]  # most used first
    assert all(box.value == "" for box in form.mood_boxes.values())  # never a made-up value
    assert "Solid (2 entries)" in form.mood_boxes["Solid"].description
    assert "awful=1" in form.moods.children[0].value  # Daylio's own places are shown

    assert form.run_import() is None
    assert "each of your own moods needs a place" in form.message.value
    assert ASK_FOR_A_NUMBER in form.mood_problems["Solid"].value
    assert not store.path.exists() or store.load().empty

    form.mood_boxes["Solid"].value = "seven"
    form.mood_boxes["Foggy"].value = "4,5"
    assert form.run_import() is None
    assert ASK_FOR_A_NUMBER in form.mood_problems["Solid"].value
    assert form.mood_problems["Foggy"].value == ""

    form.mood_boxes["Solid"].value = " 7 "
    result = form.run_import()
    assert result is not None and result.new == 4
    moods = store.load().set_index(s.DATE)[s.MOOD]
    assert moods[pd.Timestamp("2024-03-03")] == 7
    assert moods[pd.Timestamp("2024-02-29")] == 4.5
    assert moods[pd.Timestamp("2024-03-02")] == 7.75  # Daylio's "good"
    assert "0 days already there, 4 new" in form.message.value
    assert "Take back this import" in form.message.value
    assert not form.undo_button.disabled


def test_importing_again_adds_nothing_and_the_last_import_can_be_taken_back(store, own_moods):
    form = ImportForm(store, path=own_moods)
    form.mood_boxes["Solid"].value, form.mood_boxes["Foggy"].value = "7", "4"
    form.run_import()
    again = form.run_import()
    assert again is not None and again.added == 0
    assert "4 days already there, 0 new" in form.message.value
    assert "Take back" not in form.message.value  # nothing to take back from this one

    form.undo()
    assert "Took back the import of Daylio export.csv (daylio, 20" in form.message.value
    assert "Nothing was deleted" in form.message.value
    assert store.load().empty
    assert form.undo_button.disabled
    form.undo()  # nothing more to take back from this page
    assert "Nothing was imported on this page yet" in form.message.value
    assert "reflectkit import --undo" in form.message.value


def test_daylio_default_moods_in_german_need_no_question(store):
    form = ImportForm(store, path=DATA / "daylio_de.csv")
    assert form.mood_boxes == {}
    result = form.run_import()
    assert result is not None and result.new > 0
    assert store.load()[s.MOOD].notna().all()


def test_another_app_is_read_by_its_own_reader(store, write_csv):
    form = ImportForm(store, path=write_csv(BEARABLE, "bearable.csv"), app="bearable")
    result = form.run_import()
    assert result is not None and result.new == 2
    assert store.load()[s.NOTE].tolist()[-1] == "a quiet day"


def test_switching_the_app_reads_the_file_again(store, own_moods):
    form = ImportForm(store, path=own_moods, app="bearable")
    assert form.mood_boxes == {}
    form.app.value = "daylio"
    assert list(form.mood_boxes) == ["Solid", "Foggy"]


@pytest.mark.parametrize(
    ("content", "app", "said"),
    [
        (OWN_MOODS, "bearable", "Nothing was imported"),
        ("just some words\n", "daylio", "does not look like a Daylio export"),
        (b"\x00\x01binary", "googlefit", "Nothing was imported"),
    ],
)
def test_a_file_that_is_not_that_app_s_export_is_explained_and_writes_nothing(
    store, write_csv, content, app, said
):
    form = ImportForm(store, path=write_csv(content, "export.csv"), app=app)
    assert form.run_import() is None
    assert said in form.message.value and "rk-problem" in form.message.value
    assert not store.path.exists() or store.load().empty


def test_a_file_with_many_people_goes_to_the_terminal(store, write_csv, monkeypatch):
    two = pd.DataFrame(
        {s.PARTICIPANT: ["a", "b"], s.DATE: pd.to_datetime(["2024-01-01"] * 2), s.MOOD: [5, 6]}
    )
    label, _ = form_module.SOURCES["bearable"]
    monkeypatch.setitem(form_module.SOURCES, "bearable", (label, lambda path: two))
    form = ImportForm(store, path=write_csv("x", "people.csv"), app="bearable")
    assert form.run_import() is None
    assert "holds 2 people" in form.message.value
    assert "reflectkit import bearable FILE --participant ID" in form.message.value
    assert not store.path.exists() or store.load().empty


def test_a_file_chosen_in_the_browser_is_read_under_its_name(store):
    form = ImportForm(store)
    assert form.import_button.disabled
    content = OWN_MOODS.encode()
    form.chooser.value = (
        {"name": "../../evil/Daylio export.csv", "type": "text/csv", "size": len(content),
         "content": memoryview(content), "last_modified": dt.datetime(2024, 3, 4, tzinfo=dt.UTC)},
    )  # fmt: skip
    assert form.export == ("Daylio export.csv", content)  # a name, never a path
    assert form.chooser.value == ()  # kept once, not also in the page's widget state
    assert not form.import_button.disabled
    assert list(form.mood_boxes) == ["Solid", "Foggy"]


def test_a_file_larger_than_the_page_takes_is_refused_in_words_and_nothing_stays(store):
    from reflectkit.uploads import LARGEST_EXPORT_MB

    def upload(name: str, content: bytes) -> dict:
        return {"name": name, "type": "text/csv", "size": len(content),
                "content": memoryview(content), "last_modified": dt.datetime(2024, 3, 4)}  # fmt: skip

    form = ImportForm(store)
    form.chooser.value = (upload("Daylio export.csv", OWN_MOODS.encode()),)
    assert not form.import_button.disabled
    form.chooser.value = (upload("holiday video.csv", bytes(LARGEST_EXPORT_MB * 10**6 + 1)),)
    assert form.export is None and form.chooser.value == ()
    assert form.import_button.disabled and form.chosen.value == "" and not form.mood_boxes
    # never shown as the limit itself: one byte over is 50.1 MB
    assert "holiday video.csv is 50.1 MB, more than this page takes (50 MB)" in form.message.value
    assert "for a Daylio export, reflectkit import daylio FILE" in form.message.value
    assert "reflectkit import applehealth export.zip" in form.message.value
    assert form.run_import() is None
    assert not store.path.exists() or store.load().empty
    form.chooser.value = (upload("Daylio export.csv", OWN_MOODS.encode()),)  # then a good one
    assert form.export is not None and not form.import_button.disabled
    assert form.message.value == "" and list(form.mood_boxes) == ["Solid", "Foggy"]


def test_a_file_that_never_reached_the_kernel_is_named_and_a_new_chooser_takes_over(store):
    """The server runs this when it refused a chosen file as too large to carry."""
    from reflectkit.forms.importing import say_a_file_never_arrived

    form = ImportForm(store)
    old_chooser = form.chooser
    form.chooser.value = (
        {"name": "Daylio export.csv", "type": "text/csv", "size": len(OWN_MOODS),
         "content": memoryview(OWN_MOODS.encode()), "last_modified": dt.datetime(2024, 3, 4)},
    )  # fmt: skip
    say_a_file_never_arrived()
    assert "the file you chose is too large for this page to receive" in form.message.value
    assert "so it did not arrive" in form.message.value
    assert form.export is None and form.import_button.disabled and not form.mood_boxes
    # the page's old chooser waits on the kernel for good; a new one is in its place
    assert form.chooser is not old_chooser and old_chooser.comm is None
    assert form.chooser in form._choosing.children
    form.chooser.value = (
        {"name": "Daylio export.csv", "type": "text/csv", "size": len(OWN_MOODS),
         "content": memoryview(OWN_MOODS.encode()), "last_modified": dt.datetime(2024, 3, 4)},
    )  # fmt: skip
    assert form.export is not None and list(form.mood_boxes) == ["Solid", "Foggy"]


def test_the_export_is_on_disk_only_while_read_and_only_for_this_user():
    copy = _PrivateCopy("Daylio export.csv", b"data")
    with copy as path:
        assert path.read_bytes() == b"data" and path.name == "Daylio export.csv"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not path.exists() and not path.parent.exists()


@given(st.text(max_size=8))
def test_a_mood_place_is_a_number_from_1_to_10_or_asked_again(text):
    form = ImportForm.__new__(ImportForm)  # no widgets needed beyond the boxes
    box, problem = form_module.w.Text(value=text), form_module.w.HTML()
    form.mood_boxes, form.mood_problems = {"Solid": box}, {"Solid": problem}
    scale = form.mood_scale()
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        number = float("nan")
    if 1 <= number <= 10:
        assert scale == {"Solid": number} and problem.value == ""
    else:
        assert scale is None and ASK_FOR_A_NUMBER in problem.value


def test_no_sentence_judges(store, own_moods):
    form = ImportForm(store, path=own_moods)
    words = " ".join(c.value for c in form.moods.children[:1]) + form.children[1].value
    assert not any(bad in words.lower() for bad in ("should", "wrong", "invalid", "error"))
    assert os.environ.get("REFLECTKIT_HOME")  # the store is the test's own


def test_a_new_page_never_takes_back_an_import_made_elsewhere(store, own_moods):
    first = ImportForm(store, path=own_moods)
    first.mood_boxes["Solid"].value, first.mood_boxes["Foggy"].value = "7", "4"
    first.run_import()
    later = ImportForm(store)
    assert later.undo_button.disabled
    later.undo()
    assert len(store.load()) == 4  # still there
    assert "reflectkit import --history" in later.message.value


def test_one_mood_written_in_several_ways_gets_one_box(store, write_csv):
    extra = (
        "2024-02-28,Feb 28,Wednesday,20:00,solid ,,,\n2024-02-27,Feb 27,Tuesday,20:00,SOLID,,,\n"
    )
    form = ImportForm(store, path=write_csv(OWN_MOODS + extra, "Daylio export.csv"))
    assert list(form.mood_boxes) == ["Solid", "Foggy"]
    assert "Solid (4 entries)" in form.mood_boxes["Solid"].description
    form.mood_boxes["Solid"].value, form.mood_boxes["Foggy"].value = "6", "3"
    form.run_import()
    moods = store.load().set_index(s.DATE)[s.MOOD]
    assert moods[pd.Timestamp("2024-02-27")] == moods[pd.Timestamp("2024-03-03")] == 6


def test_places_typed_stay_when_the_app_is_switched_and_back(store, own_moods):
    form = ImportForm(store, path=own_moods)
    form.mood_boxes["Solid"].value = "7"
    form.app.value = "bearable"
    form.app.value = "daylio"
    assert form.mood_boxes["Solid"].value == "7" and form.mood_boxes["Foggy"].value == ""


def test_a_reader_s_surprise_is_said_calmly_and_writes_nothing(store, write_csv, monkeypatch):
    def encrypted(path):
        raise RuntimeError("File is encrypted, password required for extraction")

    label, _ = form_module.SOURCES["loop"]
    monkeypatch.setitem(form_module.SOURCES, "loop", (label, encrypted))
    form = ImportForm(store, path=write_csv("x", "Loop Habits.zip"), app="loop")
    assert form.run_import() is None
    assert "Nothing was imported: Loop Habits.zip could not be read" in form.message.value
    assert "RuntimeError: File is encrypted" in form.message.value
    assert not store.path.exists() or store.load().empty


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("..", "export.csv"),
        ("a\x00b.csv", "export.csv"),
        ("x" * 300 + ".zip", "export.zip"),
        ("C:\\Users\\me\\Daylio.csv", "Daylio.csv"),
        ("../../Daylio export.csv", "Daylio export.csv"),
    ],
)
def test_any_name_a_browser_sends_is_shown_and_copied_safely(store, name, shown):
    form = ImportForm(store)
    content = OWN_MOODS.encode()
    upload = {"name": name, "type": "text/csv", "size": len(content)}
    upload |= {
        "content": memoryview(content),
        "last_modified": dt.datetime(2024, 3, 4, tzinfo=dt.UTC),
    }
    form.chooser.value = (upload,)
    assert form.export == (shown, content)
    assert list(form.mood_boxes) == ["Solid", "Foggy"]  # read from its private copy


def test_a_page_takes_back_only_its_own_import_not_one_made_since(store, own_moods):
    from reflectkit.io.imports import import_history, import_into

    page = ImportForm(store, path=own_moods)
    page.mood_boxes["Solid"].value, page.mood_boxes["Foggy"].value = "7", "4"
    page.run_import()
    later = pd.DataFrame({s.DATE: [pd.Timestamp("2030-01-01")], s.MOOD: [5.0]})
    import_into(store, later, app="fitbit", source="fit.csv")  # in a terminal, meanwhile
    page.undo()
    assert "fit.csv was imported after this one" in page.message.value
    assert [r.undone_at is None for r in import_history(store)] == [True, True]
    assert len(store.load()) == 5  # both imports still there
