"""m-Path's "basic" export (and its meta data) as a study with a codebook.

What the export holds (read from the mpathr package: ``R/read_mpath.R``,
``R/timestamps_to_datetime.R`` and its example export, ``inst/extdata``; see
``tests/data/mpath/PROVENANCE.md``):

- values separated by ``;``, often after a UTF-8 byte-order mark; a file whose first character
  is a quote was opened and saved by a spreadsheet and is refused, as mpathr does;
- one row per *answered* questionnaire: ``connectionId`` (the participant), identifiers
  (``code``, ``alias``, ``initials``, ...), ``questionListName`` (the questionnaire) and
  ``timeStampScheduled``, ``timeStampSent``, ``timeStampStart``, ``timeStampStop``: Unix
  seconds *in the participant's local time* (0 = none; written as whole numbers or floats),
  with ``timeZoneOffset`` the seconds east of UTC;
- the question type at the end of each answer column's name: ``_sliderNeutralPos`` and
  ``_sliderNegPos`` (0-100), ``_yesno`` (0/1), ``_multipleChoice_index`` (the options chosen:
  ``1`` or ``1,3,4``), ``_multipleChoice_string`` (their labels as JSON strings, including any
  words a participant typed), ``_open`` (JSON-escaped text), ``_steps`` (the phone's step
  counter), ``_basic`` (a screen without an answer, left out).

What this module makes of it:

- ``participant`` = ``connectionId``; ``scheduled``, ``sent``, ``answered`` (= start) and
  ``finished`` (= stop) as local clock times; ``questionnaire`` = ``questionListName``;
- each answer column under its stem: ``slider_happy``, ``context_company`` (the option
  codes; labels in the codebook where every participant saw the same words),
  ``context_company_text`` (the labels as given: text, since they may hold own words),
  ``age`` (an open answer that only ever holds numbers is numeric);
- ``step_count_counter`` keeps the counter as recorded, and ``step_count`` is the steps between
  the previous answered beep *of the same day* and this one: empty on the day's first
  beep, where the counter went down (the phone restarted or reset it), and for a participant
  whose counter never moves (no step sensor). The counter is not steps per beep;
- identifiers (``code``, ``alias``, ``initials``, ``legacyCode``, ``accountCode``, beep ids) are
  declared ``identifier``; ``age``, ``gender`` and the UTC offset ``quasi_identifier``.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from .codebook import ANSWERED, QUESTIONNAIRE, SCHEDULED, SENT, Codebook, Design, Item
from .columns import QUASI_IDENTIFIERS
from .study import Study, _read, checked_study

#: m-Path's own columns: (our name, type, role, label).
FIXED = {
    "connectionId": (s.PARTICIPANT, "text", "item", "m-Path connection id of the participant"),
    "legacyCode": ("legacy_code", "text", "identifier", "m-Path legacy code"),
    "code": ("code", "text", "identifier", "m-Path participant code"),
    "alias": ("alias", "text", "identifier", "alias the participant chose"),
    "initials": ("initials", "text", "identifier", "initials"),
    "accountCode": ("account_code", "text", "identifier", "m-Path account of the researcher"),
    "scheduledBeepId": ("scheduled_beep_id", "text", "identifier", "m-Path id of the beep"),
    "sentBeepId": ("sent_beep_id", "text", "identifier", "m-Path id of the sent beep"),
    "reminderForOriginalSentBeepId": ("reminder_for", "text", "identifier", "beep this reminds of"),
    "questionListName": (QUESTIONNAIRE, "categorical", "item", "questionnaire"),
    "fromProtocolName": ("protocol", "categorical", "item", "m-Path protocol"),
    "timeStampScheduled": (SCHEDULED, "timestamp", "item", "when the beep was scheduled"),
    "timeStampSent": (SENT, "timestamp", "item", "when the beep was sent"),
    "timeStampStart": (ANSWERED, "timestamp", "item", "when answering began"),
    "timeStampStop": ("finished", "timestamp", "item", "when answering ended"),
    "originalTimeStampSent": (
        "original_sent",
        "timestamp",
        "item",
        "first sending of a reminded beep",
    ),
    "timeZoneOffset": ("utc_offset_seconds", "numeric", "quasi_identifier", "seconds east of UTC"),
    "deltaUTC": ("phone_server_offset", "numeric", "item", "phone clock minus server clock"),
}
TIMESTAMPS = (
    "timeStampScheduled",
    "timeStampSent",
    "timeStampStart",
    "timeStampStop",
    "originalTimeStampSent",
)
SLIDER = (0.0, 100.0)
_TYPE = re.compile(
    r"^(?P<stem>.+?)_(?P<kind>multipleChoice_(index|string|likert)|imageChoice_(index|string|likert)"
    r"|sliderNeutralPos|sliderNegPos|yesno|open|steps|basic|smiley|multiSmiley|time|date|number"
    r"|[A-Za-z]+)$"
)
_TAGS = re.compile(r"<[^>]+>")
HINT = "reflectkit reads m-Path's basic export as downloaded (export version 1.1)."


def read_mpath(
    basic: str | Path, meta: str | Path | None = None, *, design: Design | None = None
) -> Study:
    """Read an m-Path basic export (and optionally its meta data) as a :class:`Study`.

    Parameters
    ----------
    basic
        The ``basic.csv`` export.
    meta
        The export's meta data (``meta.csv``): question texts become the codebook's labels and
        question types are taken from it; without it they come from the column names.
    design
        Days and prompts a day per questionnaire (e.g. ``main_questionnaire`` 10,
        ``evening_questionnaire`` 1): m-Path's export lists answered beeps only, so compliance
        counts against the design.

    Raises
    ------
    ImportFormatError
        The file is not an m-Path basic export (no ``connectionId``), or was saved by a
        spreadsheet.
    CheckinValidationError
        A value outside its type (a slider above 100, a timestamp that is not a number), by
        the line of ``basic``.
    """
    path = Path(basic)
    head = path.read_bytes()[:4].removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b'"'):
        raise ImportFormatError(
            f"{path.name} was opened and saved by a spreadsheet, which changes m-Path's quoting: "
            "download the export from m-Path again and give that file."
        )
    raw, source, lines = _read(path)
    if "connectionId" not in raw.columns:
        raise ImportFormatError(
            f"{path.name} is not an m-Path basic export: it has no `connectionId` column. {HINT}"
        )
    questions = _meta(Path(meta)) if meta else {}
    frame, items = _columns(raw, questions)
    book = Codebook(tuple(items), design or Design(), f"m-Path export {path.name}")
    return checked_study(frame, book, source=source, lines=lines)


def _meta(path: Path) -> dict[str, tuple[str, str, str]]:
    """columnName -> (question text without markup, typeQuestion, typeAnswer)."""
    table, _, _ = _read(path)
    if "columnName" not in table.columns:
        raise ImportFormatError(f"{path.name} is not m-Path meta data: it has no `columnName`.")
    out = {}
    for row in table.fillna("").to_dict("records"):
        text = html.unescape(_TAGS.sub(" ", str(row.get("fullQuestion", ""))))
        out[str(row["columnName"])] = (
            " ".join(text.split()),
            str(row.get("typeQuestion", "")),
            str(row.get("typeAnswer", "")),
        )
    return out


def _columns(raw: pd.DataFrame, questions: dict) -> tuple[pd.DataFrame, list[Item]]:
    out: dict[str, pd.Series] = {}
    items: list[Item] = []
    for column, (name, kind, role, label) in FIXED.items():
        if column not in raw.columns:
            continue
        values = raw[column]
        if column in TIMESTAMPS:
            values = _seconds(values)
            if values.isna().all() and name not in (SCHEDULED, SENT, ANSWERED):
                continue
        elif kind == "numeric":
            values = _numbers(values)
        elif values.isna().all():
            continue
        levels = _observed(values) if kind == "categorical" else ()
        unit = "unix seconds" if column in TIMESTAMPS else ""
        out[name] = values
        items.append(Item(name, kind, role, label, levels=levels, unit=unit))
    questionnaire = raw.get("questionListName")
    answers = [c for c in raw.columns if c not in FIXED]
    for column in answers:
        match = _TYPE.match(column)
        kind = questions.get(column, ("", "", ""))[1] or (match["kind"] if match else "")
        stem = match["stem"] if match else column
        if match and match["kind"].startswith(("multipleChoice_", "imageChoice_")):
            kind = match["kind"]
        label, answer_type = (
            questions.get(column, ("", "", ""))[0],
            questions.get(column, ("", "", ""))[2],
        )
        made = _answer(raw, column, stem, kind, answer_type, label)
        for name, values, item in made:
            if values.isna().all() or name in out:
                continue
            where = questionnaire[values.notna()].mode() if questionnaire is not None else None
            out[name] = values
            asked = str(where.iloc[0]) if where is not None and len(where) else ""
            items.append(_with(item, questionnaire=asked))
    frame = pd.DataFrame(out, index=raw.index)
    frame, items = _steps(frame, items)
    return frame, items


def _with(item: Item, **changes: object) -> Item:
    from dataclasses import replace

    return replace(item, **changes)  # type: ignore[arg-type]


def _answer(
    raw: pd.DataFrame, column: str, stem: str, kind: str, answer_type: str, label: str
) -> list[tuple[str, pd.Series, Item]]:
    values = raw[column]
    quasi = "quasi_identifier" if stem.lower() in QUASI_IDENTIFIERS else "item"
    if kind in ("basic", "multipleChoice_likert", "imageChoice_likert") and values.isna().all():
        return []
    if kind == "basic":
        return []
    if kind in ("sliderNeutralPos", "sliderNegPos"):
        item = Item(stem, "numeric", quasi, label, minimum=SLIDER[0], maximum=SLIDER[1])
        return [(stem, _numbers(values), item)]
    if kind == "yesno":
        codes = values.str.strip()
        return [
            (
                stem,
                codes,
                Item(stem, "categorical", quasi, label, levels=(("0", "no"), ("1", "yes"))),
            )
        ]
    if kind in ("multipleChoice_index", "imageChoice_index"):
        listed = answer_type.endswith("List") or values.str.contains(",", regex=False).any()
        codes = values.str.replace(" ", "", regex=False)
        if listed:
            codes = codes.str.replace(",", s.TAG_SEPARATOR, regex=False)
        levels = _option_labels(raw, column, stem)
        role = "quasi_identifier" if stem.lower() in QUASI_IDENTIFIERS else "item"
        kind_out = "multiple_choice" if listed else "categorical"
        return [(stem, codes, Item(stem, kind_out, role, label, levels=levels))]
    if kind in ("multipleChoice_string", "imageChoice_string"):
        text = values.map(_json_text, na_action="ignore")
        item = Item(
            f"{stem}_text", "text", "item", f"{label} (labels as given; may hold own words)".strip()
        )
        return [(f"{stem}_text", text, item)]
    if kind in ("multipleChoice_likert", "imageChoice_likert"):
        return [
            (f"{stem}_likert", _numbers(values), Item(f"{stem}_likert", "numeric", "item", label))
        ]
    if kind == "steps":
        item = Item(
            f"{stem}_counter", "numeric", "item", "step counter as the phone reported it", minimum=0
        )
        return [(f"{stem}_counter", _numbers(values), item)]
    if kind == "smiley":
        return [(stem, _numbers(values), Item(stem, "numeric", quasi, label))]
    text = values.map(_json_text, na_action="ignore")
    numbers = pd.to_numeric(text, errors="coerce")
    if text.notna().any() and numbers.notna().sum() == text.notna().sum():
        return [(stem, numbers, Item(stem, "numeric", quasi, label))]
    return [(stem, text, Item(stem, "text", quasi, label))]


def _option_labels(raw: pd.DataFrame, column: str, stem: str) -> tuple[tuple[str, str], ...]:
    """Option code -> label where every answer with that code shows the same label."""
    strings = raw.get(column.replace("_index", "_string"))
    if strings is None:
        return ()
    pairs: dict[str, set[str]] = {}
    for codes, labels in zip(raw[column], strings, strict=True):
        if not isinstance(codes, str) or not isinstance(labels, str):
            continue
        code_list = [c.strip() for c in codes.split(",")]
        label_list = _json_list(labels)
        if len(code_list) != len(label_list):
            continue
        for code, label in zip(code_list, label_list, strict=True):
            pairs.setdefault(code, set()).add(label.strip())
    levels = [
        (code, next(iter(ls)) if len(ls) == 1 else "(own words)") for code, ls in pairs.items()
    ]
    return tuple(sorted(levels, key=lambda p: (len(p[0]), p[0])))


def _json_text(cell: str) -> str:
    """A JSON-quoted answer (``"Work"``, ``"a\\nb"``) or a JSON list's strings, as plain text."""
    parts = _json_list(cell)
    return s.TAG_SEPARATOR.join(parts) if len(parts) != 1 else parts[0]


def _json_list(cell: str) -> list[str]:
    try:
        value = json.loads(f"[{cell}]")
    except (json.JSONDecodeError, TypeError):
        return [cell]
    return [str(v) for v in value]


def _seconds(values: pd.Series) -> pd.Series:
    """Unix seconds (``1713514593``, ``1713514593.0``, ``1713514593,5``) as numbers; 0 is none."""
    numbers = pd.to_numeric(values.str.strip().str.replace(",", ".", regex=False), errors="coerce")
    bad = values.notna() & numbers.isna()
    kept = values.where(bad, numbers.where(numbers != 0).astype("float64").astype("object"))
    return kept


def _numbers(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values.str.strip().str.replace(",", ".", regex=False), errors="coerce")
    bad = values.notna() & numbers.isna()
    return values.where(bad, numbers.astype("object"))  # text that is no number stays, to be named


def _observed(values: pd.Series) -> tuple[tuple[str, str], ...]:
    return tuple((v, v) for v in sorted(values.dropna().astype("str").unique()))


def _steps(frame: pd.DataFrame, items: list[Item]) -> tuple[pd.DataFrame, list[Item]]:
    """Steps between answered beeps of the same day, from each cumulative step counter."""
    for item in [i for i in items if i.name.endswith("_counter")]:
        counter = pd.to_numeric(frame[item.name], errors="coerce")
        moment = pd.to_datetime(pd.to_numeric(frame[ANSWERED], errors="coerce"), unit="s")
        order = pd.DataFrame({"p": frame[s.PARTICIPANT], "m": moment, "c": counter}).sort_values(
            ["p", "m"]
        )
        day = order["m"].dt.normalize()
        moved = order.groupby("p")["c"].transform(lambda c: c.nunique(dropna=True) > 1)
        previous = order.groupby([order["p"], day])["c"].shift(1)
        steps = (order["c"] - previous).where((order["c"] >= previous) & moved)
        name = item.name.removesuffix("_counter")
        frame[name] = steps.reindex(frame.index).astype("object")
        label = (
            "steps between the previous answered beep of the same day and this one "
            "(empty on the day's first beep and where the counter went down)"
        )
        at = items.index(item)
        items.insert(
            at, Item(name, "numeric", "item", label, minimum=0, questionnaire=item.questionnaire)
        )
    return frame, items


__all__ = ["read_mpath"]
