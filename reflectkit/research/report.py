"""The anonymisation report: what was done to each column, the measured k, the risks left.

It is written beside the anonymised data, so that whoever uses the data knows what was
removed, what was coarsened and what can still single someone out. It holds counts and
column names only: never a key, an offset, or the values of a small group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from .. import schema as s
from .._version import __version__
from .dateshift import FIXED_OFFSET_NOTE
from .kanonymity import SMALL_GROUP


@dataclass
class AnonymisationReport:
    """What was done to each column, what was dropped and why, and the measured k.

    Attributes
    ----------
    actions
        Each output column and what was done to it.
    dropped
        Each input column left out, and why.
    quasi_identifiers
        The columns k is measured over.
    k
        The fewest participants sharing one combination of quasi-identifier values that
        occurs in any row (None without quasi-identifiers).
    in_small_groups
        How many participants have a row whose combination fewer than 5 participants share.
    k_alone, k_without
        For each quasi-identifier, k over that column alone and k over all the others: the
        columns that make groups small have a small ``k_alone`` and a ``k_without`` well
        above ``k``.
    warnings
        Risks that remain, in plain words.
    """

    actions: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    quasi_identifiers: list[str] = field(default_factory=list)
    k: int | None = None
    in_small_groups: int = 0
    k_alone: dict[str, int] = field(default_factory=dict)
    k_without: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    date_policy: str = ""
    participants: int = 0
    rows: int = 0
    created: str = field(default_factory=lambda: dt.date.today().isoformat())

    def to_markdown(self) -> str:
        """The report as Markdown, to keep beside the anonymised data."""
        lines = [
            "# Anonymisation report",
            "",
            f"- Tool: reflectkit {__version__}",
            f"- Date: {self.created}",
            f"- Participants: {self.participants}; rows: {self.rows}",
            f"- Dates: {self.date_policy}",
            "- Participant codes: keyed pseudonyms (HMAC-SHA256); the key is kept apart "
            "from the data.",
            "- Columns: only schema columns and columns declared by the researcher are kept.",
            "",
            "## Columns",
            "",
            "| column | what was done |",
            "|---|---|",
            *[f"| `{c}` | {a} |" for c, a in self.actions.items()],
            "",
            "## Dropped",
            "",
            *([f"- `{c}`: {why}" for c, why in self.dropped.items()] or ["- nothing"]),
            "",
            "## k-anonymity",
            "",
        ]
        if self.quasi_identifiers:
            over = ", ".join(f"`{q}`" for q in self.quasi_identifiers)
            lines += [
                f"Over {over}, counting every combination of values that occurs in any "
                "participant's rows (a missing value counts as a value of its own): "
                f"**k = {self.k}**. {self.in_small_groups} of {self.participants} "
                f"participants are in a group of fewer than {SMALL_GROUP}.",
                "",
                "Which columns make groups small (no group's values are shown):",
                "",
                "| quasi-identifier | k over it alone | k without it |",
                "|---|---|---|",
                *[
                    f"| `{q}` | {self.k_alone[q]} | {self.k_without[q]} |"
                    for q in self.quasi_identifiers
                ],
            ]
        else:
            lines.append("No quasi-identifiers (age, gender, location, ...) are in the data.")
        if self.warnings:
            lines += ["", "## Remaining risks", "", *[f"- {w}" for w in self.warnings]]
        return "\n".join(lines) + "\n"


def remaining_risks(
    report: AnonymisationReport,
    *,
    first: pd.Series,
    people: pd.Series,
    frame: pd.DataFrame,
    roles: dict[str, str],
) -> list[str]:
    """Risks the anonymised ``frame`` still carries, in plain words, for the report."""
    risks = []
    starts = first.groupby(people).first().sort_values().to_numpy()
    together, low = 0, 0
    for high in range(len(starts)):  # the most participants whose first days lie within 7 days
        while starts[high] - starts[low] >= pd.Timedelta(days=7):
            low += 1
        together = max(together, high - low + 1)
    if together >= 2 and 2 * together >= len(starts):
        risks.append(
            f"{together} of {len(starts)} participants began within the same week. Whoever "
            "knows that enrolment date can read real calendar dates from each participant's "
            "first day, in shifted dates and study days alike; the data alone does not "
            "reveal it. Share the data only with people who may know those dates, or keep "
            "the enrolment date out of what is published with it."
        )
    for column, role in roles.items():
        if role == "numeric" and report.participants >= SMALL_GROUP:
            own = frame[column].groupby(people).nunique()
            given = int(own.sum())
            if (own <= 1).all() and given >= SMALL_GROUP and frame[column].nunique() == given:
                risks.append(
                    f"`{column}` holds one value per participant, a different one for each: "
                    "it can single people out. Declare it in quasi_identifiers (measured in "
                    "k) or leave it out."
                )
        elif role == "text" and column not in s.TAG_COLUMNS:
            risks.append(
                f"`{column}` is free text kept on request: it can hold names, places and real "
                "dates. Read it before sharing."
            )
        elif role == "dates" and report.actions.get(column, "").endswith(FIXED_OFFSET_NOTE):
            risks.append(
                f"`{column}` held times in UTC or a fixed offset: clock times that jump by "
                "an hour at a daylight-saving change can point to the real dates. Local "
                "times are safer."
            )
    return risks
