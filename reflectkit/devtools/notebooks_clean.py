"""Fail when a notebook holds outputs or execution counts (personal data must not reach git).

Usage: ``python -m reflectkit.devtools.notebooks_clean FOLDER``; fix with ``nbstripout``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def notebooks_with_outputs(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        if any(
            c.get("outputs") or c.get("execution_count") for c in cells if c["cell_type"] == "code"
        ):
            found.append(path)
    return found


def main(argv: list[str]) -> int:
    dirty = notebooks_with_outputs(Path(argv[0] if argv else "notebooks"))
    for path in dirty:
        print(f"{path} has outputs: run `.venv/bin/nbstripout {path}` before committing")
    return 1 if dirty else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
