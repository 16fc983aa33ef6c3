"""The report shows what the trends notebook shows: the same charts, headings and support note."""

from __future__ import annotations

import ast
import functools
import json
import re
from pathlib import Path

from reflectkit.report import SECTIONS
from reflectkit.report.sections import (
    INTRO,
    SUMMARY_HEADING,
    SUPPORT,
    SUPPORT_HEADING,
    chart_count,
)

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_my_trends.ipynb"


def cells(kind: str) -> list[str]:
    notebook = json.loads(NOTEBOOK.read_text())
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


def call_key(name: str, keywords: dict) -> str:
    options = ", ".join(f"{k}={v!r}" for k, v in sorted(keywords.items()))
    return f"{name}({options})"


def notebook_charts() -> list[str]:
    """Every ``plots.plot_*(...)`` call in the notebook's code, with its literal options."""
    found = []
    for source in cells("code"):
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name.startswith("plot_"):
                keywords = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
                found.append(call_key(name, keywords))
    return found


def report_charts() -> list[str]:
    found = []
    for _, charts in SECTIONS:
        for chart in charts:
            if isinstance(chart, functools.partial):
                found.append(call_key(chart.func.__name__, chart.keywords))
            else:
                found.append(call_key(chart.__name__, {}))
    return found


def test_the_report_draws_the_charts_the_notebook_draws():
    notebook, report = notebook_charts(), report_charts()
    assert notebook, "found no plots.plot_* calls in the notebook"
    assert sorted(report) == sorted(notebook), (
        "notebooks/02_my_trends.ipynb and reflectkit/report/sections.py SECTIONS differ: "
        f"only in the notebook {sorted(set(notebook) - set(report))}, "
        f"only in the report {sorted(set(report) - set(notebook))}"
    )
    assert chart_count() == len(report)


def test_the_report_has_the_notebook_headings_in_its_order():
    headings = [
        line[3:].strip()
        for source in cells("markdown")
        for line in source.splitlines()
        if line.startswith("## ")
    ]
    ours = [heading for heading, _ in SECTIONS] + [SUMMARY_HEADING, SUPPORT_HEADING]
    assert ours == headings


def test_the_support_note_and_the_introduction_are_the_notebooks_words():
    def plain(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    markdown = [plain(source) for source in cells("markdown")]
    assert f"## {SUPPORT_HEADING} {SUPPORT}" == markdown[-1]
    # the notebook's introduction, less its sentence about deleting cells
    assert plain(INTRO) in markdown[0]
