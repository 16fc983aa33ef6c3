"""Import another app's export into the check-ins; undo the last import; list them."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ReflectkitError
from .importing_study import STUDY_SOURCES, add_study_options

APPS = ("daylio", "bearable", "fitbit", "applehealth", "googlefit", "loop")
FILES_HELP = (
    "the export: daylio/bearable CSV; fitbit dailyActivity, then optionally sleepDay; "
    "applehealth export.zip or export.xml; googlefit 'Daily activity metrics.csv'; "
    "loop the 'Loop Habits CSV' zip (or its Checkmarks.csv)"
)


def add(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser(
        "import",
        help="import another app's export into your check-ins (again: only what is new)",
        description="Import an export; importing it again adds only new or changed days. "
        "`reflectkit import --undo` takes the last import back; `--history` lists them.",
    )
    p.add_argument("app", nargs="?", choices=[*APPS, *STUDY_SOURCES])
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help=FILES_HELP)
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
        help="Daylio only: place your own moods on 1-10, e.g. 'Solid=7,okay=5.5'",
    )
    p.add_argument(
        "--participant",
        default=None,
        metavar="ID",
        help="a file with many people (Fitbit research data): import this one person",
    )
    p.add_argument(
        "--undo", action="store_true", help="take back the last import (nothing is deleted)"
    )
    p.add_argument("--history", action="store_true", help="list the imports into the store")
    add_study_options(p)
    p.set_defaults(run=_import)


def _import(args: argparse.Namespace) -> int:
    if args.undo or args.history:
        if args.app or args.files or (args.undo and args.history):
            raise ReflectkitError(
                "--undo and --history stand alone: `reflectkit import --undo [--to STORE]` "
                "or `reflectkit import --history [--to STORE]`"
            )
        return _undo(args) if args.undo else _history(args)
    if args.app is None or not args.files:
        raise ReflectkitError(
            "name the app and its export, e.g. `reflectkit import daylio export.csv` "
            f"(apps: {', '.join([*APPS, *STUDY_SOURCES])}), or use --undo or --history"
        )
    if args.app in STUDY_SOURCES:
        return STUDY_SOURCES[args.app](args)
    from ..io.imports import import_into
    from ..io.private import same_file
    from ..io.store import CheckinStore

    store = CheckinStore(args.to)
    for source in args.files:
        if same_file(store.path, source):
            raise ReflectkitError(
                f"--to {store.path} is the file being imported: choose another store or file."
            )
    if args.mood_scale is not None and args.app != "daylio":
        raise ReflectkitError(f"--mood-scale is for Daylio exports, not {args.app}")
    for name, frame in _read(args):
        frame = _one_person(frame, args, name=name)
        result = import_into(store, frame, app=args.app, source=name)
        print(result.summary())
        if result.added:
            print(f"To take this import back: {_command('--undo', to=args.to)}")
    return 0


def _read(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """(source name, check-ins) for each import the command makes."""
    from ..io.applehealth import import_apple_health
    from ..io.bearable import import_bearable
    from ..io.daylio import import_daylio
    from ..io.fitbit import import_fitbit
    from ..io.googlefit import import_google_fit
    from ..io.loop import import_loop

    files: list[Path] = args.files
    if args.app == "fitbit":
        if len(files) > 2:
            raise ReflectkitError(
                "reflectkit import fitbit takes dailyActivity and optionally sleepDay, "
                f"got {len(files)} files"
            )
        return [(" and ".join(f.name for f in files), import_fitbit(*files))]
    if args.app == "daylio":
        scale = _daylio_scale(args)
        return [(f.name, import_daylio(f, mood_scale=scale)) for f in files]
    readers: dict[str, Callable[[Path], Any]] = {
        "bearable": import_bearable,
        "applehealth": import_apple_health,
        "googlefit": import_google_fit,
        "loop": import_loop,
    }
    return [(f.name, readers[args.app](f)) for f in files]


# -- Daylio's moods --------------------------------------------------------------------------


def _daylio_scale(args: argparse.Namespace) -> dict[str, float]:
    """The mood scale: --mood-scale, then answers typed in the terminal (when there is one)."""
    from ..io.daylio import unknown_daylio_moods

    scale = mood_scale_option(args.mood_scale)
    unknown: Counter[str] = Counter()
    for path in args.files:
        unknown.update(unknown_daylio_moods(path, mood_scale=scale))
    if not unknown:
        return scale
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ReflectkitError(unknown_moods_message(unknown, args, scale))
    answers = ask_moods(dict(unknown.most_common()))
    every = {**scale, **answers}
    print(
        "Next time, skip these questions: "
        + _command("daylio", *map(str, args.files), to=args.to, scale=every)
    )
    return every


def mood_scale_option(text: str | None) -> dict[str, float]:
    """``--mood-scale 'Solid=7,okay=5.5'`` as a mapping; a mistake names the flag."""
    from ..io.daylio import DEFAULTS_TEXT, mood_number

    scale: dict[str, float] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        label, equals, value = pair.rpartition("=")
        if not equals or not label.strip():
            raise ReflectkitError(
                "--mood-scale takes LABEL=NUMBER pairs separated by commas, e.g. "
                f"'Solid=7,okay=5.5'; got {pair.strip()!r}"
            )
        number = mood_number(value)
        if number is None:
            what = "replace N with" if value.strip() == "N" else "give"
            raise ReflectkitError(
                f"--mood-scale {pair.strip()!r}: {what} a number from 1 to 10 for "
                f"{label.strip()!r} (Daylio's own moods sit at {DEFAULTS_TEXT})"
            )
        scale[label.strip()] = number
    return scale


def unknown_moods_message(
    unknown: Counter[str], args: argparse.Namespace, scale: dict[str, float]
) -> str:
    """The one-line refusal when moods have no place and no one can be asked."""
    from ..io.daylio import DEFAULTS_TEXT

    listed = ", ".join(f"{label!r} ({n}x)" for label, n in unknown.most_common())
    names = ", ".join(f.name for f in args.files)
    placeholders = {label: "N" for label in dict(unknown.most_common())}
    command = _command("daylio", *map(str, args.files), to=args.to, scale={**scale, **placeholders})
    return (
        f"Unknown Daylio moods in {names}: {listed}. Place each on the 1-10 mood scale and run "
        f"again: {command} (each N a number from 1 to 10; Daylio's own moods sit at "
        f"{DEFAULTS_TEXT})"
    )


def ask_moods(
    unknown: dict[str, int],
    *,
    ask: Callable[[str], str] = input,
    say: Callable[[str], object] = print,
) -> dict[str, float]:
    """Ask, in the terminal, where each of the person's own moods sits on 1-10."""
    from ..io.daylio import DEFAULTS_TEXT, mood_number

    say(
        "Some moods in this export are your own, so reflectkit does not know where they sit on "
        "its 1-10 mood scale (1 = very low, 10 = very good)."
    )
    say(f"Daylio's own moods sit at {DEFAULTS_TEXT}.")
    answers: dict[str, float] = {}
    for label, n in unknown.items():
        entries = f"{n} entr{'y' if n == 1 else 'ies'}"
        while True:
            try:
                answer = ask(f"Where does {label!r} ({entries}) sit, from 1 to 10? ")
            except EOFError:
                raise ReflectkitError(
                    f"no answer for {label!r}: nothing was imported. Run again in a terminal, "
                    "or give --mood-scale"
                ) from None
            number = mood_number(answer)
            if number is not None:
                answers[label] = number
                break
            say(
                "Please type a number from 1 to 10, such as 6 or 7.5 "
                "(Ctrl-C stops; nothing is saved)."
            )
    return answers


# -- many people in one file -----------------------------------------------------------------


def _one_person(frame: Any, args: argparse.Namespace, *, name: str) -> Any:
    """A file of many people goes into a cohort file (--to) or one person at a time."""
    from .. import schema as s
    from ..io.imports import participants

    people = participants(frame)
    if args.participant is not None:
        if args.participant not in people.index:
            shown = ", ".join(people.index[:10]) or "none"
            raise ReflectkitError(
                f"{name} has no participant {args.participant!r}; its participants: {shown}"
                + (f" and {len(people) - 10} more" if len(people) > 10 else "")
            )
        frame = frame[frame[s.PARTICIPANT].astype(str) == args.participant].copy()
    elif args.to is None and len(people) > 1:
        listed = "\n".join(
            f"  {pid}: {days} day{'s' if days != 1 else ''}" for pid, days in people.items()
        )
        raise ReflectkitError(
            f"{name} {'hold' if ' and ' in name else 'holds'} {len(people)} people, and your "
            "personal store keeps one person's "
            "check-ins: import one with --participant ID, or all of them into a cohort file "
            f"with --to cohort.csv. The people in the file:\n{listed}"
        )
    if args.to is None and len(people):
        frame = frame.assign(**{s.PARTICIPANT: None})  # a personal store has no codes
    return frame


# -- undo and history --------------------------------------------------------------------------


def _undo(args: argparse.Namespace) -> int:
    from ..io.imports import undo_last_import
    from ..io.store import CheckinStore

    store = CheckinStore(args.to)
    undone = undo_last_import(store)
    print(
        f"Took back the import of {undone.source} ({undone.app}, {_when(undone.stamp)}): its "
        f"{undone.new} new check-ins no longer show, and {undone.changed} changed ones show "
        f"their earlier values again. Nothing was deleted: the rows stay in {store.path.name}, "
        f"and {store.imports.path.name} records the undo."
    )
    return 0


def _history(args: argparse.Namespace) -> int:
    from ..io.imports import import_history
    from ..io.store import CheckinStore

    store = CheckinStore(args.to)
    records = import_history(store)
    if not records:
        print(f"No imports into {store.path} are recorded yet.")
        return 0
    print(f"Imports into {store.path}, oldest first:")
    for r in records:
        undone = f"; taken back {_when(r.undone_at)}" if r.undone_at is not None else ""
        print(
            f"  {_when(r.stamp)}  {r.app}  {r.source}: {r.new} new, {r.changed} changed, "
            f"{r.unchanged} already there{undone}"
        )
    return 0


def _when(stamp: Any) -> str:
    return stamp.strftime("%Y-%m-%d %H:%M UTC")


def _command(*words: str, to: Path | None = None, scale: dict[str, Any] | None = None) -> str:
    parts = ["reflectkit", "import", *words]
    if to is not None:
        parts += ["--to", str(to)]
    text = shlex.join(parts)
    if scale:
        pairs = ",".join(f"{label}={_number_text(v)}" for label, v in scale.items())
        text += f" --mood-scale {shlex.quote(pairs)}"
    return text


def _number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
