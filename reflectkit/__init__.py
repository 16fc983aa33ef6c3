"""reflectkit: a calm, private daily check-in and self-reflection analytics kit."""

from ._version import __version__
from .errors import (
    CheckinValidationError,
    ImportFormatError,
    ReflectkitError,
    StoreError,
    UnknownLabelsError,
)
from .io.bearable import import_bearable
from .io.daylio import import_daylio
from .io.fitbit import import_fitbit
from .io.load import load_checkins
from .io.store import CheckinStore
from .trends.summary import summarise

__all__ = [
    "CheckinStore",
    "CheckinValidationError",
    "ImportFormatError",
    "ReflectkitError",
    "StoreError",
    "UnknownLabelsError",
    "__version__",
    "import_bearable",
    "import_daylio",
    "import_fitbit",
    "load_checkins",
    "summarise",
]
