"""`reflectkit app` lets no one else in: token, Host and Origin checks, few kernels, no network."""

from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import http.client
import os
import re
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from reflectkit import CheckinStore
from reflectkit import schema as s
from reflectkit.appserver import CONTENT_SECURITY_POLICY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
FIRST_RENDER = 90_000
STATIC = "/voila/templates/lab/static/index.css"  # one of Voilà's own files


def request(
    app: Any, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, str]:
    """One request, no redirects followed: status, headers, body."""
    address = urlsplit(app.base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=180)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace") if response.status != 101 else ""
        return response.status, response.msg, body
    finally:
        conn.close()


def upgrade(app: Any, path: str, headers: dict[str, str]) -> int:
    """The status of a WebSocket handshake (101 means the socket opened)."""
    key = base64.b64encode(os.urandom(16)).decode()
    handshake = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": key,
    }
    return request(app, path, headers={**handshake, **headers})[0]


def kernels(pid: int) -> int:
    """Kernels running under process ``pid`` (from /proc: children, grandchildren...)."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                commands[int(entry.name)] = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    under = {pid}
    for _ in range(4):  # cli -> server -> kernel
        under |= {child for child, parent in parents.items() if parent in under}
    return sum(b"ipykernel_launcher" in commands.get(p, b"") for p in under - {pid})


def started(app: Any) -> int:
    """How many kernels the app has started so far (from its log)."""
    return app.log.read_text().count("Kernel started:")


def settled(app: Any, *, timeout: float = 60) -> None:
    """Wait until the app has replaced the kept-ready kernel the last page took (Voilà does
    so 10 s later), so that a count of kernels started is not moved by that refill."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pages = set(re.findall(r"Connecting to kernel ([0-9a-f-]+)\.", app.log.read_text()))
        if started(app) >= len(pages) + 1 and kernels(app.pid) >= len(pages) + 1:
            return
        time.sleep(0.2)
    raise AssertionError(f"the app kept no kernel ready:\n{app.log.read_text()[-2000:]}")


def login_cookie(app: Any) -> str:
    """The cookie a browser gets for the token, without opening the page (no kernel)."""
    status, headers, _ = request(app, f"/login?token={app.token}")
    assert status == 302, status
    cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie", [])]
    return next(c for c in cookies if c.startswith("username-"))


def test_the_printed_address_opens_the_app_and_nothing_leaves_this_computer(
    page: Page, voila_app, browser_home
):
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.on("websocket", lambda ws: asked.append(ws.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(voila_app.url)
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)

    day = dt.date(2024, 8, 3)  # the widgets talk to the kernel through the token's cookie
    date_input = page.locator(".rk-date input[type=date]")
    date_input.fill(day.isoformat())
    date_input.press("Tab")
    page.locator(".rk-mood").get_by_role("radio", name="6", exact=True).check()
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved your check-in", timeout=30_000)
    assert CheckinStore(browser_home).latest(day)[s.MOOD] == 6

    # the buttons' icons come from Voilà's own copy of Font Awesome
    glyph = "el => getComputedStyle(el, '::before').fontFamily"
    assert "Font Awesome" in page.locator(".rk-save i").evaluate(glyph)
    assert page.locator(".rk-save i").evaluate("el => el.getBoundingClientRect().width") > 0
    here = urlsplit(voila_app.base).netloc
    assert any(url.startswith("ws://") for url in asked)
    assert [url for url in asked if urlsplit(url).netloc != here] == []
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_without_the_token_there_is_no_page_and_no_kernel(voila_app):
    settled(voila_app)
    running, before = kernels(voila_app.pid), started(voila_app)
    for path in ["/", "/?token=not-the-token", "/voila/render/01_daily_check_in.ipynb"]:
        status, headers, body = request(voila_app, path)
        assert status == 302 and headers["Location"].startswith("/login"), (path, status)
        assert "kernelId" not in body and "rk-" not in body
    status, _, body = request(voila_app, "/login?next=%2F")
    assert status == 200 and "kernelId" not in body and "rk-save" not in body
    status, _, body = request(voila_app, f"/api/kernels/{uuid.uuid4()}")
    assert status == 403
    time.sleep(2)
    assert (kernels(voila_app.pid), started(voila_app)) == (running, before)


@pytest.mark.parametrize(
    "host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example"]
)
def test_a_foreign_host_is_refused_even_with_the_token(voila_app, host):
    port = urlsplit(voila_app.base).port
    settled(voila_app)
    before = started(voila_app)
    assert request(voila_app, STATIC)[0] == 200  # the same request with this computer's name
    for path in [f"/?token={voila_app.token}", STATIC, "/login", f"/api/kernels/{uuid.uuid4()}"]:
        status, _, body = request(voila_app, path, headers={"Host": f"{host}:{port}"})
        assert status == 403, (path, status)
        assert "kernelId" not in body
    time.sleep(1)
    assert started(voila_app) == before


def test_a_foreign_origin_is_refused_for_websockets_and_the_api(page: Page, voila_app):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(voila_app.url)
    expect(page.locator(".rk-save")).to_be_visible(timeout=FIRST_RENDER)
    kernel = urlsplit(next(url for url in sockets if "/api/kernels/" in url)).path.split("/")[3]
    channels = f"/api/kernels/{kernel}/channels"
    cookie = login_cookie(voila_app)
    own, foreign = voila_app.base, "http://evil.example"

    assert upgrade(voila_app, channels, {"Cookie": cookie, "Origin": own}) == 101  # control
    assert upgrade(voila_app, channels, {"Cookie": cookie, "Origin": foreign}) == 403
    assert upgrade(voila_app, f"{channels}?token={voila_app.token}", {"Origin": foreign}) == 403
    other_local_page = "http://127.0.0.1:1"  # another server on this computer is not the app
    assert upgrade(voila_app, channels, {"Cookie": cookie, "Origin": other_local_page}) == 403

    # the kernel's REST API: shutting it down from another site is refused too
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    attack = {"Cookie": f"{cookie}; _xsrf={xsrf}", "X-XSRFToken": xsrf, "Origin": foreign}
    assert request(voila_app, f"/api/kernels/{kernel}", method="DELETE", headers=attack)[0] == 403
    assert request(voila_app, f"/api/kernels/{kernel}", headers={"Cookie": cookie})[0] == 200
    date_input = page.locator(".rk-date input[type=date]")  # and the page still works
    date_input.fill("2024-08-04")
    date_input.press("Tab")
    page.locator(".rk-mood").get_by_role("radio", name="4", exact=True).check()
    page.locator(".rk-save").click()
    expect(page.locator(".rk-message")).to_contain_text("Saved your check-in", timeout=30_000)


def test_kernels_are_capped_and_idle_ones_are_culled(app_server):
    small_app = app_server(
        "--LimitedKernelManager.max_kernels=2",
        "--LimitedKernelManager.cull_idle_timeout=8",
        "--LimitedKernelManager.cull_interval=1",
    )
    page = f"/?token={small_app.token}"
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(lambda _: request(small_app, page), range(3)))
    assert sorted(status for status, _, _ in answers) == [200, 200, 503]
    refused = next(body for status, _, body in answers if status == 503)
    assert "close one you no longer use, then reload this page" in refused
    assert "kernelId" not in refused
    assert kernels(small_app.pid) == 2

    # nobody connected to those two pages: they are shut down once idle, and places free up
    deadline = time.monotonic() + 120
    while kernels(small_app.pid) and time.monotonic() < deadline:
        time.sleep(1)
    assert kernels(small_app.pid) == 0, small_app.log.read_text()[-3000:]
    assert "Culling 'idle' kernel" in small_app.log.read_text()
    status, _, body = request(small_app, page)
    assert status == 200 and "kernelId" in body
