"""Share fixtures: the project folder, a real server, and a real browser."""

import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM_ARGS, find_chromium
from tests.needs import missing
from tests.server import manage, running_server


@pytest.fixture(scope="session")
def project_dir():
    """Return the folder holding the project's manage.py."""
    return Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def migrated(project_dir):
    """Create the project's database tables, as a learner does before running."""
    manage(project_dir, "migrate", "--noinput")


@pytest.fixture(scope="session")
def server(project_dir, migrated, tmp_path_factory):
    """Run the real development server for the whole session."""
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with running_server(project_dir, log_path) as running:
        yield running


@pytest.fixture
def page():
    """Open a page in a real headless Chromium."""
    executable = find_chromium()
    if executable is None:
        missing("no Chromium found: install it, or set CHROMIUM_PATH", "REQUIRE_BROWSER")
    # Imported here so that the in-process tests run without Playwright.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            # A context of its own, so a test can open a second tab in it; one
            # window size, so screenshots for the docs come out alike.
            context = browser.new_context(viewport={"width": 960, "height": 640})
            tab = context.new_page()
            tab.set_default_timeout(10_000)
            tab.console_errors = []
            tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
            yield tab
        finally:
            browser.close()


@pytest.fixture
def screenshot(project_dir):
    """Return a function that saves a tab as a PNG for the docs, when SCREENSHOT_DIR is set."""
    folder = os.environ.get("SCREENSHOT_DIR")

    def save(tab, name):
        if folder:
            path = Path(folder) / project_dir.name / f"{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=path)

    return save
