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
OTHER_SUITES = ["kit", "troubleshooting", "faults", "deploy", "tools/tests"]
# The offline copy of every pinned package that `nox -s wheelhouse` makes.
WHEELHOUSE = ROOT / "wheelhouse"
# Material for MkDocs prints a long notice about MkDocs 2 on every build.
QUIET_DOCS = {"NO_MKDOCS_2_WARNING": "1"}


def install_pinned(session, *names):
    """Install requirements/NAME.txt for each name, from wheelhouse/ when it is there."""
    # No network needed where `nox -s wheelhouse` has brought the wheels: a
    # workshop room's Wi-Fi may be slow, or gone.
    source = ["--no-index", "--find-links", str(WHEELHOUSE)] if WHEELHOUSE.is_dir() else []
    session.install(*source, *(arg for name in names for arg in ("-r", f"requirements/{name}.txt")))


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
    install_pinned(session, "tests")
    install_kit(session)
    named, pytest_args = split_steps(session.posargs, [*STEPS, *OTHER_SUITES])
    folders = [(Path(session.invoked_from) / arg).resolve() for arg in pytest_args]
    projects = [f for f in folders if (f / "manage.py").is_file() and not f.is_relative_to(ROOT)]
    if projects:
        # pytest would mix the project with the step's own: the check keeps them apart.
        session.error(f"to test your own project, run: nox -s check -- STEP {projects[0]}")
    # Every step defines a package named `config`: two steps never share a process.
    targets = [name if name in OTHER_SUITES else f"steps/{name}" for name in named]
    if not named:
        targets = [f"steps/{step}" for step in STEPS] + OTHER_SUITES
    run_each(session, targets, *pytest_args)


@nox.session
def docs(session):
    """Check the pages against the steps, build the site strictly, and test it in a browser."""
    install_pinned(session, "docs", "tests")
    install_kit(session)
    session.run("python", "-m", "tools.course_docs", "check")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site", env=QUIET_DOCS)
    session.run("pytest", "tools/site_tests", *session.posargs, env=QUIET_DOCS)


@nox.session
def lint(session):
    """Check code style and formatting with ruff."""
    install_pinned(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def exercises(session):
    """Check that each exercise's tests fail on its step and pass with its solution.

    Name steps or exercises to verify only those: `nox -s exercises -- 02_echo typing`.
    """
    install_pinned(session, "tests")
    install_kit(session)
    session.run("python", "-m", "course_kit.exercises", *session.posargs)


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
    install_pinned(session, "tests")
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
def doctor(session):
    """Check this computer for a workshop: Python, packages, servers, ports, Chromium, Redis."""
    install_kit(session)
    try:
        install_pinned(session, "app", "tests")
    except nox.command.CommandFailed:
        # The doctor says what to do, beside the checks that need no package.
        failed = "wheelhouse" if WHEELHOUSE.is_dir() else "index"
        doctor_args = ["--install-failed", failed, *session.posargs]
        session.run("python", "-m", "course_kit.doctor", *doctor_args, success_codes=[1])
        session.error("the pinned packages did not install: see the ✗ above")
    session.run("python", "-m", "course_kit.doctor", *session.posargs)


@nox.session(default=False)
def wheelhouse(session):
    """Download every pinned package as wheels into wheelhouse/, for an offline workshop.

    All platforms and Pythons by default; `-- --this-machine` only this one (quick), and
    `-- --help` lists the other options. README.md says how learners install from it.
    """
    # pip downloads for other platforms (uv has no `pip download`); tools/wheelhouse.py
    # reads the markers of requirements/*.txt with packaging.
    session.install("pip", "packaging")
    session.run("python", "-m", "tools.wheelhouse", *session.posargs)


@nox.session(default=False)
def zensical(session):
    """Build the docs with Zensical, strictly, and report what breaks: a canary.

    Material for MkDocs reaches its end of life in May 2027; Zensical, its successor,
    reads the same mkdocs.yml. This builds a copy of the course with the newest Zensical.
    """
    import re
    import shutil
    import subprocess
    import tempfile

    session.install("--upgrade", "zensical")
    install_kit(session)
    python = shutil.which("python", path=session.bin)
    version = session.run("python", "-m", "zensical", "--version", silent=True).strip()
    # Zensical has no --site-dir, wants site_dir inside the project, and writes a .cache
    # beside mkdocs.yml: it builds a copy, in a temporary folder, into the copy's site/.
    skipped = {".git", ".venv", ".nox", ".cache", "site", "wheelhouse"}
    with tempfile.TemporaryDirectory(prefix="zensical-") as scratch:
        copy = Path(scratch, "course")
        shutil.copytree(
            ROOT,
            copy,
            ignore=lambda folder, names: [
                name
                for name in names
                if name == "__pycache__" or (Path(folder) == ROOT and name in skipped)
            ],
        )
        build = [python, "-m", "zensical", "build", "--strict"]
        env = {**os.environ, **QUIET_DOCS, "NO_COLOR": "1"}
        result = subprocess.run(
            build, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()
    # Each warning or error, with the place it names, then the summary and the last error.
    report = []
    for number, line in enumerate(output):
        if re.match(r"(Warning|Error): ", line):
            places = [re.search(r"\[ (.+?) \]", later) for later in output[number + 1 : number + 3]]
            place = next((f" ({match.group(1)})" for match in places if match), "")
            report.append(f"  {line.strip()}{place}")
        elif re.search(r"\bissues? found\b|Build finished", line) or re.match(r"\w+Error: ", line):
            report.append(f"  {line.strip()}")
    session.log(f"Zensical {version}: exit status {result.returncode}")
    for line in report or [f"  {line}" for line in output[-5:]]:
        session.log(line)
    if result.returncode != 0:
        session.error("Zensical did not build the docs in strict mode: see the report above")


@nox.session(default=False)
def screenshots(session):
    """Retake the docs' screenshots with each step's browser tests."""
    install_pinned(session, "tests")
    install_kit(session)
    env = {"SCREENSHOT_DIR": str(ROOT / "docs" / "screenshots"), "REQUIRE_BROWSER": "1"}
    run_each(session, [f"steps/{step}" for step in STEPS], "-m", "browser", env=env)


@nox.session(default=False)
def run(session):
    """Migrate and serve one step (default: the last) at http://127.0.0.1:8000."""
    steps, rest = split_steps(session.posargs)
    step = steps[0] if steps else LAST_STEP
    port = rest[0] if rest else "8000"
    install_pinned(session, "app")
    session.chdir(ROOT / "steps" / step)
    session.run("python", "manage.py", "migrate", "--noinput")
    session.log(f"serving {step} at http://127.0.0.1:{port}/ (Ctrl+C stops it)")
    if os.environ.get("REDIS_URL"):
        session.log(f"REDIS_URL is set: a step with a channel layer uses {os.environ['REDIS_URL']}")
    session.run("python", "manage.py", "runserver", f"127.0.0.1:{port}")


@nox.session(default=False)
def bench(session):
    """Measure the steps' servers against a bare websockets server; `-- --quick` for a check.

    A full run writes the Performance page's figures to docs/generated/bench/ and its
    plots to docs/assets/bench/; `-- --nox` also times the default nox run, and
    `-- --help` lists the other options.
    """
    import sys

    install_pinned(session, "bench")
    install_kit(session)
    # The bench's --nox runs the default sessions with the nox that runs this one.
    session.run("python", "-m", "bench", *session.posargs, env={"BENCH_NOX_PYTHON": sys.executable})


@nox.session(default=False)
def docs_serve(session):
    """Serve the docs with live reload at http://127.0.0.1:8001."""
    install_pinned(session, "docs")
    session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8001", env=QUIET_DOCS)


@nox.session(default=False)
def lock(session):
    """Re-pin requirements/*.txt from pyproject.toml, one set for Python 3.10 and later."""
    session.install("uv")
    pin = ["uv", "pip", "compile", "--quiet", "--universal", "--python-version", "3.10"]
    pin += ["--fork-strategy", "fewest", "--upgrade"]
    session.run(*pin, "pyproject.toml", "-o", "requirements/app.txt")
    session.run(*pin, "pyproject.toml", "--group", "tests", "-o", "requirements/tests.txt")
    session.run(*pin, "pyproject.toml", "--group", "bench", "-o", "requirements/bench.txt")
    for group in ("docs", "lint", "nox"):
        session.run(*pin, "--group", group, "-o", f"requirements/{group}.txt")
