"""Put the finished step's packages on the import path, for the suites beside the steps.

A pytest plugin: `-p course_kit.finished_step` in a suite's pytest.ini.
"""

import sys

import pytest

from course_kit.layout import last_step, step_dir


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    """Append the last step's folder to sys.path before pytest-django reads the settings."""
    # tryfirst: pytest-django imports the settings in this same hook. Appended,
    # not prepended, so that the suite's own `tests` package hides the step's.
    folder = str(step_dir(last_step()))
    if folder not in sys.path:
        sys.path.append(folder)
