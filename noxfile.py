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
# Test suites beside the steps, each a pytest project of its own.
OTHER_SUITES = ["kit", "troubleshooting", "deploy", "tools/tests"]
# Material for MkDocs prints a long notice about MkDocs 2 on every build.
QUIET_DOCS = {"NO_MKDOCS_2_WARNING": "1"}


def install_kit(session):
    """Make the course's test kit, kit/course_kit, importable in the session's environment."""
    # A .pth file, as an editable install would write, but with no build step:
    # it works offline, and `pytest` run inside a step folder finds the kit too.
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site_packages = session.run_install("python", "-c", purelib, silent=True).strip()
    Path(site_packages, "course_kit.pth").write_text(f"{ROOT / 'kit'}\n")


def split_steps(posargs, names=STEPS):
    """Split session arguments into step (or suite) names and the rest."""
    steps = [arg for arg in posargs if arg in names]
    rest = [arg for arg in posargs if arg not in names]
    return steps, rest


def run_each(session, targets, *args, env=None):
    """Run pytest once per target, in separate processes; fail after all have run."""
    failed = []
    for target in targets:
        try:
            session.run("pytest", target, *args, env=env)
        except nox.command.CommandFailed:
            failed.append(target)
    if failed:
        session.error(f"tests failed in: {', '.join(failed)}")


@nox.session
def tests(session):
    """Run every step's tests, each in a pytest process of its own, then the other suites.

    Name steps or suites to run only those: `nox -s tests -- 03_routing troubleshooting`.
    """
    session.install("-r", "requirements/tests.txt")
    install_kit(session)
    named, pytest_args = split_steps(session.posargs, [*STEPS, *OTHER_SUITES])
    # Every step defines a package named `config`: two steps never share a process.
    targets = [name if name in OTHER_SUITES else f"steps/{name}" for name in named]
    if not named:
        targets = [f"steps/{step}" for step in STEPS] + OTHER_SUITES
    run_each(session, targets, *pytest_args)


@nox.session
def docs(session):
    """Check the pages against the steps, build the site strictly, and test it in a browser."""
    session.install("-r", "requirements/docs.txt", "-r", "requirements/tests.txt")
    install_kit(session)
    session.run("python", "-m", "tools.course_docs", "check")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site", env=QUIET_DOCS)
    session.run("pytest", "tools/site_tests", *session.posargs, env=QUIET_DOCS)


@nox.session
def lint(session):
    """Check code style and formatting with ruff."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(default=False)
def diffs(session):
    """Regenerate each step page's diff and "Build it" from the step folders."""
    install_kit(session)
    session.run("python", "-m", "tools.course_docs", "diffs")


@nox.session(default=False)
def check(session):
    """Run a step's tests on your own project: `nox -s check -- 03_routing PATH [--fast]`."""
    if len(session.posargs) < 2:
        session.error("say which step and which folder: nox -s check -- 03_routing PATH")
    session.install("-r", "requirements/tests.txt")
    install_kit(session)
    # PATH is relative to where you ran nox, not to this file's folder.
    session.chdir(session.invoked_from)
    session.run("python", "-m", "course_kit.check", *session.posargs)


@nox.session(default=False)
def catchup(session):
    """Put a step's result into your folder: `nox -s catchup -- 03_routing PATH [--force]`."""
    if len(session.posargs) < 2:
        session.error("say which step and which folder: nox -s catchup -- 03_routing PATH")
    install_kit(session)
    session.chdir(session.invoked_from)
    session.run("python", "-m", "course_kit.catchup", *session.posargs)


@nox.session(default=False)
def screenshots(session):
    """Retake the docs' screenshots with each step's browser tests."""
    session.install("-r", "requirements/tests.txt")
    install_kit(session)
    env = {"SCREENSHOT_DIR": str(ROOT / "docs" / "screenshots"), "REQUIRE_BROWSER": "1"}
    run_each(session, [f"steps/{step}" for step in STEPS], "-m", "browser", env=env)


@nox.session(default=False)
def run(session):
    """Migrate and serve one step (default: the last) at http://127.0.0.1:8000."""
    steps, rest = split_steps(session.posargs)
    step = steps[0] if steps else LAST_STEP
    port = rest[0] if rest else "8000"
    session.install("-r", "requirements/app.txt")
    session.chdir(ROOT / "steps" / step)
    session.run("python", "manage.py", "migrate", "--noinput")
    session.log(f"serving {step} at http://127.0.0.1:{port}/ (Ctrl+C stops it)")
    if os.environ.get("REDIS_URL"):
        session.log(f"REDIS_URL is set: a step with a channel layer uses {os.environ['REDIS_URL']}")
    session.run("python", "manage.py", "runserver", f"127.0.0.1:{port}")


@nox.session(default=False)
def docs_serve(session):
    """Serve the docs with live reload at http://127.0.0.1:8001."""
    session.install("-r", "requirements/docs.txt")
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8001", env=QUIET_DOCS)


@nox.session(default=False)
def lock(session):
    """Re-pin requirements/*.txt from pyproject.toml, one set for Python 3.10 and later."""
    session.install("uv")
    pin = ["uv", "pip", "compile", "--quiet", "--universal", "--python-version", "3.10"]
    pin += ["--fork-strategy", "fewest", "--upgrade"]
    session.run(*pin, "pyproject.toml", "-o", "requirements/app.txt")
    session.run(*pin, "pyproject.toml", "--group", "tests", "-o", "requirements/tests.txt")
    for group in ("docs", "lint", "nox"):
        session.run(*pin, "--group", group, "-o", f"requirements/{group}.txt")
