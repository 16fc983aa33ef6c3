"""Several prompts a day: compliance against the beeps sent (or the design), daily means of
beeps, and lags from beep to beep within and across days.

A *beep* is one row of a study in long format (:func:`~reflectkit.research.load_study`):
``participant``, ``date`` (the local day), ``time`` and, when the platform records them, the
``scheduled``, ``sent`` and ``answered`` timestamps, and a ``questionnaire``. A beep counts as
answered when it has an ``answered`` time (or, without that column, any item value).

Whether the data lists the beeps that were *not* answered matters: openESM's layout does
(rows with empty items), m-Path's basic export does not (only answered questionnaires are
rows). Counting against "the rows that exist" would then always give 100 %, so such data
needs the design (prompts a day). Like the other cohort functions these take pandas or Dask
and give equal results. Definitions: docs/measures.md.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import clock_minutes
from ..errors import ReflectkitError
from ..trends.dates import as_dates
from .codebook import ANSWERED, BEEP_TIMES, QUESTIONNAIRE, Design
from .measures import is_dask, per_participant
from .study import answered_mask

P, D, T = s.PARTICIPANT, s.DATE, s.TIME
By = Literal["participant", "day", "time_of_day"]
#: Prompts a day per questionnaire in a design, ``""`` meaning every questionnaire together.
ALL = ""


def lists_unanswered(frame: Any) -> bool:
    """Whether the data has rows for beeps that were sent but not answered."""
    if ANSWERED not in frame.columns:
        return False
    missing = frame[ANSWERED].isna().any()
    return bool(missing.compute() if hasattr(missing, "compute") else missing)


def beep_compliance(
    frame: Any,
    *,
    by: By = "participant",
    design: Design | None = None,
    expected: Literal["auto", "listed", "design"] = "auto",
    items: list[str] | None = None,
    hours: int = 3,
) -> Any:
    """Answered beeps over expected beeps, per participant, per day or per time of day.

    Parameters
    ----------
    by
        ``"participant"``: one row per participant (and questionnaire when the design names
        them); ``"day"``: per participant and day; ``"time_of_day"``: per block of ``hours``
        of the beep's scheduled (else sent) clock time, all participants together.
    design
        Days and prompts a day per questionnaire. Needed when the data lists answered beeps
        only; with several questionnaires in the design, only those are counted (an intake
        questionnaire is not a beep of the schedule).
    expected
        ``"listed"``: the beeps the data lists (sent beeps); ``"design"``: days x prompts a
        day, days from the design (else each participant's first to last day); ``"auto"``:
        listed when the data lists unanswered beeps, else the design.

    Returns
    -------
    DataFrame
        ``expected``, ``answered`` and ``compliance`` (answered / expected, never above 1).
    """
    mode = _mode(frame, design, expected)
    if by not in ("participant", "day", "time_of_day"):
        raise ReflectkitError(f"by must be 'participant', 'day' or 'time_of_day', got {by!r}")
    if by == "time_of_day" and mode == "design":
        raise ReflectkitError(
            "compliance by time of day needs the beeps that were sent, and this data lists "
            "answered beeps only; it can be given per participant or per day against the design."
        )
    if hours < 1 or 24 % hours:
        raise ReflectkitError("hours must divide the day: 1, 2, 3, 4, 6, 8 or 12")
    prompts = design.prompts_per_day() if design else {}
    if mode == "design" and not prompts:
        raise ReflectkitError("the design names no prompts a day: Design(prompts=(('', 5),))")

    def count(part: pd.DataFrame) -> pd.DataFrame:
        part = _in_design(part, prompts)
        done = answered_mask(part, items)
        keys = pd.DataFrame(
            {P: part[P].to_numpy(), D: as_dates(part[D]).to_numpy()}, index=part.index
        )
        split = [QUESTIONNAIRE] if prompts and ALL not in prompts else []
        for column in split:
            keys[column] = part[column].to_numpy()
        if by == "time_of_day":
            keys["time_of_day"] = _blocks(part, hours)
            group = ["time_of_day"]
        else:
            group = [P, D, *split] if by == "day" else [P, *split]
        if mode == "listed":
            table = pd.DataFrame({"expected": keys.groupby(group, observed=True).size()})
            table["answered"] = done.groupby([keys[g] for g in group], observed=True).sum()
        else:
            table = _against_design(keys[done.to_numpy()], keys, split, prompts, design, by)
        table["answered"] = table["answered"].fillna(0).astype("int64")
        table["answered"] = np.minimum(table["answered"], table["expected"])
        table["compliance"] = table["answered"] / table["expected"]
        return table

    if by == "time_of_day":
        if is_dask(frame):  # pooled over everyone: sums of per-partition counts
            parts = frame.map_partitions(count, meta=count(frame._meta)).compute()
            table = parts.groupby(level=0)[["expected", "answered"]].sum()
            table["compliance"] = table["answered"] / table["expected"]
            return table
        return count(frame)
    return per_participant(frame, count)


def _mode(frame: Any, design: Design | None, expected: str) -> str:
    if expected not in ("auto", "listed", "design"):
        raise ReflectkitError(f"expected must be 'auto', 'listed' or 'design', got {expected!r}")
    if expected != "auto":
        if expected == "design" and not design:
            raise ReflectkitError("expected='design' needs the design (days and prompts a day)")
        return expected
    if lists_unanswered(frame):
        return "listed"
    if design and design.prompts:
        return "design"
    raise ReflectkitError(
        "every beep in this data was answered, so it probably lists answered beeps only (as "
        "m-Path's basic export does): give the design (prompts a day per questionnaire, and "
        "days) to count against, or expected='listed' if the data lists every beep sent."
    )


def _in_design(part: pd.DataFrame, prompts: dict[str, int]) -> pd.DataFrame:
    if not prompts or ALL in prompts:
        return part
    if QUESTIONNAIRE not in part.columns:
        raise ReflectkitError(
            "the design counts prompts per questionnaire, but the data has no `questionnaire` "
            "column"
        )
    return part[part[QUESTIONNAIRE].isin(list(prompts))]


def _against_design(
    done: pd.DataFrame,
    keys: pd.DataFrame,
    split: list[str],
    prompts: dict[str, int],
    design: Design | None,
    by: str,
) -> pd.DataFrame:
    """Answered (at most the prompts a day, each day) against days x prompts a day."""
    per_day = done.groupby([P, D, *split], observed=True).size().rename("answered").reset_index()
    allowed = per_day[QUESTIONNAIRE].map(prompts) if split else prompts.get(ALL, 0)
    per_day["answered"] = np.minimum(per_day["answered"], allowed)
    people = pd.Index(keys[P].dropna().unique(), name=P)
    if by == "day":
        grid = _calendar(keys, design)
        if split:
            grid = grid.merge(pd.DataFrame({QUESTIONNAIRE: list(prompts)}), how="cross")
        grid["expected"] = grid[QUESTIONNAIRE].map(prompts) if split else prompts.get(ALL, 0)
        table = grid.merge(per_day, on=[P, D, *split], how="left").set_index([P, D, *split])
        return table[["expected", "answered"]]
    if design and design.days:
        span = pd.Series(design.days, index=people)
    else:
        dates = keys.groupby(P, observed=True)[D].agg(["min", "max"])
        span = ((dates["max"] - dates["min"]).dt.days + 1).reindex(people)
    answered = per_day.groupby([P, *split], observed=True)["answered"].sum()
    if split:
        index = pd.MultiIndex.from_product([people, list(prompts)], names=[P, QUESTIONNAIRE])
        expected = pd.Series([span[p] * prompts[q] for p, q in index], index=index, dtype="int64")
    else:
        expected = (span * prompts.get(ALL, 0)).astype("int64")
    table = pd.DataFrame({"expected": expected})
    table["answered"] = answered.reindex(table.index)
    return table


def _calendar(keys: pd.DataFrame, design: Design | None) -> pd.DataFrame:
    """Every day of each participant's study: the design's days from their first day, else
    their first to last day (a day without an answer is a row, never left out)."""
    frames = []
    for person, dates in keys.groupby(P, observed=True)[D]:
        first = dates.min()
        last = first + pd.Timedelta(days=design.days - 1) if design and design.days else dates.max()
        days = pd.date_range(first, last, freq="D")
        frames.append(pd.DataFrame({P: person, D: days}))
    if not frames:
        return pd.DataFrame({P: pd.Series(dtype="str"), D: pd.Series(dtype="datetime64[ns]")})
    return pd.concat(frames, ignore_index=True)


def _blocks(part: pd.DataFrame, hours: int) -> pd.Series:
    """The ``hours``-wide block of the day each beep was scheduled (else sent) in."""
    moment = pd.Series(pd.NaT, index=part.index, dtype="datetime64[ns]")
    for column in BEEP_TIMES:
        if column in part.columns:
            moment = moment.fillna(part[column])
    minutes = moment.dt.hour * 60 + moment.dt.minute
    if T in part.columns:
        minutes = minutes.fillna(clock_minutes(part[T]))
    start = (minutes // 60 // hours * hours).astype("Int64")
    labels = start.map(lambda h: f"{h:02d}:00-{(h + hours) % 24:02d}:00", na_action="ignore")
    return labels.astype("str")


def daily_means(frame: Any, columns: list[str] | str, *, questionnaire: str | None = None) -> Any:
    """One row per participant and day: the mean of each item over the day's beeps, and
    ``beeps_answered`` (how many beeps had a value in any of ``columns``).

    ``questionnaire`` keeps only that questionnaire's beeps (an evening questionnaire's items
    live on its own rows). The result runs through every daily measure (``lag``,
    ``mssd_by_person``, ``within_person_model``) as a daily diary does.
    """
    names = [columns] if isinstance(columns, str) else list(columns)

    def means(part: pd.DataFrame) -> pd.DataFrame:
        if questionnaire is not None:
            part = part[part[QUESTIONNAIRE] == questionnaire]
        keys = [part[P], as_dates(part[D])]
        values = part[names].astype("float64")
        out = values.groupby(keys, observed=True).mean()
        out["beeps_answered"] = values.notna().any(axis=1).groupby(keys, observed=True).sum()
        out = out.reset_index()
        out.columns = [P, D, *names, "beeps_answered"]
        out["beeps_answered"] = out["beeps_answered"].astype("int64")
        return out

    return per_participant(frame, means)


def beep_slots(part: pd.DataFrame) -> pd.Series:
    """Each beep's place in its day (1, 2, ...): the ``beep`` column when the data numbers its
    beeps, else the order of the listed beeps by time (which must list unanswered beeps too)."""
    if "beep" in part.columns:
        return pd.to_numeric(part["beep"], errors="coerce")
    moment = pd.Series(pd.NaT, index=part.index, dtype="datetime64[ns]")
    for column in BEEP_TIMES:
        if column in part.columns:
            moment = moment.fillna(part[column])
    order = pd.DataFrame({P: part[P], D: as_dates(part[D]), "m": moment})
    if T in part.columns:
        order["m"] = order["m"].fillna(
            order[D] + pd.to_timedelta(clock_minutes(part[T]), unit="min")
        )
    if order["m"].isna().any():
        raise ReflectkitError(
            "lags from beep to beep need each beep's time (`scheduled`, `sent`, `answered` or "
            "`time`) or a `beep` number"
        )
    return order.groupby([P, D], observed=True)["m"].rank(method="first")


def check_lists_every_beep(frame: Any) -> None:
    """Refuse beep lags on data that lists answered beeps only (a gap would be bridged)."""
    if "beep" not in frame.columns and not lists_unanswered(frame):
        raise ReflectkitError(
            "this data lists answered beeps only (no unanswered rows and no `beep` number), so "
            "a beep left unanswered between two answers cannot be seen and a lag would bridge "
            "it. Use lags of daily means (daily_means, then lag), or data that lists every beep."
        )


def beep_lag(
    frame: pd.DataFrame,
    column: str,
    *,
    periods: int = 1,
    across_days: bool = False,
    checked: bool = False,
) -> pd.Series:
    """The value ``periods`` beeps earlier for each row (pandas, one or more participants).

    Beeps are counted in the order they were sent on each day; an unanswered beep is a beep
    (its value is missing, so a lag onto it is missing: gaps are never bridged). Within a day
    only, unless ``across_days``: then the first beeps of a day reach back to the last beeps of
    the previous calendar day (never past a day without beeps).
    """
    if periods < 1:
        raise ReflectkitError("periods counts beeps back: 1, 2, ...")
    if not checked:
        check_lists_every_beep(frame)
    if frame.empty:
        return pd.Series(np.nan, index=frame.index, name=f"{column}_lag{periods}")
    slot = beep_slots(frame).to_numpy()
    days = as_dates(frame[D])
    people = frame[P].to_numpy()
    values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64")
    lookup = {}
    last: dict[tuple[object, object], int] = {}
    for person, day, k, v in zip(people, days, slot, values, strict=True):
        if k == k:
            lookup[(person, day, int(k))] = v
            last[(person, day)] = max(last.get((person, day), 0), int(k))
    out = np.full(len(frame), np.nan)
    one_day = pd.Timedelta(days=1)
    for i, (person, day, k) in enumerate(zip(people, days, slot, strict=True)):
        if k != k:
            continue
        back = int(k) - periods
        if back >= 1:
            out[i] = lookup.get((person, day, back), np.nan)
        elif across_days:
            before = day - one_day
            count = last.get((person, before))
            if count is not None and count + back >= 1:
                out[i] = lookup.get((person, before, count + back), np.nan)
    return pd.Series(out, index=frame.index, name=f"{column}_lag{periods}")
