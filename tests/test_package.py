"""reflectkit as a package: the wheel and the sdist, installed as a person installs them."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from reflectkit import paths
from reflectkit._version import __version__

ROOT = Path(__file__).resolve().parents[1]
KIT_FILES = sorted(
    [
        *(f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("*.ipynb")),
        *(f"sample_data/{p.name}" for p in (ROOT / "sample_data").glob("*.csv")),
        *(f"sample_data/{p.name}" for p in (ROOT / "sample_data").glob("*.md")),
    ]
)

# -- environment.yml says what pyproject.toml says ------------------------------------------

#: PyPI name -> conda-forge name, where they differ (extras such as dask[dataframe] drop)
CONDA_NAMES = {"matplotlib": "matplotlib-base", "build": "python-build"}
ENVIRONMENT_LINE = re.compile(r"^  - (?P<name>[A-Za-z0-9_.-]+)(?P<spec>[<>=!~][^#\s]*)?\s*(#.*)?$")


def pyproject_ranges() -> dict[str, SpecifierSet]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    ranges = {"python": SpecifierSet(project["requires-python"])}
    for text in [*project["dependencies"], *extras]:
        requirement = Requirement(text)
        if requirement.name == "reflectkit":  # reflectkit[research]: listed in its own extra
            continue
        ranges[CONDA_NAMES.get(requirement.name, requirement.name)] = requirement.specifier
    return ranges


def environment_ranges() -> dict[str, SpecifierSet]:
    lines = (ROOT / "environment.yml").read_text().splitlines()
    start = lines.index("dependencies:") + 1
    ranges = {}
    for line in lines[start:]:
        if not line.strip() or line.lstrip().startswith("#") or line in ("  - pip", "  - pip:"):
            continue
        if line.startswith("      - "):  # the pip: block
            assert line == "      - -e .", f"environment.yml installs more than the kit: {line}"
            continue
        found = ENVIRONMENT_LINE.match(line)
        assert found, f"environment.yml: cannot read {line!r}"
        ranges[found["name"]] = SpecifierSet(found["spec"] or "")
    return ranges


def test_environment_yml_pins_the_same_ranges_as_pyproject():
    conda, pip = environment_ranges(), pyproject_ranges()
    assert sorted(conda) == sorted(pip), "packages in only one of the two files"
    differ = {name: (str(pip[name]), str(conda[name])) for name in pip if pip[name] != conda[name]}
    assert not differ, f"ranges differ (pyproject, environment.yml): {differ}"


# -- a checkout finds its own folders; an installed package never writes into itself ---------


def test_a_checkout_uses_its_own_notebooks_and_sample_data(monkeypatch):
    monkeypatch.delenv(paths.SAMPLE_VARIABLE, raising=False)
    assert paths.installed_kit() is None  # the build adds _kit/; the checkout never has it
    assert paths.notebooks_folder() == ROOT / "notebooks"
    assert paths.sample_data_folder() == ROOT / "sample_data"
    assert paths.sample_output_folder() == ROOT / "sample_data"  # what `make sample` rewrites


def test_an_installed_package_reads_its_kit_and_sample_needs_out(tmp_path, monkeypatch, capsys):
    from reflectkit.cli import main

    kit = tmp_path / "site-packages" / "reflectkit" / "_kit"
    (kit / "notebooks").mkdir(parents=True)
    (kit / "sample_data").mkdir()
    monkeypatch.setattr(paths, "installed_kit", lambda: kit)
    monkeypatch.setattr(paths, "package_folder", lambda: kit.parent)
    monkeypatch.delenv(paths.SAMPLE_VARIABLE, raising=False)
    monkeypatch.setenv("REFLECTKIT_HOME", str(tmp_path / "home"))
    assert paths.notebooks_folder() == kit / "notebooks"
    assert paths.sample_data_folder() == kit / "sample_data"
    assert paths.sample_output_folder() is None

    assert main(["sample"]) == 1
    assert "add --out FOLDER" in capsys.readouterr().err
    assert main(["sample", "--out", str(kit / "sample_data")]) == 1
    assert "inside the installed reflectkit package" in capsys.readouterr().err
    assert not any((kit / "sample_data").iterdir())
    assert main(["sample", "--out", str(tmp_path / "mine")]) == 0
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["checkins.csv", "cohort.csv"]


def test_a_missing_kit_folder_says_how_to_fix_it(tmp_path, monkeypatch):
    from reflectkit.errors import ReflectkitError

    monkeypatch.setattr(paths, "installed_kit", lambda: tmp_path)
    with pytest.raises(ReflectkitError, match=r"notebooks are missing .* Reinstall reflectkit"):
        paths.notebooks_folder()


# -- the wheel and the sdist ------------------------------------------------------------------


def run(command: list[str], *, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; fail with its output if it fails."""
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kwargs
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel built from it (as `python -m build` does), and a wheel built
    straight from the checkout (as `pip install .` does)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out / "release"), str(ROOT)])
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out / "direct"), str(ROOT)])
    (sdist,) = (out / "release").glob("reflectkit-*.tar.gz")
    (wheel,) = (out / "release").glob("reflectkit-*-py3-none-any.whl")
    (direct,) = (out / "direct").glob("reflectkit-*.whl")
    return {"sdist": sdist, "wheel": wheel, "direct": direct}


@pytest.mark.slow
def test_the_wheel_carries_the_kit_its_types_and_its_licence(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        for file in KIT_FILES:  # byte for byte the repository's files
            assert wheel.read(f"reflectkit/_kit/{file}") == (ROOT / file).read_bytes(), file
        assert "reflectkit/py.typed" in names
        assert f"reflectkit-{__version__}.dist-info/licenses/LICENSE" in names
        metadata = wheel.read(f"reflectkit-{__version__}.dist-info/METADATA").decode()
    kit = sorted(n.removeprefix("reflectkit/_kit/") for n in names if "/_kit/" in n)
    assert kit == KIT_FILES  # nothing else (no checkpoints, no outputs)
    assert not [n for n in names if not n.startswith(("reflectkit/", "reflectkit-"))]
    with zipfile.ZipFile(dist["direct"]) as direct:
        assert set(direct.namelist()) == names  # from the sdist or the checkout: one wheel
    assert "License-Expression: MIT" in metadata and "License-File: LICENSE" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    assert "Project-URL" not in metadata  # none exist yet: none made up
    assert f"Version: {__version__}" in metadata


@pytest.mark.slow
def test_the_sdist_holds_what_a_complete_wheel_is_built_from(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert set(KIT_FILES) <= names
    assert {
        "pyproject.toml",
        "hatch_build.py",
        "LICENSE",
        "README.md",
        "reflectkit/py.typed",
    } <= names
    assert not [n for n in names if n.startswith(("test-artifacts/", ".hypothesis/", ".venv/"))]
    assert not [n for n in names if "__pycache__" in n or ".ipynb_checkpoints" in n]


@pytest.mark.slow
def test_twine_accepts_the_metadata(dist):
    result = run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist.values())])
    assert result.stdout.count("PASSED") == 3, result.stdout


# -- installed in a fresh virtual environment, run from elsewhere ------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> dict:
    """A fresh venv with only the wheel and its dependencies, and a place to run it from."""
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    # this environment's pip installs into the new one (no pip of its own), without compiling
    # every module of every dependency up front: Python compiles what it imports
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-compile"]
    run([*pip, str(dist["wheel"])])
    work = base / "work"
    work.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "REFLECTKIT_", "JUPYTER_", "MPL"))
    }
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONNOUSERSITE="1",
        REFLECTKIT_HOME=str(base / "home"),
        JUPYTER_CONFIG_DIR=str(base / "jupyter-config"),
        JUPYTER_DATA_DIR=str(base / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(base / "jupyter-runtime"),
        MPLCONFIGDIR=str(base / "matplotlib"),
    )
    return {"venv": venv, "work": work, "env": env, "home": base / "home"}


def kit(installed, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed `reflectkit` from the work folder."""
    command = [str(installed["venv"] / "bin" / "reflectkit"), *args]
    return run(command, cwd=installed["work"], env=installed["env"], timeout=timeout)


@pytest.mark.slow
def test_the_installed_package_is_the_wheel_not_this_checkout(installed):
    site = installed["venv"] / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    code = "import reflectkit, reflectkit.paths as p; print(reflectkit.__file__, p.installed_kit())"
    found = run(
        [str(installed["venv"] / "bin" / "python"), "-c", code],
        cwd=installed["work"],
        env=installed["env"],
    ).stdout.split()
    assert found[0].startswith(str(site / "site-packages" / "reflectkit"))
    assert found[1] == str(site / "site-packages" / "reflectkit" / "_kit")
    assert kit(installed, "--version").stdout.strip() == f"reflectkit {__version__}"


@pytest.mark.slow
def test_sample_validate_and_report_run_from_the_installed_package(installed):
    out = installed["work"] / "sample"
    kit(installed, "sample", "--out", str(out))
    for name in ("checkins.csv", "cohort.csv"):
        assert (out / name).read_bytes() == (ROOT / "sample_data" / name).read_bytes()
        assert "no problems found" in kit(installed, "validate", str(out / name)).stdout
    kit(installed, "report", str(out / "checkins.csv"), "--out", "report.html")
    kit(installed, "report", "--sample", "--out", "sample.html")  # the package's own copy
    for page in ("report.html", "sample.html"):
        text = (installed["work"] / page).read_text()
        assert text.count('<img class="chart"') >= 5, page
    refused = subprocess.run(
        [str(installed["venv"] / "bin" / "reflectkit"), "sample"],
        cwd=installed["work"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1 and "add --out FOLDER" in refused.stderr


@pytest.fixture
def started(installed) -> Iterator:
    """Start an installed command in its own process group; stop the group afterwards."""
    processes = []

    def start(*args: str) -> tuple[subprocess.Popen, Path]:
        log = installed["work"] / f"{args[0]}-{len(processes)}.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [str(installed["venv"] / "bin" / "reflectkit"), *args],
                cwd=installed["work"],
                env=installed["env"],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        processes.append(process)
        return process, log

    yield start
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def wait_for(pattern: str, process: subprocess.Popen, log: Path, *, seconds: float = 150) -> str:
    """The first match of ``pattern`` in the log of a running command."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text())
        if found:
            return found[1]
        assert process.poll() is None, f"stopped early:\n{log.read_text()}"
        time.sleep(0.3)
    raise AssertionError(f"no {pattern!r} within {seconds} s:\n{log.read_text()}")


def get(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
    with opener.open(url, timeout=150) as response:
        return response.status, response.read().decode()


@pytest.mark.slow
def test_the_installed_app_answers_its_address_with_the_check_in_form(installed, started):
    port = free_port()
    process, log = started("app", "--no-browser", f"--port={port}")
    url = wait_for(rf"Open (http://127\.0\.0\.1:{port}/\?token=\S+) to check in", process, log)
    status, page = get(url)
    assert status == 200
    assert "Daily check-in" in page  # the kit's notebook, found inside the package


@pytest.mark.slow
def test_the_installed_lab_opens_a_private_workspace_with_the_kits_notebooks(installed, started):
    port = free_port()
    process, log = started("lab", "--no-browser", f"--port={port}")
    token = wait_for(rf"http://127\.0\.0\.1:{port}/lab\?token=(\w+)", process, log)
    workspace = installed["home"] / "notebooks"
    assert f"Opening JupyterLab on {workspace}" in log.read_text()
    assert stat.S_IMODE(workspace.stat().st_mode) == 0o700
    status, listing = get(f"http://127.0.0.1:{port}/api/contents?token={token}")
    assert status == 200
    served = sorted(item["name"] for item in json.loads(listing)["content"])
    assert served == [f.removeprefix("notebooks/") for f in KIT_FILES if f.endswith(".ipynb")]
    for notebook in workspace.glob("*.ipynb"):
        assert stat.S_IMODE(notebook.stat().st_mode) == 0o600


@pytest.mark.slow
def test_an_editable_install_uses_the_checkout_and_copies_nothing(tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-e",
            str(ROOT),
        ]
    )
    site = next((venv / "lib").glob("python*/site-packages"))
    assert not (site / "reflectkit").exists()  # no stale copy of notebooks or sample data
    (pth,) = site.glob("*reflectkit*.pth")
    assert pth.read_text().split() == [str(ROOT)]


def test_every_public_name_loads_and_the_package_alone_loads_no_pandas():
    import reflectkit

    assert set(reflectkit.__all__) == {*reflectkit._HOMES, "__version__"}
    for name in reflectkit.__all__:
        assert getattr(reflectkit, name) is not None
    code = "import sys, reflectkit; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
