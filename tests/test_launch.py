"""`reflectkit lab` and `reflectkit app` as a person starts them: the URL, 127.0.0.1 only."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflectkit.launch import MANIFEST, notebook_fingerprint, prepare_workspace
from reflectkit.paths import notebooks_folder


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
        # JupyterLab opens the person's own copies, beside their store, not the kit's
        workspace = tmp_path / "home" / "notebooks"
        assert f"Opening JupyterLab on {workspace} " in text
        kit = sorted(p.name for p in notebooks_folder().glob("*.ipynb"))
        assert sorted(p.name for p in workspace.glob("*.ipynb")) == kit
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


def test_jupyterlab_takes_the_same_largest_message_as_the_app(monkeypatch, tmp_path):
    from reflectkit import launch
    from reflectkit.uploads import LARGEST_MESSAGE_BYTES

    monkeypatch.setenv("REFLECTKIT_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(launch, "prepare_workspace", lambda: launch.WorkspaceChanges(tmp_path))
    commands: list[list[str]] = []
    monkeypatch.setattr(launch.subprocess, "call", lambda command: commands.append(command) or 0)
    assert launch.run_jupyterlab(port=8890, open_browser=False) == 0
    (command,) = commands
    settings = [arg for arg in command if arg.startswith("--ServerApp.tornado_settings=")]
    assert settings == [
        f"--ServerApp.tornado_settings={{'websocket_max_message_size': {LARGEST_MESSAGE_BYTES}}}"
    ]


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
        # said once, for the person to open; Voilà's own log line shows the address without it
        assert "Voilà is running at" in log.read_text()
        assert log.read_text().count(token) == 1
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


# -- the lab workspace: the person's own copies of the kit's notebooks ------------------------


def notebook(*sources: str, outputs: bool = False) -> bytes:
    """A small notebook with one code cell per source (run, with outputs, if asked)."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": 1 if outputs else None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ran\n"]}]
            if outputs
            else [],
            "source": source.splitlines(keepends=True) if outputs else source,
        }
        for i, source in enumerate(sources)
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


@pytest.fixture
def kit(tmp_path):
    folder = tmp_path / "kit"
    folder.mkdir()
    (folder / "01_check_in.ipynb").write_bytes(notebook("form()"))
    (folder / "02_trends.ipynb").write_bytes(notebook("plot()"))
    return folder


@pytest.fixture
def workspace(tmp_path):
    return tmp_path / "home" / "notebooks"


def test_a_notebooks_fingerprint_is_its_cells_not_its_outputs():
    assert notebook_fingerprint(notebook("a = 1\nb = 2")) == notebook_fingerprint(
        notebook("a = 1\nb = 2", outputs=True)  # run and saved: the same notebook
    )
    assert notebook_fingerprint(notebook("a = 1")) != notebook_fingerprint(notebook("a = 2"))
    assert notebook_fingerprint(b"not json") != notebook_fingerprint(b"not json either")


def test_the_first_lab_copies_every_kit_notebook_into_a_private_workspace(kit, workspace):
    changes = prepare_workspace(kit=kit, folder=workspace)
    assert changes.added == ["01_check_in.ipynb", "02_trends.ipynb"]
    assert changes.lines() == [
        f"Added the kit's 2 notebooks (01_check_in.ipynb, 02_trends.ipynb) to {workspace}."
    ]
    for name in changes.added:
        assert (workspace / name).read_bytes() == (kit / name).read_bytes()
        assert stat.S_IMODE((workspace / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(workspace.stat().st_mode) == 0o700
    assert stat.S_IMODE(workspace.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((workspace / MANIFEST).stat().st_mode) == 0o600
    assert prepare_workspace(kit=kit, folder=workspace).lines() == []  # nothing new: nothing said


def test_an_upgrade_adds_new_notebooks_and_updates_the_ones_only_run(kit, workspace):
    prepare_workspace(kit=kit, folder=workspace)
    (workspace / "01_check_in.ipynb").write_bytes(notebook("form()", outputs=True))  # only run
    (kit / "01_check_in.ipynb").write_bytes(notebook("form(week=True)"))  # the kit's new version
    (kit / "03_reflection.ipynb").write_bytes(notebook("reflect()"))  # a new notebook
    changes = prepare_workspace(kit=kit, folder=workspace)
    assert changes.added == ["03_reflection.ipynb"] and changes.updated == ["01_check_in.ipynb"]
    assert "Updated 01_check_in.ipynb to the kit's new version" in "\n".join(changes.lines())
    for name in ("01_check_in.ipynb", "03_reflection.ipynb"):
        assert (workspace / name).read_bytes() == (kit / name).read_bytes()


def test_a_notebook_the_person_changed_is_never_overwritten_and_the_kits_goes_beside(
    kit, workspace
):
    prepare_workspace(kit=kit, folder=workspace)
    mine = notebook("plot()\n# my own note")
    (workspace / "02_trends.ipynb").write_bytes(mine)
    assert prepare_workspace(kit=kit, folder=workspace).lines() == [
        "Your 02_trends.ipynb differs from the kit's and was left as it is; "
        "the kit's version is beside it as 02_trends (kit).ipynb."
    ]
    beside = workspace / "02_trends (kit).ipynb"
    assert beside.read_bytes() == (kit / "02_trends.ipynb").read_bytes()
    assert stat.S_IMODE(beside.stat().st_mode) == 0o600

    (kit / "02_trends.ipynb").write_bytes(notebook("plot(weeks=8)"))  # the kit changes again
    prepare_workspace(kit=kit, folder=workspace)
    assert (workspace / "02_trends.ipynb").read_bytes() == mine
    assert beside.read_bytes() == (kit / "02_trends.ipynb").read_bytes()  # kept current

    theirs_too = notebook("plot(weeks=8)\n# tried the kit's")
    beside.write_bytes(theirs_too)  # the person changed the kit's copy as well
    (kit / "02_trends.ipynb").write_bytes(notebook("plot(weeks=12)"))
    lines = prepare_workspace(kit=kit, folder=workspace).lines()
    assert (workspace / "02_trends.ipynb").read_bytes() == mine
    assert beside.read_bytes() == theirs_too
    assert "rename 02_trends (kit).ipynb to get it next time" in lines[0]


def test_a_deleted_notebook_comes_back_and_a_link_is_left_alone(kit, workspace, tmp_path):
    prepare_workspace(kit=kit, folder=workspace)
    (workspace / "01_check_in.ipynb").unlink()  # the way to get the kit's version back
    elsewhere = tmp_path / "elsewhere.ipynb"
    elsewhere.write_bytes(b"someone else's")
    (workspace / "02_trends.ipynb").unlink()
    (workspace / "02_trends.ipynb").symlink_to(elsewhere)
    (kit / "02_trends.ipynb").write_bytes(notebook("plot(weeks=8)"))
    changes = prepare_workspace(kit=kit, folder=workspace)
    assert changes.added == ["01_check_in.ipynb"] and changes.left_alone == ["02_trends.ipynb"]
    assert elsewhere.read_bytes() == b"someone else's"


@pytest.mark.parametrize("record", ["missing", "damaged"])
def test_without_a_record_a_notebook_that_differs_counts_as_changed(kit, workspace, record):
    prepare_workspace(kit=kit, folder=workspace)
    if record == "missing":
        (workspace / MANIFEST).unlink()
    else:
        (workspace / MANIFEST).write_text("{not json")
    (kit / "01_check_in.ipynb").write_bytes(notebook("form(week=True)"))
    changes = prepare_workspace(kit=kit, folder=workspace)
    assert changes.updated == [] and [d[0] for d in changes.differs] == ["01_check_in.ipynb"]
    assert (workspace / "01_check_in.ipynb").read_bytes() == notebook("form()")


def test_a_workspace_others_can_change_is_refused(kit, workspace):
    from reflectkit.errors import StoreError

    workspace.mkdir(parents=True)
    workspace.parent.chmod(0o700)
    workspace.chmod(0o777)
    with pytest.raises(StoreError, match=r"can be changed by other users .*`chmod 700 "):
        prepare_workspace(kit=kit, folder=workspace)


def test_app_opens_the_check_in_the_weekly_reflection_or_the_import_page(monkeypatch, capsys):
    from reflectkit import launch
    from reflectkit.cli import main

    opened = []
    monkeypatch.setattr(launch, "run_voila", lambda notebook, **_: opened.append(notebook) or 0)
    for flags in ([], ["--weekly"], ["--import"]):
        assert main(["app", "--no-browser", *flags]) == 0
    assert opened == [
        "01_daily_check_in.ipynb",
        "03_weekly_reflection.ipynb",
        "04_bring_your_history.ipynb",
    ]
    assert all((notebooks_folder() / name).is_file() for name in opened)
    capsys.readouterr()
    assert main(["app", "--weekly", "--import"]) == 2
    assert "reflectkit: argument --import: not allowed with" in capsys.readouterr().err
