"""Start JupyterLab (and Voilà) on the kit's notebooks, listening on 127.0.0.1 only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .io.store import default_home
from .paths import notebooks_folder


def _tool(name: str) -> str:
    """The tool next to this Python, so the kernel is this environment's."""
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def _absolute_home() -> None:
    """Make ``$REFLECTKIT_HOME`` absolute for the kernels, which start in another folder."""
    from .io.store import HOME_VARIABLE

    if os.environ.get(HOME_VARIABLE):
        os.environ[HOME_VARIABLE] = str(default_home())


def run_jupyterlab(*, port: int = 8888, open_browser: bool = True) -> int:
    """Run JupyterLab on the notebooks folder until it is stopped; return its exit code."""
    _absolute_home()
    folder = notebooks_folder()
    print(f"Your check-ins are kept in {default_home()} (only you can read them).")
    print(f"Opening JupyterLab on {folder} at http://127.0.0.1:{port}/lab")
    command = [
        _tool("jupyter-lab"),
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if not open_browser:
        command.append("--no-browser")
    if os.geteuid() == 0:
        command.append("--allow-root")
    return subprocess.call(command)


def run_voila(notebook: str, *, port: int = 8866, open_browser: bool = True) -> int:
    """Run a notebook as a code-free Voilà app until it is stopped; return its exit code.

    The app (:mod:`reflectkit.appserver`) makes its own secret token and prints the address
    to open, token included; it answers only this computer's own page.
    """
    _absolute_home()
    path = notebooks_folder() / notebook
    print(f"Your check-ins are kept in {default_home()} (only you can read them).")
    print("Starting the check-in app (it answers this computer only)...", flush=True)
    command = [
        sys.executable,
        "-m",
        "reflectkit.appserver",
        str(path),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
    ]
    if not open_browser:
        command.append("--no-browser")
    with subprocess.Popen(command) as app:
        try:
            return app.wait()
        except KeyboardInterrupt:
            app.wait()  # Ctrl-C reached the app too: let it shut its kernels down
            raise
