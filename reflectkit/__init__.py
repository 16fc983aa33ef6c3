"""reflectkit: a calm, private daily check-in and self-reflection analytics kit."""

from ._version import __version__
from .errors import (
    CheckinValidationError,
    ImportFormatError,
    ReflectkitError,
    StoreError,
    UnknownLabelsError,
)
from .io.applehealth import import_apple_health
from .io.bearable import import_bearable
from .io.daylio import import_daylio
from .io.fitbit import import_fitbit
from .io.googlefit import import_google_fit
from .io.imports import import_history, import_into, undo_last_import
from .io.load import load_checkins
from .io.loop import import_loop
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
    "import_apple_health",
    "import_bearable",
    "import_daylio",
    "import_fitbit",
    "import_google_fit",
    "import_history",
    "import_into",
    "import_loop",
    "load_checkins",
    "summarise",
    "undo_last_import",
]
