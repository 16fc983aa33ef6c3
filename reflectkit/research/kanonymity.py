"""Quasi-identifiers: coarsen them, then measure how many participants share each combination.

Age, gender or place single nobody out alone, but together they can: the one 60-year-old
in a town is found without a name. Coarsening (bands, short postcodes, rare values grouped
as ``other``) makes groups larger; k-anonymity, the fewest participants sharing one
combination of values, says whether it was enough. Every combination in any row counts,
since a participant found in one row is found in all, and only counts are reported, never
the values of a small group.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import schema as s
from .columns import as_numbers, per_value

#: Groups (and places, categories) with fewer participants than this are called small.
SMALL_GROUP = 5
_PERSON = "\0participant"  # a column name no data can use


class KMeasure(NamedTuple):
    """k over the quasi-identifiers, and which of them make groups small."""

    k: int
    in_small_groups: int
    k_alone: dict[str, int]
    k_without: dict[str, int]


def coarsen(name: str, column: pd.Series, people: pd.Series) -> tuple[pd.Series, str]:
    """The column made coarser, and what was done; a missing value stays missing."""
    lower = name.lower()
    if lower in ("age", "birth_year", "year_of_birth"):
        top = 90 if lower == "age" else None
        bands = per_value(as_numbers(name, column), lambda v: _band(float(v), top=top))
        return bands.astype("str"), "10-year bands" + (" (90 and over together)" if top else "")
    if pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return column, "kept as it is (measured in k; coarsen it first if groups are small)"
    if lower in ("postcode", "zip"):
        cut = per_value(column, lambda v: str(v)[:2] + "***")
        return cut.astype("str"), "cut to the first two characters"
    codes, uniques = pd.factorize(column)
    holders = pd.Series(people.to_numpy()).groupby(codes).nunique()
    rare = holders.reindex(range(len(uniques)), fill_value=0).to_numpy() < SMALL_GROUP
    labels = np.array([*np.where(rare, "other", [str(v) for v in uniques]), np.nan], dtype=object)
    return pd.Series(labels[codes], index=column.index).astype("str"), (
        f"values held by fewer than {SMALL_GROUP} participants grouped as 'other'"
    )


def _band(value: float, *, top: int | None) -> str:
    if top is not None and value >= top:
        return f"{top}+"
    low = int(value // 10 * 10)
    return f"{low}-{low + 9}"


def k_anonymity(frame: pd.DataFrame, quasi_identifiers: Iterable[str]) -> int:
    """The fewest participants sharing one combination of quasi-identifier values.

    Every combination that occurs in any row counts (not only each participant's first
    row), and a missing value is a value of its own.

    Parameters
    ----------
    frame
        Anonymised (or any) check-ins with a ``participant`` column.
    quasi_identifiers
        The columns to combine.

    Returns
    -------
    int
        k (0 for a frame without rows).
    """
    quasi = list(quasi_identifiers)
    sizes = _group_sizes(_codes(frame, quasi), quasi)
    return int(sizes.min()) if len(sizes) else 0


def measure_k(frame: pd.DataFrame, quasi: list[str]) -> KMeasure | None:
    """k, how many participants are in small groups, and each column's share in them.

    For each column: k over it alone and k over all the others, so the columns that make
    groups small have a small ``k_alone`` and a ``k_without`` well above ``k``. None when
    there are no quasi-identifiers or no rows.
    """
    if not quasi or frame.empty:
        return None
    codes = _codes(frame, quasi)
    sizes = _group_sizes(codes, quasi)
    return KMeasure(
        k=int(sizes.min()),
        in_small_groups=int(codes.loc[sizes.index[sizes < SMALL_GROUP], _PERSON].nunique()),
        k_alone={c: int(_group_sizes(codes, [c]).min()) for c in quasi},
        k_without={c: int(_group_sizes(codes, [o for o in quasi if o != c]).min()) for c in quasi},
    )


def _codes(frame: pd.DataFrame, quasi: list[str]) -> pd.DataFrame:
    """Each quasi-identifier as integer codes (missing has a code of its own), and people."""
    codes = pd.DataFrame(
        {c: pd.factorize(frame[c], use_na_sentinel=False)[0] for c in quasi}, index=frame.index
    )
    codes[_PERSON] = pd.factorize(frame[s.PARTICIPANT])[0]
    return codes


def _group_sizes(codes: pd.DataFrame, quasi: list[str]) -> pd.Series:
    """For each distinct (participant, combination): how many participants share it."""
    pairs = codes[[*quasi, _PERSON]].drop_duplicates()
    if not quasi:
        return pd.Series(pairs[_PERSON].nunique(), index=pairs.index)
    return pairs.groupby(quasi)[_PERSON].transform("size")
