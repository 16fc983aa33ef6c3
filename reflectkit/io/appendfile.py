"""An append-only CSV file that never loses a byte.

- The header is checked before anything is written: a file with another header is never
  touched.
- Bytes already in the file are never rewritten. A file edited elsewhere (LF or CRLF line
  ends, a BOM, no final line break, a spreadsheet's quoting) is appended to as it is; a line
  break is added first when its last line has none.
- An append is all or nothing. The records are first written to a journal beside the file
  (``.checkins.csv.pending``) and fsync'd, then appended; if the program dies in between, the
  next reader or writer completes the append from the journal, or, when the file was changed
  meanwhile, keeps the journal's records in a dated side file and says so.
- A file that ends inside a quoted value (a record cut off by an editor, or by a crash of a
  version without the journal) is never appended into: that unfinished record is copied to
  a dated side file beside the file, then removed from it, and a warning names the side file.
- Links are refused, a folder others can write to is refused, and permissions are set only
  on files created here (see :mod:`reflectkit.io.private`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import StoreError
from .csvfile import (
    RECORD_END,
    UnclosedQuoteError,
    header_line,
    line_number,
    parse_header,
    unfinished_record_start,
)
from .private import (
    CLOEXEC,
    FILE_MODE,
    check_private_folder,
    ensure_private_folder,
    explain_os_error,
    fsync_folder,
    new_file,
    open_file,
)

_BOM = b"\xef\xbb\xbf"
_JOURNAL_MAGIC = b"reflectkit pending append 1\n"
LOCK_TIMEOUT = 30.0  # seconds; a save takes milliseconds


class AppendOnlyCsv:
    """One CSV file with a fixed header that only ever grows by whole records."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self.header = header_line(columns).encode()
        self.journal = path.parent / f".{path.name}.pending"
        self._lock = FileLock(path.parent / f".{path.name}.lock", mode=FILE_MODE)

    # -- writing ---------------------------------------------------------------------------

    def append(self, records: bytes) -> None:
        """Append CSV records (each ending in CRLF): all of them land, or none.

        Raises :class:`StoreError` (or ``FileNotFoundError``) with a one-line message that
        names the file and the next step; the file is then exactly as it was.
        """
        try:
            self._append(records)
        except OSError as err:
            if isinstance(err, StoreError):
                raise
            raise explain_os_error(err, self.path) from None

    def _append(self, records: bytes) -> None:
        ensure_private_folder(self.path.parent)
        with self._locked():
            fd, created = open_file(self.path, os.O_RDWR | os.O_APPEND, create=True)
            try:
                self._recover(fd)
                size = os.fstat(fd).st_size
                if size == 0:
                    data = self.header + records
                else:
                    blank = self._check_header(fd, size)
                    if blank:  # a spreadsheet added empty columns: keep every row as wide
                        records = records.replace(b"\r\n", b"," * blank + b"\r\n")
                    size = self._set_aside_unfinished(fd, size, fields=len(self.columns) + blank)
                    last = os.pread(fd, 1, size - 1)
                    data = records if last in (b"\n", b"\r") else RECORD_END.encode() + records
                self._append_journaled(fd, size, data)
            finally:
                os.close(fd)
            if created:
                fsync_folder(self.path.parent)

    def _append_journaled(self, fd: int, offset: int, data: bytes) -> None:
        self._write_journal(offset, data)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except BaseException:
            try:
                os.ftruncate(fd, offset)  # only the bytes just written: whole or absent
            except OSError:
                raise  # the journal stays: the next open completes or sets aside the save
            self._forget_journal()
            raise
        self._forget_journal()

    def _write_journal(self, offset: int, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        head = _JOURNAL_MAGIC + f"{offset} {len(data)} {digest}\n".encode()
        try:
            fd = new_file(self.journal)
        except FileExistsError:
            raise StoreError(
                f"{self.journal} is in the way of saving; it should not exist. "
                "Move it somewhere else and save again."
            ) from None
        try:
            _write_all(fd, head + data)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                self.journal.unlink()
            raise
        os.close(fd)
        fsync_folder(self.path.parent)

    def _recover(self, fd: int) -> None:
        """Finish (or set aside) an append that an earlier process did not finish."""
        try:
            journal_fd, _ = open_file(self.journal, os.O_RDONLY)
        except FileNotFoundError:
            return
        with os.fdopen(journal_fd, "rb") as file:
            parsed = _parse_journal(file.read())
        if parsed is None:  # the journal itself was cut off: the file was not touched yet
            self._forget_journal()
            return
        offset, data = parsed
        landed = os.fstat(fd).st_size - offset
        there = os.pread(fd, max(landed, 0), offset)
        if 0 < landed <= len(data) and not there.strip(b"\0"):
            # a power cut left the file's new length with zeros where the append was: these
            # are our own bytes, not yet written, so write them now from the journal
            repair = os.open(self.path, os.O_WRONLY | CLOEXEC)
            try:
                os.pwrite(repair, data[:landed], offset)
                os.fsync(repair)
            finally:
                os.close(repair)
            there = data[:landed]
        if 0 <= landed <= len(data) and there == data[:landed]:
            if landed < len(data):
                _write_all(fd, data[landed:])
                os.fsync(fd)
                warnings.warn(
                    f"{self.path.name}: a save that was interrupted earlier has now been "
                    "completed, so nothing of it is lost.",
                    stacklevel=4,
                )
        else:
            records = data.removeprefix(self.header).removeprefix(RECORD_END.encode())
            side = self._side_file("unsaved", self.header + records)
            warnings.warn(
                f"{self.path.name} was changed after a save was interrupted, so that save "
                f"was not added to it. Its records are kept, unchanged, in {side} (a CSV "
                "file you can open, or load with reflectkit.load_checkins).",
                stacklevel=4,
            )
        self._forget_journal()

    def _forget_journal(self) -> None:
        # a folder we may not change (read-only): the next writer finds the save complete
        with contextlib.suppress(OSError):
            self.journal.unlink()

    def _set_aside_unfinished(self, fd: int, size: int, *, fields: int) -> int:
        """Move an unfinished last record to a side file; return the file's size afterwards."""
        data = os.pread(fd, size, 0)
        start = self._unfinished(data, fields=fields)
        if start is None:
            return size
        tail = data[start:]
        side = self._side_file("unfinished", tail)
        os.ftruncate(fd, start)  # only after the side file is safely on disk
        os.fsync(fd)
        line = line_number(data, start)
        warnings.warn(
            f"{self.path.name} ended in the middle of a record (line {line}), perhaps "
            "because a program stopped while writing it. That unfinished record was moved, "
            f"unchanged, to {side}; your other check-ins are untouched.",
            stacklevel=4,
        )
        return start

    def _side_file(self, kind: str, data: bytes) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(1000):
            suffix = "" if n == 0 else f"-{n}"
            path = self.path.with_name(f"{self.path.stem}-{kind}-{stamp}{suffix}.csv")
            try:
                fd = new_file(path)
            except FileExistsError:
                continue
            try:
                _write_all(fd, data)
                os.fsync(fd)
            except BaseException:
                os.close(fd)
                with contextlib.suppress(OSError):
                    path.unlink()  # no half side file left behind (a full disk)
                raise
            os.close(fd)
            fsync_folder(self.path.parent)
            return path
        raise StoreError(f"Could not create a side file next to {self.path}.")

    def _check_header(self, fd: int, size: int) -> int:
        """Refuse a file with another header; return how many empty columns a spreadsheet
        added after ours (each new record gets as many empty fields)."""
        found = parse_header(os.pread(fd, min(size, 1 << 20), 0))
        blank = len(found) - len(found[: len(self.columns)])
        if found[: len(self.columns)] != self.columns or any(
            n.strip() for n in found[len(self.columns) :]
        ):
            raise StoreError(
                f"{self.path} does not start with reflectkit's header for this file, so "
                "nothing was added to it. Point the store at another folder (REFLECTKIT_HOME), "
                "or make the file's first line reflectkit's header again: "
                f"{','.join(self.columns)}"
            )
        return blank

    def _unfinished(self, data: bytes, *, fields: int | None) -> int | None:
        try:
            return unfinished_record_start(data, fields=fields)
        except UnclosedQuoteError as err:
            raise StoreError(
                f'{self.path.name} line {err.line} opens a quoted value (") that is never '
                "closed, so everything after it reads as one value; nothing was changed. "
                "Open the file and close or remove that quote."
            ) from None

    # -- reading ---------------------------------------------------------------------------

    def read_complete(self) -> bytes:
        """The file's complete records (b"" when there is no file yet).

        An unfinished last record is left out with a warning; the next append moves it to a
        side file.
        """
        try:
            data = self._read()
        except OSError as err:
            if isinstance(err, StoreError):
                raise
            raise explain_os_error(err, self.path) from None
        start = self._unfinished(data, fields=self._fields(data))
        if start is not None:
            line = line_number(data, start)
            warnings.warn(
                f"{self.path.name}: the last record (from line {line}) is unfinished, perhaps "
                "because a program stopped while writing it. It is left out here; the next "
                "save moves it, unchanged, to a side file next to the store.",
                stacklevel=3,
            )
            data = data[:start]
        return data

    def _fields(self, data: bytes) -> int | None:
        """The header's field count when it is this file's header (else no count check)."""
        found = parse_header(data[: 1 << 20])
        return len(found) if found[: len(self.columns)] == self.columns else None

    def _read(self) -> bytes:
        if not self.path.parent.exists():  # nothing saved yet (and the lock would create it)
            return b""
        check_private_folder(self.path.parent)
        with self._locked(reading=True):
            try:
                fd, _ = open_file(self.path, os.O_RDONLY)
            except FileNotFoundError:
                return b""
            try:
                if os.path.lexists(self.journal):
                    self._recover_for_reading()
                return _read_all(fd)
            finally:
                os.close(fd)

    def _recover_for_reading(self) -> None:
        try:
            fd, _ = open_file(self.path, os.O_RDWR | os.O_APPEND)
        except (PermissionError, StoreError):
            return  # a read-only store: the next writer completes the save
        try:
            self._recover(fd)
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def _locked(self, *, reading: bool = False) -> Iterator[None]:
        try:
            self._lock.acquire(timeout=LOCK_TIMEOUT)
        except Timeout:
            raise StoreError(
                f"Another program has been saving to {self.path} for {LOCK_TIMEOUT:.0f} s. "
                "Wait a moment and try again."
            ) from None
        except OSError:
            if not reading:
                raise
            yield  # a folder we may not write to: read without the lock
            return
        try:
            yield
        finally:
            self._lock.release()


def _parse_journal(raw: bytes) -> tuple[int, bytes] | None:
    if not raw.startswith(_JOURNAL_MAGIC):
        return None
    head, _, data = raw[len(_JOURNAL_MAGIC) :].partition(b"\n")
    try:
        offset_text, length_text, digest = head.decode("ascii").split(" ")
        offset, length = int(offset_text), int(length_text)
    except ValueError:
        return None
    if len(data) != length or hashlib.sha256(data).hexdigest() != digest:
        return None
    return offset, data


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
