"""Import check-ins into a store safely: again and again, and with an undo.

- **Already there, changed, new.** Each imported check-in is matched to the store's latest
  one with the same key (participant, date, time). It is *already there* when every value
  the import has equals the stored one (``recorded_at`` aside), *changed* when a value
  differs: then a revision is added that keeps the stored values the import does not have
  (a note written in reflectkit, say) and takes the import's; otherwise it is *new*.
  Importing the same export twice adds nothing.
- **Undo.** Every row an import adds carries the import's own ``recorded_at``, and the
  import is recorded in the store's import log (:mod:`reflectkit.io.importlog`). Undoing
  it adds a line to that log; the store then leaves those rows out when it is read, so each
  day shows what it showed before. Nothing is deleted from ``checkins.csv``.
- **Only the store's columns are stored.** Extra columns an importer returns (steps,
  Daylio's own scales) are left out and named in the summary.

Every write goes through :class:`~reflectkit.io.store.CheckinStore` (validation, journal,
lock).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError
from .importlog import ImportRecord
from .store import CheckinStore
from .tagfields import tag_fields

_VALUE_COLUMNS = [c for c in s.COLUMNS if c not in (*s.KEY_COLUMNS, s.RECORDED_AT)]


@dataclass(frozen=True)
class ImportResult:
    """What an import did (see :func:`import_into`)."""

    store_path: Path
    source: str
    app: str
    new: int
    changed: int
    unchanged: int
    unit: str = "days"
    left_out: dict[str, int] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    repeated: int = 0
    empty: int = 0
    stamp: pd.Timestamp | None = None

    @property
    def added(self) -> int:
        """Check-ins written: the new ones and the revisions of changed ones."""
        return self.new + self.changed

    def summary(self) -> str:
        """The import in a few plain lines, the first one naming the counts."""
        counts = f"{_count(self.unchanged, self.unit)} already there, {self.new} new"
        if self.changed:
            counts += f", {self.changed} changed (added as revisions; earlier values are kept)"
        lines = [
            f"Imported {self.added} check-in{'' if self.added == 1 else 's'} from {self.source} "
            f"into {self.store_path}: {counts}."
        ]
        if self.mapped and self.added:
            lines.append("From activity tags: " + "; ".join(self.mapped) + ".")
        if self.left_out:
            named = ", ".join(f"{c} ({_count(n, self.unit)})" for c, n in self.left_out.items())
            lines.append(f"Not stored (the check-ins have no column for them): {named}.")
        if self.empty:
            lines.append(
                f"{_count(self.empty, self.unit)} held nothing else, so they were not added "
                "(an empty check-in would say a day was recorded)."
            )
        if self.repeated:
            lines.append(
                f"{self.repeated} entries share their date and time with a later entry in the "
                "file; the later one is kept."
            )
        return "\n".join(lines)


def _count(n: int, unit: str) -> str:
    return f"{n} {unit if n != 1 else unit.removesuffix('s')}"


def import_into(
    store: CheckinStore,
    checkins: pd.DataFrame,
    *,
    app: str,
    source: str,
    map_tags: bool = True,
) -> ImportResult:
    """Add imported check-ins to ``store``: only new and changed ones, as one undoable import.

    Parameters
    ----------
    store
        Where the check-ins go.
    checkins
        What an importer returned (``import_daylio(...)`` and the like).
    app, source
        The app's name and the file name(s), kept in the import log.
    map_tags
        Fill ``social_contact`` from tags that leave no doubt (see
        :mod:`reflectkit.io.tagfields`).

    Returns
    -------
    ImportResult
        Counts and notes; ``.summary()`` says them in words.
    """
    frame = checkins.copy()
    extras = [c for c in frame.columns if c not in s.FIELD_BY_NAME]
    left_out = {c: int(frame[c].notna().sum()) for c in extras if frame[c].notna().any()}
    frame = frame.drop(columns=extras)
    mapped: list[str] = []
    if map_tags:
        frame, mapped = tag_fields(frame)
    for column in s.COLUMNS:
        if column not in frame:
            frame[column] = None
    keys = [_key(row) for row in frame[list(s.KEY_COLUMNS)].itertuples(index=False)]
    frame["_key"] = pd.Series(keys, index=frame.index, dtype=object)
    repeated = int(frame["_key"].duplicated(keep="last").sum())
    frame = frame.drop_duplicates("_key", keep="last")
    several_a_day = frame[[s.PARTICIPANT, s.DATE]].astype(str).duplicated().any()
    unit = "check-ins" if several_a_day else "days"

    stored = _latest_by_key(store)
    to_save: list[dict[str, object]] = []
    new = changed = unchanged = empty = 0
    for row in frame.to_dict("records"):
        before = stored.get(row["_key"])
        values = {c: row[c] for c in _VALUE_COLUMNS if not _missing(row[c])}
        if not values:
            empty += 1
        elif before is None:
            new += 1
            to_save.append({c: row[c] for c in s.KEY_COLUMNS} | values)
        elif all(_same(before.get(c), v) for c, v in values.items()):
            unchanged += 1
        else:
            changed += 1
            kept = {c: before.get(c) for c in _VALUE_COLUMNS if not _missing(before.get(c))}
            to_save.append({c: row[c] for c in s.KEY_COLUMNS} | kept | values)

    stamp = None
    if to_save:
        stamp = pd.Timestamp(dt.datetime.now(dt.UTC))
        rows = pd.DataFrame(to_save, columns=list(s.COLUMNS)).astype(object)
        rows = rows.where(rows.notna(), None)
        rows[s.RECORDED_AT] = stamp
        store.save_many(rows)
        store.imports.add_import(ImportRecord(stamp, app, source, new, changed, unchanged))
    return ImportResult(
        store.path,
        source,
        app,
        new,
        changed,
        unchanged,
        unit,
        left_out,
        mapped,
        repeated,
        empty,
        stamp,
    )


def undo_last_import(store: CheckinStore, *, stamp: pd.Timestamp | None = None) -> ImportRecord:
    """Take back the last import not yet undone; return it. Nothing is deleted.

    With ``stamp``, only when that import is still the last one (a page takes back its own
    import, never one made since in a terminal or another tab).

    Raises
    ------
    ReflectkitError
        When the store's import log names no import left to undo, or ``stamp`` is not the
        last one.
    """
    left = [r for r in store.imports.records() if r.undone_at is None]
    if not left:
        raise ReflectkitError(
            f"Nothing to undo: {store.imports.path} records no import into {store.path} "
            "that is not already undone."
        )
    last = left[-1]
    if stamp is not None and last.stamp != stamp:
        mine = [r for r in left if r.stamp == stamp]
        raise ReflectkitError(
            (
                f"{last.source} was imported after this one, so this one can no longer be "
                "taken back here. In a terminal, reflectkit import --history shows both, "
                "and reflectkit import --undo takes back the last."
            )
            if mine
            else "That import has already been taken back."
        )
    store.imports.add_undo(last.stamp, at=pd.Timestamp(dt.datetime.now(dt.UTC)))
    return last


def import_history(store: CheckinStore) -> list[ImportRecord]:
    """Every import into ``store``, oldest first, with when each was undone."""
    return store.imports.records()


def participants(checkins: pd.DataFrame) -> pd.Series:
    """Days per participant code, most first (an empty Series when no code is given)."""
    if s.PARTICIPANT not in checkins or not checkins[s.PARTICIPANT].notna().any():
        return pd.Series(dtype="int64")
    days = checkins[[s.PARTICIPANT, s.DATE]].dropna().drop_duplicates()
    return days[s.PARTICIPANT].astype(str).value_counts()


def _latest_by_key(store: CheckinStore) -> dict[tuple[str, object, str], dict[Hashable, Any]]:
    latest = store.load(skip_invalid=True)  # a row damaged by hand is not compared (warned)
    if latest.empty:
        return {}
    keyed = latest[list(s.KEY_COLUMNS)].itertuples(index=False)
    records = latest[_VALUE_COLUMNS].astype(object).to_dict("records")
    return {_key(k): r for k, r in zip(keyed, records, strict=True)}


def _key(row: tuple[object, ...]) -> tuple[str, object, str]:
    participant, date, time = row
    day = pd.Timestamp(date).normalize() if not _missing(date) else None  # type: ignore[arg-type]
    return (
        "" if _missing(participant) else str(participant),
        day,
        "" if _missing(time) else str(time),
    )


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


def _same(stored: object, imported: object) -> bool:
    if _missing(stored):
        return False
    if isinstance(imported, int | float | np.number) and not isinstance(imported, bool):
        try:
            return abs(float(stored) - float(imported)) <= 1e-6  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    if isinstance(imported, pd.Timestamp | dt.date):
        return bool(pd.Timestamp(str(stored)) == pd.Timestamp(imported))
    return str(stored) == str(imported)
