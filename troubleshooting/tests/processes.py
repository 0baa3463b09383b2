"""Run the finished step, and broken variants of it, as real processes on 127.0.0.1."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
# troubleshooting/, whose `tests` package holds the broken variants.
HERE = Path(__file__).resolve().parent.parent
STEP_DIR = HERE.parent / "steps" / "04_groups"
# `manage.py` with the settings named in the environment, as `python -m django`:
# running the step's manage.py file would put the step folder first on the
# import path, and its own `tests` package would hide this one.
MANAGE = ["-m", "django"]
# Generous: on a busy laptop, Django and Twisted take seconds to import.
TIMEOUT = 45


def free_port():
    """Ask the kernel for a loopback port nobody is using."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def python_env(folder, settings=None):
    """Return an environment in which `folder`, this project and the step import."""
    # This folder's `tests` must come before the step's own `tests` package.
    paths = [str(folder), str(HERE), str(STEP_DIR)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(paths),
        "PYTHONUNBUFFERED": "1",
        # The course's default channel layer, whatever REDIS_URL says in your shell.
        "REDIS_URL": "",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if settings:
        env["DJANGO_SETTINGS_MODULE"] = settings
    return env


def write_settings(folder, name, body=""):
    """Write settings module `name` in `folder`: the step's settings, then `body`."""
    # A database of its own, so that nothing writes to the step folder's db.sqlite3.
    database = str(folder / f"{name}.sqlite3")
    text = (
        "from config.settings import *\n\n"
        "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', "
        f"'NAME': {database!r}}}}}\n"
        f"{body}\n"
    )
    (folder / f"{name}.py").write_text(text)
    return name


@dataclass
class Job:
    """A Python process started now, whose output goes to a file read later."""

    log_path: Path
    process: subprocess.Popen

    @classmethod
    def start(cls, folder, args, settings=None, name="job"):
        """Start `python ARGS` in `folder` with `settings`."""
        log_path = folder / f"{name}.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, *args],
                cwd=folder,
                env=python_env(folder, settings),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return cls(log_path, process)

    def output(self):
        """Return everything the process printed so far."""
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text, timeout=10):
        """Return the output once it holds `text`; fail if it does not within `timeout` s."""
        # A server logs a request after answering it: the client can be faster.
        deadline = time.monotonic() + timeout
        while text not in (output := self.output()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} not printed within {timeout}s:\n{output}")
            time.sleep(0.05)  # A log file offers nothing to await.
        return output

    def result(self, timeout=TIMEOUT):
        """Wait for the process to exit; return its exit code and output."""
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            self.stop()
        return code, self.output()

    def stop(self):
        """Stop the process with SIGTERM if it still runs, and kill it if it hangs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def run_python(folder, args, settings=None, name="run"):
    """Run `python ARGS` in `folder` until it exits; return its exit code and output."""
    return Job.start(folder, args, settings, name).result()


@dataclass
class Server(Job):
    """A server process on a loopback port."""

    port: int = 0

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def ws_url(self):
        return f"ws://{HOST}:{self.port}"

    def wait_until_serving(self, timeout=TIMEOUT):
        """Poll over HTTP until the server answers; fail if it exits or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.output()}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=1).close()
                return self
            except urllib.error.HTTPError:
                return self  # Any HTTP answer, even an error page, means it serves.
            except OSError:
                time.sleep(0.1)  # Nothing to await on a port that is not open yet.
        raise RuntimeError(f"server did not answer within {timeout}s:\n{self.output()}")


def start_runserver(folder, settings, name):
    """Start `manage.py runserver --noreload` on a free port; return it, not yet serving."""
    port = free_port()
    args = [*MANAGE, "runserver", "--noreload", f"{HOST}:{port}"]
    job = Job.start(folder, args, settings, name)
    return Server(job.log_path, job.process, port)


def start_pytest(folder, samples, settings):
    """Start pytest on `samples` (name: source file), copied into `folder` and run in order."""
    (folder / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    for name, source in samples.items():
        shutil.copyfile(source, folder / name)
    # -rA names every test with its outcome; --no-migrations builds the tables
    # straight from the models, seconds faster and all the samples need.
    args = ["-m", "pytest", "-p", "no:cacheprovider", "-rA", "--no-migrations", *samples]
    return Job.start(folder, args, settings, "pytest")
