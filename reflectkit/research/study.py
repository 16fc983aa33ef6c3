"""Load any study by its codebook: typed columns, every problem named by line, one long format.

:func:`load_study` reads a CSV (comma, semicolon or tab; a BOM is fine; short rows are filled
with empty values), a Parquet file or folder, or a DataFrame, and applies the codebook
(:mod:`~reflectkit.research.codebook`): each declared column is renamed to its ``name``,
converted to its type and checked against its range or levels, collecting *every* problem
with its line like :func:`reflectkit.load_checkins` does. The result is long: one row per
beep (or per day), with ``participant``, ``date`` (the participant's local day of the beep)
and ``time`` (its clock time), so that every measure in :mod:`reflectkit.research` runs on it.

Timestamps are read as the local clock time written: a UTC offset or zone name at the end
(``+02:00``, ``Z``, ``CET``) is removed and the clock time kept, so the day of a beep is the
participant's own day. A beep's day and time come from ``date``/``time`` when declared, else
from the first of ``scheduled``, ``sent`` and ``answered`` that it has.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import clock_minutes
from ..errors import CheckinValidationError, ReflectkitError
from ..validate import PROBLEM_COLUMNS
from .codebook import (
    ANSWERED,
    BEEP_TIMES,
    QUESTIONNAIRE,
    STRUCTURE,
    UNIX_SECONDS,
    Codebook,
    Item,
    codebook_csv,
    infer_codebook,
    read_codebook,
    schema_codebook,
)

#: A UTC offset or zone name after a clock time (never the day of a bare date: 2024-03-02).
_ZONE_AT_END = re.compile(
    r"(?<=\d{2}:\d{2})(?P<seconds>(:\d{2}(\.\d+)?)?)\s*(Z|[+-]\d{2}(:?\d{2})?|[A-Za-z]{2,5}"
    r"(/[A-Za-z_]+)?)$"
)
_ESCAPED = re.compile(r"^'(?='*[=+\-@\t\r])")
STUDY_HINT = "Correct the values named above in the data (or the codebook), then load again."
#: Where a day's beeps are taken to belong: the first of these a row has.
DAY_FROM = (s.DATE, *BEEP_TIMES)


@dataclass(frozen=True)
class Study:
    """A loaded study: the long, typed data and the codebook that describes it."""

    data: pd.DataFrame
    codebook: Codebook
    source: str = "study"

    @property
    def items(self) -> list[str]:
        """The numeric items (numeric and ordinal) the measures can use."""
        return [n for n in self.codebook.numeric() if n in self.data.columns]


def load_study(
    data: str | Path | pd.DataFrame,
    codebook: str | Path | Codebook | None = None,
    *,
    skip_invalid: bool = False,
    write_codebook: str | Path | bool = True,
) -> Study:
    """Load and check a study's data against its codebook.

    Parameters
    ----------
    data
        A CSV (``,`` ``;`` or tab separated), a Parquet file or folder, or a DataFrame.
    codebook
        A codebook file (CSV or YAML) or :class:`~reflectkit.research.codebook.Codebook`.
        Without one, reflectkit's own check-in files use the check-in schema; any other data
        gets an inferred codebook (numbers, dates, categories), which is written beside the
        data as ``<name>.codebook.csv`` (never over an existing file) for the researcher to
        check and pass next time. ``write_codebook`` names another file, or False to skip.
    skip_invalid
        Drop the rows that have problems (with a warning) instead of refusing the data.

    Raises
    ------
    CheckinValidationError
        Every value outside its declared type, range or levels, every row without a
        participant or a day, and every declared column missing from the data, by line.
    """
    raw, source, lines = _read(data)
    if codebook is None:
        book = _default_codebook(raw, data, source, write_codebook)
    elif isinstance(codebook, Codebook):
        book = codebook
    else:
        book = read_codebook(codebook)
    return checked_study(raw, book, source=source, lines=lines, skip_invalid=skip_invalid)


def checked_study(
    raw: pd.DataFrame,
    book: Codebook,
    *,
    source: str,
    lines: np.ndarray | None = None,
    skip_invalid: bool = False,
) -> Study:
    """:func:`apply_codebook`, then refuse (or drop, with ``skip_invalid``) the rows with
    problems, naming each by its line in ``lines`` (the file's line of each row)."""
    frame, problems = apply_codebook(raw, book)
    if len(problems):
        problems["line"] = pd.Series(_line_numbers(problems["line"], lines), dtype=object)
        if not skip_invalid or problems["row"].isna().any():
            raise CheckinValidationError(
                problems.drop(columns="row"), source=source, hint=STUDY_HINT
            )
        rows = {int(r) for r in problems["row"]}
        warnings.warn(f"{source}: {len(rows)} rows with problems were left out", stacklevel=3)
        frame = frame.drop(index=sorted(rows))
    order = [s.PARTICIPANT, s.DATE] + ([s.TIME] if s.TIME in frame else [])
    frame = frame.sort_values(order, kind="stable").reset_index(drop=True)
    return Study(frame, book, source)


def _default_codebook(
    raw: pd.DataFrame, data: object, source: str, write: str | Path | bool
) -> Codebook:
    columns = set(raw.columns)
    if {s.PARTICIPANT, s.DATE} <= columns and columns <= set(s.COLUMNS):
        return schema_codebook()
    book = infer_codebook(raw, source=f"inferred from {source}")
    target = (
        Path(write)
        if isinstance(write, str | Path)
        else _beside(Path(data))
        if write and isinstance(data, str | Path)
        else None
    )
    if target is None:
        return book
    if target.exists():
        warnings.warn(
            f"{source} has no codebook, so one was inferred; {target} already exists and was "
            f"left as it is: pass codebook={str(target)!r} if it describes this data.",
            stacklevel=3,
        )
        return book
    from ..io.private import write_output

    write_output(target, codebook_csv(book).encode())
    warnings.warn(
        f"{source} has no codebook, so one was inferred and written to {target}: check each "
        f"row (types, ranges, identifiers) and pass codebook={str(target)!r} next time.",
        stacklevel=3,
    )
    return book


def _beside(path: Path) -> Path:
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return path.with_name(f"{stem}.codebook.csv")


def codebook_path_for(data: str | Path) -> Path:
    """Where the codebook of a study file is written: ``study.csv`` -> ``study.codebook.csv``."""
    return _beside(Path(data))


def _read(data: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str, np.ndarray | None]:
    """The raw table (text for CSV), a name for messages, and each row's line (CSV only)."""
    if isinstance(data, pd.DataFrame):
        return data.reset_index(drop=True), "data", None
    path = Path(data)
    if path.is_dir() or path.suffix == ".parquet":
        if path.is_dir() and not any(path.rglob("*.parquet")):
            raise ReflectkitError(f"{path} holds no .parquet files: give a CSV or Parquet file.")
        frame = pd.read_parquet(path).reset_index(drop=True)
        for column in frame.columns:  # partition columns come back as categoricals
            if isinstance(frame[column].dtype, pd.CategoricalDtype):
                frame[column] = frame[column].astype("str")
        return frame, f"{path.name} (row numbers)", None
    try:
        head = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"No study data at {path}: check the path.") from None
    except IsADirectoryError:
        raise ReflectkitError(f"{path} is a folder: give a CSV or Parquet file.") from None
    text = head.decode("utf-8-sig", errors="replace")
    first = text.split("\n", 1)[0]
    sep = max((";", "\t", ","), key=first.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype="str",
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=True,
        )
    except pd.errors.ParserError as err:
        raise ReflectkitError(
            f"{path.name} could not be read as a table separated by {sep!r}: {err}. Check that "
            "every row has at most as many values as the header."
        ) from None
    return frame, path.name, _record_lines(text, sep)


def _record_lines(text: str, sep: str) -> np.ndarray:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    starts, line = [], 1
    for record in reader:
        if record:
            starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[1:], dtype=np.int64)


def _line_numbers(rows: pd.Series, lines: np.ndarray | None) -> list[object]:
    out: list[object] = []
    for row in rows:
        if row is None or row != row:
            out.append(None)
        elif lines is not None and int(row) < len(lines):
            out.append(int(lines[int(row)]))
        else:
            out.append(int(row) + 1)
    return out


def apply_codebook(raw: pd.DataFrame, book: Codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rename, convert and check the declared columns; derive ``date`` and ``time``.

    Returns the typed frame (declared columns first, undeclared ones kept as text) and the
    problems with the *row* (0-based) in ``line`` (and again in ``row``).
    """
    raw = raw.reset_index(drop=True)
    found: list[pd.DataFrame] = []

    def report(column: str, mask: np.ndarray, values: pd.Series, problem: str) -> None:
        idx = np.flatnonzero(mask)
        if len(idx):
            found.append(
                pd.DataFrame(
                    {
                        "line": idx,
                        "column": column,
                        "value": values.iloc[idx].astype(object).to_numpy(),
                        "problem": problem,
                        "row": idx,
                    }
                )
            )

    out: dict[str, pd.Series] = {}
    for item in book.items:
        if item.source not in raw.columns:
            missing = f"is declared in the codebook ({book.source}) but is not a column of the data"
            found.append(
                pd.DataFrame(
                    [[None, item.source, None, missing, None]], columns=[*PROBLEM_COLUMNS, "row"]
                )
            )
            continue
        values = raw[item.source]
        converted, bad = convert(item, values)
        report(item.source, bad, values, f"must be {item.allowed_text()}")
        out[item.name] = converted
    frame = pd.DataFrame(out, index=raw.index)
    if s.PARTICIPANT in frame:
        item = book[s.PARTICIPANT]
        report(
            item.source,
            frame[s.PARTICIPANT].isna().to_numpy(),
            raw[item.source],
            "is required: every row needs its participant's code",
        )
    if not found or all(f["row"].notna().all() for f in found):
        _derive_day(frame, book, report, raw)
    declared = {i.source for i in book.items}
    extras = [c for c in raw.columns if c not in declared and c not in frame.columns]
    if extras:
        shown = ", ".join(f"`{c}`" for c in extras[:10]) + (" ..." if len(extras) > 10 else "")
        warnings.warn(
            f"{len(extras)} columns are not in the codebook ({shown}): kept as text; anonymising "
            "by the codebook drops them.",
            stacklevel=3,
        )
        frame = pd.concat([frame, raw[extras].astype("str").where(raw[extras].notna())], axis=1)
    first = [c for c in (s.PARTICIPANT, s.DATE, s.TIME, QUESTIONNAIRE, *BEEP_TIMES) if c in frame]
    frame = frame[first + [c for c in frame.columns if c not in first]]
    problems = (
        pd.concat(found, ignore_index=True).sort_values("row", kind="stable", na_position="first")
        if found
        else pd.DataFrame(columns=[*PROBLEM_COLUMNS, "row"])
    )
    return frame, problems.reset_index(drop=True)


def _derive_day(frame: pd.DataFrame, book: Codebook, report, raw: pd.DataFrame) -> None:
    """``date`` (the local day) and ``time`` (HH:MM) of each row, from the first time it has."""
    sources = [c for c in DAY_FROM if c in frame]
    moment = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    for column in sources:
        moment = moment.fillna(frame[column])
    if s.DATE in frame:
        frame[s.DATE] = frame[s.DATE].dt.normalize()
    else:
        frame[s.DATE] = moment.dt.normalize()
    column = book[sources[0]].source if sources else s.DATE
    report(
        column,
        frame[s.DATE].isna().to_numpy(),
        raw[column] if column in raw else frame[s.DATE],
        f"is needed for each row's day ({', '.join(sources)}): this row has none",
    )
    if s.TIME not in frame:
        beep = moment if s.DATE not in sources else pd.Series(pd.NaT, index=frame.index)
        for c in BEEP_TIMES:
            if c in frame:
                beep = beep.fillna(frame[c])
        has_clock = beep.notna() & (beep != beep.dt.normalize())
        frame[s.TIME] = beep.dt.strftime("%H:%M").where(has_clock).astype("str")


def convert(item: Item, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """``values`` in the item's type, and a mask of given values that are not allowed."""
    given = values.notna().to_numpy()
    if item.type == "timestamp":
        stamps = as_timestamps(values, unix=item.unit == UNIX_SECONDS)
        return stamps, given & stamps.isna().to_numpy()
    if item.is_number:
        if pd.api.types.is_bool_dtype(values.dtype):
            values = values.astype("float64")
        text = (
            values
            if pd.api.types.is_numeric_dtype(values.dtype)
            else values.astype("str").str.strip()
        )
        numbers = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = given & numbers.isna().to_numpy()
        if item.minimum is not None:
            bad |= (numbers < item.minimum).to_numpy()
        if item.maximum is not None:
            bad |= (numbers > item.maximum).to_numpy()
        if item.levels:
            codes = pd.to_numeric(pd.Series([c for c, _ in item.levels]), errors="coerce")
            bad |= numbers.notna().to_numpy() & ~numbers.isin(codes.dropna()).to_numpy()
        return numbers.where(~pd.Series(bad, index=values.index)), bad
    text = values.astype("str").where(values.notna()).str.replace(_ESCAPED, "", regex=True)
    if item.name == s.TIME:
        minutes = clock_minutes(text)
        clock = (
            (minutes // 60).astype("Int64").astype("str").str.zfill(2)
            + ":"
            + (minutes % 60).astype("Int64").astype("str").str.zfill(2)
        ).where(minutes.notna())
        return clock.astype("str"), given & minutes.isna().to_numpy()
    if item.name == s.PARTICIPANT:
        text = text.str.strip()
        text = text.where(text != "")
        if pd.api.types.is_float_dtype(values.dtype):  # 101.0 read from Parquet -> "101"
            text = values.map(lambda v: f"{v:g}", na_action="ignore")
        return text.astype("str"), np.zeros(len(values), dtype=bool)
    too_long = (text.str.len() > s.MAX_TEXT_LENGTH).fillna(False).to_numpy(dtype=bool)
    if item.type in ("categorical", "multiple_choice") and item.levels:
        allowed = {c for c, _ in item.levels}
        if item.type == "categorical":
            bad = given & ~text.str.strip().isin(allowed).to_numpy()
            return text.str.strip().astype("str"), bad | too_long
        parts = text.str.split(r"\s*[;,]\s*", regex=True)
        bad = given & ~parts.map(
            lambda p: all(x in allowed for x in p if x), na_action="ignore"
        ).fillna(True).to_numpy(dtype=bool)
        joined = parts.map(lambda p: s.TAG_SEPARATOR.join(x for x in p if x), na_action="ignore")
        return joined.astype("str"), bad | too_long
    return text.astype("str"), too_long


def as_timestamps(values: pd.Series, *, unix: bool = False) -> pd.Series:
    """Local clock times without a zone: Unix seconds (0 = none), or dates and times as text
    or datetimes with any offset or zone name removed (the clock time written is kept)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_localize(None).astype("datetime64[ns]")
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.astype("datetime64[ns]")
    if unix or pd.api.types.is_numeric_dtype(values.dtype):
        seconds = pd.to_numeric(values, errors="coerce")
        seconds = seconds.where(seconds != 0)
        stamps = pd.to_datetime(seconds.round(3) * 1000, unit="ms", errors="coerce")
        return stamps.astype("datetime64[ns]")
    text = values.astype("str").str.strip().str.replace(_ZONE_AT_END, r"\g<seconds>", regex=True)
    return pd.to_datetime(text, errors="coerce", format="ISO8601").astype("datetime64[ns]")


def study_csv(frame: pd.DataFrame) -> bytes:
    """A study table as CSV: timestamps ISO 8601 (local clock), dates YYYY-MM-DD, text
    formula-safe (read back unchanged by :func:`load_study`)."""
    from ..io.csvfile import escape_text

    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            if column == s.DATE:
                out[column] = values.dt.strftime("%Y-%m-%d")
            else:
                out[column] = values.dt.strftime("%Y-%m-%dT%H:%M:%S")
        elif pd.api.types.is_float_dtype(values.dtype):
            out[column] = values.map(lambda v: f"{v:.10g}", na_action="ignore")
        elif pd.api.types.is_numeric_dtype(values.dtype):
            out[column] = values.astype("str")
        else:
            out[column] = values.map(lambda v: escape_text(str(v)), na_action="ignore")
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode()


def write_study(
    study: Study, out: str | Path, *, protected: list[Path] | None = None, force: bool = False
) -> tuple[Path, Path]:
    """Write ``study`` as CSV and its codebook beside it (``out`` -> ``out.codebook.csv``),
    both private (0600); never over an input, and over an existing file only with ``force``."""
    from dataclasses import replace

    from ..io.private import check_output, write_output
    from .codebook import Item

    out = Path(out)
    book_path = _beside(out)
    guarded = [*(protected or [])]
    for target in (out, book_path):
        check_output(target, protected=guarded, force=force)
    # written with its own names, timestamps as ISO text
    items = [
        replace(i, column="", unit="" if i.type == "timestamp" else i.unit)
        for i in study.codebook.items
    ]
    names = {i.name for i in items}
    extra = [Item(s.DATE, "timestamp", label="The participant's local day of the beep")]
    if s.TIME in study.data and s.TIME not in names:
        extra.append(Item(s.TIME, "text", label="Clock time of the beep (HH:MM)"))
    items = [i for i in items if i.name in study.data.columns or i.name in STRUCTURE]
    items = [*items[:1], *[e for e in extra if e.name not in names], *items[1:]]
    book = Codebook(tuple(items), study.codebook.design, str(book_path.name))
    columns = [i.name for i in book.items if i.name in study.data.columns]
    write_output(out, study_csv(study.data[columns]), protected=guarded, force=force)
    write_output(book_path, codebook_csv(book).encode(), protected=[*guarded, out], force=force)
    return out, book_path


def answered_mask(frame: pd.DataFrame, items: list[str] | None = None) -> pd.Series:
    """Which rows are answered beeps: an ``answered`` time when the data has that column, else
    any of ``items`` with a value, else every row."""
    if ANSWERED in frame.columns:
        return frame[ANSWERED].notna()
    given = [c for c in items or [] if c in frame.columns]
    if given:
        return frame[given].notna().any(axis=1)
    return pd.Series(True, index=frame.index)
