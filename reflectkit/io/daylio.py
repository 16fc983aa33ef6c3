"""Import Daylio CSV exports.

Handled layouts (the header names them): the oldest ``year,date,weekday,time,mood,...``,
the 7-column ``full_date,...,note``, the 8-column one with ``note_title`` and the
9-column one with ``scales``. Dates come from ``full_date`` (or ``year`` plus the English
month and day of the oldest layout), never from the localised text date, so exports in
any language load.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError, UnknownLabelsError
from ..validate import raise_for_problems, validate_checkins
from ._text import clock_text, hours_text, plain_text, read_rows, split_pipes

#: Daylio's five default moods, spread evenly over reflectkit's 1-10 mood scale
#: (awful 1, bad 3.25, meh 5.5, good 7.75, rad 10).
DEFAULT_MOOD_SCALE: dict[str, float] = {
    "awful": 1.0,
    "bad": 3.25,
    "meh": 5.5,
    "good": 7.75,
    "rad": 10.0,
}
_SLEEP_TIME = re.compile(r"Sleep Time:\s*(\d+:\d{2})", re.IGNORECASE)


def import_daylio(
    path: str | Path, *, mood_scale: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Read a Daylio export into check-ins, one row per entry (several a day are kept).

    Parameters
    ----------
    path
        The CSV Daylio exports (any of its layouts, with or without a BOM).
    mood_scale
        Extra or replacement mood labels mapped onto 1-10, e.g. ``{"Solid": 7}``; matched
        without regard to case. Daylio's defaults are in :data:`DEFAULT_MOOD_SCALE`.

    Returns
    -------
    pandas.DataFrame
        Typed check-ins: ``date``, ``time``, ``mood``, ``activities``, ``note`` (title and
        note, HTML removed) and ``sleep_hours`` from the ``scales`` column when present.

    Raises
    ------
    UnknownLabelsError
        When moods have no mapping; the message lists them and shows ``mood_scale``.
    """
    path = Path(path)
    header, records = read_rows(path, app="Daylio")
    index = {name: i for i, name in enumerate(header)}
    if "mood" not in index or not ({"full_date", "year"} & index.keys()):
        raise ImportFormatError(
            f"{path.name} does not look like a Daylio export: its header is {header}. "
            "Export again from Daylio (More > Export Entries > CSV)."
        )
    scale = {k.lower(): float(v) for k, v in {**DEFAULT_MOOD_SCALE, **(mood_scale or {})}.items()}
    unknown = Counter(
        fields[index["mood"]].strip()
        for _, fields in records
        if len(fields) > index["mood"] and fields[index["mood"]].strip().lower() not in scale
    )
    if unknown:
        listed = ", ".join(f"{label!r} ({n}x)" for label, n in unknown.most_common())
        example = ", ".join(f"{label!r}: 7" for label in list(unknown)[:2])
        raise UnknownLabelsError(
            f"Unknown Daylio moods in {path.name}: {listed}. Pass mood_scale={{{example}, ...}} "
            "to map each onto 1-10 (awful=1, bad=3.25, meh=5.5, good=7.75, rad=10)."
        )

    rows, lines = [], []
    for line, fields in records:
        fields = _fit_to_header(fields, header, line=line, name=path.name)
        row = dict(zip(header, fields, strict=True))
        note_parts = [plain_text(row.get("note_title", "")), plain_text(row.get("note", ""))]
        sleep = _SLEEP_TIME.search(row.get("scales", ""))
        rows.append(
            {
                s.DATE: _entry_date(row, line=line, name=path.name),
                s.TIME: clock_text(row.get("time", "")),
                s.MOOD: scale[row["mood"].strip().lower()],
                s.ACTIVITIES: s.join_tags(split_pipes(row.get("activities", ""))),
                s.NOTE: "\n".join(p for p in note_parts if p) or None,
                s.SLEEP_HOURS: hours_text(sleep[1]) if sleep else None,
            }
        )
        lines.append(line)
    frame = pd.DataFrame(
        rows, columns=[s.DATE, s.TIME, s.MOOD, s.ACTIVITIES, s.NOTE, s.SLEEP_HOURS]
    )
    checkins, problems = validate_checkins(frame, lines=lines)
    raise_for_problems(problems, source=path.name, hint="Check these entries in Daylio.")
    return checkins.sort_values([s.DATE, s.TIME], kind="stable").reset_index(drop=True)


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
