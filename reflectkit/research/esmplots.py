"""Compliance charts for several prompts a day: each participant's days, and the time of day."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from .. import schema as s
from ..plots._style import PALETTE, SEQUENTIAL, calm, new_axes, set_alt_text

P, D = s.PARTICIPANT, s.DATE


def plot_compliance(by_day: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Participants by study day, each cell the share of the day's expected beeps answered.

    ``by_day`` is :func:`~reflectkit.research.esm.beep_compliance` with ``by="day"``. A day
    with nothing answered is a light cell (a count of 0, not a gap); days outside a
    participant's study stay blank. One calm sequential scale, no alarm colours.
    """
    table = by_day.reset_index()
    table = table.groupby([P, D], observed=True)[["answered", "expected"]].sum().reset_index()
    table["share"] = table["answered"] / table["expected"]
    first = table.groupby(P, observed=True)[D].transform("min")
    table["day"] = (table[D] - first).dt.days
    people = sorted(table[P].unique())
    days = int(table["day"].max()) + 1 if len(table) else 1
    grid = np.full((len(people), days), np.nan)
    grid[pd.Index(people).get_indexer(table[P]), table["day"].to_numpy()] = table["share"]
    ax = new_axes(ax, size=(9, 0.18 * len(people) + 1.8))
    ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=SEQUENTIAL,
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="none",
    )
    ax.set_yticks(range(len(people)), people, fontsize=6)
    ax.set_xlabel("study day (0 = each participant's first day)")
    ax.set_title("Share of each day's prompts answered, by participant")
    shares = [(0.0, "0 % answered"), (0.5, "half"), (1.0, "all answered")]
    ax.legend(
        handles=[
            *(Patch(color=SEQUENTIAL(v), label=label) for v, label in shares),
            Patch(facecolor="white", edgecolor="#B8C2CC", label="outside the study"),
        ],
        loc="upper right",
        bbox_to_anchor=(1.0, -0.08),
        ncols=4,
        fontsize=7,
        frameon=False,
    )
    calm(ax)
    total = table["answered"].sum() / table["expected"].sum() if table["expected"].sum() else 0
    set_alt_text(
        ax,
        f"Share of prompts answered by {len(people)} participants over up to {days} study days; "
        f"{total:.0%} of all expected prompts were answered.",
    )
    return ax


def plot_compliance_by_time(by_time: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """The share of beeps answered in each block of the day (``by="time_of_day"``)."""
    table = by_time.sort_index()
    ax = new_axes(ax)
    ax.bar(range(len(table)), table["compliance"], color=PALETTE["line"], width=0.7)
    ax.set_xticks(range(len(table)), list(table.index), rotation=0)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of prompts answered")
    ax.set_xlabel("time of day the prompt was sent")
    ax.set_title("Prompts answered by time of day")
    calm(ax)
    parts = ", ".join(f"{b}: {c:.0%}" for b, c in table["compliance"].items())
    set_alt_text(ax, f"Share of prompts answered by time of day: {parts}.")
    return ax
