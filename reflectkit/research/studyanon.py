"""Anonymise a study by its codebook: the codebook becomes :func:`anonymise`'s allow-list.

- numeric and ordinal items are kept as numbers; categorical and multiple-choice items as
  categories; declared text is dropped unless named in ``keep_text``;
- every timestamp (``scheduled``, ``sent``, ``answered`` and any other) moves with the
  participant's date offset (or becomes a study day);
- ``quasi_identifier`` columns are coarsened and k is measured over them;
- ``identifier`` columns, and every column the codebook does not declare, are dropped and
  listed in the report with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .. import schema as s
from .anonymise import AnonymisationReport, DatePolicy, anonymise
from .study import Study


def anonymise_study(
    study: Study,
    *,
    key: bytes,
    dates: DatePolicy = "shift",
    keep_text: Iterable[str] = (),
) -> tuple[pd.DataFrame, AnonymisationReport]:
    """An anonymised copy of ``study.data`` following ``study.codebook``, and its report.

    Parameters
    ----------
    study
        From :func:`~reflectkit.research.load_study` (or an importer).
    key
        The study's secret key (``read_or_create_key(path)``).
    dates
        ``"shift"`` (secret whole weeks per participant) or ``"study_day"``.
    keep_text
        Text items to keep as written (they can hold names and places: read them first).
    """
    frame, book = study.data, study.codebook
    keep_text = tuple(keep_text)
    unknown = [c for c in keep_text if c not in book]
    if unknown:
        from .columns import AnonymisationError

        raise AnonymisationError(
            f"keep_text names {unknown}, which the codebook does not declare; declared text "
            f"items: {[i.name for i in book.items if i.type == 'text'] or 'none'}."
        )
    numeric, stamps, quasi, text, categories = [], [], [], [], []
    reasons: dict[str, str] = {}
    for item in book.items:
        name = item.name
        if name not in frame.columns or name in s.FIELD_BY_NAME:
            continue  # schema columns (participant, date, time, mood, ...) as the schema says
        if item.role == "identifier":
            reasons[name] = "an identifier in the codebook: never leaves the study"
        elif item.role == "quasi_identifier":
            quasi.append(name)
        elif item.type == "timestamp":
            stamps.append(name)
        elif item.is_number:
            numeric.append(name)
        elif item.type in ("categorical", "multiple_choice"):
            categories.append(name)
        elif name in keep_text:
            text.append(name)
        else:
            reasons[name] = "text in the codebook (keep it with keep_text after reading it)"
    data = frame.copy()
    for name in numeric:  # declared numbers may sit in an object column (read from Parquet)
        data[name] = pd.to_numeric(data[name], errors="coerce")
    out, report = anonymise(
        data,
        key=key,
        dates=dates,
        keep_text=[*text, *(c for c in keep_text if c in s.FIELD_BY_NAME)],
        keep_numeric=numeric,
        keep_dates=stamps,
        quasi_identifiers=quasi,
        keep_categories=categories,
    )
    for column in report.dropped:
        if column in reasons:
            report.dropped[column] = reasons[column]
        elif column not in book and column not in s.FIELD_BY_NAME:
            report.dropped[column] = "not in the codebook"
    return out, report
