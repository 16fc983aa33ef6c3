"""A month-by-day calendar of one value: a quiet heatmap where gaps are blank, not zero."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .. import schema as s
from ._style import NO_ENTRY, PALETTE, SEQUENTIAL, as_daily, calm, new_axes, set_alt_text

NOT_A_DAY = "#F4F5F6"
LABELS = {
    s.MOOD: "mood (1-10)",
    s.SLEEP_HOURS: "hours slept",
    s.FEELING_ACCESS: "feeling access (0-10)",
    s.MOVEMENT_MINUTES: "movement minutes",
}


def plot_calendar(
    data: pd.DataFrame, *, column: str = s.MOOD, year: int | None = None, ax: Axes | None = None
) -> Axes:
    """One row per month, one cell per day, shaded by ``column``; a day with no entry is
    left blank and the legend calls it "no entry". Defaults to the latest year with data.
    """
    days = as_daily(data)
    ax = new_axes(ax, size=(9, 4))
    year = (
        int(days.index.max().year)
        if year is None and len(days)
        else (year or pd.Timestamp.now().year)
    )
    values = days[column].reindex(pd.date_range(f"{year}-01-01", f"{year}-12-31"))
    grid = np.full((12, 31), np.nan)
    real_day = np.zeros((12, 31), dtype=bool)
    # days before the first or after the last check-in are not "no entry" days
    dates = pd.DatetimeIndex(values.index)
    within = (
        (dates >= days.index.min()) & (dates <= days.index.max()) if len(days) else dates != dates
    )
    for date, value, inside in zip(dates, values.to_numpy(), within, strict=True):
        grid[date.month - 1, date.day - 1] = value
        real_day[date.month - 1, date.day - 1] = inside
    ax.imshow(np.where(real_day, np.nan, 1.0), cmap=_flat(NOT_A_DAY), aspect="auto", vmin=0, vmax=1)
    field = s.FIELD_BY_NAME.get(column)
    low, high = (
        (field.minimum, field.maximum) if field and field.minimum is not None else (None, None)
    )
    cmap = SEQUENTIAL.with_extremes(bad=NO_ENTRY)
    image = ax.imshow(
        np.ma.masked_invalid(np.where(real_day, grid, np.nan)),
        cmap=cmap,
        aspect="auto",
        vmin=low,
        vmax=high,
    )
    # blank cells: white on the calendar, so draw the grid lines that make them visible
    ax.set_xticks(np.arange(-0.5, 31, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, 12, 1), minor=True)
    ax.grid(which="minor", color="#D5DCE2", linewidth=0.5)
    ax.tick_params(which="minor", length=0)
    ax.set_yticks(range(12), [pd.Timestamp(year, m, 1).strftime("%b") for m in range(1, 13)])
    ax.set_xticks(range(0, 31, 5), [str(d + 1) for d in range(0, 31, 5)])
    ax.set_xlabel("day of the month")
    label = LABELS.get(column, column.replace("_", " "))
    ax.set_title(f"{year}: {label}, one cell per day")
    ax.figure.colorbar(image, ax=ax, label=label, shrink=0.8)
    no_entry = Patch(facecolor=NO_ENTRY, edgecolor="#B8C2CC", label="no entry")
    ax.legend(
        handles=[no_entry],
        loc="upper right",
        bbox_to_anchor=(1.0, -0.08),
        fontsize=7,
        frameon=False,
    )
    calm(ax)
    entries = int(values.notna().sum())
    set_alt_text(
        ax,
        f"A calendar of {label} for {year}: {entries} days with a value; the other days are blank.",
    )
    return ax


def _flat(color: str):
    from matplotlib.colors import ListedColormap

    return ListedColormap([color]).with_extremes(bad=(0, 0, 0, 0))


__all__ = ["PALETTE", "plot_calendar"]
