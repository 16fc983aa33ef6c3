"""What an import can read from activity tags, where the tag leaves no doubt.

- A day tagged with one of :data:`reflectkit.vocabulary.TIME_TOGETHER_TAGS` as a whole tag
  (friends, family, date, ...) gets ``social_contact`` "time together", unless the day
  already records its contact (Bearable's own social factors, say).
- Tags that name movement (run, gym, biking, ...) or time outdoors stay tags: they carry no
  minutes, and reflectkit never invents a number. The charts already count such days as
  days with movement or time outdoors (:mod:`reflectkit.trends.care`); the import says so.
"""

from __future__ import annotations

import pandas as pd

from .. import schema as s
from ..vocabulary import MOVEMENT, OUTDOORS, TIME_TOGETHER_TAGS

TIME_TOGETHER = "time together"
_TOGETHER = {" ".join(t.split()).casefold() for t in TIME_TOGETHER_TAGS}


def tag_fields(checkins: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Fill what the tags say without doubt; return the frame and sentences saying what.

    The frame is a copy; days that already have a value keep it.
    """
    if s.ACTIVITIES not in checkins or not checkins[s.ACTIVITIES].notna().any():
        return checkins, []
    frame = checkins.copy()
    tags = frame[s.ACTIVITIES].map(s.split_tags, na_action="ignore")
    tagged = tags.dropna()
    notes: list[str] = []

    together = tagged.map(lambda row: [t for t in row if _norm(t) in _TOGETHER])
    together = together[together.map(bool)]
    if s.SOCIAL_CONTACT not in frame:
        frame[s.SOCIAL_CONTACT] = pd.Series(None, index=frame.index, dtype=object)
    fill = together.index[frame.loc[together.index, s.SOCIAL_CONTACT].isna().to_numpy()]
    if len(fill):
        frame.loc[fill, s.SOCIAL_CONTACT] = TIME_TOGETHER
        names = sorted({t for row in together.loc[fill] for t in row}, key=str.casefold)
        notes.append(f"{_listed(names)} -> contact 'time together' on {_days(frame.loc[fill])}")

    for pattern, what in ((MOVEMENT, "movement"), (OUTDOORS, "time outdoors")):
        named = sorted({t for row in tagged for t in row if pattern.search(t)}, key=str.casefold)
        if named:
            verb = "counts" if len(named) == 1 else "count"
            notes.append(f"{_listed(named)} {verb} as {what} in your charts (no minutes recorded)")
    return frame, notes


def _norm(tag: str) -> str:
    return " ".join(tag.split()).casefold()


def _listed(names: list[str], most: int = 6) -> str:
    shown = ", ".join(repr(n) for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _days(rows: pd.DataFrame) -> str:
    keys = [c for c in (s.PARTICIPANT, s.DATE) if c in rows]
    n = len(rows[keys].drop_duplicates()) if keys else len(rows)
    return f"{n} day{'s' if n != 1 else ''}"
