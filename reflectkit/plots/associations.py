"""What went along with mood (or feeling access, energy, moments noticed): one dot per
factor at the difference, its interval as a line, the no-difference line marked.

Calm on purpose: the factors keep one fixed order (never sorted by size), a clear
difference is a darker blue than an unclear one (no red or green, nothing reads as good or
bad). Its one-sentence description (the caption in the notebook and the report) gives the
clear differences with their ranges, says how the ranges allow for many comparisons, names
the factors still waiting for days, and says these went together, not that one causes the
other.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from .. import schema as s
from ..trends.associations import MIN_DAYS, OUTCOMES, associations
from ..trends.calendar import CHECKED_IN
from ._style import PALETTE, calm, legend_above, new_axes, no_data, set_alt_text, span_words, title


def plot_associations(
    data: pd.DataFrame, *, outcome: str = s.MOOD, lag: int = 0, ax: Axes | None = None
) -> Axes:
    """The outcome on days with and without each factor (:func:`reflectkit.trends.associations`):
    a dot at the difference, a line across the range the data fit, and the line of no
    difference. In the fixed order of the table, never by size; only factors with enough days
    on both sides. The alt text is the caption: see the module's description."""
    checkins = data
    if CHECKED_IN in data.columns:  # a daily calendar: back to the days with a check-in
        checkins = data[data[CHECKED_IN]].drop(columns=CHECKED_IN).reset_index()
    table = associations(checkins, outcome, lag)
    about = OUTCOMES[table.attrs["outcome"]]
    name = about.name[0].upper() + about.name[1:]
    heading = (
        f"{name} on days with and without each thing"
        if lag == 0
        else f"{name} on the day after days with and without each thing"
    )
    shown = table[table["enough"]].reset_index(drop=True)
    ax = new_axes(ax, size=(8, 0.42 * max(len(shown), 2) + 1.4))
    if shown.empty:
        return no_data(
            ax,
            heading,
            f"Nothing to show yet: a comparison needs at least {MIN_DAYS} days with something "
            f"and {MIN_DAYS} without, with {about.name} recorded.",
        )
    y = np.arange(len(shown))
    for clear, color, label in (
        (True, PALETTE["line"], "a clear difference"),
        (False, PALETTE["bar"], "no clear difference"),
    ):
        rows = shown["clear"].to_numpy() == clear
        if not rows.any():
            continue
        ax.hlines(y[rows], shown["low"][rows], shown["high"][rows], color=color, linewidth=2.2)
        ax.plot(
            shown["difference"][rows], y[rows], "o", color=color, markersize=7, label=label,
            zorder=3,
        )  # fmt: skip
    ax.axvline(
        0, color=PALETTE["text"], linewidth=1, linestyle=(0, (4, 3)), zorder=1,
        label="no difference",
    )  # fmt: skip
    ax.set_yticks(y, list(shown["factor"]))
    ax.set_ylim(len(shown) - 0.4, -0.6)  # the first factor on top
    reach = float(np.nanmax(np.abs(shown[["low", "high"]].to_numpy())))
    ax.set_xlim(-max(1.0, reach * 1.08), max(1.0, reach * 1.08))
    unit = about.unit or "count"
    ax.set_xlabel(f"difference in {about.name} ({unit}) and its likely range")
    ax.grid(axis="x", color=PALETTE["grid"], linewidth=0.6)
    ax.set_axisbelow(True)
    calm(ax)
    title(ax, heading)
    legend_above(ax)
    set_alt_text(ax, _alt_text(table, shown, name, lag))
    return ax


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "\N{MINUS SIGN}")


def _plain(label: str) -> str:
    """``sleep (per hour)`` as ``sleep, per hour`` for use inside a sentence's brackets."""
    return label.replace(" (", ", ").removesuffix(")")


def _alt_text(table: pd.DataFrame, shown: pd.DataFrame, name: str, lag: int) -> str:
    """One sentence: what was compared, the clear differences with their ranges, how the
    ranges allow for chance, the factors waiting for days, and that none of it is a cause."""
    about = OUTCOMES[table.attrs["outcome"]]
    first, last = table.attrs["first"], table.attrs["last"]
    things = f"{len(shown)} thing{'s' if len(shown) != 1 else ''}"
    start = (
        f"{name}{' on the day after' if lag else ' on'} days with and without {things} "
        f"{span_words(pd.DatetimeIndex([first, last]))}: "
    )
    clear = shown[shown["clear"]]
    if clear.empty:
        found = "no clear difference with any of them (each range holds zero)"
    else:
        unit = f" {about.unit}" if about.unit else ""
        parts = [
            f"{_plain(str(factor))} (about {abs(size):.1f}{unit} "
            f"{about.up if size > 0 else about.down}, {_signed(low)} to {_signed(high)})"
            for factor, size, low, high in zip(
                clear["factor"],
                clear["difference"].astype(float),
                clear["low"].astype(float),
                clear["high"].astype(float),
                strict=True,
            )
        ]
        found = "a clear difference with " + "; ".join(parts)
        rest = len(shown) - len(clear)
        if rest:
            found += f", and no clear difference with the other {rest}"
    compared, fdr = int(table.attrs["compared"]), float(table.attrs["fdr"])
    if compared > 1:
        found += (
            f"; the ranges are widened for {compared} comparisons (false discovery rate "
            f"{100 * fdr:g} %, Benjamini-Hochberg)"
        )
    waiting = list(table.loc[~table["enough"], "factor"])
    if waiting:
        found += f"; not enough days yet ({MIN_DAYS} on each side) for {', '.join(waiting)}"
    return start + found + "; these went together, they are not causes."
