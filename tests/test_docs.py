"""Documentation keeps up with the code (an idea from sqlite-utils' test_docs)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import reflectkit
import reflectkit.forms
import reflectkit.plots
import reflectkit.research
import reflectkit.trends
from reflectkit import schema
from reflectkit.cli import _parser

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("column", schema.COLUMNS)
def test_every_column_is_in_the_data_dictionary(column):
    assert f"| `{column}` |" in (ROOT / "docs" / "data-dictionary.md").read_text()


PUBLIC = [
    (module, name)
    for module in (
        reflectkit,
        reflectkit.forms,
        reflectkit.plots,
        reflectkit.research,
        reflectkit.trends,
    )
    for name in module.__all__
    if not name.startswith("_") and name != "PALETTE"
]


@pytest.mark.parametrize(("module", "name"), PUBLIC, ids=[f"{m.__name__}.{n}" for m, n in PUBLIC])
def test_every_public_name_has_a_docstring(module, name):
    assert inspect.getdoc(getattr(module, name)), f"{name} has no docstring"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = [c for c in commands if not re.search(rf"(reflectkit|make) {c}\b", readme)]
    assert not missing, f"README does not mention: {missing}"


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_changelog_exists():
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")


def test_every_test_security_md_cites_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    cited = set(re.findall(r"`(test_\w+)`", text))
    assert cited, "docs/security.md cites no tests"
    sources = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))
    missing = sorted(name for name in cited if f"def {name}(" not in sources)
    assert not missing, f"docs/security.md cites tests that do not exist: {missing}"
