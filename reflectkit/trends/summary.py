"""Plain, neutral sentences about the last period, compared with the person's previous one."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import schema as s
from ..clock import MINUTES_PER_DAY
from ..errors import ReflectkitError
from .baseline import compare_to_baseline
from .calendar import CHECKED_IN, daily
from .sleep import circular_mean, midpoint_change, sleep_midpoint, social_jetlag

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


def summarise(checkins: pd.DataFrame, *, period: str = "4W") -> list[str]:
    """Observations about the last ``period`` (e.g. ``"4W"``, ``"14D"``) against the one before.

    The period is counted back from the last check-in, and the words say so ("the 4 weeks
    up to 3 July"). They are neutral and kind about gaps; a change is named only when it is
    larger than the person's normal variation (see :mod:`reflectkit.trends.baseline`).
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
    last = f"the {span} up to {date_words(end)}"  # counted back from the last check-in
    recent = days[days.index > end - length]
    before = days[(days.index > end - 2 * length) & (days.index <= end - length)]
    has_before = days.index.min() <= end - length
    out = []

    r_days = int(recent[CHECKED_IN].sum())
    if has_before:
        out.append(
            f"You checked in on {_days(r_days)} in {last}, "
            f"and on {_days(int(before[CHECKED_IN].sum()))} in the {span} before."
        )
    else:
        out.append(
            f"You checked in on {_days(r_days)} so far. There is no earlier stretch of {span} to "
            "compare with yet, so these are first impressions."
        )
    blank = len(recent) - r_days
    if blank:
        out.append(
            f"{_days(blank).capitalize()} in this stretch {'has' if blank == 1 else 'have'} no "
            "entry; the charts leave them blank, and every check-in you did make counts."
        )

    moments = _moments(recent), _moments(before)
    if moments[0] or moments[1]:
        out.append(_compare("You noticed", moments, "small moment", span, last, has_before))
    moved = _moved_days(recent), _moved_days(before)
    if moved[0] or moved[1]:
        out.append(_compare("You moved on", moved, "day", span, last, has_before))

    sleep_r, sleep_b = recent[s.SLEEP_HOURS].median(), before[s.SLEEP_HOURS].median()
    if not np.isnan(sleep_r):
        text = f"Your nights were a median of {sleep_r:.1f} hours in {last}"
        text += (
            f", {sleep_b:.1f} hours in the {span} before."
            if has_before and not np.isnan(sleep_b)
            else "."
        )
        out.append(text)
    timing_r = midpoint_change(recent.reset_index())
    if not np.isnan(timing_r):
        timing_b = midpoint_change(before.reset_index()) if len(before) else float("nan")
        text = (
            f"From one night to the next, the middle of your sleep moved by about "
            f"{timing_r:.1f} hours on average"
        )
        text += f" ({timing_b:.1f} hours in the {span} before)." if not np.isnan(timing_b) else "."
        out.append(text)
    jetlag = _free_day_shift(recent.reset_index())
    if jetlag is not None:
        out.append(jetlag)

    for column, label, scale in (
        (s.MOOD, "Mood", "1-10"),
        (s.FEELING_ACCESS, "Feeling access", "0-10"),
    ):
        change = compare_to_baseline(days[column], recent_days=n)
        if not np.isnan(change.difference):
            text = f"{label} in {last} was {change.words}"
            if change.different:
                text += (
                    f" (by {abs(change.difference):.1f} on the {scale} scale; the data fit "
                    f"anything from {abs(change.low):.1f} to {abs(change.high):.1f})"
                )
            out.append(text + ".")

    contact = int(recent[s.SOCIAL_CONTACT].isin(s.SOCIAL_CONTACT_LEVELS[1:]).sum())
    if contact:
        out.append(f"You had some contact with other people on {_days(contact)} in {last}.")
    return out


def _free_day_shift(days: pd.DataFrame) -> str | None:
    """Social jetlag in words, when at least two nights of each kind have times."""
    midpoints = sleep_midpoint(days)
    free = days[s.DATE].dt.day_of_week.isin([5, 6]).to_numpy()
    if midpoints[free].notna().sum() < 2 or midpoints[~free].notna().sum() < 2:
        return None
    hours = social_jetlag(days)
    if hours < 0.25:
        return (
            "The middle of your sleep was at about the same time before weekends as on "
            "other nights."
        )
    shift = (circular_mean(midpoints[free]) - circular_mean(midpoints[~free])) % MINUTES_PER_DAY
    later = "later" if shift < MINUTES_PER_DAY / 2 else "earlier"
    return (
        f"Before Saturdays and Sundays, the middle of your sleep was about {hours:.1f} hours "
        f"{later} than on other nights (what sleep researchers call social jetlag)."
    )


def _compare(
    lead: str, counts: tuple[int, int], noun: str, span: str, last: str, has_before: bool
) -> str:
    now = f"{counts[0]} {noun}{'' if counts[0] == 1 else 's'}"
    if not has_before:
        return f"{lead} {now} in {last}."
    return f"{lead} {now} in {last}, {counts[1]} in the {span} before."


def _moments(days: pd.DataFrame) -> int:
    tags = days[s.MOMENTS].dropna()
    return int(tags.str.count(";").add(1).sum()) if len(tags) else 0


def _moved_days(days: pd.DataFrame) -> int:
    moved = days[s.MOVEMENT_MINUTES].fillna(0) > 0
    moved |= (
        days[s.ACTIVITIES].str.contains(r"\bwalk|stretch", regex=True).fillna(False).astype(bool)
    )
    return int(moved.sum())


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _span_words(n: int) -> str:
    if n % 7 == 0:
        weeks = n // 7
        return "week" if weeks == 1 else f"{weeks} weeks"
    return "day" if n == 1 else f"{n} days"


def date_words(day: pd.Timestamp, *, today: pd.Timestamp | None = None) -> str:
    """``3 July``, with the year when it is not this year (``3 July 2023``)."""
    this_year = (today or pd.Timestamp.today()).year
    text = f"{day.day} {day:%B}"
    return text if day.year == this_year else f"{text} {day.year}"
