"""The openESM layout: a harmonised long table (``XXXX_name_ts.tsv``) and its metadata JSON.

openESM (openesmdata.org; cleaning code and metadata in openesm-project/openesm-cleaning)
publishes experience-sampling datasets in one layout: a tab-separated table with one row per
beep, ``id`` (the participant), ``day`` (day of the study) and ``beep`` (beep of the day),
often ``scheduled``/``issued``/``response`` timestamps, and the items; ``NA`` is missing. A
beep that was not answered is a row whose items are all ``NA`` (its ``response`` may still
hold the time it expired). The metadata JSON describes each column under ``features``
(``name``, ``description``, ``variable_type``: rating_scale, numeric, categorical, PosixCt,
character, logical, date, time; ``answer_categories`` and ``labels`` such as ``1 = Not at
all``), and the design (``n_beeps_per_day``, ``n_days``).

Mapped here: ``id`` -> ``participant``; ``scheduled`` -> ``scheduled``; ``issued`` or
``sent`` -> ``sent``; ``response`` -> ``answered`` only on beeps with an answer; ``beep`` is
kept (so lags from beep to beep see every beep); ``day`` -> ``study_day``; a rating scale's
range from its labels (``1 = ...`` to ``5 = ...``), else from ``answer_categories``
(``0-100``), else the values seen; a ``date`` or ``time`` column that holds full timestamps is
kept as ``date_given``/``time_given`` (the day comes from the beep's own times).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from .codebook import ANSWERED, SCHEDULED, SENT, Codebook, Design, Item
from .columns import QUASI_IDENTIFIERS
from .study import Study, _read, as_timestamps, checked_study

RENAMES = {
    "id": s.PARTICIPANT,
    "scheduled": SCHEDULED,
    "issued": SENT,
    "sent": SENT,
    "response": ANSWERED,
    "day": "study_day",
}
STRUCTURE_NAMES = (
    "id",
    "scheduled",
    "issued",
    "sent",
    "response",
    "day",
    "beep",
    "date",
    "time",
    "duration",
)
_LABEL = re.compile(r"^\s*(-?\d+(\.\d+)?)\s*=", re.MULTILINE)
_RANGE = re.compile(r"^\s*(-?\d+(\.\d+)?)\s*-\s*(-?\d+(\.\d+)?)\s*$")
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
KINDS = {
    "rating_scale": "ordinal",
    "numeric": "numeric",
    "categorical": "categorical",
    "posixct": "timestamp",
    "date": "timestamp",
    "character": "text",
    "logical": "categorical",
    "time": "text",
}


def read_openesm(
    data: str | Path, metadata: str | Path | None = None, *, design: Design | None = None
) -> Study:
    """Read an openESM time-series table (and its metadata JSON) as a :class:`Study`.

    Raises
    ------
    ImportFormatError
        The table has no ``id`` column, or the metadata is not openESM metadata.
    CheckinValidationError
        Values outside the declared ranges, by line of the table.
    """
    path = Path(data)
    raw, source, lines = _read(path)
    raw = raw.replace({"NA": None, "NaN": None})
    if "id" not in raw.columns:
        raise ImportFormatError(
            f"{path.name} is not an openESM table: it has no `id` column (openESM's tables have "
            "`id`, `day`, `beep` and the items)."
        )
    meta = _metadata(Path(metadata)) if metadata else {}
    features = {
        f["name"]: f for f in meta.get("features", []) if isinstance(f, dict) and "name" in f
    }
    frame = pd.DataFrame(index=raw.index)
    items: list[Item] = []
    answers = [c for c in raw.columns if c not in STRUCTURE_NAMES]
    for column in answers:
        item = _item(column, raw[column], features.get(column, {}))
        if item is not None:
            frame[item.name] = raw[column]
            items.append(item)
    measured = [i.name for i in items if i.type != "timestamp"]
    has_answer = (
        frame[measured].notna().any(axis=1) if measured else pd.Series(True, index=raw.index)
    )
    structure: list[Item] = [Item(s.PARTICIPANT, "text", label="openESM participant id")]
    frame.insert(0, s.PARTICIPANT, raw["id"])
    for column, name in (
        ("scheduled", SCHEDULED),
        ("issued", SENT),
        ("sent", SENT),
        ("response", ANSWERED),
    ):
        if column in raw.columns and name not in frame.columns:
            values = raw[column]
            if name == ANSWERED:
                values = values.where(has_answer)
            frame[name] = values
            structure.append(Item(name, "timestamp", label=_label(features, column)))
    for column in ("day", "beep"):
        if column in raw.columns:
            name = RENAMES.get(column, column)
            frame[name] = raw[column]
            structure.append(Item(name, "numeric", label=_label(features, column), minimum=0))
    if "duration" in raw.columns:
        seconds = pd.to_numeric(raw["duration"], errors="coerce")  # "Expired" is no duration
        frame["duration_seconds"] = seconds
        structure.append(
            Item("duration_seconds", "numeric", label="time taken to answer", minimum=0)
        )
    for column in ("date", "time"):
        if column not in raw.columns:
            continue
        values = raw[column].dropna().astype("str")
        if column == "time" and values.str.match(_CLOCK).all():
            frame[s.TIME] = raw[column]
            structure.append(Item(s.TIME, "text"))
        elif {SCHEDULED, SENT, ANSWERED} & set(frame.columns):
            frame[f"{column}_given"] = raw[column]
            structure.append(Item(f"{column}_given", "timestamp", label=_label(features, column)))
        else:
            frame[s.DATE] = raw[column]
            structure.append(Item(s.DATE, "timestamp"))
    book = Codebook(tuple(structure + items), design or _design(meta), f"openESM {path.name}")
    return checked_study(frame, book, source=source, lines=lines)


def _metadata(path: Path) -> dict:
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as err:
        raise ImportFormatError(f"{path.name} is not JSON (line {err.lineno}): {err.msg}") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("features"), list):
        raise ImportFormatError(f"{path.name} is not openESM metadata: it has no `features` list.")
    return meta


def _label(features: dict, column: str) -> str:
    return str(features.get(column, {}).get("description", "") or "")


def _item(column: str, values: pd.Series, feature: dict) -> Item | None:
    declared = str(feature.get("variable_type", "") or "").lower()
    kind = KINDS.get(declared, "")
    given = values.dropna().astype("str").str.strip()
    numbers = pd.to_numeric(given, errors="coerce")
    all_numbers = bool(len(given)) and bool(numbers.notna().all())
    if not kind:
        kind = "numeric" if all_numbers else "timestamp" if _stamps(given) else "text"
    if kind == "ordinal" and not all_numbers:
        kind = "categorical"
    role = "quasi_identifier" if column.lower() in QUASI_IDENTIFIERS else "item"
    label = str(feature.get("description", "") or "")
    levels: tuple[tuple[str, str], ...] = ()
    low = high = None
    if kind == "ordinal":
        low, high = _scale(feature, numbers)
    if kind == "numeric" and not all_numbers and len(given):
        kind = "text"
    if kind == "categorical" and declared == "logical":
        levels = tuple((v, v) for v in sorted(given.unique()))
    return Item(
        column,
        kind,
        role,
        label,
        minimum=low,
        maximum=high,
        levels=levels,
        questionnaire=str(feature.get("assessment_type", "") or ""),
    )


def _scale(feature: dict, numbers: pd.Series) -> tuple[float | None, float | None]:
    """A rating scale's range: from its labels, else ``answer_categories`` ``a-b``, else the
    values seen (a count of categories alone does not say where the scale starts)."""
    codes = [float(m[0]) for m in _LABEL.findall(str(feature.get("labels", "") or ""))]
    if len(codes) >= 2:
        return min(codes), max(codes)
    found = _RANGE.match(str(feature.get("answer_categories", "") or ""))
    if found:
        return float(found[1]), float(found[3])
    if numbers.notna().any():
        return float(numbers.min()), float(numbers.max())
    return None, None


def _stamps(given: pd.Series) -> bool:
    return bool(len(given)) and bool(as_timestamps(given.head(50)).notna().all())


def _design(meta: dict) -> Design:
    def whole(value: object) -> int | None:
        text = str(value or "").strip()
        return int(text) if text.isdigit() else None

    prompts = whole(meta.get("n_beeps_per_day"))
    return Design(days=whole(meta.get("n_days")), prompts=(("", prompts),) if prompts else ())


__all__ = ["read_openesm"]
