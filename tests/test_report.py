"""`reflectkit report` run as a person runs it: one-line refusals, a labelled sample, a private page."""

from __future__ import annotations

import base64
import html
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reflectkit import CheckinStore
from reflectkit.report.page import SAMPLE_LABEL
from reflectkit.report.sections import SUPPORT_HEADING, chart_count

ROOT = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable).parent / "reflectkit"
SVG_URI = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')
LABEL = html.escape(SAMPLE_LABEL)  # as the page writes it: person&#x27;s


def report(*args: str, home: Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXE), "report", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "REFLECTKIT_HOME": str(home)},
    )


def one_line(result: subprocess.CompletedProcess) -> str:
    """The single ``reflectkit: ...`` line of a refusal (and nothing else on stderr)."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "something unexpected" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reflectkit: "), result.stderr
    return lines[0]


def diary(path: Path) -> Path:
    """Six weeks of one person's check-ins, with a gap, written like the store writes them."""
    rng = np.random.default_rng(5)
    dates = pd.date_range("2025-02-03", periods=42)
    keep = np.ones(42, dtype=bool)
    keep[20:24] = False
    pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "sleep_hours": np.round(rng.normal(7, 0.8, 42), 1),
            "bedtime": "23:30",
            "wake_time": "07:00",
            "movement_minutes": rng.integers(0, 40, 42),
            "mood": rng.integers(3, 8, 42),
            "feeling_access": rng.integers(2, 8, 42),
            "moments": rng.choice(["calm", "mild interest; laughter", ""], 42),
            "social_contact": rng.choice(["none", "message", "conversation"], 42),
        }
    )[keep].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")  # an empty store


@pytest.fixture(scope="module")
def file_report(tmp_path_factory, home) -> tuple[subprocess.CompletedProcess, Path]:
    folder = tmp_path_factory.mktemp("file-report")
    data = diary(folder / "my diary.csv")
    out = folder / "share" / "report.html"
    return report(str(data), "--out", str(out), home=home), out


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, home) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("sample-report") / "sample.html"
    return report("--sample", "--out", str(out), home=home), out


def svgs(page: str) -> list[str]:
    return [base64.b64decode(data).decode() for data in SVG_URI.findall(page)]


# -- refusals ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_empty_store_is_refused_in_one_line_that_offers_the_sample(home, tmp_path):
    out = tmp_path / "report.html"
    line = one_line(report("--out", str(out), home=home))
    assert "You have no check-ins yet" in line
    assert "`reflectkit report --sample`" in line and "made-up sample data" in line
    assert not out.exists() and not list(tmp_path.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("date,mood\n", "holds no check-ins yet, so there is nothing to put in a report"),
        (
            "participant,date,mood\nP1,2024-03-02,5\nP2,2024-03-02,4\n",
            "holds the check-ins of 2 participants, and a report shows one person's",
        ),
    ],
    ids=["no-rows", "a-cohort"],
)
def test_a_file_with_nothing_to_report_is_refused_in_one_line(home, tmp_path, content, expected):
    data = tmp_path / "checkins.csv"
    data.write_text(content)
    line = one_line(report(str(data), "--out", str(tmp_path / "r.html"), home=home))
    assert expected in line and str(data) in line
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nothere.csv"], "No check-in file at"),
        (["--period", "1M"], "A period is a number of days or weeks, like 14D or 4W"),
        (["--sample", "x.csv"], "--sample makes a report of the kit's made-up sample data"),
        (["--sample", "--colour"], "unrecognized arguments: --colour"),
    ],
    ids=["missing-file", "bad-period", "sample-and-data", "unknown-option"],
)
def test_mistakes_are_one_line(home, tmp_path, args, expected):
    result = report(*args, "--out", str(tmp_path / "r.html"), home=home, cwd=tmp_path)
    if "unrecognized" in expected:  # a usage mistake: exit 2, like every command
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert expected in result.stderr
        return
    assert expected in one_line(result)


# -- a real file -------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_report_of_a_file_is_one_private_static_page(file_report):
    result, out = file_report
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {out} (readable only by you; share it only if you choose to).\n"
    # progress: one tidy line; no kernel, no progress bar, no warnings
    assert result.stderr == f"Drawing {chart_count()} charts... done\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    page = out.read_text()
    assert "<script" not in page.lower() and "<pre" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//""", page)
    assert "default-src 'none'" in page  # and the browser is told to load nothing else
    for svg in svgs(page):
        assert not re.search(r"href=\"(https?:)?//", svg)
        assert "<script" not in svg and "<!DOCTYPE" not in svg


@pytest.mark.slow
def test_the_page_says_whose_check_ins_which_dates_and_when_it_was_made(file_report):
    page = file_report[1].read_text()
    header = page.split("<header>")[1].split("</header>")[0]
    assert "<dt>Check-ins</dt><dd>from my diary.csv</dd>" in header
    assert "<dt>Dates</dt><dd>3 February 2025 to 16 March 2025</dd>" in header
    assert re.search(
        r"<dt>Report made</dt><dd>\d{1,2} [A-Z][a-z]+ 20\d\d at \d\d:\d\d</dd>", header
    )
    assert "<title>My trends, 3 February 2025 to 16 March 2025</title>" in page
    assert LABEL not in page and "made-up" not in page.lower()


@pytest.mark.slow
def test_every_chart_has_alt_text_and_a_visible_caption(file_report):
    page = file_report[1].read_text()
    figures = re.findall(
        r'<figure><img class="chart" alt="([^"]+)" src="data:image/svg\+xml;base64,[^"]+" '
        r'width="\d+" height="\d+"><figcaption aria-hidden="true">([^<]+)</figcaption></figure>',
        page,
    )
    missing = re.findall(
        r'<p class="missing">Not in these check-ins, so not shown: ([^<]+)\.</p>', page
    )
    left_out = missing[0].split(", ") if missing else []
    assert figures and len(figures) + len(left_out) == chart_count()  # nothing drawn empty
    for alt, caption in figures:
        assert alt == caption and alt.endswith(".") and len(alt) > 30


@pytest.mark.slow
def test_the_summary_is_prose_and_the_page_ends_with_where_to_find_support(file_report):
    page = file_report[1].read_text()
    words = page.split("<h2>In words</h2>")[1].split("</section>")[0]
    paragraphs = re.findall(r"<p>(.+?)</p>", words, re.DOTALL)
    assert paragraphs and "4 weeks up to 16 March 2025" in paragraphs[0]
    support = page.split(f"<h2>{SUPPORT_HEADING}</h2>")[1]
    assert "a doctor, a therapist or a local crisis line can help" in support
    text = re.sub(r"<[^>]+>|data:[^\"]+", " ", page).lower()
    for word in ("streak", "missed", "failed", "broke", "bad day", "should", "must"):
        assert not re.search(rf"\b{word}\b", text), word


# -- the sample --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_sample_report_is_labelled_on_every_page_and_next_to_every_chart(sample_report):
    result, out = sample_report
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Wrote {out}, a report of made-up sample data.\n"
    page = out.read_text()
    assert "<title>My trends, 5 January 2026 to 3 July 2026 (sample data)</title>" in page
    body = page.split("<body>")[1]
    assert body.index(LABEL) < body.index("<h1>")  # before anything else
    assert "<dt>Check-ins</dt><dd>made-up sample data</dd>" in page
    # printed: in the top margin of every page
    assert re.search(r"@page \{ @top-center \{ content: \"Made-up sample data", page)
    alts = re.findall(r'<img class="chart" alt="([^"]+)"', page)
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page)
    assert len(alts) == len(captions) == chart_count()  # the sample records every field
    assert all(alt.startswith(LABEL) for alt in alts)  # captions repeat the alt text only
    assert all(
        "Made-up sample data, not a real person" in svg for svg in svgs(page)
    )  # in each image
    words = page.split("<h2>In words</h2>")[1].split("</section>")[0]
    assert LABEL in words


@pytest.mark.slow
def test_a_report_of_my_own_store_says_they_are_mine(tmp_path):
    home = tmp_path / "home"
    store = CheckinStore(home)
    store.save_many([{"date": f"2025-05-{d:02d}", "mood": 4 + d % 3} for d in range(1, 15)])
    out = tmp_path / "mine.html"
    result = report("--out", str(out), home=home)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert "<dd>your own</dd>" in page and "<dd>1 May 2025 to 14 May 2025</dd>" in page
    assert LABEL not in page
    assert store.path.read_bytes().count(b"\n") == 15  # the store is only read
