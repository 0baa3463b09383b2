"""Find and launch the Chromium installed on this machine."""

import os
import shutil

# Names the browser goes by in Debian, Ubuntu and Google's packages.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Keep a headless run quiet and offline: no sync, updates or GPU.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium():
    """Return the path of a Chromium binary, or None when there is none."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None
