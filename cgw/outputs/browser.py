"""The system Chromium (Debian package `chromium`): where it is, and the flags that keep it
offline and quiet. Used for PDF printing, chart images, the benchmark and browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

PATH = os.environ.get("CGW_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium tries Google's hosts at every start.
OFFLINE_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def find() -> str | None:
    """The Chromium executable, or None when it is not installed."""
    return PATH if Path(PATH).exists() else (shutil.which("chromium") or shutil.which("chromium-browser"))
