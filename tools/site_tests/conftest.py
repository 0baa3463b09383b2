"""Build the docs site, serve it on loopback, and open it in a real Chromium."""

import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from course_kit.browser import launched_chromium, record_problems
from course_kit.layout import REPO_ROOT
from course_kit.processes import HOST

# Material draws each diagram into a closed shadow root; open them so a test can look.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attach.call(this, { ...init, mode: "open" });
};
"""


class QuietHandler(SimpleHTTPRequestHandler):
    """Serve files without logging every request to the test output."""

    def log_message(self, format, *args):
        """Log nothing."""


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """Build the site strictly into a temporary folder and serve it; return its URL."""
    site_dir = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site_dir],
        cwd=REPO_ROOT,
        check=True,
        timeout=300,
    )
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Launch one headless Chromium for all the site's tests."""
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    """Open a fresh tab that records console errors and failed requests."""
    context = browser.new_context()
    context.add_init_script(OPEN_SHADOW_ROOTS)
    tab = record_problems(context.new_page())
    tab.set_default_timeout(15_000)
    # On a site, a request that fails is as broken as a script error: both go
    # in one list, the kit's list of console and page errors.
    tab.problems = tab.console_errors
    tab.on("requestfailed", lambda request: tab.problems.append(f"failed: {request.url}"))
    yield tab
    context.close()
