"""Exceptions. Every message says what was found and what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: How many problems a message lists before it says how many more there are.
SHOWN_PROBLEMS = 20


class ReflectkitError(Exception):
    """Base class of every error reflectkit raises on purpose."""


class CheckinValidationError(ReflectkitError, ValueError):
    """Check-in data broke the schema's rules.

    ``problems`` holds every problem as a DataFrame with columns
    ``line, column, value, problem``; the message lists the first 20.
    """

    def __init__(
        self, problems: pd.DataFrame, *, source: str = "check-in", hint: str | None = None
    ) -> None:
        self.problems = problems
        self.source = source
        self.hint = hint
        super().__init__(format_problems(problems, source=source, hint=hint))


class ImportFormatError(ReflectkitError, ValueError):
    """A file from another app could not be read as that app's export."""


class UnknownLabelsError(ImportFormatError):
    """An export uses labels (e.g. custom Daylio moods) that have no mapping yet."""


class StoreError(ReflectkitError, OSError):
    """The check-in store could not be read or written."""


LOAD_HINT = "Correct the values named above, or load with skip_invalid=True to keep the valid rows."
COMMAND_HINT = "Correct the values named above in the file, then run the command again."
SAVE_HINT = "Nothing was saved: correct the values named above and save again."


def format_problems(problems: pd.DataFrame, *, source: str, hint: str | None = None) -> str:
    """One line per problem, e.g. ``checkins.csv line 14: `mood` must be ..., got 12``."""
    total = len(problems)
    lines = []
    for row in problems.head(SHOWN_PROBLEMS).to_dict("records"):
        line, column, value = row["line"], row["column"], row["value"]
        known_line = isinstance(line, int | float) and line == line  # NaN != NaN
        where = f"{source} line {line}" if known_line else source
        named = f"`{column}` " if column else ""
        got = "" if value is None else f", got {value!r}"
        lines.append(f"{where}: {named}{row['problem']}{got}")
    if total > SHOWN_PROBLEMS:
        lines.append(
            f"... and {total - SHOWN_PROBLEMS} more ({total} problems in all; see .problems)"
        )
    head = f"{total} problem{'s' if total != 1 else ''} found in {source}:"
    return "\n".join([head, *lines, hint or LOAD_HINT])
