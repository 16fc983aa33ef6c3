import pytest

from reflectkit import CheckinValidationError
from reflectkit.io.reflections import ReflectionStore, monday_of


def test_reflections_keep_the_latest_per_week_and_round_trip_text(home):
    store = ReflectionStore()
    store.save({"noticed": "+more calm\nthan before"}, week_of="2024-03-06")
    store.save({"noticed": "calmer", "kindness": "an early night"}, week_of="2024-03-04")
    saved = store.load()
    assert len(saved) == 1
    assert saved.loc[0, "noticed"] == "calmer" and saved.loc[0, "kindness"] == "an early night"
    assert "+more calm" in store.path.read_text()  # the first revision is kept in the file


def test_unknown_prompt_is_refused(home):
    with pytest.raises(CheckinValidationError, match="is not a reflection prompt"):
        ReflectionStore().save({"mood": "fine"}, week_of="2024-03-04")
    assert not ReflectionStore().path.exists()


def test_monday_of():
    assert str(monday_of("2024-03-10")) == "2024-03-04"
