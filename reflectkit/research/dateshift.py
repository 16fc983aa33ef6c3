"""Pseudonyms and date shifts: derived from the study key, the same every run, never stored.

Both come from HMAC-SHA256 under the key (with a different label for each use), so the same
key gives the same pseudonyms and offsets again and nothing about them has to be written
down; without the key they cannot be recomputed.

- **Dates** move by a whole number of weeks (weekdays and intervals are kept): a study-wide
  part and a per-participant part, both derived from the key and never stored. With a
  shared enrolment date, the midpoint of the participants' shifted first dates undoes any
  per-participant shift whose range is known; the study-wide part (more than a year, up to
  ten, either way) moves that midpoint too, so the data alone no longer narrows the real
  start down. Declared date and timestamp columns move by the same offset as ``date``
  (timestamps keep their local clock time; the time zone is removed, since a UTC offset
  shows the season). ``dates="study_day"`` replaces calendar dates by study days instead.
  When most participants began within the same week, the report warns that whoever knows
  that enrolment date can read real dates from either form: study days are then no safer
  than shifted dates, so the policy is not switched automatically.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .. import schema as s
from .columns import AnonymisationError
from .keys import checked_key

#: The per-participant part of a date shift: 1 to this many weeks, earlier or later.
MAX_SHIFT_WEEKS = 52
#: The study-wide part: this many weeks (more than the per-participant part, so the total
#: is never zero), earlier or later.
STUDY_SHIFT_WEEKS = (MAX_SHIFT_WEEKS + 1, 520)
#: Shifted dates must stay inside these (readers of CSV and Parquet handle them all).
DATE_LIMITS = (
    pd.Timestamp(s.EARLIEST_DATE),
    pd.Timestamp(s.LATEST_DATE) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1),
)
#: How a declared timestamp column's action ends when its clock times were not local.
FIXED_OFFSET_NOTE = " (time zone removed; clock times are in UTC or a fixed offset)"
_LOCAL_NOTE = " (time zone removed; local clock times kept)"
_FIXED_ZONE = re.compile(r"(Etc/)?(UTC|GMT)([+-]\d{1,2}(:?\d{2})?)?|tzutc\(\)|[+-]\d{2}:\d{2}")


def pseudonym(participant: str, *, key: bytes) -> str:
    """A keyed pseudonym: ``R`` + the first 16 hex digits of HMAC-SHA256(key, code)."""
    return keyed_pseudonym(str(participant), checked_key(key))


def date_shift_days(participant: str, *, key: bytes) -> int:
    """A participant's secret date offset in days: a non-zero whole number of weeks.

    The offset is the study-wide part (the same for everyone under ``key``) plus the
    participant's own part. It is never written anywhere; the same key gives it again.
    """
    return int(shift_days([str(participant)], checked_key(key))[0])


def keyed_pseudonym(participant: str, key: bytes) -> str:
    """:func:`pseudonym` under a key that :func:`~.keys.checked_key` has already checked."""
    return "R" + hmac.new(key, participant.encode(), hashlib.sha256).hexdigest()[:16]


def shift_days(participants: Iterable[str], key: bytes) -> np.ndarray:
    """Each participant's offset in days (study-wide part plus own part), under a checked key."""
    study = _weeks(_digest(key, b"study-shift"), *STUDY_SHIFT_WEEKS)
    own = (_weeks(_digest(key, b"date-shift", p), 1, MAX_SHIFT_WEEKS) for p in participants)
    return np.array([study + days for days in own], dtype="int64")


def _digest(key: bytes, label: bytes, participant: str = "") -> bytes:
    return hmac.new(key, label + b"\x00" + participant.encode(), hashlib.sha256).digest()


def _weeks(digest: bytes, low: int, high: int) -> int:
    weeks = low + int.from_bytes(digest[:8], "big") % (high - low + 1)
    return 7 * weeks * (1 if digest[8] % 2 else -1)


def shifted(name: str, column: pd.Series, offsets: pd.Series) -> pd.Series:
    """``column`` moved by each row's offset; refuse dates the shift would take out of range."""
    moved = column + offsets
    low, high = DATE_LIMITS
    if ((moved < low) | (moved > high)).any():
        raise AnonymisationError(
            f"shifted `{name}` values would fall outside {low.year}-{high.year}: use "
            "dates='study_day' (--dates study-day) for this data."
        )
    return moved


def shifted_declared(name: str, column: pd.Series, offsets: pd.Series) -> tuple[pd.Series, str]:
    """A declared date or timestamp column moved with ``date``, and what was done."""
    wall, note = _wall_time(name, column)
    return shifted(name, wall, offsets), f"shifted with the participant's `date`{note}"


def study_days(dates: pd.Series, first: pd.Series) -> pd.Series:
    """Days of the study: 1 on each participant's ``first`` date."""
    return (dates - first).dt.days + 1


def declared_study_days(name: str, column: pd.Series, first: pd.Series) -> pd.Series:
    """A declared date or timestamp column as study days (times of day removed)."""
    day = _wall_time(name, column)[0].dt.normalize()
    return study_days(day, first).astype("Int64")


def _wall_time(name: str, column: pd.Series) -> tuple[pd.Series, str]:
    """Dates and times as local clock times without a time zone, and a note of what changed."""
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        raise AnonymisationError(
            f"`{name}` was declared as dates, but holds numbers: write its dates as "
            "YYYY-MM-DD (or declare it in keep_numeric if the numbers are not dates)."
        )
    if not pd.api.types.is_datetime64_any_dtype(column.dtype):
        try:
            column = pd.to_datetime(column, format="ISO8601")
        except (ValueError, TypeError):
            raise AnonymisationError(
                f"`{name}` was declared as dates, but not all its values are dates or times "
                "written like 2024-03-02 or 2024-03-02T21:15, with one UTC offset for the "
                "whole column: correct them, or leave the column out."
            ) from None
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        fixed = _FIXED_ZONE.fullmatch(str(column.dt.tz))  # no daylight saving: not local time
        return column.dt.tz_localize(None), FIXED_OFFSET_NOTE if fixed else _LOCAL_NOTE
    return column, ""
