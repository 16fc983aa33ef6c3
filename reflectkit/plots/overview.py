"""Small multiples of every chart in one figure."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from ._style import as_daily, set_alt_text
from .charts import plot_connection, plot_moments, plot_mood, plot_movement, plot_sleep

PANELS = {
    "sleep": plot_sleep,
    "movement": plot_movement,
    "mood": plot_mood,
    "moments": plot_moments,
    "connection": plot_connection,
}


def plot_overview(data: pd.DataFrame, *, panels: tuple[str, ...] = tuple(PANELS)) -> Figure:
    """Sleep, movement, mood, moments and connection stacked on one shared time axis.

    Leave any chart out with ``panels``, e.g. ``panels=("sleep", "mood")``.
    """
    import matplotlib.pyplot as plt

    unknown = set(panels) - set(PANELS)
    if unknown:
        raise ValueError(f"Unknown panels {sorted(unknown)}; choose from {', '.join(PANELS)}")
    days = as_daily(data)
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(9, 2.3 * len(panels)), sharex=True, squeeze=False
    )
    descriptions = []
    for ax, name in zip(axes[:, 0], panels, strict=True):
        PANELS[name](days, ax=ax)
        descriptions.append(ax.get_label())
    fig.subplots_adjust(hspace=0.45, top=0.97, bottom=0.04, left=0.09, right=0.98)
    set_alt_text(fig, f"An overview of {len(panels)} charts: " + " ".join(descriptions))
    return fig
