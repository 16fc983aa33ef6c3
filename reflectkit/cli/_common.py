"""What every command shares: one-line refusals, a parser that refuses in one line."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NoReturn

from ..errors import COMMAND_HINT, CheckinValidationError, ReflectkitError


def explain(err: Exception) -> str:
    """The message of an error, as one or more plain lines (never a traceback)."""
    from ..io.private import explain_os_error

    if isinstance(err, CheckinValidationError):
        return problems_text(err)
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


def problems_text(err: CheckinValidationError) -> str:
    """The problem list, with a next step for someone at the command line."""
    from ..errors import LOAD_HINT, format_problems

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


class UsageError(Exception):
    """A mistake on the command line, reported in one line like every other refusal."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see `{self.prog} --help`)")
