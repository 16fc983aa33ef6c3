"""Derived views of check-ins: pure functions, DataFrame in, DataFrame (or number) out."""

from .associations import association_words, associations
from .baseline import BaselineChange, baseline_band, compare_to_baseline
from .calendar import daily
from .dynamics import mssd, rmssd
from .rolling import rolling_means
from .sleep import (
    circular_mean,
    clock_gap_hours,
    midpoint_change,
    midpoint_variability,
    sleep_midpoint,
    sleep_periods,
    sleep_regularity_index,
    social_jetlag,
)
from .summary import summarise
from .weekly import weekly_summary

__all__ = [
    "BaselineChange",
    "association_words",
    "associations",
    "baseline_band",
    "circular_mean",
    "clock_gap_hours",
    "compare_to_baseline",
    "daily",
    "midpoint_change",
    "midpoint_variability",
    "mssd",
    "rmssd",
    "rolling_means",
    "sleep_midpoint",
    "sleep_periods",
    "sleep_regularity_index",
    "social_jetlag",
    "summarise",
    "weekly_summary",
]
