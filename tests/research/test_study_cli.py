"""`reflectkit import mpath|openesm|diary` and `reflectkit study-report`: private files, one-line
refusals, and notebooks 10 and 11 running unchanged on an m-Path export and StudentLife."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reflectkit.cli import main
from reflectkit.research import load_study
from reflectkit.research.studyreport import STEPS

DATA = Path(__file__).resolve().parents[1] / "data" / "mpath"
ROOT = Path(__file__).resolve().parents[2]
CODEBOOKS = ROOT / "reflectkit" / "research" / "codebooks"
PROMPTS = "main_questionnaire=10,evening_questionnaire=1"


@pytest.fixture
def imported(tmp_path, home):
    out = tmp_path / "study.csv"
    code = main(
        [
            "import",
            "mpath",
            str(DATA / "example_basic_slice.csv"),
            "--meta",
            str(DATA / "example_meta.csv"),
            "--to",
            str(out),
            "--prompts",
            PROMPTS,
        ]
    )
    assert code == 0
    return out


def test_an_import_writes_the_study_and_its_codebook_privately(imported):
    book = imported.with_name("study.codebook.csv")
    assert oct(os.stat(imported).st_mode & 0o777) == oct(os.stat(book).st_mode & 0o777) == "0o600"
    study = load_study(imported, book)
    assert study.codebook.design.prompts == (
        ("main_questionnaire", 10),
        ("evening_questionnaire", 1),
    )
    assert study.data["slider_happy"].notna().sum() == 12 + 13 + 3  # main beeps, by hand


def test_a_study_import_needs_to_and_never_overwrites(tmp_path, home, imported, capsys):
    basic = str(DATA / "example_basic_slice.csv")
    assert main(["import", "mpath", basic]) == 1
    assert "add --to STUDY.csv" in capsys.readouterr().err
    assert main(["import", "mpath", basic, "--to", str(imported)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["import", "diary", basic, "--to", str(tmp_path / "d.csv")]) == 1
    assert "needs --codebook" in capsys.readouterr().err


def test_the_study_report_is_a_private_page_without_scripts(tmp_path, imported, capsys):
    out = tmp_path / "report.html"
    args = [
        "study-report",
        str(imported),
        "--codebook",
        str(imported.with_name("study.codebook.csv")),
        "--out",
        str(out),
        "--outcome",
        "slider_happy",
        "--predictor",
        "slider_relaxed",
    ]
    assert main(args) == 0
    page = out.read_text()
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    assert "<h1>Study report</h1>" in page and "<script" not in page
    assert "At prompts with one unit more slider relaxed" in page
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert main([*args[:-4], "--outcome", "nonsense", "--force"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reflectkit: `nonsense` is not a numeric item") and err.count("\n") == 1


def test_the_report_makes_the_calls_the_notebooks_make():
    text = "".join(
        (ROOT / "notebooks" / name).read_text()
        for name in ("10_cohort_overview.ipynb", "11_sleep_and_mood.ipynb")
    )
    missing = [step for step in STEPS if f"{step}(" not in text]
    assert not missing, f"the notebooks do not call {missing}"


papermill = pytest.importorskip("papermill")


def run(notebook: str, tmp_path: Path, **parameters) -> None:
    papermill.execute_notebook(
        str(ROOT / "notebooks" / notebook),
        str(tmp_path / notebook),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )


@pytest.mark.slow
def test_the_notebooks_run_unchanged_on_an_m_path_export(tmp_path, imported):
    book = str(imported.with_name("study.codebook.csv"))
    run("10_cohort_overview.ipynb", tmp_path, data_path=str(imported), codebook_path=book)
    run(
        "11_sleep_and_mood.ipynb",
        tmp_path,
        data_path=str(imported),
        codebook_path=book,
        outcome="slider_happy",
        predictor="slider_relaxed",
    )


@pytest.mark.slow
def test_the_notebooks_run_unchanged_on_the_studentlife_panel(tmp_path, realdata, home):
    panel = realdata / "studentlife_daily" / "studentlife_daily_data_cleaned_w_sameday_08282021.csv"
    book = str(CODEBOOKS / "studentlife_daily.csv")
    run("10_cohort_overview.ipynb", tmp_path, data_path=str(panel), codebook_path=book)
    run(
        "11_sleep_and_mood.ipynb",
        tmp_path,
        data_path=str(panel),
        codebook_path=book,
        outcome="ema_Mood_happy",
        predictor="ema_Sleep_hour",
    )
