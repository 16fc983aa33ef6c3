"""Research workflow on anonymised multi-participant check-ins."""

from .adapters import studentlife
from .anonymise import (
    AnonymisationError,
    AnonymisationReport,
    StudyKeyError,
    anonymise,
    k_anonymity,
    read_key,
    read_or_create_key,
)
from .cohort import load_cohort
from .measures import (
    WithinPersonResult,
    compliance,
    format_p,
    icc,
    lag,
    mssd_by_person,
    person_center,
    within_person_model,
)
from .plots import (
    plot_cohort_lines,
    plot_compliance_calendar,
    plot_participants,
    plot_within_person,
)
from .summary import cohort_weekly_summary, run_cohort_summary

__all__ = [
    "AnonymisationError",
    "AnonymisationReport",
    "StudyKeyError",
    "WithinPersonResult",
    "anonymise",
    "cohort_weekly_summary",
    "compliance",
    "format_p",
    "icc",
    "k_anonymity",
    "lag",
    "load_cohort",
    "mssd_by_person",
    "person_center",
    "plot_cohort_lines",
    "plot_compliance_calendar",
    "plot_participants",
    "plot_within_person",
    "read_key",
    "read_or_create_key",
    "run_cohort_summary",
    "studentlife",
    "within_person_model",
]
