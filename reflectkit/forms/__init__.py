"""Forms for JupyterLab and Voilà (ipywidgets)."""

from .checkin import CheckinForm
from .reflection import ReflectionForm

__all__ = ["CheckinForm", "ReflectionForm"]
