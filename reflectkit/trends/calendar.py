"""One row per calendar day: the view every chart and summary starts from."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import schema as s
from ..validate import SOCIAL_DTYPE
from .dates import as_dates

CHECKED_IN = "checked_in"


def daily(checkins: pd.DataFrame) -> pd.DataFrame:
    """One row per day from the first to the last check-in (per participant).

    Days without a check-in are rows of NaN with ``checked_in`` False: gaps stay gaps and
    are never filled with zeros. A day with several check-ins is combined as follows:
    the sleep fields (bedtime, wake time, hours, quality) come from the check-in with the
    longest sleep (the main sleep: a nap logged separately is not mixed in), other numbers
    are averaged, tags are united, ``social_contact`` keeps the closest contact, other clock
    times keep the first given, text is joined with line breaks. Dates given as text (or with
    times) are taken as the days they name.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``date`` (a DatetimeIndex), or by ``participant`` and ``date`` when the
        check-ins name participants; schema columns plus ``checked_in``.
    """
    frame = checkins.copy()
    frame[s.DATE] = as_dates(frame[s.DATE])
    by_person = bool(frame[s.PARTICIPANT].notna().any()) if s.PARTICIPANT in frame else False
    keys = [s.PARTICIPANT, s.DATE] if by_person else [s.DATE]
    if frame.duplicated(keys).any():
        frame = _combine_days(frame, keys)
    frame = frame.drop(columns=[s.TIME, s.RECORDED_AT], errors="ignore")
    if not by_person:
        frame = frame.drop(columns=[s.PARTICIPANT], errors="ignore")
    frame[CHECKED_IN] = True
    frame = frame.set_index(keys).sort_index()
    if frame.empty:
        return frame
    full = _full_calendar(frame.index, by_person=by_person)
    out = frame.reindex(full)
    out[CHECKED_IN] = out[CHECKED_IN].fillna(False).astype(bool)
    return out


def _full_calendar(index: pd.Index, *, by_person: bool) -> pd.Index:
    if not by_person:
        return pd.date_range(index.min(), index.max(), freq="D", name=s.DATE)
    dates = index.get_level_values(s.DATE)
    people = index.get_level_values(s.PARTICIPANT)
    span = pd.DataFrame({"p": people, "d": dates}).groupby("p", sort=True)["d"].agg(["min", "max"])
    lengths = ((span["max"] - span["min"]).dt.days + 1).to_numpy()
    starts = np.repeat(span["min"].to_numpy(), lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    all_dates = starts + offsets.astype("timedelta64[D]")
    return pd.MultiIndex.from_arrays(
        [np.repeat(span.index.to_numpy(), lengths), all_dates], names=[s.PARTICIPANT, s.DATE]
    )


SLEEP_FIELDS = (s.BEDTIME, s.WAKE_TIME, s.SLEEP_HOURS, s.SLEEP_QUALITY)


def _combine_days(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    frame = _main_sleep_first(frame, keys)
    rules: dict[str, str] = {}
    joins: dict[str, str] = {}  # text joined within each day: tags by ";", notes by lines
    for field in s.FIELDS:
        if field.name not in frame.columns or field.name in keys:
            continue
        if field.name in SLEEP_FIELDS:
            rules[field.name] = "first"  # the main sleep's, sorted first above
        elif field.kind == "number":
            rules[field.name] = "mean"
        elif field.kind == "tags":
            joins[field.name] = ";"
        elif field.kind == "category":
            rules[field.name] = "max"
        elif field.kind in ("text",):
            joins[field.name] = "\n"
        else:
            rules[field.name] = "first"
    grouped = frame.groupby(keys, sort=False, observed=True)
    combined = (grouped.agg(rules) if rules else grouped.size().to_frame()[[]]).reset_index()
    # rows whose participant or date is missing belong to no day (groupby leaves them out)
    day = np.nan_to_num(grouped.ngroup().to_numpy(dtype="float64"), nan=-1).astype(np.intp)
    for name, separator in joins.items():
        joined = _join_within(frame[name], day, len(combined), separator)
        combined[name] = _tags_of(joined) if separator == ";" else joined
    if s.SOCIAL_CONTACT in combined:
        combined[s.SOCIAL_CONTACT] = combined[s.SOCIAL_CONTACT].astype(SOCIAL_DTYPE)
    order = [*keys, *(c for c in frame.columns if c in rules or c in joins)]
    return combined[order]


def _join_within(values: pd.Series, group: np.ndarray, groups: int, separator: str) -> pd.Series:
    """Each group's values, missing ones left out, joined in order by ``separator`` (None
    where nothing is left): one Arrow join for all groups instead of a call per day."""
    import pyarrow as pa
    import pyarrow.compute as pc

    given = values.notna().to_numpy() & (group >= 0)
    if values.dtype == object and not all(isinstance(v, str) for v in values[given]):
        raise TypeError(
            f"{values.name} holds values that are not text: validate the check-ins first "
            "(reflectkit.validate_checkins or load_checkins)"
        )
    arrow = pa.array(values[given].astype("str"), from_pandas=True)
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    text = arrow.cast(pa.large_string())
    order = np.argsort(group[given], kind="stable")  # groups are runs already; this is safe
    counts = np.bincount(group[given], minlength=groups)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), type=pa.int64())
    lists = pa.LargeListArray.from_arrays(offsets, text.take(pa.array(order)))
    joined = pc.binary_join(lists, pa.scalar(separator, pa.large_string()))
    joined = pc.if_else(pc.equal(joined, ""), pa.scalar(None, pa.large_string()), joined)
    text_dtype = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str", on large strings
    return joined.to_pandas(types_mapper={pa.large_string(): text_dtype}.get)


def _tags_of(joined: pd.Series) -> pd.Series:
    """Each day's labels in the stored tag form, united (each distinct text once)."""
    distinct = joined.dropna().unique()
    stored = {text: s.join_tags(text) for text in distinct}
    return joined.map(stored, na_action="ignore").astype("str")


def _main_sleep_first(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Order each day's rows so the one with the longest sleep comes first."""
    from ..clock import sleep_duration_hours

    hours = frame[s.SLEEP_HOURS] if s.SLEEP_HOURS in frame else pd.Series(np.nan, frame.index)
    if s.BEDTIME in frame and s.WAKE_TIME in frame:
        hours = hours.fillna(sleep_duration_hours(frame[s.BEDTIME], frame[s.WAKE_TIME]))
    order = frame.assign(_sleep=hours.fillna(-1).to_numpy())
    order = order.sort_values(
        [*keys, "_sleep"], ascending=[True] * len(keys) + [False], kind="stable"
    )
    return order.drop(columns="_sleep")
