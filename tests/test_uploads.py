"""The sizes the import page names, as file managers count them (1 MB = 1,000,000 bytes)."""

from __future__ import annotations

import pytest

from reflectkit.uploads import LARGEST_EXPORT_MB, LARGEST_MESSAGE_BYTES, megabytes


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0.0 MB"),
        (999, "0.1 MB"),
        (50_000_000, "50.0 MB"),
        (50_000_001, "50.1 MB"),  # one byte over the limit never reads as the limit
        (52_428_801, "52.5 MB"),  # 50 MiB and a byte
        (55_000_000, "55.0 MB"),
        (1_234_567_890, "1,234.6 MB"),
    ],
)
def test_a_size_is_shown_in_mb_rounded_up_to_a_tenth(size, shown):
    assert megabytes(size) == shown


def test_an_export_a_little_over_the_limit_still_reaches_the_kernel_to_be_named():
    assert LARGEST_MESSAGE_BYTES > 1.5 * LARGEST_EXPORT_MB * 1_000_000
