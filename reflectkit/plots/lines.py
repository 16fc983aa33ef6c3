"""Measures over time as lines: sleep, its timing, mood and feeling access, energy, sleep
quality, meals. Day by day for a few weeks, weekly means for months, monthly for years.

Each takes check-ins (or :func:`reflectkit.trends.daily` output) and ``ax=None``, draws,
and returns the Axes, whose :func:`alt_text` is a one-sentence description. No I/O.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .. import schema as s
from ..clock import MINUTES_PER_DAY
from ..trends import sleep_midpoint, social_jetlag
from ..trends.periods import resolution_for
from ._style import (
    PALETTE,
    as_daily,
    calm,
    date_axis,
    draw_series,
    fmt,
    legend_above,
    new_axes,
    no_data,
    plural,
    recorded,
    set_alt_text,
    span_words,
    title,
    value_range,
    whole_numbers,
)


def plot_sleep(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Hours slept each night, the 7-day mean, and your usual range."""
    days = as_daily(data)
    ax = new_axes(ax)
    heading = "Sleep: hours each night"
    if not recorded(days, s.SLEEP_HOURS):
        return no_data(ax, heading, "No sleep recorded yet.")
    resolution = resolution_for(days.index)
    drawn = draw_series(ax, days[s.SLEEP_HOURS], label="hours slept", resolution=resolution)
    value_range(ax, [drawn], bounds=(0, 24), min_span=4)
    _finish(ax, days, heading, "hours slept", resolution)
    recent = days[s.SLEEP_HOURS].dropna().tail(7)
    summary = (
        f"the one night with a value was {fmt(recent.iloc[0])} hours"
        if len(recent) == 1
        else f"the median of the last {len(recent)} nights with a value was "
        f"{fmt(recent.median())} hours"
    )
    set_alt_text(ax, f"Hours slept each night {span_words(days.index)}; {summary}.")
    return ax


def plot_sleep_timing(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The middle of each night's sleep, on an evening-to-afternoon clock."""
    days = as_daily(data)
    ax = new_axes(ax)
    heading = "Sleep timing: the middle of each night's sleep"
    midpoint = sleep_midpoint(days) if recorded(days, s.BEDTIME) else pd.Series(dtype=float)
    if midpoint.notna().sum() == 0:
        return no_data(ax, heading, "No bedtimes recorded yet.")
    # hours from noon, so midnight is in the middle of the axis instead of a cliff
    hours = pd.Series(((midpoint - 12 * 60) % MINUTES_PER_DAY / 60 + 12).to_numpy(), days.index)
    resolution = resolution_for(days.index)
    drawn = draw_series(ax, hours, label="middle of sleep", band=False, resolution=resolution)
    value_range(ax, [drawn], bounds=(12, 36), min_span=4)
    low, high = ax.get_ylim()
    ticks = np.arange(np.ceil(low), np.floor(high) + 1)
    step = max(1, int(np.ceil(len(ticks) / 6)))
    ax.set_yticks(ticks[::step], [f"{int(t) % 24:02d}:00" for t in ticks[::step]])
    _finish(ax, days, heading, "middle of sleep", resolution)
    text = f"The middle of each night's sleep {span_words(days.index)}."
    jetlag = social_jetlag(days.reset_index(), relative=True)
    if not np.isnan(jetlag):
        text += " " + jetlag_words(jetlag)
    set_alt_text(ax, text)
    return ax


def plot_mood(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Mood (1-10) and feeling access (0-10): daily values light, 7-day means as lines."""
    days = as_daily(data)
    ax = new_axes(ax)
    has_mood, has_access = recorded(days, s.MOOD), recorded(days, s.FEELING_ACCESS)
    heading = (
        "Mood and how reachable feelings felt"
        if has_mood == has_access
        else "Mood"
        if has_mood
        else "How reachable feelings felt"
    )
    if not (has_mood or has_access):
        return no_data(ax, heading, "No mood or feeling access recorded yet.")
    resolution = resolution_for(days.index)
    if has_mood:
        draw_series(ax, days[s.MOOD], label="mood", resolution=resolution)
    if has_access:
        draw_series(
            ax,
            days[s.FEELING_ACCESS],
            label="feeling access",
            color=PALETTE["second"],
            light=PALETTE["second_light"],
            band=False,
            resolution=resolution,
        )
    ax.set_ylim(-0.3, 10.5)  # 0 and 1 sit clear of the axis line
    ax.set_yticks(range(0, 11, 2) if has_access else range(1, 11))
    _finish(ax, days, heading, "rating (0-10)" if has_access else "mood (1-10)", resolution)
    parts = []
    if has_mood:
        parts.append(f"{_recent_mean_words(days[s.MOOD])} for mood")
    if has_access:
        parts.append(f"{_recent_mean_words(days[s.FEELING_ACCESS])} for feeling access")
    shown = " and ".join(["mood"] * has_mood + ["feeling access"] * has_access)
    set_alt_text(ax, f"{shown.capitalize()} {span_words(days.index)}; {' and '.join(parts)}.")
    return ax


def plot_energy(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Energy (1 = very little, 5 = plenty)."""
    return _rating(data, s.ENERGY, ax=ax, heading="Energy", label="energy", low=1, high=5)


def plot_sleep_quality(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """How restful the sleep felt (1 = not at all, 5 = very)."""
    return _rating(
        data,
        s.SLEEP_QUALITY,
        ax=ax,
        heading="How restful sleep felt",
        label="restful",
        low=1,
        high=5,
    )


def plot_meals(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Meals eaten each day (a count: attention to regular meals, not a target)."""
    days = as_daily(data)
    ax = new_axes(ax)
    heading = "Meals each day"
    if not recorded(days, s.MEALS):
        return no_data(ax, heading, "No meals recorded yet.")
    resolution = resolution_for(days.index)
    drawn = draw_series(ax, days[s.MEALS], label="meals", band=False, resolution=resolution)
    top = np.nanmax(drawn) if np.isfinite(drawn).any() else 3
    ax.set_ylim(0, max(4, float(top)) + 0.5)
    whole_numbers(ax)
    _finish(ax, days, heading, "meals", resolution)
    count = int(days[s.MEALS].notna().sum())
    set_alt_text(
        ax,
        f"Meals noted on {plural(count, 'day')} {span_words(days.index)}; "
        f"{_recent_mean_words(days[s.MEALS])}.",
    )
    return ax


def _rating(
    data: pd.DataFrame,
    column: str,
    *,
    ax: Axes | None,
    heading: str,
    label: str,
    low: int,
    high: int,
) -> Axes:
    days = as_daily(data)
    ax = new_axes(ax)
    if not recorded(days, column):
        return no_data(ax, heading, f"No {label} ratings recorded yet.")
    resolution = resolution_for(days.index)
    draw_series(ax, days[column], label=label, band=False, resolution=resolution)
    ax.set_ylim(low - 0.5, high + 0.5)
    ax.set_yticks(range(low, high + 1))
    _finish(ax, days, heading, f"rating ({low}-{high})", resolution)
    set_alt_text(
        ax,
        f"{heading} {span_words(days.index)}, on a scale of {low} to {high}; "
        f"{_recent_mean_words(days[column])}.",
    )
    return ax


def _finish(ax: Axes, days: pd.DataFrame, heading: str, ylabel: str, resolution) -> None:
    calm(ax)
    title(ax, heading)
    ax.set_ylabel(ylabel)
    date_axis(ax, days.index, resolution)
    legend_above(ax)


def _recent_mean_words(values: pd.Series) -> str:
    """'the mean of the last 5 days with a value is 4.9', or 'the one day ... was 4'."""
    recent = values.dropna().tail(7)
    if len(recent) == 1:
        return f"the one day with a value was {fmt(recent.iloc[0])}"
    return f"the mean of the last {len(recent)} days with a value is {fmt(recent.mean())}"


def jetlag_words(hours: float) -> str:
    """Signed social jetlag in words: minutes below two hours, 'about the same' below 15."""
    if abs(hours) < 0.25:
        return "Before Saturdays and Sundays it was at about the same time as on other nights."
    amount = f"{abs(hours):.1f} hours" if abs(hours) >= 2 else f"{round(abs(hours) * 60)} minutes"
    direction = "later" if hours > 0 else "earlier"
    return (
        f"Before Saturdays and Sundays it was about {amount} {direction} than on other nights "
        "(social jetlag)."
    )
