"""The personal check-in store: one append-only CSV file in the user's data folder.

Nothing is rewritten in place. Saving a day again appends a revision; reading keeps the
latest. How appends stay whole, and how a file edited elsewhere is kept intact, is in
:mod:`reflectkit.io.appendfile`; which files and folders are refused is in
:mod:`reflectkit.io.private`. Imports are remembered in ``imports.csv`` beside the store
(:mod:`reflectkit.io.importlog`): undoing one leaves its rows in the file and out of what
is read.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import SAVE_HINT, CheckinValidationError
from ..validate import PROBLEM_COLUMNS, raise_for_problems, validate_checkins
from .appendfile import AppendOnlyCsv
from .csvfile import format_records
from .importlog import ImportLog, log_path
from .load import Revisions, latest_revisions, read_checkins_bytes

HOME_VARIABLE = "REFLECTKIT_HOME"
STORE_FILE = "checkins.csv"


def default_home() -> Path:
    """Where personal data lives: ``$REFLECTKIT_HOME``, else the user data folder."""
    override = os.environ.get(HOME_VARIABLE)
    if override:  # absolute, so a program started in another folder finds the same store
        return Path(override).expanduser().absolute()
    from platformdirs import user_data_path

    return user_data_path("reflectkit", appauthor=False)


class CheckinStore:
    """Check-ins kept on this machine, readable by the owner only.

    Parameters
    ----------
    path
        A folder (the file inside is ``checkins.csv``) or a ``.csv`` file. Default:
        :func:`default_home`.

    Examples
    --------
    >>> store = CheckinStore(tmp_folder)  # doctest: +SKIP
    >>> store.save({"date": "2024-03-02", "mood": 6})  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, file_name: str = STORE_FILE):
        location = Path(path).expanduser() if path is not None else default_home()
        if location.suffix.lower() == ".csv":
            self.folder, self.path = location.parent, location
        else:
            self.folder, self.path = location, location / file_name
        self._file = AppendOnlyCsv(self.path, list(s.COLUMNS))
        #: Which imports added which rows, and which were undone (``imports.csv``).
        self.imports = ImportLog(log_path(self.path))

    def __repr__(self) -> str:
        return f"CheckinStore({str(self.folder)!r})"

    # -- writing ---------------------------------------------------------------------------

    def save(self, entry: Mapping[str, object]) -> pd.Series:
        """Validate one check-in and append it; return it as stored.

        Only the fields given are stored; a field left out stays empty. ``recorded_at``
        is set to now unless given. Raises :class:`CheckinValidationError` and writes
        nothing when any value breaks the schema's rules.
        """
        return self.save_many([entry]).iloc[0]

    def save_many(self, entries: Iterable[Mapping[str, object]] | pd.DataFrame) -> pd.DataFrame:
        """Validate check-ins and append them together; all are written or none is."""
        frame = entries.copy() if isinstance(entries, pd.DataFrame) else pd.DataFrame(list(entries))
        unknown = [c for c in frame.columns if c not in s.FIELD_BY_NAME]
        if unknown:
            known = ", ".join(s.COLUMNS)
            problems = pd.DataFrame(
                [
                    [None, c, None, f"is not a check-in field (known fields: {known})"]
                    for c in unknown
                ],
                columns=PROBLEM_COLUMNS,
            )
            raise CheckinValidationError(problems, hint=SAVE_HINT)
        if s.DATE in frame.columns:
            frame[s.DATE] = frame[s.DATE].map(_date_text)
        now = pd.Timestamp(dt.datetime.now(dt.UTC))
        if s.RECORDED_AT not in frame.columns:
            frame[s.RECORDED_AT] = now
        frame[s.RECORDED_AT] = frame[s.RECORDED_AT].where(frame[s.RECORDED_AT].notna(), now)
        typed, problems = validate_checkins(frame)
        raise_for_problems(problems, source="check-in", hint=SAVE_HINT)
        rows = typed[list(s.COLUMNS)].astype(object).to_dict("records")
        self._append(format_records(rows, list(s.COLUMNS)).encode())
        return typed[list(s.COLUMNS)]

    def _append(self, records: bytes) -> None:
        self._file.append(records)

    # -- reading ---------------------------------------------------------------------------

    def load(self, *, skip_invalid: bool = False) -> pd.DataFrame:
        """Every check-in, latest revision of each (participant, date, time).

        With ``skip_invalid``, rows with problems (say, a line damaged by hand) are left out
        with a warning instead of raising.
        """
        return self._read(revisions="latest", skip_invalid=skip_invalid)

    def history(self, date: str | dt.date, *, participant: str | None = None) -> pd.DataFrame:
        """Every saved revision of one day's check-ins, oldest first."""
        rows = self._read(revisions="all")
        on_day = rows[s.DATE] == pd.Timestamp(str(_date_text(date)))
        if participant is not None:
            on_day &= rows[s.PARTICIPANT] == participant
        return rows[on_day].reset_index(drop=True)

    def latest(self, date: str | dt.date, *, participant: str | None = None) -> pd.Series | None:
        """The latest check-in of a day (the last one if the day has several), or None."""
        day = self.history(date, participant=participant)
        return None if day.empty else latest_revisions(day).iloc[-1]

    def _read(self, *, revisions: Revisions, skip_invalid: bool = False) -> pd.DataFrame:
        complete = self._file.read_complete()
        withdrawn = self.imports.withdrawn()
        if not withdrawn:
            return read_checkins_bytes(
                complete,
                source=self.path.name,
                revisions=revisions,
                skip_invalid=skip_invalid,
                from_the_store=True,
            )
        # Rows of an undone import stay in the file; they are left out here, so each day
        # shows what it showed before that import.
        rows = read_checkins_bytes(
            complete,
            source=self.path.name,
            revisions="all",
            skip_invalid=skip_invalid,
            from_the_store=True,
        )
        kept = rows[~rows[s.RECORDED_AT].isin(list(withdrawn)).to_numpy()].reset_index(drop=True)
        return latest_revisions(kept) if revisions == "latest" else kept


def _date_text(value: object) -> object:
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
