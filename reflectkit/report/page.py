"""The report as one self-contained HTML page: no scripts, nothing fetched, phone-sized text.

A pure function of what the page says (:class:`PageContent`): it opens offline, prints
well, follows the system's light or dark mode, and its Content-Security-Policy forbids
loading anything that is not inside the page itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from .figures import NARROWEST_PX, DrawnChart
from .sections import INTRO, SUMMARY_HEADING, SUPPORT, SUPPORT_HEADING

#: On every page (and printed page) of a report of the sample data, and next to every chart.
SAMPLE_LABEL = "Made-up sample data, not a real person's check-ins."
PADDING_PX = (390 - NARROWEST_PX) // 2  # the page's side padding: 16 px

_CSS = """
:root {
  color-scheme: light dark;
  --page: #fafbfc; --text: #1f272e; --muted: #47525c; --rule: #d5dce2;
  --accent: #3a5f7d; --note: #eef3f7; --chart: #ffffff;
}
@media screen and (prefers-color-scheme: dark) {
  :root {
    --page: #15191d; --text: #e6eaee; --muted: #b9c3cc; --rule: #3a444d;
    --accent: #a9c1d6; --note: #222b33; --chart: #ffffff;
  }
  /* the charts stay as drawn, on a light card: inverting them would turn low mood and
     "no entry" alike into near-black */
  img.chart { padding: 0.4rem; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--page); color: var(--text);
  font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
    Arial, "Noto Sans", "Liberation Sans", sans-serif;
}
.page { max-width: 40rem; margin: 0 auto; padding: 1.25rem PADDINGpx 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
h2 {
  font-size: 1.3rem; line-height: 1.3; margin: 2.5rem 0 0.75rem;
  padding-top: 1rem; border-top: 1px solid var(--rule);
}
p { margin: 0 0 0.9rem; }
.about {
  margin: 0 0 1.5rem; display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem;
}
.about dt { color: var(--muted); }
.about dd { margin: 0; }
figure { margin: 1.25rem 0 2rem; }
img.chart {
  display: block; width: 100%; max-width: 36rem; height: auto;
  background: var(--chart); border-radius: 6px;
}
figcaption { margin-top: 0.5rem; color: var(--muted); font-size: 0.95rem; }
.sample {
  background: var(--note); color: var(--text); border-left: 4px solid var(--accent);
  padding: 0.5rem 0.75rem; font-weight: 600;
}
.sample-banner { position: sticky; top: 0; z-index: 1; margin: 0 0 1rem; }
@media (max-width: 600px) { .sample-banner { position: static; font-size: 0.95rem; } }
.missing { color: var(--muted); }
figcaption .sample {
  display: block; width: fit-content; margin-bottom: 0.25rem; font-size: 0.9rem;
}
.support { background: var(--note); border-radius: 6px; padding: 0.25rem 1rem 0.5rem; }
.support h2 { border-top: 0; margin-top: 0.75rem; }
@media print {
  @page {
    margin: 20mm 16mm 16mm;
    @bottom-right { content: counter(page) " / " counter(pages); font: 9pt sans-serif; }
  }
  body { background: #fff; color: #000; font-size: 11pt; }
  .page { max-width: none; padding: 0; }
  .sample-banner { position: static; }
  figure, .support { break-inside: avoid; }
  h2 { break-after: avoid; }
  /* a tall chart shrinks to fit one page rather than being cut in two */
  img.chart { width: auto; max-width: 100%; max-height: 190mm; }
}
""".replace("PADDINGpx", f"{PADDING_PX}px")
# In the margin at the top of every printed page (CSS page-margin boxes): unlike a fixed
# header, it never covers the page's content.
_SAMPLE_PRINT_CSS = """
@media print {
  @page { @top-center { content: "LABEL"; font: 600 10pt sans-serif; } }
}
""".replace("LABEL", SAMPLE_LABEL.replace('"', '\\"'))

# Nothing may load from outside the page: images are data: URIs, styles are inline.
_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'"


@dataclass(frozen=True)
class PageContent:
    """What a report says; :func:`render_page` turns it into HTML."""

    whose: str  # "your own", "from mood.csv", "made-up sample data"
    first: dt.date
    last: dt.date
    made: dt.datetime
    sections: tuple[tuple[str, tuple[DrawnChart, ...]], ...]
    summary_html: str  # already-rendered paragraphs
    sample: bool = False
    missing: tuple[str, ...] = ()  # charts left out: nothing recorded for them


def render_page(content: PageContent) -> str:
    """The whole HTML document."""
    dates = date_range_words(content.first, content.last)
    banner = (
        f'<p class="sample sample-banner" role="note">{escape(SAMPLE_LABEL)}</p>\n'
        if content.sample
        else ""
    )
    label = f'<p class="sample">{escape(SAMPLE_LABEL)}</p>\n' if content.sample else ""
    parts = [
        *page_head(_title(content, dates), css=_SAMPLE_PRINT_CSS if content.sample else ""),
        '<div class="page">',
        banner + "<header>",
        "<h1>My trends</h1>",
        '<dl class="about">',
        f"<dt>Check-ins</dt><dd>{escape(content.whose)}</dd>",
        f"<dt>Dates</dt><dd>{escape(dates)}</dd>",
        f"<dt>Report made</dt><dd>{escape(made_words(content.made))}</dd>",
        "</dl>",
        "</header>",
        "<main>",
        f"<p>{escape(INTRO)}</p>",
        f"<section><h2>{escape(SUMMARY_HEADING)}</h2>\n{label}{content.summary_html}</section>",
        *(_section(heading, charts, content.sample) for heading, charts in content.sections),
        *(
            [f'<p class="missing">{escape(missing_words(content.missing))}</p>']
            if content.missing
            else []
        ),
        f'<section class="support"><h2>{escape(SUPPORT_HEADING)}</h2>',
        f"<p>{escape(SUPPORT)}</p></section>",
        "</main>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def page_head(title: str, *, css: str = "") -> list[str]:
    """The lines that open a private report page up to ``<body>``: nothing loaded from
    elsewhere (the policy), no referrer, not indexed; ``css`` after the page's own."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="robots" content="noindex">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}{css}</style>",
        "</head>",
        "<body>",
    ]


def missing_words(titles: tuple[str, ...]) -> str:
    """One calm line naming what these check-ins do not hold, instead of empty charts."""
    names = [t.split(":")[0].strip().lower() for t in titles]
    unique = list(dict.fromkeys(names))
    return "Not in these check-ins, so not shown: " + ", ".join(unique) + "."


def _section(heading: str, charts: tuple[DrawnChart, ...], sample: bool) -> str:
    figures = "\n".join(_figure(chart, sample) for chart in charts)
    return f"<section><h2>{escape(heading)}</h2>\n{figures}\n</section>"


def _figure(chart: DrawnChart, sample: bool) -> str:
    alt = f"{SAMPLE_LABEL} {chart.alt}" if sample else chart.alt
    # the caption repeats the alt text for sighted readers; screen readers hear it once (the
    # sample label is drawn inside the image already, so it is not repeated here)
    return (
        f'<figure><img class="chart" alt="{escape(alt)}" src="{chart.uri}" '
        f'width="{chart.width_px}" height="{chart.height_px}">'
        f'<figcaption aria-hidden="true">{escape(chart.alt)}</figcaption></figure>'
    )


def _title(content: PageContent, dates: str) -> str:
    return f"My trends, {dates}" + (" (sample data)" if content.sample else "")


def date_range_words(first: dt.date, last: dt.date) -> str:
    """``5 January 2026 to 9 June 2026`` (one date when they are the same day)."""
    if first == last:
        return _day(first)
    return f"{_day(first)} to {_day(last)}"


def made_words(moment: dt.datetime) -> str:
    """``26 November 2026 at 14:05``."""
    return f"{_day(moment)} at {moment:%H:%M}"


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
