"""Reading and writing reflectkit's CSV files.

The files are plain RFC 4180 CSV, readable by any spreadsheet:

- records end with CRLF; line breaks inside a note are stored as a bare LF, so the last
  CRLF in a file always ends the last complete record (the store relies on this to drop
  an unfinished append);
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
from ..arrowtext import may_contain

RECORD_END = "\r\n"
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = r"^'+[=+\-@\t\r]"


def escape_text(text: str) -> str:
    """Make ``text`` safe to open in a spreadsheet, and normalise its line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if _FORMULA_START.match(text) else text


def unescape_table(table: pa.Table) -> pa.Table:
    """Undo :func:`escape_text` in the text columns of a table read from a file.

    Clock times are skipped: a valid one never starts with an apostrophe.
    """
    for i, field in enumerate(table.schema):
        if not pa.types.is_string(field.type) or field.name in s.CLOCK_COLUMNS:
            continue
        column = table.column(i)
        if not may_contain(column, "'") or not pc.any(pc.starts_with(column, "'")).as_py():
            continue
        escaped = pc.match_substring_regex(column, _ESCAPED)
        fixed = pc.if_else(escaped, pc.utf8_slice_codeunits(column, 1), column)
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


def header_line(columns: list[str]) -> str:
    return ",".join(columns) + RECORD_END


def record_lines(source: Path | bytes) -> np.ndarray:
    """The line (1-based, as an editor shows it) on which each data record starts.

    Only called when there are problems to report, so the plain ``csv`` module is fine.
    """
    raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    starts: list[int] = []
    line = 1
    for _ in reader:
        starts.append(line)
        line = reader.line_num + 1
    return np.asarray(starts[1:], dtype=np.int64)
