"""Within- and between-person measures for diary / experience-sampling data.

The cohort functions (:func:`compliance`, :func:`person_center`, :func:`lag`) take a pandas
or a Dask DataFrame and give equal results: with Dask, rows are shuffled so that each
participant sits in one partition, and the pandas code runs on each partition.

Every measure that depends on which days follow each other first makes sure ``date`` holds
dates: text dates are converted (and refused when they are not dates), because ordering or
differencing text silently gives wrong numbers. Definitions and sources: docs/measures.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import clock_minutes
from ..errors import ReflectkitError
from ..trends import mssd as _mssd
from ..trends.dates import as_dates

P, D, T = s.PARTICIPANT, s.DATE, s.TIME
#: Predictors that describe the night before a row's date (the schema's rule).
NIGHT_FIELDS = (s.SLEEP_HOURS, s.SLEEP_QUALITY, s.BEDTIME, s.WAKE_TIME)


def is_dask(frame: Any) -> bool:
    return type(frame).__module__.startswith("dask")


def per_participant(frame: Any, fn: Callable[[pd.DataFrame], pd.DataFrame]) -> Any:
    """Run ``fn`` on whole participants: directly on pandas, partition-wise on Dask."""
    if not is_dask(frame):
        return fn(frame)
    shuffled = frame.shuffle(on=P)
    meta = fn(frame._meta)
    return shuffled.map_partitions(fn, meta=meta)


def compliance(
    checkins: Any, *, days: int, prompts_per_day: int = 1, column: str | None = None
) -> Any:
    """Prompts answered / prompts expected per participant (never above 1).

    ``expected = days * prompts_per_day`` comes from the study design, not from the rows
    that happen to exist. With one prompt a day, a day counts once however many rows it
    has (extra check-ins never make up for a day without one); with several, each distinct
    ``time`` on a day counts once, at most ``prompts_per_day`` a day. With ``column``, only
    rows where that column has a value count; every participant in the data is listed, with
    0 when none of theirs does. Reference: 36 rows over 26 distinct days of a 56-day study
    give 26 / 56 = 0.46.
    """
    if days < 1 or prompts_per_day < 1:
        raise ReflectkitError("compliance needs days >= 1 and prompts_per_day >= 1.")
    expected = days * prompts_per_day

    def count(frame: pd.DataFrame) -> pd.DataFrame:
        done = frame if column is None else frame[frame[column].notna()]
        keys = pd.DataFrame({P: done[P], D: as_dates(done[D])})
        if prompts_per_day > 1:
            if T not in done or done[T].isna().any():
                raise ReflectkitError(
                    "With several prompts a day, every row needs its `time` (which prompt it "
                    "answers), so that each prompt counts once."
                )
            keys[T] = done[T].to_numpy()
        answered = keys.drop_duplicates()
        per_day = answered.groupby([P, D], observed=True).size().clip(upper=prompts_per_day)
        completed = per_day.groupby(level=P, observed=True).sum()
        # everyone in the data is in the table: a participant with nothing answered has 0
        people = pd.Index(frame[P].dropna().unique(), name=P)
        completed = completed.reindex(people, fill_value=0).astype("int64")
        out = pd.DataFrame({"completed": completed.clip(upper=expected), "expected": expected})
        out["compliance"] = out["completed"] / expected
        out.index.name = P
        return out

    return per_participant(checkins, count)


def person_center(checkins: Any, columns: list[str] | str) -> Any:
    """Add ``<column>_pm`` (the person's mean) and ``<column>_cw`` (value - person mean).

    ``[2, 3, NaN, 4, 2]`` has a person mean of 2.75 and within parts
    ``[-0.75, 0.25, NaN, 1.25, -0.75]``.
    """
    names = [columns] if isinstance(columns, str) else list(columns)

    def center(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for name in names:
            mean = frame.groupby(P, observed=True)[name].transform("mean")
            out[f"{name}_pm"] = mean
            out[f"{name}_cw"] = frame[name] - mean
        return out

    return per_participant(checkins, center)


def lag(
    checkins: Any,
    column: str,
    *,
    periods: int = 1,
    by: str = "day",
    across_days: bool = False,
) -> Any:
    """Add ``<column>_lag<periods>``: the value ``periods`` days (or beeps) earlier.

    ``by="day"`` (default): each participant is put on the full daily calendar before
    shifting, so with days 1, 2, 4, 5 present the lag-1 value on day 4 is NaN, not day 2's
    value. A day with several rows contributes the mean of its values (rows without the
    value are left out, so an evening mood-only row does not hide the morning's sleep).

    ``by="beep"``: the value ``periods`` beeps earlier in the order the beeps were sent that
    day (:func:`reflectkit.research.esm.beep_lag`). An unanswered beep is a beep, so a lag onto
    it is missing, never the answer before it; this needs data that lists unanswered beeps
    (or numbers its beeps in a ``beep`` column). Within a day only, unless ``across_days``:
    then the first beep of a day meets the last beep of the previous calendar day.
    """
    if by not in ("day", "beep"):
        raise ReflectkitError(f"by must be 'day' or 'beep', got {by!r}")
    name = f"{column}_lag{periods}"
    if by == "beep":
        from .esm import beep_lag, check_lists_every_beep

        check_lists_every_beep(checkins)  # once, over the whole data (not per partition)

    def shift(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        if by == "beep":
            out[name] = beep_lag(
                frame, column, periods=periods, across_days=across_days, checked=True
            )
            return out
        frame = frame.assign(**{D: as_dates(frame[D])})
        key = frame[[P, D]]
        source = frame.groupby([P, D], observed=True)[column].mean()
        moved = source.groupby(level=P, observed=True, group_keys=False).apply(
            lambda one: _shift_calendar(one, periods)
        )
        looked_up = moved.reindex(pd.MultiIndex.from_frame(key))
        out[name] = looked_up.to_numpy()
        return out

    return per_participant(checkins, shift)


_lag_on_calendar = lag  # within_person_model's `lag` argument shadows the function


def _shift_calendar(one: pd.Series, periods: int) -> pd.Series:
    dates = one.index.get_level_values(D)
    calendar = pd.date_range(dates.min(), dates.max(), freq="D")
    daily = pd.Series(one.to_numpy(), index=dates).reindex(calendar).shift(periods)
    participant = one.index.get_level_values(P)[0]
    return pd.Series(
        daily.to_numpy(), index=pd.MultiIndex.from_product([[participant], calendar], names=[P, D])
    )


def mssd_by_person(checkins: pd.DataFrame, column: str, *, by: str = "day") -> pd.DataFrame:
    """MSSD and RMSSD of ``column`` per participant, never across a missing day.

    Parameters
    ----------
    by
        ``"day"`` (default): each day's mean first, then successive calendar days; a day
        without a value breaks the chain (daily diaries, and days of several prompts alike).
        ``"prompt"``: successive prompts within the same day, ordered by ``time``; the
        difference across a night is not used (Jahng, Wood & Trull 2008 define MSSD over
        successive occasions; the overnight interval is not one of them).

    Reference: [3, 5, NaN, 4, 6] on five consecutive days gives MSSD 4.0; prompts of 2 and
    4 on one day and 3, 6, 5 on the next give (4 + 9 + 1) / 3 = 4.67 by prompt.
    """
    if by not in ("day", "prompt"):
        raise ReflectkitError(f"by must be 'day' or 'prompt', got {by!r}.")
    frame = checkins.assign(**{D: as_dates(checkins[D])})
    values: dict[object, float] = {}
    for person, group in frame.groupby(P, observed=True):
        if by == "day":
            values[person] = _mssd(group.set_index(D)[column])
            continue
        if T not in group or group[T].isna().any():
            raise ReflectkitError("MSSD by prompt needs the `time` of every row.")
        minutes = clock_minutes(group[T])
        if minutes.isna().any():
            raise ReflectkitError("MSSD by prompt needs every `time` written HH:MM.")
        # one value per prompt (a prompt saved twice is a revision: the last counts), in time order
        ordered = group.assign(_minute=minutes).drop_duplicates([D, "_minute"], keep="last")
        ordered = ordered.sort_values([D, "_minute"])
        diffs = ordered.groupby(D, observed=True)[column].diff()
        squared = diffs.dropna() ** 2
        values[person] = float(squared.mean()) if len(squared) else float("nan")
    out = pd.DataFrame({"mssd": pd.Series(values, dtype="float64")})
    out["rmssd"] = np.sqrt(out["mssd"])
    out.index.name = P
    return out


def icc(checkins: pd.DataFrame, column: str) -> float:
    """Share of variance between people: tau00 / (tau00 + sigma2), random-intercept model."""
    import warnings

    import statsmodels.formula.api as smf

    data = checkins[[P, column]].dropna().rename(columns={column: "y"})
    with warnings.catch_warnings():  # convergence chatter on small data; the estimate stands
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("y ~ 1", data, groups=data[P]).fit(reml=True)
    tau00 = float(fit.cov_re.iloc[0, 0])
    sigma2 = float(fit.scale)
    return tau00 / (tau00 + sigma2)


@dataclass(frozen=True)
class WithinPersonResult:
    """A tidy table of estimates with 95 % intervals, and one plain sentence."""

    table: pd.DataFrame
    sentence: str
    random_slope: bool
    participants: int
    observations: int


NOUNS = {
    s.SLEEP_HOURS: "sleep",
    s.SLEEP_QUALITY: "restfulness",
    s.MOVEMENT_MINUTES: "movement",
    s.OUTDOORS_MINUTES: "time outdoors",
    s.FEELING_ACCESS: "feeling access",
}


def timing_words(predictor: str, lag: int, lag_by: str = "day") -> str:
    """Which night, day or prompt a (lagged) predictor describes, as a noun phrase."""
    name = predictor.replace("_", " ")
    if lag_by == "beep":
        when = {0: "the same prompt", 1: "the prompt before"}
        return f"{name} at {when.get(lag, f'{lag} prompts before')}"
    if predictor in NIGHT_FIELDS:
        when = {0: "the night before each day", 1: "the night before the previous day"}
        return f"{name} in {when.get(lag, f'the night before the day {lag} days earlier')}"
    when = {0: "the same day", 1: "the day before"}
    return f"{name} on {when.get(lag, f'the day {lag} days earlier')}"


def association_sentence(
    predictor: str,
    outcome: str,
    lag: int,
    lag_by: str,
    estimate: float,
    low: float,
    high: float,
    p: float,
) -> str:
    """The within-person slope in plain words: which night or day met which day, per a step
    a person can picture (an hour of sleep, ten minutes of movement, a point of a rating),
    "not clearly different" when the interval holds zero, and never a cause."""
    step, scale = _step(predictor)
    noun = NOUNS.get(predictor, predictor.replace("_", " "))
    usual = "than the participant's own average"
    if lag_by == "beep":
        earlier = "the prompt before" if lag == 1 else f"{lag} prompts before"
        lead = (
            f"At prompts with {step} {noun} {usual}"
            if lag == 0
            else f"When {earlier} had {step} {noun} {usual}"
        )
    elif predictor in NIGHT_FIELDS:
        after = "after a night" if lag == 0 else f"{lag + 1} nights after a night"
        lead = f"On days {after} with {step} {noun} {usual}"
    else:
        after = "" if lag == 0 else "after a day " if lag == 1 else f"{lag} days after a day "
        lead = f"On days {after}with {step} {noun} {usual}"
    unit = _outcome_unit(outcome)
    size, lo, hi = estimate * scale, low * scale, high * scale
    name = outcome.replace("_", " ")
    if lo <= 0 <= hi:
        body = (
            f"{name} was not clearly different (95 % interval {lo:.2f} to {hi:.2f} {unit}; "
            f"{format_p(p)})"
        )
    else:
        direction = "higher" if size > 0 else "lower"
        near, far = sorted([abs(lo), abs(hi)])
        body = (
            f"{name} was on average {abs(size):.2f} {unit} {direction} (95 % interval "
            f"{near:.2f} to {far:.2f} {direction}; {format_p(p)})"
        )
    return (
        f"{lead}, {body}. This is an association within people, not evidence that one "
        "causes the other."
    )


def _step(column: str) -> tuple[str, float]:
    unit = s.FIELD_BY_NAME[column].unit if column in s.FIELD_BY_NAME else ""
    return {
        "hours": ("one hour more", 1.0),
        "minutes": ("ten minutes more", 10.0),
        "count": ("one more", 1.0),
        "rating": ("one point more", 1.0),
    }.get(unit, ("one unit more", 1.0))


def _outcome_unit(column: str) -> str:
    unit = s.FIELD_BY_NAME[column].unit if column in s.FIELD_BY_NAME else ""
    return {"rating": "points", "hours": "hours", "minutes": "minutes"}.get(unit, "units")


def format_p(p: float) -> str:
    """A p-value as printed in a report: ``p = 0.042``, ``p < 0.001`` (never ``p = 0.000``)."""
    if not np.isfinite(p):
        return "p not available"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def within_person_model(
    checkins: pd.DataFrame,
    *,
    outcome: str = s.MOOD,
    predictor: str = s.SLEEP_HOURS,
    lag: int = 0,
    lag_by: str = "day",
) -> WithinPersonResult:
    """Does a within-person change in ``predictor`` go with ``outcome`` (``lag`` days later)?

    A multilevel model (statsmodels MixedLM): ``outcome ~ within + person_mean`` with a
    random intercept per participant, and a random slope for ``within`` when it can be
    estimated. The predictor is lagged on the calendar (gaps are never bridged), then
    person-mean centred; the person means are centred on their average, so the intercept is
    the outcome of an average person; the outcome is not centred. Results are associations,
    not causes.

    Timing: a row's sleep fields describe the night that ended on the morning of its
    ``date``. So with a sleep predictor, ``lag=0`` (the default) pairs each day's outcome
    with the night before that day, and ``lag=1`` with the night before the previous day.
    Other predictors: ``lag=0`` is the same day, ``lag=1`` the day before. The result's
    sentence says which night or day met which day.

    Several prompts a day: with ``lag=0`` each beep's outcome meets the same beep's
    predictor; ``lag_by="beep"`` and ``lag=1`` pair it with the previous beep of the same day
    (see :func:`lag`); ``lag_by="day"`` with ``lag=1`` pairs it with the previous day's mean.
    Any numeric column works: a declared item of a study, or daily means of beeps.
    """
    import warnings

    import statsmodels.formula.api as smf

    if lag < 0:
        raise ReflectkitError("lag counts days back from the outcome: 0, 1, 2, ...")
    checkins = checkins.assign(**{D: as_dates(checkins[D])})
    lagged_name = f"{predictor}_lag{lag}" if lag else predictor
    frame = (
        _lag_on_calendar(checkins, predictor, periods=lag, by=lag_by) if lag else checkins.copy()
    )
    frame = frame[[P, outcome, lagged_name]].dropna()
    frame = person_center(frame, lagged_name)
    person_means = frame.groupby(P, observed=True)[f"{lagged_name}_pm"].first()
    data = pd.DataFrame(
        {
            "y": frame[outcome],
            "within": frame[f"{lagged_name}_cw"],
            # centred on the average person, so the intercept is that person's outcome
            "person_mean": frame[f"{lagged_name}_pm"] - person_means.mean(),
            P: frame[P],
        }
    )
    formula = "y ~ within + person_mean"
    with warnings.catch_warnings():  # convergence chatter: the fallback below handles it
        warnings.simplefilter("ignore")
        try:
            fit = smf.mixedlm(formula, data, groups=data[P], re_formula="~within").fit(reml=True)
            random_slope = bool(fit.converged and np.isfinite(fit.bse).all())
        except (np.linalg.LinAlgError, ValueError):
            random_slope = False
        if not random_slope:  # a random slope is not estimable here: random intercept only
            try:
                fit = smf.mixedlm(formula, data, groups=data[P]).fit(reml=True)
            except (np.linalg.LinAlgError, ValueError):
                raise ReflectkitError(
                    f"the model of {outcome} on {predictor} cannot be estimated on these "
                    f"{len(data)} rows of {data[P].nunique()} participants: too few occasions, "
                    "or too little change within people."
                ) from None
    ci = fit.conf_int(alpha=0.05)
    terms = ["Intercept", "within", "person_mean"]
    table = pd.DataFrame(
        {
            "term": [
                f"{predictor} (within person{', lag ' + str(lag) if lag else ''})"
                if t == "within"
                else f"{predictor} (person mean, centred)"
                if t == "person_mean"
                else t
                for t in terms
            ],
            "estimate": [fit.fe_params[t] for t in terms],
            "std_error": [fit.bse[t] for t in terms],
            "ci_low": [ci.loc[t, 0] for t in terms],
            "ci_high": [ci.loc[t, 1] for t in terms],
            "p_value": [fit.pvalues[t] for t in terms],
            "p": [format_p(fit.pvalues[t]) for t in terms],
        }
    )
    sentence = association_sentence(
        predictor,
        outcome,
        lag,
        lag_by,
        fit.fe_params["within"],
        ci.loc["within", 0],
        ci.loc["within", 1],
        fit.pvalues["within"],
    )
    return WithinPersonResult(table, sentence, random_slope, int(data[P].nunique()), len(data))
