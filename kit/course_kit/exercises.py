"""Prove every exercise right: its tests fail on its step as it is, and pass with its solution.

`nox -s exercises` runs this as `python -m course_kit.exercises [STEP or NAME ...]`.
"""

import argparse
import io
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from course_kit import check
from course_kit.files import list_files
from course_kit.layout import REPO_ROOT, list_steps, step_dir

# A solution is an overlay: the files of the step it changes or adds, whole,
# at their project paths, in solutions/STEP/NAME/.
SOLUTIONS_DIR = REPO_ROOT / "solutions"
PLAIN_PROBLEM = "its tests must fail on the step as it is"


@dataclass(frozen=True)
class Exercise:
    """One exercise of a step: its tests are exercises/STEP/test_NAME.py."""

    step: str
    name: str

    @property
    def solution(self):
        """Return the folder of the solution's files."""
        return SOLUTIONS_DIR / self.step / self.name


@dataclass
class Run:
    """What one check of an exercise came to."""

    code: int
    output: str

    def count(self, mark):
        """Return how many behaviours the check marked with `mark`."""
        return sum(1 for line in self.output.splitlines() if line.startswith(f"  {mark} "))

    @property
    def could_not_run(self):
        """Tell whether pytest failed before any test could say anything."""
        return "could not run on your project" in self.output

    @property
    def unloadable(self):
        """Tell whether the test file failed to import on this project."""
        return "could not load tests/" in self.output

    def summary(self):
        """Return the result in a few words, such as "✗ 2 of 3 fail"."""
        failed, passed = self.count(check.FAIL), self.count(check.PASS)
        if self.could_not_run:
            return f"{check.FAIL} could not run"
        if failed:
            note = ", as its test file could not load" if self.unloadable else ""
            return f"{check.FAIL} {failed} of {failed + passed} fail{note}"
        if self.code:
            return f"{check.FAIL} no test ran"
        return f"{check.PASS} all {passed} hold"


def find_exercises(steps=None):
    """Return every exercise of `steps` (default: all), in course order."""
    return [
        Exercise(step, name)
        for step in steps or list_steps()
        for name in check.list_exercises(step)
    ]


def overlay(solution, folder):
    """Copy a solution's files onto a project folder; return the paths copied."""
    copied = list_files(solution) if solution.is_dir() else []
    for rel in copied:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(solution / rel, folder / rel)
    return copied


def run_check(exercise, folder, fast):
    """Run `nox -s check -- STEP FOLDER --exercise NAME` in-process; return its Run."""
    out = io.StringIO()
    args = [exercise.step, str(folder), "--exercise", exercise.name]
    code = check.main([*args, "--fast"] if fast else args, out=out)
    return Run(code, out.getvalue())


@dataclass
class Verdict:
    """An exercise's two checks, and what is wrong with it ("" when nothing is)."""

    plain: Run
    solved: Run
    problem: str

    def line(self):
        """Return both results and the verdict, in a few words each."""
        mark = f"{check.FAIL} wrong: {self.problem}" if self.problem else f"{check.PASS} right"
        return f"step: {self.plain.summary()};  solution: {self.solved.summary()}  {mark}"

    def evidence(self):
        """Return the output of the check that shows what is wrong."""
        # The solution's run, unless the step alone already let the exercise down.
        return self.plain.output if self.problem.startswith(PLAIN_PROBLEM) else self.solved.output


def verify(exercise, fast=False):
    """Check an exercise on a copy of its step, then with its solution overlaid."""
    with tempfile.TemporaryDirectory(prefix="course-exercise-") as scratch:
        folder = Path(scratch) / "mysite"
        # The check's own copying: the step's project as a learner has it.
        check.copy_project(step_dir(exercise.step), folder, exercise.step)
        plain = run_check(exercise, folder, fast)
        copied = overlay(exercise.solution, folder)
        solved = run_check(exercise, folder, fast)
    if plain.could_not_run or plain.code == 0 or not plain.count(check.FAIL):
        problem = PLAIN_PROBLEM
    elif not copied:
        problem = f"its solution, solutions/{exercise.step}/{exercise.name}/, holds no file"
    elif solved.code != 0:
        problem = "its tests must pass with its solution"
    else:
        problem = ""
    return Verdict(plain, solved, problem)


def main(argv=None, out=None):
    """Verify the exercises named (steps or exercise names; default: all); return the exit code."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(
        prog="python -m course_kit.exercises",
        description="Check that each exercise fails on its step and passes with its solution.",
    )
    parser.add_argument("names", nargs="*", help="steps or exercises to verify (default: all)")
    parser.add_argument(
        "--fast", action="store_true", help="leave out the exercises' real-server tests"
    )
    args = parser.parse_args(argv)
    exercises = [
        exercise
        for exercise in find_exercises()
        if not args.names or {exercise.step, exercise.name} & set(args.names)
    ]
    if not exercises:
        parser.error(f"no exercise matches {' '.join(args.names)}")
    width = max(len(f"{exercise.step} {exercise.name}") for exercise in exercises)
    wrong = []
    started = time.monotonic()
    for exercise in exercises:
        verdict = verify(exercise, args.fast)
        label = f"{exercise.step} {exercise.name}".ljust(width)
        print(f"{label}  {verdict.line()}", file=out, flush=True)
        if verdict.problem:
            wrong.append(f"{exercise.step} {exercise.name}")
            # The check's own words say which behaviour let the exercise down.
            print(*(f"    {text}" for text in verdict.evidence().splitlines()), sep="\n", file=out)
    took = f"{time.monotonic() - started:.0f} s"
    if wrong:
        count = f"{len(wrong)} of {len(exercises)}"
        print(f"\n{check.FAIL} Wrong: {count} exercises ({took}): {', '.join(wrong)}", file=out)
        return 1
    count = f"{len(exercises)} of {len(exercises)}"
    print(f"\n{check.PASS} Every exercise is right: {count} ({took}).", file=out)
    return 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        # A Windows console may not know ✓ and ✗: print "?" rather than fail.
        sys.stdout.reconfigure(errors="replace")
    sys.exit(main())
