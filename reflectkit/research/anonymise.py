"""Anonymise research exports: keyed pseudonyms, date shifts, no free text, measured k.

- Participant codes become HMAC-SHA256 pseudonyms under a secret key. A plain or salted hash
  of a small ID space can be reversed by hashing every possible ID; a keyed one cannot
  without the key, which never travels with the data.
- Dates move by a per-participant offset that is a whole number of weeks (weekdays and
  intervals are kept), or are replaced by the study day.
- Free text (``note``, ``curiosity``, unknown text columns, own words in tags) is dropped
  unless named in ``keep_text``.
- Quasi-identifiers (age, gender, location, postcode, ...) are coarsened, and k-anonymity
  over them is measured per participant and reported with the smallest group.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from .. import schema as s
from .._version import __version__

DatePolicy = Literal["shift", "study_day"]
MAX_SHIFT_WEEKS = 52
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
KEY_BYTES = 32


def read_or_create_key(path: str | Path) -> bytes:
    """The secret key in ``path``; a new random one (file mode 0600) when it does not exist."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(KEY_BYTES) + "\n")
    text = path.read_text().strip()
    try:
        return bytes.fromhex(text)
    except ValueError:
        return text.encode()


def pseudonym(participant: str, *, key: bytes) -> str:
    """A keyed pseudonym: ``R`` + the first 16 hex digits of HMAC-SHA256(key, code)."""
    return "R" + hmac.new(key, str(participant).encode(), hashlib.sha256).hexdigest()[:16]


def date_shift_days(participant: str, *, key: bytes) -> int:
    """A participant's secret date offset: a non-zero whole number of weeks, up to a year."""
    digest = hmac.new(key, b"date-shift\x00" + str(participant).encode(), hashlib.sha256).digest()
    weeks = 1 + int.from_bytes(digest[:4], "big") % MAX_SHIFT_WEEKS
    sign = 1 if digest[4] % 2 else -1
    return sign * 7 * weeks


@dataclass
class AnonymisationReport:
    """What was done to each column, what was dropped, and the measured k-anonymity."""

    actions: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    quasi_identifiers: list[str] = field(default_factory=list)
    k: int | None = None
    smallest_group: dict[str, object] = field(default_factory=dict)
    date_policy: str = ""
    participants: int = 0
    rows: int = 0
    created: str = field(default_factory=lambda: dt.date.today().isoformat())

    def to_markdown(self) -> str:
        lines = [
            "# Anonymisation report",
            "",
            f"- Tool: reflectkit {__version__}",
            f"- Date: {self.created}",
            f"- Participants: {self.participants}; rows: {self.rows}",
            f"- Dates: {self.date_policy}",
            "- Participant codes: keyed pseudonyms (HMAC-SHA256); the key is kept apart "
            "from the data.",
            "",
            "## Columns",
            "",
            "| column | what was done |",
            "|---|---|",
            *[f"| `{c}` | {a} |" for c, a in self.actions.items()],
            "",
            "## Dropped",
            "",
            *([f"- `{c}`" for c in self.dropped] or ["- nothing"]),
            "",
            "## k-anonymity",
            "",
        ]
        if self.quasi_identifiers:
            group = ", ".join(f"{k} = {v}" for k, v in self.smallest_group.items())
            over = ", ".join(f"`{q}`" for q in self.quasi_identifiers)
            lines += [
                f"Over {over} (one row per participant): "
                f"**k = {self.k}**; the smallest group is {group}.",
            ]
        else:
            lines.append("No quasi-identifiers (age, gender, location, ...) are in the data.")
        return "\n".join(lines) + "\n"


def anonymise(
    checkins: pd.DataFrame,
    *,
    key: bytes,
    dates: DatePolicy = "shift",
    keep_text: tuple[str, ...] = (),
    quasi_identifiers: tuple[str, ...] | None = None,
) -> tuple[pd.DataFrame, AnonymisationReport]:
    """An anonymised copy of cohort check-ins, and the report of what was done.

    The same key always gives the same output; another key gives other pseudonyms and
    offsets. The offsets themselves are never written anywhere.
    """
    if not key:
        raise ValueError("anonymise needs a secret key: pass key=read_or_create_key('study.key')")
    frame = checkins.copy()
    report = AnonymisationReport(participants=int(frame[s.PARTICIPANT].nunique()), rows=len(frame))
    original = frame[s.PARTICIPANT].astype("str")
    codes = {p: pseudonym(p, key=key) for p in original.unique()}
    if len(set(codes.values())) != len(codes):
        raise ValueError("two participants received the same pseudonym; use another key")
    frame[s.PARTICIPANT] = original.map(codes)
    report.actions[s.PARTICIPANT] = "replaced by a keyed pseudonym (HMAC-SHA256)"

    if dates == "shift":
        offsets = original.map({p: date_shift_days(p, key=key) for p in codes})
        frame[s.DATE] = frame[s.DATE] + pd.to_timedelta(offsets, unit="D")
        report.actions[s.DATE] = "shifted by a secret per-participant whole number of weeks"
        report.date_policy = (
            "each participant's dates moved by a secret whole number of weeks "
            f"(1 to {MAX_SHIFT_WEEKS}, earlier or later); weekdays and intervals are kept; "
            "the offsets are not stored"
        )
    elif dates == "study_day":
        first = frame.groupby(s.PARTICIPANT)[s.DATE].transform("min")
        frame.insert(1, "study_day", (frame[s.DATE] - first).dt.days + 1)
        frame = frame.drop(columns=[s.DATE])
        report.actions["study_day"] = (
            "day of the study (1 = the participant's first day), replacing `date`"
        )
        report.dropped.append(s.DATE)
        report.date_policy = "replaced by study day; calendar dates are not in the output"
    else:
        raise ValueError(f"dates must be 'shift' or 'study_day', got {dates!r}")

    if s.RECORDED_AT in frame:
        frame = frame.drop(columns=[s.RECORDED_AT])
        report.dropped.append(f"{s.RECORDED_AT} (a real timestamp)")

    quasi = [c for c in frame.columns if c.lower() in (quasi_identifiers or QUASI_IDENTIFIERS)]
    for column in quasi:
        frame[column], report.actions[column] = _coarsen(
            column, frame[column], frame[s.PARTICIPANT]
        )

    suggested = set(s.SUGGESTED_ACTIVITIES) | set(s.SUGGESTED_MOMENTS)
    for column in list(frame.columns):
        if column in report.actions or column in quasi:
            continue
        if column in s.TAG_COLUMNS and column not in keep_text:
            frame[column] = frame[column].map(
                lambda v: s.join_tags([t for t in s.split_tags(v) if t in suggested]),
                na_action="ignore",
            )
            report.actions[column] = "kept the suggested labels only; own words removed"
        elif _is_free_text(column, frame[column]) and column not in keep_text:
            frame = frame.drop(columns=[column])
            report.dropped.append(f"{column} (free text)")
        else:
            report.actions[column] = "kept" + (
                " (free text, kept on request)" if column in keep_text else ""
            )

    if quasi:
        per_person = frame.drop_duplicates(s.PARTICIPANT)[quasi].astype("str")
        sizes = per_person.value_counts()
        report.quasi_identifiers = quasi
        report.k = int(sizes.min())
        smallest = sizes.idxmin()
        report.smallest_group = dict(
            zip(quasi, smallest if isinstance(smallest, tuple) else [smallest], strict=True)
        )
    frame = frame.sort_values([s.PARTICIPANT, *([s.DATE] if s.DATE in frame else ["study_day"])])
    return frame.reset_index(drop=True), report


def _is_free_text(name: str, column: pd.Series) -> bool:
    """Notes and prompt answers, and any text column the schema does not describe."""
    if name in s.FREE_TEXT_COLUMNS:
        return True
    is_text = column.dtype == object or isinstance(column.dtype, pd.StringDtype)
    return is_text and name not in s.FIELD_BY_NAME


def _coarsen(name: str, column: pd.Series, people: pd.Series) -> tuple[pd.Series, str]:
    lower = name.lower()
    if lower == "age":
        age = pd.to_numeric(column, errors="coerce")
        band = (age // 10 * 10).astype("Int64")
        text = band.astype("str") + "-" + (band + 9).astype("str")
        return text.where(age.notna()).where(age < 90, "90+"), "coarsened to 10-year bands"
    if lower in ("postcode", "zip"):
        return column.astype("str").str[:2] + "***", "cut to the first two characters"
    if lower in ("location", "city"):
        people_per_place = people.groupby(column).nunique()
        rare = column.map(people_per_place) < 5
        return column.where(
            ~rare, "other"
        ), "places with fewer than 5 participants grouped as 'other'"
    return column, "kept (measured in k-anonymity)"


__all__ = ["AnonymisationReport", "anonymise", "date_shift_days", "pseudonym", "read_or_create_key"]
