"""Write an anonymised copy of cohort data and its report."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Literal

from ..errors import ReflectkitError
from ._common import output_path


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("anonymise", help="write an anonymised copy of cohort data and a report")
    p.add_argument("input", type=Path, metavar="IN")
    p.add_argument("--out", type=output_path, required=True)
    p.add_argument(
        "--key-file",
        type=Path,
        required=True,
        metavar="KEY",
        help="the study's secret key: 64+ hex digits, mode 0600; created when missing",
    )
    p.add_argument("--report", type=output_path, default=None, metavar="REPORT.md")
    p.add_argument("--dates", choices=["shift", "study-day"], default="shift")
    p.add_argument(
        "--keep-text",
        default="",
        metavar="COLUMN,...",
        help="free-text columns to keep (dropped by default)",
    )
    p.add_argument(
        "--keep-numeric",
        default="",
        metavar="COLUMN,...",
        help="columns outside the check-in schema to keep as numbers (study items)",
    )
    p.add_argument(
        "--keep-dates",
        default="",
        metavar="COLUMN,...",
        help="date or time columns to keep, moved like `date` (others are dropped)",
    )
    p.add_argument(
        "--quasi-identifiers",
        default=None,
        metavar="COLUMN,...",
        help="columns to coarsen and measure k over (default: found by name, e.g. age)",
    )
    p.add_argument(
        "--codebook",
        type=Path,
        default=None,
        metavar="CODEBOOK",
        help="a study's codebook: keep, coarsen and shift columns as it declares",
    )
    p.add_argument("--force", action="store_true", help="replace --out and --report if they exist")
    p.set_defaults(run=_anonymise)


def _anonymise(args: argparse.Namespace) -> int:
    from ..io.private import check_output, same_file
    from ..io.store import CheckinStore
    from ..research import read_or_create_key

    inputs = [args.input, args.key_file, CheckinStore().path]
    outputs = [args.out, *([args.report] if args.report else [])]
    if args.report and same_file(args.out, args.report):
        raise ReflectkitError("--out and --report name the same file: give them different names")
    for target in outputs:
        check_output(target, protected=inputs, force=args.force)
    key_existed = os.path.lexists(args.key_file)
    key = read_or_create_key(args.key_file)
    if not key_existed:
        print(f"Created a new secret key in {args.key_file}: keep it apart from the data.")
    dates: Literal["shift", "study_day"] = "study_day" if args.dates == "study-day" else "shift"
    if args.codebook is not None:
        from ..research import anonymise_study, load_study

        declared = [args.keep_numeric, args.keep_dates, args.quasi_identifiers]
        if any(declared):
            raise ReflectkitError(
                "--codebook declares the columns: leave out --keep-numeric, --keep-dates and "
                "--quasi-identifiers (say it in the codebook instead)"
            )
        frame, report = anonymise_study(
            load_study(args.input, args.codebook, write_codebook=False),
            key=key,
            dates=dates,
            keep_text=_names(args.keep_text),
        )
    else:
        frame, report = _anonymise_checkins(args, key, dates)
    for warning in report.warnings:
        print(f"note: {warning}", file=sys.stderr)
    _write(args, frame, report, inputs)
    return 0


def _anonymise_checkins(args: argparse.Namespace, key: bytes, dates: Any) -> Any:
    from ..research import anonymise, load_cohort

    return anonymise(
        load_cohort(args.input),
        key=key,
        dates=dates,
        keep_text=_names(args.keep_text),
        keep_numeric=_names(args.keep_numeric),
        keep_dates=_names(args.keep_dates),
        quasi_identifiers=None
        if args.quasi_identifiers is None
        else _names(args.quasi_identifiers),
    )


def _write(args: argparse.Namespace, frame: Any, report: Any, inputs: list[Path]) -> None:
    from ..io.csvfile import table_csv
    from ..io.private import output_file, write_output

    if args.out.suffix == ".parquet":
        with output_file(args.out, protected=inputs, force=args.force) as temporary:
            frame.to_parquet(temporary, index=False)
    else:
        write_output(args.out, table_csv(frame), protected=inputs, force=args.force)
    print(f"Wrote {len(frame)} anonymised rows of {report.participants} participants to {args.out}")
    if args.report:
        write_output(
            args.report,
            report.to_markdown().encode(),
            protected=[*inputs, args.out],
            force=args.force,
        )
        print(f"Wrote the anonymisation report to {args.report}")


def _names(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())
