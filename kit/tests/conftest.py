"""Share fixtures: copies of the course's steps to check, and a way to check them."""

import io
import shutil

import pytest

from course_kit import check
from course_kit.files import is_test_support, list_files
from course_kit.layout import step_dir


def copy_step(step, target):
    """Copy a step's project files, as a learner would have them, into `target`."""
    for rel in list_files(step_dir(step)):
        if not is_test_support(rel):
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(step_dir(step) / rel, target / rel)
    return target


@pytest.fixture
def learner_copy(tmp_path):
    """Return a function that copies a step into a fresh learner's folder."""

    def make(step, name="mysite"):
        return copy_step(step, tmp_path / name)

    return make


@pytest.fixture
def run_check():
    """Return a function that runs `nox -s check`'s code; it returns (exit code, output)."""

    def run(*args):
        out = io.StringIO()
        code = check.main([str(arg) for arg in args], out=out)
        return code, out.getvalue()

    return run
