"""What people see: every chart for every history shape, against the committed gallery.

After a deliberate change to how charts look, run ``python -m reflectkit.devtools.gallery``,
look at every image in docs/gallery.md, and commit the new baselines.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib.testing.compare import compare_images

from reflectkit.devtools.gallery import CHARTS, GALLERY, render
from reflectkit.devtools.histories import SHAPES

TOLERANCE = 4.0  # RMS over 0-255: room for a font hinting change, none for a moved bar


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("shape", SHAPES)
def test_the_chart_looks_as_committed(tmp_path: Path, shape: str, chart: str):
    baseline = GALLERY / f"{shape}-{chart}.png"
    assert baseline.exists(), "run python -m reflectkit.devtools.gallery and commit the images"
    fresh = tmp_path / baseline.name
    render(shape, chart, fresh)
    failure = compare_images(str(baseline), str(fresh), tol=TOLERANCE)
    assert failure is None, failure


def test_the_gallery_page_shows_every_image():
    page = (GALLERY.parent / "gallery.md").read_text()
    for shape in SHAPES:
        for chart in CHARTS:
            assert f"(gallery/{shape}-{chart}.png)" in page
