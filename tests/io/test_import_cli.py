"""`reflectkit import` as a person uses it: moods asked in a terminal, re-import, undo, people."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflectkit import CheckinStore
from reflectkit.cli import main
from reflectkit.cli.importing import ask_moods

DATA = Path(__file__).resolve().parents[1] / "data" / "imports"
EXE = Path(sys.executable).parent / "reflectkit"
CUSTOM = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2024-03-03,x,x,9:00 PM,Solid,friends,,\n"
    "2024-03-02,x,x,9:00 PM,almost Rad,,,\n"
    "2024-03-01,x,x,9:00 PM,Solid,,,\n"
    "2024-02-29,x,x,9:00 PM,good,,,\n"
)
ACTIVITY = (
    "Id,ActivityDate,TotalSteps,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes\n"
    "111,4/12/2016,100,1,2,3\n111,4/13/2016,100,1,2,3\n222,4/12/2016,100,1,2,3\n"
)


def refusal(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("reflectkit:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


# -- custom moods --------------------------------------------------------------------------


def test_without_a_terminal_the_exact_command_is_printed_with_placeholders(home, write_csv, capsys):
    path = write_csv(CUSTOM, "my export.csv")
    assert main(["import", "daylio", str(path)]) == 1
    line = refusal(capsys.readouterr().err)
    assert line == (
        "reflectkit: Unknown Daylio moods in my export.csv: 'Solid' (2x), 'almost Rad' (1x). "
        "Place each on the 1-10 mood scale and run again: "
        f"reflectkit import daylio '{path}' --mood-scale 'Solid=N,almost Rad=N' "
        "(each N a number from 1 to 10; Daylio's own moods sit at awful=1, bad=3.25, "
        "meh=5.5, good=7.75, rad=10)"
    )
    assert not CheckinStore().path.exists()


def test_the_command_keeps_the_moods_already_given_and_the_store(tmp_path, write_csv, capsys):
    path = write_csv(CUSTOM, "export.csv")
    target = tmp_path / "mine"
    main(["import", "daylio", str(path), "--mood-scale", "Solid=7", "--to", str(target)])
    line = refusal(capsys.readouterr().err)
    assert f"reflectkit import daylio {path} --to {target} --mood-scale 'Solid=7,almost Rad=N'" in (
        line
    )


@pytest.mark.parametrize(
    ("scale", "expected"),
    [
        ("Solid=12", "--mood-scale 'Solid=12': give a number from 1 to 10 for 'Solid'"),
        ("Solid=N", "--mood-scale 'Solid=N': replace N with a number from 1 to 10 for 'Solid'"),
        ("Solid", "--mood-scale takes LABEL=NUMBER pairs separated by commas"),
        ("=7", "--mood-scale takes LABEL=NUMBER pairs"),
    ],
)
def test_a_wrong_mood_scale_names_the_flag(home, write_csv, capsys, scale, expected):
    path = write_csv(CUSTOM, "export.csv")
    assert main(["import", "daylio", str(path), "--mood-scale", scale]) == 1
    line = refusal(capsys.readouterr().err)
    assert expected in line and "in Daylio" not in line


def test_ask_moods_asks_for_each_until_it_gets_a_number():
    answers = iter(["seven", "12", " 7 ", "9,5"])
    asked: list[str] = []
    said: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    scale = ask_moods({"Solid": 2, "almost Rad": 1}, ask=ask, say=said.append)
    assert scale == {"Solid": 7.0, "almost Rad": 9.5}
    assert asked[0] == "Where does 'Solid' (2 entries) sit, from 1 to 10? "
    assert asked[-1] == "Where does 'almost Rad' (1 entry) sit, from 1 to 10? "
    assert "awful=1, bad=3.25, meh=5.5, good=7.75, rad=10" in said[1]
    assert sum("Please type a number from 1 to 10" in s for s in said) == 2


def _in_a_terminal(args: list[str], answers: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the command with a pseudo-terminal for input and output, answering each prompt."""
    master, slave = os.openpty()
    proc = subprocess.Popen(
        [str(EXE), *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    output, sent = b"", 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if sent < len(answers) and output.count(b"from 1 to 10? ") > sent:
            os.write(master, answers[sent].encode() + b"\n")
            sent += 1
        if proc.poll() is not None and not ready:
            break
    os.close(master)
    return proc.wait(timeout=30), output.decode(errors="replace").replace("\r\n", "\n")


def test_in_a_terminal_each_unknown_mood_is_asked_for(tmp_path, write_csv):
    home = tmp_path / "home"
    path = write_csv(CUSTOM, "export.csv")
    env = dict(os.environ, REFLECTKIT_HOME=str(home))
    code, out = _in_a_terminal(["import", "daylio", str(path)], ["7", "eleven", "9"], env)
    assert code == 0, out
    assert "Daylio's own moods sit at awful=1, bad=3.25, meh=5.5, good=7.75, rad=10." in out
    assert "Where does 'Solid' (2 entries) sit, from 1 to 10?" in out
    assert "Please type a number from 1 to 10" in out  # after "eleven"
    assert "--mood-scale 'Solid=7,almost Rad=9'" in out  # how to skip the questions next time
    assert "0 days already there, 4 new" in out
    moods = CheckinStore(home).load().set_index("date")["mood"]
    assert moods.tolist() == [7.75, 7.0, 9.0, 7.0]


# -- importing again, undo, history --------------------------------------------------------------


def test_importing_twice_says_what_is_already_there_then_undo_and_history(home, write_csv, capsys):
    path = write_csv(CUSTOM, "export.csv")
    args = ["import", "daylio", str(path), "--mood-scale", "Solid=7,almost rad=9"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "Imported 4 check-ins from export.csv" in first and "0 days already there, 4 new" in (
        first
    )
    assert "'friends' -> contact 'time together' on 1 day" in first
    assert "To take this import back: reflectkit import --undo" in first
    assert main(args) == 0
    assert "Imported 0 check-ins from export.csv into" in (again := capsys.readouterr().out)
    assert "4 days already there, 0 new." in again and "--undo" not in again
    assert main(["import", "--history"]) == 0
    history = capsys.readouterr().out
    assert "daylio  export.csv: 4 new, 0 changed, 0 already there" in history
    assert main(["import", "--undo"]) == 0
    undone = capsys.readouterr().out
    assert "Took back the import of export.csv (daylio," in undone
    assert "Nothing was deleted" in undone
    assert CheckinStore().load().empty
    assert main(["import", "--undo"]) == 1
    assert "Nothing to undo" in refusal(capsys.readouterr().err)
    assert main(["import", "--history"]) == 0
    assert "taken back" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import"], "name the app and its export"),
        (["import", "daylio"], "name the app and its export"),
        (["import", "--undo", "daylio"], "--undo and --history stand alone"),
        (["import", "--undo", "--history"], "--undo and --history stand alone"),
    ],
)
def test_incomplete_import_commands_are_one_line(home, capsys, args, expected):
    assert main(args) == 1
    assert expected in refusal(capsys.readouterr().err)


# -- a file with many people ----------------------------------------------------------------------


def test_a_file_with_many_people_is_not_poured_into_a_personal_store(home, write_csv, capsys):
    path = write_csv(ACTIVITY, "dailyActivity_merged.csv")
    assert main(["import", "fitbit", str(path)]) == 1
    err = capsys.readouterr().err
    line = refusal(err)
    assert "dailyActivity_merged.csv holds 2 people" in line
    assert "--participant ID" in line and "--to cohort.csv" in line
    assert "  111: 2 days\n  222: 1 day\n" in err
    assert not CheckinStore().path.exists()


def test_one_participant_goes_into_the_personal_store_without_its_code(home, write_csv, capsys):
    path = write_csv(ACTIVITY, "dailyActivity_merged.csv")
    assert main(["import", "fitbit", str(path), "--participant", "111"]) == 0
    frame = CheckinStore().load()
    assert len(frame) == 2 and frame["participant"].isna().all()
    assert main(["import", "fitbit", str(path), "--participant", "999"]) == 1
    assert "has no participant '999'; its participants: 111, 222" in capsys.readouterr().err


def test_all_participants_go_into_a_cohort_file(home, write_csv, tmp_path, capsys):
    path = write_csv(ACTIVITY, "dailyActivity_merged.csv")
    cohort = tmp_path / "study" / "cohort.csv"
    assert main(["import", "fitbit", str(path), "--to", str(cohort)]) == 0
    assert sorted(CheckinStore(cohort).load()["participant"].unique()) == ["111", "222"]
    assert (tmp_path / "study" / "cohort-imports.csv").is_file()


# -- the new sources on the command line --------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "path", "expected"),
    [
        ("applehealth", DATA / "applehealth_export.xml", "0 days already there, 2 new"),
        ("googlefit", DATA / "googlefit_daily_activity_metrics.csv", "3 new"),
        ("loop", DATA / "loop_habits_csv.zip", "3 new"),
    ],
)
def test_new_sources_import_and_say_what_they_left_out(home, capsys, app, path, expected):
    assert main(["import", app, str(path)]) == 0
    out = capsys.readouterr().out
    assert expected in out and "Not stored (the check-ins have no column for them)" in out
    assert main(["import", app, str(path)]) == 0
    assert " 0 new" in capsys.readouterr().out


SAMPLES = {
    "applehealth": (DATA / "applehealth_export.xml").read_bytes(),
    "googlefit": (DATA / "googlefit_daily_activity_metrics.csv").read_bytes(),
    "loop": (DATA / "loop" / "Checkmarks.csv").read_bytes(),
}


@st.composite
def damaged(draw, sample: bytes) -> bytes:
    """A sample cut short, with bytes inserted, in another encoding, or replaced by noise."""
    data = sample
    if draw(st.booleans()):
        data = data.decode().encode(draw(st.sampled_from(["utf-16", "latin-1", "utf-8-sig"])))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=20)) + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=300))
    return data


@pytest.mark.parametrize("app", SAMPLES)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_bytes_get_an_answer_and_no_stored_row_is_lost(
    tmp_path_factory, app, data, capsys, monkeypatch
):
    folder = tmp_path_factory.mktemp("cli")
    store = CheckinStore(folder / "home")
    store.save_many([{"date": "2024-01-01", "mood": 5, "note": "mine"}])
    before = store.path.read_bytes()
    monkeypatch.setenv("REFLECTKIT_HOME", str(folder / "home"))
    path = folder / ("export.xml" if app == "applehealth" else "export.csv")
    path.write_bytes(data.draw(damaged(SAMPLES[app])))
    code = main(["import", app, str(path)])
    out = capsys.readouterr()
    assert code in (0, 1), out.err
    assert "Traceback" not in out.err and "something unexpected" not in out.err, out.err
    if code == 1:
        refusal(out.err)
    assert store.path.read_bytes().startswith(before)
    assert store.load()["note"].iloc[0] == "mine"
