"""`reflectkit lab` and `reflectkit app` as a person starts them: the URL, 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command_lines() -> list[bytes]:
    """Every process's command line, as `ps` shows them to any user."""
    lines = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                lines.append((entry / "cmdline").read_bytes())
    return lines


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.mark.slow
def test_lab_listens_on_loopback_only_and_prints_the_url(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "REFLECTKIT_HOME": str(tmp_path / "home"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    log = tmp_path / "lab.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "reflectkit"),
                "lab",
                "--no-browser",
                f"--port={port}",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port) and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.3)
        addresses = listening_addresses(port)
        assert addresses == {"0100007F"}, addresses  # 127.0.0.1, nothing else
        text = log.read_text()
        assert f"http://127.0.0.1:{port}/lab" in text
        assert str(tmp_path / "home") in text  # REFLECTKIT_HOME is honoured
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def test_the_app_runs_reflectkits_server_and_keeps_no_secret_on_its_command_line(monkeypatch):
    from reflectkit import launch

    commands = []

    class FakePopen:
        def __init__(self, command):
            commands.append(command)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def wait(self):
            return 0

    monkeypatch.setattr(launch.subprocess, "Popen", FakePopen)
    assert launch.run_voila("01_daily_check_in.ipynb", port=8870, open_browser=False) == 0
    assert launch.run_voila("03_weekly_reflection.ipynb", port=8871) == 0
    first, second = commands
    assert first[:3] == [sys.executable, "-m", "reflectkit.appserver"]
    assert first[3].endswith("01_daily_check_in.ipynb") and "--port=8870" in first
    assert "--Voila.ip=127.0.0.1" in first and "--theme=light" in first
    assert "--no-browser" in first and "--no-browser" not in second
    assert not [arg for arg in first + second if "token" in arg.lower()]


@pytest.mark.slow
def test_app_listens_on_loopback_only_and_prints_an_address_with_a_secret_token(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "REFLECTKIT_HOME": str(tmp_path / "home"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
    }
    log = tmp_path / "app.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "reflectkit"),
                "app",
                "--no-browser",
                f"--port={port}",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while "to check in" not in log.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, log.read_text()
            time.sleep(0.3)
        found = re.search(
            rf"Open http://127\.0\.0\.1:{port}/\?token=(\S+) to check in", log.read_text()
        )
        assert found, log.read_text()
        token = found[1]
        assert len(token) >= 40  # secrets.token_urlsafe(32)
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        assert str(tmp_path / "home") in log.read_text()
        # `ps` shows every user every command line: none holds the token
        assert not [line for line in command_lines() if token.encode() in line]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
