"""The ``reflectkit`` command.

Each subcommand imports what it needs when it runs, so ``reflectkit --help`` is quick.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, NoReturn

from .errors import COMMAND_HINT, CheckinValidationError, ReflectkitError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every refusal is one ``reflectkit: ...`` line on stderr that names the file and the next
    step, with a non-zero exit code and no traceback (``REFLECTKIT_DEBUG=1`` shows one).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as err:
        print(f"reflectkit: {err}", file=sys.stderr)
        return 2
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            return args.run(args)
        except KeyboardInterrupt:
            return 130
        except Exception as err:
            if os.environ.get("REFLECTKIT_DEBUG"):
                raise
            print(f"reflectkit: {_explain(err)}", file=sys.stderr)
            return 1
        finally:
            for warning in caught:
                if issubclass(warning.category, UserWarning):
                    print(f"note: {warning.message}", file=sys.stderr)


def _explain(err: Exception) -> str:
    """The message of an error, as one or more plain lines (never a traceback)."""
    from .io.private import explain_os_error

    if isinstance(err, CheckinValidationError):
        return _problems_text(err)
    if isinstance(err, ReflectkitError):
        return str(err)
    if isinstance(err, OSError):
        if err.filename is None and not err.errno:
            return str(err)
        return str(explain_os_error(err, Path(err.filename or "a file")))
    return (
        f"something unexpected went wrong ({type(err).__name__}: {err}). This is a bug in "
        "reflectkit: please report it. Run again with REFLECTKIT_DEBUG=1 to see the details."
    )


def _problems_text(err: CheckinValidationError) -> str:
    """The problem list, with a next step for someone at the command line."""
    from .errors import LOAD_HINT, format_problems

    hint = COMMAND_HINT if err.hint in (None, LOAD_HINT) else err.hint
    return format_problems(err.problems, source=err.source, hint=hint)


def output_path(text: str) -> Path:
    """An --out argument: a file name (``x/`` names a folder, refused here)."""
    if text.endswith(("/", os.sep)):
        raise argparse.ArgumentTypeError(f"{text} names a folder: give a file name")
    return Path(text)


class _UsageError(Exception):
    """A mistake on the command line, reported in one line like every other refusal."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see `{self.prog} --help`)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reflectkit", description="A calm, private daily check-in kit for Jupyter."
    )
    from ._version import __version__

    parser.add_argument("--version", action="version", version=f"reflectkit {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

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
    p.add_argument("--force", action="store_true", help="replace sample files already there")
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
    p.add_argument(
        "--sample",
        action="store_true",
        help="report the kit's made-up sample data instead (labelled so on every page)",
    )
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(run=_report)

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
    p.add_argument("--force", action="store_true", help="replace --out and --report if they exist")
    p.set_defaults(run=_anonymise)

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

    p = sub.add_parser("lab", help="open JupyterLab on the kit's notebooks (127.0.0.1 only)")
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(run=_lab)
    return parser


def _validate(args: argparse.Namespace) -> int:
    from .io.load import load_checkins

    try:
        frame = load_checkins(args.file, revisions="all")
    except CheckinValidationError as err:
        print(_problems_text(err))
        return 1
    if frame.empty:
        print(f"{args.file.name}: no check-ins in it yet, and no problems found.")
    else:
        count = "1 check-in" if len(frame) == 1 else f"{len(frame):,} check-ins"
        print(f"{args.file.name}: {count}, no problems found.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from . import import_bearable, import_daylio, import_fitbit
    from .io.private import same_file
    from .io.store import CheckinStore

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


def _sample(args: argparse.Namespace) -> int:
    from .io.private import check_output
    from .io.store import CheckinStore
    from .paths import sample_data_folder
    from .sample import COHORT_FILE, PERSONAL_FILE, write_sample_data

    folder = args.out or sample_data_folder()
    store = CheckinStore().path
    for name in (PERSONAL_FILE, COHORT_FILE):
        # the kit's own sample folder is rewritten as a matter of course; any other is not
        check_output(folder / name, protected=[store], force=args.force or args.out is None)
    for path in write_sample_data(folder, force=True):
        print(f"wrote {path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")  # charts are drawn into the page only: never a window
    from .report import build_report

    path = build_report(
        args.data, out=args.out, period=args.period, force=args.force, sample=args.sample
    )
    if args.sample:
        print(f"Wrote {path}, a report of made-up sample data.")
    else:
        print(f"Wrote {path} (readable only by you; share it only if you choose to).")
    return 0


def _app(args: argparse.Namespace) -> int:
    from .launch import run_voila

    notebook = "03_weekly_reflection.ipynb" if args.weekly else "01_daily_check_in.ipynb"
    return run_voila(notebook, port=args.port, open_browser=not args.no_browser)


def _anonymise(args: argparse.Namespace) -> int:
    from .io.csvfile import table_csv
    from .io.private import check_output, output_file, same_file, write_output
    from .io.store import CheckinStore
    from .research import anonymise, load_cohort, read_or_create_key

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
    frame, report = anonymise(
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
    for warning in report.warnings:
        print(f"note: {warning}", file=sys.stderr)
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
    return 0


def _names(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(",") if c.strip())


def _cohort_summary(args: argparse.Namespace) -> int:
    from .research.summary import run_cohort_summary

    if args.scheduler and not args.dask:
        raise ReflectkitError("--scheduler goes with --dask")
    run_cohort_summary(
        args.data, out=args.out, use_dask=args.dask, scheduler=args.scheduler, force=args.force
    )
    return 0


def _lab(args: argparse.Namespace) -> int:
    from .launch import run_jupyterlab

    return run_jupyterlab(port=args.port, open_browser=not args.no_browser)


if __name__ == "__main__":
    raise SystemExit(main())
