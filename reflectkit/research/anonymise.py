"""Anonymise research exports: an allow-list of columns, keyed pseudonyms, secret date shifts.

The policy, in the order :func:`anonymise` applies it:

- **Only known or declared columns are kept.** Schema columns are handled as the schema
  describes them; a column outside the schema is kept only when the researcher declares it:
  ``keep_numeric`` (converted to numbers), ``keep_dates`` (shifted with the participant's
  dates), ``keep_text`` (kept as written) or ``quasi_identifiers`` (coarsened, and measured
  in k). Every other column is dropped and named in the report with the reason, so an ID,
  a phone number or an enrolment date that nobody declared never reaches the output
  (:mod:`~reflectkit.research.columns`).
- **Participant codes** become HMAC-SHA256 pseudonyms under a secret key. A plain or salted
  hash of a small ID space can be reversed by hashing every possible ID; a keyed one cannot
  without the key, which never travels with the data. Keys are at least 32 random bytes,
  kept in a file only their owner can read (:mod:`~reflectkit.research.keys`).
- **Dates** move by a secret whole number of weeks, derived from the key and never stored,
  or become study days (:mod:`~reflectkit.research.dateshift`).
- **Free text** (``note``, ``curiosity``, own words in tags) is dropped unless named in
  ``keep_text``; ``recorded_at`` (a real timestamp) is always dropped.
- **Quasi-identifiers** (declared, or by default columns named age, gender, location, ...)
  are coarsened: ages and birth years into 10-year bands (90+ for ages), postcodes to their
  first two characters, text values held by fewer than 5 participants into ``other``; a
  missing value stays missing. k-anonymity is measured over every combination of their
  values that occurs in any row of any participant, a missing value counting as a value of
  its own: k is the fewest participants sharing one combination. The report gives k, how
  many participants are in groups of fewer than 5, and each column's share in making
  groups small (k over it alone, k without it), never the values of a small group
  (:mod:`~reflectkit.research.kanonymity`, :mod:`~reflectkit.research.report`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

# Names imported `as` themselves moved to the module named; they stay importable from here.
from .. import schema as s
from .columns import QUASI_IDENTIFIERS as QUASI_IDENTIFIERS
from .columns import (
    STUDY_DAY,
    AnonymisationError,
    as_numbers,
    column_roles,
    per_value,
    suggested_only,
    why_dropped,
)
from .dateshift import DATE_LIMITS as DATE_LIMITS
from .dateshift import MAX_SHIFT_WEEKS as MAX_SHIFT_WEEKS
from .dateshift import STUDY_SHIFT_WEEKS as STUDY_SHIFT_WEEKS
from .dateshift import (
    date_shift_days,
    declared_study_days,
    keyed_pseudonym,
    pseudonym,
    shift_days,
    shifted,
    shifted_declared,
    study_days,
)
from .kanonymity import SMALL_GROUP as SMALL_GROUP
from .kanonymity import coarsen, k_anonymity, measure_k
from .keys import KEY_BYTES as KEY_BYTES
from .keys import KEY_HOWTO as KEY_HOWTO
from .keys import MAX_KEY_FILE_BYTES as MAX_KEY_FILE_BYTES
from .keys import MIN_DISTINCT_KEY_BYTES as MIN_DISTINCT_KEY_BYTES
from .keys import StudyKeyError, checked_key, read_key, read_or_create_key
from .report import AnonymisationReport, remaining_risks

DatePolicy = Literal["shift", "study_day"]


def anonymise(
    checkins: pd.DataFrame,
    *,
    key: bytes,
    dates: DatePolicy = "shift",
    keep_text: Iterable[str] = (),
    keep_numeric: Iterable[str] = (),
    keep_dates: Iterable[str] = (),
    quasi_identifiers: Iterable[str] | None = None,
    keep_categories: Iterable[str] = (),
) -> tuple[pd.DataFrame, AnonymisationReport]:
    """An anonymised copy of cohort check-ins, and the report of what was done.

    Parameters
    ----------
    checkins
        Check-ins of many participants (``participant`` and ``date`` on every row), e.g.
        from :func:`reflectkit.research.load_cohort`.
    key
        The study's secret key, at least 32 random bytes: ``read_or_create_key(path)``.
    dates
        ``"shift"`` moves every date by the participant's secret whole number of weeks;
        ``"study_day"`` replaces dates by the day of the study (1 = the participant's
        first day).
    keep_text
        Free-text columns to keep as written (``note``, ``curiosity``, own words in
        ``activities``/``moments``, or text columns outside the schema).
    keep_numeric
        Columns outside the schema to keep as numbers (questionnaire items, counts, ...).
    keep_dates
        Columns outside the schema holding dates or timestamps; they move with ``date``
        (or become ``<column>_study_day``).
    quasi_identifiers
        Columns outside the schema that could single someone out in combination (age,
        gender, place, ...): coarsened and measured in k. ``None`` takes the columns named
        like :data:`QUASI_IDENTIFIERS`; ``()`` takes none.
    keep_categories
        Columns outside the schema holding categories from a fixed list (the codes of a
        multiple-choice question, a questionnaire's name): kept as written.

    Returns
    -------
    (frame, report)
        The anonymised check-ins, sorted by pseudonym and date, and the
        :class:`AnonymisationReport`. Any column that is neither in the schema nor declared
        is dropped and named in the report. The same key always gives the same output;
        the offsets themselves are never written anywhere.

    Raises
    ------
    StudyKeyError
        The key is shorter than 32 bytes or not random-looking.
    AnonymisationError
        A declared column is missing, declared twice, or holds values its declaration
        cannot take (text declared numeric, dates declared as text, ...).
    """
    key = checked_key(key)
    roles = column_roles(
        checkins,
        keep_text=keep_text,
        keep_numeric=keep_numeric,
        keep_dates=keep_dates,
        quasi_identifiers=quasi_identifiers,
        dates=dates,
        keep_categories=keep_categories,
    )
    if checkins[s.PARTICIPANT].isna().any():
        raise AnonymisationError(
            f"{int(checkins[s.PARTICIPANT].isna().sum())} rows have no `participant`: give "
            "every row its participant's code (load_cohort checks this)."
        )
    index, originals = pd.factorize(checkins[s.PARTICIPANT].astype("str"))
    report = AnonymisationReport(participants=len(originals), rows=len(checkins))
    codes = [keyed_pseudonym(p, key) for p in originals]
    if len(set(codes)) != len(codes):
        raise AnonymisationError("two participants received the same pseudonym; use another key")
    people = pd.Series(np.array(codes, dtype=object)[index], index=checkins.index).astype("str")
    first = checkins[s.DATE].groupby(index).transform("min")
    days = shift_days(originals, key)
    offsets = pd.Series(pd.to_timedelta(days[index], unit="D"), index=checkins.index)

    out: dict[str, pd.Series] = {}
    for column in checkins.columns:
        values, role = checkins[column], roles.get(column)
        if column == s.PARTICIPANT:
            out[column] = people
            report.actions[column] = "replaced by a keyed pseudonym (HMAC-SHA256)"
        elif column == s.DATE and dates == "shift":
            out[column] = shifted(column, values, offsets)
            report.actions[column] = "shifted by the participant's secret whole number of weeks"
        elif column == s.DATE:
            out[STUDY_DAY] = study_days(values, first)
            report.actions[STUDY_DAY] = "day of the study (1 = the participant's first day)"
            report.dropped[column] = f"replaced by `{STUDY_DAY}`"
        elif column == s.RECORDED_AT:
            report.dropped[column] = "a real timestamp (when the check-in was saved)"
        elif column in s.TAG_COLUMNS and role != "text":
            out[column] = per_value(values, suggested_only).astype(values.dtype)
            report.actions[column] = "kept the suggested labels only; own words removed"
        elif column in s.FREE_TEXT_COLUMNS and role != "text":
            report.dropped[column] = "free text (declare it in keep_text to keep it)"
        elif column in s.FIELD_BY_NAME or role == "text":
            out[column] = values
            report.actions[column] = "kept" + (", free text kept on request" if role else "")
        elif role == "numeric":
            out[column] = as_numbers(column, values)
            report.actions[column] = "kept as numbers (declared)"
        elif role == "categories":
            out[column] = values
            report.actions[column] = "kept as categories (declared)"
        elif role == "dates" and dates == "shift":
            out[column], report.actions[column] = shifted_declared(column, values, offsets)
        elif role == "dates":
            name = f"{column}_{STUDY_DAY}"
            out[name] = declared_study_days(column, values, first)
            report.actions[name] = (
                f"`{column}` as a day of the study, counted like `{STUDY_DAY}` (times of day "
                "removed)"
            )
            report.dropped[column] = f"replaced by `{name}`"
        elif role in ("quasi", "quasi by name"):
            out[column], what = coarsen(column, values, people)
            found = " (found by its name)" if role == "quasi by name" else ""
            report.actions[column] = f"quasi-identifier{found}: {what}"
            report.quasi_identifiers.append(column)
        else:
            report.dropped[column] = why_dropped(values)

    frame = pd.DataFrame(out, index=checkins.index)
    measured = measure_k(frame, report.quasi_identifiers)
    if measured is not None:
        report.k, report.in_small_groups, report.k_alone, report.k_without = measured
    report.warnings += remaining_risks(report, first=first, people=people, frame=frame, roles=roles)
    if dates == "shift":
        report.date_policy = (
            "moved by a secret whole number of weeks: a study-wide part and a part for each "
            "participant, both derived from the key and not stored; weekdays and intervals "
            "within a participant are kept"
        )
    else:
        report.date_policy = "replaced by study days; calendar dates are not in the output"
    order = [s.PARTICIPANT, s.DATE if dates == "shift" else STUDY_DAY]
    frame = frame.sort_values(order, kind="stable")
    return frame.reset_index(drop=True), report


__all__ = [
    "AnonymisationError",
    "AnonymisationReport",
    "StudyKeyError",
    "anonymise",
    "date_shift_days",
    "k_anonymity",
    "pseudonym",
    "read_key",
    "read_or_create_key",
]
