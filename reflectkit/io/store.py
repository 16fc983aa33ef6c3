"""The personal check-in store: one append-only CSV file in the user's data folder.

Nothing is rewritten in place. Saving a day again appends a revision; reading keeps the
latest. Every append happens under an inter-process lock, as a single write that is
flushed and fsync'd. Records end with CRLF and notes hold only bare LFs, so if a writer
dies mid-append the bytes after the last CRLF are an unfinished record: reading leaves
them out, and the next save cuts them off before appending.
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from filelock import FileLock

from .. import schema as s
from ..errors import SAVE_HINT, CheckinValidationError, StoreError
from ..validate import PROBLEM_COLUMNS, empty_checkins, raise_for_problems, validate_checkins
from .csvfile import RECORD_END, format_records, header_line
from .load import Revisions, latest_revisions, read_checkins_bytes

HOME_VARIABLE = "REFLECTKIT_HOME"
STORE_FILE = "checkins.csv"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_END = RECORD_END.encode()


def default_home() -> Path:
    """Where personal data lives: ``$REFLECTKIT_HOME``, else the user data folder."""
    override = os.environ.get(HOME_VARIABLE)
    if override:
        return Path(override).expanduser()
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
        self._lock = FileLock(self.folder / f".{self.path.name}.lock", mode=FILE_MODE)

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
        self._ensure_folder()
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.fchmod(fd, FILE_MODE)
                size = _drop_unfinished_tail(fd)
                if size == 0:
                    records = header_line(list(s.COLUMNS)).encode() + records
                else:
                    self._check_header(fd)
                try:
                    _write_all(fd, records)
                    os.fsync(fd)
                except BaseException:
                    os.ftruncate(fd, size)  # whole or absent, even on KeyboardInterrupt
                    raise
            finally:
                os.close(fd)
            if size == 0:
                _fsync_folder(self.folder)

    def _check_header(self, fd: int) -> None:
        expected = header_line(list(s.COLUMNS)).encode()
        found = os.pread(fd, len(expected) + 3, 0)
        if not found.removeprefix(b"\xef\xbb\xbf").startswith(expected):
            raise StoreError(
                f"{self.path} does not start with reflectkit's check-in header, so nothing was "
                "added to it. Point CheckinStore at another folder, or import the file with "
                "`reflectkit import` instead."
            )

    def _ensure_folder(self) -> None:
        if not self.folder.exists():
            self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            os.chmod(self.folder, FOLDER_MODE)

    # -- reading ---------------------------------------------------------------------------

    def load(self) -> pd.DataFrame:
        """Every check-in, latest revision of each (participant, date, time)."""
        return self._read(revisions="latest")

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

    def _read(self, *, revisions: Revisions) -> pd.DataFrame:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return empty_checkins()
        end = data.rfind(_END)
        complete = data[: end + len(_END)] if end >= 0 else b""
        if len(complete) < len(data.rstrip(b"\xef\xbb\xbf")):
            warnings.warn(
                f"{self.path.name}: the end of the file holds an unfinished save (the program "
                "stopped while writing). It is left out and will be removed at the next save.",
                stacklevel=3,
            )
        return read_checkins_bytes(complete, source=self.path.name, revisions=revisions)


def _date_text(value: object) -> object:
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _drop_unfinished_tail(fd: int) -> int:
    """Cut bytes after the last complete record; return the file's size afterwards."""
    size = os.fstat(fd).st_size
    if size == 0 or os.pread(fd, 2, size - 2) == _END:
        return size
    block = 1 << 16
    end = size
    while end > 0:
        start = max(0, end - block)
        chunk = os.pread(fd, end - start + 1, start)
        found = chunk.rfind(_END)
        if found >= 0:
            keep = start + found + len(_END)
            os.ftruncate(fd, keep)
            return keep
        end = start
    os.ftruncate(fd, 0)
    return 0


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
