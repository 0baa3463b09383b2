"""Run a throwaway redis-server on a free loopback port."""

import contextlib
import subprocess
import time

import redis

from tests.server import HOST, free_port


def wait_until_answering(url, process, timeout):
    """Ping Redis until it answers, exits, or time runs out."""
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
def running_redis(binary, workdir, timeout=10):
    """Start redis-server with no persistence, yield its URL, then stop it."""
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    url = f"redis://{HOST}:{port}/0"
    try:
        wait_until_answering(url, process, timeout)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
