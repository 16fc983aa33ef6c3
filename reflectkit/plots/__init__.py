"""Calm charts of check-ins (matplotlib). Each returns its Axes (or Figure) and does no I/O."""

from ._style import PALETTE, alt_text, is_empty
from .associations import plot_associations
from .calendar import plot_calendar
from .counts import (
    plot_care_actions,
    plot_connection,
    plot_moments,
    plot_moments_by_kind,
    plot_movement,
    plot_outdoors,
)
from .lines import (
    plot_energy,
    plot_meals,
    plot_mood,
    plot_sleep,
    plot_sleep_quality,
    plot_sleep_timing,
)
from .overview import plot_overview
from .regularity import plot_sleep_regularity

__all__ = [
    "PALETTE",
    "alt_text",
    "is_empty",
    "plot_associations",
    "plot_calendar",
    "plot_care_actions",
    "plot_connection",
    "plot_energy",
    "plot_meals",
    "plot_moments",
    "plot_moments_by_kind",
    "plot_mood",
    "plot_movement",
    "plot_outdoors",
    "plot_overview",
    "plot_sleep",
    "plot_sleep_quality",
    "plot_sleep_regularity",
    "plot_sleep_timing",
]
