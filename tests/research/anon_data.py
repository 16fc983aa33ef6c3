"""Keys and small cohorts for the anonymisation tests."""

from __future__ import annotations

import pandas as pd
from research_data import typed

#: Fixed keys (drawn once with secrets.token_hex(32)), so outputs can be compared across runs.
KEY = bytes.fromhex("a58c148664167c0ac8abb067d867b1d53e9784eaffa2c2bf8d20a00d455863fd")
OTHER_KEY = bytes.fromhex("800e1865f5a7c12a38c62e77d1cc2794f3c309177273d6d3a3fa51c81067b7a5")


def cohort(
    people: int = 8,
    *,
    days: int = 5,
    start: str = "2024-03-04",
    stagger_days: int = 0,
    extra: dict[str, list] | None = None,
) -> pd.DataFrame:
    """Typed check-ins of ``people`` participants; ``extra`` columns are added per participant.

    ``extra[name][i]`` is participant i's value on every row (a list of one value per row
    when it is itself a list).
    """
    rows = []
    for i in range(people):
        first = pd.Timestamp(start) + pd.Timedelta(days=i * stagger_days)
        for d in range(days):
            row: dict[str, object] = {
                "participant": f"P{i:03d}",
                "date": (first + pd.Timedelta(days=d)).strftime("%Y-%m-%d"),
                "mood": 1 + (i + d) % 10,
            }
            for name, values in (extra or {}).items():
                value = values[i]
                row[name] = value[d] if isinstance(value, list) else value
            rows.append(row)
    raw = pd.DataFrame(rows)
    out = typed(raw[["participant", "date", "mood"]])
    for name in extra or {}:
        out[name] = raw[name].to_numpy()
    return out
