"""Run the course: tests, docs, lint and a step's server. `nox -l` lists the sessions."""

import os
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
# uv installs in seconds where it is present; plain virtualenv + pip otherwise.
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent
STEPS = sorted(path.name for path in (ROOT / "steps").iterdir() if (path / "manage.py").is_file())
LAST_STEP = STEPS[-1]


def split_steps(posargs):
    """Split session arguments into step names and the rest."""
    steps = [arg for arg in posargs if arg in STEPS]
    rest = [arg for arg in posargs if arg not in STEPS]
    return steps, rest


@nox.session
def tests(session):
    """Run every step's tests, each step in its own pytest process, then the tooling's."""
    session.install("-r", "requirements/tests.txt")
    steps, pytest_args = split_steps(session.posargs)
    # Two steps define the same `config` package: they must never share a process.
    targets = [f"steps/{step}" for step in steps or STEPS]
    if not steps:
        targets.append("tools")
    failed = []
    for target in targets:
        try:
            session.run("pytest", target, *pytest_args)
        except nox.command.CommandFailed:
            failed.append(target)
    if failed:
        session.error(f"tests failed in: {', '.join(failed)}")


@nox.session
def docs(session):
    """Check the pages against the steps, then build the site strictly."""
    session.install("-r", "requirements/docs.txt")
    session.run("python", "-m", "tools.course_docs", "check")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site")


@nox.session
def lint(session):
    """Check code style and formatting with ruff."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def diffs(session):
    """Regenerate each step page's diff from the step folders."""
    session.run("python", "-m", "tools.course_docs", "diffs")


@nox.session(default=False)
def run(session):
    """Migrate and serve one step (default: the last) at http://127.0.0.1:8000."""
    steps, rest = split_steps(session.posargs)
    step = steps[0] if steps else LAST_STEP
    port = rest[0] if rest else "8000"
    session.install("-r", "requirements/app.txt")
    session.chdir(ROOT / "steps" / step)
    session.run("python", "manage.py", "migrate", "--noinput")
    if os.environ.get("REDIS_URL"):
        session.log(f"channel layer: Redis at {os.environ['REDIS_URL']}")
    session.run("python", "manage.py", "runserver", f"127.0.0.1:{port}")


@nox.session(default=False)
def docs_serve(session):
    """Serve the docs with live reload at http://127.0.0.1:8001."""
    session.install("-r", "requirements/docs.txt")
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8001")
