"""Import Daylio CSV exports, in any language Daylio speaks.

Handled layouts: the oldest ``year,date,weekday,time,mood,...``, the 7-column
``full_date,...,note``, the 8-column one with ``note_title`` and the 9-column one with
``scales``. A file whose header row was removed is recognised by its shape (an ISO date or
a year first, and 7, 8 or 9 fields). Dates come from ``full_date`` (or ``year`` plus the
English month and day of the oldest layout), never from the localised text date, so
exports in any language load. Times may be 12-hour, with a narrow no-break space (U+202F)
before AM/PM as newer phones write it.

Moods: Daylio's five default moods in every language with a public source
(:mod:`reflectkit.io.daylio_moods`) map onto 1-10 without a question; custom moods need
``mood_scale``.

Scales (Daylio's own numeric scales, newest layout): ``Sleep Time`` becomes
``sleep_hours``; every other scale is kept as an extra numeric column named
``daylio_<scale name>`` (``Sleep Quality: 8/10 points`` -> ``daylio_sleep_quality`` = 8),
which the returned frame holds and a store, with its fixed columns, leaves out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError, UnknownLabelsError
from ..validate import raise_for_problems, validate_checkins
from ._text import clock_text, hours_text, plain_text, read_table, split_pipes
from .daylio_moods import default_scale, mood_key

#: Daylio's five English default moods, spread evenly over reflectkit's 1-10 mood scale
#: (awful 1, bad 3.25, meh 5.5, good 7.75, rad 10). The same steps in other languages are
#: in :data:`reflectkit.io.daylio_moods.DEFAULT_MOODS`.
DEFAULT_MOOD_SCALE: dict[str, float] = {
    "awful": 1.0,
    "bad": 3.25,
    "meh": 5.5,
    "good": 7.75,
    "rad": 10.0,
}
DEFAULTS_TEXT = "awful=1, bad=3.25, meh=5.5, good=7.75, rad=10"
SCALE_PREFIX = "daylio_"
SLEEP_TIME_SCALE = "sleep time"

#: Layouts without a header row, recognised by their field count (and first field).
HEADERLESS = {
    7: ("full_date", "date", "weekday", "time", "mood", "activities", "note"),
    8: ("full_date", "date", "weekday", "time", "mood", "activities", "note_title", "note"),
    9: (
        "full_date",
        "date",
        "weekday",
        "time",
        "mood",
        "activities",
        "scales",
        "note_title",
        "note",
    ),
}
OLDEST = ("year", "date", "weekday", "time", "mood", "activities", "note")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")
_POINTS = re.compile(r"(-?\d+(?:[.,]\d+)?)\s*/\s*\d+(?:[.,]\d+)?")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def import_daylio(
    path: str | Path, *, mood_scale: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Read a Daylio export into check-ins, one row per entry (several a day are kept).

    Parameters
    ----------
    path
        The CSV Daylio exports (any of its layouts, with or without a BOM or header row).
    mood_scale
        Custom (or replacement) mood labels mapped onto 1-10, e.g. ``{"Solid": 7}``;
        matched without regard to case. Daylio's default moods, in every language listed
        in :mod:`reflectkit.io.daylio_moods`, need none.

    Returns
    -------
    pandas.DataFrame
        Typed check-ins: ``date``, ``time``, ``mood``, ``activities``, ``note`` (title and
        note, HTML removed), ``sleep_hours`` from a ``Sleep Time`` scale, and one
        ``daylio_...`` column for each other scale.

    Raises
    ------
    UnknownLabelsError
        When moods have no mapping; the message lists them and shows ``mood_scale``.
    ImportFormatError
        When a ``mood_scale`` value is not a number from 1 to 10, or the file is not a
        Daylio export.
    """
    path = Path(path)
    header, records = read_daylio_rows(path)
    scale = mood_scale_with_defaults(mood_scale)
    unknown = _unknown(header, records, scale)
    if unknown:
        listed = ", ".join(f"{label!r} ({n}x)" for label, n in unknown.most_common())
        example = ", ".join(f"{label!r}: 7" for label in list(unknown)[:2])
        raise UnknownLabelsError(
            f"Unknown Daylio moods in {path.name}: {listed}. Pass mood_scale={{{example}, ...}} "
            f"to map each onto 1-10 ({DEFAULTS_TEXT})."
        )

    rows, lines = [], []
    for line, fields in records:
        fields = _fit_to_header(fields, header, line=line, name=path.name)
        row = dict(zip(header, fields, strict=True))
        note_parts = [plain_text(row.get("note_title", "")), plain_text(row.get("note", ""))]
        scales = parse_scales(row.get("scales", ""))
        entry: dict[str, object] = {
            s.DATE: _entry_date(row, line=line, name=path.name),
            s.TIME: clock_text(row.get("time", "")),
            s.MOOD: scale[mood_key(row["mood"])],
            s.ACTIVITIES: s.join_tags(split_pipes(row.get("activities", ""))),
            s.NOTE: "\n".join(p for p in note_parts if p) or None,
            s.SLEEP_HOURS: scales.pop(SLEEP_TIME_SCALE, None),
        }
        entry.update({scale_column(name): value for name, value in scales.items()})
        rows.append(entry)
        lines.append(line)
    columns = [s.DATE, s.TIME, s.MOOD, s.ACTIVITIES, s.NOTE, s.SLEEP_HOURS]
    extras = sorted({c for row in rows for c in row} - set(columns))
    frame = pd.DataFrame(rows, columns=columns + extras)
    frame[extras] = frame[extras].astype("float64")
    checkins, problems = validate_checkins(frame, lines=lines)
    raise_for_problems(
        problems,
        source=path.name,
        hint="Check these entries in Daylio, or the mood_scale values given for them.",
    )
    return checkins.sort_values([s.DATE, s.TIME], kind="stable").reset_index(drop=True)


def unknown_daylio_moods(
    path: str | Path, *, mood_scale: Mapping[str, float] | None = None
) -> dict[str, int]:
    """The export's moods that have no place on 1-10 yet, with how often each is used.

    Most used first. Empty when the file can be imported with this ``mood_scale``.
    """
    header, records = read_daylio_rows(Path(path))
    return dict(_unknown(header, records, mood_scale_with_defaults(mood_scale)).most_common())


def mood_scale_with_defaults(mood_scale: Mapping[str, float] | None) -> dict[str, float]:
    """Daylio's default moods in every known language, then ``mood_scale`` (checked)."""
    scale = default_scale()
    for label, value in (mood_scale or {}).items():
        number = mood_number(value)
        if number is None:
            raise ImportFormatError(
                f"mood_scale={{{label!r}: {value!r}}}: each mood needs a number from 1 to 10 "
                f"(Daylio's own moods sit at {DEFAULTS_TEXT})."
            )
        scale[mood_key(str(label))] = number
    return scale


def read_daylio_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The export's column names and its ``(line, fields)`` records.

    A file without a header row is recognised by the shape of its first row.
    """
    rows = read_table(path, app="Daylio")
    if not rows:
        raise ImportFormatError(f"{path.name} is empty: export it again from Daylio as CSV.")
    first = rows[0][1]
    names = [f.strip() for f in first]
    if "mood" in names and {"full_date", "year"} & set(names):
        return names, rows[1:]
    layout = _shape(first)
    if layout is not None:
        return list(layout), rows
    raise ImportFormatError(
        f"{path.name} does not look like a Daylio export: its first line is "
        f"{[n[:40] for n in names[:9]]}. Export again from Daylio (More > Export Entries > CSV)."
    )


def parse_scales(text: str) -> dict[str, float]:
    """Daylio's scales (``Sleep Quality: 8/10 points | Sleep Time: 8:00``) as numbers.

    Keys are the scale names in lower case; ``H:MM`` durations become hours, ``8/10``
    points the points. A scale whose value is not a number is left out.
    """
    values: dict[str, float] = {}
    for part in split_pipes(text.replace("\xa0", " ").replace("\u202f", " ")):
        name, colon, value = part.partition(":")
        if not colon or not name.strip():
            continue
        value = value.strip()
        number = hours_text(value)
        if number is None and (m := _POINTS.match(value) or _NUMBER.match(value)):
            number = float((m[1] if m.re is _POINTS else m[0]).replace(",", "."))
        if number is not None and math.isfinite(number):
            values[" ".join(name.split()).casefold()] = number
    return values


def scale_column(name: str) -> str:
    """The extra column that holds a Daylio scale: ``Sleep Quality`` -> ``daylio_sleep_quality``."""
    return SCALE_PREFIX + (re.sub(r"\W+", "_", name.casefold()).strip("_") or "scale")


def _shape(fields: list[str]) -> tuple[str, ...] | None:
    first = fields[0].strip() if fields else ""
    if _ISO_DATE.fullmatch(first) and len(fields) in HEADERLESS:
        return HEADERLESS[len(fields)]
    if _YEAR.fullmatch(first) and len(fields) == len(OLDEST):
        return OLDEST
    return None


def _unknown(
    header: list[str], records: list[tuple[int, list[str]]], scale: Mapping[str, float]
) -> Counter[str]:
    """Unknown moods and how often each is used, one entry per mood however it is spelled
    ("Solid", "solid " and "SOLID" are one mood, named as it is written most often)."""
    at = header.index("mood")
    spellings = Counter(
        " ".join(fields[at].split())
        for _, fields in records
        if len(fields) > at and mood_key(fields[at]) not in scale
    )
    named: dict[str, str] = {}
    totals: Counter[str] = Counter()
    for spelling, count in spellings.most_common():
        key = mood_key(spelling)
        named.setdefault(key, spelling)
        totals[named[key]] += count
    return totals


def mood_number(value: object) -> float | None:
    """``value`` as a place on the 1-10 mood scale (``7``, ``"7.5"``, ``" 7,5 "``), else None."""
    if isinstance(value, str):
        value = value.strip().replace(",", ".")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and 1 <= number <= 10 else None


def _fit_to_header(fields: list[str], header: list[str], *, line: int, name: str) -> list[str]:
    if len(fields) == len(header):
        return fields
    # Some 8-column exports hold an empty field after `activities` (a blank scales slot).
    if len(fields) == len(header) + 1 and fields[6] == "" and header[5] == "activities":
        return fields[:6] + fields[7:]
    raise ImportFormatError(
        f"{name} line {line} has {len(fields)} fields where the header has {len(header)}. "
        "The file may have been edited by hand: fix that line or export again from Daylio."
    )


def _entry_date(row: dict[str, str], *, line: int, name: str) -> str:
    if row.get("full_date"):
        return row["full_date"].strip()
    text = f"{row['date'].strip()} {row['year'].strip()}"
    for pattern in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise ImportFormatError(
        f"{name} line {line}: the date {text!r} is not in English. This oldest Daylio layout "
        "has no full date; export again from a current Daylio version, which adds one."
    )
