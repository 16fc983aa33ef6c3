"""A study's codebook: what each column is, read from CSV or YAML and checked line by line.

A codebook declares every column a study keeps: its ``name`` (and the ``column`` of the file
when that differs), a ``label``, a ``type`` (:data:`ITEM_TYPES`), a ``role`` (an ``item``, an
``identifier`` that never leaves the study, or a ``quasi_identifier`` that is coarsened and
measured in k), for numbers a ``min``/``max`` and a ``direction``, the ``questionnaire`` (or
beep) it belongs to, and for categories their ``levels`` (``1=Alone; 2=With one person``).

Some names have a fixed meaning (:data:`STRUCTURE`): ``participant`` (required), ``date``,
``time`` and the beep's ``scheduled``, ``sent`` and ``answered`` timestamps, and
``questionnaire``. Loading (:func:`reflectkit.research.load_study`) renames the file's columns
to these names, so every measure finds them.

CSV form (one row per column)::

    name,column,label,type,role,min,max,direction,questionnaire,levels
    participant,connectionId,,text,,,,,,
    answered,timeStampStart,When answering began,timestamp,,,,,,
    stress,,Stress right now,numeric,,0,100,up,main,
    neg_mood,,Negative mood,ordinal,,-3,0,down,evening,
    company,,With whom,categorical,,,,,main,1=Alone; 2=With one person I know
    age,,Age in years,numeric,quasi_identifier,16,99,,intake,

YAML form: ``items:`` a list of mappings with the same keys, and optionally ``design:`` with
``days`` and ``prompts`` (prompts a day per questionnaire) for compliance.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import CheckinValidationError, ReflectkitError
from ..validate import PROBLEM_COLUMNS

ITEM_TYPES = ("numeric", "ordinal", "categorical", "multiple_choice", "text", "timestamp")
ROLES = ("item", "identifier", "quasi_identifier")
DIRECTIONS = ("up", "down")
SCHEDULED, SENT, ANSWERED, QUESTIONNAIRE = "scheduled", "sent", "answered", "questionnaire"
#: Names with a fixed meaning, and the type each must have.
STRUCTURE = {
    s.PARTICIPANT: ("text", "categorical", "numeric"),
    s.DATE: ("timestamp",),
    s.TIME: ("text",),
    SCHEDULED: ("timestamp",),
    SENT: ("timestamp",),
    ANSWERED: ("timestamp",),
    QUESTIONNAIRE: ("categorical", "text"),
}
#: The beep's timestamps, in the order the day of a beep is taken from.
BEEP_TIMES = (SCHEDULED, SENT, ANSWERED)
FIELDS = ("name", "column", "label", "type", "role", "min", "max", "direction", "questionnaire")
FIELDS_ALL = (*FIELDS, "levels", "unit")
#: The one ``unit`` with a meaning for loading: timestamps written as Unix seconds.
UNIX_SECONDS = "unix seconds"
HINT = "Correct the codebook lines named above, then load again."


@dataclass(frozen=True)
class Item:
    """One declared column.

    ``direction`` says which way the scale runs: ``up`` (a higher number is more of what the
    label names) or ``down`` (a lower number is more: a negative-mood scale from 0 to -3).
    ``levels`` are ``(code, label)`` pairs, in order for ordinal items.
    """

    name: str
    type: str = "numeric"
    role: str = "item"
    label: str = ""
    column: str = ""
    minimum: float | None = None
    maximum: float | None = None
    direction: str = "up"
    questionnaire: str = ""
    levels: tuple[tuple[str, str], ...] = ()
    unit: str = ""

    @property
    def source(self) -> str:
        """The column of the data file this item is read from."""
        return self.column or self.name

    @property
    def is_number(self) -> bool:
        return self.type in ("numeric", "ordinal")

    def allowed_text(self) -> str:
        """What a value may be, in plain words (used in problem reports)."""
        if self.is_number and self.levels:
            return "one of " + ", ".join(code for code, _ in self.levels)
        if self.is_number:
            low = "" if self.minimum is None else f" from {self.minimum:g}"
            high = "" if self.maximum is None else f" to {self.maximum:g}"
            return f"a number{low}{high}"
        if self.type in ("categorical", "multiple_choice") and self.levels:
            many = (
                "one or more, separated by ',' or ';', of "
                if self.type == "multiple_choice"
                else ""
            )
            return f"{many}one of " + ", ".join(code for code, _ in self.levels)
        if self.type == "timestamp" and self.unit == UNIX_SECONDS:
            return "seconds since 1970-01-01 (Unix time), e.g. 1713514593"
        if self.type == "timestamp":
            return "a date or a date and time, e.g. 2024-03-02 or 2024-03-02T21:15"
        if self.name == s.TIME:
            return "a clock time HH:MM, e.g. 09:30"
        return f"text of at most {s.MAX_TEXT_LENGTH:,} characters"


@dataclass(frozen=True)
class Design:
    """The study design compliance counts against: days, and prompts a day per questionnaire
    (``""`` for every questionnaire together)."""

    days: int | None = None
    prompts: tuple[tuple[str, int], ...] = ()

    def prompts_per_day(self) -> dict[str, int]:
        return dict(self.prompts)


@dataclass(frozen=True)
class Codebook:
    """Every declared column, the design, and where the codebook came from."""

    items: tuple[Item, ...]
    design: Design = field(default_factory=Design)
    source: str = "codebook"

    def __post_init__(self) -> None:
        names = [i.name for i in self.items]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ReflectkitError(f"the codebook declares {twice} more than once")

    def __getitem__(self, name: str) -> Item:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(item.name == name for item in self.items)

    @property
    def names(self) -> list[str]:
        return [item.name for item in self.items]

    def measured(self) -> list[Item]:
        """The study's items (everything but the structure, identifiers and quasi-identifiers)."""
        return [i for i in self.items if i.name not in STRUCTURE and i.role == "item"]

    def numeric(self) -> list[str]:
        """Names of the items that hold numbers (numeric and ordinal)."""
        return [i.name for i in self.measured() if i.is_number]

    def with_design(self, design: Design) -> Codebook:
        return replace(self, design=design)


def read_codebook(path: str | Path) -> Codebook:
    """Read a codebook from CSV (``.csv``) or YAML (``.yaml``/``.yml``) and check it.

    Raises
    ------
    CheckinValidationError
        Naming the codebook's file and line for every problem (unknown type, ``min`` above
        ``max``, a name declared twice, levels that cannot be read, ...).
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise FileNotFoundError(f"No codebook at {path}: check the path.") from None
    except UnicodeDecodeError:
        raise ReflectkitError(
            f"{path.name} is not UTF-8 text: save the codebook as UTF-8."
        ) from None
    if path.suffix.lower() in (".yaml", ".yml"):
        rows, lines, design = _yaml_rows(text, path.name)
    else:
        rows, lines, design = _csv_rows(text)
    return parse_codebook(rows, lines=lines, design=design, source=path.name)


def parse_codebook(
    rows: list[dict[str, Any]],
    *,
    lines: list[int] | None = None,
    design: Design | None = None,
    source: str = "codebook",
) -> Codebook:
    """A :class:`Codebook` from rows of fields (as read from a file); refuse every problem."""
    lines = lines or [i + 2 for i in range(len(rows))]
    problems: list[tuple[int | None, str, object, str]] = []
    items: list[Item] = []
    seen: dict[str, int] = {}
    for row, line in zip(rows, lines, strict=True):
        found = _item(row, line, problems)
        if found is None:
            continue
        if found.name in seen:
            problems.append(
                (line, "name", found.name, f"is declared already on line {seen[found.name]}")
            )
            continue
        seen[found.name] = line
        items.append(found)
    if s.PARTICIPANT not in seen:
        problems.append(
            (
                None,
                "name",
                None,
                "the codebook needs a `participant` row (the column that names each participant)",
            )
        )
    if not ({s.DATE, *BEEP_TIMES} & set(seen)):
        problems.append(
            (
                None,
                "name",
                None,
                "the codebook needs a `date` row, or a beep timestamp (`scheduled`, `sent` or "
                "`answered`), to know each row's day",
            )
        )
    sources = [i.source for i in items]
    for item in items:
        if sources.count(item.source) > 1 and item.column:
            problems.append(
                (seen[item.name], "column", item.column, "is read by two rows of the codebook")
            )
    if problems:
        table = pd.DataFrame(problems, columns=PROBLEM_COLUMNS)
        raise CheckinValidationError(table, source=source, hint=HINT)
    return Codebook(tuple(items), design or Design(), source)


def _item(row: dict[str, Any], line: int, problems: list) -> Item | None:
    def text(key: str) -> str:
        value = row.get(key)
        return (
            ""
            if value is None or (isinstance(value, float) and np.isnan(value))
            else str(value).strip()
        )

    name = text("name")
    if not name:
        problems.append((line, "name", None, "is required: give each column a name"))
        return None
    kind = text("type").lower().replace(" ", "_") or "numeric"
    if kind not in ITEM_TYPES:
        problems.append((line, "type", row.get("type"), f"must be one of {', '.join(ITEM_TYPES)}"))
        return None
    role = text("role").lower().replace(" ", "_").replace("-", "_") or "item"
    if role not in ROLES:
        problems.append(
            (line, "role", row.get("role"), f"must be one of {', '.join(ROLES)} (or empty: item)")
        )
        return None
    if name in STRUCTURE and kind not in STRUCTURE[name]:
        allowed = " or ".join(STRUCTURE[name])
        problems.append(
            (line, "type", kind, f"`{name}` has a fixed meaning and must be of type {allowed}")
        )
        return None
    bounds: list[float | None] = []
    for key in ("min", "max"):
        given = text(key)
        try:
            bounds.append(float(given) if given else None)
        except ValueError:
            problems.append((line, key, given, "must be a number (or empty)"))
            return None
    low, high = bounds
    if (low is not None or high is not None) and kind not in ("numeric", "ordinal"):
        problems.append(
            (
                line,
                "min" if low is not None else "max",
                low if low is not None else high,
                f"is only for numeric and ordinal items, and `{name}` is {kind}",
            )
        )
        return None
    if low is not None and high is not None and low > high:
        problems.append(
            (
                line,
                "min",
                f"{low:g} > {high:g}",
                "must not be above `max`: write the lower bound in "
                "`min` and say which way the scale runs in `direction` (down: lower is more)",
            )
        )
        return None
    direction = text("direction").lower() or "up"
    if direction not in DIRECTIONS:
        problems.append(
            (
                line,
                "direction",
                row.get("direction"),
                "must be up (a higher number is more) or down (a lower number is more)",
            )
        )
        return None
    try:
        levels = parse_levels(row.get("levels"))
    except ValueError as err:
        problems.append((line, "levels", row.get("levels"), str(err)))
        return None
    if kind == "ordinal" and not levels and (low is None or high is None):
        problems.append(
            (line, "levels", None, "an ordinal item needs its levels or its min and max")
        )
        return None
    return Item(
        name=name,
        type=kind,
        role=role,
        label=text("label"),
        column=text("column") if text("column") != name else "",
        minimum=low,
        maximum=high,
        direction=direction,
        questionnaire=text("questionnaire"),
        levels=levels,
        unit=text("unit").lower(),
    )


def parse_levels(value: object) -> tuple[tuple[str, str], ...]:
    """``"1=Alone; 2=With one person"`` (or a mapping, or a list) as ``(code, label)`` pairs."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return ()
    if isinstance(value, dict):
        pairs = [(str(k).strip(), str(v).strip()) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        pairs = [(str(v).strip(), str(v).strip()) for v in value]
    else:
        pairs = []
        for part in str(value).split(";"):
            if not part.strip():
                continue
            code, sep, label = part.partition("=")
            pairs.append((code.strip(), label.strip() if sep else code.strip()))
    codes = [code for code, _ in pairs]
    if any(not code for code in codes):
        raise ValueError(
            "must be written code=label pairs separated by ';', e.g. 1=Alone; 2=Together"
        )
    if len(set(codes)) != len(codes):
        raise ValueError("name each code once")
    return tuple(pairs)


def levels_text(levels: Iterable[tuple[str, str]]) -> str:
    return "; ".join(code if code == label else f"{code}={label}" for code, label in levels)


def _csv_rows(text: str) -> tuple[list[dict[str, Any]], list[int], Design | None]:
    lines = text.splitlines()
    design = next(
        (_design_line(line) for line in lines if line.lstrip().lower().startswith("# design:")),
        None,
    )
    body = [line for line in lines if not line.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(body), newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in header:
        problems = pd.DataFrame(
            [
                [
                    1,
                    None,
                    None,
                    f"the codebook's header must name its columns: {', '.join(FIELDS_ALL)}",
                ]
            ],
            columns=PROBLEM_COLUMNS,
        )
        raise CheckinValidationError(problems, source="codebook", hint=HINT)
    reader.fieldnames = header
    kept = [i + 1 for i, line in enumerate(lines) if not line.lstrip().startswith("#")]
    rows, numbers = [], []
    for record in reader:
        if not any((v or "").strip() for k, v in record.items() if k):
            continue
        rows.append({k: v for k, v in record.items() if k})
        numbers.append(kept[reader.line_num - 1])
    return rows, numbers, design


def _design_line(line: str) -> Design:
    """``# design: days=14; prompts=main:5, evening:1`` (a CSV codebook's design line)."""
    fields = dict(
        part.strip().partition("=")[::2]
        for part in line.split(":", 1)[1].split(";")
        if part.strip()
    )
    prompts: dict[str, int] = {}
    try:
        for pair in filter(None, (p.strip() for p in fields.get("prompts", "").split(","))):
            name, sep, count = pair.rpartition(":")
            prompts[name.strip() if sep else ""] = int(count)
        days = int(fields["days"]) if fields.get("days", "").strip() else None
    except ValueError:
        raise ReflectkitError(
            f"the codebook's design line must read like `# design: days=14; prompts=main:5, "
            f"evening:1`, got {line.strip()!r}"
        ) from None
    return Design(days=days, prompts=tuple(prompts.items()))


def design_line(design: Design) -> str:
    """The design as the comment line a CSV codebook carries (empty without a design)."""
    if not design.days and not design.prompts:
        return ""
    prompts = ", ".join(f"{q}:{n}" if q else str(n) for q, n in design.prompts)
    days = "" if design.days is None else f"days={design.days}; "
    return f"# design: {days}prompts={prompts}\n"


def _yaml_rows(text: str, source: str) -> tuple[list[dict[str, Any]], list[int], Design | None]:
    import yaml

    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ReflectkitError(
            f"{source}{where} is not valid YAML: {getattr(err, 'problem', err)}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise ReflectkitError(
            f"{source} must hold `items:`, a list of columns (name, type, ...), and optionally "
            "`design:` (days, prompts)."
        )
    item_nodes = next(v for k, v in document.value if k.value == "items").value
    rows, lines = [], []
    for node, row in zip(item_nodes, data["items"], strict=True):
        rows.append(row if isinstance(row, dict) else {"name": row})
        lines.append(node.start_mark.line + 1)
    return rows, lines, _design(data.get("design"), source)


def _design(value: object, source: str) -> Design | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ReflectkitError(f"{source}: `design` must hold `days` and `prompts`")
    days = value.get("days")
    prompts = value.get("prompts") or {}
    if isinstance(prompts, int):
        prompts = {"": prompts}
    try:
        pairs = tuple((str(k), int(v)) for k, v in dict(prompts).items())
        return Design(days=int(days) if days is not None else None, prompts=pairs)
    except (TypeError, ValueError):
        raise ReflectkitError(
            f"{source}: `design` takes whole numbers: days: 14, prompts: {{main: 5, evening: 1}}"
        ) from None


def codebook_csv(codebook: Codebook) -> str:
    """The codebook as CSV text (what :func:`read_codebook` reads back)."""
    buffer = io.StringIO()
    buffer.write(design_line(codebook.design))
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS_ALL)
    for i in codebook.items:
        writer.writerow(
            [
                i.name,
                i.column,
                i.label,
                i.type,
                "" if i.role == "item" else i.role,
                "" if i.minimum is None else f"{i.minimum:g}",
                "" if i.maximum is None else f"{i.maximum:g}",
                "" if i.direction == "up" and not i.is_number else i.direction,
                i.questionnaire,
                levels_text(i.levels),
                i.unit,
            ]
        )
    return buffer.getvalue()


def schema_codebook() -> Codebook:
    """The check-in schema (v1) as a codebook: reflectkit's own cohort files need none."""
    kinds = {
        "number": "numeric",
        "clock": "text",
        "tags": "multiple_choice",
        "category": "categorical",
        "text": "text",
        "timestamp": "timestamp",
        "id": "text",
        "date": "timestamp",
    }
    items = []
    for f in s.FIELDS:
        kind = kinds[f.kind]
        levels = tuple((a, a) for a in f.allowed)
        role = "identifier" if f.name == s.RECORDED_AT else "item"
        items.append(
            Item(f.name, kind, role, f.meaning, minimum=f.minimum, maximum=f.maximum, levels=levels)
        )
    return Codebook(tuple(items), source="the check-in schema")


_ID_NAMES = re.compile(r"(?i)^(participant|id|pid|subject|subject_id|user(_?id)?|study_id|ppn)$")


def infer_codebook(frame: pd.DataFrame, *, source: str = "inferred") -> Codebook:
    """A first codebook for data that has none: numbers, dates and categories told apart.

    Numbers get their observed min and max; text with few distinct values (at most 20, each
    used at least twice) is categorical; text written like dates is a timestamp; a column
    named like a participant code (``participant``, ``id``, ``subject``...) is ``participant``;
    columns named like age, gender or place are quasi-identifiers. The result is a starting
    point for the researcher to check, never a substitute for reading it.
    """
    from .columns import QUASI_IDENTIFIERS, holds_dates

    items: list[Item] = []
    names = list(frame.columns)
    participant = next((c for c in names if c == s.PARTICIPANT), None) or next(
        (c for c in names if _ID_NAMES.match(str(c))), None
    )
    for column in names:
        values = frame[column]
        text = values.dropna().astype("str").str.strip()
        text = text[text != ""]
        if column == participant:
            items.append(Item(s.PARTICIPANT, "text", column=str(column)))
            continue
        numbers = pd.to_numeric(text, errors="coerce")
        role = "quasi_identifier" if str(column).lower() in QUASI_IDENTIFIERS else "item"
        if len(text) and numbers.notna().all():
            items.append(
                Item(
                    str(column),
                    "numeric",
                    role,
                    minimum=float(numbers.min()),
                    maximum=float(numbers.max()),
                )
            )
        elif len(text) and holds_dates(text):
            name = s.DATE if column == s.DATE else str(column)
            items.append(Item(name, "timestamp", role))
        elif len(text) and text.nunique() <= 20 and text.value_counts().min() >= 2:
            levels = tuple((v, v) for v in sorted(text.unique()))
            kind = "categorical"
            items.append(Item(str(column), kind, role, levels=levels))
        else:
            items.append(Item(str(column), "text", role))
    if not {s.DATE, *BEEP_TIMES} & {i.name for i in items}:  # the first dates name the day
        first = next((n for n, i in enumerate(items) if i.type == "timestamp"), None)
        if first is not None:
            items[first] = replace(items[first], name=s.DATE, column=items[first].source)
    return Codebook(tuple(items), source=source)
