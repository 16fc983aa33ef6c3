"""Calm charts of check-ins (matplotlib). Each returns its Axes (or Figure) and does no I/O."""

from ._style import PALETTE, alt_text
from .calendar import plot_calendar
from .charts import (
    plot_connection,
    plot_moments,
    plot_mood,
    plot_movement,
    plot_sleep,
    plot_sleep_timing,
)
from .overview import plot_overview

__all__ = [
    "PALETTE",
    "alt_text",
    "plot_calendar",
    "plot_connection",
    "plot_moments",
    "plot_mood",
    "plot_movement",
    "plot_overview",
    "plot_sleep",
    "plot_sleep_timing",
]
