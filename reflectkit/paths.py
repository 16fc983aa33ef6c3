"""Where the kit's own folders are: its notebooks, its sample data, the lab workspace.

An installed wheel carries the notebooks and the sample data inside the package
(``reflectkit/_kit/``, built in from the repository's top-level ``notebooks/`` and
``sample_data/`` by ``hatch_build.py``); they are found with :mod:`importlib.resources` and
are never written to. A checkout, or an editable install of one, has no ``_kit/`` and uses
the checkout's folders themselves.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from .errors import ReflectkitError

PACKAGE = "reflectkit"
KIT_FOLDER = "_kit"
NOTEBOOKS = "notebooks"
SAMPLE_DATA = "sample_data"
SAMPLE_VARIABLE = "REFLECTKIT_SAMPLE_DATA"
CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def package_folder() -> Path:
    """The folder of the imported ``reflectkit`` package."""
    return Path(str(resources.files(PACKAGE)))


def installed_kit() -> Path | None:
    """The kit's folder inside an installed package, or ``None`` in a checkout."""
    kit = resources.files(PACKAGE) / KIT_FOLDER
    if isinstance(kit, Path) and kit.is_dir():
        return kit
    return None


def _kit_folder(name: str) -> Path:
    kit = installed_kit()
    folder = kit / name if kit is not None else CHECKOUT_ROOT / name
    if not folder.is_dir():
        raise ReflectkitError(
            f"reflectkit's {name.replace('_', ' ')} are missing (looked in {folder}). "
            "Reinstall reflectkit (`pip install --force-reinstall reflectkit`), or run it "
            "from a complete checkout."
        )
    return folder


def notebooks_folder() -> Path:
    """The kit's own notebooks: inside the installed package, else the checkout's."""
    return _kit_folder(NOTEBOOKS)


def sample_data_folder() -> Path:
    """The shipped sample data (``$REFLECTKIT_SAMPLE_DATA`` overrides)."""
    override = os.environ.get(SAMPLE_VARIABLE)
    return Path(override) if override else _kit_folder(SAMPLE_DATA)


def sample_output_folder() -> Path | None:
    """Where ``reflectkit sample`` writes when no ``--out`` is given.

    ``$REFLECTKIT_SAMPLE_DATA`` when set, else the checkout's ``sample_data/``; ``None`` for
    an installed package, whose own copy is never rewritten.
    """
    override = os.environ.get(SAMPLE_VARIABLE)
    if override:
        return Path(override)
    return None if installed_kit() is not None else CHECKOUT_ROOT / SAMPLE_DATA


def workspace_folder() -> Path:
    """The person's own copies of the notebooks, beside their store (``reflectkit lab``)."""
    from .io.store import default_home

    return default_home() / NOTEBOOKS
