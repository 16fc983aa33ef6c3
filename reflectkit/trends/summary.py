"""Plain, neutral words about the last period, compared like with like."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import schema as s
from ..errors import ReflectkitError
from . import care
from .baseline import compare_to_baseline
from .calendar import CHECKED_IN, daily
from .sleep import midpoint_change, social_jetlag

_PERIOD = re.compile(r"\s*(\d{1,4})\s*([dDwW])\s*")


def period_days(period: str) -> int:
    """The days in a period written like ``"14D"`` or ``"4W"``; anything else is refused."""
    match = _PERIOD.fullmatch(str(period))
    days = int(match[1]) * (7 if match[2].lower() == "w" else 1) if match else 0
    if not 1 <= days <= 3660:
        raise ReflectkitError(
            f"A period is a number of days or weeks, like 14D or 4W (up to ten years); "
            f"got {period!r}."
        )
    return days


#: Fewest days with an answer before a share ("about half the days") is put into words.
MIN_DAYS = 5
SUPPORT_POINTER = (
    "If these weeks have felt heavy, go gently with yourself. 'If things feel heavy' below "
    "lists people who can help, whenever you want."
)
#: A recent mood mean at or below this (on 1-10) also brings the pointer to support, with no
#: words about how low: the person's usual may be low too.
LOW_MOOD = 3.0
#: Nights with times in the stretch before social jetlag is put into words (as the chart).
MIN_TIMED_NIGHTS = 7


def summarise(checkins: pd.DataFrame, *, period: str = "4W") -> list[str]:
    """A few short paragraphs (Markdown) about the last ``period`` (``"4W"``, ``"14D"``).

    The period is counted back from the last check-in, and the words say so ("the 4 weeks
    up to 3 July"). Comparisons are like with like: with the stretch of the same length
    just before, and only when the history covers it whole; otherwise they say there is
    not enough earlier data yet. Days are described as shares of the days that recorded
    something, never as counts of check-ins, which would read like a score. Mood and
    feeling access are compared with the person's own usual (:mod:`.baseline`), and a
    change is named only when it is larger than their normal variation, with its likely
    range from low to high. When mood is lower, one warm sentence points to support.
    """
    n = period_days(period)
    length = pd.Timedelta(days=n)
    span = _span_words(n)
    if checkins.empty:
        return ["There are no check-ins yet. Whenever you fill one in, it will show up here."]
    if s.PARTICIPANT in checkins and checkins[s.PARTICIPANT].nunique() > 1:
        raise ValueError("summarise describes one person: pass one participant's check-ins.")
    days = daily(checkins.assign(**{s.PARTICIPANT: None}))
    end = days.index.max()
    first = days.index.min()
    if first > end - length + pd.Timedelta(days=1):  # a shorter history: say what it covers
        covered = (end - first).days + 1
        last = (
            f"the {covered} days from {date_words(first)} to {date_words(end)}"
            if covered > 1
            else f"{date_words(end)}"
        )
    else:
        last = f"the {span} up to {date_words(end)}"  # counted back from the last check-in
    recent = days[days.index > end - length]
    before = days[(days.index > end - 2 * length) & (days.index <= end - length)]
    full_before = days.index.min() <= end - 2 * length + pd.Timedelta(days=1)
    out = [
        f"These notes are about {last}."
        + (
            ""
            if full_before
            else " There is not enough earlier data yet to compare with, so they are first "
            "impressions."
        )
    ]
    earlier = before if full_before else None

    for flags, having in (
        (_moment_days, "a small moment noticed"),
        (care.moved, "some movement"),
        (care.contact, "some contact with someone"),
    ):
        text = _share_sentence(flags, recent, earlier, having, span)
        if text:
            out.append(text)

    sleep_now, sleep_then = _median_nights(recent), _median_nights(earlier)
    if not np.isnan(sleep_now):
        text = f"Your nights were a median of {sleep_now:.1f} hours"
        text += f" ({sleep_then:.1f} in the {span} before)." if not np.isnan(sleep_then) else "."
        out.append(text)
    timing_now = midpoint_change(recent.reset_index())
    if not np.isnan(timing_now):
        timing_then = (
            midpoint_change(earlier.reset_index()) if earlier is not None else float("nan")
        )
        text = (
            "From one night to the next, the middle of your sleep moved by about "
            f"{timing_now:.1f} hours on average"
        )
        text += f" ({timing_then:.1f} in the {span} before)." if not np.isnan(timing_then) else "."
        out.append(text)
    timed = int((recent[s.BEDTIME].notna() & recent[s.WAKE_TIME].notna()).sum())
    jetlag = _free_day_shift(recent.reset_index()) if timed >= MIN_TIMED_NIGHTS else None
    if jetlag is not None:
        out.append(jetlag)

    lower_mood = False
    for column, label, scale in (
        (s.MOOD, "Mood", "1-10"),
        (s.FEELING_ACCESS, "Feeling access", "0-10"),
    ):
        change = compare_to_baseline(days[column], recent_days=n)
        if np.isnan(change.difference):
            continue
        text = f"{label} was {change.words}"
        if change.different:
            near, far = sorted([abs(change.low), abs(change.high)])
            direction = "higher" if change.difference > 0 else "lower"
            text += (
                f" (by about {abs(change.difference):.1f} points on the {scale} scale; likely "
                f"between {near:.1f} and {far:.1f} {direction})"
            )
            lower_mood |= column == s.MOOD and change.difference < 0
        out.append(text + ".")
    recent_mood = recent[s.MOOD].dropna()
    if lower_mood or (len(recent_mood) >= 3 and recent_mood.mean() <= LOW_MOOD):
        out.append(SUPPORT_POINTER)
    return out


def _share_sentence(flags_of, recent, earlier, having: str, span: str) -> str | None:
    """'About 3 in 4 of the days with an answer had ...', with the stretch before alike.

    Nothing is said when nothing was recorded, or when none of the days had it: a sentence
    about absence reads like a grade on exactly the weeks that were hardest.
    """
    now = flags_of(recent)
    if now.notna().sum() < MIN_DAYS or not now.fillna(False).astype(bool).any():
        return None
    text = f"{share_words(now).capitalize()} of the days with an answer had {having}"
    if earlier is not None:
        then = flags_of(earlier)
        if then.notna().sum() >= MIN_DAYS:
            text += f" ({share_words(then)} in the {span} before)"
    return text + "."


def share_words(flags: pd.Series) -> str:
    """A share of the answered days in plain words: 'about 3 in 4', 'about half', 'all'."""
    answered = flags.dropna()
    share = float(answered.astype(bool).mean()) if len(answered) else float("nan")
    steps = [
        (0.0, "none"),
        (0.15, "a few"),
        (0.25, "about 1 in 4"),
        (1 / 3, "about 1 in 3"),
        (0.5, "about half"),
        (2 / 3, "about 2 in 3"),
        (0.75, "about 3 in 4"),
        (0.9, "nearly all"),
        (1.0, "all"),
    ]
    if share == 0:
        return "none"
    if share == 1:
        return "all"
    return min(steps[1:-1], key=lambda step: abs(step[0] - share))[1]


def _moment_days(days: pd.DataFrame) -> pd.Series:
    """Per day with any check-in: whether a moment was noticed (days without one: NA; all
    NA for someone who never notes moments)."""
    if s.MOMENTS not in days or days[s.MOMENTS].isna().all():
        return pd.Series(pd.NA, index=days.index, dtype="boolean")
    noticed = days[s.MOMENTS].notna()
    flags = pd.Series(noticed.to_numpy(), index=days.index, dtype="boolean")
    return flags.where(days[CHECKED_IN].to_numpy())


def _median_nights(days: pd.DataFrame | None) -> float:
    if days is None:
        return float("nan")
    hours = days[s.SLEEP_HOURS].dropna()
    return float(hours.median()) if len(hours) >= 3 else float("nan")


def _free_day_shift(days: pd.DataFrame) -> str | None:
    """Social jetlag in words, when at least two nights of each kind have times."""
    hours = social_jetlag(days, relative=True)
    if np.isnan(hours):
        return None
    if abs(hours) < 0.25:
        return (
            "The middle of your sleep was at about the same time before weekends as on "
            "other nights."
        )
    amount = f"{abs(hours):.1f} hours" if abs(hours) >= 2 else f"{round(abs(hours) * 60)} minutes"
    return (
        f"Before Saturdays and Sundays, the middle of your sleep was about {amount} "
        f"{'later' if hours > 0 else 'earlier'} than on other nights (what sleep researchers "
        "call social jetlag)."
    )


def _span_words(n: int) -> str:
    if n % 7 == 0:
        weeks = n // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return "day" if n == 1 else f"{n} days"  # "the day up to 3 July" only for period="1D"


def date_words(day: pd.Timestamp, *, today: pd.Timestamp | None = None) -> str:
    """``3 July``, with the year when it is not this year (``3 July 2023``)."""
    this_year = (today or pd.Timestamp.today()).year
    text = f"{day.day} {day:%B}"
    return text if day.year == this_year else f"{text} {day.year}"
