"""Start JupyterLab (and Voilà) on the kit's notebooks, listening on 127.0.0.1 only.

``reflectkit lab`` opens the person's own workspace, a private folder beside their store
(:func:`prepare_workspace`): the kit's notebooks are copied there the first time, new ones
are added after an upgrade, and a notebook the person changed is never overwritten. The
check-in app runs the kit's own notebook, which nobody edits.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import uploads
from .errors import ReflectkitError
from .io.private import ensure_private_folder, read_file, write_output
from .io.store import default_home
from .paths import notebooks_folder, workspace_folder

#: In the workspace: which version of each notebook the kit put there (0600, hidden in Lab).
MANIFEST = ".reflectkit-kit.json"


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
    """Run JupyterLab on the person's workspace until it is stopped; return its exit code."""
    _absolute_home()
    changes = prepare_workspace()
    folder = changes.folder
    print(f"Your check-ins are kept in {default_home()} (only you can read them).")
    for line in changes.lines():
        print(line)
    print(f"Opening JupyterLab on {folder} at http://127.0.0.1:{port}/lab", flush=True)
    command = [
        _tool("jupyter-lab"),
        f"--ServerApp.root_dir={folder}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--LabApp.news_url=None",
        # an export chosen on the import page reaches the kernel as one message (Tornado
        # drops one over its default 10 MiB without a word)
        "--ServerApp.tornado_settings="
        f"{{'websocket_max_message_size': {uploads.LARGEST_MESSAGE_BYTES}}}",
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

    The daily check-in runs ahead of time in a kernel kept ready (Voilà's pre-heated
    kernels), so the form is there when the page is asked for; it turns to the day the page
    opens and reads the store then (``reflectkit.forms.checkin.refresh_when_a_page_opens``).
    The weekly reflection starts its kernel when asked: its week is fixed when it runs.
    """
    _absolute_home()
    path = notebooks_folder() / notebook
    print(f"Your check-ins are kept in {default_home()} (only you can read them).")
    print("Starting the app (it answers this computer only)...", flush=True)
    command = [
        sys.executable,
        "-m",
        "reflectkit.appserver",
        str(path),
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--theme=light",
    ]
    if notebook == "01_daily_check_in.ipynb":
        command += ["--preheat_kernel=True", "--pool_size=1", "--VoilaKernelManager.fill_delay=10"]
    if not open_browser:
        command.append("--no-browser")
    with subprocess.Popen(command) as app:
        try:
            return app.wait()
        except KeyboardInterrupt:
            app.wait()  # Ctrl-C reached the app too: let it shut its kernels down
            raise


# -- the lab workspace -----------------------------------------------------------------------


@dataclass
class WorkspaceChanges:
    """What :func:`prepare_workspace` did, in words for the person (:meth:`lines`)."""

    folder: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    #: (their notebook, the kit's copy beside it, whether the kit's version is in that copy)
    differs: list[tuple[str, str, bool]] = field(default_factory=list)
    left_alone: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per thing worth saying; nothing when all was already up to date."""
        said = []
        if self.added:
            said.append(f"Added the kit's {_names(self.added)} to {self.folder}.")
        if self.updated:
            said.append(
                f"Updated {_names(self.updated)} to the kit's new version "
                "(you had not changed the cells)."
            )
        for name, beside, placed in self.differs:
            where = (
                f"the kit's version is beside it as {beside}"
                if placed
                else f"the kit's version could not go beside it, as {beside} was changed "
                f"too: rename {beside} to get it next time"
            )
            said.append(f"Your {name} differs from the kit's and was left as it is; {where}.")
        for name in self.left_alone:
            said.append(f"{name} in {self.folder} is not a plain file, so it was left alone.")
        return said


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{len(names)} notebooks ({', '.join(names)})"


def notebook_fingerprint(data: bytes) -> str:
    """A hash of what a notebook's cells say (type and source), not of outputs or metadata.

    Running a notebook and saving it keeps its fingerprint; changing a cell changes it.
    Bytes that are not a notebook get a fingerprint of their own.
    """
    try:
        cells = json.loads(data)["cells"]
        key = json.dumps(
            [[cell["cell_type"], _source(cell.get("source", ""))] for cell in cells],
            ensure_ascii=False,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        key = "bytes:" + hashlib.sha256(data).hexdigest()
    return hashlib.sha256(key.encode()).hexdigest()


def _source(source: object) -> str:
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def prepare_workspace(*, kit: Path | None = None, folder: Path | None = None) -> WorkspaceChanges:
    """Bring the person's workspace up to date with the kit's notebooks; say what was done.

    - A kit notebook missing from ``folder`` is copied there: all of them the first time,
      new ones after an upgrade, and one the person deleted (to get the kit's back).
    - A copy whose cells are as the kit last put them (only run, perhaps) is replaced by the
      kit's new version.
    - A notebook whose cells the person changed is never overwritten; the kit's version
      goes beside it as ``NAME (kit).ipynb`` (itself replaced only while unchanged).

    ``folder`` (default :func:`reflectkit.paths.workspace_folder`) is private (0700), its
    files 0600; a manifest there records what the kit put in, so "changed" is knowable.
    """
    kit = notebooks_folder() if kit is None else kit
    folder = workspace_folder() if folder is None else folder
    ensure_private_folder(folder.parent)
    ensure_private_folder(folder)
    manifest = folder / MANIFEST
    recorded = _read_manifest(manifest)
    before = dict(recorded)
    changes = WorkspaceChanges(folder)
    for source in sorted(kit.glob("*.ipynb")):
        _sync(source, folder, recorded, changes)
    if recorded != before or not manifest.exists():
        body = {
            "about": "what reflectkit copied here; see reflectkit.launch",
            "notebooks": recorded,
        }
        write_output(manifest, json.dumps(body, indent=1).encode(), force=True)
    return changes


def _sync(source: Path, folder: Path, recorded: dict[str, str], changes: WorkspaceChanges) -> None:
    data = source.read_bytes()
    kit = notebook_fingerprint(data)
    name = source.name
    target = folder / name
    kind = _kind(target)
    if kind == "other":
        changes.left_alone.append(name)
        return
    if kind == "missing":
        write_output(target, data)
        recorded[name] = kit
        changes.added.append(name)
        return
    mine = notebook_fingerprint(read_file(target))
    if mine == kit:
        recorded[name] = kit
    elif recorded.get(name) == mine:  # as the kit left it: follow the kit
        write_output(target, data, force=True)
        recorded[name] = kit
        changes.updated.append(name)
    else:  # the person's own: never overwritten
        beside = f"{source.stem} (kit){source.suffix}"
        changes.differs.append((name, beside, _place_beside(folder / beside, data, recorded)))


def _place_beside(path: Path, data: bytes, recorded: dict[str, str]) -> bool:
    """Put the kit's version at ``path`` unless the person changed what is there."""
    kit = notebook_fingerprint(data)
    kind = _kind(path)
    if kind == "other":
        return False
    if kind == "file":
        there = notebook_fingerprint(read_file(path))
        if there not in (kit, recorded.get(path.name)):
            return False
        if there == kit:
            recorded[path.name] = kit
            return True
    write_output(path, data, force=kind == "file")
    recorded[path.name] = kit
    return True


def _kind(path: Path) -> str:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return "missing"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def _read_manifest(path: Path) -> dict[str, str]:
    """What the kit put in the workspace; empty (so nothing counts as unchanged) if unreadable."""
    try:
        body = json.loads(read_file(path))
    except (OSError, ReflectkitError, ValueError):
        return {}
    notebooks = body.get("notebooks") if isinstance(body, dict) else None
    if not isinstance(notebooks, dict):
        return {}
    return {k: v for k, v in notebooks.items() if isinstance(k, str) and isinstance(v, str)}
