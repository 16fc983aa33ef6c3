"""The ``reflectkit`` command.

Each subcommand imports what it needs when it runs, so ``reflectkit --help`` is quick.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from .errors import ReflectkitError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code = args.run(args)
        for warning in caught:
            print(f"note: {warning.message}", file=sys.stderr)
        return code
    except (ReflectkitError, FileNotFoundError) as err:
        print(f"reflectkit: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reflectkit", description="A calm, private daily check-in kit for Jupyter."
    )
    from ._version import __version__

    parser.add_argument("--version", action="version", version=f"reflectkit {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("validate", help="check a check-in CSV and explain any problems")
    p.add_argument("file", type=Path)
    p.set_defaults(run=_validate)

    p = sub.add_parser("import", help="import another app's export into your check-ins")
    p.add_argument("app", choices=["daylio", "bearable", "fitbit"])
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
    p.set_defaults(run=_import)

    p = sub.add_parser("sample", help="write the seeded sample data")
    p.add_argument("--out", type=Path, default=None, help="folder (default: sample_data/)")
    p.set_defaults(run=_sample)

    p = sub.add_parser(
        "app", help="open the daily check-in as a plain app, no code (127.0.0.1 only)"
    )
    p.add_argument("--weekly", action="store_true", help="open the weekly reflection instead")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(run=_app)

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
    p.set_defaults(run=_report)

    p = sub.add_parser("anonymise", help="write an anonymised copy of cohort data and a report")
    p.add_argument("input", type=Path, metavar="IN")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--key-file",
        type=Path,
        required=True,
        metavar="KEY",
        help="the secret key (created, readable only by you, when missing)",
    )
    p.add_argument("--report", type=Path, default=None, metavar="REPORT.md")
    p.add_argument("--dates", choices=["shift", "study-day"], default="shift")
    p.add_argument(
        "--keep-text",
        default="",
        metavar="COLUMN,...",
        help="free-text columns to keep (dropped by default)",
    )
    p.set_defaults(run=_anonymise)

    p = sub.add_parser("cohort-summary", help="weekly summaries of a cohort, optionally on Dask")
    p.add_argument("data", type=Path, metavar="DATA")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--dask", action="store_true", help="run on Dask (a local cluster by default)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS", help="a running Dask scheduler")
    p.set_defaults(run=_cohort_summary)

    p = sub.add_parser("lab", help="open JupyterLab on the kit's notebooks (127.0.0.1 only)")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(run=_lab)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from .errors import CheckinValidationError
    from .io.load import load_checkins

    try:
        frame = load_checkins(args.file, revisions="all")
    except CheckinValidationError as err:
        print(err)
        return 1
    print(f"{args.file.name}: {len(frame)} check-ins, no problems found.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from . import import_bearable, import_daylio, import_fitbit
    from .io.store import CheckinStore

    if args.app == "daylio":
        frames = [import_daylio(f, mood_scale=_mood_scale(args.mood_scale)) for f in args.files]
    elif args.app == "bearable":
        frames = [import_bearable(f) for f in args.files]
    else:
        if len(args.files) > 2:
            raise SystemExit("reflectkit import fitbit takes dailyActivity and optionally sleepDay")
        frames = [import_fitbit(*args.files)]
    store = CheckinStore(args.to)
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
            raise SystemExit(f"--mood-scale takes LABEL=NUMBER pairs, got {pair!r}") from None
    return scale


def _sample(args: argparse.Namespace) -> int:
    from .paths import sample_data_folder
    from .sample import write_sample_data

    for path in write_sample_data(args.out or sample_data_folder()):
        print(f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import build_report

    print("Running the trends notebook (this takes a few seconds)...", file=sys.stderr)
    path = build_report(args.data, out=args.out, period=args.period)
    print(f"Wrote {path} (readable only by you; share it only if you choose to).")
    return 0


def _app(args: argparse.Namespace) -> int:
    from .launch import run_voila

    notebook = "03_weekly_reflection.ipynb" if args.weekly else "01_daily_check_in.ipynb"
    return run_voila(notebook, port=args.port, open_browser=not args.no_browser)


def _anonymise(args: argparse.Namespace) -> int:
    from .research.anonymise import anonymise, read_or_create_key
    from .research.cohort import load_cohort
    from .sample import write_csv

    key_existed = args.key_file.exists()
    key = read_or_create_key(args.key_file)
    if not key_existed:
        print(f"Created a new secret key in {args.key_file}: keep it apart from the data.")
    keep = tuple(c.strip() for c in args.keep_text.split(",") if c.strip())
    dates: Literal["shift", "study_day"] = "study_day" if args.dates == "study-day" else "shift"
    frame, report = anonymise(load_cohort(args.input), key=key, dates=dates, keep_text=keep)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.suffix == ".parquet":
        frame.to_parquet(args.out, index=False)
    else:
        write_csv(frame, args.out, columns=list(frame.columns))
    print(f"Wrote {len(frame)} anonymised rows of {report.participants} participants to {args.out}")
    if args.report:
        args.report.write_text(report.to_markdown())
        print(f"Wrote the anonymisation report to {args.report}")
    return 0


def _cohort_summary(args: argparse.Namespace) -> int:
    from .research.summary import run_cohort_summary

    if args.scheduler and not args.dask:
        raise SystemExit("--scheduler goes with --dask")
    run_cohort_summary(args.data, out=args.out, use_dask=args.dask, scheduler=args.scheduler)
    return 0


def _lab(args: argparse.Namespace) -> int:
    from .launch import run_jupyterlab

    return run_jupyterlab(port=args.port, open_browser=not args.no_browser)


if __name__ == "__main__":
    raise SystemExit(main())
