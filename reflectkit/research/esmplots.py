"""Compliance charts for several prompts a day: each participant's days, and the time of day."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from .. import schema as s
from ..plots._style import PALETTE, calm, new_axes, set_alt_text
from .plots import draw_study_days, study_day_grid

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
    people, grid = study_day_grid(table[P], table[D], table["share"])
    days = grid.shape[1]
    ax = draw_study_days(
        ax,
        people,
        grid,
        title="Share of each day's prompts answered, by participant",
        shares=[(0.0, "0 % answered"), (0.5, "half"), (1.0, "all answered")],
        blank="outside the study",
        below=-0.08,
        margin=1.8,
    )
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
