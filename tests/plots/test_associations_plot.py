"""plot_associations: dots at the differences, lines across the ranges, the no-difference
line, calm colours, one sentence of alt text, and words when there is nothing to show."""

from __future__ import annotations

import functools

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

matplotlib.use("Agg")

from reflectkit import plots
from reflectkit import schema as s
from reflectkit.devtools.histories import history as make_history
from reflectkit.plots._style import PALETTE, span_words
from reflectkit.trends import associations, daily

GRADING = ("good", "bad", "poor", "great", "best", "worst", "score", "rank", "should", "must")


@functools.cache
def history(shape: str) -> pd.DataFrame:
    return make_history(shape)


def interval_lines(ax):
    return [c for c in ax.collections if c.get_segments()]


def test_each_factor_is_a_dot_at_its_difference_and_a_line_across_its_range():
    checkins = history("six_months")
    table = associations(checkins)
    shown = table[table["enough"]].reset_index(drop=True)
    ax = plots.plot_associations(checkins)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == list(shown["factor"])  # the table's fixed order, not sorted by size
    dots = {}
    for line in ax.get_lines():
        for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
            if line.get_linestyle() == "None":
                dots[round(y)] = float(x)
    assert [dots[i] for i in range(len(shown))] == pytest.approx(list(shown["difference"]))
    segments = {
        round(seg[0][1]): (seg[0][0], seg[1][0])
        for c in interval_lines(ax)
        for seg in c.get_segments()
    }
    for i, found in shown.iterrows():
        assert segments[i] == pytest.approx((found["low"], found["high"]))


def test_the_no_difference_line_is_marked_at_zero():
    ax = plots.plot_associations(history("six_months"))
    zero = [ln for ln in ax.get_lines() if ln.get_label() == "no difference"]
    assert len(zero) == 1 and list(zero[0].get_xdata()) == [0, 0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "no difference" in legend and "a clear difference" in legend
    low, high = ax.get_xlim()
    assert low <= -1 and high >= 1  # never so tight that a small difference looks large


def test_calm_colours_only_no_red_or_green():
    ax = plots.plot_associations(history("six_months"))
    colours = [to_rgb(ln.get_color()) for ln in ax.get_lines()]
    colours += [tuple(c[:3]) for coll in ax.collections for c in np.atleast_2d(coll.get_color())]
    allowed = {to_rgb(PALETTE[k]) for k in ("line", "bar", "text")}
    assert set(colours) <= allowed


def test_alt_text_is_one_sentence_saying_associations_not_causes():
    ax = plots.plot_associations(history("six_months"))
    text = plots.alt_text(ax)
    period = span_words(pd.DatetimeIndex(["2025-12-31", "2026-06-30"]))
    assert text.startswith(f"Mood on days with and without 11 things {period}: ")
    assert "a clear difference with sleep, per hour (about 0.7 points higher" in text
    assert text.endswith("these went together, they are not causes.")
    assert text.count(". ") == 0  # one sentence
    title = ax.get_title(loc="left")
    assert title == "Mood on days with and without each thing"
    assert not any(word in (title + text).lower() for word in GRADING)


def test_the_next_day_and_other_outcomes_are_named():
    ax = plots.plot_associations(history("six_months"), outcome="feeling_access", lag=1)
    assert ax.get_title(loc="left") == (
        "Feeling access on the day after days with and without each thing"
    )
    assert ax.get_xlabel() == "difference in feeling access (points) and its likely range"
    moments = plots.plot_associations(history("six_months"), outcome="moments")
    assert moments.get_xlabel().startswith("difference in moments noticed (count)")


def test_the_description_names_the_comparisons_and_the_factors_waiting():
    ax = plots.plot_associations(history("mood_only_import"), lag=1)
    text = plots.alt_text(ax)
    assert text.startswith("Mood on the day after days with and without 5 things ")
    assert (
        "no clear difference with any of them (each range holds zero); the ranges are widened "
        "for 5 comparisons (false discovery rate 5 %, Benjamini-Hochberg); not enough days yet "
        "(10 on each side) for “family”, “gym”, “reading”; these went together, they are not "
        "causes." in text
    )
    assert not ax.texts  # nothing written over or under the chart: the words are its caption


@pytest.mark.parametrize("shape", ["five_days", "three_weeks_with_gap", "sleep_only"])
def test_too_few_days_is_said_in_words_not_drawn(shape):
    ax = plots.plot_associations(history(shape))
    assert not ax.axison and not ax.get_lines() and not ax.collections
    text = plots.alt_text(ax)
    assert "Nothing to show yet: a comparison needs at least 10 days with something" in text


def test_a_daily_calendar_draws_the_same_chart_as_the_check_ins():
    checkins = history("six_months")
    from_days = plots.plot_associations(daily(checkins))
    assert plots.alt_text(from_days) == plots.alt_text(plots.plot_associations(checkins))


def test_it_draws_into_a_given_axes():
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    frame = pd.DataFrame(
        {
            s.DATE: pd.date_range("2026-01-01", periods=40),
            s.MOVEMENT_MINUTES: [30.0, 0.0] * 20,
            s.MOOD: [6.0, 5.0] * 20,
        }
    )
    assert plots.plot_associations(frame, ax=ax) is ax
