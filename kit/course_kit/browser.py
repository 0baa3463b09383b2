"""Find and launch the Chromium installed on this machine."""

import contextlib
import os
import shutil

from course_kit.needs import missing

# Names the browser goes by in Debian, Ubuntu and Google's packages.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

# Keep a headless run quiet and offline: no sync, updates, GPU or QUIC; a
# closed network refuses each background connection Chromium would try.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
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
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


@contextlib.contextmanager
def launched_chromium():
    """Launch a headless Chromium with Playwright, yield it, then close it."""
    executable = find_chromium()
    if executable is None:
        missing("no Chromium found: install it, or set CHROMIUM_PATH", "REQUIRE_BROWSER")
    # Imported here, so that the tests without a browser run without Playwright.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def record_problems(tab):
    """Collect the tab's console errors in `tab.console_errors` as they happen."""
    tab.console_errors = []
    tab.on(
        "console",
        lambda message: message.type == "error" and tab.console_errors.append(message.text),
    )
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    return tab
