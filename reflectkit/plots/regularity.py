"""Sleep regularity over time: the Sleep Regularity Index and social jetlag, each over the
four weeks up to every week's end."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import schema as s
from ..trends import sleep_regularity_index, social_jetlag
from ._style import (
    PALETTE,
    as_daily,
    calm,
    date_axis,
    no_data,
    recorded,
    set_alt_text,
    span_words,
    title,
)
from .lines import jetlag_words

WINDOW_DAYS = 28
#: Fewest nights with times in a window before its measures are shown.
MIN_NIGHTS = 7


def sleep_regularity_over_time(data: pd.DataFrame) -> pd.DataFrame:
    """Per week's end: ``sri``, ``social_jetlag`` (hours) and ``social_jetlag_relative``
    (signed: positive when sleep before free days is later) over the previous 28 days, NaN
    where the window holds fewer than 7 nights with bedtime and wake time."""
    days = as_daily(data)
    if not recorded(days, s.BEDTIME) or not recorded(days, s.WAKE_TIME):
        return pd.DataFrame(columns=["sri", "social_jetlag", "social_jetlag_relative"], dtype=float)
    frame = days.reset_index()
    ends = pd.date_range(days.index.min() + pd.Timedelta(days=6), days.index.max(), freq="7D")
    if not len(ends) or ends[-1] != days.index.max():
        ends = pd.DatetimeIndex(ends.append(pd.DatetimeIndex([days.index.max()])))
    rows = []
    for end in ends:
        window = frame[
            (frame[s.DATE] > end - pd.Timedelta(days=WINDOW_DAYS)) & (frame[s.DATE] <= end)
        ]
        nights = int((window[s.BEDTIME].notna() & window[s.WAKE_TIME].notna()).sum())
        if nights < MIN_NIGHTS:
            rows.append((end, np.nan, np.nan, np.nan))
            continue
        rows.append(
            (
                end,
                sleep_regularity_index(window),
                social_jetlag(window),
                social_jetlag(window, relative=True),
            )
        )
    columns = ["end", "sri", "social_jetlag", "social_jetlag_relative"]
    return pd.DataFrame(rows, columns=columns).set_index("end")


def plot_sleep_regularity(data: pd.DataFrame) -> Figure:
    """Two panels: the Sleep Regularity Index (100 = the same sleep times every day) and
    social jetlag (how far sleep before weekends is from other nights), over time."""
    import matplotlib.pyplot as plt

    days = as_daily(data)
    measures = sleep_regularity_over_time(days)
    if measures["sri"].notna().sum() == 0:
        fig, ax = plt.subplots(figsize=(8, 1.6))
        no_data(
            ax,
            "Sleep regularity",
            "This appears once bedtimes and wake times are noted on 7 nights within four weeks.",
        )
        set_alt_text(fig, ax.get_label())
        return fig
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 4.6), sharex=True)
    x = pd.DatetimeIndex(measures.index)  # each value at its window's end: never before the data
    top.plot(x, measures["sri"], color=PALETTE["line"], marker="o", markersize=3, linewidth=1.8)
    low = min(0.0, float(np.nanmin(measures["sri"])) - 5)
    top.set_ylim(low, 100)
    top.set_ylabel("regularity index")
    title(top, "Sleep regularity over the four weeks up to each point (higher: more alike)")
    jetlag = measures["social_jetlag"]
    bottom.plot(x, jetlag, color=PALETTE["second"], marker="o", markersize=3, linewidth=1.8)
    bottom.set_ylim(0, max(2.0, float(np.nanmax(jetlag)) * 1.15 if jetlag.notna().any() else 2))
    bottom.set_ylabel("hours")
    title(bottom, "How far sleep before weekends was from other nights (social jetlag)")
    for ax in (top, bottom):
        calm(ax)
        date_axis(ax, days.index, "week")
    fig.subplots_adjust(hspace=0.55)
    latest = measures.dropna(subset=["sri"]).iloc[-1]
    text = (
        f"Sleep regularity {span_words(days.index)}, over four-week stretches; in the latest, "
        f"the Sleep Regularity Index was {latest['sri']:.0f} on its scale from -100 to 100, "
        "where higher means sleep and waking at more alike times from day to day"
    )
    shift = latest["social_jetlag_relative"]
    if not np.isnan(shift):
        text += ". " + jetlag_words(shift).rstrip(".")
    set_alt_text(fig, text + ".")
    return fig
