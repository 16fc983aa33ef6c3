"""Write the seeded sample data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("sample", help="write the seeded sample data")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder (needed for an installed package; in a checkout: its sample_data/)",
    )
    p.add_argument("--force", action="store_true", help="replace sample files already there")
    p.set_defaults(run=_sample)


def _sample(args: argparse.Namespace) -> int:
    from ..errors import ReflectkitError
    from ..io.private import check_output, inside
    from ..io.store import CheckinStore
    from ..paths import installed_kit, package_folder, sample_output_folder
    from ..sample import COHORT_FILE, PERSONAL_FILE, write_sample_data

    folder = args.out or sample_output_folder()
    if folder is None:
        raise ReflectkitError(
            "reflectkit sample needs a folder to write to: add --out FOLDER. (The sample data "
            "inside the installed package is never rewritten; `reflectkit report --sample` "
            "uses it as it is.)"
        )
    if installed_kit() is not None and inside(folder / PERSONAL_FILE, package_folder()):
        raise ReflectkitError(
            f"{folder} is inside the installed reflectkit package, which reflectkit never "
            "writes into. Choose another folder with --out."
        )
    store = CheckinStore().path
    for name in (PERSONAL_FILE, COHORT_FILE):
        # the kit's own sample folder is rewritten as a matter of course; any other is not
        check_output(folder / name, protected=[store], force=args.force or args.out is None)
    for path in write_sample_data(folder, force=True):
        print(f"wrote {path}")
    return 0
