"""The report's parts on their own: the progress line, the page, the summary, the charts."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from reflectkit.report.build import summary_html
from reflectkit.report.figures import (
    MIN_FONT_PT,
    NARROWEST_PX,
    WIDTH_IN,
    DrawnChart,
    _fit_for_phones,
    draw_chart,
)
from reflectkit.report.page import (
    PADDING_PX,
    SAMPLE_LABEL,
    PageContent,
    date_range_words,
    made_words,
    render_page,
)
from reflectkit.report.progress import Progress
from reflectkit.report.sections import SECTIONS

ROOT = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- progress ----------------------------------------------------------------------------------


def test_progress_in_a_log_is_one_line():
    log = io.StringIO()
    with Progress("Drawing", 3, stream=log) as bar:
        for _ in range(3):
            bar.step()
    assert log.getvalue() == "Drawing 3 charts... done\n"


def test_progress_on_a_terminal_counts_up_in_place_on_one_line():
    screen = Terminal()
    with Progress("Drawing", 3, stream=screen) as bar:
        for _ in range(3):
            bar.step()
    text = screen.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "\rDrawing chart 1 of 3...\rDrawing chart 2 of 3...\rDrawing chart 3 of 3..." in text
    last = text.rsplit("\r", 1)[1]
    assert last.rstrip() == "Drawing 3 charts... done" and len(last) - 1 >= len(
        "Drawing chart 3 of 3..."
    )  # covers the longer counting text


@pytest.mark.parametrize("stream", [io.StringIO, Terminal])
def test_progress_ends_its_line_when_the_work_stops(stream):
    out = stream()
    with pytest.raises(ValueError), Progress("Drawing", 3, stream=out) as bar:
        bar.step()
        raise ValueError
    assert out.getvalue().endswith("...\n") and "done" not in out.getvalue()


def test_progress_can_be_silent():
    out = Terminal()
    with Progress("Drawing", 2, stream=out, enabled=False) as bar:
        bar.step()
    assert out.getvalue() == ""


# -- words -------------------------------------------------------------------------------------


def test_dates_are_written_in_full():
    assert date_range_words(dt.date(2026, 1, 5), dt.date(2026, 7, 3)) == (
        "5 January 2026 to 3 July 2026"
    )
    assert date_range_words(dt.date(2024, 1, 1), dt.date(2024, 1, 1)) == "1 January 2024"
    assert made_words(dt.datetime(2026, 11, 26, 9, 5)) == "26 November 2026 at 09:05"


def test_the_summary_is_paragraphs_with_any_markup_escaped():
    assert summary_html(["You checked in on 3 days.", "Mood was <b>about</b> usual."]) == (
        "<p>You checked in on 3 days.</p>\n<p>Mood was &lt;b&gt;about&lt;/b&gt; usual.</p>\n"
    )
    prose = "Sleep was **a little longer** than usual.\n\nYou noticed 4 moments."
    assert summary_html(prose) == (
        "<p>Sleep was <strong>a little longer</strong> than usual.</p>\n"
        "<p>You noticed 4 moments.</p>\n"
    )


# -- the page ----------------------------------------------------------------------------------

CHART = DrawnChart(
    uri="data:image/svg+xml;base64,PHN2Zy8+", alt="A calm line.", width_px=576, height_px=300
)


def page(**changes) -> str:
    content = dict(
        whose="3 check-ins from <img src=x onerror=alert(1)>.csv",
        first=dt.date(2026, 1, 5),
        last=dt.date(2026, 1, 7),
        made=dt.datetime(2026, 2, 1, 10, 30),
        sections=(("Sleep", (CHART,)),),
        summary_html="<p>You checked in on 3 days.</p>",
    )
    return render_page(PageContent(**{**content, **changes}))


def test_the_page_escapes_what_it_is_given():
    text = page()
    assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;.csv" in text


def test_the_page_is_phone_sized_and_follows_dark_mode():
    text = page()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    assert "@media screen and (prefers-color-scheme: dark)" in text
    assert f"padding: 1.25rem {PADDING_PX}px 3rem" in text
    assert "<script" not in text and "http" not in text.replace("http-equiv", "")


def test_only_a_sample_page_carries_the_sample_label():
    assert "Made-up" not in page() and "@top-center" not in page()
    sample = page(sample=True)
    assert sample.count("Made-up sample data") >= 4  # banner, print margin, alt, words


def test_text_in_a_chart_is_at_least_10_css_px_on_a_390_px_phone():
    assert NARROWEST_PX + 2 * PADDING_PX == 390
    assert MIN_FONT_PT * NARROWEST_PX / (WIDTH_IN * 72) >= 10


# -- the charts --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def checkins():
    from reflectkit import load_checkins

    return load_checkins(ROOT / "sample_data" / "checkins.csv")


CHARTS = [chart for _, charts in SECTIONS for chart in charts]


@pytest.mark.parametrize("chart", CHARTS, ids=[getattr(c, "func", c).__name__ for c in CHARTS])
def test_a_fitted_chart_is_narrow_with_large_text_and_legends_clear_of_the_axes(chart, checkins):
    from matplotlib.text import Text

    figure = getattr(drawn := chart(checkins), "figure", drawn)
    _fit_for_phones(figure, label=SAMPLE_LABEL)
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    width, height = figure.get_size_inches()
    assert width == WIDTH_IN
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            assert text.get_fontsize() >= MIN_FONT_PT, text.get_text()
    drawn_part = figure.get_tightbbox(renderer)  # inches; only what is drawn
    assert drawn_part.x0 >= -0.02 and drawn_part.x1 <= width + 0.02, "text beyond the figure"
    assert drawn_part.y0 >= -0.02 and drawn_part.y1 <= height + 0.02, "text beyond the figure"
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        lowest = min([ax.bbox.y0, *(t.get_window_extent(renderer).y0 for t in labels)])
        assert box.y1 <= lowest, "a legend covers its chart or its dates"


@pytest.mark.parametrize("chart", CHARTS, ids=[getattr(c, "func", c).__name__ for c in CHARTS])
def test_a_drawn_chart_is_svg_text_readable_at_phone_width_with_its_alt_text(chart, checkins):
    from reflectkit.plots import alt_text

    drawn_chart = chart(checkins)
    expected_alt = alt_text(drawn_chart)
    drawn = draw_chart(drawn_chart)
    assert drawn.alt == expected_alt and drawn.alt.endswith(".")
    svg = base64.b64decode(drawn.uri.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.count("<text") > 5 and "<!DOCTYPE" not in svg and "<dc:" not in svg
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
    assert drawn.width_px == round(width * 4 / 3)
    # shown NARROWEST_PX wide, its smallest text is still 10 CSS px or more
    assert min(sizes) * min(NARROWEST_PX / width, 4 / 3) >= 10
