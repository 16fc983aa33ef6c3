"""Load check-in CSV files (the store's own, or any file that follows the schema)."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from .. import schema as s
from ..validate import empty_checkins, raise_for_problems, validate_checkins
from .csvfile import record_lines, unescape_table

Revisions = Literal["latest", "all"]
# Arrow reads "null", "NA", "N/A", ... as missing by default; a note may say exactly that.
ONLY_EMPTY_IS_NULL = [""]
BOM = b"\xef\xbb\xbf"
HEAD_BYTES = 1 << 16  # enough for the header line


def load_checkins(
    path: str | Path,
    *,
    skip_invalid: bool = False,
    revisions: Revisions = "latest",
) -> pd.DataFrame:
    """Load a check-in CSV into a typed DataFrame.

    Parameters
    ----------
    path
        A CSV with a ``date`` column and any of the schema's other columns
        (see ``docs/data-dictionary.md``). A UTF-8 BOM, CRLF line ends and quoted
        multi-line notes are fine; unknown columns are kept, with a warning.
    skip_invalid
        Return only the valid rows and warn with the count, instead of raising.
    revisions
        ``"latest"`` keeps the last saved revision of each check-in
        (participant, date, time); ``"all"`` keeps every row.

    Returns
    -------
    pandas.DataFrame
        Dates as ``datetime64``, numbers as ``float64`` (empty = NaN), tags as one string
        of labels joined by ``"; "``, ``social_contact`` as an ordered categorical.

    Raises
    ------
    CheckinValidationError
        Naming file, line, column, value and what is allowed for each problem;
        ``.problems`` holds all of them.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except FileNotFoundError:
        raise FileNotFoundError(
            f"No check-in file at {path}. Check the path, or create one with "
            "`reflectkit sample` or by saving a check-in."
        ) from None
    if len(head) < HEAD_BYTES and _is_blank(head):
        return empty_checkins()
    # Arrow reads the file itself: no copy of it in Python, and reading overlaps parsing.
    return _read_checkins(
        path, head=head, source=path.name, skip_invalid=skip_invalid, revisions=revisions
    )


def read_checkins_bytes(
    data: bytes,
    *,
    source: str,
    skip_invalid: bool = False,
    revisions: Revisions = "latest",
) -> pd.DataFrame:
    """:func:`load_checkins` on bytes already read (the store uses this)."""
    if _is_blank(data):
        return empty_checkins()
    return _read_checkins(
        data, head=data[:HEAD_BYTES], source=source, skip_invalid=skip_invalid, revisions=revisions
    )


def _read_checkins(
    content: Path | bytes,
    *,
    head: bytes,
    source: str,
    skip_invalid: bool,
    revisions: Revisions,
) -> pd.DataFrame:
    raw = _read_raw(content, header=_header(head))

    checkins, problems = validate_checkins(
        raw, lines=lambda: record_lines(content), trim_text=False
    )
    if len(problems):
        if not skip_invalid:
            raise_for_problems(problems, source=source)
        bad_lines = set(problems["line"])
        keep = ~pd.Series(record_lines(content)).isin(bad_lines).to_numpy()
        warnings.warn(
            f"{source}: left out {int((~keep).sum())} of {len(keep)} rows with problems "
            "(load without skip_invalid=True to see them).",
            stacklevel=3,
        )
        checkins = checkins[keep].reset_index(drop=True)

    extras = [c for c in checkins.columns if c not in s.FIELD_BY_NAME]
    if extras:
        warnings.warn(
            f"{source}: kept columns reflectkit does not know: {', '.join(extras)}. "
            "They are loaded as text; see docs/data-dictionary.md for the known ones.",
            stacklevel=3,
        )
    if revisions == "latest":
        checkins = latest_revisions(checkins)
    return checkins


def _is_blank(data: bytes) -> bool:
    """Whether the file holds nothing but a BOM and white space."""
    return not data.removeprefix(BOM).strip()


def latest_revisions(checkins: pd.DataFrame) -> pd.DataFrame:
    """Keep the last row (the latest revision) of each participant, date and time."""
    used = [c for c in s.KEY_COLUMNS if c == s.DATE or checkins[c].notna().any()]
    key = checkins[used]
    if _keys_increase(key):  # the usual file: in order, one row per key
        return checkins
    repeated = key.duplicated(keep="last")
    if not repeated.any():
        return checkins
    return checkins[~repeated.to_numpy()].reset_index(drop=True)


def _keys_increase(keys: pd.DataFrame) -> bool:
    """Whether every row's key sorts after the row before it, so that no key repeats.

    Each column is ordered by its values' codes in order of first appearance (any fixed
    order proves uniqueness); a few vectorised passes instead of hashing every key.
    """
    undecided = np.ones(max(len(keys) - 1, 0), dtype=bool)
    for name in keys.columns:
        column = keys[name]
        if pd.api.types.is_datetime64_dtype(column.dtype):
            order = column.to_numpy().view(np.int64)
        else:
            order = pd.factorize(column, use_na_sentinel=True)[0]
        step = np.diff(order)
        if (undecided & (step < 0)).any():
            return False
        undecided &= step == 0
    return not undecided.any()


def _read_raw(content: Path | bytes, *, header: list[str]) -> pd.DataFrame:
    """Parse with pyarrow, typed when the file is clean, all text when it is not.

    The typed read is the fast path; a value that does not convert sends the whole file
    through the text read, so validation can name it with its line. Quoted notes may hold
    line breaks, so Arrow splits the file quote-aware (``newlines_in_values``): slower than
    a plain parallel split, but a plain split can cut a note in two.
    """
    table = _parse(content, {c: _arrow_type(c) for c in header})
    if table is None:
        table = _parse(content, dict.fromkeys(header, pa.string()))
    if table is None:
        raise _layout_error(content)
    table = unescape_table(table)
    frame = table.to_pandas(
        types_mapper=_pandas_type, date_as_object=False, split_blocks=True, self_destruct=True
    )
    return _name_blank_columns(frame)


def _parse(content: Path | bytes, column_types: dict[str, pa.DataType]) -> pa.Table | None:
    """The parse with these column types, or None when a value does not convert."""
    import pyarrow.csv as pacsv  # not imported by pandas; only needed when reading

    # A plain file handle: given a path, Arrow would guess a compression from the suffix.
    source = io.BytesIO(content) if isinstance(content, bytes) else pa.OSFile(str(content))
    try:
        with source:
            return pacsv.read_csv(
                source,
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types=column_types,
                    strings_can_be_null=True,
                    null_values=ONLY_EMPTY_IS_NULL,
                ),
            )
    except pa.ArrowInvalid:
        return None


def _name_blank_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop empty columns with a blank header (spreadsheets add them); name the others."""
    blank = [i for i, name in enumerate(frame.columns) if not str(name).strip()]
    if not blank:
        return frame
    keep = [i for i in range(frame.shape[1]) if i not in blank or frame.iloc[:, i].notna().any()]
    names = [
        name if str(name).strip() else f"column_{i + 1}" for i, name in enumerate(frame.columns)
    ]
    frame = frame.set_axis(names, axis=1)
    return frame.iloc[:, keep]


def _header(head: bytes) -> list[str]:
    end = head.find(b"\n")
    first = head[: end if end >= 0 else len(head)].decode("utf-8-sig", errors="replace").strip("\r")
    return next(csv.reader([first]), [])


def _arrow_type(column: str) -> pa.DataType:
    field = s.FIELD_BY_NAME.get(column)
    if field is None:
        return pa.string()
    if field.kind == "number":
        return pa.float64()
    if field.kind == "date":
        return pa.date32()
    if field.kind == "timestamp":
        return pa.timestamp("ns", tz="UTC")
    if field.kind == "category":
        return pa.dictionary(pa.int32(), pa.string())
    return pa.string()


def _pandas_type(arrow_type: pa.DataType) -> object:
    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype("pyarrow", na_value=np.nan)
    return None


def _layout_error(content: Path | bytes) -> Exception:
    """The file is not a table at all: say where, using the plain csv module."""
    from ..errors import CheckinValidationError

    data = content if isinstance(content, bytes) else content.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    width, where = None, None
    reader = csv.reader(io.StringIO(text, newline=""))
    for row in reader:
        if width is None:
            width = len(row)
        elif row and len(row) != width:
            where = (reader.line_num, len(row))
            break
    detail = (
        f"line {where[0]} has {where[1]} fields where the header has {width}"
        if where
        else "it could not be read as comma-separated values"
    )
    problems = pd.DataFrame(
        [
            [
                where[0] if where else None,
                None,
                None,
                f"the file is not a well-formed CSV table: {detail}",
            ]
        ],
        columns=["line", "column", "value", "problem"],
    )
    return CheckinValidationError(problems)
