"""Weekly summaries of a cohort, on pandas or Dask."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import ReflectkitError
from ._common import output_path


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("cohort-summary", help="weekly summaries of a cohort, optionally on Dask")
    p.add_argument("data", type=Path, metavar="DATA")
    p.add_argument("--out", type=output_path, required=True)
    p.add_argument("--dask", action="store_true", help="run on Dask (a local cluster by default)")
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="a running Dask scheduler on this machine, or a tls:// one (see docs/security.md)",
    )
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(run=_cohort_summary)


def _cohort_summary(args: argparse.Namespace) -> int:
    from ..research.summary import run_cohort_summary

    if args.scheduler and not args.dask:
        raise ReflectkitError("--scheduler goes with --dask")
    run_cohort_summary(
        args.data, out=args.out, use_dask=args.dask, scheduler=args.scheduler, force=args.force
    )
    return 0
