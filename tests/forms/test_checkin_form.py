"""The check-in form without a browser: set .value, click, check the store and the message."""

from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w
import pandas as pd
import pytest

from reflectkit import CheckinStore
from reflectkit import schema as s
from reflectkit.forms import CheckinForm, ReflectionForm
from reflectkit.forms.checkin import (
    KEYBOARD_SCRIPT,
    LABELS,
    NO_ANSWER,
    NO_ANSWER_NAME,
    PROMPTS,
    RATING_FIELDS,
    prompt_for,
)
from reflectkit.io.reflections import PROMPTS as WEEKLY_PROMPTS
from reflectkit.io.reflections import ReflectionStore

DAY = dt.date(2024, 3, 2)
JUDGING = re.compile(r"streak|missed|fail|broke|bad day|should|must|score", re.IGNORECASE)


@pytest.fixture
def form(store) -> CheckinForm:
    return CheckinForm(store, today=DAY)


def fill_everything(form: CheckinForm) -> None:
    f = form.fields
    f[s.BEDTIME].value = dt.time(23, 30)
    f[s.WAKE_TIME].value = dt.time(7, 15)
    f[s.SLEEP_QUALITY].value = "4"
    f[s.MEALS].value = "3"
    f[s.MOVEMENT_MINUTES].value = "20"
    f[s.OUTDOORS_MINUTES].value = "15"
    f[s.ACTIVITIES].children[0].value = True  # walk
    f[s.ACTIVITIES].children[-1].value = "tea in the sun"
    f[s.MOOD].value = "6"
    f[s.FEELING_ACCESS].value = "4"
    f[s.ENERGY].value = "3"
    f[s.MOMENTS].children[1].value = True  # brief sadness
    f[s.SOCIAL_CONTACT].value = "conversation"
    f[s.CURIOSITY].value = "That rest is allowed."
    f[s.NOTE].value = "=a quiet day, with a walk"


def test_every_input_and_control_carries_its_css_class(form):
    for column in [c for c in s.COLUMNS if c not in (s.TIME, s.PARTICIPANT, s.RECORDED_AT)]:
        assert f"rk-{column}" in form.fields[column]._dom_classes, column
    assert "rk-save" in form.save_button._dom_classes
    assert "rk-clear" in form.clear_button._dom_classes
    assert "rk-message" in form.message._dom_classes


def test_the_date_defaults_to_today(store):
    assert CheckinForm(store).date.value == dt.date.today()


def test_saving_everything_stores_every_group(form, store):
    fill_everything(form)
    form.save_button.click()
    row = store.load().iloc[0]
    assert row[s.DATE] == pd.Timestamp(DAY)
    assert (row[s.BEDTIME], row[s.WAKE_TIME], row[s.SLEEP_HOURS]) == ("23:30", "07:15", 7.75)
    assert row[s.SLEEP_QUALITY] == 4 and row[s.MEALS] == 3 and row[s.MOVEMENT_MINUTES] == 20
    assert row[s.ACTIVITIES] == "walk; tea in the sun"
    assert row[s.MOOD] == 6 and row[s.FEELING_ACCESS] == 4 and row[s.ENERGY] == 3
    assert row[s.MOMENTS] == "brief sadness"
    assert row[s.SOCIAL_CONTACT] == "conversation"
    assert row[s.NOTE] == "=a quiet day, with a walk"
    assert "Saved" in form.message.value and not JUDGING.search(form.message.value)
    assert "Your last 7 days" in form.recent.value and "7.8 h" in form.recent.value


def test_untouched_fields_store_nothing(form, store):
    form.fields[s.MOOD].value = "5"
    form.save()
    row = store.load().iloc[0]
    filled = [c for c in s.COLUMNS if pd.notna(row[c])]
    assert filled == [s.DATE, s.MOOD, s.RECORDED_AT]


def test_a_problem_is_shown_next_to_its_field_and_nothing_is_written(form, store):
    fill_everything(form)
    form.fields[s.MOVEMENT_MINUTES].value = "lots"
    form.save_button.click()
    assert not store.path.exists()
    problem = form.problems[s.MOVEMENT_MINUTES].value
    assert "must be a number from 0 to 1440" in problem and "lots" in problem
    assert "Nothing was saved yet" in form.message.value and "still here" in form.message.value
    assert form.fields[s.NOTE].value == "=a quiet day, with a walk"  # everything typed stays
    form.fields[s.MOVEMENT_MINUTES].value = "25"
    form.save()
    assert form.problems[s.MOVEMENT_MINUTES].value == ""
    assert store.load()[s.MOVEMENT_MINUTES].tolist() == [25]


def test_equal_bed_and_wake_times_ask_for_the_hours(form, store):
    form.fields[s.BEDTIME].value = dt.time(7, 0)
    form.fields[s.WAKE_TIME].value = dt.time(7, 0)
    assert "type the hours" in form.sleep_note.value
    form.save()
    assert "0 or 24 hours" in form.problems[s.WAKE_TIME].value
    assert not store.path.exists()


def test_choosing_a_day_with_a_check_in_loads_it_for_editing(store):
    store.save({"date": DAY, "mood": 4, "moments": "calm; my own", "note": "first"})
    form = CheckinForm(store, today=dt.date(2024, 3, 5))
    assert form.fields[s.MOOD].value is None
    form.date.value = DAY
    assert "already checked in" in form.message.value
    assert form.fields[s.MOOD].value == "4"
    assert form.fields[s.MOMENTS].children[3].value is True  # calm
    assert form.fields[s.MOMENTS].children[-1].value == "my own"
    form.fields[s.MOOD].value = "7"
    form.save()
    history = store.history(DAY)
    assert history[s.MOOD].tolist() == [4, 7]
    assert history[s.NOTE].tolist() == ["first", "first"]


def test_clear_resets_without_saving(form, store):
    fill_everything(form)
    form.clear_button.click()
    assert form.values() == {s.DATE: DAY}
    assert not store.path.exists()
    assert "Nothing was saved" in form.message.value


def test_nothing_filled_is_not_saved(form, store):
    form.save()
    assert not store.path.exists() and "nothing to save" in form.message.value


def test_the_curiosity_prompt_changes_from_day_to_day():
    week = {prompt_for(DAY + dt.timedelta(days=i)) for i in range(7)}
    assert len(week) == 7 and week <= set(PROMPTS)
    assert "What might this phase be teaching you?" in PROMPTS


def test_texts_shown_never_judge(form):
    labels = " ".join(
        w.value for w in form.children if hasattr(w, "value") and isinstance(w.value, str)
    )
    assert not JUDGING.search(labels)


def test_weekly_reflection_is_stored_beside_the_check_ins(home):
    form = ReflectionForm(today=DAY)
    form.save()
    assert "nothing to save" in form.message.value
    form.answers["noticed"].value = "Mornings felt lighter."
    form.save()
    saved = ReflectionStore().load()
    assert saved["noticed"].tolist() == ["Mornings felt lighter."]
    assert saved["week_of"].iloc[0] == pd.Timestamp("2024-02-26")
    assert ReflectionStore().path.parent == CheckinStore().folder


@pytest.mark.parametrize(
    ("column", "value"), [(s.MOOD, 7.75), (s.MOOD, 3.25), (s.FEELING_ACCESS, 5.5)]
)
def test_a_rating_between_the_steps_is_shown_as_it_is_and_kept(store, column, value):
    store.save({"date": DAY, column: value})  # e.g. Daylio's "good" is 7.75
    form = CheckinForm(store, today=DAY)
    assert form.fields[column].value == f"{value:g}"
    assert f"{value:g}" in form.fields[column].label
    form.fields[s.NOTE].value = "edited the note only"
    form.save_button.click()
    assert store.load()[column].iloc[-1] == value
    form.date.value = DAY + dt.timedelta(days=1)  # another day: the usual steps again
    assert f"{value:g}" not in [label for label, _ in form.fields[column].options]


def test_a_chosen_rating_can_be_taken_back(form, store):
    form.fields[s.MOOD].value = "6"
    form.fields[s.MOOD].index = 0  # the "no answer" choice
    form.fields[s.NOTE].value = "no mood today"
    form.save_button.click()
    row = store.load().iloc[0]
    assert pd.isna(row[s.MOOD]) and row[s.NOTE] == "no mood today"


def test_a_failed_save_says_why_and_keeps_everything_typed(form, store, monkeypatch):
    from reflectkit import StoreError

    def full_disk(entry):
        raise StoreError("The disk holding checkins.csv is full, so nothing was written.")

    fill_everything(form)
    monkeypatch.setattr(form.store, "save", full_disk)
    form.save_button.click()
    assert "Nothing was saved: The disk holding checkins.csv is full" in form.message.value
    assert "still here" in form.message.value
    assert form.fields[s.NOTE].value == "=a quiet day, with a walk"
    assert form.fields[s.MOOD].value == "6"


def test_a_store_in_a_shared_folder_is_explained_not_crashed(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    form = CheckinForm(CheckinStore(shared), today=DAY)
    assert "could not be read" in form.message.value and "chmod 700" in form.message.value
    form.fields[s.MOOD].value = "5"
    form.save_button.click()
    assert "Nothing was saved" in form.message.value and form.fields[s.MOOD].value == "5"
    assert list(shared.iterdir()) == []


def test_a_date_the_store_refuses_is_explained_next_to_the_day(form, store):
    form.date.value = dt.date(1850, 1, 1)
    form.fields[s.MOOD].value = "5"
    form.save_button.click()
    assert "from 1900-01-01 to 2199-12-31" in form.problems[s.DATE].value
    assert not store.path.exists() and form.fields[s.MOOD].value == "5"


# -- keyboard and screen readers: what the Python side builds (the browser tests check the rest)

CHOICES = (*RATING_FIELDS, s.SOCIAL_CONTACT)
INPUTS = (
    s.DATE,
    s.BEDTIME,
    s.WAKE_TIME,
    s.SLEEP_HOURS,
    s.MEALS,
    s.MOVEMENT_MINUTES,
    s.OUTDOORS_MINUTES,
    s.CURIOSITY,
    s.NOTE,
)


def row_of(form: CheckinForm, column: str) -> w.Box:
    """The ``rk-row`` box holding a field."""
    boxes = [form]
    while boxes:
        box = boxes.pop()
        line = box.children[0] if "rk-row" in box._dom_classes else None
        if line is not None and form.fields[column] in line.children:
            return box
        boxes += [c for c in box.children if isinstance(c, w.Box)]
    raise AssertionError(f"no row holds {column}")


@pytest.mark.parametrize("column", CHOICES)
def test_ratings_and_contact_are_radio_groups_that_start_with_no_answer(form, column):
    radios = form.fields[column]
    assert isinstance(radios, w.RadioButtons) and radios.orientation == "horizontal"
    assert radios.options[0] == NO_ANSWER and radios.value is None
    assert {"rk-group", f"rk-{column}"} <= set(radios._dom_classes)
    row = row_of(form, column)
    label = row.children[0].children[0]
    assert "rk-label" in label._dom_classes and label.value == LABELS[column]
    assert form.problems[column] in row.children


@pytest.mark.parametrize("column", INPUTS)
def test_every_input_carries_its_own_label(form, column):
    field = form.fields[column]
    assert field.description == LABELS[column]  # rendered as <label for=the input>
    assert "rk-field" in field._dom_classes and field.tooltip == ""
    assert form.problems[column] in row_of(form, column).children


@pytest.mark.parametrize("column", s.TAG_COLUMNS)
def test_suggested_tags_are_checkboxes_beside_a_labelled_field(form, column):
    *toggles, other = form.fields[column].children
    assert all(isinstance(t, w.Checkbox) and t.description for t in toggles)
    assert all(f"rk-{column}-option" in t._dom_classes for t in toggles)
    assert other.description == "your own" and f"rk-{column}-other" in other._dom_classes
    assert "rk-group" in form.fields[column]._dom_classes


def test_typed_text_is_sent_once_when_the_field_is_left(form):
    texts = [f for f in form.fields.values() if isinstance(f, w.Text | w.Textarea)]
    texts += [form.fields[c].children[-1] for c in s.TAG_COLUMNS]
    assert len(texts) == 8 and not any(t.continuous_update for t in texts)


def test_the_contact_level_can_be_taken_back(form, store):
    form.fields[s.SOCIAL_CONTACT].value = "message"
    form.fields[s.SOCIAL_CONTACT].index = 0
    form.fields[s.MOOD].value = "5"
    form.save()
    assert pd.isna(store.load()[s.SOCIAL_CONTACT].iloc[0])


def test_a_stored_contact_level_opens_chosen(store):
    store.save({"date": DAY, "social_contact": "time together"})
    assert CheckinForm(store, today=DAY).fields[s.SOCIAL_CONTACT].value == "time together"


@pytest.mark.parametrize(
    "make", [lambda: CheckinForm(today=DAY), lambda: ReflectionForm(today=DAY)]
)
def test_displaying_a_form_runs_the_keyboard_script_first(home, monkeypatch, make):
    shown: list[dict] = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw: shown.append(obj))
    form = make()
    form._ipython_display_()
    assert shown[0] == {"application/javascript": KEYBOARD_SCRIPT}  # nothing else: no text
    view = shown[1]["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == form.model_id


def test_the_keyboard_script_names_groups_and_the_no_answer_choice():
    for part in (
        '"radiogroup"',
        "aria-labelledby",
        "aria-describedby",
        "radio.name = name",
        "data-lm-suppress-shortcuts",
        '"status"',
        f'"{NO_ANSWER_NAME}"',
        '"\\u2013"',  # NO_ANSWER's dash, as JSON
    ):
        assert part in KEYBOARD_SCRIPT, part
    assert "$NO_ANSWER" not in KEYBOARD_SCRIPT


def test_each_weekly_prompt_sits_in_a_row_with_its_answer(home):
    form = ReflectionForm(today=DAY)
    rows = [c for c in form.children if "rk-row" in c._dom_classes]
    assert len(rows) == len(WEEKLY_PROMPTS)
    for row, (key, prompt) in zip(rows, WEEKLY_PROMPTS.items(), strict=True):
        label, answer = row.children
        assert "rk-label" in label._dom_classes and prompt in label.value
        assert answer is form.answers[key] and not answer.continuous_update
