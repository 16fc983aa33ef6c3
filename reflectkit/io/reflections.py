"""Weekly reflections, kept beside the check-ins (``reflections.csv`` in the same folder)."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import SAVE_HINT, CheckinValidationError
from ..validate import PROBLEM_COLUMNS
from .appendfile import AppendOnlyCsv
from .csvfile import format_records, normalise_line_breaks, unescape_table
from .store import default_home

REFLECTION_FILE = "reflections.csv"
#: column -> the prompt the form shows for it
PROMPTS = {
    "noticed": "What did you notice this week, in your body or in your feelings?",
    "connection": "Who or what felt safe, or good to be near, this week?",
    "curious": "Looking at the week ahead, what are you curious about?",
    "kindness": "What is one small, kind thing you could do for yourself next week?",
}
COLUMNS = ["week_of", *PROMPTS, "recorded_at"]


class ReflectionStore:
    """Weekly reflections: the Monday of the week, an answer per prompt (any may be empty)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        folder = default_home() if path is None else Path(path).expanduser()
        self.path = folder / REFLECTION_FILE
        self._file = AppendOnlyCsv(self.path, COLUMNS)

    def save(self, answers: Mapping[str, object], *, week_of: dt.date | str) -> pd.Series:
        """Append one reflection; a second one for the same week is a new revision."""
        unknown = [k for k in answers if k not in PROMPTS]
        if unknown:
            rows = [
                [None, k, None, f"is not a reflection prompt ({', '.join(PROMPTS)})"]
                for k in unknown
            ]
            raise CheckinValidationError(
                pd.DataFrame(rows, columns=PROBLEM_COLUMNS), source="reflection", hint=SAVE_HINT
            )
        monday = monday_of(week_of)
        row: dict[object, object] = {
            k: (str(v).strip() or None) if v is not None else None for k, v in answers.items()
        }
        row["week_of"] = pd.Timestamp(monday)
        row["recorded_at"] = pd.Timestamp(dt.datetime.now(dt.UTC))
        self._file.append(format_records([row], COLUMNS).encode())
        return pd.Series(row)

    def load(self) -> pd.DataFrame:
        """The latest reflection of each week, oldest first."""
        import pyarrow as pa
        import pyarrow.csv as pacsv

        data = self._file.read_complete()
        if not data:
            return pd.DataFrame(columns=COLUMNS)
        table = pacsv.read_csv(
            io.BytesIO(data),
            # one block: Arrow's quote-aware split of blocks can drop the LF of a CRLF
            read_options=pacsv.ReadOptions(block_size=len(data) + 1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(COLUMNS, pa.string()),
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
        frame = normalise_line_breaks(unescape_table(table)).to_pandas()
        frame["week_of"] = pd.to_datetime(frame["week_of"])
        frame["recorded_at"] = pd.to_datetime(frame["recorded_at"], utc=True, format="ISO8601")
        return (
            frame.drop_duplicates("week_of", keep="last")
            .sort_values("week_of")
            .reset_index(drop=True)
        )


def monday_of(day: dt.date | str) -> dt.date:
    """The Monday of the week ``day`` falls in."""
    date = pd.Timestamp(day).date()
    return date - dt.timedelta(days=date.weekday())
