"""Debian's Chromium as the browser tests and the app benchmark start it (headless)."""

from __future__ import annotations

from pathlib import Path

#: Where Debian's ``chromium`` package puts the browser (``apt-get install chromium``).
CHROMIUM = Path("/usr/bin/chromium")
#: Headless, no sandbox (root in a container), no network of its own, no GPU.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
