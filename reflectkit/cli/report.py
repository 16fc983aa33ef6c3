"""Write a shareable HTML report of the trends."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("report", help="write a shareable HTML report of your trends (no code)")
    p.add_argument(
        "data",
        nargs="?",
        type=Path,
        default=None,
        help="a check-in CSV (default: your personal store)",
    )
    p.add_argument("--out", type=Path, default=Path("report.html"))
    p.add_argument(
        "--period", default="4W", help="the stretch the summary describes (e.g. 4W, 14D)"
    )
    p.add_argument(
        "--sample",
        action="store_true",
        help="report the kit's made-up sample data instead (labelled so on every page)",
    )
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(run=_report)


def _report(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")  # charts are drawn into the page only: never a window
    from ..report import build_report

    path = build_report(
        args.data, out=args.out, period=args.period, force=args.force, sample=args.sample
    )
    if args.sample:
        print(f"Wrote {path}, a report of made-up sample data.")
    else:
        print(f"Wrote {path} (readable only by you; share it only if you choose to).")
    return 0
