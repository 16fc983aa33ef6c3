"""Research sources for ``reflectkit import`` (ESM platform exports), kept apart from the
personal apps so each grows on its own.

A study never goes into the personal check-in store: ``--to STUDY.csv`` names the study file
to write, and its codebook is written beside it (``STUDY.codebook.csv``), both private.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ReflectkitError


def _mpath(args: argparse.Namespace) -> int:
    from ..research.mpath import read_mpath

    basic = _one_file(args, "mpath", "basic.csv")
    study = read_mpath(basic, args.meta, design=_design(args))
    return _write(args, study, [basic, *([args.meta] if args.meta else [])])


def _openesm(args: argparse.Namespace) -> int:
    from ..research.openesm import read_openesm

    table = _one_file(args, "openesm", "XXXX_name_ts.tsv")
    study = read_openesm(table, args.meta, design=_design(args))
    return _write(args, study, [table, *([args.meta] if args.meta else [])])


def _diary(args: argparse.Namespace) -> int:
    from ..research.study import load_study

    data = _one_file(args, "diary", "diary.csv")
    if not args.codebook:
        raise ReflectkitError(
            "reflectkit import diary needs --codebook CODEBOOK.csv: the mapping of the diary's "
            "columns (name, column, type, min, max, ...); see docs/data-dictionary.md."
        )
    study = load_study(data, args.codebook)
    if args.prompts or args.days:
        study = type(study)(study.data, study.codebook.with_design(_design(args)), study.source)
    return _write(args, study, [data, args.codebook])


#: source name -> a function that runs the import for the parsed arguments (exit code)
STUDY_SOURCES: dict[str, Callable[[argparse.Namespace], int]] = {
    "mpath": _mpath,
    "openesm": _openesm,
    "diary": _diary,
}


def add_study_options(parser: Any) -> None:
    """Options only research sources use."""
    group = parser.add_argument_group("research sources (mpath, openesm, diary)")
    group.add_argument(
        "--meta",
        type=Path,
        default=None,
        metavar="FILE",
        help="m-Path: the export's meta data (meta.csv); openESM: the metadata JSON",
    )
    group.add_argument(
        "--codebook",
        type=Path,
        default=None,
        metavar="CODEBOOK",
        help="diary: the codebook that maps the diary's columns (CSV or YAML)",
    )
    group.add_argument(
        "--prompts",
        default=None,
        metavar="QUESTIONNAIRE=N,...",
        help="prompts a day per questionnaire in the design, e.g. main_questionnaire=10,"
        "evening_questionnaire=1 (or one number for all)",
    )
    group.add_argument("--days", type=int, default=None, help="days in the study design")
    group.add_argument(
        "--force", action="store_true", help="replace the study file and its codebook if they exist"
    )


def _one_file(args: argparse.Namespace, source: str, example: str) -> Path:
    if len(args.files) != 1:
        raise ReflectkitError(
            f"reflectkit import {source} takes one file ({example}), got {len(args.files)}"
        )
    if args.to is None:
        raise ReflectkitError(
            f"reflectkit import {source} writes a study file, never your personal check-ins: "
            "add --to STUDY.csv (its codebook is written beside it as STUDY.codebook.csv)."
        )
    return Path(args.files[0])


def _design(args: argparse.Namespace) -> Any:
    from ..research.codebook import Design

    prompts: dict[str, int] = {}
    for pair in filter(None, (p.strip() for p in (args.prompts or "").split(","))):
        name, sep, count = pair.rpartition("=")
        try:
            prompts[name.strip() if sep else ""] = int(count)
        except ValueError:
            raise ReflectkitError(
                "--prompts takes QUESTIONNAIRE=N pairs separated by commas, e.g. "
                f"'main_questionnaire=10,evening_questionnaire=1', or one number; got {pair!r}"
            ) from None
    if not prompts and args.days is None:
        return None
    return Design(days=args.days, prompts=tuple(prompts.items()))


def _write(args: argparse.Namespace, study: Any, inputs: list[Path]) -> int:
    from ..io.store import CheckinStore
    from ..research.study import write_study

    target = Path(args.to)
    if target.suffix.lower() != ".csv":
        raise ReflectkitError(f"--to {target} must name a .csv file for the study")
    data, book = write_study(
        study, target, protected=[*inputs, CheckinStore().path], force=args.force
    )
    people = study.data["participant"].nunique()
    print(f"Imported {len(study.data)} rows of {people} participants into {data}")
    print(f"Wrote its codebook to {book}: check it, then load both with load_study.")
    return 0
