"""A study's overview and within-person analysis as one page: notebooks 10 and 11 without code.

The page is made in this process, as the personal report is (``reflectkit.report``): load the
study by its codebook -> compliance -> charts of the items -> ICC, MSSD and the within-person
model -> one private HTML page with no scripts. It calls the same library functions as
``notebooks/10_cohort_overview.ipynb`` and ``notebooks/11_sleep_and_mood.ipynb`` (a test keeps
them in step), and shares their choices through :func:`default_items` and
:func:`study_compliance`.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError
from .codebook import Codebook, Design
from .esm import beep_compliance, daily_means, lists_unanswered
from .study import Study, load_study

#: The library calls the page makes, in the notebooks' order (kept in step by a test).
STEPS = (
    "load_study",
    "study_compliance",
    "plot_compliance",
    "plot_cohort_lines",
    "plot_participants",
    "icc",
    "mssd_by_person",
    "within_person_model",
    "plot_within_person",
)


def default_items(study: Study, count: int = 3) -> list[str]:
    """The first ``count`` numeric items that hold values: the schema's sleep, movement and
    mood when there, then items asked in a questionnaire (most answers first), then others."""
    data, book = study.data, study.codebook
    names = [n for n in study.items if data[n].notna().any()]
    preferred = [n for n in (s.SLEEP_HOURS, s.MOVEMENT_MINUTES, s.MOOD) if n in names]
    rest = sorted(
        (n for n in names if n not in preferred),
        key=lambda n: (not book[n].questionnaire, -len(data[n].dropna())),
    )
    return (preferred + rest)[:count]


def study_design(
    study: Study, *, days: int | None = None, prompts_per_day: int | None = None
) -> Design | None:
    """The design to count compliance against: what is given here, else the codebook's, else
    one prompt a day for data without beep times (a daily diary), else None."""
    if days is not None or prompts_per_day is not None:
        base = study.codebook.design
        prompts = ((("", prompts_per_day),) if prompts_per_day else base.prompts) or (("", 1),)
        return Design(days=days if days is not None else base.days, prompts=prompts)
    if study.codebook.design.prompts:
        return study.codebook.design
    beeps = {"scheduled", "sent", "answered"} & set(study.data.columns)
    return None if beeps else Design(prompts=(("", 1),))


def study_compliance(
    study: Study,
    *,
    by: str = "participant",
    days: int | None = None,
    prompts_per_day: int | None = None,
) -> pd.DataFrame:
    """:func:`~reflectkit.research.esm.beep_compliance` with the study's design (see
    :func:`study_design`); the beeps listed when the data lists unanswered ones."""
    design = study_design(study, days=days, prompts_per_day=prompts_per_day)
    expected = "listed" if lists_unanswered(study.data) else "design"
    if expected == "design" and design is None:
        raise ReflectkitError(
            "every beep in this study was answered, so it probably lists answered beeps only "
            "(as m-Path's basic export does): give the design (prompts a day and days) to count "
            "compliance against, e.g. `reflectkit import mpath ... --prompts main=10,evening=1`."
        )
    return beep_compliance(study.data, by=by, design=design, expected=expected, items=study.items)  # type: ignore[arg-type]


def analysis_frame(study: Study, columns: list[str], *, daily: bool) -> pd.DataFrame:
    """The rows the analysis runs on: the study's own rows, or each day's means of ``columns``."""
    if daily:
        return daily_means(study.data, columns)
    return study.data


def build_study_report(
    data: str | Path,
    *,
    codebook: str | Path | Codebook | None = None,
    out: str | Path = "study-report.html",
    outcome: str | None = None,
    predictor: str | None = None,
    lag: int = 0,
    daily: bool = False,
    days: int | None = None,
    prompts_per_day: int | None = None,
    force: bool = False,
) -> Path:
    """Write notebooks 10 and 11, run on ``data``, as one private page (0600).

    ``out`` is never the data, the codebook or the personal store, and replaces an existing
    file only with ``force``; it is checked before any work. Without ``outcome`` and
    ``predictor`` the first two items of :func:`default_items` are used.
    """
    import matplotlib

    matplotlib.use("Agg")
    from ..io.private import check_output, output_file
    from ..io.store import CheckinStore
    from ..report.figures import draw_chart
    from . import measures, plots
    from .esmplots import plot_compliance

    protected = [Path(data), CheckinStore().path]
    if isinstance(codebook, str | Path):
        protected.append(Path(codebook))
    check_output(Path(out), protected=protected, force=force)
    study = load_study(data, codebook, write_codebook=False)
    if study.data.empty:
        raise ReflectkitError(f"{study.source} holds no rows, so there is nothing to report.")
    items = default_items(study)
    outcome = outcome or (s.MOOD if s.MOOD in items else items[0] if items else None)
    predictor = predictor or next((n for n in items if n != outcome), None)
    for name in (outcome, predictor):
        if name is None or name not in study.items:
            raise ReflectkitError(
                f"`{name}` is not a numeric item of this study; its numeric items are "
                f"{', '.join(study.items) or 'none'}."
            )
    assert outcome is not None and predictor is not None
    sections: list[tuple[str, list[str]]] = []

    def chart(drawn: Any) -> str:
        picture = draw_chart(drawn)
        return (
            f'<figure><img class="chart" alt="{escape(picture.alt)}" src="{picture.uri}" '
            f'width="{picture.width_px}" height="{picture.height_px}">'
            f'<figcaption aria-hidden="true">{escape(picture.alt)}</figcaption></figure>'
        )

    try:
        table = study_compliance(study, days=days, prompts_per_day=prompts_per_day)
        by_day = study_compliance(study, by="day", days=days, prompts_per_day=prompts_per_day)
        parts = [
            "<p>Prompts answered over the prompts the study expected, per participant.</p>",
            _table(table["compliance"].describe().round(2).to_frame("share answered")),
            chart(plot_compliance(by_day)),
        ]
    except ReflectkitError as err:
        parts = [f"<p>{escape(str(err))}</p>", chart(plots.plot_compliance_calendar(study.data))]
    sections.append(("Compliance", parts))
    sections.append(
        ("Over the study", [chart(plots.plot_cohort_lines(study.data, column=c)) for c in items])
    )
    sections.append(
        ("Each participant", [chart(plots.plot_participants(study.data, column=items[0]))])
    )
    frame = analysis_frame(study, [outcome, predictor], daily=daily)
    level = "daily means" if daily else "rows as recorded"
    value = measures.icc(frame, outcome)
    sections.append(
        (
            "How much of the variation lies between people?",
            [
                f"<p>ICC of {escape(outcome)} ({level}): {value:.2f}, the share of its variance "
                "that lies between people.</p>"
            ],
        )
    )
    by = "day" if daily or "answered" not in frame.columns else "prompt"
    change = measures.mssd_by_person(frame, outcome, by=by)
    sections.append(
        (
            "Change from one occasion to the next (MSSD, never across a gap)",
            [
                f"<p>Successive {'days' if by == 'day' else 'prompts of a day'}.</p>",
                _table(change.describe().round(2)),
            ],
        )
    )
    lag_by = "day" if daily or "answered" not in frame.columns else "beep"
    result = measures.within_person_model(
        frame, outcome=outcome, predictor=predictor, lag=lag, lag_by=lag_by
    )
    sections.append(
        (
            "Within-person association",
            [
                _table(result.table.drop(columns="p_value").round(3).set_index("term")),
                f"<p>{escape(result.sentence)}</p>",
                chart(
                    plots.plot_within_person(
                        frame, outcome=outcome, predictor=predictor, lag=lag, lag_by=lag_by
                    )
                ),
            ],
        )
    )
    page = _page(study, sections)
    with output_file(Path(out), protected=protected, force=force) as temporary:
        temporary.write_text(page, encoding="utf-8")
    return Path(out)


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(escape=True, border=0, classes="numbers", na_rep="")


def _page(study: Study, sections: list[tuple[str, list[str]]]) -> str:
    from ..report.page import date_range_words, made_words, page_head

    data = study.data
    first, last = data[s.DATE].min().date(), data[s.DATE].max().date()
    people = data[s.PARTICIPANT].nunique()
    made = dt.datetime.now().astimezone()
    body = "\n".join(
        f"<section><h2>{escape(heading)}</h2>\n" + "\n".join(parts) + "\n</section>"
        for heading, parts in sections
    )
    extra_css = (
        "table.numbers { border-collapse: collapse; margin: 0.5em 0; font-size: 0.9em; } "
        "table.numbers td, table.numbers th { padding: 0.2em 0.6em; text-align: right; }"
    )
    return (
        "\n".join(
            [
                *page_head(f"Study report: {study.source}", css=extra_css),
                '<div class="page">',
                "<header>",
                "<h1>Study report</h1>",
                '<dl class="about">',
                f"<dt>Data</dt><dd>{escape(study.source)} ({escape(study.codebook.source)})</dd>",
                f"<dt>Participants</dt><dd>{people}; {len(data)} rows</dd>",
                f"<dt>Dates</dt><dd>{escape(date_range_words(first, last))}</dd>",
                f"<dt>Report made</dt><dd>{escape(made_words(made))}</dd>",
                "</dl>",
                "</header>",
                "<main>",
                "<p>Results are associations within and between people, not causes. Run it on "
                "anonymised data only.</p>",
                body,
                "</main>",
                "</div>",
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )
