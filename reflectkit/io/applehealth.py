"""Import Apple Health's export: ``export.xml``, or the ``export.zip`` it comes in.

Real exports run to hundreds of megabytes, so the XML is streamed
(:func:`xml.etree.ElementTree.iterparse`), each record cleared once read: memory does not
grow with the file. Expat (2.4 and later, as Python ships it) refuses entity expansion
attacks, and ElementTree never fetches external entities.

Read, one check-in per day (the date as the phone wrote it, in its own time zone):

- ``HKCategoryTypeIdentifierSleepAnalysis``: asleep stretches (``...Asleep``,
  ``...AsleepUnspecified``, ``...AsleepCore``, ``...AsleepDeep``, ``...AsleepREM``) less than
  two hours apart form one sleep, and a sleep belongs to the day it ends on. Sources are
  never added together (an iPhone and a Watch often record the same night, and disagree
  about the minutes awake): each day takes the longest sleep any one source recorded. That
  main sleep gives ``sleep_hours`` (time asleep, ``...Awake`` left out), ``wake_time`` (its
  end) and ``bedtime`` (the start of the time in bed around it, ``...InBed`` from any
  source, else the start of sleep). Naps (shorter sleeps ending the same day) are left
  out. A night recorded only as time in bed (older iPhones' Bedtime) gives bedtime and wake
  time only; ``sleep_hours`` then follows the schema's rule for them (time in bed).
- ``HKQuantityTypeIdentifierAppleExerciseTime`` (minutes) -> ``movement_minutes``;
  ``HKQuantityTypeIdentifierStepCount`` -> ``steps``, an extra column (the check-ins have no
  column for steps, and steps are not minutes). Each is summed per day and source; the day
  takes its largest source, so a phone and a watch counting the same walk count it once.
- ``HKCategoryTypeIdentifierMindfulSession`` -> the activity tag "mindful minutes" on days
  with one, and the extra column ``mindful_minutes``.

Sources of the identifiers: Apple's HealthKit (``HKCategoryValueSleepAnalysis``: InBed 0,
Asleep/AsleepUnspecified 1, Awake 2, AsleepCore 3, AsleepDeep 4, AsleepREM 5, as the
pyobjc-framework-HealthKit tests check them), and the ``Record`` element of export.xml
(``type``, ``sourceName``, ``unit``, ``startDate``/``endDate`` like
``2024-01-01 23:00:00 -0800``, ``value``) as public parsers read it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

import pandas as pd

from .. import schema as s
from ..errors import ImportFormatError
from ..validate import raise_for_problems, validate_checkins

SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
STEPS = "HKQuantityTypeIdentifierStepCount"
EXERCISE = "HKQuantityTypeIdentifierAppleExerciseTime"
MINDFUL = "HKCategoryTypeIdentifierMindfulSession"
IN_BED = "HKCategoryValueSleepAnalysisInBed"
ASLEEP = frozenset(
    {
        "HKCategoryValueSleepAnalysisAsleep",
        "HKCategoryValueSleepAnalysisAsleepUnspecified",
        "HKCategoryValueSleepAnalysisAsleepCore",
        "HKCategoryValueSleepAnalysisAsleepDeep",
        "HKCategoryValueSleepAnalysisAsleepREM",
    }
)
STEPS_COLUMN = "steps"
MINDFUL_COLUMN = "mindful_minutes"
MINDFUL_TAG = "mindful minutes"
#: Asleep stretches closer than this are one sleep (waking briefly in the night).
SLEEP_GAP = dt.timedelta(hours=2)
_TIME = "%Y-%m-%d %H:%M:%S %z"
HINT = "Export it again from the Health app (your picture > Export All Health Data)."

Interval = tuple[dt.datetime, dt.datetime]


def import_apple_health(path: str | Path) -> pd.DataFrame:
    """Read Apple Health's ``export.xml`` (or ``export.zip``) into one check-in per day.

    What is read, and how, is in the module docs. The returned frame also holds the extra
    columns ``steps`` and ``mindful_minutes``.
    """
    path = Path(path)
    scan = _Scan(path.name)
    with _xml_stream(path) as stream:
        scan.read(stream)
    frame = scan.frame()
    checkins, problems = validate_checkins(frame)
    raise_for_problems(problems, source=path.name, hint=HINT)
    return checkins.sort_values(s.DATE).reset_index(drop=True)


class _Scan:
    """What one pass over the records collects: small per-day totals and sleep intervals."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: dict[tuple[str, str], float] = defaultdict(float)
        self.exercise: dict[tuple[str, str], float] = defaultdict(float)
        self.mindful: dict[tuple[str, str], float] = defaultdict(float)
        self.asleep: dict[str, list[Interval]] = defaultdict(list)
        self.in_bed: list[Interval] = []

    def read(self, stream: IO[bytes]) -> None:
        depth, root = 0, None
        try:
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if root is None:
                        root = elem
                        if elem.tag != "HealthData":
                            raise ImportFormatError(
                                f"{self.name} is not an Apple Health export (it starts with "
                                f"<{elem.tag[:40]}>, not <HealthData>). {HINT}"
                            )
                    continue
                depth -= 1
                if depth == 1 and root is not None:
                    if elem.tag == "Record":
                        self._take(elem.attrib)
                    root.clear()  # every record read so far: memory stays flat
        except ParseError as err:
            raise ImportFormatError(
                f"{self.name} is not complete XML ({err}); nothing was imported. {HINT}"
            ) from None
        if root is None:
            raise ImportFormatError(f"{self.name} is empty. {HINT}")

    def _take(self, record: dict[str, str]) -> None:
        kind = record.get("type", "")
        if kind == SLEEP:
            value = record.get("value", "")
            if value in ASLEEP:
                self.asleep[record.get("sourceName", "")].append(self._interval(record))
            elif value == IN_BED:
                self.in_bed.append(self._interval(record))
        elif kind in (STEPS, EXERCISE):
            day = self._day(record)
            totals = self.steps if kind == STEPS else self.exercise
            totals[day, record.get("sourceName", "")] += self._number(record)
        elif kind == MINDFUL:
            start, end = self._interval(record)
            day = start.date().isoformat()
            self.mindful[day, record.get("sourceName", "")] += (end - start).total_seconds() / 60

    def _day(self, record: dict[str, str]) -> str:
        text = record.get("startDate", "")[:10]
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise self._bad(record, "startDate") from None
        return text

    def _interval(self, record: dict[str, str]) -> Interval:
        try:
            start = dt.datetime.strptime(record.get("startDate", ""), _TIME)
            end = dt.datetime.strptime(record.get("endDate", ""), _TIME)
        except ValueError:
            raise self._bad(record, "startDate") from None
        if end < start:
            raise self._bad(record, "endDate")
        return start, end

    def _number(self, record: dict[str, str]) -> float:
        try:
            value = float(record.get("value", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            raise self._bad(record, "value")
        return value

    def _bad(self, record: dict[str, str], attribute: str) -> ImportFormatError:
        return ImportFormatError(
            f"{self.name}: a {record.get('type', 'record')[:60]} record has "
            f"{attribute}={record.get(attribute, '')[:40]!r}, which is not what Apple Health "
            f"writes; nothing was imported. {HINT}"
        )

    def frame(self) -> pd.DataFrame:
        days: dict[str, dict[str, object]] = defaultdict(dict)
        for column, totals in (
            (STEPS_COLUMN, self.steps),
            (s.MOVEMENT_MINUTES, self.exercise),
            (MINDFUL_COLUMN, self.mindful),
        ):
            for day, value in _largest_source(totals).items():
                days[day][column] = value
        for day, (bed, wake, hours) in _nights(self.asleep, self.in_bed).items():
            days[day].update({s.BEDTIME: bed, s.WAKE_TIME: wake, s.SLEEP_HOURS: hours})
        for values in days.values():
            if float(values.get(MINDFUL_COLUMN) or 0) > 0:  # type: ignore[arg-type]
                values[s.ACTIVITIES] = MINDFUL_TAG
        columns = [
            s.DATE,
            s.BEDTIME,
            s.WAKE_TIME,
            s.SLEEP_HOURS,
            s.MOVEMENT_MINUTES,
            s.ACTIVITIES,
            STEPS_COLUMN,
            MINDFUL_COLUMN,
        ]
        rows = [{s.DATE: day, **values} for day, values in sorted(days.items())]
        frame = pd.DataFrame(rows, columns=columns)
        for column in (STEPS_COLUMN, MINDFUL_COLUMN):
            frame[column] = frame[column].astype("float64")
        return frame


def _largest_source(totals: dict[tuple[str, str], float]) -> dict[str, float]:
    best: dict[str, float] = {}
    for (day, _source), value in totals.items():
        best[day] = max(best.get(day, 0.0), value)
    return best


def _nights(
    asleep: dict[str, list[Interval]], in_bed: list[Interval]
) -> dict[str, tuple[str, str, float | None]]:
    """Per day: (bedtime, wake time, hours asleep) of the main sleep ending that day."""
    nights: dict[str, tuple[str, str, float | None]] = {}
    length: dict[str, float] = {}
    beds = _sessions(_union(in_bed))
    for intervals in asleep.values():
        for session in _sessions(_union(intervals)):
            start, end = session[0][0], session[-1][1]
            hours = sum((b - a).total_seconds() for a, b in session) / 3600
            day = end.date().isoformat()
            if hours <= length.get(day, 0):
                continue
            around = [a for a, b in _spans(beds) if a <= start < b or start <= a < end]
            length[day] = hours
            nights[day] = (_clock(min([start, *around])), _clock(end), round(hours, 4))
    for session in beds:
        start, end = session[0][0], session[-1][1]
        day = end.date().isoformat()
        if day not in nights and _clock(start) != _clock(end):
            nights[day] = (_clock(start), _clock(end), None)
    return nights


def _spans(sessions: list[list[Interval]]) -> Iterator[Interval]:
    for session in sessions:
        yield session[0][0], session[-1][1]


def _union(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _sessions(segments: list[Interval]) -> list[list[Interval]]:
    sessions: list[list[Interval]] = []
    for segment in segments:
        if sessions and segment[0] - sessions[-1][-1][1] < SLEEP_GAP:
            sessions[-1].append(segment)
        else:
            sessions.append([segment])
    return sessions


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M")


@contextlib.contextmanager
def _xml_stream(path: Path) -> Iterator[IO[bytes]]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                members = [
                    m
                    for m in archive.infolist()
                    if m.filename.lower().endswith(".xml")
                    and not m.filename.lower().endswith("_cda.xml")
                ]
                if not members:
                    raise ImportFormatError(f"{path.name} holds no export.xml. {HINT}")
                with archive.open(max(members, key=lambda m: m.file_size)) as stream:
                    yield stream
            return
        with path.open("rb") as stream:
            yield stream
    except FileNotFoundError:
        raise FileNotFoundError(f"No Apple Health export at {path}: check the path.") from None
    except IsADirectoryError:
        raise ImportFormatError(
            f"{path} is a folder: give the export.xml inside it, or export.zip."
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as err:
        raise ImportFormatError(f"{path.name} is a damaged zip file ({err}). {HINT}") from None
