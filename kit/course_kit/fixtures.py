"""Give every step's tests the same fixtures: the project, its real server, Redis, Chromium.

A pytest plugin: a step's pytest.ini loads it with `-p course_kit.fixtures`.
"""

import contextlib
import itertools
import os
from pathlib import Path

import pytest

from course_kit.browser import launched_chromium, record_problems
from course_kit.processes import bypass_proxy_for_loopback
from course_kit.redis_server import find_redis_server, running_redis
from course_kit.server import manage, running_server


def pytest_configure(config):
    """Keep the tests' clients off any proxy: every server they talk to is on 127.0.0.1."""
    bypass_proxy_for_loopback(os.environ)


@pytest.fixture(scope="session")
def project_dir(pytestconfig):
    """Return the folder of the project under test: the one holding pytest.ini and manage.py."""
    # The rootdir, not this file's folder: `nox -s check` runs a step's tests
    # in a copy of a learner's project, and they must judge that project.
    folder = Path(pytestconfig.rootpath)
    if not (folder / "manage.py").is_file():
        pytest.fail(f"no manage.py in {folder}: run the tests from a project folder")
    return folder


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
def start_server(project_dir, migrated, tmp_path):
    """Start more real servers for one test, with settings of its own; stop them after."""
    numbers = itertools.count(1)
    with contextlib.ExitStack() as stack:

        def start(env=None, port=None):
            log_path = tmp_path / f"server-{next(numbers)}.log"
            return stack.enter_context(running_server(project_dir, log_path, env=env, port=port))

        yield start


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """Run a real redis-server for the session and return its URL."""
    with running_redis(find_redis_server(), tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def page():
    """Open a tab in a real headless Chromium; its console errors land in `console_errors`."""
    with launched_chromium() as browser:
        # A context of its own, so a test can open a second tab in it; one
        # window size, so screenshots for the docs come out alike.
        context = browser.new_context(viewport={"width": 960, "height": 640})
        tab = record_problems(context.new_page())
        tab.set_default_timeout(10_000)
        yield tab


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
