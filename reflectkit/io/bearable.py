"""Import Bearable CSV exports (long format: one row per rating or factor).

Mapping, one check-in per day:

- ``Mood`` ratings (1-10) -> ``mood``, the day's mean; the words in their detail
  (``Meh | Anxious``) -> ``moments``, since any feeling noticed counts;
- ``Energy`` (1-5) -> ``energy``, the day's mean;
- ``Sleep`` (``H:MM``) -> ``sleep_hours``, summed over the day's records; bedtime and wake
  time from ``Asleep HH:MM - HH:MM`` (else ``In bed ...``) when the day has one record;
- ``Sleep quality`` (1-5) -> ``sleep_quality``, the day's last rating;
- social ``Factors`` -> ``social_contact`` (highest of the day): "No social contact" ->
  none, "Little social contact" -> message, "Moderately Sociable" -> conversation,
  "Very Sociable" and "With ..." -> time together; every other factor -> ``activities``;
- ``notes`` -> ``note``. Symptoms, medication, food and gratitude entries are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins
from ._text import hours_text, read_rows, split_pipes

_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b")
_SPAN = re.compile(r"(Asleep|In bed)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})")
SOCIAL_FACTORS = {
    "no social contact": "none",
    "little social contact": "message",
    "moderately sociable": "conversation",
    "very sociable": "time together",
}
_LEVEL = {level: i for i, level in enumerate(s.SOCIAL_CONTACT_LEVELS)}
REQUIRED = ("date", "category", "rating/amount", "detail")


def import_bearable(path: str | Path) -> pd.DataFrame:
    """Read a Bearable export into one check-in per day (mapping in the module docs)."""
    path = Path(path)
    header, records = read_rows(path, app="Bearable")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFormatError(
            f"{path.name} does not look like a Bearable export: no {', '.join(missing)} column. "
            "Export again from Bearable (Settings > Export data > CSV)."
        )
    days: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    first_line: dict[str, int] = {}
    for line, fields in records:
        row = dict(zip(header, fields, strict=False))
        if any(row.get(c) is None for c in REQUIRED):
            raise ImportFormatError(
                f"{path.name} line {line} has {len(fields)} fields where the header has "
                f"{len(header)}: the file may be cut off or damaged. Export it again from "
                "Bearable."
            )
        date = _date(row["date"], line=line, name=path.name)
        first_line.setdefault(date, line)
        _collect(days[date], row, where=f"{path.name} line {line}")
    rows = [_day_row(date, parts) for date, parts in days.items()]
    frame = pd.DataFrame(
        rows,
        columns=[
            s.DATE,
            s.MOOD,
            s.ENERGY,
            s.SLEEP_HOURS,
            s.BEDTIME,
            s.WAKE_TIME,
            s.SLEEP_QUALITY,
            s.SOCIAL_CONTACT,
            s.ACTIVITIES,
            s.MOMENTS,
            s.NOTE,
        ],
    )
    lines = [first_line[d] for d in days]
    checkins, problems = validate_checkins(frame, lines=lines)
    raise_for_problems(problems, source=path.name, hint="Check these days in Bearable.")
    return checkins.sort_values(s.DATE).reset_index(drop=True)


def _collect(day: dict[str, list], row: dict[str, str], *, where: str) -> None:
    category = row["category"].strip().lower()
    amount, detail = row["rating/amount"].strip(), row["detail"]
    if category == "mood" and amount:
        day["mood"].append(_number(amount, where=where))
        day["moments"].extend(split_pipes(detail))
    elif category == "energy" and amount:
        day["energy"].append(_number(amount, where=where))
    elif category == "sleep":
        hours = hours_text(amount)
        if hours is not None:
            day["sleep"].append(hours)
            day["spans"].append(_sleep_span(detail))
    elif category == "sleep quality" and amount:
        day["quality"].append(_number(amount, where=where))
    elif category == "factors":
        for factor in split_pipes(detail):
            level = SOCIAL_FACTORS.get(factor.lower())
            if level is None and factor.lower().startswith("with "):
                level = "time together"
            if level is not None:
                day["social"].append(level)
            else:
                day["activities"].append(factor)
    if row.get("notes", "").strip():
        day["notes"].append(row["notes"].strip())


def _number(text: str, *, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise ImportFormatError(
            f"{where}: `rating/amount` must be a number, got {text[:60]!r}. Correct that "
            "entry in Bearable and export again, or remove the line from the file."
        )
    return value


def _day_row(date: str, day: dict[str, list]) -> dict[str, object]:
    span = day["spans"][0] if len(day["spans"]) == 1 else (None, None)
    social = max(day["social"], key=_LEVEL.__getitem__) if day["social"] else None
    return {
        s.DATE: date,
        s.MOOD: float(np.mean(day["mood"])) if day["mood"] else None,
        s.ENERGY: float(np.mean(day["energy"])) if day["energy"] else None,
        s.SLEEP_HOURS: float(sum(day["sleep"])) if day["sleep"] else None,
        s.BEDTIME: span[0],
        s.WAKE_TIME: span[1],
        s.SLEEP_QUALITY: day["quality"][-1] if day["quality"] else None,
        s.SOCIAL_CONTACT: social,
        s.ACTIVITIES: s.join_tags(day["activities"]),
        s.MOMENTS: s.join_tags(day["moments"]),
        s.NOTE: "\n".join(dict.fromkeys(day["notes"])) or None,
    }


def _sleep_span(detail: str) -> tuple[str | None, str | None]:
    spans = {kind: (start, end) for kind, start, end in _SPAN.findall(detail)}
    start, end = spans.get("Asleep") or spans.get("In bed") or (None, None)
    return (start.zfill(5), end.zfill(5)) if start and end else (None, None)


def _date(text: str, *, line: int, name: str) -> str:
    cleaned = _ORDINAL.sub(r"\1", text.strip())
    parsed = pd.to_datetime(cleaned, format="%d %b %Y", errors="coerce")
    if pd.isna(parsed):
        raise ImportFormatError(
            f"{name} line {line}: `date` must look like '22nd Sep 2020', got {text!r}."
        )
    return parsed.strftime("%Y-%m-%d")
