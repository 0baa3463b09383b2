"""Render a step's "Build it" snippet: every file the step touches, for a learner to write.

A learner builds the course in a folder of their own, `mysite`, beside the course
checkout. The snippet tells them, file by file, what to create, change and delete there.
It holds no code of its own: each file is a pymdownx.snippets include of the step's real
file, and each diff a line range of the step's generated diff.
"""

import re
import shlex
from pathlib import Path, PurePosixPath

from course_kit.files import is_test_support

from .diff import ADDED, CHANGED, REMOVED, FileChange, hunk_lines
from .layout import STEPS_DIR, diff_rel

# Where the course checkout sits, seen from the learner's project folder.
COURSE = "../channels-course"
LANGUAGES = {".py": "python", ".html": "html+django", ".js": "js", ".css": "css", ".ini": "ini"}
INDENT = "    "
BACKTICK_RUN = re.compile(r"`+")

WHERE = "Do all of this in your own project folder, `mysite`."
FIRST_STEP_FILES = (
    "Create or replace these files: `django-admin startproject` and `startapp` have "
    "made some of them already."
)
NEW_FILES = "Create these files:"
CHANGED_FILES = "Change these files. The first tab shows what changes, the second the whole file."
COPIED_FILES = "Copy these files from the course, as this page cannot show them:"
REMOVED_FILES = "Delete these files:"
TESTS_TITLE = "The tests that `nox -s check` runs on your project: nothing to copy"
TESTS_LEAD = "`nox -s check` brings these files to your project by itself."
TESTS_ADDED = "New in this step:"
TESTS_CHANGED = "Changed in this step:"
TESTS_REMOVED = "Gone from this step:"
RUN_LEAD = "Create the database tables the step needs, then start the server:"
MIGRATE = ".venv/bin/python manage.py migrate"
RUNSERVER = ".venv/bin/python manage.py runserver"
CHECK_LEAD = "Then, from a second terminal in `mysite`, check your project against the step:"


def render_build(step: str, folder: Path, changes: list[FileChange], *, first: bool = False) -> str:
    """Return the Markdown of a step's "Build it" snippet.

    changes are what the step changes from the step before; for the first step, they are
    all its files, as added. folder is the step's folder, read to size the code fences.
    """
    spans = hunk_lines(changes)
    project = [change for change in changes if not is_test_support(change.path)]
    tests = [change for change in changes if is_test_support(change.path)]
    blocks = [WHERE]
    blocks += _project_blocks(step, folder, project, spans, first)
    if tests:
        blocks.append(_tests_note(step, folder, tests, spans))
    check = f"{COURSE}/.venv/bin/nox -f {COURSE}/noxfile.py -s check -- {step} ."
    blocks += [RUN_LEAD, _console([MIGRATE, RUNSERVER]), CHECK_LEAD, _console([check])]
    return "\n\n".join(blocks) + "\n"


def _project_blocks(
    step: str,
    folder: Path,
    project: list[FileChange],
    spans: dict[str, tuple[int, int]],
    first: bool,
) -> list[str]:
    """Return the blocks for the project's own files: new, changed, copied, deleted."""
    added = [c for c in project if c.status == ADDED and not c.binary]
    changed = [c for c in project if c.status == CHANGED and not c.binary]
    copied = [c for c in project if c.status != REMOVED and c.binary]
    removed = [c for c in project if c.status == REMOVED]
    blocks = []
    if added:
        blocks.append(FIRST_STEP_FILES if first else NEW_FILES)
        blocks += [_whole_file(step, folder, change.path) for change in added]
    if changed:
        blocks.append(CHANGED_FILES)
        for change in changed:
            blocks.append(_bold(change.path))
            blocks.append(_tabs(step, folder, change, spans))
    if copied:
        blocks.append(COPIED_FILES)
        blocks.append(_console(_copy_commands(step, [change.path for change in copied])))
    if removed:
        blocks.append(REMOVED_FILES)
        blocks.append(_console([f"rm {shlex.quote(change.path)}" for change in removed]))
    return blocks


def _tests_note(
    step: str, folder: Path, tests: list[FileChange], spans: dict[str, tuple[int, int]]
) -> str:
    """Return one collapsed block with the step's test support: shown, never to copy."""
    parts = [TESTS_LEAD]
    added = [c for c in tests if c.status == ADDED]
    changed = [c for c in tests if c.status == CHANGED]
    removed = [c for c in tests if c.status == REMOVED]
    if added:
        parts.append(TESTS_ADDED)
        parts += [_whole_file(step, folder, c.path) for c in added if not c.binary]
        parts += _binary_list(added)
    if changed:
        parts.append(TESTS_CHANGED)
        for change in changed:
            if not change.binary:
                parts += [_bold(change.path), _hunks(step, change, spans)]
        parts += _binary_list(changed)
    if removed:
        parts.append(TESTS_REMOVED)
        parts.append("\n".join(f"- `{change.path}`" for change in removed))
    return f'??? note "{TESTS_TITLE}"\n\n' + _indent("\n\n".join(parts))


def _whole_file(step: str, folder: Path, path: str) -> str:
    """Return a titled code block that includes the whole of one step file."""
    text = (folder / path).read_text(encoding="utf-8", errors="replace")
    fence = _fence(text)
    language = LANGUAGES.get(PurePosixPath(path).suffix.lower(), "text")
    return f'{fence}{language} title="{path}"\n--8<-- "{STEPS_DIR}/{step}/{path}"\n{fence}'


def _hunks(step: str, change: FileChange, spans: dict[str, tuple[int, int]]) -> str:
    """Return an untitled diff block that includes one file's hunks of the step's diff."""
    start, end = spans[change.path]
    fence = _fence(change.diff)
    return f'{fence}diff\n--8<-- "{diff_rel(step)}:{start}:{end}"\n{fence}'


def _tabs(step: str, folder: Path, change: FileChange, spans: dict[str, tuple[int, int]]) -> str:
    """Return two content tabs for a changed file: its changes, then the whole file."""
    changes = _indent(_hunks(step, change, spans))
    whole = _indent(_whole_file(step, folder, change.path))
    return f'=== "The changes"\n\n{changes}\n\n=== "The whole file"\n\n{whole}'


def _copy_commands(step: str, paths: list[str]) -> list[str]:
    """Return the commands that copy files the page cannot show from the step folder."""
    commands = []
    for path in paths:
        parent = PurePosixPath(path).parent.as_posix()
        make = f"mkdir -p {shlex.quote(parent)}"
        if parent != "." and make not in commands:
            commands.append(make)
        source = shlex.quote(f"{COURSE}/{STEPS_DIR}/{step}/{path}")
        commands.append(f"cp {source} {shlex.quote(path)}")
    return commands


def _binary_list(changes: list[FileChange]) -> list[str]:
    """Return a list naming the binary files among changes, or nothing if there are none."""
    names = [f"- `{change.path}` (binary, not shown)" for change in changes if change.binary]
    return ["\n".join(names)] if names else []


def _console(commands: list[str]) -> str:
    """Return a console block with one `$ command` line per command."""
    lines = "".join(f"$ {command}\n" for command in commands)
    return f"```console\n{lines}```"


def _bold(path: str) -> str:
    """Return the line that names a file above its block."""
    return f"**`{path}`**"


def _fence(text: str) -> str:
    """Return a backtick fence longer than any backtick run in the text it will hold."""
    longest = max((len(run) for run in BACKTICK_RUN.findall(text)), default=0)
    return "`" * max(3, longest + 1)


def _indent(text: str) -> str:
    """Indent every non-blank line by one level, as tabs and collapsed blocks want."""
    return "\n".join(INDENT + line if line else line for line in text.split("\n"))
