"""Where the kit's own folders are: notebooks, sample data, the personal store."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_VARIABLE = "REFLECTKIT_SAMPLE_DATA"


def notebooks_folder() -> Path:
    """The kit's notebooks (the checkout's ``notebooks/``)."""
    return PROJECT_ROOT / "notebooks"


def sample_data_folder() -> Path:
    """The shipped sample data (``$REFLECTKIT_SAMPLE_DATA`` overrides)."""
    override = os.environ.get(SAMPLE_VARIABLE)
    return Path(override) if override else PROJECT_ROOT / "sample_data"
