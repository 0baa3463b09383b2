"""Share the real servers, the Redis servers and the table of figures every scenario adds to."""

import contextlib
import socket

import pytest

from course_kit.processes import HOST
from course_kit.redis_server import find_redis_server, running_redis
from tests.clients import drop_leftovers
from tests.figures import Figure, formatted, should_record, table, write_generated
from tests.servers import Redis, migrate, start_daphne, write_settings

FIGURES = pytest.StashKey[list]()
# The server fixtures, and the processes each one starts: start_early boots
# every process the collected tests need at once, before the first test.
BOOTS = {
    "memory_server": ["memory_boot"],
    "redis_server": ["redis_boot"],
    "room_server": ["memory_boot", "redis_boot"],
    "second_redis_server": ["second_redis_boot"],
    "crowd_server": ["crowd_memory_boot", "crowd_redis_boot"],
    "flaky_server": ["flaky_boot"],
    "silent_server": ["silent_boot"],
}


def pytest_configure(config):
    config.stash[FIGURES] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark the figures of a test that passed: only those go into the docs."""
    report = yield
    if report.when == "call" and report.passed:
        for figure in item.config.stash[FIGURES]:
            if figure.test == item.nodeid:
                figure.passed = True
    return report


def pytest_terminal_summary(terminalreporter, config):
    """Print every scenario's figures after the run; write them for the docs if asked."""
    figures = config.stash[FIGURES]
    if not figures:
        return
    terminalreporter.section("figures")
    terminalreporter.write_line(table(figures, with_outcome=True))
    if should_record():
        path = write_generated(figures)
        terminalreporter.write_line(f"wrote the figures of the scenarios that passed to {path}")
        failed = sorted({figure.test for figure in figures if not figure.passed})
        for test in failed:
            terminalreporter.write_line(f"left out, since it did not pass: {test}")


@pytest.fixture
def record(request):
    """Return a function that adds a figure to the table: record(scenario, name, value, unit)."""

    def add(scenario, name, value, unit=""):
        figure = Figure(scenario, name, formatted(value, unit), request.node.nodeid)
        request.config.stash[FIGURES].append(figure)

    return add


@pytest.fixture(autouse=True)
async def leftover_sockets():
    """Drop the sockets a failed test left open, before its event loop closes."""
    yield
    await drop_leftovers()


@pytest.fixture(scope="session")
def open_file_limit():
    """Raise this process's open-file limit as far as allowed; return the new soft limit."""
    # A thousand sockets need a thousand descriptors here, and as many in each
    # server: the servers, started later, inherit the raised limit.
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise.
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    for wanted in (65536, 10240, 4096):
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        if wanted <= soft:
            return soft
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            return wanted
        except (ValueError, OSError):
            continue  # macOS refuses more than its per-process maximum.
    return soft


@pytest.fixture(scope="session", autouse=True)
def start_early(request, open_file_limit):
    """Start every server the collected tests need, so that they boot side by side."""
    needed = {name for item in request.session.items for name in item.fixturenames}
    boots = {boot for name, names in BOOTS.items() if name in needed for boot in names}
    for boot in sorted(boots):
        # No redis-server: each test that needs it skips, or fails under
        # REQUIRE_REDIS=1, when it asks for the fixture itself.
        with contextlib.suppress(pytest.skip.Exception, pytest.fail.Exception):
            request.getfixturevalue(boot)


class Fleet:
    """The servers this session started; stop them all at the end."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.servers = []

    def start(self, name, redis_url=None):
        server = start_daphne(self.workdir, name, redis_url)
        self.servers.append(server)
        return server

    def stop(self):
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="session")
def workdir(tmp_path_factory):
    """Return a folder for the settings, the database and the logs of the servers."""
    folder = tmp_path_factory.mktemp("faults")
    write_settings(folder)
    return folder


@pytest.fixture(scope="session")
def fleet(workdir):
    """Return the session's servers, once the step's tables exist; stop them after."""
    migrate(workdir)
    started = Fleet(workdir)
    yield started
    started.stop()


@pytest.fixture(autouse=True)
def scenario_logs(fleet):
    """Start each test's reading of every server log where the log stands now."""
    for server in fleet.servers:
        server.begin_scenario()


@pytest.fixture(scope="session")
def shared_redis(tmp_path_factory):
    """Run a redis-server for the session that the Redis servers share; return its URL."""
    with running_redis(find_redis_server(), tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="session")
def flaky_redis(tmp_path_factory):
    """Run a redis-server that a test may stop and start again on the same port."""
    redis = Redis(find_redis_server(), tmp_path_factory.mktemp("flaky-redis"))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="session")
def silent_redis():
    """Listen where a Redis would, and never answer: a Redis that hangs. Return its URL."""
    # The kernel completes each connection into the backlog; nothing reads it.
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(128)
        yield f"redis://{HOST}:{listener.getsockname()[1]}/0"


@pytest.fixture(scope="session")
def memory_boot(fleet):
    return fleet.start("memory")


@pytest.fixture(scope="session")
def redis_boot(fleet, shared_redis):
    return fleet.start("redis", shared_redis)


@pytest.fixture(scope="session")
def second_redis_boot(fleet, shared_redis):
    return fleet.start("redis-second", shared_redis)


@pytest.fixture(scope="session")
def crowd_memory_boot(fleet):
    return fleet.start("crowd-memory")


@pytest.fixture(scope="session")
def crowd_redis_boot(fleet, shared_redis):
    return fleet.start("crowd-redis", shared_redis)


@pytest.fixture(scope="session")
def flaky_boot(fleet, flaky_redis):
    return fleet.start("flaky", flaky_redis.url)


@pytest.fixture(scope="session")
def silent_boot(fleet, silent_redis):
    return fleet.start("silent", silent_redis)


@pytest.fixture(scope="session")
def memory_server(memory_boot):
    """Return the step served by daphne on the in-memory layer."""
    return memory_boot.wait_until_serving()


@pytest.fixture(scope="session")
def redis_server(redis_boot):
    """Return the step served by daphne on the shared Redis."""
    return redis_boot.wait_until_serving()


@pytest.fixture(scope="session")
def second_redis_server(second_redis_boot):
    """Return a second daphne process on the same Redis."""
    return second_redis_boot.wait_until_serving()


@pytest.fixture(params=["in-memory", "redis"])
def room_server(request):
    """Return the step on each kind of channel layer in turn."""
    name = "memory_server" if request.param == "in-memory" else "redis_server"
    return request.getfixturevalue(name)


@pytest.fixture(params=["in-memory", "redis"])
def crowd_server(request):
    """Return a server of its own for a crowd, on each kind of channel layer in turn."""
    # Of its own: a thousand sockets must not slow the other scenarios' servers.
    name = "crowd_memory_boot" if request.param == "in-memory" else "crowd_redis_boot"
    return request.getfixturevalue(name).wait_until_serving()


@pytest.fixture(scope="session")
def silent_server(silent_boot):
    """Return a server whose Redis takes connections and never answers."""
    return silent_boot.wait_until_serving()


@pytest.fixture
def flaky_server(flaky_boot, flaky_redis):
    """Return a server whose Redis a test may stop; Redis runs again after the test."""
    server = flaky_boot.wait_until_serving()
    flaky_redis.start()
    yield server
    flaky_redis.start()
