"""Within- and between-person measures for diary / experience-sampling data.

The cohort functions (:func:`compliance`, :func:`person_center`, :func:`lag`) take a pandas
or a Dask DataFrame and give equal results: with Dask, rows are shuffled so that each
participant sits in one partition, and the pandas code runs on each partition.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .. import schema as s
from ..trends import mssd as _mssd

P, D = s.PARTICIPANT, s.DATE


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
    """Completed / expected check-ins per participant; expected comes from the study design.

    ``expected = days * prompts_per_day``, not the rows that happen to exist. A check-in
    counts when it exists, or, with ``column``, when that column has a value.
    """
    expected = days * prompts_per_day

    def count(frame: pd.DataFrame) -> pd.DataFrame:
        done = frame[column].notna() if column else pd.Series(True, index=frame.index)
        completed = done.groupby(frame[P], observed=True).sum().astype("int64")
        out = pd.DataFrame({"completed": completed, "expected": expected})
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


def lag(checkins: Any, column: str, *, periods: int = 1) -> Any:
    """Add ``<column>_lag<periods>``: the value ``periods`` calendar days earlier.

    Each participant is put on the full daily calendar before shifting, so with days 1, 2,
    4, 5 present the lag-1 value on day 4 is NaN, not day 2's value.
    """
    name = f"{column}_lag{periods}"

    def shift(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        key = frame[[P, D]]
        source = frame.drop_duplicates([P, D], keep="last").set_index([P, D])[column]
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


def mssd_by_person(checkins: pd.DataFrame, column: str) -> pd.DataFrame:
    """MSSD and RMSSD of ``column`` per participant, never across a missing day."""
    values = {
        person: _mssd(group.set_index(D)[column])
        for person, group in checkins.groupby(P, observed=True)
    }
    out = pd.DataFrame({"mssd": pd.Series(values)})
    out["rmssd"] = np.sqrt(out["mssd"])
    out.index.name = P
    return out


def icc(checkins: pd.DataFrame, column: str) -> float:
    """Share of variance between people: tau00 / (tau00 + sigma2), random-intercept model."""
    import statsmodels.formula.api as smf

    data = checkins[[P, column]].dropna().rename(columns={column: "y"})
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


def within_person_model(
    checkins: pd.DataFrame, *, outcome: str = s.MOOD, predictor: str = s.SLEEP_HOURS, lag: int = 1
) -> WithinPersonResult:
    """Does a within-person change in ``predictor`` (``lag`` days earlier) go with ``outcome``?

    A multilevel model (statsmodels MixedLM): ``outcome ~ within + person_mean`` with a
    random intercept per participant, and a random slope for ``within`` when it can be
    estimated. The predictor is lagged on the calendar, then person-mean centred; the
    outcome is not centred. Results are associations, not causes.
    """
    import warnings

    import statsmodels.formula.api as smf

    lagged_name = f"{predictor}_lag{lag}" if lag else predictor
    frame = _lag_on_calendar(checkins, predictor, periods=lag) if lag else checkins.copy()
    frame = frame[[P, outcome, lagged_name]].dropna()
    frame = person_center(frame, lagged_name)
    data = pd.DataFrame(
        {
            "y": frame[outcome],
            "within": frame[f"{lagged_name}_cw"],
            "person_mean": frame[f"{lagged_name}_pm"],
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
            fit = smf.mixedlm(formula, data, groups=data[P]).fit(reml=True)
    ci = fit.conf_int(alpha=0.05)
    terms = ["Intercept", "within", "person_mean"]
    table = pd.DataFrame(
        {
            "term": [
                f"{predictor} (within person{', lag ' + str(lag) if lag else ''})"
                if t == "within"
                else f"{predictor} (person mean)"
                if t == "person_mean"
                else t
                for t in terms
            ],
            "estimate": [fit.fe_params[t] for t in terms],
            "std_error": [fit.bse[t] for t in terms],
            "ci_low": [ci.loc[t, 0] for t in terms],
            "ci_high": [ci.loc[t, 1] for t in terms],
            "p_value": [fit.pvalues[t] for t in terms],
        }
    )
    est, low, high = fit.fe_params["within"], ci.loc["within", 0], ci.loc["within", 1]
    when = "the day before" if lag == 1 else f"{lag} days before" if lag else "the same day"
    direction = "higher" if est >= 0 else "lower"
    sentence = (
        f"When {predictor.replace('_', ' ')} {when} was one unit above a participant's own "
        f"average, their {outcome.replace('_', ' ')} was on average {abs(est):.2f} {direction} "
        f"(95 % interval {low:.2f} to {high:.2f}). This is an association within people, not "
        "evidence that one causes the other."
    )
    return WithinPersonResult(table, sentence, random_slope, int(data[P].nunique()), len(data))
