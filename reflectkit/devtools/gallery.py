"""Render every chart for every history shape: the image baselines and docs/gallery.md.

``python -m reflectkit.devtools.gallery`` rewrites ``docs/gallery/*.png`` and the page that
shows them; ``tests/plots/test_images.py`` compares fresh renders with these files. Run it
after a deliberate change to how charts look, look at every image, then commit them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

from .. import plots
from .histories import SHAPES, history

GALLERY = Path(__file__).resolve().parents[2] / "docs" / "gallery"
CHARTS: dict[str, Callable[..., object]] = {
    "overview": plots.plot_overview,
    "calendar": plots.plot_calendar,
    "sleep_regularity": plots.plot_sleep_regularity,
    "care_actions": plots.plot_care_actions,
    "moments_by_kind": plots.plot_moments_by_kind,
    "associations": plots.plot_associations,
}
DPI = 100  # text a reviewer can read
TITLES = {
    "five_days": "Five days",
    "three_weeks_with_gap": "Three weeks with a gap",
    "six_months": "Six months",
    "three_years": "Three years",
    "mood_only_import": "An import with moods and activities only",
    "very_low_mood": "Very low mood",
    "sleep_only": "Sleep only",
}


def render(shape: str, chart: str, path: Path) -> str:
    """Draw one chart of one history into ``path`` (PNG); return its alt text."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.hashsalt": "reflectkit", "path.simplify": True}):
        result: Any = CHARTS[chart](history(shape))
        figure = getattr(result, "figure", result)
        figure.savefig(path, dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close("all")
    return plots.alt_text(result)


def main(folder: Path = GALLERY) -> None:
    matplotlib.use("Agg")
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Gallery: every chart, every shape of history",
        "",
        "Made by `python -m reflectkit.devtools.gallery` from the seeded histories in",
        "`reflectkit/devtools/histories.py`; `tests/plots/test_images.py` compares fresh renders",
        "with these images. Each image's alt text is the sentence under it.",
        "",
    ]
    for shape in SHAPES:
        lines += [f"## {TITLES[shape]}", ""]
        for chart in CHARTS:
            name = f"{shape}-{chart}.png"
            alt = render(shape, chart, folder / name)
            lines += [f"![{alt}](gallery/{name})", "", f"*{alt}*", ""]
            print(f"wrote {folder / name}", file=sys.stderr)
    (folder.parent / "gallery.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
