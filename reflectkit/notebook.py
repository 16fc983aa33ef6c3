"""Helpers that keep the notebooks thin: choose the data, show a chart with its alt text."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from .io.load import load_checkins
from .io.store import CheckinStore
from .paths import sample_data_folder


def personal_checkins(data_path: str | Path | None = None) -> tuple[pd.DataFrame, str]:
    """The check-ins a personal notebook should show, and one line saying where they came from.

    ``data_path`` wins when given; otherwise your store, or the shipped sample data while the
    store is still empty.
    """
    if data_path:
        return load_checkins(data_path), f"Showing check-ins from {Path(data_path).name}."
    store = CheckinStore()
    mine = store.load()
    if len(mine):
        return mine, f"Showing your {len(mine)} check-ins."
    sample = sample_data_folder() / "checkins.csv"
    return load_checkins(sample), (
        "You have no check-ins yet, so this shows made-up sample data. "
        "Your own will appear here after your first check-in."
    )


def show(chart: object) -> None:
    """Display a figure (or Axes) as an image with its alt text, and free its memory."""
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    from .plots import alt_text

    figure = getattr(chart, "figure", chart)
    description = alt_text(chart)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    data = base64.b64encode(buffer.getvalue()).decode()
    alt = html.escape(description, quote=True)
    display(
        HTML(
            f'<figure style="margin:0"><img alt="{alt}" src="data:image/png;base64,{data}" '
            f'style="max-width:100%"/><figcaption style="color:#3C4650;font-size:0.85em">'
            f"{html.escape(description)}</figcaption></figure>"
        )
    )


def show_words(paragraphs: list[str]) -> None:
    """Display sentences as prose (Markdown paragraphs), not as code output."""
    from IPython.display import Markdown, display

    display(Markdown("\n\n".join(paragraphs)))
