"""Forms for JupyterLab and Voilà (ipywidgets)."""

from .checkin import CheckinForm
from .importing import ImportForm
from .reflection import ReflectionForm

__all__ = ["CheckinForm", "ImportForm", "ReflectionForm"]
