"""Share fixtures: communicators, and real processes of the finished and the broken step."""

from pathlib import Path

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from config.channel_layers import channel_layers
from course_kit.redis_server import find_redis_server, running_redis
from tests.clients import ORIGIN
from tests.processes import MANAGE, run_python, start_pytest, start_runserver, write_settings

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


@pytest.fixture
def enter(communicators):
    """Return a function that connects a member to a room of the finished step, as a page does."""
    # A test that asks for channel_layer asks for it before this fixture, so
    # that the members disconnect before the layer is emptied and closed.
    members = {}

    async def enter_room(room, query=""):
        path = f"/ws/rooms/{room}/" + (f"?{query}" if query else "")
        member = communicators(application, path, headers=[ORIGIN])
        connected, _ = await member.connect()
        assert connected, f"could not join {room}"
        assert (await member.receive_json_from())["type"] == "welcome"
        # Those already in the room hear the newcomer join: read it here, so
        # that each test starts from empty mailboxes.
        for earlier in members.setdefault(room, []):
            assert (await earlier.receive_json_from())["type"] == "join"
        members[room].append(member)
        return member

    return enter_room


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """Run a real redis-server for the session and return its URL."""
    with running_redis(find_redis_server(), tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["in-memory", "redis"])
async def channel_layer(request, settings):
    """Switch the finished step to each kind of channel layer in turn; empty it after."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    settings.CHANNEL_LAYERS = channel_layers(url)
    layer = get_channel_layer()
    yield layer
    await layer.flush()
    if hasattr(layer, "close_pools"):
        await layer.close_pools()


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
def step_settings(workdir):
    """Write the finished step's settings, with a database of its own; migrate it."""
    name = write_settings(workdir, "step_settings")
    # From step 05 on, a room reads its announcements on connect: without the
    # table, every connection to a room closes with 1011.
    code, output = run_python(workdir, [*MANAGE, "migrate", "--noinput"], name, "migrate")
    assert code == 0, output
    return name


@pytest.fixture(scope="session")
def servers(workdir, step_settings):
    """Start every server the session needs at once, so that they boot side by side."""
    # The step's database, whose tables are there already.
    broken = write_settings(
        workdir,
        "broken_settings",
        'ASGI_APPLICATION = "tests.broken.asgi.application"\nROOT_URLCONF = "tests.broken.urls"',
        database=step_settings,
    )
    started = {
        "step": start_runserver(workdir, step_settings, "step"),
        "second": start_runserver(workdir, step_settings, "second"),
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
    """Return the step with the mistakes of broken/asgi.py and broken/urls.py, on runserver."""
    return servers["broken"].wait_until_serving()


@pytest.fixture(scope="session")
def sample_runs(tmp_path_factory):
    """Start pytest on the broken sample tests, in runs side by side."""
    course = tmp_path_factory.mktemp("course_db")
    events = tmp_path_factory.mktemp("events")
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
        # Apart from "course": its tests check that nothing there prints a warning.
        "events": start_pytest(
            events,
            {"test_unawaited_group_send.py": BROKEN / "unawaited_group_send.py"},
            "config.settings",
        ),
    }
    yield runs
    for run in runs.values():
        run.stop()
