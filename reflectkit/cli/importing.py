"""Import another app's export into the check-ins."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import ReflectkitError
from .importing_study import STUDY_SOURCES, add_study_options


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser("import", help="import another app's export into your check-ins")
    p.add_argument("app", choices=["daylio", "bearable", "fitbit", *STUDY_SOURCES])
    p.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="the export (Fitbit: dailyActivity, then optionally sleepDay)",
    )
    p.add_argument(
        "--to",
        type=Path,
        default=None,
        metavar="STORE_OR_CSV",
        help="a store folder or a reflectkit .csv (default: your personal store)",
    )
    p.add_argument(
        "--mood-scale",
        default=None,
        metavar="LABEL=N,...",
        help="Daylio only: map custom moods onto 1-10, e.g. 'Solid=7,okay=5.5'",
    )
    add_study_options(p)
    p.set_defaults(run=_import)


def _import(args: argparse.Namespace) -> int:
    if args.app in STUDY_SOURCES:
        return STUDY_SOURCES[args.app](args)
    from .. import import_bearable, import_daylio, import_fitbit
    from ..io.private import same_file
    from ..io.store import CheckinStore

    store = CheckinStore(args.to)
    for source in args.files:
        if same_file(store.path, source):
            raise ReflectkitError(
                f"--to {store.path} is the file being imported: choose another store or file."
            )
    if args.app == "daylio":
        frames = [import_daylio(f, mood_scale=_mood_scale(args.mood_scale)) for f in args.files]
    elif args.app == "bearable":
        frames = [import_bearable(f) for f in args.files]
    else:
        if len(args.files) > 2:
            raise ReflectkitError(
                "reflectkit import fitbit takes dailyActivity and optionally sleepDay, "
                f"got {len(args.files)} files"
            )
        frames = [import_fitbit(*args.files)]
    for source, frame in zip(args.files, frames, strict=False):
        store.save_many(frame)
        print(f"Imported {len(frame)} check-ins from {source.name} into {store.path}")
    return 0


def _mood_scale(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    scale = {}
    for pair in text.split(","):
        label, _, value = pair.rpartition("=")
        try:
            scale[label.strip()] = float(value)
        except ValueError:
            raise ReflectkitError(
                f"--mood-scale takes LABEL=NUMBER pairs separated by commas, e.g. "
                f"'Solid=7,okay=5.5'; got {pair!r}"
            ) from None
    return scale
