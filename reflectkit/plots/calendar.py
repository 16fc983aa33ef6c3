"""A year-by-year calendar of one value: one row per year, one cell per day.

Every value is visibly tinted (the palette starts well away from white), and a day with no
entry is white with an outline, so a very low mood never looks like an empty day. Days
before the first or after the last check-in are not drawn at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import schema as s
from ._style import (
    NO_ENTRY,
    PALETTE,
    SEQUENTIAL,
    as_daily,
    no_data,
    plural,
    set_alt_text,
    title,
)

LABELS = {
    s.MOOD: "mood (1-10)",
    s.SLEEP_HOURS: "hours slept",
    s.FEELING_ACCESS: "feeling access (0-10)",
    s.ENERGY: "energy (1-5)",
    s.MOVEMENT_MINUTES: "movement minutes",
}
OUTLINE = "#B8C2CC"
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def plot_calendar(data: pd.DataFrame, *, column: str = s.MOOD) -> Figure:
    """One row per year of the history, weeks across and weekdays down, each day shaded by
    ``column``; a day with no entry is white with an outline and the legend says so."""
    import matplotlib.pyplot as plt

    days = as_daily(data)
    label = LABELS.get(column, column.replace("_", " "))
    values = days[column] if column in days else pd.Series(dtype=float)
    if values.notna().sum() == 0:
        fig, ax = plt.subplots(figsize=(9, 1.6))
        no_data(ax, f"Calendar of {label}", f"No {label.split(' (')[0]} recorded yet.")
        set_alt_text(fig, ax.get_label())
        return fig
    years = list(range(days.index.min().year, days.index.max().year + 1))
    fig, axes = plt.subplots(len(years), 1, figsize=(9.5, 1.45 * len(years) + 0.9), squeeze=False)
    field = s.FIELD_BY_NAME.get(column)
    low, high = (
        (field.minimum, field.maximum)
        if field and field.minimum is not None and field.maximum is not None
        else (float(values.min()), float(values.max()))
    )
    if column == s.MOOD:
        low = 1.0  # the mood scale starts at 1
    image = None
    for ax, year in zip(axes[:, 0], years, strict=True):
        image = _year(ax, values, year, low=low, high=high)
    assert image is not None  # at least one year
    colorbar = fig.colorbar(image, ax=list(axes[:, 0]), label=label, shrink=0.85, aspect=25)
    colorbar.ax.tick_params(labelsize="x-small")
    title(axes[0, 0], f"{label.capitalize()}, one cell per day")
    fig.legend(
        handles=[Patch(facecolor=NO_ENTRY, edgecolor=OUTLINE, label="no entry")],
        loc="outside upper right",
        fontsize="x-small",
        frameon=False,
    )
    entries = int(values.notna().sum())
    blank = int(len(values) - entries)
    year_words = f"{years[0]}" if len(years) == 1 else f"{years[0]} to {years[-1]}"
    text = (
        f"A calendar of {label} for {year_words}, one row per year: {plural(entries, 'day')} "
        f"with a value, shaded from light ({low:g}) to deep blue ({high:g})"
    )
    if blank:
        text += f"; {plural(blank, 'day')} without an entry are white with an outline"
    set_alt_text(fig, text + ".")
    return fig


def _year(ax, values: pd.Series, year: int, *, low: float, high: float):
    dates = pd.date_range(f"{year}-01-01", f"{year}-12-31")
    inside = (dates >= values.index.min()) & (dates <= values.index.max())
    first_weekday = dates[0].day_of_week
    column = (np.arange(len(dates)) + first_weekday) // 7
    row = dates.day_of_week.to_numpy()
    grid = np.full((7, 54), np.nan)
    drawn = np.zeros((7, 54), dtype=bool)
    shown = values.reindex(dates).to_numpy(dtype=float)
    grid[row[inside], column[inside]] = shown[inside]
    drawn[row[inside], column[inside]] = True
    # every day of the history is a small square: tinted by its value, or white and
    # outlined when it has no entry; days outside the history are not drawn at all
    rows, cols = np.nonzero(drawn)
    cells = grid[rows, cols]
    empty = np.isnan(cells)
    inset = 0.1
    squares = [
        [
            (c + inset, r + inset),
            (c + 1 - inset, r + inset),
            (c + 1 - inset, r + 1 - inset),
            (c + inset, r + 1 - inset),
        ]
        for r, c in zip(rows, cols, strict=True)
    ]
    blanks = PolyCollection(
        [q for q, e in zip(squares, empty, strict=True) if e],
        facecolors=NO_ENTRY,
        edgecolors=OUTLINE,
        linewidths=0.8,
    )
    ax.add_collection(blanks)
    image = PolyCollection(
        [q for q, e in zip(squares, empty, strict=True) if not e],
        array=cells[~empty],
        cmap=SEQUENTIAL,
        edgecolors="none",
    )
    image.set_clim(low, high)
    ax.add_collection(image)
    ax.set_xlim(0, 54)
    ax.set_ylim(7, 0)
    ax.set_aspect("equal")
    ax.set_yticks(np.arange(7) + 0.5, WEEKDAYS, fontsize="x-small")
    months = pd.date_range(f"{year}-01-01", periods=12, freq="MS")
    month_columns = (months.day_of_year - 1 + first_weekday) // 7
    ax.set_xticks(month_columns + 0.5, [f"{m:%b}" for m in months], fontsize="x-small")
    ax.xaxis.tick_top()
    ax.tick_params(length=0, colors=PALETTE["text"])
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_ylabel(str(year), rotation=0, ha="right", va="center", color=PALETTE["text"])
    return image


def _flat(color: str):
    from matplotlib.colors import ListedColormap

    return ListedColormap([color])


__all__ = ["plot_calendar"]
