"""Share fixtures: communicators, and real processes of the finished and the broken step."""

from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator

from tests.processes import start_pytest, start_runserver, write_settings

BROKEN = Path(__file__).resolve().parent / "broken"


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    """Give every test a fresh in-memory channel layer, whatever REDIS_URL says."""
    # Changing the setting makes Channels build a new layer from it.
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
async def communicators(transactional_db):
    """Make WebSocket communicators to any application; disconnect the living ones after."""
    # transactional_db, as in the course's own tests: without it, a consumer
    # test that runs after one whose consumer used the database fails at
    # disconnect with "Database access not allowed" (see test_database.py).
    made = []

    def make(application, path, headers=()):
        communicator = WebsocketCommunicator(application, path, headers=list(headers))
        made.append(communicator)
        return communicator

    yield make
    for communicator in made:
        # One whose application raised has ended already: that error was the point.
        if not communicator.future.done():
            await communicator.disconnect()


@pytest.fixture(scope="session", autouse=True)
def start_early(request):
    """Start the slow processes before the first test, if a collected test needs them."""
    # They boot while the quick tests run, instead of one after the other.
    needed = {name for item in request.session.items for name in item.fixturenames}
    for name in ("servers", "sample_runs"):
        if name in needed:
            request.getfixturevalue(name)


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    """Return a folder for the settings, databases and logs of the session's processes."""
    return tmp_path_factory.mktemp("processes")


@pytest.fixture(scope="session")
def servers(workdir):
    """Start every server the session needs at once, so that they boot side by side."""
    step = write_settings(workdir, "step_settings")
    broken = write_settings(
        workdir, "broken_settings", 'ASGI_APPLICATION = "tests.broken.asgi.application"'
    )
    started = {
        "step": start_runserver(workdir, step, "step"),
        "second": start_runserver(workdir, step, "second"),
        "broken": start_runserver(workdir, broken, "broken"),
    }
    yield started
    for server in started.values():
        server.stop()


@pytest.fixture(scope="session")
def step_server(servers):
    """Return the finished step, served by `manage.py runserver`."""
    return servers["step"].wait_until_serving()


@pytest.fixture(scope="session")
def second_step_server(servers):
    """Return a second, separate process serving the finished step."""
    return servers["second"].wait_until_serving()


@pytest.fixture(scope="session")
def broken_server(servers):
    """Return tests/broken/asgi.py, the step with four mistakes, served by runserver."""
    return servers["broken"].wait_until_serving()


@pytest.fixture(scope="session")
def sample_runs(tmp_path_factory):
    """Start pytest on the broken sample tests, in two runs side by side."""
    course = tmp_path_factory.mktemp("course_db")
    file_db = tmp_path_factory.mktemp("file_db")
    # A test database in a file, not in memory: PostgreSQL behaves like this.
    test_db = str(file_db / "test.sqlite3")
    file_db_settings = write_settings(
        file_db, "file_db_settings", f"DATABASES['default']['TEST'] = {{'NAME': {test_db!r}}}"
    )
    runs = {
        # The course's own settings, in the order the tests below rely on.
        "course": start_pytest(
            course,
            {
                "test_forgotten_disconnect.py": BROKEN / "forgotten_disconnect.py",
                "test_shared_communicator.py": BROKEN / "shared_communicator.py",
                "test_database_then_none.py": BROKEN / "database_then_none.py",
            },
            "config.settings",
        ),
        "file_db": start_pytest(
            file_db,
            {"test_plain_django_db.py": BROKEN / "plain_django_db.py"},
            file_db_settings,
        ),
    }
    yield runs
    for run in runs.values():
        run.stop()
