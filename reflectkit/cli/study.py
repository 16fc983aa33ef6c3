"""Write a study's overview and within-person analysis as one page (notebooks 10 and 11)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ._common import output_path


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser(
        "study-report", help="write a study's cohort overview and within-person page (no code)"
    )
    p.add_argument("data", type=Path, metavar="DATA", help="study data: CSV or Parquet")
    p.add_argument(
        "--codebook",
        type=Path,
        default=None,
        metavar="CODEBOOK",
        help="the study's codebook (CSV or YAML); reflectkit cohort files need none",
    )
    p.add_argument("--out", type=output_path, default=Path("study-report.html"))
    p.add_argument(
        "--outcome", default=None, help="numeric item for the model (default: the first)"
    )
    p.add_argument("--predictor", default=None, help="numeric item that predicts it")
    p.add_argument("--lag", type=int, default=0, help="0: the same occasion; 1: the one before")
    p.add_argument(
        "--daily", action="store_true", help="analyse each day's means of several prompts a day"
    )
    p.add_argument("--days", type=int, default=None, help="days in the study design")
    p.add_argument("--prompts-per-day", type=int, default=None, help="prompts a day in the design")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(run=_study_report)


def _study_report(args: argparse.Namespace) -> int:
    from ..research.studyreport import build_study_report

    path = build_study_report(
        args.data,
        codebook=args.codebook,
        out=args.out,
        outcome=args.outcome,
        predictor=args.predictor,
        lag=args.lag,
        daily=args.daily,
        days=args.days,
        prompts_per_day=args.prompts_per_day,
        force=args.force,
    )
    print(f"Wrote {path} (readable only by you).")
    return 0
