"""Write the seeded sample data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("sample", help="write the seeded sample data")
    p.add_argument("--out", type=Path, default=None, help="folder (default: sample_data/)")
    p.add_argument("--force", action="store_true", help="replace sample files already there")
    p.set_defaults(run=_sample)


def _sample(args: argparse.Namespace) -> int:
    from ..io.private import check_output
    from ..io.store import CheckinStore
    from ..paths import sample_data_folder
    from ..sample import COHORT_FILE, PERSONAL_FILE, write_sample_data

    folder = args.out or sample_data_folder()
    store = CheckinStore().path
    for name in (PERSONAL_FILE, COHORT_FILE):
        # the kit's own sample folder is rewritten as a matter of course; any other is not
        check_output(folder / name, protected=[store], force=args.force or args.out is None)
    for path in write_sample_data(folder, force=True):
        print(f"wrote {path}")
    return 0
