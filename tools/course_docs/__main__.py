"""Run the course documentation tool from the command line."""

import argparse
import sys
from pathlib import Path

from .checks import run_checks
from .generated import stale_outputs, write_outputs
from .problem import Problem
from .words import words_table

# tools/course_docs/__main__.py sits two folders below the repository root.
REPO_ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run one command and return its exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.course_docs",
        description="Generate each step's diff and check the course pages.",
    )
    parser.add_argument(
        "--root", type=Path, default=REPO_ROOT, help="repository root (default: this checkout)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    diffs = commands.add_parser("diffs", help="write docs/generated/<step>.diff and .files.md")
    diffs.add_argument(
        "--check", action="store_true", help="write nothing; fail if a generated file is stale"
    )
    commands.add_parser("check", help="fail on any problem in the pages, steps or diffs")
    commands.add_parser(
        "words", help="print each step page's open and collapsed prose words, as a Markdown table"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "check":
        return _report(run_checks(root), "no problems found")
    if args.command == "words":
        print(words_table(root))
        return 0
    if args.check:
        return _report(stale_outputs(root), "generated files are up to date")
    for rel in write_outputs(root):
        print(f"updated {rel}")
    return 0


def _report(problems: list[Problem], all_clear: str) -> int:
    """Print one line per problem and return the exit status they call for."""
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(all_clear)
    return 0


if __name__ == "__main__":
    sys.exit(main())
