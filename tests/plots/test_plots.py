"""Plots, tested on their artists: gaps, palette, labels, alt text."""

from __future__ import annotations

import colorsys

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

matplotlib.use("Agg")

from reflectkit import plots
from reflectkit.validate import validate_checkins

GRADING = ("good", "bad", "poor", "great", "score", "streak", "missed", "fail", "should", "must")


@pytest.fixture
def history(rng) -> pd.DataFrame:
    n = 60
    dates = pd.date_range("2024-01-01", periods=n)
    keep = np.ones(n, dtype=bool)
    keep[20:30] = False  # a ten-day gap
    frame = pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "bedtime": "23:15",
            "wake_time": "07:00",
            "mood": rng.integers(3, 8, n).astype(float),
            "feeling_access": rng.integers(2, 7, n).astype(float),
            "movement_minutes": rng.integers(0, 40, n).astype(float),
            "moments": rng.choice(["calm", "laughter; brief sadness", None], n),
            "social_contact": rng.choice(["none", "message", "conversation"], n),
        }
    )[keep]
    typed, problems = validate_checkins(frame)
    assert problems.empty
    return typed


def gap_days(ax) -> pd.DatetimeIndex:
    return pd.date_range("2024-01-21", "2024-01-30")


@pytest.mark.parametrize("plot", [plots.plot_sleep, plots.plot_mood, plots.plot_sleep_timing])
def test_lines_break_at_gaps_never_drop_to_zero(history, plot):
    ax = plot(history)
    for line in ax.get_lines():
        x = pd.DatetimeIndex(line.get_xdata())
        y = np.asarray(line.get_ydata(), dtype=float)
        in_gap = (x >= gap_days(ax)[0]) & (x <= gap_days(ax)[-1])
        assert in_gap.any() and np.isnan(y[in_gap]).all(), line.get_label()
        assert not (y[~np.isnan(y)] == 0).any()


def test_daily_values_are_light_and_the_rolling_mean_carries_the_line(history):
    ax = plots.plot_sleep(history)
    daily, mean = (
        [ln for ln in ax.get_lines() if "each day" in ln.get_label()],
        [ln for ln in ax.get_lines() if "7-day mean" in ln.get_label()],
    )
    assert daily and mean
    assert mean[0].get_linewidth() > daily[0].get_linewidth()
    assert sum(to_rgb(daily[0].get_color())) > sum(to_rgb(mean[0].get_color()))  # lighter
    assert any("usual range" in c.get_label() for c in ax.collections)  # own baseline band


def all_colors(fig) -> list[tuple[float, float, float]]:
    colors = []
    for ax in fig.axes:
        colors += [to_rgb(ln.get_color()) for ln in ax.get_lines()]
        colors += [tuple(p.get_facecolor()[:3]) for p in ax.patches]
        for coll in ax.collections:
            colors += [tuple(c[:3]) for c in np.atleast_2d(coll.get_facecolor())]
    return colors


def is_red_or_green(rgb) -> bool:
    h, lightness, sat = colorsys.rgb_to_hls(*rgb)
    hue = h * 360
    return sat > 0.2 and 0.15 < lightness < 0.9 and (hue < 25 or hue > 335 or 75 < hue < 165)


def test_one_calm_palette_without_red_or_green(history):
    fig = plots.plot_overview(history)
    colors = all_colors(fig)
    assert colors
    assert not [c for c in colors if is_red_or_green(c)]


def test_titles_and_labels_describe_in_plain_words_and_never_grade(history):
    fig = plots.plot_overview(history)
    for ax in fig.axes:
        title = ax.get_title(loc="left").lower()
        assert title and not any(word in title for word in GRADING)
        assert ax.get_ylabel()
    assert plots.plot_sleep(history).get_ylabel() == "hours slept"


def test_every_plot_has_one_sentence_of_alt_text(history):
    for name in [
        "plot_sleep",
        "plot_movement",
        "plot_mood",
        "plot_moments",
        "plot_connection",
        "plot_calendar",
    ]:
        text = plots.alt_text(getattr(plots, name)(history))
        assert text.endswith(".") and len(text) > 30, name
    assert plots.alt_text(plots.plot_overview(history)).startswith("An overview")


def test_plots_draw_on_a_given_axes_and_return_it(history):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert plots.plot_mood(history, ax=ax) is ax


def test_movement_counts_days_not_minutes(history):
    ax = plots.plot_movement(history)
    heights = [path.vertices[:, 1].max() for coll in ax.collections for path in coll.get_paths()]
    assert heights and max(heights) <= 7


def test_calendar_leaves_no_entry_days_blank_and_labels_them(history):
    fig = plots.plot_calendar(history, column="mood")
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["no entry"]
    ax = fig.axes[0]
    blanks, values = ax.collections[0], ax.collections[1]
    assert len(blanks.get_paths()) == 10  # the ten-day gap: white, outlined cells
    assert len(values.get_paths()) == 50 and (values.get_array() >= 1).all()  # never a zero
    assert tuple(blanks.get_facecolor()[0][:3]) == (1.0, 1.0, 1.0)


def test_overview_panels_can_be_left_out(history):
    fig = plots.plot_overview(history, panels=("sleep", "mood"))
    assert len(fig.axes) == 2
    with pytest.raises(ValueError, match="Unknown panels"):
        plots.plot_overview(history, panels=("score",))


def test_several_participants_get_a_clear_message(history):
    cohort = pd.concat([history.assign(participant="a"), history.assign(participant="b")])
    with pytest.raises(ValueError, match="personal charts show one person"):
        plots.plot_sleep(cohort)
