"""A shareable HTML report: the trends notebook run with papermill, exported without code."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .paths import notebooks_folder

TRENDS_NOTEBOOK = "02_my_trends.ipynb"
# The page is static (images and text): dropping every script means it fetches nothing
# when opened (the template would load MathJax and Mermaid from the network).
_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


def build_report(
    data: str | Path | None = None,
    *,
    out: str | Path = "report.html",
    period: str = "4W",
    progress: bool = True,
) -> Path:
    """Run the trends notebook on ``data`` (default: your store) and write HTML without code.

    Charts are embedded as images with their alt text; nothing in the page loads from the
    network. Returns the path written.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    notebook = notebooks_folder() / TRENDS_NOTEBOOK
    parameters = {"data_path": str(Path(data).resolve()) if data else None, "period": period}
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / TRENDS_NOTEBOOK
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters=parameters,
            progress_bar=progress,
            cwd=str(notebook.parent),
        )
        exporter = HTMLExporter(
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        )
        body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    body = _SCRIPT.sub("", body).replace("<title>Notebook</title>", "<title>My trends</title>")
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    target.chmod(0o600)  # a report holds personal data
    return target
