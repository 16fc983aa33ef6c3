"""Single charts: sleep, movement, mood with feeling access, moments, connection.

Each takes check-ins (or :func:`reflectkit.trends.daily` output) and ``ax=None``, draws,
and returns the Axes, whose :func:`alt_text` is a one-sentence description. No I/O.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .. import schema as s
from ..trends import sleep_midpoint, social_jetlag, weekly_summary
from ._style import (
    PALETTE,
    as_daily,
    calm,
    draw_series,
    fmt,
    new_axes,
    set_alt_text,
    span_words,
    weekly_bars,
)


def plot_sleep(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Hours slept each night, the 7-day mean, and your usual range."""
    days = as_daily(data)
    ax = new_axes(ax)
    hours = days[s.SLEEP_HOURS]
    draw_series(ax, hours, label="hours slept")
    ax.set_ylabel("hours slept")
    ax.set_title("Sleep: hours each night")
    _finish(ax, days)
    recent = hours.dropna().tail(7)
    set_alt_text(
        ax,
        f"Hours slept each night from {span_words(days.index)}; over the last 7 nights with a "
        f"value the median was {fmt(recent.median())} hours.",
    )
    return ax


def plot_movement(data: pd.DataFrame, *, ax: Axes | None = None, week_start: str = "MON") -> Axes:
    """Days with some movement in each week (attention over intensity: days, not totals)."""
    return _days_each_week(
        data,
        "days_with_movement",
        ax=ax,
        week_start=week_start,
        color=PALETTE["bar"],
        label="days with some movement",
        title="Movement: days with some movement, each week",
        alt="Days with some movement",
    )


def plot_mood(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Mood (1-10) and feeling access (0-10): daily values light, 7-day means as lines."""
    days = as_daily(data)
    ax = new_axes(ax)
    draw_series(ax, days[s.MOOD], label="mood")
    draw_series(
        ax,
        days[s.FEELING_ACCESS],
        label="feeling access",
        color=PALETTE["second"],
        light="#C9C0DA",
        band=False,
    )
    ax.set_ylim(0, 10.5)
    ax.set_ylabel("rating (0-10)")
    ax.set_title("Mood and how reachable feelings felt")
    _finish(ax, days)
    set_alt_text(
        ax,
        f"Mood and feeling access from {span_words(days.index)}; the latest 7-day means are "
        f"{fmt(_last_mean(days[s.MOOD]))} for mood and {fmt(_last_mean(days[s.FEELING_ACCESS]))} "
        "for feeling access.",
    )
    return ax


def plot_moments(data: pd.DataFrame, *, ax: Axes | None = None, week_start: str = "MON") -> Axes:
    """Small moments of any feeling noticed each week: each one a sign of capacity."""
    days = as_daily(data)
    ax = new_axes(ax)
    weeks = weekly_summary(days.reset_index(), week_start=week_start)
    weekly_bars(
        ax,
        weeks.index,
        weeks["moments_noticed"],
        color=PALETTE["second"],
        alpha=0.7,
        label="moments noticed",
    )
    ax.set_ylabel("moments noticed")
    ax.set_title("Moments noticed each week (any feeling counts)")
    _finish(ax, days)
    total = int(weeks["moments_noticed"].sum()) if len(weeks) else 0
    set_alt_text(
        ax, f"{total} small moments noticed over {len(weeks)} weeks from {span_words(days.index)}."
    )
    return ax


def plot_connection(data: pd.DataFrame, *, ax: Axes | None = None, week_start: str = "MON") -> Axes:
    """Days with some contact (a message or more) each week."""
    return _days_each_week(
        data,
        "days_with_social_contact",
        ax=ax,
        week_start=week_start,
        color=PALETTE["line"],
        label="days with some contact",
        title="Connection: days with a message, a talk or time together",
        alt="Days with some contact with other people",
    )


def _days_each_week(
    data: pd.DataFrame,
    column: str,
    *,
    ax: Axes | None,
    week_start: str,
    color: str,
    label: str,
    title: str,
    alt: str,
) -> Axes:
    """Bars of days with something, over the days with a check-in, one pair per week."""
    days = as_daily(data)
    ax = new_axes(ax)
    weeks = weekly_summary(days.reset_index(), week_start=week_start)
    weekly_bars(
        ax,
        weeks.index,
        weeks["days_with_checkin"],
        color=PALETTE["band"],
        label="days with a check-in",
    )
    weekly_bars(ax, weeks.index, weeks[column], color=color, alpha=0.85, label=label)
    ax.set_ylim(0, 7.5)
    ax.set_ylabel("days in the week")
    ax.set_title(title)
    _finish(ax, days)
    latest = int(weeks[column].iloc[-1]) if len(weeks) else 0
    set_alt_text(
        ax,
        f"{alt} in each of {len(weeks)} weeks from {span_words(days.index)}; "
        f"the most recent week had {latest}.",
    )
    return ax


def plot_sleep_timing(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Sleep midpoint each night, on a noon-to-noon clock so midnight is not a cliff."""
    days = as_daily(data)
    ax = new_axes(ax)
    midpoint = (sleep_midpoint(days) - 12 * 60) % (24 * 60) / 60 + 12  # hours since noon, +12
    draw_series(
        ax, pd.Series(midpoint.to_numpy(), index=days.index), label="sleep midpoint", band=False
    )
    ticks = np.arange(18, 37, 3)
    ax.set_yticks(ticks, [f"{t % 24:02d}:00" for t in ticks])
    ax.set_ylabel("middle of the night's sleep")
    ax.set_title("Sleep timing: the middle of each night's sleep")
    _finish(ax, days)
    text = f"The middle of each night's sleep from {span_words(days.index)}."
    jetlag = social_jetlag(days.reset_index())
    if not np.isnan(jetlag):
        text += (
            f" Before Saturdays and Sundays it was {jetlag:.1f} hours away from the other "
            "nights (social jetlag)."
        )
    set_alt_text(ax, text)
    return ax


def _finish(ax: Axes, days: pd.DataFrame) -> None:
    calm(ax)
    ax.set_xlabel("")
    if len(days):
        ax.set_xlim(days.index.min(), days.index.max() + pd.Timedelta(days=1))
    ax.legend(loc="upper left", fontsize=7, frameon=False, ncols=3)


def _last_mean(values: pd.Series) -> float:
    recent = values.dropna().tail(7)
    return float(recent.mean()) if len(recent) else float("nan")
