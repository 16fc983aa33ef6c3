"""Bringing a history from another app in the Voilà page (``reflectkit app --import``), in Chromium.

As a person does it: choose the export with the browser's file chooser, give each mood of
their own a place on 1-10 in the boxes the page shows, import, import again, take it back.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from reflectkit import CheckinStore
from reflectkit import schema as s

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIRST_RENDER = 90_000
ROOT = Path(__file__).resolve().parents[2]
EXPORT = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2024-03-03,Mar 3,Sunday,21:00,Solid,walk,,\n"
    "2024-03-02,Mar 2,Saturday,20:00,good,,,\n"
    "2024-03-01,Mar 1,Friday,20:00,Solid,friends,,\n"
    "2024-02-29,Feb 29,Thursday,20:00,Foggy,,,\n"
)


def open_the_import_page(page: Page, app_server, home: Path):
    """``reflectkit app --import`` on ``home``, its page open and ready."""
    app = app_server(notebook=ROOT / "notebooks" / "04_bring_your_history.ipynb", home=home)
    page.goto(app.url)
    expect(page.locator(".rk-import")).to_be_visible(timeout=FIRST_RENDER)
    return app


def choose(page: Page, export: Path) -> None:
    """Choose ``export`` with the browser's own file dialog."""
    with page.expect_file_chooser() as chooser:
        page.locator(".rk-import-file").click()
    chooser.value.set_files(export)


def test_a_daylio_export_with_moods_of_ones_own_is_imported_and_taken_back(
    page: Page, tmp_path, app_server, artifacts
):
    home = tmp_path / "home"
    export = tmp_path / "Daylio export.csv"
    export.write_text(EXPORT)
    app = open_the_import_page(page, app_server, home)
    assert "to bring in your history from another app." in app.log.read_text()
    expect(page.locator(".rk-import")).to_be_disabled()

    choose(page, export)
    solid = page.get_by_label("Solid (2 entries)")
    foggy = page.get_by_label("Foggy (1 entry)")
    expect(solid).to_be_visible()
    expect(solid).to_have_value("")  # no made-up place
    expect(page.locator(".rk-form")).to_contain_text("Daylio's own moods sit at awful=1")

    page.screenshot(path=str(artifacts / "import-own-moods.png"), full_page=True)
    page.locator(".rk-import").click()
    message = page.locator(".rk-message")
    expect(message).to_contain_text("each of your own moods needs a place from 1 to 10")
    assert not (home / "checkins.csv").exists() or CheckinStore(home).load().empty

    solid.fill("7")
    foggy.fill("4.5")
    page.locator(".rk-import").click()
    expect(message).to_contain_text("0 days already there, 4 new")
    page.screenshot(path=str(artifacts / "import-done.png"), full_page=True)
    moods = CheckinStore(home).load().set_index(s.DATE)[s.MOOD]
    assert moods[pd.Timestamp("2024-03-03")] == 7 and moods[pd.Timestamp("2024-02-29")] == 4.5

    page.locator(".rk-import").click()
    expect(message).to_contain_text("4 days already there, 0 new")
    page.locator(".rk-undo").click()
    expect(message).to_contain_text("Took back the import of Daylio export.csv")
    assert CheckinStore(home).load().empty


def test_a_file_too_large_for_the_page_is_refused_in_words(page: Page, tmp_path, app_server):
    """Above the 64 MiB the socket once carried, a chosen file vanished without a word.
    (70,000,000 bytes: 70.0 MB.)"""
    home = tmp_path / "home"
    export = tmp_path / "Daylio export.csv"
    line = "2024-03-03,Mar 3,Sunday,21:00,good,walk,,\n"
    header = EXPORT.splitlines(keepends=True)[0]
    rows = line * ((70_000_000 - len(header)) // len(line))
    export.write_text(header + rows + "x" * (70_000_000 - len(header) - len(rows)))
    assert export.stat().st_size == 70_000_000
    open_the_import_page(page, app_server, home)
    choose(page, export)
    message = page.locator(".rk-message")
    expect(message).to_contain_text(
        "Daylio export.csv is 70.0 MB, more than this page takes (50 MB)", timeout=60_000
    )
    expect(page.locator(".rk-import")).to_be_disabled()
    assert not (home / "checkins.csv").exists()


def test_a_file_too_large_to_reach_the_kernel_is_still_named_as_such(
    page: Page, tmp_path, app_server
):
    """Above the largest message the socket takes, the file never reaches the kernel; the
    server has the page's kernel say so, instead of the page staying silent."""
    from reflectkit.uploads import LARGEST_MESSAGE_BYTES

    home = tmp_path / "home"
    export = tmp_path / "export.zip"
    with export.open("wb") as file:
        file.truncate(LARGEST_MESSAGE_BYTES + 2**20)  # an Apple Health export, say
    open_the_import_page(page, app_server, home)
    choose(page, export)
    expect(page.locator(".rk-message")).to_contain_text(
        "the file you chose is too large for this page to receive (over 100.7 MB), so it did not "
        "arrive",
        timeout=60_000,
    )
    expect(page.locator(".rk-import")).to_be_disabled()
    # the page goes on working: a small export is taken as before
    small = tmp_path / "Daylio export.csv"
    small.write_text(EXPORT)
    choose(page, small)
    expect(page.get_by_label("Solid (2 entries)")).to_be_visible(timeout=30_000)
    expect(page.locator(".rk-message")).to_have_text("")
