"""Small multiples of the main charts in one figure, each panel with its own dates."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from matplotlib.figure import Figure

from .. import schema as s
from ..trends.care import contact, moved, outdoors
from ._style import as_daily, no_data, recorded, set_alt_text
from .counts import plot_connection, plot_moments, plot_movement, plot_outdoors
from .lines import (
    plot_energy,
    plot_meals,
    plot_mood,
    plot_sleep,
    plot_sleep_quality,
    plot_sleep_timing,
)

PANELS: dict[str, Callable[..., object]] = {
    "sleep": plot_sleep,
    "sleep_timing": plot_sleep_timing,
    "sleep_quality": plot_sleep_quality,
    "movement": plot_movement,
    "outdoors": plot_outdoors,
    "meals": plot_meals,
    "mood": plot_mood,
    "energy": plot_energy,
    "moments": plot_moments,
    "connection": plot_connection,
}
#: Shown by default, when they have anything to show.
DEFAULT_PANELS = ("sleep", "movement", "mood", "moments", "connection")


def panels_with_data(data: pd.DataFrame, panels: tuple[str, ...] = tuple(PANELS)) -> list[str]:
    """The panels among ``panels`` whose fields were recorded at least once."""
    days = as_daily(data)
    has = {
        "sleep": recorded(days, s.SLEEP_HOURS),
        "sleep_timing": recorded(days, s.BEDTIME),
        "sleep_quality": recorded(days, s.SLEEP_QUALITY),
        "movement": moved(days).notna().any(),
        "outdoors": outdoors(days).notna().any(),
        "meals": recorded(days, s.MEALS),
        "mood": recorded(days, s.MOOD, s.FEELING_ACCESS),
        "energy": recorded(days, s.ENERGY),
        "moments": recorded(days, s.MOMENTS),
        "connection": contact(days).notna().any(),
    }
    return [p for p in panels if has[p]]


def plot_overview(data: pd.DataFrame, *, panels: tuple[str, ...] | None = None) -> Figure:
    """The main charts stacked, each with its own date labels.

    By default sleep, movement, mood, moments and connection, each only when something was
    recorded for it; choose others with ``panels``, e.g. ``panels=("sleep", "energy")``.
    """
    import matplotlib.pyplot as plt

    chosen = DEFAULT_PANELS if panels is None else tuple(panels)
    unknown = set(chosen) - set(PANELS)
    if unknown:
        raise ValueError(f"Unknown panels {sorted(unknown)}; choose from {', '.join(PANELS)}")
    days = as_daily(data)
    shown = panels_with_data(days, chosen) if panels is None else list(chosen)
    if not shown:
        fig, ax = plt.subplots(figsize=(9, 1.6))
        no_data(ax, "Overview", "Nothing recorded yet: your first check-in will show here.")
        set_alt_text(fig, ax.get_label())
        return fig
    fig, axes = plt.subplots(
        len(shown), 1, figsize=(9, 2.6 * len(shown)), squeeze=False, sharex=True
    )  # one time axis, so the panels' dates line up
    descriptions = []
    for ax, name in zip(axes[:, 0], shown, strict=True):
        PANELS[name](days, ax=ax)
        descriptions.append(ax.get_label())
    fig.subplots_adjust(hspace=0.75, top=0.96, bottom=0.04, left=0.09, right=0.98)
    charts = "chart" if len(shown) == 1 else "charts"
    set_alt_text(fig, f"An overview of {len(shown)} {charts}: " + " ".join(descriptions))
    return fig
