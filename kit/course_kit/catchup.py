"""Put a step's project into a learner's folder, without losing the learner's own work.

`nox -s catchup -- 03_routing PATH [--force]` runs this as `python -m course_kit.catchup`.
"""

import shutil
import sys
import time
from dataclasses import dataclass, field

from course_kit.arguments import parse, step_parser
from course_kit.files import is_test_support, list_files
from course_kit.layout import list_steps, step_dir

BACKUP_DIR = ".catchup-backup"


def normalized(data):
    """Return file bytes with Windows line endings made Unix ones, to compare content."""
    return data.replace(b"\r\n", b"\n")


def project_files(folder):
    """Return a folder's project files: everything but the step's tests and tool output."""
    return [rel for rel in list_files(folder) if not is_test_support(rel)]


def course_versions():
    """Return, for every path any step has, the set of contents it has had."""
    versions = {}
    for step in list_steps():
        for rel in project_files(step_dir(step)):
            versions.setdefault(rel, set()).add(normalized((step_dir(step) / rel).read_bytes()))
    return versions


@dataclass
class Plan:
    """What catching up does to each file of the learner's folder."""

    create: list = field(default_factory=list)
    replace: list = field(default_factory=list)
    remove: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    # The learner's own edits: replaced or removed only with --force, after a backup.
    conflicts: list = field(default_factory=list)
    # Course files this step no longer has, which the learner changed: left in place.
    kept: list = field(default_factory=list)


def make_plan(step, folder):
    """Compare the learner's folder with the step; return what catching up would do."""
    source = step_dir(step)
    wanted = project_files(source)
    present = set(project_files(folder)) if folder.is_dir() else set()
    versions = course_versions()
    plan = Plan()
    for rel in wanted:
        if rel not in present:
            plan.create.append(rel)
            continue
        mine = normalized((folder / rel).read_bytes())
        if mine == normalized((source / rel).read_bytes()):
            plan.unchanged.append(rel)
        elif mine in versions.get(rel, ()):
            plan.replace.append(rel)
        else:
            plan.conflicts.append(rel)
    for rel in sorted(present - set(wanted)):
        # Only files the course once had; the learner's own extra files stay.
        if rel in versions:
            mine = normalized((folder / rel).read_bytes())
            (plan.remove if mine in versions[rel] else plan.kept).append(rel)
    return plan


def back_up(folder, paths):
    """Copy `paths` into a new backup folder inside `folder`; return that folder."""
    backup = folder / BACKUP_DIR / time.strftime("%Y%m%d-%H%M%S")
    for rel in paths:
        (backup / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(folder / rel, backup / rel)
    return backup


def apply(step, folder, plan):
    """Write the step's files into the folder, and remove the ones it no longer has."""
    source = step_dir(step)
    for rel in [*plan.create, *plan.replace, *plan.conflicts]:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / rel, folder / rel)
    for rel in plan.remove:
        (folder / rel).unlink()


def main(argv=None, out=None):
    """Catch a learner's folder up to a step; return the exit code."""
    out = out or sys.stdout
    parser = step_parser(
        "catchup",
        "Put a step's project into your folder, so you can go on with the next.",
        "the step to catch up to",
        "your project's folder (made if it is missing)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace your own changes too, after a backup"
    )
    args = parse(parser, argv)
    step, folder = args.step, args.path
    if folder.exists() and not folder.is_dir():
        parser.error(f"{folder} is a file, not a folder")
    plan = make_plan(step, folder)

    def say(line=""):
        print(line, file=out)

    if plan.conflicts and not args.force:
        say(f"Nothing was changed: these files of {folder} hold changes of your own,")
        say(f"and catching up to {step} would replace them:")
        for rel in plan.conflicts:
            say(f"  {rel}")
        say("Save what you want to keep elsewhere, or run again with --force:")
        say(f"a copy of each will be kept in {folder / BACKUP_DIR}.")
        return 1
    if plan.conflicts:
        say(f"Your own versions are kept in {back_up(folder, plan.conflicts)}:")
        for rel in plan.conflicts:
            say(f"  {rel}")
    folder.mkdir(parents=True, exist_ok=True)
    apply(step, folder, plan)
    for label, paths in (
        ("created", plan.create),
        ("replaced", [*plan.replace, *plan.conflicts]),
        ("removed", plan.remove),
    ):
        for rel in paths:
            say(f"{label:>9} {rel}")
    for rel in plan.kept:
        say(f"     kept {rel}: {step} has no such file, but you changed it; delete it if unused")
    say(f"{folder} now holds {step} ({len(plan.unchanged)} files were already up to date).")
    following = list_steps()[list_steps().index(step) + 1 :]
    if following:
        say(f"Carry on with {following[0]}; `nox -s check -- {step} PATH` confirms where you are.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
