"""Progress as one tidy line on stderr: ``Drawing 8 charts... done``."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO


class Progress:
    """One line for one step of work; on a terminal it counts up in place.

    Anywhere else (a log, a pipe) it writes the line once and ``done`` at its end, so a log
    holds one line, not a line per chart. When the work stops with an error the line is
    ended, and the error's own message follows on a line of its own.
    """

    def __init__(
        self, what: str, total: int, *, stream: TextIO | None = None, enabled: bool = True
    ) -> None:
        self.what, self.total, self.done = what, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.live = enabled and _is_terminal(self.stream)

    def __enter__(self) -> Progress:
        if self.live:
            self._write(f"\r{self._counting()}")
        elif self.enabled:
            self._write(f"{self.what} {self.total} charts...")
        return self

    def step(self) -> None:
        """One more item done."""
        self.done += 1
        if self.live:
            self._write(f"\r{self._counting()}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.enabled:
            return
        if kind is not None:
            self._write("\n")
            return
        if not self.live:
            self._write(" done\n")
            return
        finished = f"{self.what} {self.total} charts... done"
        self._write("\r" + finished.ljust(len(self._counting())) + "\n")  # over the counting

    def _counting(self) -> str:
        return f"{self.what} chart {min(self.done + 1, self.total)} of {self.total}..."

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
