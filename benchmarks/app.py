"""App benchmark: the time from ``reflectkit app`` to a check-in form one can use.

Measured like a person: start the server, open the address it prints in headless Chromium, and
stop the clock when the form's Save button is visible, a mood chosen with a click shows as
chosen, and a click on Clear comes back from the kernel ("Cleared"). The baseline is a bare
``voila`` on a notebook with one ipywidgets button, started the same way: server start, then
the page, until the button is visible and a click on it comes back from the kernel.

Both run against a store holding a year of check-ins, interleaved, several times; the browser
is started once before (a person's browser is open already) and each page gets a fresh context
(nothing cached from the run before). Needs Debian's Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reflectkit.devtools.chromium import ARGS, CHROMIUM
from reflectkit.devtools.servers import start_server, stop_server

from ._harness import Result

BIN = Path(sys.executable).parent
#: Seconds a start may take before the run is given up (a busy machine takes ~15 s).
TIMEOUT = 120
#: Seconds a server is left running before the page is asked for, in the warm measurement.
SETTLE = 8
BUTTON_NOTEBOOK = """{
 "cells": [{"cell_type": "code", "execution_count": null, "id": "b1", "metadata": {},
  "outputs": [], "source": [
   "import ipywidgets as w\\n",
   "button = w.Button(description='Press').add_class('bare-button')\\n",
   "def pressed(b):\\n",
   "    b.description = 'Pressed'\\n",
   "button.on_click(pressed)\\n",
   "button"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
  "name": "python3"}, "language_info": {"name": "python"}},
 "nbformat": 4, "nbformat_minor": 5
}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def year_of_checkins(home: Path) -> None:
    """A store with a year of daily check-ins up to yesterday (what the form reads on open)."""
    from reflectkit import CheckinStore

    end = dt.date.today() - dt.timedelta(days=1)
    CheckinStore(home).save_many(
        [
            {
                "date": end - dt.timedelta(days=i),
                "mood": 1 + i % 10,
                "sleep_hours": 6 + i % 3,
                "activities": "walk; tea",
                "note": "a quiet day",
            }
            for i in range(365)
        ]
    )


@contextlib.contextmanager
def server(cmd: list[str], *, env: dict[str, str], address: str, log: Path) -> Iterator[str]:
    """Start ``cmd`` in its own process group; yield the address it prints, then stop it."""
    proc = start_server(cmd, env=env, log=log)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = re.search(address, log.read_text(errors="replace"))
            if found:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{cmd[0]} printed no address:\n{log.read_text()[-3000:]}")
            time.sleep(0.02)
        yield found[1]
    finally:
        stop_server(proc, timeout=20)


def time_to_form(
    browser, *, repeat: int, folder: Path, warm: bool, settle: float = SETTLE
) -> tuple[list[float], list[float]]:
    """Times (seconds) of the bare Voilà and of ``reflectkit app``, run alternately.

    Cold: from the command to the usable page. Warm: from asking for the page, on a server
    started ``settle`` seconds before, to the usable page (a check-in on an app left
    running, the next day).
    """
    from playwright.sync_api import expect

    home = folder / "home"
    home.mkdir(mode=0o700)
    year_of_checkins(home)
    notebook = folder / "button.ipynb"
    notebook.write_text(BUTTON_NOTEBOOK)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "VOILA"))}
    env.update(
        REFLECTKIT_HOME=str(home),
        JUPYTER_CONFIG_DIR=str(folder / "config"),
        JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
        IPYTHONDIR=str(folder / "ipython"),
        MPLBACKEND="Agg",
    )
    timeout = TIMEOUT * 1000

    def timed(cmd: list[str], address: str, log: str, use: Callable[[Any], None]) -> float:
        """Seconds from the command (cold) or from asking for the page (warm) to ``use``'s end."""
        start = time.perf_counter()
        with (
            server(cmd, env=env, address=address, log=folder / log) as url,
            fresh_page(browser) as page,
        ):
            if warm:
                time.sleep(settle)
                start = time.perf_counter()
            page.goto(url, timeout=timeout)
            use(page)
            return time.perf_counter() - start

    def press_the_button(page: Any) -> None:
        button = page.locator(".bare-button")
        expect(button).to_be_visible(timeout=timeout)
        button.click()
        expect(button).to_have_text("Pressed", timeout=timeout)

    def choose_a_mood_and_clear(page: Any) -> None:
        expect(page.locator(".rk-save")).to_be_visible(timeout=timeout)
        mood = page.locator(".rk-mood").get_by_role("radio", name="6", exact=True)
        mood.check(timeout=timeout)
        expect(mood).to_be_checked()
        page.locator(".rk-clear").click()
        expect(page.locator(".rk-message")).to_contain_text("Cleared", timeout=timeout)

    def bare() -> float:
        cmd = [str(BIN / "voila"), str(notebook), "--no-browser", f"--port={free_port()}"]
        cmd.append("--Voila.ip=127.0.0.1")
        return timed(cmd, r"(http://127\.0\.0\.1:\d+/)\s", "bare.log", press_the_button)

    def ours() -> float:
        cmd = [str(BIN / "reflectkit"), "app", "--no-browser", f"--port={free_port()}"]
        address = r"Open (http://127\.0\.0\.1:\d+/\?token=\S+) to check in"
        return timed(cmd, address, "app.log", choose_a_mood_and_clear)

    base, mine = [], []
    for _ in range(repeat):
        base.append(bare())
        mine.append(ours())
    return base, mine


@contextlib.contextmanager
def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def with_browser(fn: Callable[..., Result]) -> Callable[..., Result | None]:
    def run(**kwargs) -> Result | None:
        if not CHROMIUM.exists():
            print("app: skipped, /usr/bin/chromium is missing (apt-get install chromium)")
            return None
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            try:
                return fn(browser, **kwargs)
            finally:
                browser.close()

    return run


@with_browser
def bench_time_to_form(browser, *, repeat: int, warm: bool, settle: float) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base, mine = time_to_form(browser, repeat=repeat, folder=folder, warm=warm, settle=settle)
    every = ", ".join(f"{m:.2f}/{b:.2f}" for m, b in zip(mine, base, strict=True))
    what = "page on a running app" if warm else "reflectkit app"
    return Result(
        f"{what} to a usable form, Chromium",
        "bare voila, one button",
        statistics.median(base),
        statistics.median(mine),
        0.5,
        extra=f"each run, ours/bare in s: {every}",
    )


def run(*, quick: bool) -> list[Result]:
    results = [
        bench_time_to_form(repeat=1 if quick else 5, warm=warm, settle=2 if quick else SETTLE)
        for warm in (False, True)
    ]
    return [result for result in results if result is not None]
