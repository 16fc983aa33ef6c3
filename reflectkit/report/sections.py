"""What the report shows, in the trends notebook's order: one data structure to extend."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd

from .. import plots
from .. import schema as s

#: Draws one chart of check-ins and returns its Axes or Figure (a :mod:`reflectkit.plots` call).
Chart = Callable[[pd.DataFrame], Any]

#: What went along with mood: days with and without each small thing (associations, not causes).
ASSOCIATIONS_HEADING = "What went along with your mood"

#: ``(heading, charts)`` in the order ``notebooks/02_my_trends.ipynb`` shows them. A chart
#: added to the notebook goes here too: ``tests/test_report_sections.py`` keeps them in step.
SECTIONS: tuple[tuple[str, tuple[Chart, ...]], ...] = (
    ("Overview", (plots.plot_overview,)),
    (
        "Sleep",
        (
            plots.plot_sleep,
            plots.plot_sleep_timing,
            plots.plot_sleep_regularity,
            plots.plot_sleep_quality,
        ),
    ),
    (
        "Mood and feelings",
        (
            plots.plot_mood,
            partial(plots.plot_calendar, column=s.MOOD),
            plots.plot_energy,
            plots.plot_moments,
            plots.plot_moments_by_kind,
        ),
    ),
    (
        "Body and small care",
        (plots.plot_movement, plots.plot_outdoors, plots.plot_meals, plots.plot_care_actions),
    ),
    ("Connection", (plots.plot_connection,)),
    (ASSOCIATIONS_HEADING, (plots.plot_associations,)),
)

INTRO = (
    "Slow changes are easier to see over weeks than from one day to the next. These charts "
    "compare you only with your own earlier weeks. Days without an entry stay blank."
)
SUMMARY_HEADING = "In words"
SUPPORT_HEADING = "If things feel heavy"
SUPPORT = (
    "reflectkit is a way to notice, not a diagnosis. If things feel heavy, you don't have to "
    "carry them alone: a doctor, a therapist or a local crisis line can help, and reaching out "
    "is a good use of a hard day."
)


def chart_count(sections: tuple[tuple[str, tuple[Chart, ...]], ...] = SECTIONS) -> int:
    """How many charts the report draws."""
    return sum(len(charts) for _, charts in sections)
