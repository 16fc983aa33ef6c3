"""Charts fit every history: imported, short, long, gappy, low, sleep only."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

matplotlib.use("Agg")

from reflectkit import plots
from reflectkit.devtools.histories import SHAPES, history

EVERY_CHART = [
    "plot_sleep",
    "plot_sleep_timing",
    "plot_sleep_quality",
    "plot_mood",
    "plot_energy",
    "plot_meals",
    "plot_movement",
    "plot_outdoors",
    "plot_connection",
    "plot_moments",
    "plot_moments_by_kind",
    "plot_care_actions",
    "plot_calendar",
    "plot_sleep_regularity",
    "plot_associations",
    "plot_overview",
]


@pytest.fixture(scope="module")
def shapes() -> dict[str, pd.DataFrame]:
    return {shape: history(shape) for shape in SHAPES}


def figure_of(result):
    return getattr(result, "figure", result)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_chart_draws_every_shape_with_words_that_do_not_stumble(shapes, shape):
    for name in EVERY_CHART:
        text = plots.alt_text(getattr(plots, name)(shapes[shape]))
        assert text.endswith(".") and len(text) > 20, (name, text)
        for clumsy in (
            r"no value hours",
            r"\b1 weeks",
            r"\b1 days",
            r"\b1 nights",
            r"\b0 days without",
        ):
            assert not re.search(clumsy, text), (name, text)


def test_fields_never_recorded_are_said_in_words_not_drawn(shapes):
    imported = shapes["mood_only_import"]
    ax = plots.plot_sleep(imported)
    assert not ax.axison and "No sleep recorded yet." in plots.alt_text(ax)
    assert not ax.get_lines() and not ax.collections
    titles = [a.get_title(loc="left") for a in plots.plot_overview(imported).axes]
    assert titles == [
        "Movement: days with some movement",
        "Mood",
        "Connection: days with a message, a talk or time together",
    ]
    legend = [t.get_text() for t in plots.plot_mood(imported).get_legend().get_texts()]
    assert not any("feeling access" in x for x in legend)  # only what is drawn is listed


def test_activities_that_imply_movement_and_contact_are_counted(shapes):
    imported = shapes["mood_only_import"]
    ax = plots.plot_movement(imported)
    recorded, moved = (
        np.array([p.vertices[:, 1].max() for p in c.get_paths()]) for c in ax.collections
    )
    assert moved.sum() > 0  # gym and biking count as movement
    assert (moved <= recorded).all()
    tagged_days = imported["activities"].notna().sum()
    assert recorded.sum() == tagged_days  # over days that say something, not every check-in


def test_counts_have_whole_number_ticks(shapes):
    for name in ("plot_movement", "plot_moments", "plot_connection", "plot_meals"):
        ax = getattr(plots, name)(shapes["six_months"])
        ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
        assert all(float(t).is_integer() for t in ticks), (name, ticks)


@pytest.mark.parametrize("shape", ["five_days", "six_months", "three_years", "mood_only_import"])
def test_legends_sit_above_the_plot_never_on_the_data(shapes, shape):
    fig = plots.plot_overview(shapes[shape])
    fig.canvas.draw()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is not None:
            assert legend.get_window_extent().y0 >= ax.get_window_extent().y1 - 1


@pytest.mark.parametrize("shape", ["five_days", "three_years"])
def test_every_panel_shows_its_dates(shapes, shape):
    fig = plots.plot_overview(shapes[shape])
    fig.canvas.draw()
    for ax in fig.axes:
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        assert len(labels) >= 2, ax.get_title(loc="left")


@pytest.mark.parametrize(
    ("shape", "words"),
    [("five_days", "7-day mean"), ("six_months", "weekly mean"), ("three_years", "monthly mean")],
)
def test_resolution_follows_the_length_of_the_history(shapes, shape, words):
    labels = [line.get_label() for line in plots.plot_sleep(shapes[shape]).get_lines()]
    assert any(words in label for label in labels), labels
    if shape != "five_days":
        assert not any("each day" in label for label in labels)  # no wall of daily dots


def test_a_short_history_neither_fills_the_panel_nor_exaggerates(shapes):
    five = shapes["five_days"]
    ax = plots.plot_sleep(five)
    low, high = ax.get_ylim()
    assert high - low >= 4  # a 0.8 h range does not look dramatic
    left, right = (
        pd.Timestamp(matplotlib.dates.num2date(x)).tz_localize(None) for x in ax.get_xlim()
    )
    assert (right - left).days >= 28
    bars = plots.plot_movement(five)
    edges = [p.vertices[:, 0].max() for c in bars.collections for p in c.get_paths()]
    assert max(edges) <= bars.get_xlim()[1]  # the last bar is not cut at the edge


def test_the_usual_range_ends_where_a_gap_begins():
    days = pd.date_range("2024-01-01", periods=70)
    values = pd.Series(
        np.r_[np.full(40, 6.0) + np.sin(np.arange(40)), np.full(21, np.nan), np.full(9, 7.0)],
        index=days,
    )
    from reflectkit.trends import baseline_band

    band = baseline_band(values)
    assert band["low"].iloc[40:61].isna().all()  # the three-week gap: no band at all


def test_low_mood_is_never_mistaken_for_no_entry(shapes):
    fig = plots.plot_calendar(shapes["very_low_mood"])
    ax = fig.axes[0]
    values = ax.collections[1]
    lowest = to_rgb(values.cmap(values.norm(1.0)))
    luminance = 0.2126 * lowest[0] + 0.7152 * lowest[1] + 0.0722 * lowest[2]
    assert luminance < 0.85  # clearly tinted; "no entry" is white with an outline
    assert len(ax.collections[0].get_paths()) > 0


def test_the_calendar_has_a_row_for_every_year(shapes):
    fig = plots.plot_calendar(shapes["three_years"])
    years = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel().isdigit()]
    assert years == ["2023", "2024", "2025", "2026"]


def test_a_first_check_in_is_a_clear_dot_not_a_speck():
    from reflectkit.validate import validate_checkins

    one, _ = validate_checkins(
        pd.DataFrame({"date": ["2026-06-30"], "mood": [2.0], "sleep_hours": [6.1]})
    )
    ax = plots.plot_sleep(one)
    assert any(line.get_markersize() >= 5 for line in ax.get_lines())
    assert (
        plots.alt_text(ax)
        == "Hours slept each night on 30 Jun 2026; the one night with a value was 6.1 hours."
    )
    left, right = (
        pd.Timestamp(matplotlib.dates.num2date(x)).tz_localize(None) for x in ax.get_xlim()
    )
    assert right <= pd.Timestamp("2026-07-01") + pd.Timedelta(days=7)  # no empty future
    assert left < pd.Timestamp("2026-06-30")


def test_a_mean_of_few_days_is_drawn_hollow(shapes):
    ax = plots.plot_mood(shapes["three_years"])  # a month away in 2024: few days that month
    hollow = [line for line in ax.get_lines() if line.get_markerfacecolor() == "white"]
    assert hollow and len(hollow[0].get_xdata()) >= 1


def test_imported_tags_are_not_called_care(shapes):
    ax = plots.plot_care_actions(shapes["mood_only_import"])
    assert ax.get_title(loc="left").startswith("Activities you tagged")
    assert (
        plots.plot_care_actions(shapes["six_months"]).get_title(loc="left").startswith("Small care")
    )
