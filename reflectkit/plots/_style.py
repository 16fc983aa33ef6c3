"""One calm, colour-blind-safe palette for the whole kit, and shared drawing helpers.

Blues and a muted violet only: no red/green pair, no alarm colours, nothing that reads as
good or bad. Daily values are drawn light; the rolling mean carries the line.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap

from .. import schema as s
from ..trends import baseline_band, daily, rolling_means
from ..trends.calendar import CHECKED_IN

PALETTE = {
    "line": "#3A5F7D",  # rolling mean: the main line
    "daily": "#A9BCCB",  # daily values, drawn light
    "band": "#E3EAF0",  # the person's usual range
    "second": "#7B6A9B",  # a second series (feeling access)
    "bar": "#8BA6BC",
    "text": "#3C4650",
}
SEQUENTIAL = LinearSegmentedColormap.from_list("reflectkit", ["#EEF3F7", "#9DB4C8", "#2F4F6B"])
NO_ENTRY = "white"


def as_daily(data: pd.DataFrame) -> pd.DataFrame:
    """A personal daily calendar from check-ins (or pass-through if already daily)."""
    if CHECKED_IN in data.columns:
        frame = data
    else:
        if s.PARTICIPANT in data.columns and data[s.PARTICIPANT].nunique() > 1:
            raise ValueError(
                "These check-ins hold several participants; personal charts show one person. "
                "Pass one, e.g. df[df['participant'] == 'P001'], or use reflectkit.research plots."
            )
        frame = daily(data.assign(**{s.PARTICIPANT: None}) if s.PARTICIPANT in data else data)
    if isinstance(frame.index, pd.MultiIndex):
        frame = frame.droplevel(s.PARTICIPANT)
    return frame


def new_axes(ax: Axes | None, *, size: tuple[float, float] = (8, 3)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size)
    return ax


def calm(ax: Axes) -> None:
    """Quiet axes: no top/right spines, soft text colour."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#B8C2CC")
    ax.tick_params(colors=PALETTE["text"], labelsize=8)
    ax.title.set_color(PALETTE["text"])
    ax.title.set_fontsize(10)
    ax.xaxis.label.set_color(PALETTE["text"])
    ax.yaxis.label.set_color(PALETTE["text"])


def draw_series(
    ax: Axes,
    values: pd.Series,
    *,
    label: str,
    color: str = PALETTE["line"],
    light: str = PALETTE["daily"],
    band: bool = True,
) -> None:
    """Daily values light, the 7-day mean as the line, the usual range as a band.

    NaN days stay NaN, so every line breaks at a gap instead of bridging it.
    """
    x = values.index
    if band:
        usual = baseline_band(values)
        ax.fill_between(
            x,
            usual["low"],
            usual["high"],
            color=PALETTE["band"],
            linewidth=0,
            label="your usual range (previous 28 days)",
            zorder=0,
        )
    ax.plot(
        x,
        values.to_numpy(dtype=float),
        color=light,
        linewidth=0.8,
        marker="o",
        markersize=2,
        label=f"{label}, each day",
        zorder=1,
    )
    mean = rolling_means(values)["7d"]
    ax.plot(
        x,
        mean.to_numpy(dtype=float),
        color=color,
        linewidth=2,
        label=f"{label}, 7-day mean",
        zorder=2,
    )


def weekly_bars(
    ax: Axes,
    weeks: pd.Index,
    heights: pd.Series,
    *,
    color: str,
    label: str,
    alpha: float = 1.0,
    width_days: float = 5,
) -> None:
    """Bars for weekly counts as one collection (one artist, not one per week: fast)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import date2num

    ax.xaxis_date()
    left = date2num(pd.DatetimeIndex(weeks).to_pydatetime())
    right = left + width_days
    top = np.nan_to_num(np.asarray(heights, dtype=float))
    verts = [
        [(x0, 0), (x0, y), (x1, y), (x1, 0)] for x0, x1, y in zip(left, right, top, strict=True)
    ]
    ax.add_collection(
        PolyCollection(verts, facecolors=color, edgecolors="none", alpha=alpha, label=label)
    )
    ax.autoscale_view()


def set_alt_text(artist: Axes | mpl.figure.Figure, text: str) -> None:
    """Attach a one-sentence description, read back by :func:`alt_text`."""
    artist.set_label(text)


def alt_text(artist: Axes | mpl.figure.Figure) -> str:
    """The one-sentence description a reflectkit plot carries (used as alt text in reports)."""
    return str(artist.get_label())


def span_words(index: pd.Index) -> str:
    if len(index) == 0:
        return "no days"
    return f"{index.min():%d %b %Y} to {index.max():%d %b %Y}"


def fmt(value: float, digits: int = 1) -> str:
    return "no value" if value is None or np.isnan(value) else f"{value:.{digits}f}"
