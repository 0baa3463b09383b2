"""Run a project's real development server on a free loopback port."""

import contextlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from course_kit.processes import HOST, free_port, read_log, stop, wait_for_text

# Generous: on a busy laptop, Django and Twisted take seconds to import.
START_TIMEOUT = 45


@dataclass
class Server:
    """A running server: where to reach it and what it has printed."""

    port: int
    log_path: Path
    process: subprocess.Popen

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def ws_url(self):
        return f"ws://{HOST}:{self.port}"

    def output(self):
        """Return everything the server printed so far."""
        return read_log(self.log_path)

    def wait_for(self, text, timeout=10):
        """Return the output once it holds `text`; fail if it does not within `timeout` s."""
        return wait_for_text(self.log_path, text, timeout)

    def wait_until_serving(self, timeout=START_TIMEOUT):
        """Poll over HTTP until the server answers; fail if it exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).close()
                return self
            except urllib.error.HTTPError:
                return self  # Any HTTP answer, even an error page, means it is serving.
            except OSError:
                time.sleep(0.1)  # Nothing to await on a port that is not open yet.
        raise RuntimeError(f"server did not answer within {timeout}s:\n{self.output()}")

    def stop(self):
        """Stop the server now."""
        stop(self.process)


def server_env(extra=None):
    """Return the environment for a server: this one, unbuffered, plus `extra`."""
    # A value of None in `extra` removes that variable.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra or {})}
    return {name: value for name, value in env.items() if value is not None}


def manage(project_dir, *args, env=None, timeout=120):
    """Run `python manage.py ARGS` in the project and return its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project_dir,
        env=server_env(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def start_server(project_dir, log_path, env=None, port=None, python=sys.executable):
    """Start `manage.py runserver` on a free port (or `port`); return it, not yet serving."""
    port = port or free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [python, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"],
            cwd=project_dir,
            env=server_env(env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Server(port=port, log_path=Path(log_path), process=process)


@contextlib.contextmanager
def running_server(project_dir, log_path, env=None, port=None, timeout=START_TIMEOUT):
    """Start the project's development server, yield it once it serves, then stop it."""
    server = start_server(project_dir, log_path, env=env, port=port)
    try:
        yield server.wait_until_serving(timeout)
    finally:
        server.stop()
