"""Servers started as the browser tests and the app benchmark start them: in a process group
of their own (their kernels included), output into a log file, stopped as a whole."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path


def start_server(cmd: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``cmd`` in its own process group, its output into ``log``."""
    with log.open("w") as out:
        return subprocess.Popen(
            cmd,
            env=env,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def stop_server(proc: subprocess.Popen, *, timeout: float = 15) -> None:
    """Stop the whole group: SIGTERM, then SIGKILL after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
