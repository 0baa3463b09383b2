"""Share fixtures: the project folder, real servers, Redis, and a real browser."""

import contextlib
import itertools
import os
import shutil
from pathlib import Path

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application
from config.channel_layers import channel_layers
from tests.browser import CHROMIUM_ARGS, find_chromium
from tests.needs import missing
from tests.redis_server import running_redis
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
def login_cookie(client, django_user_model, transactional_db):
    """Log a user in through Django and return the Cookie header a browser would send."""
    # Channels has no helper for this: log in with Django's test client, then
    # hand its session cookie to a communicator. transactional_db, because the
    # consumer reads the session in another thread, outside a test's transaction.
    user = django_user_model.objects.create_user("ada", password="an-unused-password")
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME]
    return (b"cookie", f"{session.key}={session.value}".encode())


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
    binary = shutil.which("redis-server")
    if binary is None:
        missing("no redis-server found: install Redis to run the Redis tests", "REQUIRE_REDIS")
    with running_redis(binary, tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["in-memory", "redis"])
async def channel_layer(request, settings):
    """Switch the project to each kind of channel layer in turn; empty it after."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    # Changing the setting makes Channels build a fresh layer from it.
    settings.CHANNEL_LAYERS = channel_layers(url)
    layer = get_channel_layer()
    yield layer
    await layer.flush()
    if hasattr(layer, "close_pools"):
        await layer.close_pools()


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
async def communicators(transactional_db):
    """Make WebSocket communicators to the application; disconnect them all after."""
    # AuthMiddlewareStack reads the session in asgiref's shared thread, outside
    # the test's transaction, and leaves a connection there that every later
    # consumer checks: so consumer tests need a real, committed test database.
    made = []

    def make(path="/ws/echo/", origin="http://127.0.0.1:8000", headers=()):
        # A browser sends its page's Origin; the origin check reads its host.
        sent = [(b"origin", origin.encode())] if origin is not None else []
        communicator = WebsocketCommunicator(application, path, headers=[*sent, *headers])
        made.append(communicator)
        return communicator

    yield make
    for communicator in made:
        await communicator.disconnect()


@pytest.fixture
async def echo(communicators):
    """Return a communicator already connected to the echo consumer."""
    communicator = communicators("/ws/echo/")
    connected, _ = await communicator.connect()
    assert connected, "the echo consumer refused the handshake"
    return communicator


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
