"""Column roles: the allow-list that decides which columns anonymise keeps, and their values.

A column outside the schema is kept only in the role the researcher declares for it, so an
ID, a phone number or an enrolment date that nobody declared never reaches the output.
Declarations are checked before anything is written: a declared column must exist, have
one role, and hold values that role can take (dates are never kept unshifted as text or
numbers). The helpers that read declared values (as numbers, as dates) live here too, so
every module that uses them refuses the same values with the same message.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError

#: Columns outside the schema taken as quasi-identifiers by their name alone.
QUASI_IDENTIFIERS = (
    "age",
    "gender",
    "sex",
    "location",
    "city",
    "postcode",
    "zip",
    "country",
    "occupation",
)
#: The column that holds study days when ``dates="study_day"``.
STUDY_DAY = "study_day"
_ROLE_BY_OPTION = {
    "keep_categories": "categories",
    "keep_text": "text",
    "keep_numeric": "numeric",
    "keep_dates": "dates",
    "quasi_identifiers": "quasi",
}
_SUGGESTED = frozenset(s.SUGGESTED_ACTIVITIES + s.SUGGESTED_MOMENTS)
_DATE_TEXT = re.compile(
    r"\s*\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?\s*"
)


class AnonymisationError(ReflectkitError, ValueError):
    """Columns were declared in a way :func:`anonymise` cannot honour safely."""


def column_roles(
    frame: pd.DataFrame,
    *,
    keep_text: Iterable[str],
    keep_numeric: Iterable[str],
    keep_dates: Iterable[str],
    quasi_identifiers: Iterable[str] | None,
    dates: str,
    keep_categories: Iterable[str] = (),
) -> dict[str, str]:
    """Each declared column's role; refuse declarations that cannot be honoured."""
    given = {
        "keep_categories": keep_categories,
        "keep_text": keep_text,
        "keep_numeric": keep_numeric,
        "keep_dates": keep_dates,
        "quasi_identifiers": quasi_identifiers,
    }
    for option, names in given.items():
        if isinstance(names, str):
            raise AnonymisationError(
                f"{option} takes a list of column names, got {names!r}: write ({names!r},)."
            )
    if dates not in ("shift", STUDY_DAY):
        raise AnonymisationError(f"dates must be 'shift' or 'study_day', got {dates!r}")
    declared = {
        "keep_categories": tuple(keep_categories),
        "keep_text": tuple(keep_text),
        "keep_numeric": tuple(keep_numeric),
        "keep_dates": tuple(keep_dates),
        "quasi_identifiers": () if quasi_identifiers is None else tuple(quasi_identifiers),
    }
    _check_required(frame)
    roles: dict[str, str] = {}
    owner: dict[str, str] = {}
    extra = [c for c in frame.columns if c not in s.FIELD_BY_NAME]
    keepable_text = (*s.FREE_TEXT_COLUMNS, *s.TAG_COLUMNS)
    for option, names in declared.items():
        for name in names:
            if name not in frame.columns:
                raise AnonymisationError(
                    f"{option} names `{name}`, which is not a column of the data; the columns "
                    f"outside the schema are {', '.join(f'`{c}`' for c in extra) or 'none'}."
                )
            if name in owner:
                raise AnonymisationError(
                    f"`{name}` is declared in both {owner[name]} and {option}: choose one."
                )
            owner[name] = option
            if name in s.FIELD_BY_NAME and not (option == "keep_text" and name in keepable_text):
                also = f" and {', '.join(keepable_text)}" if option == "keep_text" else ""
                raise AnonymisationError(
                    f"`{name}` is a schema column, handled as the schema describes it; "
                    f"{option} takes columns outside the schema{also}."
                )
            roles[name] = _ROLE_BY_OPTION[option]
            if option != "keep_dates" and name not in s.FIELD_BY_NAME and holds_dates(frame[name]):
                raise AnonymisationError(
                    f"`{name}` holds dates, which {option} would keep unshifted: declare it in "
                    "keep_dates to shift it with `date`, or derive a coarser value (a year, an "
                    "age) first."
                )
    if dates == STUDY_DAY:
        made = [STUDY_DAY, *(f"{c}_{STUDY_DAY}" for c in declared["keep_dates"])]
        taken = [c for c in made if c in frame.columns]
        if taken:
            raise AnonymisationError(
                f"study days would be written to {', '.join(f'`{c}`' for c in taken)}, which "
                "the data already has: rename that column first."
            )
    if quasi_identifiers is None:
        for name in extra:
            if name.lower() in QUASI_IDENTIFIERS and name not in roles:
                roles[name] = "quasi by name"
    return roles


def _check_required(frame: pd.DataFrame) -> None:
    for required in (s.PARTICIPANT, s.DATE):
        if required not in frame.columns:
            raise AnonymisationError(
                f"anonymise needs a `{required}` column; the data has "
                f"{', '.join(f'`{c}`' for c in frame.columns) or 'no columns'}."
            )
    if not pd.api.types.is_datetime64_any_dtype(frame[s.DATE].dtype):
        raise AnonymisationError(
            "`date` holds text, not dates: load the data with "
            "reflectkit.research.load_cohort(path), which checks and types every column."
        )


def holds_dates(column: pd.Series) -> bool:
    """Whether every value given is a date, a timestamp, or text written like one."""
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return True
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype):
        return False
    given = column.dropna()
    if given.empty:
        return False
    if given.map(lambda v: isinstance(v, dt.date)).all():
        return True
    return bool(given.astype("str").str.fullmatch(_DATE_TEXT).all())


def why_dropped(column: pd.Series) -> str:
    """Why an undeclared column was left out, and how to keep it."""
    if holds_dates(column):
        what, how = "dates", "keep_dates (--keep-dates) to keep them shifted with `date`"
    elif (
        pd.api.types.is_bool_dtype(column.dtype)
        or pd.api.types.is_numeric_dtype(column.dtype)
        or _numbers_as_text(column)
    ):
        what, how = "numbers", "keep_numeric or quasi_identifiers to keep them"
    else:
        what, how = "text", "keep_text or quasi_identifiers to keep it"
    return f"not in the schema and not declared; it holds {what} (declare it in {how})"


def _numbers_as_text(column: pd.Series) -> bool:
    """Whether every value given is a number written as text (a CSV column read as text)."""
    given = column.dropna()
    if given.empty:
        return False
    return bool(pd.to_numeric(given.astype("str").str.strip(), errors="coerce").notna().all())


def as_numbers(name: str, column: pd.Series) -> pd.Series:
    """A declared numeric column as numbers; refuse values that are not numbers."""
    if pd.api.types.is_bool_dtype(column.dtype):
        return column.astype("float64")
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column
    if pd.api.types.is_timedelta64_dtype(column.dtype):
        raise AnonymisationError(
            f"`{name}` holds durations: convert them to a number (of minutes, say) first."
        )
    numbers = pd.to_numeric(column, errors="coerce")
    bad = numbers.isna() & column.notna()
    if bad.any():  # rows, not values: the values may be identifiers, kept out of logs
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(bad.to_numpy())[:5])
        raise AnonymisationError(
            f"`{name}` was declared numeric, but {int(bad.sum())} values are not numbers "
            f"(rows {rows}{', ...' if bad.sum() > 5 else ''}): correct them, or declare the "
            "column in keep_text."
        )
    return numbers


def per_value(column: pd.Series, convert: Callable[[Any], object]) -> pd.Series:
    """``convert`` applied once per distinct value; a missing value stays missing.

    Cohorts have millions of rows but few distinct values, so this is much faster than
    ``Series.map``.
    """
    codes, uniques = pd.factorize(column)
    converted = np.array([*(convert(v) for v in uniques), np.nan], dtype=object)
    return pd.Series(converted[codes], index=column.index)  # code -1 (missing) takes the NaN


def suggested_only(tags: object) -> str | None:
    """Tags with the suggested labels only: own words can name people and places."""
    return s.join_tags([t for t in s.split_tags(tags) if t in _SUGGESTED])
