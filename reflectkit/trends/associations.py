"""What went along with a person's days: the body-first fields and care actions, and an
outcome (mood, feeling access, energy, moments noticed) on days with and without each.

Honest and gentle by construction:

- **Associations, never causes.** The words say "went with", never "made" or "helps";
  things that move together (a sunny week with more walks and a higher mood) show here too.
- **Enough days on both sides.** A factor is compared only with at least ``min_days`` (10)
  days with it and 10 without; the rest are listed as "not enough days yet".
- **Honest ranges.** Each difference has an interval that allows for one day being like the
  next: an OLS difference (or slope) with an equal-weighted cosine (EWC) long-run variance
  and Student t critical values with as many degrees of freedom as cosines, ``round(0.4 x
  T^(2/3))`` for a span of ``T`` calendar days (Lazarus, Lewis, Stock & Watson 2018, J Bus
  Econ Stat 36:541: the textbook Newey-West interval is too narrow for short, persistent
  series). Days without a pair count as zeros on the calendar (the "amplitude modulated"
  series of Datta & Du 2012), so no gap is ever bridged.
- **Many comparisons.** With several factors some differences appear by chance, so the
  false discovery rate is controlled (Benjamini & Hochberg 1995, ``fdr`` = 5 %) and every
  interval is widened to the matching level ``1 - R x fdr / m`` (Benjamini & Yekutieli 2005:
  ``R`` clear of ``m`` compared; ``1 - fdr / m`` when none is clear). An interval then leaves
  out zero exactly when the difference is called clear; otherwise the words say "no clear
  difference".
- **No ranking.** Factors keep one fixed order (sleep, meals, movement, outdoors, contact,
  then activity tags alphabetically), never sorted by size; the words never say "should".

Timing: a row's sleep fields describe the night before its date, so at ``lag=0`` a day's
outcome meets the night before it and the same day's care; ``lag=1`` meets the night before
the previous day and the previous calendar day's care (a walk today, mood tomorrow). Lags
are taken on the calendar and never bridge a missing day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY, format_clock, sleep_duration_hours
from ..errors import ReflectkitError
from . import care
from .calendar import CHECKED_IN, daily
from .sleep import circular_mean, main_midpoints

#: Fewest days on each side (with and without; above and at or below the median).
MIN_DAYS = 10
#: The false discovery rate the intervals are widened for.
FDR = 0.05
#: Activity tags used on fewer days than this are not listed at all.
MIN_TAG_DAYS = 3
COLUMNS = [
    "factor", "kind", "mean_with", "mean_without", "n_with", "n_without", "difference",
    "low", "high", "level", "p", "clear", "enough", "sentence",
]  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    """How an outcome is named in words."""

    column: str
    name: str
    unit: str  # "points" or "" (a count)
    up: str
    down: str


OUTCOMES = {
    s.MOOD: Outcome(s.MOOD, "mood", "points", "higher", "lower"),
    s.FEELING_ACCESS: Outcome(s.FEELING_ACCESS, "feeling access", "points", "higher", "lower"),
    s.ENERGY: Outcome(s.ENERGY, "energy", "points", "higher", "lower"),
    s.MOMENTS: Outcome(s.MOMENTS, "moments noticed", "", "more", "fewer"),
}


@dataclass(frozen=True)
class Fit:
    """An OLS difference (or slope) with its EWC standard error."""

    estimate: float
    se: float
    dof: int  # degrees of freedom of the t reference: the number of cosines
    n: int


def ewc_fit(y: np.ndarray, x: np.ndarray, days: np.ndarray) -> Fit:
    """OLS of ``y`` on ``x`` (with an intercept) and the slope's EWC standard error.

    ``days`` are whole calendar day numbers of the pairs. The slope's influence per day is
    put on the calendar from the first to the last day (``T`` days, zero where a day has no
    pair), projected on the cosines ``sqrt(2/T) cos(pi j (t + 1/2) / T)``, ``j = 1..nu``, with
    ``nu = round(0.4 T^(2/3))`` (at least 2); the variance is ``T`` times the mean square of
    the projections, the ``t`` reference has ``nu`` degrees of freedom.
    """
    n = len(y)
    design = np.column_stack([np.ones(n), x])
    inverse = np.linalg.pinv(design.T @ design)
    beta = inverse @ design.T @ y
    residual = y - design @ beta
    influence = (inverse @ (design * residual[:, None]).T)[1]
    position = (days - days.min()).astype(float)
    span = int(position.max()) + 1
    dof = max(2, round(0.4 * span ** (2 / 3)))
    cosines = np.sqrt(2 / span) * np.cos(
        np.pi * np.outer(np.arange(1, dof + 1), position + 0.5) / span
    )
    projections = cosines @ influence
    return Fit(float(beta[1]), float(np.sqrt(span * np.mean(projections**2))), dof, n)


@dataclass(frozen=True)
class Factor:
    """One thing a day can have (yes/no) or an amount per day (``per`` set)."""

    label: str  # on the chart
    noun: str  # in sentences: "some movement"
    values: pd.Series  # per calendar day: 1.0/0.0 or an amount; NaN = not recorded
    per: str = ""  # continuous: "extra hour of sleep{when}"; "" for yes/no
    kind: str = "yes or no"
    night: bool = False  # a sleep field: describes the night before the row's date
    span: str = ""  # continuous: "nights of {low} to {high} hours"


def associations(
    checkins: pd.DataFrame,
    outcome: str = s.MOOD,
    lag: int = 0,
    *,
    min_days: int = MIN_DAYS,
    fdr: float = FDR,
) -> pd.DataFrame:
    """One row per factor: the outcome on days with and without it, the difference, an
    honest interval, and one sentence.

    Factors, in this fixed order (never by size): sleep hours (per extra hour; the night
    before), how far the middle of that night's sleep was from its usual time (per hour; the
    circular mean of all nights), meals (per extra meal), some movement, some time outdoors,
    some contact with someone (:mod:`.care`: True, False or not recorded), then each activity
    tag used on at least three days, alphabetically (a tag that says exactly what one of the
    above already says is left out).

    Parameters
    ----------
    outcome
        ``"mood"``, ``"feeling_access"``, ``"energy"`` or ``"moments"`` (the number of
        moments noticed on each day with a check-in, when moments are recorded at all).
    lag
        0: the same day (and the night before it); 1: the outcome on the next calendar day
        (a walk today, mood tomorrow). Never across a missing day.
    min_days
        Fewest days on each side. For amounts (sleep, meals) the sides are the days above
        and at or below the person's median.
    fdr
        The false discovery rate (Benjamini-Hochberg) the intervals are widened for.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor`` (a short label: ``sleep (per hour)``, ``movement``, ``“walk”``),
        ``kind`` ("yes or no", "per hour", "per meal"), ``mean_with`` / ``mean_without``
        (the outcome on days with and without it; for amounts above and at or below the
        median) and their days ``n_with`` / ``n_without``,
        ``difference`` (with minus without; for amounts the OLS slope per unit), its
        interval ``low`` .. ``high`` at ``level``, ``p``, ``clear`` (the interval leaves out
        zero), ``enough`` (both sides have ``min_days``), ``sentence``. ``attrs`` hold
        ``outcome``, ``lag``, ``compared``, ``fdr``, ``first`` and ``last`` (the dates).

    Raises
    ------
    ReflectkitError
        For an unknown outcome, a lag other than 0 or 1, or several participants.
    """
    about = _outcome(outcome)
    if lag not in (0, 1):
        raise ReflectkitError(f"lag must be 0 (the same day) or 1 (the next day), got {lag!r}.")
    if not 0 < fdr < 1:
        raise ReflectkitError(f"fdr must be a share between 0 and 1, like 0.05; got {fdr!r}.")
    if s.PARTICIPANT in checkins and checkins[s.PARTICIPANT].nunique() > 1:
        raise ReflectkitError(
            "associations describe one person: pass one participant's check-ins, e.g. "
            "df[df['participant'] == 'P001']."
        )
    table = pd.DataFrame(columns=COLUMNS)
    attrs = {"outcome": about.column, "lag": lag, "compared": 0, "fdr": fdr}
    if checkins.empty:
        table.attrs.update(attrs, first=None, last=None)
        return table
    one = checkins.assign(**{s.PARTICIPANT: None}) if s.PARTICIPANT in checkins else checkins
    days = daily(one)
    attrs.update(first=days.index.min(), last=days.index.max())
    y = _outcome_values(days, about)
    if y is None:
        table.attrs.update(attrs)
        return table
    day_numbers = ((days.index - days.index[0]) / pd.Timedelta(days=1)).to_numpy(dtype=int)
    rows, fits = [], []
    for factor in _factors(days, one):
        x = factor.values.astype(float).shift(lag)  # the calendar's previous day: no bridging
        pair = (y.notna() & x.notna()).to_numpy()
        xs, ys = x.to_numpy()[pair], y.to_numpy()[pair]
        upper = xs > np.median(xs) if factor.per and len(xs) else xs == 1
        n_with, n_without = int(upper.sum()), int((~upper).sum())
        enough = min(n_with, n_without) >= min_days
        row = {
            "factor": factor.label,
            "kind": factor.kind,
            "mean_with": ys[upper].mean() if n_with else np.nan,
            "mean_without": ys[~upper].mean() if n_without else np.nan,
            "n_with": n_with,
            "n_without": n_without,
            "enough": enough,
        }
        fits.append(ewc_fit(ys, xs, day_numbers[pair]) if enough else None)
        rows.append((factor, row, xs))
    _intervals(rows, fits, fdr)
    for factor, row, xs in rows:
        row["sentence"] = _sentence(factor, row, about, lag, xs, min_days)
    table = pd.DataFrame([row for _, row, _ in rows], columns=COLUMNS)
    attrs["compared"] = sum(fit is not None for fit in fits)
    table.attrs.update(attrs)
    return table


def _outcome(outcome: str) -> Outcome:
    key = {"feeling access": s.FEELING_ACCESS, "moments noticed": s.MOMENTS}.get(outcome, outcome)
    if key not in OUTCOMES:
        raise ReflectkitError(
            f"outcome must be one of {', '.join(repr(k) for k in OUTCOMES)}; got {outcome!r}."
        )
    return OUTCOMES[key]


def _outcome_values(days: pd.DataFrame, about: Outcome) -> pd.Series | None:
    if about.column != s.MOMENTS:
        values = days.get(about.column)
        return None if values is None or values.isna().all() else values.astype(float)
    if s.MOMENTS not in days or days[s.MOMENTS].isna().all():
        return None  # moments never recorded: not zero of them
    counts = days[s.MOMENTS].map(lambda v: len(s.split_tags(v)), na_action="ignore")
    counts = counts.astype(float).fillna(0.0)
    return counts.where(days[CHECKED_IN])  # a day without a check-in stays a gap


def _factors(days: pd.DataFrame, checkins: pd.DataFrame) -> list[Factor]:
    hours = (
        days[s.SLEEP_HOURS].astype(float)
        if s.SLEEP_HOURS in days
        else pd.Series(np.nan, index=days.index)
    )
    if s.BEDTIME in days and s.WAKE_TIME in days:  # hours not derived yet (raw check-ins)
        hours = hours.fillna(sleep_duration_hours(days[s.BEDTIME], days[s.WAKE_TIME]))
    found: list[Factor] = []
    if hours.notna().any():
        found.append(
            Factor("sleep (per hour)", "sleep", hours, per="extra hour of sleep{when}",
                   kind="per hour", night=True, span="nights of {low:.1f} to {high:.1f} hours")
        )  # fmt: skip
    away = _timing_distance(days, checkins)
    if away is not None:
        usual, hours_away = away
        found.append(
            Factor(
                "sleep shift (per hour)",
                "sleep timing",
                hours_away,
                per=f"hour the middle of sleep{{when}} was shifted from its usual {usual}",
                kind="per hour",
                night=True,
                span="nights {low:.1f} to {high:.1f} hours from it",
            )
        )
    if s.MEALS in days and days[s.MEALS].notna().any():
        found.append(
            Factor("meals (per meal)", "meals", days[s.MEALS].astype(float),
                   per="extra meal{when}", kind="per meal", span="{low:.0f} to {high:.0f} meals")
        )  # fmt: skip
    for label, noun, flags in (
        ("movement", "some movement", care.moved(days)),
        ("time outdoors", "some time outdoors", care.outdoors(days)),
        ("contact", "some contact with someone", care.contact(days)),
    ):
        if flags.notna().any():
            found.append(Factor(label, noun, _as_float(flags)))
    general = [f.values for f in found if not f.per]
    for tag, flags in sorted(care.care_actions(days, min_days=MIN_TAG_DAYS).items()):
        values = _as_float(flags)
        if any(values.equals(g) for g in general):
            continue  # says exactly what movement, outdoors or contact already say
        found.append(Factor(f"“{tag}”", f"“{tag}”", values))
    return found


def _timing_distance(days: pd.DataFrame, checkins: pd.DataFrame) -> tuple[str, pd.Series] | None:
    if s.BEDTIME not in checkins or s.WAKE_TIME not in checkins:
        return None
    midpoints = main_midpoints(checkins)
    if len(midpoints) < 2:
        return None
    usual = circular_mean(midpoints)
    gap = (midpoints - usual).abs() % MINUTES_PER_DAY
    hours = gap.where(gap <= MINUTES_PER_DAY / 2, MINUTES_PER_DAY - gap) / 60  # the short way
    return format_clock(round(usual / 5) * 5), hours.reindex(days.index)


def _as_float(flags: pd.Series) -> pd.Series:
    return flags.astype("Float64").astype(float)


def _intervals(rows: list, fits: list[Fit | None], fdr: float) -> None:
    """Benjamini-Hochberg at ``fdr``; every interval at the level matching what it selects."""
    from scipy.special import stdtr, stdtrit  # Student t: distribution and its inverse

    compared = [i for i, fit in enumerate(fits) if fit is not None]
    m = len(compared)
    p = {}
    for i in compared:
        fit = fits[i]
        assert fit is not None
        t = fit.estimate / fit.se if fit.se > 0 else (np.inf if fit.estimate else 0.0)
        p[i] = float(2 * stdtr(fit.dof, -abs(t)))
    ordered = sorted(compared, key=lambda i: p[i])
    selected = max((k for k in range(1, m + 1) if p[ordered[k - 1]] <= k * fdr / m), default=0)
    level = 1 - max(selected, 1) * fdr / m if m else np.nan
    for i, (_, row, _) in enumerate(rows):
        fit = fits[i]
        if fit is None:
            row.update(difference=np.nan, low=np.nan, high=np.nan, level=np.nan, p=np.nan)
            row["clear"] = False
            continue
        half = float(stdtrit(fit.dof, 1 - (1 - level) / 2)) * fit.se
        row.update(
            difference=fit.estimate,
            low=fit.estimate - half,
            high=fit.estimate + half,
            level=level,
            p=p[i],
        )
        row["clear"] = bool(p[i] <= selected * fdr / m)


def _sentence(
    factor: Factor, row: dict, about: Outcome, lag: int, xs: np.ndarray, min_days: int
) -> str:
    if not row["enough"]:
        sides = (
            f"{row['n_with']} days above its middle value and {row['n_without']} at or below"
            if factor.per
            else f"{row['n_with']} days with it and {row['n_without']} without"
        )
        return (
            f"Not enough days yet to compare {about.name} with {factor.noun}: {sides} "
            f"(at least {min_days} on each side are needed)."
        )
    fit_range = f"the data fit anything from {_range(row['low'], row['high'], about)}"
    if factor.per:
        when = _when(factor, lag)
        per = factor.per.format(when=when)
        span = factor.span.format(low=float(xs.min()), high=float(xs.max()))
        counts = f"({row['n_with'] + row['n_without']} days, {span})"
        if row["clear"]:
            return f"Each {per} went with {_size(row['difference'], about)}; {fit_range} {counts}."
        return f"No clear difference in {about.name} per {per}: {fit_range} {counts}."
    days_with = f"days with {factor.noun}" if lag == 0 else f"days after a day with {factor.noun}"
    without = "days without" if lag == 0 else "days after a day without"
    a_day = " a day" if not about.unit else ""
    means = (
        f"({about.name} averaged {row['mean_with']:.1f}{a_day} on {row['n_with']} days with, "
        f"{row['mean_without']:.1f} on {row['n_without']} without)"
    )
    if row["clear"]:
        return (
            f"{days_with.capitalize()} went with {_size(row['difference'], about)} than "
            f"{without}; {fit_range} {means}."
        )
    return (
        f"No clear difference in {about.name} between {days_with} and {without}: "
        f"{fit_range} {means}."
    )


def _when(factor: Factor, lag: int) -> str:
    if factor.night:
        return " the night before" if lag == 0 else " in the night before the previous day"
    return "" if lag == 0 else " the day before"


def _number(value: float) -> str:
    """One decimal, two when one would read as zero."""
    return f"{value:.2f}" if 0 < abs(value) < 0.05 else f"{value:.1f}"


def _size(value: float, about: Outcome) -> str:
    direction = about.up if value > 0 else about.down
    if about.unit:
        return f"{about.name} about {_number(abs(value))} {about.unit} {direction}"
    return f"about {_number(abs(value))} {direction} {about.name}"


def _range(low: float, high: float, about: Outcome) -> str:
    unit = f" {about.unit}" if about.unit else ""
    if low > 0:
        return f"{_number(low)} to {_number(high)}{unit} {about.up}"
    if high < 0:
        return f"{_number(-low)} to {_number(-high)}{unit} {about.down}"
    return f"{_number(-low)}{unit} {about.down} to {_number(high)}{unit} {about.up}"


def association_words(
    checkins: pd.DataFrame, outcome: str = s.MOOD, lag: int = 0, *, min_days: int = MIN_DAYS
) -> list[str]:
    """The associations as a few short paragraphs (Markdown): what was compared and that it
    is not a cause, the sentence of each clear difference, the ranges of the others (no clear
    difference), a note on chance and many comparisons, and the factors that need more days.
    In the table's fixed order: nothing is ranked and nothing is advised."""
    table = associations(checkins, outcome, lag, min_days=min_days)
    about = _outcome(outcome)
    if table.empty or not table["enough"].any():
        return [
            f"Nothing to show yet about what goes along with {about.name}: a comparison needs "
            f"at least {min_days} days with something and {min_days} without, with "
            f"{about.name} recorded. Whenever there are, it will show up here."
        ]
    first, last = table.attrs["first"], table.attrs["last"]
    when = "" if lag == 0 else " the next day"
    out = [
        f"What went along with {about.name}{when}, comparing your own days from "
        f"{first:%-d %B %Y} to {last:%-d %B %Y}. These are things that happened together, "
        "not causes: a sunny week can bring both more walks and a higher mood, and a "
        "difference can run either way."
    ]
    shown = table[table["enough"]]
    clear, unclear = shown[shown["clear"]], shown[~shown["clear"]]
    if len(clear):
        out.append("\n".join(f"- {sentence}" for sentence in clear["sentence"]))
    if len(unclear):
        what = "these" if len(clear) else "any of these"
        out.append(
            f"No clear difference in {about.name} with {what}; each range runs from below zero "
            "to above it:\n"
            + "\n".join(
                f"- {factor}: {_range(low, high, about)}"
                for factor, low, high in zip(
                    unclear["factor"],
                    unclear["low"].astype(float),
                    unclear["high"].astype(float),
                    strict=True,
                )
            )
        )
    out.append(chance_note(table))
    waiting = table[~table["enough"]]
    if len(waiting):
        out.append(
            f"Not enough days yet to compare {_listing(list(waiting['factor']))}: each needs "
            f"at least {min_days} days on each side."
        )
    return out


def chance_note(table: pd.DataFrame) -> str:
    """One or two sentences on what the ranges allow for (chance, many comparisons)."""
    compared = int(table.attrs.get("compared", int(table["enough"].sum())))
    fdr = float(table.attrs.get("fdr", FDR))
    in_n = round(1 / fdr)
    same = "Each range allows for one day being like the next."
    if compared <= 1:
        return (
            f"The range is a {100 * (1 - fdr):g} % interval: when there is truly no "
            f"difference, about 1 time in {in_n} it still looks clear. {same}"
        )
    return (
        f"With {compared} things compared at once, some differences appear by chance alone. "
        f"The ranges are widened for that (false discovery rate {100 * fdr:g} %, "
        f"Benjamini-Hochberg): on average no more than 1 in {in_n} of the differences "
        f"called clear is a chance finding. {same}"
    )


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
