"""Servers and a browser for the real-browser tests (JupyterLab and Voilà in headless Chromium)."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reflectkit.devtools.chromium import ARGS, CHROMIUM
from reflectkit.devtools.servers import start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, *, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is up
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "/usr/bin/chromium is missing: `make test` installs it (apt-get install chromium)"
            )
        pytest.skip("Debian's chromium is not installed; `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def browser_home(tmp_path_factory) -> Path:
    """The REFLECTKIT_HOME the servers' kernels write into."""
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def jupyter_env(tmp_path_factory, browser_home) -> dict[str, str]:
    base = tmp_path_factory.mktemp("jupyter")
    config = base / "config"
    settings = config / "lab" / "user-settings" / "@jupyterlab"
    for plugin, value in [
        ("apputils-extension/notification.jupyterlab-settings", {"fetchNews": "false"}),
        ("docmanager-extension/plugin.jupyterlab-settings", {"autosave": False}),
    ]:
        path = settings / plugin
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(config),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        IPYTHONDIR=str(base / "ipython"),
        REFLECTKIT_HOME=str(browser_home),
        MPLBACKEND="Agg",
    )
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory, jupyter_env) -> Iterator[tuple[str, str]]:
    """JupyterLab on a copy of notebooks/ (so nothing is written back): (base URL, token)."""
    root = tmp_path_factory.mktemp("lab-root")
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, root)
    port, token = free_port(), secrets.token_hex(16)
    log = root.parent / "lab.log"
    cmd = [
        str(Path(sys.executable).parent / "jupyter-lab"),
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
    ]
    proc = start_server(cmd, env=jupyter_env, log=log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for_http(f"{base}/api/status?token={token}", proc=proc, log=log)
        yield base, token
    finally:
        stop_server(proc)


@dataclass(frozen=True)
class VoilaApp:
    """A running `reflectkit app`."""

    base: str  # http://127.0.0.1:PORT
    url: str  # the address it printed, token included
    token: str
    pid: int  # the `reflectkit app` process; the server and its kernels run under it
    log: Path


def wait_for_address(proc: subprocess.Popen, log: Path, *, timeout: float = 120) -> str:
    """The address the app prints once it listens (``Open http://...?token=... to check in.``,
    or what the page it serves is for)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(
            r"Open (http://127\.0\.0\.1:\d+/\?token=\S+) (?:to|for) ", log.read_text()
        )
        if found:
            return found[1]
        if proc.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    raise TimeoutError(f"the app printed no address in {timeout} s:\n{log.read_text()[-3000:]}")


def start_app(cmd: list[str], *, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    """Start an app server and wait for the address it prints."""
    proc = start_server(cmd, env=env, log=log)
    try:
        url = wait_for_address(proc, log)
        wait_for_http(url.split("?")[0] + "login", proc=proc, log=log)
    except BaseException:
        stop_server(proc)
        raise
    return proc, url


@pytest.fixture(scope="module")
def voila_app(tmp_path_factory, jupyter_env) -> Iterator[VoilaApp]:
    """`reflectkit app`, started the way a person starts it."""
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    cmd = [str(Path(sys.executable).parent / "reflectkit"), "app", "--no-browser", f"--port={port}"]
    proc, url = start_app(cmd, env=jupyter_env, log=log)
    try:
        base = f"http://127.0.0.1:{port}"
        assert url.startswith(f"{base}/?token=")
        yield VoilaApp(base=base, url=url, token=url.split("token=")[1], pid=proc.pid, log=log)
    finally:
        stop_server(proc)


@pytest.fixture
def app_server(tmp_path, jupyter_env) -> Iterator[Callable[..., VoilaApp]]:
    """Start ``python -m reflectkit.appserver`` on the check-in (or ``notebook``) with extra
    options, its kernels keeping check-ins in ``home`` (default: the module's)."""
    procs: list[subprocess.Popen] = []

    def start_with(
        *options: str, notebook: Path | None = None, home: Path | None = None
    ) -> VoilaApp:
        port = free_port()
        log = tmp_path / f"app-{port}.log"
        notebook = notebook or ROOT / "notebooks" / "01_daily_check_in.ipynb"
        env = {**jupyter_env, **({"REFLECTKIT_HOME": str(home)} if home else {})}
        cmd = [sys.executable, "-m", "reflectkit.appserver", str(notebook), f"--port={port}"]
        proc, url = start_app([*cmd, "--no-browser", *options], env=env, log=log)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        return VoilaApp(base=base, url=url, token=url.split("token=")[1], pid=proc.pid, log=log)

    yield start_with
    for proc in procs:
        stop_server(proc)


@pytest.fixture
def artifacts() -> Path:
    """Screenshots kept after the run (not committed: test-artifacts/ is git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"failure-{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
