"""The import log beside a store: which imports added which rows, and which were undone.

One small append-only CSV (``imports.csv`` beside ``checkins.csv``, with the same file
rules: journal, lock, owner-only permissions, never rewritten). An import adds one line;
undoing it adds another. The rows an import added to the store all carry the import's own
``recorded_at`` (its *stamp*), so an undone import's rows are recognised by it and left out
when the store is read, while every byte of them stays in ``checkins.csv``.

Columns: ``recorded_at`` (the import's stamp, or when an undo was made), ``action``
(``import`` or ``undo``), ``app``, ``source`` (file names), ``new``, ``changed``,
``unchanged`` (check-ins) and ``undoes`` (the stamp of the import an undo takes back).
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .appendfile import AppendOnlyCsv
from .csvfile import format_records

COLUMNS = ("recorded_at", "action", "app", "source", "new", "changed", "unchanged", "undoes")
LOG_FILE = "imports.csv"
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")


def log_path(store_file: Path) -> Path:
    """``imports.csv`` beside the default ``checkins.csv``; ``NAME-imports.csv`` beside others."""
    if store_file.name == "checkins.csv":
        return store_file.with_name(LOG_FILE)
    return store_file.with_name(f"{store_file.stem}-{LOG_FILE}")


@dataclass(frozen=True)
class ImportRecord:
    """One import as the log remembers it."""

    stamp: pd.Timestamp
    app: str
    source: str
    new: int
    changed: int
    unchanged: int
    undone_at: pd.Timestamp | None = None


class ImportLog:
    """The import log of one store (see the module docs)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = AppendOnlyCsv(path, list(COLUMNS))

    def records(self) -> list[ImportRecord]:
        """Every import, oldest first, with when it was undone (if it was)."""
        imports: dict[pd.Timestamp, ImportRecord] = {}
        undone: dict[pd.Timestamp, pd.Timestamp] = {}
        for row in self._rows():
            stamp = _timestamp(row.get("recorded_at", ""))
            if stamp is None:
                continue
            if row.get("action") == "import":
                imports[stamp] = ImportRecord(
                    stamp,
                    row.get("app", ""),
                    row.get("source", ""),
                    _count(row.get("new")),
                    _count(row.get("changed")),
                    _count(row.get("unchanged")),
                )
            elif row.get("action") == "undo" and (target := _timestamp(row.get("undoes", ""))):
                undone.setdefault(target, stamp)
        return [
            ImportRecord(**{**vars(r), "undone_at": undone.get(r.stamp)}) for r in imports.values()
        ]

    def withdrawn(self) -> set[pd.Timestamp]:
        """The stamps of undone imports: their rows are left out when the store is read."""
        if not os.path.lexists(self.path):  # the usual case: no lock file made for nothing
            return set()
        return {r.stamp for r in self.records() if r.undone_at is not None}

    def add_import(self, record: ImportRecord) -> None:
        """Remember an import whose rows carry ``record.stamp`` as their ``recorded_at``."""
        self._append(
            {
                "recorded_at": record.stamp,
                "action": "import",
                "app": record.app,
                "source": record.source,
                "new": record.new,
                "changed": record.changed,
                "unchanged": record.unchanged,
            }
        )

    def add_undo(self, stamp: pd.Timestamp, *, at: pd.Timestamp) -> None:
        """Remember that the import with ``stamp`` was undone at ``at``."""
        self._append({"recorded_at": at, "action": "undo", "undoes": stamp.isoformat()})

    def _append(self, row: Mapping[Hashable, object]) -> None:
        self._file.append(format_records([row], list(COLUMNS)).encode())

    def _rows(self) -> list[dict[str, str]]:
        data = self._file.read_complete().decode("utf-8", errors="replace").removeprefix("\ufeff")
        rows = list(csv.DictReader(io.StringIO(data, newline="")))
        bad = [r for r in rows if None in r or r.get("action") not in ("import", "undo")]
        if bad:
            warnings.warn(
                f"{self.path.name}: {len(bad)} line(s) are not import records and were skipped; "
                "an import they name can no longer be undone from here.",
                stacklevel=4,
            )
        return [
            {k: _ESCAPED.sub(lambda m: m[0][1:], v or "") for k, v in r.items() if k}
            for r in rows
            if r not in bad
        ]


def _timestamp(text: str) -> pd.Timestamp | None:
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp) or stamp.tzinfo is None:
        return None
    return stamp.tz_convert("UTC")


def _count(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0
