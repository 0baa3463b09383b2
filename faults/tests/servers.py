"""Serve the finished step with daphne, as production would, on 127.0.0.1 only."""

import contextlib
import inspect
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from daphne.server import Server as DaphneServer

from course_kit.layout import last_step, step_dir
from course_kit.processes import HOST, free_port, read_log
from course_kit.redis_server import running_redis
from course_kit.server import START_TIMEOUT, Server, server_env

STEP_DIR = step_dir(last_step())
SETTINGS = "faults_settings"
# Lines that must never appear in a server's log, whatever the load. The last
# is daphne killing a consumer that went on running after its socket closed.
CRASH_MARKERS = (
    "Traceback",
    "Exception inside application",
    "ChannelFull",
    "took too long to shut down and was killed",
)
# Seconds daphne gives a consumer to end after its socket closed before it
# kills it: its default, as in production. Shorter, it killed consumers still
# busy leaving when hundreds left at once, and their leaves were never sent.
CLOSE_TIMEOUT = inspect.signature(DaphneServer).parameters["application_close_timeout"].default


def python_env(workdir, redis_url=None):
    """Return the environment of a process that imports the step with this suite's settings."""
    return server_env(
        {
            # The settings module first, then the step's `config` and apps.
            "PYTHONPATH": os.pathsep.join([str(workdir), str(STEP_DIR)]),
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            # Empty picks the in-memory layer, whatever REDIS_URL says in the shell.
            "REDIS_URL": redis_url or "",
        }
    )


def write_settings(workdir):
    """Write the step's settings with a database in `workdir`, never the step folder's."""
    database = str(workdir / "faults.sqlite3")
    (workdir / f"{SETTINGS}.py").write_text(
        "from config.settings import *\n\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {database!r}}}}}\n"
    )


def migrate(workdir):
    """Create the step's tables: a room reads its announcements on connect."""
    result = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--noinput"],
        cwd=workdir,
        env=python_env(workdir),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@dataclass
class Daphne(Server):
    """A daphne process serving the step: its address, its log, its memory."""

    # The channel layer it runs on, as the figures name it.
    layer: str = "in-memory"
    # Where the log stood when the current scenario began.
    mark: int = field(default=0)

    def rss_mib(self):
        """Return the server's resident memory in MiB, or None where /proc is missing."""
        status = Path(f"/proc/{self.process.pid}/status")
        if not status.is_file():
            return None
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return None

    def begin_scenario(self):
        """Remember where the log stands, so that crashes() reads this scenario's lines only."""
        self.mark = len(read_log(self.log_path))

    def crashes(self):
        """Return the lines of this scenario's log that show a crash or a full channel."""
        lines = read_log(self.log_path)[self.mark :].splitlines()
        return [line for line in lines if any(marker in line for marker in CRASH_MARKERS)]


def start_daphne(workdir, name, redis_url=None):
    """Start `daphne config.asgi:application` on a free port; return it, not yet serving."""
    port = free_port()
    log_path = workdir / f"{name}.log"
    command = [sys.executable, "-m", "daphne", "-b", HOST, "-p", str(port)]
    # Every handshake and close in a log of its own: the main log stays short
    # enough to search for crashes after a thousand connections.
    command += ["--access-log", str(workdir / f"{name}.access.log"), "config.asgi:application"]
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=workdir,
            env=python_env(workdir, redis_url),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    layer = "Redis" if redis_url else "in-memory"
    return Daphne(port=port, log_path=log_path, process=process, layer=layer)


class Redis:
    """A redis-server on a fixed loopback port that a test can stop and start again."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self._running = None

    @property
    def is_running(self):
        return self._running is not None

    def start(self):
        """Start redis-server on this object's port, empty; return once it answers."""
        if not self._running:
            running = contextlib.ExitStack()
            running.enter_context(running_redis(self.binary, self.workdir, port=self.port))
            self._running = running

    def stop(self):
        """Stop redis-server: every client's connection to it breaks at once."""
        if self._running:
            self._running.close()
            self._running = None
