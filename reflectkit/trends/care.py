"""What a day recorded about care: movement, time outdoors, contact, each care action.

Each answer is True, False or missing (``pd.NA``). Missing means *not recorded*, never "no":
a history imported from an app that logs only moods has no movement days, not zero of them.

A day records movement when ``movement_minutes`` is given (more than 0 is movement), or
when it has activity tags and the person's tags ever name movement (walk, gym, biking, ...):
then a tagged day without such a word is a day without movement. Contact and time outdoors
follow the same rule with ``social_contact`` / ``outdoors_minutes`` and their own words.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import schema as s
from ..vocabulary import (  # noqa: F401  (re-exported: trends.care.MOVEMENT_WORDS, ...)
    CONTACT,
    CONTACT_WORDS,
    MOVEMENT,
    MOVEMENT_WORDS,
    OUTDOOR_WORDS,
    OUTDOORS,
)

# The word lists live upstream, in reflectkit.vocabulary, so importers use the same ones.
_MOVEMENT, _OUTDOORS, _CONTACT = MOVEMENT, OUTDOORS, CONTACT


def moved(days: pd.DataFrame) -> pd.Series:
    """Per day: movement (True), recorded without movement (False), or not recorded (NA)."""
    return _recorded_flag(days, s.MOVEMENT_MINUTES, _MOVEMENT, given=lambda v: v > 0)


def outdoors(days: pd.DataFrame) -> pd.Series:
    """Per day: time outdoors (True), recorded without it (False), or not recorded (NA)."""
    return _recorded_flag(days, s.OUTDOORS_MINUTES, _OUTDOORS, given=lambda v: v > 0)


def contact(days: pd.DataFrame) -> pd.Series:
    """Per day: some contact, a message or more (True), none (False), or not recorded (NA)."""
    return _recorded_flag(
        days, s.SOCIAL_CONTACT, _CONTACT, given=lambda v: v.isin(s.SOCIAL_CONTACT_LEVELS[1:])
    )


def care_actions(days: pd.DataFrame, *, min_days: int = 3) -> pd.DataFrame:
    """Per day and per care action (activity tag used on at least ``min_days`` days): True,
    False on other days with tags, NA on days without any tags."""
    tags = days[s.ACTIVITIES] if s.ACTIVITIES in days else pd.Series(pd.NA, index=days.index)
    lists = tags.map(s.split_tags, na_action="ignore")
    counts = pd.Series([t for row in lists.dropna() for t in set(row)]).value_counts()
    common = [t for t, n in counts.items() if n >= min_days]
    tagged = tags.notna()
    out = {
        tag: pd.Series(
            [(tag in row) if ok else pd.NA for row, ok in zip(lists, tagged, strict=True)],
            index=days.index,
            dtype="boolean",
        )
        for tag in common
    }
    return pd.DataFrame(out, index=days.index)


def _recorded_flag(days: pd.DataFrame, column: str, words: re.Pattern[str], *, given) -> pd.Series:
    value = days[column] if column in days else pd.Series(pd.NA, index=days.index, dtype=object)
    flag = pd.Series(pd.NA, index=days.index, dtype="boolean")
    present = value.notna()
    if present.any():
        flag[present] = given(value[present]).astype(bool).to_numpy()
    tags = days[s.ACTIVITIES] if s.ACTIVITIES in days else pd.Series(None, index=days.index)
    if not tags.notna().any():
        return flag
    named = _names(tags, words)
    if not named.any():
        return flag
    # a person who tags it at all: each day they tagged anything says yes or no
    person = days.get(s.PARTICIPANT)
    uses = (
        named.groupby(person.fillna("")).transform("any")
        if person is not None
        else pd.Series(bool(named.any()), index=days.index)
    )
    flag = flag.mask(named, True)
    return flag.mask(flag.isna() & tags.notna() & uses, False)


def _names(tags: pd.Series, words: re.Pattern[str]) -> pd.Series:
    """Per day: whether its tags name one of ``words``. Each distinct tag text is searched
    once (a history repeats a few dozen texts; the pattern's look-behind has no vectorised
    engine, so a search per row would be a Python call per row)."""
    present = tags.notna().to_numpy()
    codes, texts = pd.factorize(tags.astype("str"))  # as text: a list of tags works too
    # a missing value may stay missing as text (code -1): it takes the last entry, False
    found = np.array([words.search(str(t)) is not None for t in texts] + [False], dtype=bool)
    return pd.Series(found[codes] & present, index=tags.index)
