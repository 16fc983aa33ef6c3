"""Cohort charts: who took part when, everyone's line with the cohort mean, small multiples,
and a within-person association with its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .. import schema as s
from ..plots._style import PALETTE, SEQUENTIAL, calm, new_axes, set_alt_text
from ..trends import rolling_means
from ..trends.dates import as_dates

P, D = s.PARTICIPANT, s.DATE


def plot_compliance_calendar(checkins: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Participants by study day: a filled cell where a check-in exists, blank where not."""
    people, grid = study_day_grid(checkins[P], checkins[D], np.ones(len(checkins)))
    ax = draw_study_days(
        ax,
        people,
        grid,
        title="Check-ins by participant and study day",
        shares=[(1.0, "check-in")],
        blank="no entry",
        below=-0.06,
    )
    share = np.isfinite(grid).sum() / grid.size if grid.size else 0
    set_alt_text(
        ax,
        f"Check-ins of {len(people)} participants by study day; {share:.0%} of the cells hold one.",
    )
    return ax


def study_day_grid(
    participants: pd.Series, dates: pd.Series, values: np.ndarray | pd.Series
) -> tuple[list[object], np.ndarray]:
    """Participants (sorted) by study day (0 = each one's first day): ``values`` placed in
    their cells, NaN elsewhere."""
    first = dates.groupby(participants, observed=True).transform("min")
    day = (dates - first).dt.days.to_numpy()
    people = sorted(participants.unique())
    grid = np.full((len(people), int(day.max()) + 1 if len(day) else 1), np.nan)
    grid[pd.Index(people).get_indexer(participants), day] = np.asarray(values, dtype=float)
    return people, grid


def draw_study_days(
    ax: Axes | None,
    people: list[object],
    grid: np.ndarray,
    *,
    title: str,
    shares: list[tuple[float, str]],
    blank: str,
    below: float,
    margin: float = 1.5,
) -> Axes:
    """A :func:`study_day_grid` on one calm sequential scale, blank cells left white;
    ``margin`` inches of height besides the rows, the legend ``below`` the axes."""
    ax = new_axes(ax, size=(9, 0.18 * len(people) + margin))
    ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=SEQUENTIAL,
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="none",
    )
    ax.set_yticks(range(len(people)), [str(p) for p in people], fontsize=6)
    ax.set_xlabel("study day (0 = each participant's first day)")
    ax.set_title(title)
    ax.legend(
        handles=[
            *(Patch(color=SEQUENTIAL(v), label=label) for v, label in shares),
            Patch(facecolor="white", edgecolor="#B8C2CC", label=blank),
        ],
        loc="upper right",
        bbox_to_anchor=(1.0, below),
        ncols=len(shares) + 1,
        fontsize=7,
        frameon=False,
    )
    calm(ax)
    return ax


def plot_cohort_lines(
    checkins: pd.DataFrame, *, column: str = s.MOOD, ax: Axes | None = None
) -> Axes:
    """Each participant's line (light) by study day, with the cohort mean and a band (±1 SD)."""
    ax = new_axes(ax)
    first = checkins.groupby(P)[D].transform("min")
    frame = checkins.assign(study_day=(checkins[D] - first).dt.days)
    wide = frame.pivot_table(index="study_day", columns=P, values=column, aggfunc="mean")
    wide = wide.reindex(range(int(frame["study_day"].max()) + 1))
    ax.plot(wide.index, wide.to_numpy(), color=PALETTE["daily"], linewidth=0.5, alpha=0.5)
    mean, sd = wide.mean(axis=1), wide.std(axis=1)
    ax.fill_between(
        wide.index,
        mean - sd,
        mean + sd,
        color=PALETTE["band"],
        label="cohort mean ± 1 SD",
        zorder=0,
    )
    ax.plot(wide.index, mean.to_numpy(), color=PALETTE["line"], linewidth=2, label="cohort mean")
    label = column.replace("_", " ")
    ax.set_xlabel("study day")
    ax.set_ylabel(label)
    ax.set_title(f"{label.capitalize()} over the study: each participant and the cohort mean")
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    calm(ax)
    set_alt_text(
        ax,
        f"{label.capitalize()} of {wide.shape[1]} participants over {len(wide)} study days; "
        f"the cohort mean ranges from {mean.min():.1f} to {mean.max():.1f}.",
    )
    return ax


def plot_participants(
    checkins: pd.DataFrame, *, column: str = s.MOOD, page: int = 0, per_page: int = 12
) -> Figure:
    """Small multiples, one panel per participant, ``per_page`` at a time (``page`` from 0)."""
    import matplotlib.pyplot as plt

    people = sorted(checkins[P].unique())
    pages = max(1, -(-len(people) // per_page))
    if not 0 <= page < pages:
        raise ValueError(
            f"page must be from 0 to {pages - 1} ({len(people)} participants, {per_page} a page)"
        )
    shown = people[page * per_page : (page + 1) * per_page]
    cols = 4
    fig, axes = plt.subplots(
        -(-len(shown) // cols),
        cols,
        figsize=(11, 2.2 * -(-len(shown) // cols)),
        squeeze=False,
        sharey=True,
    )
    chosen = checkins[checkins[P].isin(shown)]
    per_day = (
        pd.to_numeric(chosen[column], errors="coerce")
        .groupby([chosen[P], as_dates(chosen[D])], observed=True)
        .mean()
    )
    for ax, person in zip(axes.flat, shown, strict=False):
        own = per_day.loc[person]  # several prompts a day: the day's mean; gaps stay gaps
        one = own.reindex(pd.date_range(own.index.min(), own.index.max(), freq="D"))
        study_day = np.arange(len(one))  # day 0 = the participant's first day: no dates to crowd
        ax.plot(study_day, one.to_numpy(dtype=float), color=PALETTE["daily"], linewidth=0.8,
                marker="o", markersize=1.5)  # fmt: skip
        mean = rolling_means(pd.Series(one.to_numpy(dtype=float)))["7d"]
        ax.plot(study_day, mean.to_numpy(), color=PALETTE["line"], linewidth=1.6)
        ax.set_title(str(person), fontsize="small")
        ax.tick_params(labelsize="x-small")
        calm(ax)
    for ax in axes[-1, :]:
        ax.set_xlabel("study day", fontsize="small")
    for ax in axes.flat[len(shown) :]:
        ax.set_visible(False)
    fig.subplots_adjust(hspace=0.6, wspace=0.15)
    set_alt_text(
        fig,
        f"{column.replace('_', ' ').capitalize()} of participants {page * per_page + 1} to "
        f"{page * per_page + len(shown)} of {len(people)}, one panel each "
        f"(page {page + 1} of {pages}).",
    )
    return fig


def plot_within_person(
    checkins: pd.DataFrame,
    *,
    outcome: str = s.MOOD,
    predictor: str = s.SLEEP_HOURS,
    lag: int = 0,
    lag_by: str = "day",
    ax: Axes | None = None,
) -> Axes:
    """Within-person association: how the outcome moved with the predictor around each
    person's own average, binned (mean and 95 % interval per bin), with the multilevel
    model's slope and its interval (:func:`within_person_model`); the no-difference line is
    marked. Timing as in the model: with a sleep predictor and ``lag=0``, each day meets the
    night before it.
    """
    from .measures import _lag_on_calendar, person_center, timing_words, within_person_model

    result = within_person_model(
        checkins, outcome=outcome, predictor=predictor, lag=lag, lag_by=lag_by
    )
    name = f"{predictor}_lag{lag}" if lag else predictor
    frame = _lag_on_calendar(checkins, predictor, periods=lag, by=lag_by) if lag else checkins
    frame = person_center(frame[[P, outcome, name]].dropna(), [name, outcome])
    x, y = frame[f"{name}_cw"], frame[f"{outcome}_cw"]
    width = max(float(np.nanstd(x)) / 2, 1e-9)
    bins = (x / width).round() * width
    stats = y.groupby(bins).agg(["mean", "std", "size"])
    stats = stats[stats["size"] >= 10]
    half = 1.96 * stats["std"] / np.sqrt(stats["size"])
    ax = new_axes(ax)
    ax.axhline(0, color="#8A96A3", linewidth=0.8, linestyle=(0, (4, 3)), label="no difference")
    ax.errorbar(
        stats.index,
        stats["mean"],
        yerr=half,
        fmt="o",
        color=PALETTE["line"],
        ecolor=PALETTE["daily"],
        capsize=0,
        label="mean per bin, 95 % interval",
    )
    row = result.table.iloc[1]
    grid = np.linspace(float(x.min()), float(x.max()), 50)
    ax.plot(grid, row["estimate"] * grid, color=PALETTE["second"], linewidth=2, label="model slope")
    ax.fill_between(
        grid,
        row["ci_low"] * grid,
        row["ci_high"] * grid,
        color=PALETTE["second"],
        alpha=0.15,
        linewidth=0,
    )
    words = timing_words(predictor, lag, lag_by)
    ax.set_xlabel(f"{words} minus the person's own average")
    ax.set_ylabel(f"{outcome.replace('_', ' ')} minus own average")
    ax.set_title(f"{outcome.replace('_', ' ').capitalize()} and {words}, within people")
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    calm(ax)
    set_alt_text(ax, result.sentence)
    return ax
