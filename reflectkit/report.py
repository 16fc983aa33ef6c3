"""A shareable HTML report: the trends notebook run with papermill, exported without code."""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from .errors import ReflectkitError
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
    force: bool = False,
) -> Path:
    """Run the trends notebook on ``data`` (default: your store) and write HTML without code.

    Charts are embedded as images with their alt text; nothing in the page loads from the
    network. The page is private (mode 0600) and replaces an existing ``out`` only with
    ``force``; ``out`` may never be ``data`` or the store. Returns the path written.

    Raises
    ------
    ReflectkitError
        When the data cannot be loaded, ``period`` is not like ``4W`` or ``14D``, ``out`` is
        refused, or the notebook stops; nothing is written then.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from .io.load import load_checkins
    from .io.private import check_output, output_file
    from .io.store import CheckinStore
    from .trends.summary import period_days

    period_days(period)
    protected = [CheckinStore().path, *([Path(data)] if data else [])]
    check_output(Path(out), protected=protected, force=force)
    if data:
        load_checkins(data)  # a missing or invalid file is explained here, in one message
    else:
        CheckinStore().load()
    if progress:
        print("Running the trends notebook (this takes a few seconds)...", file=sys.stderr)
    notebook = notebooks_folder() / TRENDS_NOTEBOOK
    parameters = {"data_path": str(Path(data).resolve()) if data else None, "period": period}
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / TRENDS_NOTEBOOK
        try:
            papermill.execute_notebook(
                str(notebook),
                str(executed),
                parameters=parameters,
                progress_bar=progress,
                cwd=str(notebook.parent),
            )
        except papermill.PapermillExecutionError as err:
            raise ReflectkitError(
                f"The trends notebook stopped ({err.ename}: {err.evalue}), so no report was "
                "written. Check the data with `reflectkit validate`."
            ) from None
        exporter = HTMLExporter(
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
        )
        body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    body = _SCRIPT.sub("", body).replace("<title>Notebook</title>", "<title>My trends</title>")
    with output_file(Path(out), protected=protected, force=force) as temporary:
        temporary.write_text(body, encoding="utf-8")  # private: a report holds personal data
    return Path(out)
