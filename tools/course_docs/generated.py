"""Work out, write and verify the generated files of every step: diff, table, Build it."""

from itertools import pairwise
from pathlib import Path

from .agenda import render_agenda
from .build import render_build
from .diff import FileChange, compare, render_diff, render_table
from .layout import (
    AGENDA_REL,
    GENERATED_DIR,
    build_rel,
    diff_rel,
    generated_owner,
    list_steps,
    page_rel,
    step_dir,
    table_rel,
)
from .problem import Problem

FIX = "run `nox -s diffs`"


def changes_by_step(root: Path) -> dict[str, list[FileChange]]:
    """Return, for every step after the first, what it changes from the step before."""
    steps = list_steps(root)
    return {
        step: compare(step_dir(root, previous), step_dir(root, step))
        for previous, step in pairwise(steps)
    }


def expected_outputs(root: Path) -> dict[str, str]:
    """Return the content each generated file should have, keyed by repository path."""
    steps = list_steps(root)
    if not steps:
        return {}
    # The first step has no step before it: every one of its files is new.
    first = steps[0]
    folder = step_dir(root, first)
    every_step = {first: compare(None, folder), **changes_by_step(root)}
    outputs = {build_rel(first): render_build(first, folder, every_step[first], first=True)}
    for step, changes in list(every_step.items())[1:]:
        outputs[diff_rel(step)] = render_diff(changes)
        outputs[table_rel(step)] = render_table(changes)
        outputs[build_rel(step)] = render_build(step, step_dir(root, step), changes)
    # Only where the course has its pages: the agenda reads how long each one is.
    if all((root / page_rel(step)).is_file() for step in steps):
        outputs[AGENDA_REL] = render_agenda(root, every_step)
    return outputs


def stale_outputs(root: Path) -> list[Problem]:
    """Return a problem for each generated file that is missing, out of date or orphaned."""
    expected = expected_outputs(root)
    problems = []
    for rel in sorted(expected.keys() | _existing_outputs(root)):
        path = root / rel
        if rel not in expected:
            problems.append(Problem(rel, None, f"belongs to no step; {FIX} to remove it"))
        elif not path.is_file():
            problems.append(Problem(rel, None, f"is missing; {FIX} to generate it"))
        elif path.read_bytes() != expected[rel].encode("utf-8"):
            problems.append(Problem(rel, None, f"is out of date with steps/; {FIX} to refresh it"))
    return problems


def write_outputs(root: Path) -> list[str]:
    """Bring the generated files up to date and return the paths written or removed."""
    expected = expected_outputs(root)
    touched = []
    for rel in sorted(_existing_outputs(root) - expected.keys()):
        (root / rel).unlink()
        touched.append(rel)
    for rel, content in sorted(expected.items()):
        path = root / rel
        data = content.encode("utf-8")
        # Leaving up-to-date files alone keeps their timestamps, so nothing rebuilds needlessly.
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        touched.append(rel)
    return touched


def _existing_outputs(root: Path) -> set[str]:
    """Return the repository paths of the generated files already on disk."""
    folder = root / GENERATED_DIR
    if not folder.is_dir():
        return set()
    paths = (f"{GENERATED_DIR}/{p.name}" for p in folder.iterdir() if p.is_file())
    return {rel for rel in paths if generated_owner(rel) is not None}
