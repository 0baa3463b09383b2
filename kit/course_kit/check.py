"""Run a step's own tests on a copy of a learner's project, and say what holds.

`nox -s check -- 03_routing PATH` runs this as `python -m course_kit.check`; with
`--exercise NAME`, it runs one exercise's tests (exercises/STEP/test_NAME.py) instead.
"""

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course_kit.arguments import parse, step_parser
from course_kit.files import is_test_support, list_files
from course_kit.layout import REPO_ROOT, step_dir
from course_kit.processes import bypass_proxy_for_loopback
from course_kit.report import REPORT_VARIABLE

PASS, FAIL, SKIP = "✓", "✗", "-"
FAST_MARKERS = "not e2e and not browser"
# Each step's exercises: exercises/STEP/test_NAME.py, every test marked `exercise`.
EXERCISES_DIR = REPO_ROOT / "exercises"
EXERCISE_MARKER = "exercise"
# Variables from a learner's shell that would change what the tests import.
UNSET = ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "PYTHONSTARTUP")
WORST = {"passed": 0, "skipped": 1, "failed": 2}
# Test names are lower case; a sentence reads better with the names as written.
PROPER = {
    "asgi": "ASGI",
    "http": "HTTP",
    "https": "HTTPS",
    "json": "JSON",
    "url": "URL",
    "urls": "URLs",
    "csrf": "CSRF",
    "redis": "Redis",
    "daphne": "Daphne",
    "chromium": "Chromium",
    "django": "Django",
    "websocket": "WebSocket",
    "websockets": "WebSockets",
    "unicode": "Unicode",
    "utf": "UTF",
}


@dataclass
class Outcome:
    """What one behaviour came to, over its setup, call and teardown."""

    nodeid: str
    outcome: str
    message: str


def behaviour(nodeid):
    """Turn `tests/test_x.py::test_origin_is_checked[redis]` into "origin is checked (redis)"."""
    name = nodeid.split("::")[-1]
    name, _, params = name.partition("[")
    words = name.removeprefix("test_").split("_")
    sentence = " ".join(PROPER.get(word, word) for word in words)
    return f"{sentence} ({params.rstrip(']')})" if params else sentence


def why(message, width=200):
    """Return the one line that says why a test failed or was skipped."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    line = lines[0]
    # A communicator's receive that times out raises a bare TimeoutError.
    if line.rpartition(".")[2] == "TimeoutError":
        line = "TimeoutError: nothing came back in time; the application sent no reply"
    # "server exited early:" says little; the last line of what follows says why.
    if line.endswith(":") and len(lines) > 1:
        line = f"{line} … {lines[-1]}"
    return line if len(line) <= width else line[: width - 1] + "…"


def module_summary(project, path):
    """Return the first line of a test file's docstring, or ''."""
    try:
        tree = ast.parse((project / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ""
    return (ast.get_docstring(tree) or "").split("\n")[0]


def test_names(project, path):
    """Return the names of the test functions a test file defines, or []."""
    try:
        tree = ast.parse((project / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    return [
        node.name
        for node in tree.body
        if isinstance(node, functions) and node.name.startswith("test_")
    ]


def list_exercises(step):
    """Return the names of a step's exercises: its test files' names without `test_`."""
    folder = EXERCISES_DIR / step
    if not folder.is_dir():
        return []
    return sorted(path.stem.removeprefix("test_") for path in folder.glob("test_*.py"))


def exercise_file(step, name):
    """Return the test file of one of a step's exercises."""
    return EXERCISES_DIR / step / f"test_{name}.py"


def copy_project(source, target, step):
    """Copy the learner's project files into `target`, and the step's tests beside them."""
    for rel in list_files(source):
        # The learner's own tests, if any, make way for the step's.
        if not is_test_support(rel):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, target / rel)
    for rel in list_files(step_dir(step)):
        if is_test_support(rel):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(step_dir(step) / rel, target / rel)


class Reporter:
    """Print each behaviour as its result arrives, grouped under its test file."""

    def __init__(self, project, out):
        """Start with nothing printed; `project` is the copy the tests run in."""
        self.project = project
        self.out = out
        self.current_file = None
        self.outcomes = {}
        self.broken_files = []
        self.config_dirs = []

    def record(self, record):
        """Take one JSON record from the report plugin."""
        kind = record["kind"]
        if kind == "project":
            self.config_dirs.append(record["config"])
        elif kind == "collect":
            self._unloadable(record["path"], record["message"])
        elif kind == "test":
            self._test(record)

    def _unloadable(self, path, message):
        """Count every test of a file that could not be imported as failed, with the reason."""
        # Usually a module the step adds and the project lacks: its tests name
        # what is missing better than the import error alone.
        self.broken_files.append(path)
        names = test_names(self.project, path) or [path]
        for name in names:
            self._test(
                {
                    "nodeid": f"{path}::{name}",
                    "when": "collect",
                    "outcome": "failed",
                    "message": f"could not load {path}: {why(message)}",
                }
            )

    def _test(self, record):
        """Print one test's phase result and keep its worst outcome."""
        nodeid = record["nodeid"]
        path = nodeid.split("::")[0]
        if path != self.current_file:
            self.current_file = path
            summary = module_summary(self.project, path)
            self.say(f"\n{summary} ({path})" if summary else f"\n{path}")
        outcome = record["outcome"]
        sentence = behaviour(nodeid)
        if outcome == "passed":
            self.say(f"  {PASS} {sentence}")
        elif outcome == "skipped":
            self.say(f"  {SKIP} {sentence}: skipped, {why(record['message'])}")
        elif nodeid in self.outcomes and self.outcomes[nodeid].outcome == "failed":
            pass  # A test that failed seldom cleans up well: its first failure says it all.
        else:
            phase = {"setup": " (while setting up)", "teardown": " (while cleaning up)"}
            self.say(f"  {FAIL} {sentence}{phase.get(record['when'], '')}")
            self.say(f"      {why(record['message'])}")
        known = self.outcomes.get(nodeid)
        if known is None or WORST[outcome] > WORST[known.outcome]:
            self.outcomes[nodeid] = Outcome(nodeid, outcome, record["message"])

    def say(self, line=""):
        """Print a line at once, so that a slow test shows where the check is."""
        print(line, file=self.out, flush=True)

    def count(self, outcome):
        """Return how many behaviours came to `outcome`."""
        return sum(1 for item in self.outcomes.values() if item.outcome == outcome)


def complete_lines(text):
    """Split what was read into whole lines and the unfinished rest."""
    # The plugin may be half-way through writing a line: keep it for the next read.
    *lines, rest = text.split("\n")
    return lines, rest


def run_tests(project, step, fast, keyword, out, exercise=None):
    """Run the step's tests on a copy of `project`; return (exit code, reporter, log path).

    With `exercise`, run that exercise's tests instead, beside the step's fixtures.
    """
    label = f"{step}-{exercise}" if exercise else step
    log_path = Path(tempfile.gettempdir()) / f"course-check-{label}.log"
    with tempfile.TemporaryDirectory(prefix="course-check-") as scratch:
        copy = Path(scratch) / project.name
        copy.mkdir()
        copy_project(project, copy, step)
        markers = [FAST_MARKERS] if fast else []
        paths = []
        if exercise:
            # In tests/, so that the step's conftest.py gives it the same fixtures.
            rel = f"tests/test_{exercise}.py"
            shutil.copy2(exercise_file(step, exercise), copy / rel)
            markers.insert(0, EXERCISE_MARKER)
            paths.append(rel)
        report_path = Path(scratch) / "report.jsonl"
        report_path.touch()
        env = {name: value for name, value in os.environ.items() if name not in UNSET}
        env[REPORT_VARIABLE] = str(report_path)
        # Nothing written into the copy survives it, but no bytecode is faster still.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        bypass_proxy_for_loopback(env)
        args = [sys.executable, "-m", "pytest", "-p", "course_kit.report"]
        # A test file that cannot import counts as its tests failing; the others run.
        # --tb=native: pytest's own traceback styles read the test's source, and on
        # CPython 3.11.7 a cancelled communicator can crash them (INTERNALERROR).
        args += ["-p", "no:cacheprovider", "--color=no", "-q", "--tb=native"]
        args += ["--continue-on-collection-errors"]
        if markers:
            args += ["-m", " and ".join(markers)]
        if keyword:
            args += ["-k", keyword]
        # A path given runs that file alone: pytest.ini's testpaths apply to none given.
        args += paths
        reporter = Reporter(copy, out)
        with (
            open(log_path, "w", encoding="utf-8") as log,
            open(report_path, encoding="utf-8") as report,
        ):
            process = subprocess.Popen(
                args,
                cwd=copy,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            pending = ""
            while True:
                finished = process.poll() is not None
                lines, pending = complete_lines(pending + report.read())
                for line in lines:
                    reporter.record(json.loads(line))
                if finished:
                    break
                time.sleep(0.2)
            code = process.returncode
        return code, reporter, log_path


def startup_error(log_path):
    """Return the line of pytest's output that says why it could not start."""
    lines = [line.strip() for line in log_path.read_text(errors="replace").splitlines()]
    for line in reversed(lines):
        if "Error" in line or "error:" in line:
            return line
    return lines[-1] if lines else "pytest printed nothing"


def verdict(code, reporter, step, log_path, fast, exercise=None):
    """Print the final line, and return the exit code the check ends with."""
    say = reporter.say
    what = f"exercise {exercise} of {step}" if exercise else step
    say()
    outside = [
        folder
        for folder in reporter.config_dirs
        if folder and not Path(folder).is_relative_to(reporter.project)
    ]
    if outside:
        say(f"{FAIL} The tests imported `config` from {outside[0]}, not from your project.")
        return 2
    failed, skipped, passed = (reporter.count(kind) for kind in ("failed", "skipped", "passed"))
    total = failed + skipped + passed
    if code not in (0, 1) or (code == 1 and not failed):
        reason = startup_error(log_path)
        say(f"{FAIL} The tests of {what} could not run on your project: {reason}")
        say(f"  pytest's whole output: {log_path}")
        return 1
    scope = " fast" if fast else ""
    if failed:
        if exercise:
            say(f"{FAIL} Not done yet: {failed} of {total}{scope} behaviours of {what} fail.")
        else:
            say(f"{FAIL} Not {step} yet: {failed} of {total}{scope} behaviours fail.")
        say(f"  Fix the first {FAIL} above, then run the check again.")
        say(f"  pytest's whole output: {log_path}")
        return 1
    if total == 0:
        say(f"{FAIL} No test of {what} ran: check the -k expression.")
        return 1
    note = f", {skipped} skipped (the reason is beside each)" if skipped else ""
    if exercise:
        say(f"{PASS} You solved {what}: all {passed}{scope} behaviours hold{note}.")
    else:
        say(f"{PASS} Your project is {step}: all {passed}{scope} behaviours hold{note}.")
    if fast:
        say("  The real-server and browser tests were left out: run without --fast for them.")
    return 0


def main(argv=None, out=None):
    """Check a learner's project against a step; return the exit code."""
    out = out or sys.stdout
    parser = step_parser(
        "check",
        "Run a step's tests on your own project, in a copy of it.",
        "the step to check against",
        "your project: the folder holding its manage.py",
    )
    parser.add_argument(
        "--fast", action="store_true", help="leave out real-server and browser tests"
    )
    parser.add_argument(
        "-k", dest="keyword", help="run only the tests whose names match, as pytest -k"
    )
    parser.add_argument(
        "--exercise",
        metavar="NAME",
        help="run one of the step's exercises instead, such as numbered_echo for 02_echo",
    )
    args = parse(parser, argv)
    step, project, exercise = args.step, args.path, args.exercise
    if not (project / "manage.py").is_file():
        parser.error(f"{project} holds no manage.py: give the folder of your project")
    if exercise is not None:
        # Forgiving: the test file's own name names the exercise too.
        exercise = exercise.removesuffix(".py").removeprefix("test_")
        choices = list_exercises(step)
        if exercise not in choices:
            parser.error(
                f"no exercise {args.exercise!r} in {step}: choose one of "
                f"{', '.join(choices) or '(none yet)'}"
            )
        tests = f"the tests of its exercise {exercise}"
    else:
        tests = "the step's own tests"
    print(f"Checking {project} against {step}, with {tests} on a copy of it.", file=out)
    code, reporter, log_path = run_tests(project, step, args.fast, args.keyword, out, exercise)
    return verdict(code, reporter, step, log_path, args.fast, exercise)


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        # A Windows console may not know ✓ and ✗: print "?" rather than fail.
        sys.stdout.reconfigure(errors="replace")
    sys.exit(main())
