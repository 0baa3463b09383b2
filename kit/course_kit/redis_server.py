"""Run a throwaway redis-server on a free loopback port."""

import contextlib
import shutil
import subprocess
import time

from course_kit.needs import missing
from course_kit.processes import HOST, free_port, stop


def find_redis_server():
    """Return the path of redis-server; skip, or fail under REQUIRE_REDIS=1, without one."""
    binary = shutil.which("redis-server")
    if binary is None:
        missing("no redis-server found: install Redis to run the Redis tests", "REQUIRE_REDIS")
    return binary


def wait_until_answering(url, process, timeout):
    """Ping Redis until it answers, exits, or time runs out."""
    # Imported here: only the steps with a channel layer install redis-py's client.
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited early with code {process.returncode}")
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not answer within {timeout}s")
    finally:
        client.close()


@contextlib.contextmanager
def running_redis(binary, workdir, port=None, timeout=10):
    """Start redis-server with no persistence, yield its URL, then stop it."""
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://{HOST}:{port}/0"
    try:
        wait_until_answering(url, process, timeout)
        yield url
    finally:
        stop(process)
