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
from .codebook import Codebook, Design, Item, infer_codebook, read_codebook
from .cohort import load_cohort
from .esm import beep_compliance, daily_means
from .esmplots import plot_compliance, plot_compliance_by_time
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
from .mpath import read_mpath
from .openesm import read_openesm
from .plots import (
    plot_cohort_lines,
    plot_compliance_calendar,
    plot_participants,
    plot_within_person,
)
from .study import Study, load_study, write_study
from .studyanon import anonymise_study
from .summary import cohort_weekly_summary, run_cohort_summary

__all__ = [
    "AnonymisationError",
    "AnonymisationReport",
    "Codebook",
    "Design",
    "Item",
    "Study",
    "StudyKeyError",
    "WithinPersonResult",
    "anonymise",
    "anonymise_study",
    "beep_compliance",
    "cohort_weekly_summary",
    "compliance",
    "daily_means",
    "format_p",
    "icc",
    "infer_codebook",
    "k_anonymity",
    "lag",
    "load_cohort",
    "load_study",
    "mssd_by_person",
    "person_center",
    "plot_cohort_lines",
    "plot_compliance",
    "plot_compliance_by_time",
    "plot_compliance_calendar",
    "plot_participants",
    "plot_within_person",
    "read_codebook",
    "read_key",
    "read_mpath",
    "read_openesm",
    "read_or_create_key",
    "run_cohort_summary",
    "studentlife",
    "within_person_model",
    "write_study",
]
