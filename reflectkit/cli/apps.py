"""Open the check-in app (Voila) or JupyterLab, on this computer only."""

from __future__ import annotations

import argparse
from typing import Any


def add_app(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser(
        "app", help="open the daily check-in as a plain app, no code (127.0.0.1 only)"
    )
    page = p.add_mutually_exclusive_group()
    page.add_argument("--weekly", action="store_true", help="open the weekly reflection instead")
    page.add_argument(
        "--import",
        dest="import_history",
        action="store_true",
        help="open the page that brings your history from another app (Daylio, Bearable, ...)",
    )
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(run=_app)


def add_lab(sub: Any) -> None:
    """Add the command to the ``reflectkit`` parser."""
    p = sub.add_parser(
        "lab",
        help="open JupyterLab on your own copies of the kit's notebooks (127.0.0.1 only)",
        description="Open JupyterLab on your workspace, a private folder beside your check-ins "
        "that holds your own copies of the kit's notebooks. New notebooks from the kit are "
        "added; a notebook you changed is never overwritten (the kit's version goes beside "
        "it as NAME (kit).ipynb). JupyterLab listens on 127.0.0.1 only.",
    )
    p.add_argument("--port", type=int, default=8888)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(run=_lab)


def _app(args: argparse.Namespace) -> int:
    from ..launch import run_voila

    notebook = (
        "03_weekly_reflection.ipynb"
        if args.weekly
        else "04_bring_your_history.ipynb"
        if args.import_history
        else "01_daily_check_in.ipynb"
    )
    return run_voila(notebook, port=args.port, open_browser=not args.no_browser)


def _lab(args: argparse.Namespace) -> int:
    from ..launch import run_jupyterlab

    return run_jupyterlab(port=args.port, open_browser=not args.no_browser)
