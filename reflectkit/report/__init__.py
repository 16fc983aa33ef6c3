"""A shareable HTML report of your trends: the trends notebook's charts and words, no code.

Made in this process, without a kernel: load the check-ins, draw the charts of
:data:`SECTIONS` as SVG, describe the last period in words, write one private page.
"""

from .build import build_report
from .sections import SECTIONS

__all__ = ["SECTIONS", "build_report"]
