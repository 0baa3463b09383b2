"""Read the `STEP PATH` arguments that `nox -s check` and `nox -s catchup` share."""

import argparse
from pathlib import Path

from course_kit.layout import list_steps, resolve_step


def step_parser(session, description, step_help, path_help):
    """Return a parser for `nox -s SESSION -- STEP PATH`; add the session's options to it."""
    parser = argparse.ArgumentParser(prog=f"nox -s {session} --", description=description)
    parser.add_argument("step", help=f"{step_help}: one of {', '.join(list_steps())}")
    parser.add_argument("path", type=Path, help=path_help)
    return parser


def parse(parser, argv):
    """Parse `argv`; return the arguments, with `step` resolved and `path` made absolute."""
    args = parser.parse_args(argv)
    try:
        args.step = resolve_step(args.step)
    except LookupError as error:
        parser.error(str(error))
    args.path = args.path.expanduser().resolve()
    return args
