"""Import Loop Habit Tracker's CSV export (the zip, its folder, or its Checkmarks.csv).

Loop (iSoron/uhabits, ``HabitsCSVExporter.kt``) writes a zip ``Loop Habits CSV DATE.zip``
holding ``Habits.csv`` (``Position,Name,Type,Question,...``), ``Checkmarks.csv`` (``Date``
then one column per habit, newest day first, a trailing comma on every line) and a folder
per habit. A cell of ``Checkmarks.csv`` holds the entry's value (``Entry.kt``): 2 done
(YES_MANUAL), 1 not due that day (YES_AUTO), 0 not done (NO), -1 unknown, -3 skipped.

- A habit marked done (2) becomes an activity tag with the habit's name on that day, so
  "Walk" or "Gym" count as movement in the charts like any tag.
- Days without a habit marked done give no check-in: "not done" is not recorded as a care
  action, and a day with nothing done is left a gap, never a zero.
- Measurable habits (``Type`` NUMERICAL in ``Habits.csv``) are kept as extra numeric
  columns ``loop_<habit>``, which the check-ins have no column for.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins
from ._text import csv_rows, read_text

DONE = 2
HINT = (
    "Export it again from Loop (Settings > Export as CSV) and give the zip, or its Checkmarks.csv."
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def import_loop(path: str | Path) -> pd.DataFrame:
    """Read Loop Habit Tracker's CSV export into check-ins, one per day with a habit done."""
    path = Path(path)
    with _export_files(path) as (checkmarks, habits):
        rows = csv_rows(checkmarks)
        types = _habit_types(habits) if habits is not None else {}
    if not rows or rows[0][1][:1] != ["Date"]:
        raise ImportFormatError(
            f"{path.name} is not Loop Habit Tracker's Checkmarks.csv (no Date column first). "
            + HINT
        )
    names = [n.strip() for n in rows[0][1][1:]]
    while names and not names[-1]:  # Loop ends every line with a comma
        names.pop()
    days: list[dict[str, object]] = []
    for line, fields in rows[1:]:
        date = fields[0].strip()
        if not _ISO_DATE.fullmatch(date):
            raise ImportFormatError(
                f"{path.name} Checkmarks.csv line {line}: `Date` must be a date like 2024-01-05, "
                f"got {date[:40]!r}. {HINT}"
            )
        done, measured = [], {}
        for name, cell in zip(names, fields[1:], strict=False):
            value = _number(cell, line=line, habit=name, source=path.name)
            if value is None:
                continue
            if types.get(name) == "NUMERICAL":
                measured[_column(name)] = value
            elif value == DONE:
                done.append(name)
        if done or measured:
            days.append({s.DATE: date, s.ACTIVITIES: s.join_tags(done), **measured})
    extras = sorted({c for day in days for c in day} - {s.DATE, s.ACTIVITIES})
    frame = pd.DataFrame(days, columns=[s.DATE, s.ACTIVITIES, *extras])
    frame[extras] = frame[extras].astype("float64")
    checkins, problems = validate_checkins(frame)
    raise_for_problems(problems, source=path.name, hint=HINT)
    return checkins.sort_values(s.DATE).reset_index(drop=True)


def _number(cell: str, *, line: int, habit: str, source: str) -> float | None:
    text = cell.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ImportFormatError(
            f"{source} Checkmarks.csv line {line}: the value for {habit[:40]!r} must be a "
            f"number, got {text[:40]!r}. {HINT}"
        ) from None


def _column(habit: str) -> str:
    return "loop_" + (re.sub(r"\W+", "_", habit.casefold()).strip("_") or "habit")


def _habit_types(text: str) -> dict[str, str]:
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    return {
        (row.get("Name") or "").strip(): (row.get("Type") or "YES_NO").strip().upper()
        for row in reader
    }


@contextlib.contextmanager
def _export_files(path: Path) -> Iterator[tuple[str, str | None]]:
    """The text of Checkmarks.csv and of Habits.csv (None when it is not there)."""
    if path.is_dir():
        path = path / "Checkmarks.csv"
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                names = {Path(m).name: m for m in archive.namelist() if m.count("/") == 0}
                if "Checkmarks.csv" not in names:
                    raise ImportFormatError(f"{path.name} holds no Checkmarks.csv. {HINT}")
                habits = names.get("Habits.csv")
                yield (
                    _decode(archive.read(names["Checkmarks.csv"]), path.name),
                    _decode(archive.read(habits), path.name) if habits else None,
                )
        except zipfile.BadZipFile as err:
            raise ImportFormatError(f"{path.name} is a damaged zip file ({err}). {HINT}") from None
        return
    beside = path.with_name("Habits.csv")
    habits = read_text(beside, app="Loop") if beside.is_file() else None
    yield read_text(path, app="Loop"), habits


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFormatError(f"{name} does not hold UTF-8 text. {HINT}") from None
