"""Reading and writing reflectkit's CSV files.

The files are plain RFC 4180 CSV, readable by any spreadsheet:

- records end with CRLF and line breaks inside a note are stored as a bare LF; files
  written elsewhere (LF or CR line ends, a BOM, no final line break, every value quoted)
  are read just as well, and a CRLF or CR inside their text is read as LF, as the store
  would have written it (:func:`normalise_line_breaks`);
- text that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or CR) is stored with a
  leading apostrophe so a spreadsheet shows it as text instead of running it as a formula;
  reading removes exactly that apostrophe, so the text round-trips unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import schema as s
from ..arrowtext import characters_in, may_contain

# Text fields hold at most 20,000 characters, but a damaged file may hold more: let the csv
# module read what Arrow read, so a problem report never fails on a long value.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))

RECORD_END = "\r\n"
BOM = b"\xef\xbb\xbf"
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = r"^'+[=+\-@\t\r]"


def escape_text(text: str) -> str:
    """Make ``text`` safe to open in a spreadsheet, and normalise its line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if _FORMULA_START.match(text) else text


#: Which characters each column of a table may hold (from :func:`text_census`).
Census = Mapping[int, frozenset[str]]
#: The characters the reading of a file asks about: line breaks and the escaping apostrophe.
CENSUS_CHARACTERS = "\n\r'"


def text_census(table: pa.Table) -> dict[int, frozenset[str]]:
    """For each text column (categories included), which of :data:`CENSUS_CHARACTERS` it
    may hold: one pass over each column answers every question the reading asks."""
    return {
        i: characters_in(table.column(i), CENSUS_CHARACTERS)
        for i, field in enumerate(table.schema)
        if pa.types.is_string(field.type) or pa.types.is_dictionary(field.type)
    }


def _may_hold(table: pa.Table, i: int, char: str, census: Census | None) -> bool:
    if census is not None and char in CENSUS_CHARACTERS:
        return char in census.get(i, frozenset(CENSUS_CHARACTERS))
    return may_contain(table.column(i), char)


def unescape_table(table: pa.Table, *, census: Census | None = None) -> pa.Table:
    """Undo :func:`escape_text` in the text columns of a table read from a file.

    Clock times are skipped: a valid one never starts with an apostrophe. ``census``, when
    given, spares a search of each column.
    """
    for i, field in enumerate(table.schema):
        if not pa.types.is_string(field.type) or field.name in s.CLOCK_COLUMNS:
            continue
        column = table.column(i)
        if not _may_hold(table, i, "'", census) or not pc.any(pc.starts_with(column, "'")).as_py():
            continue
        escaped = pc.match_substring_regex(column, _ESCAPED)
        fixed = pc.if_else(escaped, pc.utf8_slice_codeunits(column, 1), column)
        table = table.set_column(i, field, fixed)
    return table


def normalise_line_breaks(table: pa.Table, *, census: Census | None = None) -> pa.Table:
    """Read every CRLF or lone CR inside text as LF, the line break the store writes."""
    for i, field in enumerate(table.schema):
        if not pa.types.is_string(field.type) or not _may_hold(table, i, "\r", census):
            continue
        fixed = pc.replace_substring_regex(table.column(i), "\r\n?", "\n")
        table = table.set_column(i, field, fixed)
    return table


def format_value(value: object) -> str:
    """One value as the store writes it."""
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float | np.floating):
        return f"{float(value):.6f}".rstrip("0").rstrip(".")
    if isinstance(value, pd.Timestamp):
        if value.tzinfo is None:
            return value.strftime("%Y-%m-%d")
        return value.isoformat()
    return escape_text(str(value))


def format_records(rows: Iterable[Mapping[Hashable, object]], columns: list[str]) -> str:
    """CSV text of ``rows`` (without a header), every record ending in CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=RECORD_END)
    for row in rows:
        writer.writerow([format_value(row.get(c)) for c in columns])
    return buffer.getvalue()


def table_csv(frame: pd.DataFrame, *, columns: list[str] | None = None) -> bytes:
    """A whole table as reflectkit writes CSV: CRLF records, formula-like text defused."""
    columns = [str(c) for c in frame.columns] if columns is None else columns
    records = format_records(frame.to_dict("records"), columns)
    return (header_line([escape_text(c) for c in columns]) + records).encode()


def header_line(columns: list[str]) -> str:
    return ",".join(columns) + RECORD_END


def parse_header(head: bytes) -> list[str]:
    """The column names on the first line of ``head`` (a BOM and any line end tolerated)."""
    head = head.removeprefix(BOM)
    ends = [i for i in (head.find(b"\n"), head.find(b"\r")) if i >= 0]
    first = head[: min(ends)] if ends else head
    return next(csv.reader([first.decode("utf-8", errors="replace")]), [])


class UnclosedQuoteError(ValueError):
    """A quote opens a value that is never closed, and later records are swallowed by it."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line} opens a quoted value that is never closed")


_RECORD_START = re.compile(rb"[\r\n]\d{4}-\d{2}-\d{2}[,\r\n]")


def unfinished_record_start(data: bytes, *, fields: int | None = None) -> int | None:
    """Where the last record starts when it is unfinished (cut off by a crash), else None.

    A record is unfinished when the data ends inside a quoted value that opened in that
    record, or (given the header's ``fields``) when the last line has no line break and
    fewer fields than the header. Quotes are followed exactly as CSV readers do: a quote
    opens a value only at the start of a field, ``""`` inside a value is a literal quote.

    Raises
    ------
    UnclosedQuoteError
        When the unclosed quote swallows later records (a file edited by hand, not a cut-off
        save): moving "the last record" aside would move many; the caller must refuse.
    """
    start = len(BOM) if data.startswith(BOM) else 0
    record_start = position = start
    while (quote := data.find(b'"', position)) >= 0:
        line_break = max(data.rfind(b"\n", position, quote), data.rfind(b"\r", position, quote))
        if line_break >= 0:
            record_start = line_break + 1
        if quote != start and data[quote - 1 : quote] not in (b",", b"\n", b"\r"):
            position = quote + 1  # a literal quote inside an unquoted value
            continue
        position = quote + 1
        while True:
            closing = data.find(b'"', position)
            if closing < 0:
                if _RECORD_START.search(data, quote):
                    raise UnclosedQuoteError(line_number(data, quote))
                return record_start
            if data[closing + 1 : closing + 2] == b'"':
                position = closing + 2
                continue
            position = closing + 1
            break
    if fields is None or data.endswith((b"\n", b"\r")) or len(data) <= start:
        return None
    last_break = max(data.rfind(b"\n", position), data.rfind(b"\r", position))
    last_start = max(record_start, last_break + 1) if last_break >= position else record_start
    last = data[last_start:].decode("utf-8", errors="replace")
    found = next(csv.reader([last]), [])
    return last_start if 0 < len(found) < fields else None


def line_number(data: bytes, offset: int) -> int:
    """The line (1-based, as an editor counts them) holding byte ``offset``."""
    return line_breaks(data[:offset]) + 1


def line_breaks(text: str | bytes) -> int:
    """How many line breaks ``text`` holds, as an editor counts them: LF, CR, CRLF as one."""
    if isinstance(text, bytes):
        return text.count(b"\n") + text.count(b"\r") - text.count(b"\r\n")
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def record_lines(source: Path | bytes) -> np.ndarray:
    """The line (1-based, as an editor shows it) on which each data record starts.

    Only called when there are problems to report, so the plain ``csv`` module is fine.
    Blank lines hold no record (Arrow skips them too), so they are skipped here.
    """
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    starts: list[int] = []
    line = 1
    for row in reader:
        if row:
            starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[1:], dtype=np.int64)
