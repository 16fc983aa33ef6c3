"""Research sources for ``reflectkit import`` (ESM platform exports), kept apart from the
personal apps so each grows on its own."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

#: source name -> a function that runs the import for the parsed arguments (exit code)
STUDY_SOURCES: dict[str, Callable[[argparse.Namespace], int]] = {}


def add_study_options(parser: Any) -> None:
    """Options only research sources use (none yet)."""
