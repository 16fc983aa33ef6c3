"""reflectkit: a calm, private daily check-in and self-reflection analytics kit.

The names below are imported when first used (PEP 562), so that ``reflectkit --version``,
``reflectkit app`` and the app's server start without loading pandas, which they do not need.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
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

#: Where each public name is defined.
_HOMES = {
    "CheckinStore": ".io.store",
    "CheckinValidationError": ".errors",
    "ImportFormatError": ".errors",
    "ReflectkitError": ".errors",
    "StoreError": ".errors",
    "UnknownLabelsError": ".errors",
    "import_apple_health": ".io.applehealth",
    "import_bearable": ".io.bearable",
    "import_daylio": ".io.daylio",
    "import_fitbit": ".io.fitbit",
    "import_google_fit": ".io.googlefit",
    "import_history": ".io.imports",
    "import_into": ".io.imports",
    "import_loop": ".io.loop",
    "load_checkins": ".io.load",
    "summarise": ".trends.summary",
    "undo_last_import": ".io.imports",
}

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


if not TYPE_CHECKING:  # type checkers see the imports above, and no other name

    def __getattr__(name: str) -> Any:
        if name in _HOMES:
            value = getattr(importlib.import_module(_HOMES[name], __name__), name)
        elif importlib.util.find_spec(f"{__name__}.{name}") is not None:
            value = importlib.import_module(f".{name}", __name__)  # reflectkit.io, ...
        else:
            raise AttributeError(f"module 'reflectkit' has no attribute {name!r}")
        globals()[name] = value  # found directly from now on
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
