"""Work out a workshop's agenda from the step pages and the step folders."""

import math
from pathlib import Path

from course_kit.files import is_test_support

from .diff import ADDED, REMOVED, FileChange
from .layout import page_rel
from .words import WORDS_PER_MINUTE, count_page

# A learner copies a whole file with the page's copy button in about half a
# minute, and reads what they copy at about fifty lines a minute.
MINUTES_PER_FILE = 0.5
LINES_PER_MINUTE = 50
# Running the server and trying the page, then the check and reading its verdict.
TRY_MINUTES = 5
CHECK_MINUTES = 3
# Questions, a slow laptop, a typo: every slot gets this much on top.
SPARE_MINUTES = 5
# The first step also makes a virtual environment and installs the packages.
SETUP_MINUTES = 5
# Each page's "try it" list holds more than the formula counts: no step gets less.
SHORTEST_SLOT = 30

AGENDA_HEADER = (
    "| Step | Read | Build | Try it, check it | Slot |\n| --- | ---: | ---: | ---: | ---: |\n"
)


def _project_changes(changes: list[FileChange]) -> list[FileChange]:
    """Return the changes a learner makes by hand: files outside the step's tests."""
    return [c for c in changes if c.status != REMOVED and not is_test_support(c.path)]


def build_minutes(changes: list[FileChange]) -> int:
    """Return the minutes it takes to create and change a step's files."""
    project = _project_changes(changes)
    lines = sum(change.added for change in project)
    return math.ceil(len(project) * MINUTES_PER_FILE + lines / LINES_PER_MINUTE)


def render_agenda(root: Path, changes_by_step: dict[str, list[FileChange]]) -> str:
    """Return the agenda table: for each step, minutes to read, build, try and check."""
    rows = []
    total = 0
    for index, (step, changes) in enumerate(changes_by_step.items()):
        read = math.ceil(count_page(root, root / page_rel(step)).open / WORDS_PER_MINUTE)
        build = build_minutes(changes) + (SETUP_MINUTES if index == 0 else 0)
        done = TRY_MINUTES + CHECK_MINUTES
        # Round the slot up to five minutes: a room keeps time in fives.
        slot = max(SHORTEST_SLOT, 5 * math.ceil((read + build + done + SPARE_MINUTES) / 5))
        total += slot
        files = len(_project_changes(changes))
        new = sum(1 for change in _project_changes(changes) if change.status == ADDED)
        # The table is included into docs/facilitator.md: links are relative to it.
        label = f"[{step}](steps/{step}.md)"
        rows.append(
            f"| {label} | {read} min | {build} min ({files} files, {new} new) "
            f"| {done} min | **{slot} min** |"
        )
    rows.append(f"| All steps | | | | **{total} min** |")
    return AGENDA_HEADER + "\n".join(rows) + "\n"
