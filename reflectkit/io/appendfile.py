"""An append-only CSV file: whole appends under a lock, fsync'd, owner-only permissions.

Records end with CRLF and text holds only bare LFs, so the bytes after the last CRLF are an
unfinished append (a writer died mid-write): reading leaves them out, and the next append
cuts them off first. Nothing is ever rewritten in place.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from filelock import FileLock

from ..errors import StoreError
from .csvfile import RECORD_END, header_line

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_END = RECORD_END.encode()


class AppendOnlyCsv:
    """One CSV file with a fixed header that only ever grows by whole records."""

    def __init__(self, path: Path, columns: list[str]) -> None:
        self.path = path
        self.columns = columns
        self._lock = FileLock(path.parent / f".{path.name}.lock", mode=FILE_MODE)

    def append(self, records: bytes) -> None:
        """Append CSV records (each ending in CRLF) in one write: all land, or none."""
        self._ensure_folder()
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
            try:
                os.fchmod(fd, FILE_MODE)
                size = _drop_unfinished_tail(fd)
                if size == 0:
                    records = header_line(self.columns).encode() + records
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
                _fsync_folder(self.path.parent)

    def read_complete(self) -> bytes:
        """The file's complete records (b"" when there is no file yet)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return b""
        end = data.rfind(_END)
        complete = data[: end + len(_END)] if end >= 0 else b""
        if len(complete) < len(data.rstrip(b"\xef\xbb\xbf")):
            warnings.warn(
                f"{self.path.name}: the end of the file holds an unfinished save (the program "
                "stopped while writing). It is left out and will be removed at the next save.",
                stacklevel=3,
            )
        return complete

    def _check_header(self, fd: int) -> None:
        expected = header_line(self.columns).encode()
        found = os.pread(fd, len(expected) + 3, 0)
        if not found.removeprefix(b"\xef\xbb\xbf").startswith(expected):
            raise StoreError(
                f"{self.path} does not start with reflectkit's header for this file, so nothing "
                "was added to it. Point the store at another folder, or import the file with "
                "`reflectkit import` instead."
            )

    def _ensure_folder(self) -> None:
        folder = self.path.parent
        if not folder.exists():
            folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
            os.chmod(folder, FOLDER_MODE)


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
