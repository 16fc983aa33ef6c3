"""`reflectkit report`: the trends notebook run end to end into a static, code-free page."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_report_holds_the_charts_with_alt_text_and_no_code(tmp_path, home):
    out = tmp_path / "share" / "report.html"
    exe = Path(sys.executable).parent / "reflectkit"
    result = subprocess.run(
        [str(exe), "report", str(ROOT / "sample_data" / "checkins.csv"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "REFLECTKIT_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    assert "Executing" in result.stderr  # progress is shown while it runs
    page = out.read_text()
    images = re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,', page)
    assert len(images) >= 7 and all(alt.endswith(".") for alt in images)
    assert "plot_overview(" not in page and "personal_checkins(" not in page  # no code cells
    assert "<script" not in page and 'src="http' not in page  # static: fetches nothing
    assert "If things feel heavy" in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
