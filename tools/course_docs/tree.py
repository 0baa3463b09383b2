"""List the files of a step folder that belong to the course."""

import os
from pathlib import Path

SKIPPED_NAMES = frozenset({"__pycache__", "db.sqlite3", ".pytest_cache", ".ruff_cache"})
SKIPPED_SUFFIXES = (".pyc",)


def is_skipped(name: str) -> bool:
    """Tell whether a file or folder name is left out of a step."""
    return name.startswith(".") or name in SKIPPED_NAMES or name.endswith(SKIPPED_SUFFIXES)


def list_files(folder: Path) -> list[str]:
    """Return the folder's files as sorted POSIX paths relative to it."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        # Pruning in place stops os.walk from descending into skipped folders.
        dirnames[:] = [name for name in dirnames if not is_skipped(name)]
        base = Path(dirpath).relative_to(folder)
        found.extend((base / name).as_posix() for name in filenames if not is_skipped(name))
    # os.walk order depends on the file system; sorting keeps the output the same everywhere.
    return sorted(found)
