"""The command line refuses in one line, never destroys an input, and writes private files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit import CheckinStore
from reflectkit.cli import main

CHECKINS = (
    "participant,date,mood,note\nP1,2024-03-02,5,a walk\nP1,2024-03-03,6,\nP2,2024-03-02,4,tea\n"
)


def run(*args: str, env_home: Path, umask: int | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, REFLECTKIT_HOME=str(env_home))
    exe = Path(sys.executable).parent / "reflectkit"

    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)

    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=set_umask,
    )


def one_line_refusal(result: subprocess.CompletedProcess | tuple[int, str]) -> str:
    code, err = (result.returncode, result.stderr) if not isinstance(result, tuple) else result
    assert code != 0
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("reflectkit:")]
    assert len(lines) == 1, err
    assert "something unexpected went wrong" not in err, err
    return lines[0]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    CheckinStore(folder).save_many([{"date": "2024-01-01", "mood": 5, "note": "mine"}])
    return folder


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    path = tmp_path / "raw.csv"
    path.write_text(CHECKINS)
    return path


# -- outputs ---------------------------------------------------------------------------------


def test_report_never_overwrites_the_store(home):
    store = CheckinStore(home).path
    before = store.read_bytes()
    line = one_line_refusal(run("report", "--out", str(store), "--force", env_home=home))
    assert "input of this command (or your check-in store)" in line
    assert store.read_bytes() == before


def test_anonymise_and_cohort_summary_never_overwrite_their_input(home, cohort, tmp_path):
    before = cohort.read_bytes()
    for args in (
        [
            "anonymise",
            str(cohort),
            "--out",
            str(cohort),
            "--key-file",
            str(tmp_path / "k.key"),
            "--force",
        ],
        [
            "anonymise",
            str(cohort),
            "--out",
            str(tmp_path / "a.csv"),
            "--key-file",
            str(tmp_path / "k.key"),
            "--report",
            str(cohort),
        ],
        ["cohort-summary", str(cohort), "--out", str(cohort), "--force"],
    ):
        line = one_line_refusal(run(*args, env_home=home))
        assert "also an input" in line
        assert cohort.read_bytes() == before


def test_an_output_that_is_a_link_is_refused(home, cohort, tmp_path):
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    line = one_line_refusal(
        run("cohort-summary", str(cohort), "--out", str(link), "--force", env_home=home)
    )
    assert "is a symbolic link" in line
    assert target.read_text() == "keep me" and link.is_symlink()


def test_an_existing_output_is_replaced_only_with_force(home, cohort, tmp_path):
    out = tmp_path / "weekly.csv"
    out.write_text("older results")
    line = one_line_refusal(run("cohort-summary", str(cohort), "--out", str(out), env_home=home))
    assert "already exists" in line and "--force" in line
    assert out.read_text() == "older results"
    done = run("cohort-summary", str(cohort), "--out", str(out), "--force", env_home=home)
    assert done.returncode == 0, done.stderr
    assert "older results" not in out.read_text()


def test_personal_outputs_are_private_whatever_the_umask(home, cohort, tmp_path):
    outputs = {
        "anon": tmp_path / "anon.csv",
        "report": tmp_path / "anon.md",
        "summary": tmp_path / "weekly.csv",
    }
    key = tmp_path / "keys" / "study.key"
    done = run(
        "anonymise",
        str(cohort),
        "--out",
        str(outputs["anon"]),
        "--key-file",
        str(key),
        "--report",
        str(outputs["report"]),
        env_home=home,
        umask=0,
    )
    assert done.returncode == 0, done.stderr
    assert (
        run(
            "cohort-summary", str(cohort), "--out", str(outputs["summary"]), env_home=home, umask=0
        ).returncode
        == 0
    )
    for path in [*outputs.values(), key]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.slow
def test_the_html_report_is_private_and_refuses_to_replace_a_file(home, tmp_path):
    out = tmp_path / "report.html"
    done = run("report", "--out", str(out), env_home=home, umask=0)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    line = one_line_refusal(run("report", "--out", str(out), env_home=home))
    assert "already exists" in line


def test_the_summary_csv_is_formula_safe_and_round_trips(home, tmp_path):
    from reflectkit.research.summary import load_weekly_summary

    path = tmp_path / "evil.csv"
    path.write_text(
        "participant,date,mood\n=HYPERLINK(\"http://x\"),2024-03-02,5\n+cmd|' /C calc'!A0,2024-03-02,6\n"
    )
    out = tmp_path / "weekly.csv"
    done = run("cohort-summary", str(path), "--out", str(out), env_home=home)
    assert done.returncode == 0, done.stderr
    for line in out.read_text().splitlines()[1:]:
        assert line[0] not in "=+-@", line
    back = load_weekly_summary(out)
    assert set(back["participant"]) == {'=HYPERLINK("http://x")', "+cmd|' /C calc'!A0"}


def test_sample_never_replaces_the_store_or_other_files(home, tmp_path):
    before = CheckinStore(home).path.read_bytes()
    for extra in ([], ["--force"]):
        line = one_line_refusal(run("sample", "--out", str(home), *extra, env_home=home))
        assert "your check-in store" in line or "already exists" in line
    assert CheckinStore(home).path.read_bytes() == before


# -- one-line refusals -----------------------------------------------------------------------


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


CASES = {
    "directory": (lambda t: _folder(t / "indir"), "is a folder"),
    "one-byte": (lambda t: _write(t / "x.csv", b"x"), "`date`"),
    "duplicate-header": (
        lambda t: _write(t / "x.csv", b"date,mood,mood\n2024-03-02,1,2\n"),
        "is the name of columns 2 and 3",
    ),
    "year-1": (
        lambda t: _write(t / "x.csv", b"date,mood\n0001-01-01,5\n"),
        "from 1900-01-01 to 2199-12-31",
    ),
    "year-9999": (
        lambda t: _write(t / "x.csv", b"date,mood\n9999-12-31,5\n"),
        "from 1900-01-01 to 2199-12-31",
    ),
    "ten-mb-line": (
        lambda t: _write(t / "x.csv", b"date,note\n2024-03-02," + b"x" * 10_000_000 + b"\n"),
        "MB long",
    ),
    "latin-1": (
        lambda t: _write(t / "x.csv", "date,note\n2024-03-02,café\n".encode("latin-1")),
        "not UTF-8 text: line 2",
    ),
    "missing": (lambda t: t / "nothere.csv", "No check-in file at"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
@pytest.mark.parametrize("command", ["validate", "report", "cohort-summary"])
def test_bad_inputs_get_one_line_naming_the_file(
    tmp_path, home, case, command, capsys, monkeypatch
):
    monkeypatch.setenv("REFLECTKIT_HOME", str(home))
    make, expected = CASES[case]
    if (command, case) == ("cohort-summary", "directory"):
        expected = "holds no .csv or .parquet files"  # a folder of CSVs is a cohort
    target = make(tmp_path)
    args = {
        "validate": [],
        "report": ["--out", str(tmp_path / "r.html")],
        "cohort-summary": ["--out", str(tmp_path / "w.csv")],
    }
    code = main([command, str(target), *args[command]])
    err = capsys.readouterr()
    text = err.err + err.out
    assert code == 1
    assert "Traceback" not in text and expected in text, text
    assert "something unexpected" not in text
    assert not (tmp_path / "r.html").exists() and not (tmp_path / "w.csv").exists()


def test_utf16_files_are_read_as_meant(write_csv, capsys):
    path = write_csv("date,mood,note\n2024-03-02,5,café\n".encode("utf-16"))
    assert main(["validate", str(path)]) == 0
    assert "1 check-in, no problems found" in capsys.readouterr().out


@pytest.mark.parametrize("period", ["1M", "0W", "soon", "-2D", "99999D"])
def test_a_bad_report_period_is_one_line(home, period, capsys, monkeypatch):
    monkeypatch.setenv("REFLECTKIT_HOME", str(home))
    assert main(["report", f"--period={period}"]) == 1
    err = capsys.readouterr().err
    assert one_line_refusal((1, err)).endswith(f"got {period!r}.")
    assert "Running the trends notebook" not in err


@pytest.mark.parametrize(
    ("app", "content", "expected"),
    [
        (
            "bearable",
            b'date,weekday,time of day,category,rating/amount,detail,notes\n"22nd Sep 2020",Tue,,Mood,lots,Good,\n',
            "line 2: `rating/amount`",
        ),
        (
            "fitbit",
            b"Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes\n1,4/12/2016,ten,1,2,3\n",
            "line 2: `TotalSteps`",
        ),
        (
            "fitbit",
            b"Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes\n1,13/45/2016,10,1,2,3\n",
            "line 2: `ActivityDate`",
        ),
    ],
)
def test_malformed_values_in_other_apps_exports_name_the_line(
    tmp_path, home, app, content, expected, capsys, monkeypatch
):
    monkeypatch.setenv("REFLECTKIT_HOME", str(home))
    before = CheckinStore(home).path.read_bytes()
    path = _write(tmp_path / "export.csv", content)
    assert main(["import", app, str(path)]) == 1
    line = one_line_refusal((1, capsys.readouterr().err))
    assert "export.csv" in line and expected in line
    assert CheckinStore(home).path.read_bytes() == before


def test_a_full_disk_is_named_as_such(tiny_disk, fill, cohort, home):
    disk = tiny_disk("64k")
    fill(disk)
    line = one_line_refusal(
        run("cohort-summary", str(cohort), "--out", str(disk / "w.csv"), env_home=home)
    )
    assert "is full" in line and "Invalid argument" not in line
    store_on_full_disk = disk / "home"
    line = one_line_refusal(run("import", "fitbit", str(cohort), env_home=store_on_full_disk))
    assert "Traceback" not in line


def test_ten_thousand_columns_load_in_linear_time(tmp_path):
    from reflectkit import load_checkins

    def timed(columns: int) -> float:
        names = ["date", *[f"extra_{i}" for i in range(columns)]]
        path = tmp_path / f"wide{columns}.csv"
        path.write_text(",".join(names) + "\n" + ",".join(["2024-03-02", *["1"] * columns]) + "\n")
        start = time.perf_counter()
        with pytest.warns(UserWarning):
            frame = load_checkins(path)
        assert frame.shape[1] == len(names) + 18
        return time.perf_counter() - start

    timed(200)
    small, large = timed(1_000), timed(10_000)
    assert large < 30 * small + 1.0  # linear would be 10x; quadratic 100x


# -- the property: whatever bytes a command is given, it answers in one line -------------------

SAMPLES = {
    "checkins": CHECKINS.encode(),
    "daylio": (
        b"full_date,date,weekday,time,mood,activities,note_title,note\n"
        b'2023-09-30,Sep 30,Saturday,11:32 PM,good,friends | walk,"","walk <br>home"\n'
        b"2023-09-29,Sep 29,Friday,9:05 AM,meh,,,\n"
    ),
    "bearable": (
        b"date,weekday,time of day,category,rating/amount,detail,notes\n"
        b'"22nd Sep 2020","Tuesday","03:00","Mood","6","Meh | Anxious",""\n'
        b'"22nd Sep 2020","Tuesday","","Sleep","7:45","Asleep 23:30 - 07:15",""\n'
        b'"23rd Sep 2020","Wednesday","mid","Factors","","No social contact","a quiet day"\n'
    ),
    "fitbit": b"Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes\n1,4/12/2016,10,1,2,3\n2,4/13/2016,0,0,0,0\n",
}


@st.composite
def damaged(draw, sample: bytes) -> bytes:
    """A sample with other line ends, another encoding, a cut, inserted bytes, or noise."""
    text = sample.decode()
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=300))
    return data


COMMANDS = {
    "validate": ("checkins", lambda f, t: ["validate", f]),
    "import daylio": ("daylio", lambda f, t: ["import", "daylio", f, "--mood-scale", "meh=5"]),
    "import bearable": ("bearable", lambda f, t: ["import", "bearable", f]),
    "import fitbit": ("fitbit", lambda f, t: ["import", "fitbit", f]),
    "anonymise": (
        "checkins",
        lambda f, t: [
            "anonymise",
            f,
            "--out",
            str(t / "a.csv"),
            "--key-file",
            str(t / "k.key"),
            "--force",
        ],
    ),
    "cohort-summary": (
        "checkins",
        lambda f, t: ["cohort-summary", f, "--out", str(t / "w.csv"), "--force"],
    ),
}


@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_bytes_get_an_answer_and_no_stored_row_is_lost(
    tmp_path_factory, command, data, capsys, monkeypatch
):
    folder = tmp_path_factory.mktemp("cli")
    home = folder / "home"
    store = CheckinStore(home)
    store.save_many(
        [{"date": "2024-01-01", "mood": 5, "note": "mine"}, {"date": "2024-01-02", "mood": 6}]
    )
    before = store.path.read_bytes()
    monkeypatch.setenv("REFLECTKIT_HOME", str(home))
    sample, build = COMMANDS[command]
    path = folder / "input.csv"
    path.write_bytes(data.draw(damaged(SAMPLES[sample])))
    code = main(build(str(path), folder))
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert "Traceback" not in out.err and "something unexpected" not in out.err, out.err
    if code == 1 and command != "validate":
        assert len([x for x in out.err.splitlines() if x.startswith("reflectkit:")]) == 1, out.err
    assert store.path.read_bytes().startswith(before)
    assert store.load()["note"].iloc[0] == "mine"


def test_an_output_inside_an_input_folder_is_refused(home, cohort, tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    (folder / "a.csv").write_text(CHECKINS)
    line = one_line_refusal(
        run("cohort-summary", str(folder), "--out", str(folder / "weekly.csv"), env_home=home)
    )
    assert "inside" in line and "input folder" in line


def test_an_output_naming_a_folder_is_refused(home, cohort, tmp_path):
    line = one_line_refusal(
        run("cohort-summary", str(cohort), "--out", f"{tmp_path}/new/", env_home=home)
    )
    assert "names a folder" in line


def test_output_folders_are_made_private(home, cohort, tmp_path):
    out = tmp_path / "made" / "here" / "weekly.csv"
    assert (
        run("cohort-summary", str(cohort), "--out", str(out), env_home=home, umask=0).returncode
        == 0
    )
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "made" / "here").stat().st_mode) == 0o700


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("date\tmood\n2024-03-02\t5\n".encode("utf-16"), "tab-separated"),
        (
            "date,mood\n2024-03-02,5\n".encode("utf-16-le"),
            "UTF-16 or UTF-32 without a byte-order mark",
        ),
        ("date,mood\n2024-03-02,5\n".encode("utf-32"), "UTF-16 or UTF-32"),
        (b"date,,column_2\n2024-03-02,x,y\n", "no problems"),
        (b"date,mood\n1899-12-31,5\n", "got '1899-12-31'"),
    ],
)
def test_odd_files_are_named_plainly(write_csv, content, expected, capsys):
    path = write_csv(content)
    main(["validate", str(path)])
    out = capsys.readouterr()
    assert expected in out.out + out.err and "Traceback" not in out.err
    assert "something unexpected" not in out.err


def test_a_duplicate_column_far_into_a_wide_header_is_named(write_csv, capsys):
    names = ["date", *[f"c{i:06d}" for i in range(12_000)], "c000001"]
    path = write_csv(
        (
            ",".join(names) + "\n" + ",".join(["2024-03-02"] + ["1"] * (len(names) - 1)) + "\n"
        ).encode()
    )
    assert main(["validate", str(path)]) == 1
    assert "is the name of columns 3 and 12002" in capsys.readouterr().out
