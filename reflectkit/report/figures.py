"""Charts redrawn for a page read on phones as much as on screens: SVG, text large enough.

A chart is drawn :data:`WIDTH_IN` wide with no text smaller than :data:`MIN_FONT_PT`, and
the page shows it at most at its natural width (576 CSS px) and at least
:data:`NARROWEST_PX` wide, on a 390 px phone. There its smallest text is
``13 pt * 358 / 432 pt = 10.8`` CSS px. Legends move below their chart, where they have
room for one entry a line, and dates are written short (``Feb``, ``Mar``, ``2026``).
"""

from __future__ import annotations

import base64
import contextlib
import io
import itertools
import re
from dataclasses import dataclass
from typing import Any

from ..plots import PALETTE, alt_text

WIDTH_IN = 6.0
MIN_FONT_PT = 13.0
#: A 390 px wide phone less the page's padding on both sides (``page.PADDING_PX``).
NARROWEST_PX = 358
_LEGEND_ROW_IN = 0.25  # the height each legend entry adds below a chart
_GAP_PT = 4.0
_SVG_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"')
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")  # names a DTD by URL; browsers never need it
# no creator, date or licence block: the image holds the chart and nothing else
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class DrawnChart:
    """A chart as the page embeds it: an SVG data URI, its description and natural size."""

    uri: str
    alt: str
    width_px: int
    height_px: int


def draw_chart(chart: Any, *, label: str | None = None) -> DrawnChart:
    """Fit a drawn chart (Axes or Figure) for the page, render it as SVG and close it.

    ``label`` (e.g. "made-up sample data") is written above the chart, inside the image.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    figure = getattr(chart, "figure", chart)
    try:
        alt = alt_text(chart)
        _fit_for_phones(figure, label=label)
        buffer = io.BytesIO()
        with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "reflectkit"}):
            # text stays text: sharp at any zoom, selectable, drawn in the reader's fonts
            # tight: whatever a chart places outside the layout is kept whole, never cut
            figure.savefig(
                buffer, format="svg", metadata=_NO_METADATA, bbox_inches="tight", pad_inches=0.05
            )
    finally:
        plt.close(figure)
    svg = _DOCTYPE.sub(b"", buffer.getvalue(), count=1)
    size = _SVG_SIZE.search(svg)
    width_pt, height_pt = (float(size[1]), float(size[2])) if size else (WIDTH_IN * 72, 0.0)
    return DrawnChart(
        uri="data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        alt=alt,
        width_px=round(width_pt * 4 / 3),  # 1 pt = 4/3 CSS px
        height_px=round(height_pt * 4 / 3),
    )


def _fit_for_phones(figure: Any, *, label: str | None) -> None:
    """Narrow the figure, enlarge small text, short dates, legends below (constrained layout)."""
    import matplotlib.dates as mdates
    from matplotlib.text import Text

    legends = []
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is not None:
            labels = [text.get_text() for text in legend.get_texts()]
            legends.append((ax, legend.legend_handles, labels))
            legend.remove()
    rows = sum(len(labels) for _, _, labels in legends)
    rows += sum(len(legend.get_texts()) for legend in figure.legends)
    height = figure.get_size_inches()[1]
    figure.set_size_inches(WIDTH_IN, height + rows * _LEGEND_ROW_IN + (0.4 if label else 0))
    # a layout the chart chose that cannot change (it has a colorbar) is kept
    with contextlib.suppress(RuntimeError):
        figure.set_layout_engine("constrained")
    _into_the_layout(figure)
    if label:
        figure.suptitle(label, color=PALETTE["text"], fontstyle="italic")
    for ax in figure.axes:
        ax.tick_params(which="both", labelsize=MIN_FONT_PT)  # tick labels are made at draw time
        if isinstance(ax.xaxis.get_major_formatter(), mdates.AutoDateFormatter):
            locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
            ax.xaxis.set_major_locator(locator)
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for text in figure.findobj(Text):
        text.set_fontsize(max(text.get_fontsize(), MIN_FONT_PT))
    figure.draw_without_rendering()  # lays out the tick labels, to measure them
    wrapped = _wrap_wide_text(figure)
    _thin_crowded_labels(figure)  # fewer labels: the space they take below stays the same
    if legends:
        if wrapped:  # a label below a chart may have grown a line
            figure.draw_without_rendering()
        _legends_below(figure, legends)


def _into_the_layout(figure: Any) -> None:
    """Hand the layout engine what a chart placed by hand: colorbars and figure legends.

    Positions chosen for the chart's own (wider) size would overlap once it is narrowed.
    """
    managed = [ax for ax in figure.axes if ax.get_subplotspec() is not None]
    for cax in list(figure.axes):
        colorbar = getattr(cax, "_colorbar", None)
        placed_by_hand = not hasattr(cax, "_colorbar_info") and cax.get_subplotspec() is None
        if colorbar is None or not placed_by_hand or not managed:
            continue
        vertical = colorbar.orientation == "vertical"
        text = cax.get_ylabel() if vertical else cax.get_xlabel()
        cax.remove()
        figure.colorbar(colorbar.mappable, ax=managed, label=text, shrink=0.9)
    for legend in list(figure.legends):
        handles = legend.legend_handles
        labels = [text.get_text() for text in legend.get_texts()]
        legend.remove()
        figure.legend(
            handles, labels, loc="outside lower left", ncols=1, frameon=False, fontsize=MIN_FONT_PT
        )


def _wrap_wide_text(figure: Any) -> bool:
    """Break a title or label that larger text has made longer than the figure into lines;
    return whether any was."""
    import textwrap

    from matplotlib.text import Text

    renderer = figure.canvas.get_renderer()
    edge = figure.bbox
    wrapped = False
    for text in figure.findobj(Text):
        words = text.get_text()
        if not text.get_visible() or " " not in words.strip() or "\n" in words:
            continue
        box = text.get_window_extent(renderer)
        upright = abs(text.get_rotation() % 180) < 45
        length, room = (
            (box.width, edge.x1 - max(box.x0, edge.x0))
            if upright
            else (box.height, edge.y1 - max(box.y0, edge.y0))
        )
        if length > room:
            characters = max(12, int(len(words) * 0.95 * room / length))
            text.set_text(textwrap.fill(words, characters))
            wrapped = True
    return wrapped


def _thin_crowded_labels(figure: Any) -> None:
    """Where a chart named its own ticks (months, weekdays) and larger text makes them touch,
    keep every second (or third...) label."""
    from matplotlib.ticker import FixedLocator

    renderer = figure.canvas.get_renderer()
    for ax in figure.axes:
        for axis, horizontal in ((ax.xaxis, True), (ax.yaxis, False)):
            if not isinstance(axis.get_major_locator(), FixedLocator):
                continue
            ticks = axis.get_majorticklocs()
            texts = [label.get_text() for label in axis.get_ticklabels()]
            boxes = [
                label.get_window_extent(renderer)
                for label in axis.get_ticklabels()
                if label.get_visible() and label.get_text()
            ]
            step = 1
            while step < len(boxes) and _touch(boxes[::step], horizontal, figure.dpi):
                step += 1
            if step > 1:
                shown = iter(range(len(boxes)))
                kept = [text if text and next(shown) % step == 0 else "" for text in texts]
                axis.set_ticks(ticks, kept)


def _touch(boxes: list, horizontal: bool, dpi: float) -> bool:
    """Whether any two labels are closer than half the text size (boxes in pixels)."""
    spans = sorted((b.x0, b.x1) if horizontal else (b.y0, b.y1) for b in boxes)
    gap = MIN_FONT_PT / 2 * dpi / 72
    return any(end + gap > start for (_, end), (start, _) in itertools.pairwise(spans))


def _legends_below(figure: Any, legends: list) -> None:
    """Each legend under its own chart, below its tick labels as last drawn: one entry a line.

    The offset is in points, so it holds wherever the layout then moves the chart.
    """
    from matplotlib.transforms import ScaledTranslation

    renderer = figure.canvas.get_renderer()
    for ax, handles, labels in legends:
        below = ax.bbox.y0 - ax.get_tightbbox(renderer).y0  # tick labels, axis label (px)
        offset = ScaledTranslation(
            0, -(below * 72 / figure.dpi + _GAP_PT) / 72, figure.dpi_scale_trans
        )
        ax.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(0, 0),
            bbox_transform=ax.transAxes + offset,
            borderaxespad=0,
            ncols=1,
            frameon=False,
            fontsize=MIN_FONT_PT,
        )
