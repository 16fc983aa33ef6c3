import numpy as np
import pandas as pd
import pytest
from research_data import typed


@pytest.fixture
def stress_panel() -> pd.DataFrame:
    """metrics.md: 4 participants x 5 days; subject 1 = [2, 3, NaN, 4, 2], subject 2 misses two days."""
    days = pd.date_range("2024-01-01", periods=5).strftime("%Y-%m-%d")
    rows = []
    values = {
        "1": [2, 3, np.nan, 4, 2],
        "2": [3, np.nan, 4, np.nan, 2],
        "3": [1, 2, 3, 4, 5],
        "4": [5, 4, 3, 2, 1],
    }
    for person, series in values.items():
        for day, value in zip(days, series, strict=True):
            rows.append(
                {
                    "participant": person,
                    "date": day,
                    "energy": min(value, 5) if value == value else np.nan,
                }
            )
    return typed(pd.DataFrame(rows))


@pytest.fixture(scope="module")
def client():
    """A distributed LocalCluster of 2 workers (threads), for the pandas-vs-Dask tests."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c
