"""Check check-in data against the schema and explain every problem in plain words.

Coercion to the schema's types happens here (so a value that is not a number can be named
with its line), then a pandera schema checks ranges, whole numbers and categories lazily,
collecting every failure. The store, the loader and the form all go through
:func:`validate_checkins`, so they accept and refuse exactly the same things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import pandera.pandas as pandera

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa

from . import clock
from . import schema as s
from .arrowtext import longest_bytes, may_contain, rejoin_tags
from .errors import CheckinValidationError

PROBLEM_COLUMNS = ["line", "column", "value", "problem"]
EARLIEST = pd.Timestamp(s.EARLIEST_DATE)
LATEST_END = pd.Timestamp(s.LATEST_DATE) + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
FIRST_DAY, LAST_DAY = np.datetime64(s.EARLIEST_DATE, "D"), np.datetime64(s.LATEST_DATE, "D")
SHOWN_VALUE_LENGTH = 60  # a problem report shows this much of a long value
PARALLEL_ROWS = 50_000
DATE_DTYPE: Final = "datetime64[ns]"
TIMESTAMP_DTYPE: Final = "datetime64[ns, UTC]"
STR_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str"
SOCIAL_DTYPE = pd.CategoricalDtype(list(s.SOCIAL_CONTACT_LEVELS), ordered=True)
AMBIGUOUS_SLEEP = (
    "is the same as `bedtime`, so the sleep could be 0 or 24 hours: "
    "enter the hours slept in `sleep_hours`"
)


def empty_checkins() -> pd.DataFrame:
    """A frame with every schema column, typed, and no rows."""
    return _typed_empty(0)


def validate_checkins(
    raw: pd.DataFrame,
    *,
    lines: Sequence[int] | np.ndarray | Callable[[], np.ndarray] | None = None,
    trim_text: bool = True,
    source: str = "check-in",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Coerce ``raw`` to the schema's types and check every rule.

    Parameters
    ----------
    raw
        Check-ins as read: strings or already-typed columns; unknown columns are kept.
    lines
        The line number (as an editor shows it) of each row, used in problem reports;
        or a function returning them, called only when there are problems.
    trim_text
        Trim text and treat blank text as empty (values typed in a form or built in
        Python). The loader passes False: in a file, an empty cell is already missing and
        text is taken as written; numbers, clock times and categories still tolerate
        surrounding spaces either way.
    source
        Named when there is no ``date`` column at all (raised at once).

    Returns
    -------
    (checkins, problems)
        The typed frame with every schema column first, and a ``line, column, value,
        problem`` table (empty when all is well). Rows named in ``problems`` are still in
        ``checkins``; callers decide whether to refuse or to drop them.
    """
    raw = raw.reset_index(drop=True)
    problems: list[pd.DataFrame] = []

    def report(
        column: str, mask: pd.Series | np.ndarray | None, values: pd.Series, problem: str
    ) -> None:
        if mask is not None and mask.any():
            idx = np.flatnonzero(np.asarray(mask))
            problems.append(
                pd.DataFrame(
                    {
                        "row": idx,
                        "column": column,
                        "value": values.iloc[idx].astype(object).to_numpy(),
                        "problem": problem,
                    }
                )
            )

    if s.DATE not in raw.columns:
        message = "is required: add a `date` column (YYYY-MM-DD) to the file"
        missing = pd.DataFrame([[None, s.DATE, None, message]], columns=PROBLEM_COLUMNS)
        raise CheckinValidationError(missing, source=source)

    raw = _without_overlong_text(raw, report)
    given = [f for f in s.FIELDS if f.name in raw.columns]
    minutes: dict[str, pd.Series] = {}
    if len(raw) >= PARALLEL_ROWS:  # Arrow's kernels release the GIL: columns run in parallel
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            coerced = list(pool.map(lambda f: _coerce(f, raw[f.name], trim_text, minutes), given))
    else:
        coerced = [_coerce(f, raw[f.name], trim_text, minutes) for f in given]
    columns = dict(zip([f.name for f in given], coerced, strict=True))
    for field in given:
        report(
            field.name, columns[field.name][1], raw[field.name], f"must be {field.allowed_text()}"
        )
    # concat keeps one block per column: no copy of the whole table into 2-D blocks
    typed = pd.concat(
        [
            columns[f.name][0] if f.name in columns else _empty_column(f, len(raw), index=raw.index)
            for f in s.FIELDS
        ],
        axis=1,
        keys=[f.name for f in s.FIELDS],
    )

    missing_date = typed[s.DATE].isna() & ~_bad_rows(problems, s.DATE, len(raw))
    report(s.DATE, missing_date, raw[s.DATE], "is required: every check-in needs its date")

    # Derive hours only where they are missing and both times are there.
    derive = typed[s.SLEEP_HOURS].isna() & typed[s.BEDTIME].notna() & typed[s.WAKE_TIME].notna()
    if derive.all() and {s.BEDTIME, s.WAKE_TIME} <= minutes.keys():
        # a sleep diary: times on every row, no hours; no row selection needed
        hours = clock.hours_between(minutes[s.BEDTIME].to_numpy(), minutes[s.WAKE_TIME].to_numpy())
        # both times are valid HH:MM on every row, so the hours are missing only where the
        # two times are the same
        report(s.WAKE_TIME, np.isnan(hours), typed[s.WAKE_TIME], AMBIGUOUS_SLEEP)
        typed[s.SLEEP_HOURS] = hours
    elif derive.any():
        bed, wake = typed.loc[derive, s.BEDTIME], typed.loc[derive, s.WAKE_TIME]
        same_times = pd.Series(False, index=typed.index)
        same_times[derive] = (bed == wake).to_numpy()
        report(s.WAKE_TIME, same_times, typed[s.WAKE_TIME], AMBIGUOUS_SLEEP)
        typed.loc[derive, s.SLEEP_HOURS] = clock.sleep_duration_hours(bed, wake)

    if _numbers_may_break_rules(typed):
        from pandera.errors import SchemaErrors  # imported here: pandera takes ~0.2 s to import

        try:
            _pandera_schema().validate(typed, lazy=True, inplace=True)  # inplace: no 1 GB copy
        except SchemaErrors as err:
            cases = err.failure_cases.dropna(subset=["index"])
            # One problem per cell, even when a value breaks two checks (range and whole).
            for column, group in cases.groupby("column", sort=False):
                field = s.FIELD_BY_NAME[str(column)]
                mask = pd.Series(False, index=typed.index)
                mask.iloc[group["index"].astype(int).unique()] = True
                report(field.name, mask, typed[field.name], f"must be {field.allowed_text()}")

    extras = [c for c in raw.columns if c not in s.FIELD_BY_NAME]
    if extras:  # at once: adding 10,000 columns one by one takes minutes
        typed = pd.concat([typed, raw[extras]], axis=1)
    if problems and callable(lines):
        lines = lines()
    return typed, _problem_table(problems, None if lines is None else np.asarray(lines))


def _numbers_may_break_rules(typed: pd.DataFrame) -> bool:
    """Whether a number may be out of range or not whole, from each column's extremes.

    A few reductions per column; the schema's checks, which name every cell, run only when
    this says "maybe".
    """
    for field in s.FIELDS:
        if field.kind != "number":
            continue
        values = typed[field.name].to_numpy(dtype="float64", na_value=np.nan)
        if len(values) == 0:
            continue
        lowest, highest = np.fmin.reduce(values), np.fmax.reduce(values)
        if np.isnan(lowest):  # no values at all
            continue
        if (field.minimum is not None and lowest < field.minimum) or (
            field.maximum is not None and highest > field.maximum
        ):
            return True
        if field.whole and (np.floor(values) == values).sum() != (~np.isnan(values)).sum():
            return True
    return False


def raise_for_problems(problems: pd.DataFrame, *, source: str, hint: str | None = None) -> None:
    """Raise :class:`CheckinValidationError` when ``problems`` is not empty."""
    if len(problems):
        raise CheckinValidationError(problems, source=source, hint=hint)


def _coerce(
    field: s.Field,
    column: pd.Series,
    trim_text: bool,
    clock_minutes: dict[str, pd.Series] | None = None,
) -> tuple[pd.Series, np.ndarray | None]:
    """The column in the schema's type, and a mask of non-empty values that did not convert.

    The mask is None where nothing can fail, as when the file's parser already typed the
    column: a million-row load then does no per-value work here beyond the schema checks.
    A clock time's minutes after midnight go into ``clock_minutes``, for the sleep hours.
    """
    out: pd.Series
    if column.dtype == object or (trim_text and isinstance(column.dtype, pd.StringDtype)):
        if column.isna().all():  # an unused column: nothing to convert or check
            return _empty_column(field, len(column), index=column.index), None
        if column.dtype == object and field.kind == "tags":  # labels given as lists (the form)
            column = column.map(_tags_from_list, na_action="ignore")
        text = column.astype("str").str.strip()
        if field.kind in ("text", "tags"):  # as the file will hold it: line breaks are LF
            text = text.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        blank = text.eq("").fillna(False).astype(bool)
        column = text.mask(blank) if blank.any() else text  # a blank cell is an empty one
    if field.kind in ("date", "timestamp") and isinstance(column.dtype, pd.ArrowDtype):
        column = _from_arrow_times(column)
    if field.kind == "number":
        if column.dtype == "float64":
            return column, None
        out = pd.to_numeric(column, errors="coerce").astype("float64")
    elif field.kind == "date":
        if pd.api.types.is_datetime64_any_dtype(column.dtype):
            return _days_in_range(column)
        dates, _ = _in_range(pd.to_datetime(column, errors="coerce", format="%Y-%m-%d"), DATE_DTYPE)
        return dates, (column.notna() & dates.isna()).to_numpy()
    elif field.kind == "timestamp":
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            return _in_range(column.dt.tz_convert("UTC"), TIMESTAMP_DTYPE)
        stamps, _ = _in_range(
            pd.to_datetime(column, errors="coerce", utc=True, format="ISO8601"), TIMESTAMP_DTYPE
        )
        return stamps, (column.notna() & stamps.isna()).to_numpy()
    elif field.kind == "clock":
        out, minutes = _to_clock(column)
        if clock_minutes is not None:
            clock_minutes[field.name] = minutes
    elif field.kind == "category" and isinstance(column.dtype, pd.CategoricalDtype):
        # Map the few distinct labels, not the million rows.
        labels = column.cat.categories.astype("str").str.strip().str.lower()
        lookup = np.append(pd.Index(field.allowed).get_indexer(labels), -1)
        given = column.cat.codes.to_numpy()
        codes = lookup[given]
        out = pd.Series(pd.Categorical.from_codes(codes, dtype=SOCIAL_DTYPE), index=column.index)
        return out, (given >= 0) & (codes < 0)
    elif field.kind == "category":
        codes = pd.Index(field.allowed).get_indexer(
            pd.Index(column.astype("str").str.strip().str.lower())
        )
        out = pd.Series(pd.Categorical.from_codes(codes, dtype=SOCIAL_DTYPE), index=column.index)
    elif field.kind == "tags":
        out = column.astype("str")
        if not may_contain(out, "|"):
            return out, None
        # accept "a | b" as written by other apps: rewritten on the whole column at once
        rejoined = rejoin_tags(out, only_with="|")
        out = rejoined.to_pandas(types_mapper={pa.string(): STR_DTYPE}.get).set_axis(out.index)
    else:
        return column.astype("str"), None
    return out, (column.notna() & out.isna()).to_numpy()


def _from_arrow_times(column: pd.Series) -> pd.Series:
    """Arrow dates and timestamps (``dtype_backend="pyarrow"``) as pandas' own, time zone
    kept; other Arrow types as they are (they are read as text)."""
    dtype = column.dtype
    assert isinstance(dtype, pd.ArrowDtype)
    arrow_type = dtype.pyarrow_dtype
    if not (pa.types.is_timestamp(arrow_type) or pa.types.is_date(arrow_type)):
        return column
    values = column.array.__arrow_array__().to_pandas(date_as_object=False)  # type: ignore[attr-defined]
    return values.set_axis(column.index)


def _days_in_range(column: pd.Series) -> tuple[pd.Series, np.ndarray | None]:
    """The calendar day of each value (time of day dropped), days outside the range empty.

    On NumPy's day unit, which holds any year, so the check comes before nanoseconds.
    """
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        column = column.dt.tz_localize(None)
    days = column.to_numpy().astype("datetime64[D]")  # floors, also before 1970
    outside = (days < FIRST_DAY) | (days > LAST_DAY)
    if outside.any():
        days[outside] = np.datetime64("NaT")
    return pd.Series(days.astype(DATE_DTYPE), index=column.index), (
        outside if outside.any() else None
    )


def _in_range(column: pd.Series, dtype: Any) -> tuple[pd.Series, np.ndarray | None]:
    """``column`` in ``dtype``, values outside the schema's date range made empty.

    Checked before the conversion to nanoseconds, which cannot hold years like 0001 or 9999.
    """
    values = column.dt.tz_localize(None) if isinstance(column.dtype, pd.DatetimeTZDtype) else column
    outside = ((values < EARLIEST) | (values > LATEST_END)).to_numpy()
    if outside.any():
        column = column.mask(outside)
        return column.astype(dtype), outside
    return column.astype(dtype), None


def _without_overlong_text(raw: pd.DataFrame, report: Callable[..., None]) -> pd.DataFrame:
    """Report text longer than the schema allows and leave it out of everything that follows.

    Done first and without converting the long values, so a 200 MB note costs no copies;
    a byte-length check finds nothing to do in the usual file.
    """
    text_columns = [
        c
        for c in raw.columns
        if c not in s.FIELD_BY_NAME or s.FIELD_BY_NAME[c].kind in ("text", "tags", "id")
    ]
    for name in text_columns:
        column = raw[name]
        found = _overlong(column, s.MAX_TEXT_LENGTH)
        if found is None:
            continue
        too_long, shown = found
        report(
            name,
            too_long,
            shown,
            f"must be at most {s.MAX_TEXT_LENGTH:,} characters long (about ten pages); "
            "keep longer writing in a separate file",
        )
        raw[name] = column.mask(too_long)  # copy-on-write: the caller's frame is unchanged
    return raw


def _overlong(column: pd.Series, limit: int) -> tuple[np.ndarray, pd.Series] | None:
    """A mask of values longer than ``limit`` characters and a short way to show each."""
    n = SHOWN_VALUE_LENGTH
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        import pyarrow.compute as pc

        array = pa.chunked_array(column.array._pa_array)  # type: ignore[attr-defined]
        if longest_bytes(array) <= limit:  # bytes >= characters: never wrong on "no"
            return None
        lengths = pc.fill_null(pc.utf8_length(array), 0).to_numpy()
        starts = pc.utf8_slice_codeunits(array, 0, n).to_pylist()
    elif column.dtype == object:
        lengths = np.array([len(v) if isinstance(v, str) else 0 for v in column], dtype=np.int64)
        if not (lengths > limit).any():
            return None
        starts = [v[:n] if isinstance(v, str) else None for v in column]
    else:
        return None
    too_long = lengths > limit
    if not too_long.any():
        return None
    shown = [
        f"{start}... ({length:,} characters)" if long else None
        for start, length, long in zip(starts, lengths, too_long, strict=True)
    ]
    return too_long, pd.Series(shown, index=column.index, dtype=object)


def _to_clock(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Clock times as zero-padded ``HH:MM`` (values that are not clock times become NaN),
    and their minutes after midnight."""
    text = column.astype("str")
    minutes = clock.padded_minutes(text)
    if minutes is not None:
        return text, minutes  # the common case: nothing to rewrite
    minutes = clock.clock_minutes(text)
    hh = (minutes // 60).astype("Int64").astype("str").str.zfill(2)
    mm = (minutes % 60).astype("Int64").astype("str").str.zfill(2)
    return (hh + ":" + mm).where(minutes.notna()).astype("str"), minutes


def _tags_from_list(value: object) -> object:
    return s.join_tags(value) if isinstance(value, list | tuple | set) else value  # type: ignore[arg-type]


def _bad_rows(problems: list[pd.DataFrame], column: str, n: int) -> pd.Series:
    mask = np.zeros(n, dtype=bool)
    for frame in problems:
        rows = frame.loc[frame["column"] == column, "row"].to_numpy()
        mask[rows] = True
    return pd.Series(mask)


def _problem_table(problems: list[pd.DataFrame], line_of: np.ndarray | None) -> pd.DataFrame:
    if not problems:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS})
    table = pd.concat(problems, ignore_index=True).sort_values("row", kind="stable")
    rows = table.pop("row").to_numpy()
    lines = line_of[rows] if line_of is not None else [None] * len(rows)
    table.insert(0, "line", pd.Series(list(lines), dtype=object, index=table.index))
    table["value"] = table["value"].map(_plain_value)
    return table.reset_index(drop=True)[PROBLEM_COLUMNS]


def _plain_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # an Arrow date, as it is written
    if isinstance(value, str) and len(value) > 2 * SHOWN_VALUE_LENGTH:
        return f"{value[:SHOWN_VALUE_LENGTH]}... ({len(value):,} characters)"
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, pd.Timestamp) and value.tz is None and value == value.normalize():
        return value.strftime("%Y-%m-%d")  # a date as it is written
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return str(value)
    return value


def _typed_empty(n: int) -> pd.DataFrame:
    return pd.DataFrame({f.name: _empty_column(f, n) for f in s.FIELDS}, index=pd.RangeIndex(n))


def _empty_column(field: s.Field, n: int, *, index: pd.Index | None = None) -> pd.Series:
    index = pd.RangeIndex(n) if index is None else index
    if field.kind == "number":
        return pd.Series(np.full(n, np.nan), index=index)
    if field.kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype=DATE_DTYPE), index=index)
    if field.kind == "timestamp":
        return pd.Series(pd.NaT, index=index, dtype=TIMESTAMP_DTYPE)
    if field.kind == "category":
        return pd.Series(pd.Categorical.from_codes(np.full(n, -1), dtype=SOCIAL_DTYPE), index=index)
    nulls = pa.nulls(n, pa.string()).to_pandas(types_mapper={pa.string(): STR_DTYPE}.get)
    return nulls.set_axis(index)


@cache
def _pandera_schema() -> pandera.DataFrameSchema:
    import pandera.pandas as pandera

    columns: dict[str, pandera.Column] = {}
    for field in s.FIELDS:
        if field.kind == "number":
            checks = [pandera.Check.in_range(field.minimum, field.maximum)]
            if field.whole:
                checks.append(pandera.Check(lambda x: np.floor(x) == x, name="whole"))
            columns[field.name] = pandera.Column("float64", checks, nullable=True)
        elif field.kind == "date":
            columns[field.name] = pandera.Column(DATE_DTYPE, nullable=True)
    return pandera.DataFrameSchema(columns, strict=False)
