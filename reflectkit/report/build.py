"""The report as a pipeline: check the request -> load -> draw -> summarise -> write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError
from .figures import DrawnChart, draw_chart
from .page import SAMPLE_LABEL, PageContent, render_page
from .progress import Progress
from .sections import SECTIONS, chart_count

if TYPE_CHECKING:
    from ..io.store import CheckinStore


def build_report(
    data: str | Path | None = None,
    *,
    out: str | Path = "report.html",
    period: str = "4W",
    progress: bool = True,
    force: bool = False,
    sample: bool = False,
) -> Path:
    """Write the trends of ``data`` (default: your store) as one HTML page without code.

    The page has a header (whose check-ins, the dates they cover, when it was made), the
    charts of :data:`~reflectkit.report.SECTIONS` with their descriptions, the last
    ``period`` in words, and where to find support. It runs no scripts and loads nothing
    from the network. With ``sample`` it shows the kit's made-up sample data, labelled so on
    every page and next to every chart; without it, an empty store is refused rather than
    replaced by sample data. ``progress`` writes one line to stderr while the charts are
    drawn.

    The page is private (mode 0600) and replaces an existing ``out`` only with ``force``;
    ``out`` may never be ``data`` or the store. Returns the path written.

    Raises
    ------
    ReflectkitError
        When the data cannot be loaded or holds no check-ins, ``period`` is not like ``4W``
        or ``14D``, or ``out`` is refused; nothing is written then.
    """
    from ..io.private import check_output, output_file
    from ..io.store import CheckinStore
    from ..paths import sample_data_folder
    from ..sample import PERSONAL_FILE
    from ..trends import summarise
    from ..trends.summary import period_days

    period_days(period)  # a bad --period is refused before any work
    if sample and data:
        raise ReflectkitError(
            "--sample makes a report of the kit's made-up sample data, so it takes no DATA: "
            "leave out one or the other."
        )
    source = sample_data_folder() / PERSONAL_FILE if sample else Path(data) if data else None
    store = CheckinStore()
    protected = [store.path, *([source] if source else [])]
    check_output(Path(out), protected=protected, force=force)
    checkins, whose = _load(source, store, sample=sample)
    sections, missing = _draw(checkins, sample=sample, progress=progress)
    content = PageContent(
        whose=whose,
        first=checkins[s.DATE].min().date(),
        last=checkins[s.DATE].max().date(),
        made=dt.datetime.now().astimezone(),
        sections=sections,
        summary_html=summary_html(summarise(checkins, period=period)),
        sample=sample,
        missing=missing,
    )
    with output_file(Path(out), protected=protected, force=force) as temporary:
        temporary.write_text(render_page(content), encoding="utf-8")  # private: 0600
    return Path(out)


def _load(source: Path | None, store: CheckinStore, *, sample: bool) -> tuple[pd.DataFrame, str]:
    """The check-ins to report, and whose they are (no count: a tally reads like a score)."""
    from ..io.load import load_checkins

    if source is None:
        checkins = store.load()
        if checkins.empty:
            raise ReflectkitError(
                f"You have no check-ins yet (none in {store.path}), so there is nothing to put "
                "in a report. To see how a report looks, run `reflectkit report --sample`: it "
                "uses made-up sample data."
            )
        whose = "your own"
    else:
        checkins = load_checkins(source)  # a missing or invalid file is explained here
        if checkins.empty:
            raise ReflectkitError(
                f"{source} holds no check-ins yet, so there is nothing to put in a report."
            )
        whose = "made-up sample data" if sample else f"from {source.name}"
    people = checkins[s.PARTICIPANT].nunique() if s.PARTICIPANT in checkins else 1
    if people > 1:
        raise ReflectkitError(
            f"{source or store.path} holds the check-ins of {people} participants, "
            "and a report shows one person's. Save one person's rows in a file of their own, "
            "or look at a cohort with notebooks/10_cohort_overview.ipynb."
        )
    return checkins, whose


def _draw(
    checkins: pd.DataFrame, *, sample: bool, progress: bool
) -> tuple[tuple[tuple[str, tuple[DrawnChart, ...]], ...], tuple[str, ...]]:
    """The drawn sections, and the titles of charts left out because nothing was recorded
    for them (a page of "nothing yet" pictures reads like a to-do list)."""
    import matplotlib.pyplot as plt

    from ..plots import is_empty

    label = SAMPLE_LABEL if sample else None
    drawn, missing = [], []
    with Progress("Drawing", chart_count(), enabled=progress) as bar:
        for heading, charts in SECTIONS:
            row = []
            for chart in charts:
                result = chart(checkins)
                if is_empty(result):
                    axes = (
                        result.axes
                        if hasattr(result, "axes") and isinstance(result.axes, list)
                        else [result]
                    )
                    missing.append(axes[0].get_title(loc="left"))
                    plt.close(getattr(result, "figure", result))
                else:
                    row.append(draw_chart(result, label=label))
                bar.step()
            if row:
                drawn.append((heading, tuple(row)))
    return tuple(drawn), tuple(missing)


def summary_html(summary: str | Sequence[str]) -> str:
    """The summary as paragraphs: each sentence (or Markdown block) is rendered, HTML escaped."""
    import mistune  # nbconvert's Markdown parser

    markdown = mistune.create_markdown(escape=True)
    items = [summary] if isinstance(summary, str) else list(summary)
    return "".join(str(markdown(item)) for item in items)
