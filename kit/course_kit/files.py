"""List the files that make up a project folder, leaving out what tools make there."""

import os
from pathlib import Path

# Made by Python, Django, pytest and editors, never written by hand; and README.md: a
# step's README is about the course (how to run, test and check the step), not a file a
# learner writes, so no diff, "Build it", check or catchup brings it along.
SKIPPED_NAMES = frozenset(
    {
        "__pycache__",
        "db.sqlite3",
        "node_modules",
        "staticfiles",
        "Thumbs.db",
        "desktop.ini",
        "README.md",
    }
)
SKIPPED_SUFFIXES = (".pyc", ".pyo", ".sqlite3-journal", "~", ".swp")


def is_skipped(name):
    """Tell whether a file or folder name is left out of a project."""
    # Every dot name too: .venv, .git, .pytest_cache, .DS_Store, .idea.
    return name.startswith(".") or name in SKIPPED_NAMES or name.endswith(SKIPPED_SUFFIXES)


def is_virtualenv(folder):
    """Tell whether a folder is a virtual environment, whatever its name."""
    return (folder / "pyvenv.cfg").is_file()


def list_files(folder):
    """Return the folder's project files as sorted POSIX paths relative to it."""
    folder = Path(folder)
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        # Pruning in place stops os.walk from descending into skipped folders.
        dirnames[:] = [
            name for name in dirnames if not is_skipped(name) and not is_virtualenv(here / name)
        ]
        base = here.relative_to(folder)
        found.extend((base / name).as_posix() for name in filenames if not is_skipped(name))
    # os.walk order depends on the file system; sorting keeps the output the same everywhere.
    return sorted(found)


def same_text(first, second):
    """Tell whether two files hold the same bytes, once Windows line endings are set aside."""
    return Path(first).read_bytes().replace(b"\r\n", b"\n") == Path(second).read_bytes().replace(
        b"\r\n", b"\n"
    )


# A step's own tests and their settings: `nox -s check` brings these to a
# learner's project, so a learner never writes them.
TEST_SUPPORT = ("pytest.ini", "tests/")


def is_test_support(path):
    """Tell whether a project path (POSIX, relative) belongs to the step's tests."""
    return path == TEST_SUPPORT[0] or path.startswith(TEST_SUPPORT[1])
