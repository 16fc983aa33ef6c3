"""Small shared helpers for reading other apps' CSV exports."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

from ..errors import ImportFormatError

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>|</li>\s*<li>|</div>\s*<div>", re.IGNORECASE)
_CLOCK_12 = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp])\.?\s?[Mm]\.?$")
_CLOCK_24 = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?$")


def read_rows(path: str | Path, *, app: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and ``(line, fields)`` records of a CSV export, BOM and CRLF tolerated."""
    rows = read_table(path, app=app)
    if not rows:
        raise ImportFormatError(f"{Path(path).name} is empty: export it again from {app} as CSV.")
    return [h.strip() for h in rows[0][1]], rows[1:]


def read_table(path: str | Path, *, app: str) -> list[tuple[int, list[str]]]:
    """Every non-blank ``(line, fields)`` row of a CSV export, the first one included."""
    return csv_rows(read_text(path, app=app))


def read_text(path: str | Path, *, app: str) -> str:
    """An export's text: UTF-8 (a BOM tolerated), else refused naming the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"No {app} export at {path}: check the path.") from None
    except IsADirectoryError:
        raise ImportFormatError(f"{path} is a folder: give the path of the {app} export.") from None
    except UnicodeDecodeError as err:
        line = path.read_bytes().count(b"\n", 0, err.start) + 1
        byte = err.object[err.start]
        raise ImportFormatError(
            f"{path.name} is not UTF-8 text (line {line} has the byte 0x{byte:02X}): export it "
            f"again from {app} as CSV, without changing it in another program."
        ) from None
    if "\x00" in text:
        raise ImportFormatError(
            f"{path.name} holds NUL bytes, so it is not a CSV export: export it again from {app}."
        )
    return text


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank ``(line, fields)`` rows of CSV text; ``line`` as an editor counts."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    rows: list[tuple[int, list[str]]] = []
    line = 1
    for fields in reader:
        if any(f.strip() for f in fields):
            rows.append((line, fields))
        line = reader.line_num + 1
    return rows


def clock_text(value: str) -> str | None:
    """``HH:MM`` from ``9:05 PM``, ``9:05\u202fPM`` (narrow no-break space) or ``21:05``."""
    value = " ".join(value.replace("\u202f", " ").replace("\xa0", " ").split())
    if m := _CLOCK_12.match(value):
        hour, minute, half = int(m[1]) % 12, int(m[2]), m[3].lower()
        return f"{hour + (12 if half == 'p' else 0):02d}:{minute:02d}"
    if m := _CLOCK_24.match(value):
        return f"{int(m[1]):02d}:{m[2]}"
    return None


def hours_text(value: str) -> float | None:
    """Hours from ``H:MM`` (``7:45`` -> 7.75)."""
    m = re.fullmatch(r"\s*(\d+):(\d{2})\s*", value)
    return int(m[1]) + int(m[2]) / 60 if m else None


def plain_text(value: str) -> str | None:
    """Notes without HTML markup, entities decoded; None when nothing is left."""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).replace("\xa0", " ").strip()
    return text or None


def split_pipes(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
