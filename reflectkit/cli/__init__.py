"""The ``reflectkit`` command: one module per command, assembled here.

Each command imports what it needs when it runs, so ``reflectkit --help`` is quick.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from . import anonymise, apps, cohort, importing, report, sample, study, validate
from ._common import Parser, UsageError, explain


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Every refusal is one ``reflectkit: ...`` line on stderr that names the file and the next
    step, with a non-zero exit code and no traceback (``REFLECTKIT_DEBUG=1`` shows one).
    """
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as err:
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
            print(f"reflectkit: {explain(err)}", file=sys.stderr)
            return 1
        finally:
            for warning in caught:
                if issubclass(warning.category, UserWarning):
                    print(f"note: {warning.message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="reflectkit", description="A calm, private daily check-in kit for Jupyter."
    )
    from .._version import __version__

    parser.add_argument("--version", action="version", version=f"reflectkit {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    validate.add(sub)
    importing.add(sub)
    sample.add(sub)
    apps.add_app(sub)
    report.add(sub)
    anonymise.add(sub)
    cohort.add(sub)
    study.add(sub)
    apps.add_lab(sub)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
