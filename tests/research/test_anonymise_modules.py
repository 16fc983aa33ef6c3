"""The anonymisation code is split by concern; every name stays importable where it was."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import reflectkit.research

RESEARCH = Path(reflectkit.research.__file__).parent
#: Where each public name of ``reflectkit.research.anonymise`` is defined now.
MOVED = {
    "keys": [
        "KEY_BYTES",
        "KEY_HOWTO",
        "MAX_KEY_FILE_BYTES",
        "MIN_DISTINCT_KEY_BYTES",
        "StudyKeyError",
        "read_key",
        "read_or_create_key",
    ],
    "dateshift": [
        "DATE_LIMITS",
        "MAX_SHIFT_WEEKS",
        "STUDY_SHIFT_WEEKS",
        "date_shift_days",
        "pseudonym",
    ],
    "kanonymity": ["SMALL_GROUP", "k_anonymity"],
    "columns": ["AnonymisationError", "QUASI_IDENTIFIERS", "STUDY_DAY"],
    "report": ["AnonymisationReport"],
}
ANONYMISATION = ["anonymise", *MOVED]


@pytest.mark.parametrize(("module", "name"), [(m, n) for m, names in MOVED.items() for n in names])
def test_moved_names_are_still_importable_from_anonymise(module, name):
    anonymise = importlib.import_module("reflectkit.research.anonymise")
    home = importlib.import_module(f"reflectkit.research.{module}")
    assert getattr(anonymise, name) is getattr(home, name)


def imported_modules(path: Path) -> list[str]:
    """The absolute names of the modules a file of ``reflectkit.research`` imports from."""
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            package = ["reflectkit", "research"][: 3 - node.level] if node.level else []
            if node.module:
                names.append(".".join([*package, node.module]))
            else:  # from .. import schema
                names += [".".join([*package, a.name]) for a in node.names]
    return names


@pytest.mark.parametrize("module", ANONYMISATION)
def test_anonymisation_modules_import_nothing_downstream(module):
    downstream = ("plots", "forms", "cli", "notebook", "launch", "appserver", "research.plots")
    prefixes = tuple(f"reflectkit.{d}." for d in downstream)
    imported = imported_modules(RESEARCH / f"{module}.py")
    assert [name for name in imported if f"{name}.".startswith(prefixes)] == []
