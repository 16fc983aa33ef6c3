"""The check-in form as a person uses it: in JupyterLab and as a Voilà app, in Chromium.

With the mouse, with the keyboard alone, and as a screen reader sees it (the accessibility
tree: radio groups named by their labels, inputs tied to theirs).
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pandas as pd
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from reflectkit import CheckinStore
from reflectkit import schema as s
from reflectkit.forms.checkin import prompt_for
from reflectkit.io.reflections import PROMPTS as WEEKLY_PROMPTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIRST_RENDER = 90_000


def open_in_lab(
    page: Page, lab: tuple[str, str], notebook: str = "01_daily_check_in.ipynb"
) -> None:
    base, token = lab
    page.goto(f"{base}/lab/tree/{notebook}?token={token}&reset")
    idle = page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    idle.wait_for(timeout=FIRST_RENDER)
    # On a busy machine "idle" can show before the kernel takes requests, and a Run All sent
    # then is dropped (the cell stays unrun); running the cells again is harmless.
    for _attempt in range(4):
        accept_kernel_dialog(page)
        page.locator(".lm-MenuBar-item", has_text="Run").click()
        page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
        try:
            page.locator(".rk-save").wait_for(state="visible", timeout=25_000)
            return
        except PlaywrightTimeout:
            continue
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)


def accept_kernel_dialog(page: Page) -> None:
    """Accept "Select Kernel" (the notebook's own), which JupyterLab sometimes asks first."""
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    try:
        dialog.wait_for(state="visible", timeout=2_000)
    except PlaywrightTimeout:
        return
    dialog.locator(".jp-mod-accept").click()
    dialog.wait_for(state="hidden")


def rating(page: Page, column: str, label: str):
    """One choice of a radio group (a rating or the contact level)."""
    return page.locator(f".rk-{column}").get_by_role("radio", name=label, exact=True)


def choose_day(page: Page, day: dt.date) -> None:
    date_input = page.locator(".rk-date input[type=date]")
    date_input.fill(day.isoformat())
    date_input.press("Tab")


def fill_every_group(page: Page) -> None:
    page.locator(".rk-bedtime input").fill("23:30")
    page.locator(".rk-wake_time input").fill("07:15")
    page.locator(".rk-wake_time input").press("Tab")
    expect(page.locator(".rk-form")).to_contain_text("7.75 hours")
    rating(page, s.SLEEP_QUALITY, "4").check()
    page.locator(".rk-meals input").fill("3")
    page.locator(".rk-movement_minutes input").fill("20")
    page.locator(".rk-outdoors_minutes input").fill("15")
    page.locator(".rk-activities").get_by_role("checkbox", name="walk").check()
    page.locator(".rk-activities-other input").fill("tea in the sun")
    rating(page, s.MOOD, "6").check()
    rating(page, s.FEELING_ACCESS, "4").check()
    rating(page, s.ENERGY, "3").check()
    page.locator(".rk-moments").get_by_role("checkbox", name="brief sadness").check()
    rating(page, s.SOCIAL_CONTACT, "conversation").check()
    page.locator(".rk-curiosity textarea").fill("That rest is allowed.")
    page.locator(".rk-note textarea").fill("A quiet day.")
    page.locator(".rk-note textarea").press("Tab")


def check_stored(home, day: dt.date) -> pd.Series:
    row = CheckinStore(home).latest(day)
    assert row is not None
    assert (row[s.BEDTIME], row[s.WAKE_TIME], row[s.SLEEP_HOURS]) == ("23:30", "07:15", 7.75)
    assert row[s.SLEEP_QUALITY] == 4 and row[s.MEALS] == 3 and row[s.MOVEMENT_MINUTES] == 20
    assert row[s.OUTDOORS_MINUTES] == 15
    assert row[s.ACTIVITIES] == "walk; tea in the sun"
    assert (row[s.MOOD], row[s.FEELING_ACCESS], row[s.ENERGY]) == (6, 4, 3)
    assert row[s.MOMENTS] == "brief sadness" and row[s.SOCIAL_CONTACT] == "conversation"
    assert row[s.CURIOSITY] == "That rest is allowed." and row[s.NOTE] == "A quiet day."
    return row


def test_fill_and_save_in_jupyterlab(page, lab, browser_home):
    open_in_lab(page, lab)
    day = dt.date(2024, 3, 2)
    choose_day(page, day)
    fill_every_group(page)
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved your check-in", timeout=30_000)
    expect(page.locator(".rk-recent")).to_contain_text("Your last 7 days")
    check_stored(browser_home, day)


def test_editing_a_day_adds_a_revision_in_jupyterlab(page, lab, browser_home):
    day = dt.date(2024, 4, 10)
    CheckinStore(browser_home).save({"date": day, "mood": 3, "note": "earlier"})
    open_in_lab(page, lab)
    choose_day(page, day)
    expect(page.locator(".rk-message")).to_contain_text("already checked in", timeout=30_000)
    expect(page.locator(".rk-note textarea")).to_have_value("earlier")
    rating(page, s.MOOD, "7").check()
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved", timeout=30_000)
    history = CheckinStore(browser_home).history(day)
    assert history[s.MOOD].tolist() == [3, 7]
    assert history[s.NOTE].tolist() == ["earlier", "earlier"]


def test_an_invalid_value_is_explained_and_nothing_is_written(page, lab, browser_home):
    open_in_lab(page, lab)
    day = dt.date(2024, 5, 20)
    choose_day(page, day)
    before = (
        CheckinStore(browser_home).path.read_bytes()
        if CheckinStore(browser_home).path.exists()
        else b""
    )
    page.locator(".rk-movement_minutes input").fill("lots")
    page.locator(".rk-note textarea").fill("kept while I fix it")
    page.locator(".rk-note textarea").press("Tab")
    page.locator(".rk-save").click()
    expect(page.locator(".rk-movement_minutes-problem")).to_contain_text(
        "must be a number from 0 to 1440"
    )
    expect(page.locator(".rk-message")).to_contain_text("Nothing was saved yet")
    expect(page.locator(".rk-note textarea")).to_have_value("kept while I fix it")
    path = CheckinStore(browser_home).path
    assert (path.read_bytes() if path.exists() else b"") == before


def test_the_same_form_as_a_voila_app(page, voila_app, browser_home, artifacts):
    page.goto(voila_app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    assert "CheckinForm()" not in page.locator("body").inner_text()  # no code is shown
    assert page.locator(".jp-CodeMirrorEditor, .cm-editor").count() == 0
    # the whole form at 1280x800, every group visible without horizontal scrolling
    for heading in ("Body", "Feelings", "Connection", "Curiosity"):
        expect(page.locator(".rk-form h3", has_text=heading)).to_be_visible()
    no_sideways = "el => el.scrollWidth <= el.clientWidth + 1"
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator(".rk-form").evaluate(no_sideways)
    height = page.locator(".rk-form").evaluate("el => el.getBoundingClientRect().bottom + 40")
    page.set_viewport_size({"width": 1280, "height": max(800, int(height))})
    page.screenshot(path=str(artifacts / "checkin-form-1280x800.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})

    day = dt.date(2024, 6, 1)
    choose_day(page, day)
    fill_every_group(page)
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved your check-in", timeout=30_000)
    check_stored(browser_home, day)

    # and an invalid value in the app too
    page.locator(".rk-meals input").fill("twelve")
    page.locator(".rk-meals input").press("Tab")
    page.locator(".rk-save").click()
    expect(page.locator(".rk-meals-problem")).to_contain_text("must be a whole number from 0 to 10")
    assert CheckinStore(browser_home).history(day)[s.MEALS].tolist() == [3]


def test_an_imported_rating_between_the_steps_opens_and_can_be_taken_back(
    page, voila_app, browser_home
):
    day = dt.date(2023, 9, 30)
    CheckinStore(browser_home).save({"date": day, "mood": 7.75, "note": "from Daylio"})
    page.goto(voila_app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    choose_day(page, day)
    chosen = rating(page, s.MOOD, "7.75")
    expect(chosen).to_be_visible(timeout=30_000)
    expect(chosen).to_be_checked()
    assert "There was an error" not in page.locator("body").inner_text()

    page.locator(".rk-note textarea").fill("from Daylio, and a line of mine")
    page.locator(".rk-note textarea").press("Tab")
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved", timeout=30_000)
    assert CheckinStore(browser_home).latest(day)[s.MOOD] == 7.75  # kept as it was

    saves = len(CheckinStore(browser_home).history(day))
    rating(page, s.MOOD, "No answer").check()
    page.locator(".rk-save").click()
    deadline = time.monotonic() + 30
    while len(CheckinStore(browser_home).history(day)) == saves and time.monotonic() < deadline:
        time.sleep(0.2)
    assert pd.isna(CheckinStore(browser_home).latest(day)[s.MOOD])


# -- the keyboard alone, and what a screen reader is told ---------------------------------

#: Describes the focused element: its row's column (``rk-<column>``), or rk-save / rk-clear.
FOCUSED = """() => {
  const el = document.activeElement;
  const row = el && el.closest(".rk-row, .rk-save, .rk-clear");
  const column = !row ? ""
    : row.matches(".rk-save") ? "save"
    : row.matches(".rk-clear") ? "clear"
    : row.querySelector(".rk-problem").className.match(/rk-([a-z_]+)-problem/)[1];
  return {column, tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || ""};
}"""
#: Tab presses from the day field to Save when every rating button was its own stop
#: (ToggleButtons), measured as count_tab_stops_to_save does.
TAB_STOPS_BEFORE = 70


@pytest.fixture
def en_page(browser, request, artifacts):
    """A page in an en-US locale, so dates type as mm/dd/yyyy and times as hh:mm AM/PM."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        page.screenshot(path=str(artifacts / f"failure-{request.node.name}.png"), full_page=True)
    context.close()


class Keyboard:
    """Drives the form with keys only and counts the Tab presses."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = 0

    def focused(self) -> dict[str, str]:
        return self.page.evaluate(FOCUSED)

    def tab_to(self, column: str, *, limit: int = 6, back: bool = False) -> None:
        """Press Tab until focus is in ``column``'s row (a date or time input takes a few)."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            self.tabs += 1
            if self.focused()["column"] == column:
                return
        raise AssertionError(f"{limit} Tab presses did not reach {column}: at {self.focused()}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=20)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)


def start_on_the_day_field(page: Page, day: dt.date) -> Keyboard:
    """Focus the day field and type ``day`` into it, then wait until the form shows it."""
    keys = Keyboard(page)
    page.locator(".rk-date input[type=date]").focus()
    keys.type(day.strftime("%m%d%Y"))
    expect(page.locator(".rk-form")).to_contain_text(prompt_for(day), timeout=30_000)
    return keys


def fill_every_group_by_keyboard(keys: Keyboard) -> None:
    """Every group, in order, with Tab, arrow keys, Space and typing; nothing clicked."""
    keys.tab_to(s.BEDTIME)
    keys.type("1130P")
    keys.tab_to(s.WAKE_TIME)
    keys.type("0715A")
    expect(keys.page.locator(".rk-form")).to_contain_text("7.75 hours")
    keys.tab_to(s.SLEEP_HOURS)  # worked out from the times: left as it is
    keys.tab_to(s.SLEEP_QUALITY)
    assert keys.focused()["type"] == "radio"
    keys.press("ArrowRight", 4)  # from "–" (no answer): 1, 2, 3, 4
    for column, text in [(s.MEALS, "3"), (s.MOVEMENT_MINUTES, "20"), (s.OUTDOORS_MINUTES, "15")]:
        keys.tab_to(column)
        keys.type(text)
    keys.tab_to(s.ACTIVITIES)
    assert keys.focused()["type"] == "checkbox"
    keys.press("Space")  # walk
    keys.tab_to(s.ACTIVITIES)  # warm shower ...
    while keys.focused()["type"] == "checkbox":
        keys.tab_to(s.ACTIVITIES)
    keys.type("tea in the sun")  # your own
    keys.tab_to(s.MOOD)
    keys.press("ArrowRight", 6)
    keys.tab_to(s.FEELING_ACCESS)
    keys.press("ArrowRight", 5)  # 0, 1, 2, 3, 4
    keys.tab_to(s.ENERGY)
    keys.press("ArrowRight", 3)
    keys.tab_to(s.MOMENTS)
    keys.tab_to(s.MOMENTS)  # mild interest, then brief sadness
    keys.press("Space")
    keys.tab_to(s.SOCIAL_CONTACT, limit=8)  # past the other moments and "your own"
    keys.press("ArrowRight", 3)  # none, message, conversation
    keys.tab_to(s.CURIOSITY)
    keys.type("That rest is allowed.")
    keys.tab_to(s.NOTE)
    keys.type("A quiet day.")
    keys.tab_to("save")


def count_tab_stops_to_save(page: Page) -> list[dict[str, str]]:
    """Every stop Tab makes from the day field to Save, the day field's own segments included."""
    page.locator(".rk-date input[type=date]").focus()
    stops = []
    for _ in range(TAB_STOPS_BEFORE):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops[-1]["column"] == "save":
            return stops
    raise AssertionError(f"Save not reached in {TAB_STOPS_BEFORE} Tab presses: {stops}")


def check_keyboard_use(page: Page, home, day: dt.date) -> None:
    stops = count_tab_stops_to_save(page)
    print(f"\nTab stops from the day field to Save: {len(stops)} (was {TAB_STOPS_BEFORE})")
    radios = [stop for stop in stops if stop["type"] == "radio"]
    # each radio group is one stop: the four ratings and the contact level, once each
    assert [stop["column"] for stop in radios] == [
        s.SLEEP_QUALITY,
        s.MOOD,
        s.FEELING_ACCESS,
        s.ENERGY,
        s.SOCIAL_CONTACT,
    ]
    assert len({stop["name"] for stop in radios}) == 5
    # the rest: the segments and picker of the date and time inputs (4 each in en-US), one
    # stop per text field, per care and moment checkbox (each its own choice), and Save
    assert len(stops) <= 36

    keys = start_on_the_day_field(page, day)
    fill_every_group_by_keyboard(keys)
    keys.press("Enter")  # on Save
    expect(page.locator(".rk-message")).to_contain_text("Saved your check-in", timeout=30_000)
    check_stored(home, day)
    assert keys.tabs <= len(stops)

    # a rating taken back with the keyboard: from Save back to the mood group, left to "–"
    keys.tab_to(s.MOOD, back=True, limit=16)
    expect(rating(page, s.MOOD, "6")).to_be_focused()  # a group is entered at its choice
    keys.press("ArrowLeft", 6)
    expect(rating(page, s.MOOD, "No answer")).to_be_checked()
    expect(rating(page, s.MOOD, "No answer")).to_be_focused()
    # ipywidgets sends a widget's changes one at a time, so the last of six quick arrow
    # presses reaches the kernel a round trip later; a person pauses at least that long
    page.wait_for_timeout(1_000)
    saves = len(CheckinStore(home).history(day))
    keys.tab_to("save", limit=16)
    keys.press("Space")
    deadline = time.monotonic() + 30
    while len(CheckinStore(home).history(day)) == saves and time.monotonic() < deadline:
        time.sleep(0.2)
    latest = CheckinStore(home).latest(day)
    assert latest is not None and pd.isna(latest[s.MOOD]) and latest[s.ENERGY] == 3


def test_the_whole_form_by_keyboard_alone_in_the_app(en_page, voila_app, browser_home):
    en_page.goto(voila_app.url)
    expect(en_page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    expect(en_page.get_by_role("radiogroup", name="Mood")).to_be_visible(timeout=30_000)
    en_page.keyboard.press("Tab")  # the page's first Tab stop is the day field
    assert Keyboard(en_page).focused()["column"] == s.DATE
    check_keyboard_use(en_page, browser_home, dt.date(2024, 7, 1))


def test_the_whole_form_by_keyboard_alone_in_jupyterlab(en_page, lab, browser_home):
    open_in_lab(en_page, lab)
    expect(en_page.get_by_role("radiogroup", name="Mood")).to_be_visible(timeout=30_000)
    check_keyboard_use(en_page, browser_home, dt.date(2024, 7, 2))


def test_a_screen_reader_hears_each_group_and_each_label(page, voila_app):
    page.goto(voila_app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    for name, choices in [
        ("How restful", ["No answer", "1", "2", "3", "4", "5"]),
        ("Mood", ["No answer", *map(str, range(1, 11))]),
        ("Feelings within reach", ["No answer", *map(str, range(11))]),
        ("Energy", ["No answer", "1", "2", "3", "4", "5"]),
        ("Contact with people", ["No answer", *s.SOCIAL_CONTACT_LEVELS]),
    ]:
        group = page.get_by_role("radiogroup", name=name, exact=True)
        expect(group).to_be_visible(timeout=30_000)
        expect(group.get_by_role("radio")).to_have_count(len(choices))
        for choice in choices:
            expect(group.get_by_role("radio", name=choice, exact=True)).to_have_count(1)
    expect(page.get_by_role("radiogroup", name="Mood")).to_have_accessible_description(
        "1 = very low, 10 = very good. Any answer is a fine answer."
    )
    for name, tags in [
        ("Small care", s.SUGGESTED_ACTIVITIES),
        ("Moments noticed", s.SUGGESTED_MOMENTS),
    ]:
        group = page.get_by_role("group", name=name, exact=True)
        for tag in tags:
            expect(group.get_by_role("checkbox", name=tag, exact=True)).to_have_count(1)
        expect(group.get_by_role("textbox", name="your own")).to_have_count(1)
    for column, label, kind in [
        (s.DATE, "Day", "date"),
        (s.BEDTIME, "Went to bed", "time"),
        (s.WAKE_TIME, "Woke up", "time"),
        (s.SLEEP_HOURS, "Hours slept", "text"),
        (s.MEALS, "Meals", "text"),
        (s.MOVEMENT_MINUTES, "Movement (minutes)", "text"),
        (s.OUTDOORS_MINUTES, "Outdoors (minutes)", "text"),
        (s.CURIOSITY, "Curiosity", "textarea"),
        (s.NOTE, "Note", "textarea"),
    ]:
        expect(page.get_by_label(label, exact=True)).to_have_count(1)
        field = page.locator(f".rk-{column}").get_by_label(label, exact=True)
        expect(field).to_have_count(1)  # the label names this column's own input
        assert field.evaluate("el => el.type") == kind
    # a refused value is read with its field, and the message is announced
    movement = page.get_by_label("Movement (minutes)", exact=True)
    movement.fill("lots")
    movement.press("Tab")
    page.locator(".rk-save").click()
    expect(movement).to_have_accessible_description(re.compile("must be a number from 0 to 1440"))
    expect(page.locator(".rk-message")).to_have_role("status")


def test_each_weekly_prompt_names_its_answer(page, lab):
    open_in_lab(page, lab, "03_weekly_reflection.ipynb")
    for key, prompt in WEEKLY_PROMPTS.items():
        answer = page.locator(f".rk-reflection-{key} textarea")
        expect(answer).to_have_accessible_name(prompt, timeout=30_000)
    expect(page.locator(".rk-message")).to_have_role("status")
