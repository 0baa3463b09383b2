"""Run the finished step, and broken variants of it, as real processes on 127.0.0.1."""

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course_kit.layout import last_step, step_dir
from course_kit.processes import HOST, free_port, read_log, stop
from course_kit.server import START_TIMEOUT, Server, server_env

# troubleshooting/, whose `tests` package holds the broken variants.
HERE = Path(__file__).resolve().parent.parent
STEP_DIR = step_dir(last_step())
# `manage.py` with the settings named in the environment, as `python -m django`:
# running the step's manage.py file would put the step folder first on the
# import path, and its own `tests` package would hide this one.
MANAGE = ["-m", "django"]


def python_env(folder, settings=None, step=STEP_DIR):
    """Return an environment in which `folder`, this project and `step` import."""
    # The step's `tests` package holds its own tests; this folder's, with the
    # broken variants, must come before it.
    paths = [str(folder), str(HERE), str(step)]
    return server_env(
        {
            "PYTHONPATH": os.pathsep.join(paths),
            # The course's default channel layer, whatever REDIS_URL says in your shell.
            "REDIS_URL": "",
            # None leaves the variable out: the process then runs with no settings named.
            "DJANGO_SETTINGS_MODULE": settings,
        }
    )


def write_settings(folder, name, body="", database=None):
    """Write settings module `name` in `folder`: the step's settings, then `body`."""
    # A database of its own, or that of the settings named `database`: never
    # the step folder's db.sqlite3.
    database = str(folder / f"{database or name}.sqlite3")
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
    def start(cls, folder, args, settings=None, name="job", step=STEP_DIR):
        """Start `python ARGS` in `folder` with `settings`, importing from `step`."""
        log_path = folder / f"{name}.log"
        with open(log_path, "w") as log:
            process = subprocess.Popen(
                [sys.executable, *args],
                cwd=folder,
                env=python_env(folder, settings, step),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return cls(log_path, process)

    def output(self):
        """Return everything the process printed so far."""
        return read_log(self.log_path)

    def result(self, timeout=START_TIMEOUT):
        """Wait for the process to exit; return its exit code and output."""
        # A server's start timeout: these processes import Django and Twisted too.
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            self.stop()
        return code, self.output()

    def stop(self):
        """Stop the process if it still runs."""
        stop(self.process)


def run_python(folder, args, settings=None, name="run"):
    """Run `python ARGS` in `folder` until it exits; return its exit code and output."""
    return Job.start(folder, args, settings, name).result()


def start_runserver(folder, settings, name):
    """Start `manage.py runserver --noreload` on a free port; return it, not yet serving."""
    port = free_port()
    args = [*MANAGE, "runserver", "--noreload", f"{HOST}:{port}"]
    job = Job.start(folder, args, settings, name)
    return Server(port=port, log_path=job.log_path, process=job.process)


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
