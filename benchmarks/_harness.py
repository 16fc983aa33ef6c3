"""Tiny harness: time a candidate against a baseline in the same run and report the ratio."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    baseline: str
    baseline_seconds: float
    seconds: float
    target: float | None  # None: the ratio is reported; `ok` says whether the goal was met
    extra: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds

    @property
    def met(self) -> bool:
        if self.ok is not None:
            return self.ok
        return self.target is None or self.ratio <= self.target

    def line(self) -> str:
        verdict = "met" if self.met else "NOT MET"
        goal = f"target <= {self.target:g}x" if self.target is not None else "goal below"
        text = (
            f"{self.name:<44} {self.ratio:6.2f}x  ({goal}, {verdict}; "
            f"{self.seconds * 1000:.1f} ms vs {self.baseline} {self.baseline_seconds * 1000:.1f} ms)"
        )
        return text + (f"\n{'':<46}{self.extra}" if self.extra else "")


def best_of(fn: Callable[[], object], *, repeat: int) -> float:
    """The fastest of ``repeat`` runs: the least disturbed by other load on a shared machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(
    a: Callable[[], object], b: Callable[[], object], *, repeat: int
) -> tuple[float, float]:
    """Median times of a and b, run alternately so that machine noise hits both alike."""
    ta, tb = [], []
    for _ in range(repeat):
        ta.append(best_of(a, repeat=1))
        tb.append(best_of(b, repeat=1))
    return statistics.median(ta), statistics.median(tb)
