"""`reflectkit app` runs the check-in before the page is asked for, and the page is still fresh.

The app keeps a kernel ready with the notebook already run (Voilà's pre-heated kernels). That
kernel may have been started a day before the page opens, and check-ins may have been saved
since (in another tab, by an import): the form must show the day the page opens and the store
as it is then. Kernels kept ready count towards the kernel limit and never pass it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from test_app_security import kernels, login_cookie, request, upgrade  # tests/browser

from reflectkit import CheckinStore
from reflectkit import schema as s

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIRST_RENDER = 90_000
PREHEAT = ("--preheat_kernel=True", "--pool_size=1")


def notebook_built_on(folder: Path, day: dt.date, marker: Path) -> Path:
    """The check-in notebook, with a form made as if on ``day``; ``marker`` appears once it is."""
    source = (
        "import datetime as dt, pathlib\n"
        "from reflectkit.forms import CheckinForm\n"
        f"form = CheckinForm(today=dt.date({day.year}, {day.month}, {day.day}))\n"
        f"pathlib.Path({str(marker)!r}).touch()\n"
        "form"
    )
    cell = {"cell_type": "code", "execution_count": None, "id": "form", "metadata": {}}
    notebook = {
        "cells": [{**cell, "outputs": [], "source": source}],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "check_in.ipynb"
    path.write_text(json.dumps(notebook))
    return path


def wait_for(condition, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_the_app_opens_on_a_kernel_kept_ready(page: Page, voila_app):
    page.goto(voila_app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    assert "Using pre-heated kernel" in voila_app.log.read_text()
    assert page.locator(".rk-date input[type=date]").input_value() == dt.date.today().isoformat()


def test_a_reload_does_not_wait_for_the_next_kernel_kept_ready(page: Page, app_server):
    """After a page takes the kernel kept ready, Voilà starts the next one only after a delay
    (here ten minutes); a page opened meanwhile (a reload, a second tab) starts its own."""
    app = app_server(*PREHEAT, "--VoilaKernelManager.fill_delay=600")
    page.goto(app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    second = page.context.new_page()
    second.goto(app.url)
    expect(second.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    mood = second.locator(".rk-mood").get_by_role("radio", name="6", exact=True)
    mood.check()
    second.locator(".rk-clear").click()
    expect(second.locator(".rk-message")).to_contain_text("Cleared", timeout=FIRST_RENDER)
    assert app.log.read_text().count("Using pre-heated kernel") == 1


def test_a_form_run_days_before_shows_the_day_and_the_store_of_the_moment_it_opens(
    page: Page, tmp_path, app_server
):
    home, marker = tmp_path / "home", tmp_path / "form-built"
    notebook = notebook_built_on(tmp_path, dt.date(2020, 1, 1), marker)
    app = app_server(*PREHEAT, notebook=notebook, home=home)
    # the kernel kept ready has run the notebook: its form was made "on 1 January 2020",
    # from a store that held nothing; then a check-in for today is saved elsewhere
    wait_for(marker.exists, seconds=120, what="the notebook never ran ahead of time")
    today = dt.date.today()
    CheckinStore(home).save({s.DATE: today, s.MOOD: 7, s.NOTE: "saved in another tab"})

    page.goto(app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    assert "Using pre-heated kernel" in app.log.read_text()
    expect(page.locator(".rk-date input[type=date]")).to_have_value(today.isoformat())
    mood = page.locator(".rk-mood").get_by_role("radio", name="7", exact=True)
    expect(mood).to_be_checked()
    expect(page.locator(".rk-note textarea")).to_have_value("saved in another tab")
    expect(page.locator(".rk-message")).to_contain_text("You already checked in on today")


def test_kernels_kept_ready_count_towards_the_limit_and_a_full_app_recovers(app_server):
    small_app = app_server(
        *PREHEAT,
        "--LimitedKernelManager.max_kernels=2",
        "--LimitedKernelManager.cull_idle_timeout=8",
        "--LimitedKernelManager.cull_interval=1",
    )
    most = [0]
    watching = threading.Event()

    def watch() -> None:
        while not watching.is_set():
            most[0] = max(most[0], kernels(small_app.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        page = f"/?token={small_app.token}"
        first = request(small_app, page)  # the kernel kept ready; another is started for later
        second = request(small_app, page)  # that one: now two run, as many as allowed
        time.sleep(2)  # the next one is not started ahead of time
        third = request(small_app, page)
        assert [first[0], second[0], third[0]] == [200, 200, 503]
        assert "close one you no longer use, then reload this page" in third[2]
        assert "No kernel started ahead of time" in small_app.log.read_text()

        # nobody connected to those two pages: once they are shut down, a page opens again
        # (not a 503 remembered from when the app was full)
        wait_for(
            lambda: kernels(small_app.pid) == 0,
            seconds=120,
            what=small_app.log.read_text()[-3000:],
        )
        fourth = request(small_app, page)
        assert fourth[0] == 200 and "kernelId" in fourth[2]
        time.sleep(3)  # and one is kept ready for the page after
    finally:
        watching.set()
        watcher.join()
    assert most[0] <= 2
    assert kernels(small_app.pid) == 2


def test_no_one_can_listen_for_the_request_a_kernel_kept_ready_is_given(voila_app):
    """Voilà tells a pre-heated kernel, on a socket that asks for no token, the query string of
    the page that took it: the token. Any user of this computer can read a kernel's id from
    its command line. The app has no such socket."""
    kernel = re.findall(r"Kernel started: (\S+)", voila_app.log.read_text())[-1]
    for headers in ({}, {"Cookie": login_cookie(voila_app)}):
        assert upgrade(voila_app, f"/voila/query/{kernel}", headers) != 101
