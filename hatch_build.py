"""Build the kit's notebooks and sample data into the wheel.

``notebooks/`` and ``sample_data/`` stay at the top of the repository, the one copy anyone
edits. A wheel (built from the checkout or from the sdist) gets them as
``reflectkit/_kit/notebooks`` and ``reflectkit/_kit/sample_data``, where
:mod:`reflectkit.paths` finds them with :mod:`importlib.resources`. An editable install
gets nothing here, so it keeps using the checkout's own folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: top-level folder -> (the files of it that ship, where they go in the wheel)
KIT = {
    "notebooks": (("*.ipynb",), "reflectkit/_kit/notebooks"),
    "sample_data": (("*.csv", "*.md"), "reflectkit/_kit/sample_data"),
}


class KitDataHook(BuildHookInterface):
    """Force-include the kit's files into a regular wheel (never into an editable one)."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        for folder, (patterns, target) in KIT.items():
            source = Path(self.root, folder)
            files = sorted(file for pattern in patterns for file in source.glob(pattern))
            if not any(file.suffix in (".ipynb", ".csv") for file in files):
                raise FileNotFoundError(
                    f"{source} holds none of the kit's files: a wheel without them could "
                    "not run `reflectkit app`, `lab` or `report --sample`."
                )
            for file in files:
                build_data["force_include"][str(file)] = f"{target}/{file.name}"
