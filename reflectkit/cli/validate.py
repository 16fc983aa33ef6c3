"""Check a check-in CSV and explain every problem."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import CheckinValidationError
from ._common import problems_text


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("validate", help="check a check-in CSV and explain any problems")
    p.add_argument("file", type=Path)
    p.set_defaults(run=_validate)


def _validate(args: argparse.Namespace) -> int:
    from ..io.load import load_checkins

    try:
        frame = load_checkins(args.file, revisions="all")
    except CheckinValidationError as err:
        print(problems_text(err))
        return 1
    if frame.empty:
        print(f"{args.file.name}: no check-ins in it yet, and no problems found.")
    else:
        count = "1 check-in" if len(frame) == 1 else f"{len(frame):,} check-ins"
        print(f"{args.file.name}: {count}, no problems found.")
    return 0
