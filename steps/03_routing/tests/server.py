"""Run a project's real development server on a free loopback port."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


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
        return self.log_path.read_text(errors="replace")

    def stop(self):
        """Stop the server now."""
        stop(self.process)


def free_port():
    """Ask the kernel for a loopback port nobody is using."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(project_dir, *args, env=None):
    """Run `python manage.py ARGS` in the project and return its output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def server_env(extra=None):
    """Return the environment for a server: this one, unbuffered, plus `extra`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra or {})}
    return {name: value for name, value in env.items() if value is not None}


def wait_until_serving(server, timeout):
    """Poll the server over HTTP until it answers, exits, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.output()}")
        try:
            urllib.request.urlopen(server.url + "/", timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # Any HTTP answer, even an error page, means it is serving.
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer within {timeout}s:\n{server.output()}")


def stop(process):
    """Stop the server cleanly, and kill it if it hangs."""
    if process.poll() is None:
        # SIGTERM, not SIGINT: a shell starts background jobs with SIGINT
        # ignored, and Twisted stops cleanly on either.
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def running_server(project_dir, log_path, env=None, port=None, timeout=30):
    """Start `manage.py runserver` (on a free port by default), yield it, then stop it."""
    port = port or free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"{HOST}:{port}"],
            cwd=project_dir,
            env=server_env(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(port=port, log_path=log_path, process=process)
    try:
        wait_until_serving(server, timeout)
        yield server
    finally:
        stop(process)
