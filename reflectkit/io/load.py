"""Load check-in CSV files (the store's own, or any file that follows the schema)."""

from __future__ import annotations

import codecs
import csv
import io
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import schema as s
from ..arrowtext import may_contain
from ..errors import CheckinValidationError, ReflectkitError
from ..validate import PROBLEM_COLUMNS, empty_checkins, raise_for_problems, validate_checkins
from .csvfile import (
    BOM,
    Census,
    line_breaks,
    line_number,
    normalise_line_breaks,
    parse_header,
    record_lines,
    text_census,
    unescape_table,
)

Revisions = Literal["latest", "all"]
# Arrow reads "null", "NA", "N/A", ... as missing by default; a note may say exactly that.
ONLY_EMPTY_IS_NULL = [""]
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HEAD_BYTES = 1 << 16  # enough for the header line
#: The size of the blocks Arrow parses in parallel (its default; tests make it tiny).
READ_BLOCK_BYTES = 1 << 20
#: Arrow's largest block: a file with notes over several lines is read as one block up to
#: this size (2 GiB), as several beyond it.
MAX_BLOCK_BYTES = (1 << 31) - 1
#: No record the store writes comes near this (four text fields of at most 20,000
#: characters); a longer line is damage, not data.
LONGEST_LINE = 1 << 20


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
    _check_regular(path)
    try:
        with path.open("rb") as file:
            head = file.read(HEAD_BYTES)
            while not _has_line_break(head) and len(head) < LONGEST_LINE:  # a very wide header
                more = file.read(HEAD_BYTES)
                if not more:
                    break
                head += more
    except FileNotFoundError:
        raise FileNotFoundError(
            f"No check-in file at {path}. Check the path, or create one with "
            "`reflectkit sample` or by saving a check-in."
        ) from None
    except IsADirectoryError:
        raise ReflectkitError(f"{path} is a folder: give the path of a .csv file.") from None
    except PermissionError:
        raise ReflectkitError(
            f"{path} cannot be read: permission denied. Check who owns it with `ls -l`."
        ) from None
    if len(head) < HEAD_BYTES and _is_blank(head):
        return empty_checkins()
    if head.startswith(UTF16_BOMS) or (
        not _has_line_break(head) and len(head) < LONGEST_LINE and head == path.read_bytes()
    ):
        return read_checkins_bytes(
            path.read_bytes(), source=path.name, skip_invalid=skip_invalid, revisions=revisions
        )
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
    from_the_store: bool = False,
) -> pd.DataFrame:
    """:func:`load_checkins` on bytes already read (the store uses this).

    ``from_the_store``: the bytes are the store's own file, written record by record by the
    store, so no value is looked over for records read into it by a quote typed by hand (a
    note with a dated line would set that warning off on every page that reads the store).
    """
    if data.startswith(UTF16_BOMS):  # a spreadsheet's "Unicode text": read it as it is meant
        try:
            data = BOM + data.decode("utf-16").encode("utf-8")
        except UnicodeError as err:
            raise ReflectkitError(
                f"{source} looks like UTF-16 text but is damaged near byte {err.start}: save "  # type: ignore[attr-defined]
                "it again as 'CSV UTF-8' from your spreadsheet."
            ) from None
    if _is_blank(data):
        return empty_checkins()
    if not _has_line_break(data):  # a header alone: Arrow wants its line to end
        data += b"\n"
    first_break = min((i for i in (data.find(b"\n"), data.find(b"\r")) if i >= 0), default=0)
    head = data[: max(HEAD_BYTES, first_break + 1)]
    return _read_checkins(
        data,
        head=head,
        source=source,
        skip_invalid=skip_invalid,
        revisions=revisions,
        look_for_stray_quotes=not from_the_store,
    )


def _read_checkins(
    content: Path | bytes,
    *,
    head: bytes,
    source: str,
    skip_invalid: bool,
    revisions: Revisions,
    look_for_stray_quotes: bool = True,
) -> pd.DataFrame:
    raw = _read_raw(
        content,
        header=_checked_header(head, source=source),
        source=source,
        look_for_stray_quotes=look_for_stray_quotes,
    )

    checkins, problems = validate_checkins(
        raw, lines=lambda: record_lines(content), trim_text=False, source=source
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

    extras = [str(c) for c in checkins.columns if c not in s.FIELD_BY_NAME]
    if extras:
        named = ", ".join(extras[:10]) + (
            f" and {len(extras) - 10} more" if len(extras) > 10 else ""
        )
        warnings.warn(
            f"{source}: kept columns reflectkit does not know: {named}. "
            "They are loaded as text; see docs/data-dictionary.md for the known ones.",
            stacklevel=3,
        )
    if revisions == "latest":
        checkins = latest_revisions(checkins)
    return checkins


def _check_regular(path: Path) -> None:
    """Refuse what is not a plain file (a FIFO would hang the read, /dev/zero never end)."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # opening says so, with the next step
    except OSError:
        return
    if stat.S_ISDIR(mode):
        raise ReflectkitError(f"{path} is a folder: give the path of a .csv file.")
    if not stat.S_ISREG(mode):
        raise ReflectkitError(f"{path} is not a regular file: give the path of a .csv file.")


def _has_line_break(data: bytes) -> bool:
    return b"\n" in data or b"\r" in data


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
        order: np.ndarray | None
        if pd.api.types.is_datetime64_dtype(column.dtype):
            order = column.to_numpy().view(np.int64)
        else:
            order = _run_codes(column)
            if order is None:
                order = np.asarray(pd.factorize(column, use_na_sentinel=True)[0])
        step = np.diff(order)
        if (undecided & (step < 0)).any():
            return False
        undecided &= step == 0
    return not undecided.any()


def _run_codes(column: pd.Series) -> np.ndarray | None:
    """Codes in order of first appearance when each value fills one unbroken run of rows
    (a cohort file, person after person), found without hashing every row; else None."""
    if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"):
        return None
    values = pa.chunked_array(column.array._pa_array)  # type: ignore[attr-defined]
    if len(values) < 2 or values.null_count:
        return None
    changed = pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))
    changes = np.asarray(changed.to_numpy(zero_copy_only=False), dtype=bool)
    heads = values.take(pa.array(np.concatenate([[0], np.flatnonzero(changes) + 1])))
    if pc.count_distinct(heads).as_py() != len(heads):  # a value comes back: not runs
        return None
    return np.concatenate([[0], np.cumsum(changes)])


def _read_raw(
    content: Path | bytes, *, header: list[str], source: str, look_for_stray_quotes: bool = True
) -> pd.DataFrame:
    """Parse with pyarrow, typed when the file is clean, all text when it is not.

    The typed read is the fast path; a value that does not convert sends the whole file
    through the text read, so validation can name it with its line. See :func:`_parse` for
    notes that hold line breaks.
    """
    parsed = _parse(content, {c: _arrow_type(c) for c in header})
    if parsed is None:
        parsed = _parse(content, dict.fromkeys(header, pa.string()))
    if parsed is None:
        raise _layout_error(content, source=source)
    table, census = parsed
    _refuse_unclosed_quote(table, content, source=source)
    if look_for_stray_quotes:
        _warn_of_records_inside_values(table, census, content, source=source)
    table = normalise_line_breaks(unescape_table(table, census=census), census=census)
    frame = table.to_pandas(
        types_mapper=_pandas_type, date_as_object=False, split_blocks=True, self_destruct=True
    )
    return _name_blank_columns(frame)


def _parse(
    content: Path | bytes, column_types: dict[str, pa.DataType]
) -> tuple[pa.Table, Census] | None:
    """The parse with these column types and its :func:`text_census`, or None when a value
    does not convert.

    Quoted notes may hold line breaks, so Arrow splits the file into blocks quote-aware
    (``newlines_in_values``). That split has one flaw (pyarrow 21, found by a hypothesis test
    against the csv module): a block ending between the CR and the LF of a CRLF *inside* a
    quoted value loses the LF. A CR survives in the value it was read into, so when no text
    value holds a CR the read is exact; when one does (rare: the store writes line breaks in
    text as LF), the file is read again as one block, which no cut can damage. (Arrow's plain
    split, without ``newlines_in_values``, is faster, but a block ending inside a quoted note
    can silently lose that record: ``test_a_block_ending_inside_a_note_...`` shows it. It is
    used only for bytes already read that hold no quote at all, the store's usual case.)
    """
    # Without a quote no value can span lines: the plain split is exact, and faster. Only
    # bytes already read are searched: a file could change between a search and the parse.
    quoted = not isinstance(content, bytes) or b'"' in content
    table = _parse_once(content, column_types, block=READ_BLOCK_BYTES, newlines=quoted)
    if table is None:
        return None
    census = text_census(table)
    if not quoted or not any("\r" in chars for chars in census.values()):
        return table, census
    data = content if isinstance(content, bytes) else content.read_bytes()
    if _longest_line(data) > LONGEST_LINE:  # no check-in is that long: said by the caller
        return None
    whole = min(max(READ_BLOCK_BYTES, len(data) + 1), MAX_BLOCK_BYTES)
    table = _parse_once(data, column_types, block=whole, newlines=True)
    return None if table is None else (table, text_census(table))


def _refuse_unclosed_quote(table: pa.Table, content: Path | bytes, *, source: str) -> None:
    """Refuse a file in which a quote opens a value that is never closed.

    Such a value runs to the end of the file: it swallows every record after it, silently
    (the csv module reads it so too), or keeps a record cut off in the middle of a value.
    The parse shows where it must be: the last value of the last row (in any other column
    the row would lack fields, and the parse would have failed), and the file ends with it
    as written: the comma before it, an opening quote and the value with each quote doubled.
    A value that is closed ends with a lone closing quote (and perhaps a line break)
    instead, which that ending cannot match. So only the file's last bytes are compared,
    never the whole file scanned. A number, a date, an empty value or a one-column file's
    value cannot be compared so; such a value holds no line break (a number or date with
    one would not have converted, an empty one would not be empty), so it lies on the last
    line, which the csv module reads.
    """
    last = table.num_columns - 1
    if table.num_rows == 0:
        return
    value = table.column(last)[-1].as_py()
    if last > 0 and isinstance(value, str) and value:
        written = (',"' + value.replace('"', '""')).encode()
        if _last_bytes(content, len(written)) != written:
            return
        data = content if isinstance(content, bytes) else content.read_bytes()
        line = line_number(data, len(data) - len(written) + 1)
        raise _unclosed_quote_error(line, swallowed=line_breaks(value) > 0, source=source)
    if _last_bytes(content, 1) in (b"\n", b"\r"):  # a value left open would hold that break
        return
    # the last record: its last line, and one more for each line break its values hold
    spanned = sum(line_breaks(v) for v in table.slice(table.num_rows - 1).to_pylist()[0].values()
                  if isinstance(v, str))  # fmt: skip
    ending = _last_bytes(content, LONGEST_LINE)
    start = _start_of_last_lines(ending, spanned + 1)
    if start is None or (start == 0 and len(ending) == LONGEST_LINE):  # no whole record
        return
    tail = ending[start:].decode("utf-8", errors="replace")
    if tail and _ends_inside_a_quote(tail):
        data = content if isinstance(content, bytes) else content.read_bytes()
        raise _unclosed_quote_error(line_number(data, len(data)), swallowed=False, source=source)


def _start_of_last_lines(data: bytes, count: int) -> int | None:
    """Where the last ``count`` lines of ``data`` start (LF, CR or CRLF ends; ``data`` is
    taken to end without one); None when it holds fewer line breaks than ``count - 1``."""
    end = len(data)
    for _ in range(count - 1):
        cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end))
        if cut < 0:
            return None
        end = cut - 1 if data[cut - 1 : cut + 1] == b"\r\n" else cut
    cut = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end))
    return cut + 1


def _record_inside(columns: int) -> str:
    """A line, inside a value, that starts as a record of ``columns`` columns does: a date
    (perhaps after one field, such as a participant's code), then as many commas as its
    fields need (up to three: the line may end where the quote that closed the value sat)."""
    commas = max(1, min(columns - 2, 3))
    return rf"[\r\n]([^,\r\n\"]*,)?\d{{4}}-\d{{2}}-\d{{2}}(,[^\r\n,]*){{{commas},}}"


def _warn_of_records_inside_values(
    table: pa.Table, census: Census, content: Path | bytes, *, source: str
) -> None:
    """Warn when a value runs over lines that look like records of their own.

    A quote left open that a later quote closes (an opening quote typed by hand, say) reads
    every record in between as part of one value, and the file still parses. Such a value
    is told apart by a line in it that starts as a record does. A note may hold such a line
    on purpose, so this warns, naming the line, and refuses nothing.
    """
    for index, chars in census.items():
        if not chars & {"\n", "\r"}:
            continue
        column = table.column(index)
        if pa.types.is_dictionary(column.type):
            column = column.cast(pa.string())
        if not may_contain(column, "-"):  # a date has dashes; a byte scan rules most out
            continue
        looks = pc.match_substring_regex(column, _record_inside(table.num_columns))
        if not pc.any(looks).as_py():
            continue
        row = int(np.flatnonzero(np.asarray(looks.to_numpy(zero_copy_only=False), dtype=bool))[0])
        value = str(column[row].as_py())
        inside = next(part for part in value.splitlines()[1:] if part)
        line = int(record_lines(content)[row])
        warnings.warn(
            f"{source} line {line}: the value in `{table.column_names[index]}` runs over lines "
            f"that look like records of their own ({inside[:40]!r}). If a quote there has no "
            "closing partner, those records are read as part of that value: check the "
            f"quotes from line {line} on.",
            stacklevel=5,  # the caller of load_checkins
        )
        return


def _ends_inside_a_quote(
    text: str, *, rows: int | None = None, last: list[str] | None = None
) -> bool:
    """Whether the csv module reads ``text`` to its end inside a quoted value: a quote and a
    comma added at the end then only close that value and start one more, empty, one (else
    they add a row, or characters). ``rows`` and ``last`` (the count of records and the
    last one) spare a read when the caller has them."""
    if rows is None or last is None:
        rows, last = _count_and_last(text)
    if not last:
        return False
    probed_rows, probed_last = _count_and_last(text + '",')
    return probed_rows == rows and probed_last == [*last, ""]


def _count_and_last(text: str) -> tuple[int, list[str]]:
    """How many records the csv module reads in ``text``, and the last one (rows not kept)."""
    count, last = 0, []
    for row in csv.reader(io.StringIO(text, newline="")):
        count, last = count + 1, row
    return count, last


def _unclosed_quote_error(line: int, *, swallowed: bool, source: str) -> ReflectkitError:
    what = (
        "so everything after it would read as part of that one value. Open the file and "
        "close or remove that quote."
        if swallowed
        else "so the file may have been cut off in the middle of it. Export or copy it "
        "again; or, if it is whole, open it and close or remove that quote."
    )
    return ReflectkitError(
        f'{source} line {line} opens a quoted value (") that is never closed, {what}'
    )


def _last_bytes(content: Path | bytes, count: int) -> bytes:
    if isinstance(content, bytes):
        return content[-count:]
    with content.open("rb") as file:
        size = file.seek(0, io.SEEK_END)
        file.seek(max(size - count, 0))
        return file.read(count)


def _longest_line(data: bytes) -> int:
    """The length in bytes of the longest line (LF, CR or CRLF ends), at memory speed."""
    codes = np.frombuffer(data, np.uint8)
    ends = np.flatnonzero((codes == 10) | (codes == 13))
    edges = np.concatenate([[-1], ends, [len(codes)]])
    return int(np.diff(edges).max()) - 1


def _parse_once(
    content: Path | bytes, column_types: dict[str, pa.DataType], *, block: int, newlines: bool
) -> pa.Table | None:
    import pyarrow.csv as pacsv  # not imported by pandas; only needed when reading

    # A plain file handle: given a path, Arrow would guess a compression from the suffix.
    source = io.BytesIO(content) if isinstance(content, bytes) else pa.OSFile(str(content))
    try:
        with source:
            return pacsv.read_csv(
                source,
                read_options=pacsv.ReadOptions(block_size=block),
                parse_options=pacsv.ParseOptions(newlines_in_values=newlines),
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
    blank = {i for i, name in enumerate(frame.columns) if not str(name).strip()}
    if not blank:
        return frame
    keep = [i for i in range(frame.shape[1]) if i not in blank or frame.iloc[:, i].notna().any()]
    taken = {str(n) for n in frame.columns}
    names = []
    for i, name in enumerate(frame.columns):
        if str(name).strip():
            names.append(name)
            continue
        new, k = f"column_{i + 1}", 1
        while new in taken:  # never a second column of an existing name
            k += 1
            new = f"column_{i + 1}_{k}"
        taken.add(new)
        names.append(new)
    frame = frame.set_axis(names, axis=1)
    return frame.iloc[:, keep]


def _checked_header(head: bytes, *, source: str) -> list[str]:
    """The header's names; a name given twice is refused (its values would be ambiguous).

    The first block is also checked to be UTF-8 (Arrow would take any bytes as names).
    """
    if b"\x00" in head[:4096]:  # UTF-16 or UTF-32 without a byte-order mark
        raise ReflectkitError(
            f"{source} is not UTF-8 text (it looks like UTF-16 or UTF-32 without a byte-order "
            "mark): save it again as 'CSV UTF-8' from your spreadsheet."
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as err:
        raise _encoding_error(head, err, source=source) from None
    header = parse_header(head)
    if len(header) == 1 and "\t" in header[0]:
        raise ReflectkitError(
            f"{source} is tab-separated (as a spreadsheet's 'Unicode text' is), not "
            "comma-separated: save it again as 'CSV UTF-8'."
        )
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        if name.strip() and name in seen:
            raise CheckinValidationError(
                pd.DataFrame(
                    [
                        [
                            1,
                            name,
                            None,
                            f"is the name of columns {seen[name]} and {number}: rename or "
                            "remove one of them",
                        ]
                    ],
                    columns=PROBLEM_COLUMNS,
                ),
                source=source,
            )
        seen[name] = number
    return header


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


def _layout_error(content: Path | bytes, *, source: str) -> Exception:
    """The file is not a table at all: say where, using the plain csv module."""
    data = content if isinstance(content, bytes) else content.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return _encoding_error(data, err, source=source)
    longest = max((len(line) for line in data.splitlines()), default=0)
    if longest > LONGEST_LINE:
        line = next(i for i, x in enumerate(data.splitlines(), start=1) if len(x) == longest)
        return ReflectkitError(
            f"{source} line {line} is {longest / 2**20:.1f} MB long, longer than any check-in "
            f"can be (text fields hold at most {s.MAX_TEXT_LENGTH:,} characters): this is not "
            "a check-in file, or that line is damaged. Open the file and shorten or remove it."
        )
    text = data.decode("utf-8-sig", errors="replace")
    width, where = None, None
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, last, followed = 0, [], False
    try:
        for row in reader:
            if where is not None:  # a record after the short one: it was not the last
                followed = True
                break
            rows, last = rows + 1, row
            if width is None:
                width = len(row)
            elif row and len(row) != width:
                where = (reader.line_num, len(row))
        # a quote left open swallows the rest of the file, and leaves the last record short
        # or whole: name the line where it opens, the last line less the breaks it holds
        left_open = not followed and _ends_inside_a_quote(text, rows=rows, last=last)
    except csv.Error:  # a value over the csv module's limit: past naming a line
        left_open = False
    if left_open:
        swallowed = line_breaks(last[-1])
        line = line_number(data, len(data)) - swallowed
        return _unclosed_quote_error(line, swallowed=swallowed > 0, source=source)
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
        columns=PROBLEM_COLUMNS,
    )
    return CheckinValidationError(problems, source=source)


def _encoding_error(data: bytes, err: UnicodeDecodeError, *, source: str) -> ReflectkitError:
    """Name the line with the first byte that is not UTF-8, and the encoding that fits."""
    line = data.count(b"\n", 0, err.start) + 1
    byte = data[err.start]
    guess = "Windows-1252 (Western European)"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        guess = "an encoding other than UTF-8"
    return ReflectkitError(
        f"{source} is not UTF-8 text: line {line} has the byte 0x{byte:02X}, so the file "
        f"is probably in {guess}. Save it again as 'CSV UTF-8' from your spreadsheet, or "
        f"convert it with `iconv -f CP1252 -t UTF-8 {source} > {Path(source).stem}-utf8.csv`."
    )
