"""One calm, colour-blind-safe palette for the whole kit, and shared drawing helpers.

Blues and a muted violet only: no red/green pair, no alarm colours, nothing that reads as
good or bad. Daily values are drawn light; the rolling mean carries the line. Every chart
decides from the data: nothing recorded is said in words, never drawn as empty axes or
zeros; date labels on every panel; legends above the plot, never on the data; whole-number
ticks for counts; font sizes relative to ``font.size`` so a caller can scale them.
"""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import MaxNLocator

from .. import schema as s
from ..trends import baseline_band, daily, rolling_means
from ..trends.calendar import CHECKED_IN
from ..trends.periods import (
    Resolution,
    period_length,
    period_means,
    period_starts,
    resolution_for,
)

PALETTE = {
    "line": "#3A5F7D",  # rolling mean: the main line
    "daily": "#A9BCCB",  # daily values, drawn light
    "band": "#E3EAF0",  # the person's usual range
    "second": "#7B6A9B",  # a second series (feeling access)
    "second_light": "#C9C0DA",
    "bar": "#8BA6BC",
    "recorded": "#E3EAF0",  # days with an answer, behind the days with something
    "text": "#3C4650",
    "grid": "#D5DCE2",
}
#: Light blue-grey to deep blue: even the lowest value is clearly tinted, so it never looks
#: like an empty day (which is white with an outline).
SEQUENTIAL = LinearSegmentedColormap.from_list("reflectkit", ["#9FB4C8", "#6E8DAA", "#2F4F6B"])
NO_ENTRY = "white"
#: A chart never shows less than this many days, so a short history does not fill a panel.
SHORTEST_VIEW_DAYS = 28
#: A weekly or monthly mean from fewer days than this is drawn hollow.
FEW_DAYS = {"day": 0, "week": 3, "month": 7}


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


def recorded(days: pd.DataFrame, *columns: str) -> bool:
    """Whether any of ``columns`` holds a value on any day."""
    return any(c in days and days[c].notna().any() for c in columns)


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
    ax.tick_params(colors=PALETTE["text"], labelsize="small")
    ax.title.set_color(PALETTE["text"])
    ax.xaxis.label.set_color(PALETTE["text"])
    ax.yaxis.label.set_color(PALETTE["text"])


def title(ax: Axes, text: str) -> None:
    """A left-aligned title with room for the legend between it and the plot."""
    ax.set_title(text, loc="left", pad=20, fontsize="medium", color=PALETTE["text"])


def legend_above(ax: Axes) -> None:
    """The legend in one row between the title and the plot: it never covers data."""
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=len(handles),
            fontsize="x-small",
            frameon=False,
            borderaxespad=0.2,
            handlelength=1.6,
            columnspacing=1.2,
        )


#: The gid of axes that only say nothing was recorded (a report leaves such charts out).
NO_DATA = "reflectkit-no-data"


def no_data(ax: Axes, heading: str, message: str) -> Axes:
    """Say in words that nothing is recorded yet, instead of drawing empty axes."""
    ax.set_axis_off()
    ax.set_gid(NO_DATA)
    title(ax, heading)
    ax.text(
        0.0,
        0.5,
        message,
        transform=ax.transAxes,
        ha="left",
        va="center",
        color=PALETTE["text"],
        fontsize="small",
        wrap=True,
    )
    set_alt_text(ax, f"{heading.rstrip(':')}. {message}")
    return ax


def is_empty(chart: Axes | mpl.figure.Figure) -> bool:
    """Whether a chart only says that nothing was recorded."""
    axes = chart.axes if isinstance(chart, mpl.figure.Figure) else [chart]
    return bool(axes) and all(a.get_gid() == NO_DATA for a in axes)


def date_axis(ax: Axes, dates: pd.Index, resolution: Resolution) -> None:
    """Readable dates on this panel, the last day at the right-hand edge; a short history
    shows at least four weeks, reaching back before its first day (never into the future)."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    if len(dates):
        first = pd.Timestamp(dates.min())
        start = min(
            first - pd.Timedelta(days=1),
            pd.Timestamp(period_starts(pd.DatetimeIndex([first]), resolution)[0]),
        )
        end = pd.Timestamp(dates.max()) + period_length(resolution)
        start = min(start, end - pd.Timedelta(days=SHORTEST_VIEW_DAYS))
        ax.set_xlim(start, end)  # type: ignore[arg-type]
    locator = AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(
        ConciseDateFormatter(
            locator,
            formats=["%Y", "%b", "%-d %b", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%Y", "%b %Y", "%-d %b", "%H:%M", "%H:%M"],
            show_offset=False,
        )
    )
    ax.tick_params(axis="x", labelbottom=True)
    ax.set_xlabel("")


def whole_numbers(ax: Axes) -> None:
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=3))


def value_range(
    ax: Axes, values: list[np.ndarray], *, bounds: tuple[float, float], min_span: float
) -> None:
    """A y range around the data, never narrower than ``min_span`` (so a small change does
    not look dramatic) and never outside ``bounds``."""
    data: np.ndarray = (
        np.concatenate([np.asarray(v, dtype=float).ravel() for v in values])
        if values
        else np.asarray([], dtype=float)
    )
    data = data[~np.isnan(data)]
    low, high = (float(data.min()), float(data.max())) if len(data) else bounds
    if high - low < min_span:
        middle = (high + low) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    pad = (high - low) * 0.08
    low, high = max(bounds[0], low - pad), min(bounds[1], high + pad)
    if high - low < min_span:  # pushed against a bound: extend the other way
        low, high = (
            (bounds[0], bounds[0] + min_span) if low == bounds[0] else (high - min_span, high)
        )
    ax.set_ylim(low, high)


def draw_series(
    ax: Axes,
    values: pd.Series,
    *,
    label: str,
    color: str = PALETTE["line"],
    light: str = PALETTE["daily"],
    band: bool = True,
    resolution: Resolution | None = None,
) -> np.ndarray:
    """Draw one measure at the resolution the history's length calls for.

    Day by day: daily values light, the 7-day mean as the line and (``band``) the usual
    range. Week by week or month by month: the period means as a line with dots. NaN stays
    NaN, so every line breaks at a gap instead of bridging it. Returns the values drawn.
    """
    resolution = resolution or resolution_for(values.index)
    if resolution != "day":
        means = period_means(values, resolution)
        counts = (
            period_means(values.notna().astype(float), resolution) * period_length(resolution).days
        )
        x = pd.DatetimeIndex(means.index) + period_length(resolution) / 2
        ax.plot(
            x,
            means.to_numpy(dtype=float),
            color=color,
            linewidth=1.8,
            marker="o",
            markersize=3.5,
            label=f"{label}, {'weekly' if resolution == 'week' else 'monthly'} mean",
            zorder=2,
        )
        few = (counts < FEW_DAYS[resolution]).to_numpy() & means.notna().to_numpy()
        if few.any():  # a mean of a few days: hollow, so it does not read as a real change
            ax.plot(
                x[few], means[few].to_numpy(dtype=float), linestyle="none", marker="o",
                markersize=5, markerfacecolor="white", markeredgecolor=color, zorder=3,
                label=f"a {resolution} with few days",
            )  # fmt: skip
        return means.to_numpy(dtype=float)
    days = values.index
    if band and values.notna().sum() >= 8:
        usual = baseline_band(values)
        if usual["low"].notna().any():
            ax.fill_between(
                days,
                usual["low"],
                usual["high"],
                color=PALETTE["band"],
                linewidth=0,
                label="your usual range (previous 28 days)",
                zorder=0,
            )
    ax.plot(
        days,
        values.to_numpy(dtype=float),
        color=light,
        linewidth=0.8,
        marker="o",
        markersize=2.5,
        label=f"{label}, each day",
        zorder=1,
    )
    alone = _alone(values)
    if alone.any():  # a day with no neighbour would be a faint speck: a clear dot instead
        ax.plot(
            days[alone], values[alone].to_numpy(dtype=float), linestyle="none", marker="o",
            markersize=5, color=color, zorder=3,
        )  # fmt: skip
    mean = rolling_means(values)["7d"]
    if mean.notna().any():
        ax.plot(
            days,
            mean.to_numpy(dtype=float),
            color=color,
            linewidth=2,
            label=f"{label}, 7-day mean",
            zorder=2,
        )
    return values.to_numpy(dtype=float)


def _alone(values: pd.Series) -> np.ndarray:
    """Days with a value whose day before and day after have none."""
    present = values.notna().to_numpy()
    before = np.r_[False, present[:-1]]
    after = np.r_[present[1:], False]
    return present & ~before & ~after


def period_bars(
    ax: Axes,
    starts: pd.Index,
    heights: pd.Series | np.ndarray,
    *,
    resolution: Resolution,
    color: str,
    label: str,
    alpha: float = 1.0,
) -> None:
    """Bars for counts per period as one collection (one artist, not one per period: fast)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.dates import date2num

    ax.xaxis_date()
    width = period_length(resolution).days * (0.8 if resolution != "day" else 0.7)
    left = (
        date2num(pd.DatetimeIndex(starts).to_pydatetime())
        + (period_length(resolution).days - width) / 2
    )
    top = np.nan_to_num(np.asarray(heights, dtype=float))
    verts = [
        [(x0, 0), (x0, y), (x0 + width, y), (x0 + width, 0)]
        for x0, y in zip(left, top, strict=True)
    ]
    ax.add_collection(
        PolyCollection(verts, facecolors=color, edgecolors="none", alpha=alpha, label=label)
    )


def set_alt_text(artist: Axes | mpl.figure.Figure, text: object) -> None:
    """Attach a one-sentence description, read back by :func:`alt_text`."""
    artist.set_label(text)


def alt_text(artist: Axes | mpl.figure.Figure) -> str:
    """The one-sentence description a reflectkit plot carries (used as alt text in reports)."""
    return str(artist.get_label())


def span_words(index: pd.Index) -> str:
    """``from 1 Mar 2026 to 30 Jun 2026``, or ``on 30 Jun 2026`` for a single day."""
    if len(index) == 0:
        return "on no days yet"
    if index.min() == index.max():
        return f"on {index.min():%-d %b %Y}"
    return f"from {index.min():%-d %b %Y} to {index.max():%-d %b %Y}"


def fmt(value: float, digits: int = 1) -> str:
    return "no value" if value is None or np.isnan(value) else f"{value:.{digits}f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 day``, ``2 days``."""
    return f"{n} {word if n == 1 else many or word + 's'}"
