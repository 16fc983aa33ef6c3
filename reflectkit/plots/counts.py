"""Days with some care, week by week (month by month for long histories): movement, time
outdoors, contact, each care action; and the small moments noticed, of any kind.

Attention over intensity: days, not totals. A day counts only where it was recorded
(:mod:`reflectkit.trends.care`): the light bar is the days with an answer, the darker one
the days with something, so an app that never recorded movement shows no movement bars,
never zeros.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .. import schema as s
from ..trends.care import care_actions, contact, moved, outdoors
from ..trends.periods import (
    Resolution,
    period_days,
    period_length,
    period_starts,
    resolution_for,
)
from ._style import (
    PALETTE,
    SEQUENTIAL,
    as_daily,
    calm,
    date_axis,
    legend_above,
    new_axes,
    no_data,
    period_bars,
    plural,
    set_alt_text,
    span_words,
    title,
    whole_numbers,
)


def plot_movement(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Days with some movement in each week (days, not minutes)."""
    days = as_daily(data)
    return _days_with(
        days,
        moved(days),
        ax=ax,
        heading="Movement: days with some movement",
        label="days with some movement",
        nothing="No movement recorded yet.",
        color=PALETTE["bar"],
    )


def plot_outdoors(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Days with some time outdoors in each week."""
    days = as_daily(data)
    return _days_with(
        days,
        outdoors(days),
        ax=ax,
        heading="Time outdoors: days with some",
        label="days outdoors",
        nothing="No time outdoors recorded yet.",
        color=PALETTE["bar"],
    )


def plot_connection(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Days with some contact (a message or more) each week."""
    days = as_daily(data)
    return _days_with(
        days,
        contact(days),
        ax=ax,
        heading="Connection: days with a message, a talk or time together",
        label="days with some contact",
        nothing="No contact with others recorded yet.",
        color=PALETTE["line"],
    )


def plot_moments(data: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Small moments of any feeling noticed each week: each one a sign of capacity."""
    days = as_daily(data)
    ax = new_axes(ax)
    heading = "Moments noticed (any feeling counts)"
    counts = _moment_counts(days)
    if counts is None:
        return no_data(ax, heading, "No moments recorded yet.")
    resolution = counting_resolution(days.index)
    starts = period_starts(pd.DatetimeIndex(days.index), resolution)
    per = counts.groupby(starts).sum(min_count=1)
    period_bars(
        ax, per.index, per.to_numpy(), resolution=resolution, color=PALETTE["second"], alpha=0.7,
        label=f"moments noticed each {resolution}",
    )  # fmt: skip
    top = float(np.nanmax(per.to_numpy())) if per.notna().any() else 0
    ax.set_ylim(0, max(5.0, top * 1.1))
    whole_numbers(ax)
    _finish(ax, days, heading, "moments", resolution)
    total = int(np.nansum(per.to_numpy()))
    set_alt_text(
        ax,
        f"{plural(total, 'small moment')} noticed {span_words(days.index)}, counted each "
        f"{resolution}; any feeling counts.",
    )
    return ax


def plot_moments_by_kind(data: pd.DataFrame, *, ax: Axes | None = None, kinds: int = 8) -> Axes:
    """How often each kind of moment was noticed: sad ones count as much as glad ones."""
    days = as_daily(data)
    ax = new_axes(ax, size=(8, 3))
    heading = "Moments noticed, by kind (each one a sign of feeling)"
    tags = days[s.MOMENTS].dropna() if s.MOMENTS in days else pd.Series(dtype=object)
    labels = pd.Series([t for value in tags for t in s.split_tags(value)], dtype=object)
    if labels.empty:
        return no_data(ax, heading, "No moments recorded yet.")
    counts = labels.value_counts()
    shown = counts.head(kinds)
    others = counts.iloc[kinds:]
    y = np.arange(len(shown))[::-1]
    ax.barh(y, shown.to_numpy(), color=PALETTE["second"], alpha=0.75, height=0.6)
    ax.set_yticks(y, list(shown.index))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("times noticed")
    calm(ax)
    title(ax, heading)
    listed = ", ".join(f"{name} {n}" for name, n in shown.items())
    more = ""
    if len(others):
        more = f"; and {plural(len(others), 'other kind')}, {int(others.sum())} times in all"
        ax.set_xlabel(f"times noticed ({plural(len(others), 'other kind')} not shown)")
    set_alt_text(ax, f"Moments noticed {span_words(days.index)}, by kind: {listed}{more}.")
    return ax


def plot_care_actions(
    data: pd.DataFrame, *, ax: Axes | None = None, min_days: int = 3, most: int = 10
) -> Axes:
    """Each small care action (used on at least ``min_days`` days, the ``most`` commonest):
    on how many days of each week (or month) it happened. Blank where none were recorded.

    Tags imported from another app are shown as "activities you tagged": reflectkit does not
    call another app's tags (work, a habit someone is tracking) care.
    """
    days = as_daily(data)
    actions = care_actions(days, min_days=min_days)
    kit_words = set(s.SUGGESTED_ACTIVITIES)
    care = bool(kit_words & set(actions.columns)) or actions.empty
    heading = (
        "Small care: days with each action" if care else "Activities you tagged: days with each"
    )
    hidden = max(0, len(actions.columns) - most)
    if hidden:
        order = actions.fillna(False).astype(bool).sum().sort_values(ascending=False)
        actions = actions[list(order.index[:most])]
    ax = new_axes(ax, size=(8, 0.45 * max(len(actions.columns), 2) + 1.4))
    if actions.empty or not actions.columns.size:
        return no_data(
            ax, "Small care", "Care actions appear here once one is noted on three days."
        )
    resolution = counting_resolution(days.index)
    tables = {name: period_days(actions[name], resolution) for name in actions.columns}
    starts = next(iter(tables.values())).index
    grid = np.vstack([tables[n]["yes"].to_numpy(dtype=float) for n in actions.columns])
    recorded_any = next(iter(tables.values()))["recorded"].to_numpy() > 0
    grid[:, ~recorded_any] = np.nan  # no tags at all that period: blank, not zero
    most = 7 if resolution == "week" else 31
    from matplotlib.dates import date2num

    edges = date2num(
        pd.DatetimeIndex([*starts, starts[-1] + period_length(resolution)]).to_pydatetime()
    )
    mesh = ax.pcolormesh(
        edges,
        np.arange(len(actions.columns) + 1),
        np.ma.masked_invalid(grid),
        cmap=SEQUENTIAL.with_extremes(bad="white", under="#F4F6F8"),  # a week without it
        vmin=0.5,
        vmax=most,
        edgecolors="white",
        linewidth=1.0,
    )
    ax.set_yticks(np.arange(len(actions.columns)) + 0.5, list(actions.columns))
    ax.invert_yaxis()
    ax.xaxis_date()
    calm(ax)
    title(ax, heading)
    date_axis(ax, days.index, resolution)
    unit = {"week": "week", "month": "month", "day": "day"}[resolution]
    ax.figure.colorbar(mesh, ax=ax, label=f"days in the {unit}", shrink=0.8, pad=0.01)
    totals = ", ".join(f"{n} on {plural(int(actions[n].sum()), 'day')}" for n in actions.columns)
    what = "Small care actions" if care else "Activities you tagged"
    more = f"; and {plural(hidden, 'other tag')}" if hidden else ""
    set_alt_text(ax, f"{what} {span_words(days.index)}: {totals}{more}.")
    return ax


def _days_with(
    days: pd.DataFrame,
    flags: pd.Series,
    *,
    ax: Axes | None,
    heading: str,
    label: str,
    nothing: str,
    color: str,
) -> Axes:
    ax = new_axes(ax)
    if flags.notna().sum() == 0:
        return no_data(ax, heading, nothing)
    resolution = counting_resolution(days.index)
    table = period_days(flags, resolution)
    period_bars(
        ax,
        table.index,
        table["recorded"],
        resolution=resolution,
        color=PALETTE["recorded"],
        label="days with an answer",
    )
    period_bars(
        ax, table.index, table["yes"], resolution=resolution, color=color, alpha=0.9, label=label
    )
    most = {"day": 1, "week": 7, "month": 31}[resolution]
    ax.set_ylim(0, most + (0.5 if most > 1 else 0.1))
    whole_numbers(ax)
    _finish(ax, days, heading, _unit_label(resolution), resolution)
    answered = table[table["recorded"] > 0]
    text = f"{label.capitalize()} each {resolution} {span_words(days.index)}"
    if len(answered):
        latest = answered.iloc[-1]
        text += (
            f"; the latest {resolution} with an answer has {plural(int(latest['recorded']), 'day')}"
            + (
                f", {int(latest['yes'])} of them {label.removeprefix('days ')}"
                if latest["yes"]
                else ""
            )
        )
    set_alt_text(ax, text + ".")
    return ax


def _moment_counts(days: pd.DataFrame) -> pd.Series | None:
    if s.MOMENTS not in days or days[s.MOMENTS].notna().sum() == 0:
        return None
    counts = days[s.MOMENTS].map(lambda v: len(s.split_tags(v)), na_action="ignore")
    return counts.astype(float)


def counting_resolution(dates: pd.Index) -> Resolution:
    """Days are counted per week at least: a day-by-day yes or no says little."""
    resolution = resolution_for(dates)
    return "week" if resolution == "day" else resolution


def _unit_label(resolution: Resolution) -> str:
    return {"day": "yes or no", "week": "days in the week", "month": "days in the month"}[
        resolution
    ]


def _finish(ax: Axes, days: pd.DataFrame, heading: str, ylabel: str, resolution) -> None:
    calm(ax)
    title(ax, heading)
    ax.set_ylabel(ylabel)
    date_axis(ax, days.index, resolution)
    legend_above(ax)
