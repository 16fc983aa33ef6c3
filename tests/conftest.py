"""Shared fixtures: a seeded rng, a store in a temp folder, the real-data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240302)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private REFLECTKIT_HOME for the test (nothing touches the real user folder)."""
    folder = tmp_path / "reflectkit-home"
    monkeypatch.setenv("REFLECTKIT_HOME", str(folder))
    return folder


@pytest.fixture
def store(home: Path):
    from reflectkit import CheckinStore

    return CheckinStore()


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text (or bytes) to a CSV in the temp folder and return its path."""

    def write(text: str | bytes, name: str = "checkins.csv") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present on this machine")
    return REALDATA


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(autouse=True, scope="session")
def _no_user_store(tmp_path_factory: pytest.TempPathFactory):
    """Tests never write into the real user data folder."""
    os.environ.setdefault("REFLECTKIT_HOME", str(tmp_path_factory.mktemp("default-home")))
    os.environ.setdefault("MPLBACKEND", "Agg")
    yield


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """Mount a small, real file system (tmpfs) to fill up: ``tiny_disk("64k") -> folder``.

    Skips when this user may not mount one (it needs root).
    """
    mounted: list[Path] = []

    def mount(size: str = "256k") -> Path:
        folder = tmp_path / f"tiny-{len(mounted)}"
        folder.mkdir()
        if os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("mounting a small file system needs root")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
            capture_output=True,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def fill():
    """``fill(folder)`` fills the file system holding ``folder``; returns the filler file."""
    import contextlib

    def fill_up(folder: Path) -> Path:
        filler = folder / "filler"
        with contextlib.suppress(OSError), open(filler, "wb") as out:
            while True:
                out.write(b"\0" * 4096)
                out.flush()
        return filler

    return fill_up
